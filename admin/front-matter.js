/* The archive's article format for Decap CMS: an article is read with js-yaml (its front
 * matter) and written in the form the `new` command writes (source/front_matter_form.py): the
 * keys in the same order, each value written the same way, each line's comment in the site's
 * language, and the keys without a value shown as the skeleton shows them. An article saved
 * twice is the same file, and a diff shows only what the editor changed.
 *
 * The form (its keys, their comments and their unset lines) is given by the generator, as JSON
 * in the admin page (<script type="application/json" id="mau-bai">), so it is never copied by
 * hand. Runs in the browser (window.ArchiveFrontMatter) and under Node.js for the tests.
 */
(function (root, make) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = make;
  } else {
    root.ArchiveFrontMatter = make(root.jsyaml);
  }
})(this, function (jsyaml) {
  "use strict";

  // What YAML would read as something other than the text itself, or cannot hold unquoted.
  var SPECIAL_WORDS = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;
  var NUMBER_LIKE = /^[-+.]?[0-9][-+0-9.,:_eExXoObB a-fA-F]*$/;
  var PLAIN_BLOCK = /^[\p{L}\p{N}/][\p{L}\p{M}\p{N} .,;/()'’–-]*$/u;
  var PLAIN_FLOW = /^[\p{L}\p{N}/][\p{L}\p{M}\p{N} .;/()'’–-]*$/u;
  var DATE = /^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2}(?: [0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?)?)?$/;

  function isEmpty(value) {
    if (value === undefined || value === null) {
      return true;
    }
    if (typeof value === "string") {
      return value.trim() === "";
    }
    if (Array.isArray(value)) {
      return value.every(isEmpty);
    }
    if (typeof value === "object") {
      return Object.keys(value).every(function (key) { return isEmpty(value[key]); });
    }
    return false;
  }

  function quoted(value) {
    return JSON.stringify(String(value));
  }

  /* A piece of text, plain when YAML reads it back as the same text, else in double quotes. */
  function text(value, flow) {
    if (typeof value === "number" || typeof value === "boolean") {
      return String(value);
    }
    var string = String(value).trim();
    var plain = (flow ? PLAIN_FLOW : PLAIN_BLOCK).test(string) && !SPECIAL_WORDS.test(string) &&
      !NUMBER_LIKE.test(string);
    return plain ? string : quoted(string);
  }

  function withComment(line, comment, column) {
    if (!comment) {
      return line;
    }
    if (line.length < column) {
      return line + " ".repeat(column - line.length) + "# " + comment;
    }
    return line + " # " + comment;
  }

  function items(value) {
    return (Array.isArray(value) ? value : [value]).filter(function (item) {
      return !isEmpty(item);
    });
  }

  /* The keys of a record in the form's order, then any other it has. */
  function recordKeys(record, fields) {
    var keys = fields.filter(function (key) { return !isEmpty(record[key]); });
    Object.keys(record).forEach(function (key) {
      if (fields.indexOf(key) < 0 && !isEmpty(record[key])) {
        keys.push(key);
      }
    });
    return keys;
  }

  function recordLines(record, fields) {
    if (typeof record !== "object") {
      return ["  - " + text(record, false)];
    }
    return recordKeys(record, fields).map(function (key, index) {
      return (index === 0 ? "  - " : "    ") + key + ": " + text(record[key], false);
    });
  }

  function flowRecord(record, fields) {
    return "{" + recordKeys(record, fields).map(function (key) {
      return key + ": " + text(record[key], true);
    }).join(", ") + "}";
  }

  /* The lines of one key with a value, in its style. */
  function keyLines(line, value, column) {
    var head = line.key + ":";
    switch (line.style) {
      case "quoted":
        return [withComment(head + " " + quoted(value), line.comment, column)];
      case "plain":
        value = String(value).trim();
        return [withComment(head + " " + (DATE.test(value) ? value : text(value, false)),
          line.comment, column)];
      case "flag":
        return [withComment(head + " " + (value === true || value === "true"), line.comment,
          column)];
      case "list":
        return [withComment(head + " [" + items(value).map(function (item) {
          return text(item, true);
        }).join(", ") + "]", line.comment, column)];
      case "lines":
        return [withComment(head, line.comment, column)].concat(items(value).map(function (item) {
          return "  - " + text(item, false);
        }));
      case "records":
        return [withComment(head, line.comment, column)].concat(
          [].concat.apply([], items(value).map(function (record) {
            return recordLines(record, line.fields);
          })));
      case "record":
        return [withComment(head + " " + flowRecord(value, line.fields), line.comment, column)];
      default:
        return [withComment(head + " " + text(value, false), line.comment, column)];
    }
  }

  /* A key the form does not know (an article written by hand): kept, in YAML's own form. */
  function otherLines(key, value) {
    var dumped = jsyaml.dump(value, { flowLevel: 0, lineWidth: -1 }).replace(/\n$/, "");
    return [key + ": " + dumped];
  }

  /* The file of an article: its front matter in the form, then its text. */
  function write(data, form) {
    var lines = ["---"];
    var known = {};
    form.lines.forEach(function (line) {
      known[line.key] = true;
    });
    known.body = true;
    form.lines.forEach(function (line) {
      if (line.key === "draft") {  // keys the form does not know go before the last line
        Object.keys(data).forEach(function (key) {
          if (!known[key] && !isEmpty(data[key])) {
            lines.push.apply(lines, otherLines(key, data[key]));
          }
        });
      }
      var value = data[line.key];
      if (isEmpty(value)) {
        lines.push.apply(lines, line.unset);
      } else {
        lines.push.apply(lines, keyLines(line, value, form.column));
      }
    });
    var body = String(data.body || "").replace(/\r\n?/g, "\n").replace(/^(?:[ \t]*\n)+/, "")
      .replace(/\s+$/, "");
    return lines.join("\n") + "\n---\n\n" + (body ? body + "\n" : "");
  }

  /* The data of an article file: its front matter's keys and its text as "body". Dates stay
   * text (the core schema), as the form's date field holds them; front matter that YAML
   * cannot read is an error, so nothing is saved over it. */
  function read(content) {
    var source = String(content).replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
    var match = /^---[ \t]*\n([\s\S]*?)\n?^(?:---|\.\.\.)[ \t]*$\n?([\s\S]*)$/m.exec(source);
    if (!match || match.index !== 0) {
      return { body: source };
    }
    var data = jsyaml.load(match[1], { schema: jsyaml.CORE_SCHEMA }) || {};
    if (typeof data !== "object" || Array.isArray(data)) {
      throw new Error("front matter is not a mapping of keys");
    }
    data.body = match[2].replace(/^\n+/, "");
    return data;
  }

  return { write: write, read: read };
});
