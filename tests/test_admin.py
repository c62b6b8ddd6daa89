"""The web editor at /admin/: Decap CMS, vendored and pinned, configured from the content model,
with the preview's local editing of the working copy; and, end to end in Debian's Chromium, an
article written through the real form, published, checked and built."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import socket
import struct
import subprocess
import sys
import time
import urllib.request
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_example, run_cli
from markupsafe import escape

from diplomacy_archive.serve.editor_api import EditorRefused, LocalEditor
from diplomacy_archive.site.cms_config import DATE_PATTERN, DECAP_VERSION, Suggestions, cms_config
from diplomacy_archive.site.urls import Urls
from diplomacy_archive.source.config import load_config
from diplomacy_archive.source.front_matter_fields import FRONT_MATTER_KEYS, REQUIRED_KEYS
from diplomacy_archive.source.front_matter_form import form_spec
from diplomacy_archive.text.dates import parse_event_date

pytest_plugins = ["browser"]  # the Chromium fixtures of the browser tests

VENDORED = ROOT / "admin" / "decap-cms"
GITHUB = """
cms:
  backend: github
  repo: hoi-huu-nghi/luu-tru
  branch: main
  auth_url: https://dang-nhap.example.org
"""


def configured(site: Path, extra: str) -> Path:
    config = site / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return site


def made_config(site: Path, local: bool = False) -> dict:
    config, problems = load_config(site)
    assert config is not None, problems
    return cms_config(config, Urls.from_config(config), Suggestions(places=("Hà Nội",)), local)


# --- the configuration, from the content model --------------------------------------------------

@pytest.mark.parametrize("local", [False, True])
def test_every_front_matter_key_is_a_field_of_the_form(tmp_path: Path, local: bool) -> None:
    made = made_config(configured(copy_example(tmp_path / "site"), GITHUB), local)
    [collection] = made["collections"]
    names = [field["name"] for field in collection["fields"]]
    assert names == [*FRONT_MATTER_KEYS, "body"]  # every key, in the table's order, once
    required = {field["name"] for field in collection["fields"] if field["required"]}
    assert required == {*REQUIRED_KEYS, "body"} == {"title", "date", "body"}
    assert collection["folder"] == "content" and collection["extension"] == "md"
    assert collection["path"] == '{{date | truncate(4," ")}}/{{slug}}'


def test_the_backend_is_the_git_host_of_config_or_the_preview(tmp_path: Path) -> None:
    site = configured(copy_example(tmp_path / "site"), GITHUB)
    made = made_config(site)
    assert made["backend"]["name"] == "github"
    assert made["backend"]["repo"] == "hoi-huu-nghi/luu-tru"
    assert made["backend"]["base_url"] == "https://dang-nhap.example.org"
    assert made["locale"] == "vi" and made["site_url"] == "https://example.org/luu-tru/"
    local = made_config(site, local=True)
    assert local["backend"] == {"name": "proxy", "proxy_url": "/luu-tru/admin/api/v1",
                                "branch": "main"}
    gitlab = made_config(configured(copy_example(tmp_path / "other"), (
        "\ncms:\n  backend: gitlab\n  repo: hoi/luu-tru\n  app_id: abc123\n"
        "  host_url: https://gitlab.example.vn\n")))
    assert gitlab["backend"]["auth_type"] == "pkce" and gitlab["backend"]["app_id"] == "abc123"
    assert gitlab["backend"]["api_root"] == "https://gitlab.example.vn/api/v4"


@pytest.mark.parametrize("written", ["2024", "2024-03", "2024-03-09", "2024-03-09 14:30"])
def test_the_forms_the_date_field_accepts_are_dates_front_matter_reads(written: str) -> None:
    import re
    from zoneinfo import ZoneInfo
    assert re.fullmatch(DATE_PATTERN, written)
    assert parse_event_date(written, ZoneInfo("Asia/Ho_Chi_Minh")).year == 2024


@pytest.mark.parametrize("refused", ["09/03/2024", "2024-3", "24-03-09", "tháng 3/2024"])
def test_the_date_field_refuses_forms_whose_year_is_not_first(refused: str) -> None:
    import re
    assert re.fullmatch(DATE_PATTERN, refused) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("cms:\n  backend: bitbucket\n  repo: a/b\n",
     "config.yaml:4:12: error: cms.backend: 'bitbucket' is not one of github, gitlab (write "
     "'backend: github' or 'backend: gitlab')"),
    ("cms:\n  backend: gitlab\n  app_id: x\n",
     "config.yaml:3:1: error: cms.repo: the repository is missing (write 'repo: owner/name', "
     "as in the repository's address)"),
    ("cms:\n  backend: github\n  repo: a/b\n  auth_url: http://x.org\n",
     "config.yaml:6:13: error: cms.auth_url: 'http://x.org' is not a full https:// address "
     "(write the address as the browser shows it, starting with https://)"),
    ("cms:\n  backend: github\n  repo: a/b\n",
     "config.yaml:4:12: warning: cms.auth_url: GitHub needs a login gateway: without "
     "'auth_url' editors cannot log in (set up a gateway (docs/deploy.md, 'The web editor') "
     "and write its address as 'auth_url: https://...')"),
    ("cms:\n  backend: github\n  repo: a/b\n  auth_url: https://x.org\n  reop: c\n",
     "config.yaml:7:3: warning: cms: unknown key 'reop' (did you mean 'repo'?)"),
    ("cms: github\n", "config.yaml:3:6: error: cms: must be a list of 'key: value' lines (for "
     "example 'cms:' then '  backend: github' and '  repo: owner/name' on the next lines)"),
])
def test_the_cms_settings_are_checked_with_a_plain_message(
        tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "config.yaml").write_text(
        "title: T\nbase_url: https://example.org/\n" + text, encoding="utf-8")
    _config, problems = load_config(tmp_path)
    assert [p.format_text() for p in problems] == [expected]


# --- the vendored bundle ------------------------------------------------------------------------

@pytest.mark.parametrize(("folder", "package", "version", "main"), [
    ("decap-cms", "decap-cms", DECAP_VERSION, "decap-cms.js"),
    ("js-yaml", "js-yaml", "4.1.1", "js-yaml.min.js")])
def test_the_vendored_files_are_the_pinned_packages_unchanged(
        folder: str, package: str, version: str, main: str) -> None:
    vendored = ROOT / "admin" / folder
    record = json.loads((vendored / "VENDOR.json").read_text(encoding="utf-8"))
    assert record["package"] == package and record["version"] == version
    assert record["integrity"].startswith("sha512-")
    on_disk = {p.name for p in vendored.iterdir()} - {"VENDOR.json"}
    assert on_disk == set(record["files"]) and main in on_disk
    for name, digest in record["files"].items():
        assert hashlib.sha256((vendored / name).read_bytes()).hexdigest() == digest, name


# --- the built site -----------------------------------------------------------------------------

def test_without_a_git_host_the_admin_page_says_what_to_set(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    assert run_cli("build", "--site", ".", "--strict", cwd=site).code == 0
    out = site / "public"
    page = (out / "admin" / "index.html").read_text(encoding="utf-8")
    assert "Trình soạn bài chưa được bật" in page and "backend: github" in page
    assert "noindex" in page and "decap-cms.js" not in page
    assert not (out / "admin" / "decap-cms").exists()  # 6 MB only where it is used
    assert "admin/" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_with_a_git_host_the_site_publishes_the_editor(tmp_path: Path) -> None:
    site = configured(copy_example(tmp_path / "site"), GITHUB)
    assert run_cli("build", "--site", ".", "--strict", cwd=site).code == 0
    admin = site / "public" / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<script src="/luu-tru/admin/decap-cms/decap-cms.js"></script>' in page
    assert ('<script src="/luu-tru/admin/admin.js" data-preview-style="/luu-tru/assets/style.css">'
            in page)
    scripts = re.findall(r'<script src="/luu-tru/admin/([^"]+)"', page)
    assert scripts == ["manual-init.js", "js-yaml/js-yaml.min.js", "front-matter.js",
                       "decap-cms/decap-cms.js", "admin.js"]
    for script in scripts:
        assert (admin / script).is_file()
    form = re.search(r'<script type="application/json" id="mau-bai">(.*?)</script>', page)
    assert form and json.loads(form.group(1)) == form_spec("vi")
    policy = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' "
              "'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' blob: data: "
              "https://api.github.com https://dang-nhap.example.org; frame-src 'self' blob:; "
              "object-src 'none'; base-uri 'self'")
    assert f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">' in page
    # nothing from elsewhere but the git host's API and the login gateway (the form's data
    # holds only the skeleton's example address, "https://...")
    assert re.findall(r"https?://[^\s\"\\]*", form.group(1)) == ["https://..."]
    assert "://" not in page.replace(form.group(0), "").replace("https://example.org", "").replace(
        "https://api.github.com", "").replace("https://dang-nhap.example.org", "")
    made = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert made["backend"]["name"] == "github"
    fields = {f["name"]: f for f in made["collections"][0]["fields"]}
    assert "Khánh Hòa" in fields["venue"]["options"]  # the places the archive names
    assert "Chỉ thị 12-CT/TW" in fields["directives"]["field"]["options"]
    record = json.loads((VENDORED / "VENDOR.json").read_text(encoding="utf-8"))
    assert {p.name for p in (admin / "decap-cms").iterdir()} == set(record["files"])
    assert (admin / "admin.js").is_file()


# --- the preview's local editing ----------------------------------------------------------------

def test_the_local_editor_reads_and_writes_only_content_and_static(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    editor = LocalEditor(site)
    assert editor.handle({"action": "info"})["publish_modes"] == ["simple"]
    entries = editor.handle({"action": "entriesByFolder",
                             "params": {"folder": "content", "extension": "md", "depth": 2}})
    assert len(entries) == len(list((site / "content").rglob("*.md")))
    (tmp_path / "secret.md").write_text("x", encoding="utf-8")
    (site / "content" / "link.md").symlink_to(tmp_path / "secret.md")
    for path in ("../secret.md", "/etc/passwd", "config.yaml", "content/../config.yaml",
                 "content/link.md", "content/.git/x.md", "data/venues.yaml"):
        with pytest.raises(EditorRefused):
            editor.handle({"action": "getEntry", "params": {"path": path}})
    with pytest.raises(EditorRefused, match="not a kind of file"):
        editor.handle({"action": "persistEntry", "params": {"dataFiles": [
            {"path": "content/2024/x.py", "raw": "print()"}]}})
    existing = next(p for p in sorted((site / "content").rglob("*.md")) if not p.is_symlink())
    before = existing.read_bytes()
    with pytest.raises(EditorRefused, match="already exists"):
        editor.handle({"action": "persistEntry", "params": {
            "dataFiles": [{"path": existing.relative_to(site).as_posix(), "raw": "x"}],
            "options": {"newEntry": True}}})
    assert existing.read_bytes() == before  # never overwritten by a new article
    picture = base64.b64encode(png(4, 3)).decode()
    saved = editor.handle({"action": "persistMedia", "params": {
        "asset": {"path": "static/images/2024/a.png", "content": picture,
                  "encoding": "base64"}}})
    assert saved["path"] == "static/images/2024/a.png"
    assert (site / "static/images/2024/a.png").read_bytes() == png(4, 3)
    for action in ("publishUnpublishedEntry", "delete", "entry", "_path", "handle", "__init__"):
        with pytest.raises(EditorRefused, match="does not do"):  # only Decap's actions
            editor.handle({"action": action, "params": {"path": "content/x.md"}})


def png(width: int, height: int) -> bytes:
    """A small red PNG (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    rows = b"".join(b"\x00" + bytes([200, 30, 30]) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                                0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


# --- end to end, in Chromium --------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def preview_site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """The example archive served by `serve` (its local editing on) on a free port."""
    site = copy_example(tmp_path / "site")
    port = free_port()
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--site",
                                str(site), "--port", str(port)], stdout=log,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/admin/config.yml", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail((tmp_path / "serve.log").read_text(encoding="utf-8"))
                time.sleep(0.2)
        yield site, base
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def open_editor(browser, base: str, elsewhere: list[str], bypass_csp: bool = False):
    """A new tab on /admin/, logged in to the preview's local editing; every request outside
    the preview is refused and noted in ``elsewhere``."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 1280, "height": 900},
                                  bypass_csp=bypass_csp)
    context.set_default_timeout(30_000)

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith((base, "data:", "blob:")):
            request_route.continue_()
        else:
            elsewhere.append(url)
            request_route.abort()
    context.route("**/*", route)
    page = context.new_page()
    page.goto(f"{base}/admin/")
    return context, page


def fill_in(page, picture: Path) -> None:
    """The new-article form: a title with tone marks, a partial date, two speakers with roles,
    a directive, two tags, an uploaded picture with its caption and credit, the text."""
    page.goto(page.url.split("#")[0] + "#/collections/bai-viet/new")
    page.get_by_label("Tiêu đề", exact=True).fill("Giao lưu hữu nghị Việt Nam – Lào tại Đà Nẵng")
    page.get_by_label("Ngày diễn ra sự kiện", exact=True).fill("2024-03")
    page.get_by_label("Địa điểm (không bắt buộc)").fill("Đà Nẵng")
    add_speaker = page.get_by_role("button", name="Thêm người phát biểu")
    add_speaker.click()
    add_speaker.click()
    names, roles = page.get_by_label("Họ tên", exact=True), page.get_by_label(
        "Chức vụ vào ngày đó (không bắt buộc)")
    names.nth(0).fill("Nguyễn Thị Thanh Hà")
    roles.nth(0).fill("Chủ tịch Liên hiệp")
    names.nth(1).fill("Khamphao Ernthavanh")
    roles.nth(1).fill("Đại sứ Lào tại Việt Nam")
    page.get_by_role("button", name="Thêm văn bản được dẫn").click()
    page.get_by_label("Văn bản", exact=True).fill("Chỉ thị 12-CT/TW")
    add_tag = page.get_by_role("button", name="Thêm chủ đề")
    add_tag.click()
    add_tag.click()
    tags = page.get_by_label("Chủ đề", exact=True)
    tags.nth(0).fill("giao lưu")
    tags.nth(1).fill("Lào")
    page.get_by_role("button", name="Thêm ảnh").click()
    page.get_by_role("button", name="Chọn một hình").click()
    page.locator("input[type=file]").first.set_input_files(picture)
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    page.get_by_label("Chú thích (không bắt buộc)").fill("Quang cảnh buổi giao lưu")
    page.get_by_label("Người chụp (không bắt buộc)").fill("Minh Quân")
    page.get_by_label("Bản nháp (không bắt buộc)").click()  # on by default: publish it
    page.locator("[contenteditable='true']").first.click()
    page.keyboard.type("Sáng 12/3, tại Đà Nẵng, hai bên giao lưu hữu nghị.")


def test_the_web_editor_passes_axe_on_every_screen(
        browser, preview_site: tuple[Path, str], tmp_path: Path, axe_source: Path) -> None:
    from browser import axe_violations, describe_violations
    _site, base = preview_site
    elsewhere: list[str] = []
    # axe-core is injected as an inline script, which the page's policy refuses: bypassed here
    # only (the next test runs the editor under its policy)
    context, page = open_editor(browser, base, elsewhere, bypass_csp=True)
    login = page.get_by_role("button", name="Đăng nhập")
    login.wait_for()
    screens = [("login", axe_violations(page, axe_source))]
    login.click()
    page.get_by_text("Khánh Hòa tọa đàm nâng cao hiệu quả").first.wait_for()  # listed
    screens.append(("list", axe_violations(page, axe_source)))
    picture = tmp_path / "anh.png"
    picture.write_bytes(png(8, 6))
    fill_in(page, picture)
    screens.append(("form", axe_violations(page, axe_source)))
    english = [name for name in page.get_by_role("button").all_inner_texts()
               if name.startswith(("Add ", "Choose", "Remove", "Expand", "Collapse"))]
    assert english == []  # Decap's Vietnamese, completed by admin.js
    context.close()
    assert [(name, describe_violations(found)) for name, found in screens if found] == []
    assert elsewhere == []


def test_an_article_written_in_the_web_editor_is_published(
        browser, preview_site: tuple[Path, str], tmp_path: Path) -> None:
    site, base = preview_site
    elsewhere: list[str] = []
    context, page = open_editor(browser, base, elsewhere)  # under the page's own policy
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Bài viết").first.wait_for()
    picture = tmp_path / "anh-giao-luu.png"
    picture.write_bytes(png(64, 48))
    fill_in(page, picture)
    page.get_by_role("button", name="Công bố").first.click()
    page.get_by_text("Công bố ngay").first.click()
    written = site / "content" / "2024" / "giao-luu-huu-nghi-viet-nam-lao-tai-da-nang.md"
    deadline = time.monotonic() + 20
    while not written.exists() and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    context.close()
    assert elsewhere == []

    # in the form `new` writes (source/front_matter_form.py), comments and all
    assert written.read_text(encoding="utf-8") == """\
---
title: "Giao lưu hữu nghị Việt Nam – Lào tại Đà Nẵng"
date: 2024-03                 # YYYY-MM-DD hoặc DD/MM/YYYY; chỉ biết tháng hoặc năm: 2020-11, 2020
# date_note: ""               # căn cứ để biết ngày, nếu ngày chưa chắc chắn
venue: Đà Nẵng                # tỉnh hoặc thành phố, ví dụ Hà Nội
speakers:                     # mỗi người một dòng; ghi chức vụ vào thời điểm đó
  - name: Nguyễn Thị Thanh Hà
    role: Chủ tịch Liên hiệp
  - name: Khamphao Ernthavanh
    role: Đại sứ Lào tại Việt Nam
directives: [Chỉ thị 12-CT/TW] # văn bản được trích dẫn, ví dụ [Chỉ thị 12-CT/TW, Công văn 297-CV/BĐNTW]
tags: [giao lưu, Lào]         # ví dụ [tọa đàm, VUFO]
# summary: ""                 # một câu; nếu bỏ trống thì dùng đoạn đầu tiên của bài
# author: ""
# source: {publisher: "", url: "https://..."}
images:
  - src: /images/2024/anh-giao-luu.png
    caption: Quang cảnh buổi giao lưu
    credit: Minh Quân
draft: false                  # đổi thành false (hoặc xóa dòng này) để đăng bài
---

Sáng 12/3, tại Đà Nẵng, hai bên giao lưu hữu nghị.
"""  # noqa: E501 (the comments are as long as the skeleton's)
    assert (site / "static" / "images" / "2024" / "anh-giao-luu.png").read_bytes() == png(64, 48)

    checked = run_cli("check", "--site", ".", "--strict", cwd=site)
    assert checked.code == 0, checked.stdout + checked.stderr
    assert run_cli("build", "--site", ".", "--strict", cwd=site).code == 0
    out = site / "public"
    article = (out / "bai-viet" / "giao-luu-huu-nghi-viet-nam-lao-tai-da-nang"
               / "index.html").read_text(encoding="utf-8")
    assert "Khamphao Ernthavanh" in article and "/luu-tru/images/2024/anh-giao-luu.png" in article
    assert (out / "images" / "2024" / "anh-giao-luu.png").is_file()
    for folder in ("nhan-vat/khamphao-ernthavanh", "van-ban/12-ct-tw", "chu-de/lao"):
        assert "Giao lưu hữu nghị Việt Nam – Lào" in (out / folder / "index.html").read_text(
            encoding="utf-8"), folder


def test_the_setup_page_passes_axe(site, tab, axe_source: Path) -> None:
    from browser import axe_violations, describe_violations
    tab.goto(site.url_for("admin/"))
    assert tab.locator("h1").inner_text() == "Trình soạn bài chưa được bật"
    violations = axe_violations(tab, axe_source, impacts=("minor", "moderate", "serious",
                                                          "critical"))
    assert violations == [], describe_violations(violations)
