/* The archive's additions to Decap CMS (loaded after decap-cms.js on /admin/; no build step).
 *
 * - A text field with suggestions ("goi-y"): the places, documents, tags and people the archive
 *   already names are offered in a <datalist>, any other value may be typed (Decap's own
 *   "select" allows only the values it lists).
 * - The article template's stylesheet as the preview's style, so the preview looks like the
 *   archive (its address is given by the page: data-preview-style on this script's tag).
 * - The archive's article format ("bai-viet"): read and written by front-matter.js in the form
 *   the `new` command writes, given by the page (the JSON of <script id="mau-bai">).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  if (!CMS || !h || !createClass) {
    return;
  }
  /* Decap waits for this script (manual-init.js); it is started below, once the format, the
   * widget and the phrases are registered. */

  function optionsOf(field) {
    var options = field && field.get ? field.get("options") : null;
    if (!options) {
      return [];
    }
    return options.toJS ? options.toJS() : options;
  }

  var SuggestControl = createClass({
    handleChange: function (event) {
      this.props.onChange(event.target.value);
    },
    render: function () {
      var id = this.props.forID;
      var listId = id + "-goi-y";
      var options = optionsOf(this.props.field);
      return h("div", null,
        h("input", {
          type: "text",
          id: id,
          className: this.props.classNameWrapper,
          value: this.props.value || "",
          list: options.length ? listId : undefined,
          autoComplete: "off",
          onChange: this.handleChange,
          onFocus: this.props.setActiveStyle,
          onBlur: this.props.setInactiveStyle
        }),
        options.length ? h("datalist", { id: listId }, options.map(function (option) {
          return h("option", { key: option, value: option });
        })) : null);
    }
  });

  var SuggestPreview = createClass({
    render: function () {
      return h("span", null, this.props.value || "");
    }
  });

  CMS.registerWidget("goi-y", SuggestControl, SuggestPreview, {
    properties: { options: { type: "array", items: { type: "string" } } }
  });

  /* Phrases Decap's Vietnamese locale lacks (it falls back to English: "Add người phát biểu"),
   * for what an editor of this archive meets; the rest of its locale is kept. */
  var missing = {
    editor: {
      editorControl: { field: { widgetLabel: "Trường %{widgetLabel}" } },
      editorInterface: { togglePreview: "Bật/tắt xem trước", toggleScrollSync: "Cuộn đồng thời" },
      editorWidgets: {
        list: { add: "Thêm %{item}", addType: "Thêm %{item}" },
        object: { expand: "Mở rộng", collapse: "Thu gọn" },
        markdown: {
          bold: "Chữ đậm", italic: "Chữ nghiêng", strikethrough: "Gạch ngang", code: "Mã",
          link: "Liên kết", linkPrompt: "Nhập địa chỉ của liên kết", headings: "Tiêu đề mục",
          quote: "Trích dẫn", bulletedList: "Danh sách gạch đầu dòng",
          numberedList: "Danh sách đánh số", addComponent: "Thêm thành phần",
          toggleMode: { rich: "Chuyển sang soạn thảo thường", markdown: "Chuyển sang Markdown" }
        },
        image: {
          chooseMultiple: "Chọn ảnh", chooseUrl: "Chèn từ địa chỉ web",
          replaceUrl: "Thay bằng địa chỉ web", promptUrl: "Nhập địa chỉ của ảnh",
          addMore: "Thêm ảnh", removeAll: "Xóa mọi ảnh"
        },
        file: {
          chooseMultiple: "Chọn tệp", chooseUrl: "Chèn từ địa chỉ web",
          replaceUrl: "Thay bằng địa chỉ web", promptUrl: "Nhập địa chỉ của tệp",
          addMore: "Thêm tệp", removeAll: "Xóa mọi tệp"
        }
      }
    },
    collection: {
      collectionTop: { viewAsList: "Xem dạng danh sách", viewAsGrid: "Xem dạng lưới",
                       groupBy: "Nhóm theo" },
      groups: { other: "Khác", negateLabel: "Không %{label}" }
    },
    mediaLibrary: {
      mediaLibraryCard: { copy: "Sao chép", copyUrl: "Sao chép địa chỉ",
                          copyPath: "Sao chép đường dẫn", copyName: "Sao chép tên",
                          copied: "Đã sao chép" },
      mediaLibraryModal: { close: "Đóng" }
    },
    ui: { settingsDropdown: { account: "Tùy chọn tài khoản" } }
  };

  function fill(into, from) {
    Object.keys(from).forEach(function (key) {
      if (typeof from[key] === "object") {
        into[key] = into[key] || {};
        fill(into[key], from[key]);
      } else if (into[key] === undefined) {
        into[key] = from[key];
      }
    });
    return into;
  }

  var vietnamese = CMS.getLocale ? CMS.getLocale("vi") : null;
  if (vietnamese) {
    CMS.registerLocale("vi", fill(vietnamese, missing));
  }

  var form = document.getElementById("mau-bai");
  var writer = window.ArchiveFrontMatter;
  if (form && writer) {
    var spec = JSON.parse(form.textContent);
    CMS.registerCustomFormat("bai-viet", "md", {
      fromFile: function (content) {
        return writer.read(content);
      },
      toFile: function (data) {
        return writer.write(data, spec);
      }
    });
  }

  var style = script && script.getAttribute("data-preview-style");
  if (style) {
    CMS.registerPreviewStyle(style);
  }

  /* Accessibility gaps of Decap's own interface (axe-core finds them on the article form),
   * mended as its elements appear: the preview frame has no title, the rich-text editor no
   * name, the Markdown switch no name or state, and the toolbar's menus wrap a button in
   * another button. */
  function labelOf(element) {
    var container = element.closest("[class*='ControlContainer']");
    var label = container && container.querySelector("label");
    return label ? label.textContent.trim() : "Nội dung";
  }

  function mend(root) {
    root.querySelectorAll("iframe#preview-pane:not([title])").forEach(function (frame) {
      frame.setAttribute("title", "Xem trước bài viết");
    });
    root.querySelectorAll("[role='textbox'][contenteditable='true']:not([aria-label])")
      .forEach(function (box) {
        box.setAttribute("aria-label", labelOf(box));
      });
    root.querySelectorAll("button[role='switch']:not([aria-checked])").forEach(function (toggle) {
      toggle.setAttribute("aria-label", "Soạn bằng Markdown");
      toggle.setAttribute("aria-checked", "false");
      toggle.addEventListener("click", function () {
        var on = toggle.getAttribute("aria-checked") === "true";
        toggle.setAttribute("aria-checked", on ? "false" : "true");
      });
    });
    root.querySelectorAll("[aria-roledescription='sortable']:not([aria-label])")
      .forEach(function (handle) {
        handle.setAttribute("aria-label", "Kéo để đổi thứ tự");
      });
    root.querySelectorAll("[class*='TopBar']").forEach(function (bar) {
      var buttons = bar.querySelectorAll("button[class*='TopBarButton']:not([aria-label])");
      buttons.forEach(function (button, index) {
        button.setAttribute("aria-label", index === buttons.length - 1 && index > 0
          ? "Xóa mục này" : "Thu gọn hoặc mở mục này");
      });
    });
    root.querySelectorAll("span[aria-haspopup]").forEach(function (wrapper) {
      var inner = wrapper.querySelector("button");
      if (!inner) {
        return;
      }
      inner.setAttribute("aria-haspopup", "true");
      inner.setAttribute("aria-expanded", wrapper.getAttribute("aria-expanded") || "false");
      ["role", "tabindex", "aria-haspopup", "aria-expanded"].forEach(function (name) {
        wrapper.removeAttribute(name);
      });
      if (!inner.getAttribute("aria-label") && inner.title) {
        inner.setAttribute("aria-label", inner.title);
      }
    });
  }

  CMS.init();  // everything is registered (manual-init.js made Decap wait)

  new MutationObserver(function () {
    mend(document);
  }).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true,
    attributeFilter: ["aria-haspopup", "aria-expanded"]
  });
})();
