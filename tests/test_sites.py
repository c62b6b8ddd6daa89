"""Whole sites built through the command line: fixture sites, the example archive, failures."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import feedparser
from conftest import ROOT, SITES, article_md, run_cli, snapshot
from htmlcheck import links, resolve, scan

GOLDEN = Path(__file__).resolve().parent / "golden"


def without_cache(files: dict[str, object]) -> dict[str, object]:
    """The site's files but its build cache (<site>/.cache/) and the previous site kept beside
    public/ to become the next one (.public.spare/), both git-ignored."""
    return {k: v for k, v in files.items() if not k.startswith((".cache/", ".public.spare/"))}


def expected_output(name: str) -> str:
    return (SITES / name / "expected-output.txt").read_text(encoding="utf-8")


def test_invalid_site_reports_every_broken_file_by_name_and_line(copy_site) -> None:
    site = copy_site("invalid")
    before = snapshot(site)
    run = run_cli("build", "--site", ".", cwd=site)
    assert run.code == 1
    assert run.stdout == ""
    assert run.stderr == expected_output("invalid")
    assert without_cache(snapshot(site)) == before, (
        "a failed build must write nothing but its cache")
    assert sorted(p.name for p in site.parent.iterdir()) == ["invalid"]


def test_invalid_config_is_reported_like_front_matter(copy_site) -> None:
    site = copy_site("invalid-config")
    run = run_cli("build", "--site", ".", cwd=site)
    assert run.code == 1
    assert run.stderr == expected_output("invalid-config")
    assert not (site / "public").exists()


def test_check_prints_github_annotations(copy_site) -> None:
    site = copy_site("invalid")
    run = run_cli("check", "--site", ".", "--format", "github", cwd=site)
    assert run.code == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 20
    assert ("::error file=content/impossible-date.md,line=3,col=7,title=date%3A error::"
            "'31/02/2021' is not a real date (month 2 of 2021 has 28 days)") in lines
    assert ("::warning file=content/unknown-key.md,line=4,col=1,title=warning::"
            "unknown key 'speaker' (did you mean 'speakers'?)") in lines


def test_check_prints_json(copy_site) -> None:
    site = copy_site("invalid")
    run = run_cli("check", "--site", ".", "--format", "json", cwd=site)
    assert run.code == 1
    problems = json.loads(run.stdout)
    assert len(problems) == 20
    assert {"path": "content/no-title.md", "line": 1, "col": 1,
            "message": "the article has no title",
            "hint": "add a line 'title: \"...\"' to the front matter",
            "field": "title", "severity": "error"} in problems


def test_failed_build_keeps_the_previous_output_byte_for_byte(copy_site) -> None:
    site = copy_site("basic")
    assert run_cli("build", "--site", ".", cwd=site).code == 0
    before = snapshot(site / "public")
    (site / "content" / "2021" / "hong.md").write_text(
        "---\ntitle: Bài hỏng\ndate: 31/02/2021\n---\n", encoding="utf-8")
    (site / "content" / "2021" / "gio.md").write_text(
        article_md("Đã sửa", "2021-06-18"), encoding="utf-8")
    run = run_cli("build", "--site", ".", cwd=site)
    assert run.code == 1
    assert "content/2021/hong.md:3:7: error: date: '31/02/2021' is not a real date" in run.stderr
    assert "Build stopped: nothing was written, public is unchanged." in run.stderr
    assert snapshot(site / "public") == before
    assert sorted(p.name for p in site.iterdir()) == [
        ".cache", "config.yaml", "content", "data", "public", "static"]


def test_failed_template_keeps_the_previous_output(copy_site) -> None:
    site = copy_site("basic")
    assert run_cli("build", "--site", ".", cwd=site).code == 0
    before = snapshot(site / "public")
    (site / "templates").mkdir()
    (site / "templates" / "article.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n'
        '{{ article.no_such_field }}\n{% endblock %}\n',
        encoding="utf-8")
    run = run_cli("build", "--site", ".", cwd=site)
    assert run.code == 1
    assert run.stderr.startswith(
        "templates/article.html:3: error: template: UndefinedError: 'dict object' has no attribute "
        "'no_such_field'")
    assert snapshot(site / "public") == before


def test_template_syntax_error_names_the_line(copy_site) -> None:
    site = copy_site("basic")
    (site / "templates").mkdir()
    (site / "templates" / "404.html").write_text("<p>\n{% if %}\n", encoding="utf-8")
    run = run_cli("build", "--site", ".", cwd=site)
    assert run.code == 1
    assert run.stderr.startswith("templates/404.html:2: error: template: Expected an expression")


def test_deleted_articles_disappear_and_nothing_else_is_touched(copy_site) -> None:
    site = copy_site("basic")
    assert run_cli("build", "--site", ".", cwd=site).code == 0
    page = site / "public" / "bai-viet" / "buoi-gap-mat-co-gio" / "index.html"
    assert page.exists()
    (site / "content" / "2021" / "gio.md").unlink()
    sources = {k: v for k, v in without_cache(snapshot(site)).items()
               if not k.startswith("public/")}
    assert run_cli("build", "--site", ".", cwd=site).code == 0
    assert not page.exists()
    assert not (site / "public" / "dong-thoi-gian" / "2021" / "06").exists()
    assert {k: v for k, v in without_cache(snapshot(site)).items()
            if not k.startswith("public/")} == sources
    assert sorted(p.name for p in site.iterdir()) == [
        ".cache", ".public.spare", "config.yaml", "content", "data", "public", "static"]


def picture_size(data: bytes) -> tuple[int, int]:
    from io import BytesIO

    from PIL import Image
    with Image.open(BytesIO(data)) as picture:
        picture.load()
        return picture.size


def test_basic_site_matches_golden_output(copy_site, tmp_path: Path) -> None:
    """Pelican-style: the whole output of a fixture site, byte for byte.

    After a deliberate change, refresh with UPDATE_GOLDEN=1 and review the diff.
    """
    site = copy_site("basic")
    assert run_cli("build", "--site", ".", cwd=site).code == 0
    out = site / "public"
    # pagefind/ is Pagefind's (tests/test_search.py), and not the same bytes from run to run
    built = {k: v[0] for k, v in snapshot(out).items()
             if not k.startswith(("assets/", "pagefind/")) and k != ".diplomacy-archive"}
    golden = GOLDEN / "basic"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        shutil.rmtree(golden, ignore_errors=True)
        for rel, content in built.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_bytes(content)
    expected = {k: v[0] for k, v in snapshot(golden).items()}
    assert sorted(built) == sorted(expected)
    for rel in built:
        if rel.endswith((".png", ".webp", ".avif")) and not (site / "static" / rel).exists():
            # pictures the build drew or encoded: their bytes are the image library's (its
            # version's encoder), what they show is ours; tests/test_images.py and
            # tests/test_sharing.py look at them closely
            assert picture_size(built[rel]) == picture_size(expected[rel]), rel
            continue
        assert built[rel] == expected[rel], f"{rel} differs from tests/golden/basic/{rel}"
    assert ((out / "assets" / "style.css").read_bytes()
            == (ROOT / "assets" / "style.css").read_bytes())


def test_basic_site_pages_and_export(copy_site) -> None:
    site = copy_site("basic")
    run = run_cli("build", "--site", ".", cwd=site)
    assert run.code == 0, run.stderr
    # 79 files: the pages, the data, the theme's files (its card font and licence, its logo
    # and icons among them), favicon.ico at the root
    # and 6 sharing pictures (4 articles without an image, the site's card, the logo)
    # and a copy of static/images/anh.jpg (8 pixels wide) in each format (output/images.py)
    from diplomacy_archive.output.images import image_formats
    written = 80 + len(image_formats())
    assert run.stdout.startswith("Built 5 articles into public: 47 pages (47 rendered, 0 reused), "
                                 f"{written} files written, 0 deleted, 0 warnings, ")
    out = site / "public"
    # pagination: 5 published articles, 2 per page
    assert (out / "trang" / "3" / "index.html").exists() and not (out / "trang" / "4").exists()
    assert not (out / "trang" / "1").exists()
    # tags merged case-insensitively, most used spelling shown
    tag_index = (out / "chu-de" / "index.html").read_text(encoding="utf-8")
    assert tag_index.count('href="/luu-tru/chu-de/vufo/"') == 1
    assert ">VUFO</a> <span class=\"count\">3 bài</span>" in tag_index
    # partial dates shown without invented precision
    year = (out / "dong-thoi-gian" / "2020" / "index.html").read_text(encoding="utf-8")
    assert "Không rõ tháng" in year and "Năm 2020" in year and "Tháng 11/2020" in year
    month_article = (out / "bai-viet" / "toa-dam-thang-muoi-mot" / "index.html").read_text("utf-8")
    assert re.search(r'<time datetime="2020-11"[^>]*>Tháng 11/2020</time>', month_article)
    dated = (out / "bai-viet" / "hoi-thao-chia-se-kinh-nghiem" / "index.html").read_text("utf-8")
    assert re.search(r'<time datetime="2020-11-05"[^>]*>Thứ Năm, 05/11/2020</time>', dated)
    assert '<h2 id="doi-ngoai-nhan-dan">Đối ngoại nhân dân</h2>' in dated
    assert "Đoạn mở đầu của “hội thảo”" in dated
    assert '<img src="/luu-tru/images/anh.jpg"' in dated
    # drafts are left out
    assert not (out / "bai-viet" / "ban-nhap-chua-dang").exists()
    export = json.loads((out / "data" / "articles.json").read_text(encoding="utf-8"))
    assert [a["date"] for a in export] == ["2022-07-07", "2021-06-18T09:30:00+07:00", "2020-11-05",
                                          "2020-11", "2020"]
    first_dated = export[2]
    assert first_dated == {
        "url": "https://example.org/luu-tru/bai-viet/hoi-thao-chia-se-kinh-nghiem/",
        "title": "Hội thảo: chia sẻ kinh nghiệm", "date": "2020-11-05", "lang": "vi",
        "venue": {"name": "Cần Thơ", "url": "https://example.org/luu-tru/dia-diem/can-tho/"},
        "speakers": [{"name": "Nguyễn Văn An", "role": "Chủ tịch Liên hiệp",
                      "url": "https://example.org/luu-tru/nhan-vat/nguyen-van-an/"},
                     {"name": "Trần Thị Bình", "role": None,
                      "url": "https://example.org/luu-tru/nhan-vat/tran-thi-binh/"}],
        "directives": [{"code": "38-CT/TW", "type": "Chỉ thị",
                        "title": "về hoạt động của Liên hiệp trong tình hình mới",
                        "url": "https://example.org/luu-tru/van-ban/38-ct-tw/"}],
        "tags": [{"name": "Hội thảo", "url": "https://example.org/luu-tru/chu-de/hoi-thao/"},
                 {"name": "VUFO", "url": "https://example.org/luu-tru/chu-de/vufo/"}],
        "summary": "Đoạn mở đầu của “hội thảo” với chữ đậm.",
    }


def test_drafts_are_built_only_when_asked(copy_site) -> None:
    site = copy_site("basic")
    run = run_cli("build", "--site", ".", "--drafts", cwd=site)
    assert run.code == 0
    assert "Built 6 articles (1 draft)" in run.stdout
    page = (site / "public" / "bai-viet" / "ban-nhap-chua-dang" / "index.html").read_text("utf-8")
    assert "Bản nháp – chưa xuất bản" in page


def test_base_url_option_overrides_config(copy_site) -> None:
    site = copy_site("basic")
    assert run_cli("build", "--site", ".", "--base-url", "http://127.0.0.1:8000",
                   cwd=site).code == 0
    home = (site / "public" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="http://127.0.0.1:8000/">' in home
    assert 'href="/assets/style.css"' in home
    bad = run_cli("build", "--site", ".", "--base-url", "127.0.0.1:8000", cwd=site)
    assert bad.code == 2
    assert bad.stderr == ("error: --base-url: '127.0.0.1:8000' is not a full web address; write a "
                          "full address such as https://example.org/luu-tru/\n")


def test_example_archive_builds_strict_without_warnings(copy_site) -> None:
    site = copy_site("example")
    run = run_cli("build", "--site", ".", "--strict", cwd=site)
    assert run.code == 0, run.stderr
    assert run.stderr == ""
    articles = len(list((ROOT / "content").rglob("*.md")))
    assert run.stdout.startswith(f"Built {articles} articles into public: ")


def test_example_archive_has_no_broken_link_under_a_sub_path(copy_site) -> None:
    site = copy_site("example")
    run = run_cli("build", "--site", ".", "--base-url", "https://example.org/luu-tru/", cwd=site)
    assert run.code == 0, run.stderr
    out = site / "public"
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 20
    checked = 0
    for page in pages:
        for url in links(scan(page)):
            if url.startswith("https://example.org/luu-tru/"):
                url = url[len("https://example.org"):]
            if url.startswith(("http://", "https://", "mailto:", "#")):
                continue
            assert url.startswith("/luu-tru/"), (
                f"{page.relative_to(out)} links to {url} outside base_url")
            target = resolve(out, url, "/luu-tru/")
            assert target is not None and target.is_file(), (
                f"{page.relative_to(out)}: broken link {url}")
            checked += 1
    assert checked > 500


ATOM = "{http://www.w3.org/2005/Atom}"
CHART_IDS = ("bieu-do-van-ban", "bieu-do-thang", "bieu-do-nam", "bieu-do-cac-nam")
# The header's search form, on every page: one form to the search page, its field, its button.
HEADER_SEARCH = {"form": "site-search", "input": "site-search-input",
                 "button": "site-search-button"}


def test_hostile_content_never_reaches_the_output_live(copy_site) -> None:
    site = copy_site("hostile")
    run = run_cli("build", "--site", ".", cwd=site)
    assert run.code == 0, run.stderr
    assert "warning: body: raw HTML <script> and its content were removed" in run.stderr
    assert "warning: body: raw HTML <iframe> was removed" in run.stderr
    assert "warning: body: the attribute 'onerror' of <img> was removed" in run.stderr
    search_page = site / "public" / "tim-kiem" / "index.html"
    for page in (site / "public").rglob("*.html"):
        # the search page's form and its script are the theme's; no article text is on it
        theme_controls = {"form", "input", "button", "noscript"} if page == search_page else set()
        elements = scan(page)
        header = [e for e in elements if e.tag in HEADER_SEARCH
                  and HEADER_SEARCH[e.tag] in e.attrs.get("class", "").split()]
        if header or any(e.tag == "header" for e in elements):  # not on redirect pages
            assert sorted(e.tag for e in header) == ["button", "form", "input"], page
            assert [e.attrs["action"] for e in header if e.tag == "form"] == ["/tim-kiem/"]
        for element in (e for e in elements if not any(e is h for h in header)):
            if element.tag == "script" and element.attrs.get("type") == "module":
                assert page == search_page and element.attrs == {
                    "type": "module", "src": "/assets/search.js"}, page
            elif element.tag == "script":
                assert element.attrs == {"type": "application/ld+json"}, page
                assert "<" not in element.text, f"{page}: markup inside inline JSON"
                json.loads(element.text)
            assert element.tag not in {"iframe", "object", "embed", "form", "base", "math",
                                       "input", "button", "noscript"} - theme_controls, page
            if element.tag == "svg":  # only the theme's own charts
                assert element.attrs.get("aria-labelledby") in CHART_IDS, page
            assert not any(name.startswith("on") for name in element.attrs), (page, element)
            for name in ("href", "src", "action", "formaction", "xlink:href"):
                value = element.attrs.get(name, "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (page, element)
            if element.tag == "meta":
                assert "http-equiv" not in element.attrs
            if element.tag == "link":
                assert element.attrs["rel"] in ("stylesheet", "canonical", "alternate", "icon",
                                                "apple-touch-icon", "schema.DC")
                assert not element.attrs["href"].startswith("https://evil")
                if element.attrs["rel"] == "schema.DC":  # the vocabulary's name, not fetched
                    assert element.attrs["href"] == "http://purl.org/dc/elements/1.1/"
    for feed in (site / "public").rglob("atom.xml"):  # the same text, escaped, in every feed
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
        # feedparser cleans what it reads, so look at the HTML exactly as the file carries it
        for content in ElementTree.parse(feed).getroot().iter(f"{ATOM}content"):
            assert content.text and "<script" not in content.text.lower(), feed
            assert "onerror" not in content.text.lower() and "<iframe" not in content.text.lower()
    strict = run_cli("build", "--site", ".", "--strict", cwd=site)
    assert strict.code == 1
    assert strict.stderr.endswith("(--strict treats warnings as errors).\n"
                                  "Build stopped: nothing was written, public is unchanged.\n")


def test_site_templates_and_assets_override_the_default_theme(copy_site) -> None:
    site = copy_site("override")
    assert run_cli("build", "--site", ".", cwd=site).code == 0
    out = site / "public"
    assert "Trang riêng của hội hữu nghị tỉnh" in (out / "404.html").read_text(encoding="utf-8")
    # the lists of articles (a month's; the front page has a layout of its own)
    month = (out / "dong-thoi-gian" / "2021" / "06" / "index.html").read_text(encoding="utf-8")
    assert ('<ul class="danh-sach-rieng">'
            '<li><a href="/bai-viet/mot-bai/">Một bài</a></li></ul>' in month)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<a class="skip-link"' in home  # base.html still comes from the default theme
    assert (out / "assets" / "style.css").read_text() == "body { color: #123456; }\n"
    assert (out / "assets" / "extra.js").exists()


def test_unknown_key_fails_only_under_strict(copy_site) -> None:
    site = copy_site("basic")
    (site / "content" / "2021" / "gio.md").write_text(
        "---\ntitle: Có khóa lạ\ndate: 2021-06-18\nspeaker: A\n---\nNội dung.\n",
        encoding="utf-8")
    normal = run_cli("build", "--site", ".", cwd=site)
    assert normal.code == 0
    assert normal.stderr == ("content/2021/gio.md:4:1: warning: unknown key 'speaker' "
                             "(did you mean 'speakers'?)\n")
    strict = run_cli("check", "--site", ".", "--strict", cwd=site)
    assert strict.code == 1
    assert strict.stderr == ("content/2021/gio.md:4:1: warning: unknown key 'speaker' "
                             "(did you mean 'speakers'?)\n"
                             "Found 0 errors and 1 warning (--strict treats warnings as errors).\n")


def test_missing_image_is_an_error(copy_site) -> None:
    site = copy_site("basic")
    (site / "static" / "images" / "anh.jpg").unlink()
    run = run_cli("build", "--site", ".", cwd=site)
    assert run.code == 1
    assert run.stderr.startswith(  # at the line of the item that names it (tests/test_images.py)
        "content/2020/ngay.md:14: error: images[0]: the image '/images/anh.jpg' "
        "is not in the site's static/ folder (save it as static/images/anh.jpg)\n")


def test_output_folder_that_holds_other_files_is_refused(copy_site, tmp_path: Path) -> None:
    site = copy_site("basic")
    precious = tmp_path / "tai-lieu"
    precious.mkdir()
    (precious / "bao-cao.docx").write_bytes(b"quan trong")
    run = run_cli("build", "--site", ".", "--out", str(precious), cwd=site)
    assert run.code == 2
    assert "already holds files this generator did not write" in run.stderr
    assert sorted(p.name for p in precious.iterdir()) == ["bao-cao.docx"]
    for out in (".", "content", "content/x"):
        run = run_cli("build", "--site", ".", "--out", out, cwd=site)
        assert run.code == 2, out
    assert (site / "content" / "2020" / "ngay.md").exists()


def test_invalid_registries_are_reported_with_lines(copy_site) -> None:
    site = copy_site("invalid-data")
    run = run_cli("build", "--site", ".", cwd=site)
    assert run.code == 1
    assert run.stderr == expected_output("invalid-data")
    assert not (site / "public").exists()


def test_variants_of_one_name_or_citation_build_one_page(copy_site) -> None:
    site = copy_site("entities")
    run = run_cli("build", "--site", ".", cwd=site)
    assert run.code == 0, run.stderr
    out = site / "public"

    def folders(section: str) -> list[str]:
        return sorted(p.name for p in (out / section).iterdir() if p.is_dir())
    assert folders("van-ban") == ["04-ct-tw", "3935-kh-ubnd"]
    assert folders("dia-diem") == ["dong-nai", "khanh-hoa"]
    assert folders("chu-de") == ["hoa", "hoa-binh"]
    assert "hoang-van-an" in folders("nhan-vat") and len(folders("nhan-vat")) == 6
    directive = (out / "van-ban" / "04-ct-tw" / "index.html").read_text(encoding="utf-8")
    assert directive.count('<li class="article-item">') == 3
    assert "<h1 class=\"page-title\">Chỉ thị 04-CT/TW</h1>" in directive
    article = (out / "bai-viet" / "bai-mot" / "index.html").read_text(encoding="utf-8")
    assert ('<a class="venue" href="/dia-diem/khanh-hoa/" data-pagefind-filter="venue">'
            'Khánh Hòa</a>') in article
    assert ('<a class="name" href="/nhan-vat/hoang-van-an/" data-pagefind-filter="speaker">'
            'Hoàng Văn An</a>') in article
    assert ('<a href="/van-ban/04-ct-tw/" data-pagefind-filter="directive">Chỉ thị 04-CT/TW</a>'
            in article)
    index = (out / "nhan-vat" / "index.html").read_text(encoding="utf-8")
    order = [index.index(f">{name}</a>") for name in (
        "Hoàng Văn An", "Lê Thị Anh", "Phạm Ngọc Ánh", "Vũ Thị Ân", "Trần Văn Dũng", "Đỗ Văn Đạt")]
    assert order == sorted(order)


def test_example_archive_resolves_every_directive_through_its_registry(copy_site) -> None:
    site = copy_site("example")
    assert run_cli("build", "--site", ".", "--strict", cwd=site).code == 0
    export = json.loads((site / "public" / "data" / "articles.json").read_text(encoding="utf-8"))
    cited = {(d["code"], d["type"]) for a in export for d in a["directives"]}
    assert cited == {("04-CT/TW", "Chỉ thị"), ("12-CT/TW", "Chỉ thị"), ("28-CT/TW", "Chỉ thị"),
                     ("32-CT/TW", "Chỉ thị"), ("38-CT/TW", "Chỉ thị"), ("297-CV/BĐNTW", "Công văn"),
                     ("8485-CV/TU", "Công văn"), ("3935/KH-UBND", "Kế hoạch")}
    for record in export:
        for directive in record["directives"]:
            assert directive["title"] and directive["url"].startswith(
                "https://example.org/luu-tru/van-ban/")
    page = (site / "public" / "van-ban" / "38-ct-tw" / "index.html").read_text(encoding="utf-8")
    assert ("Ban Bí thư Trung ương Đảng (khóa XII)" in page
            and 'href="/luu-tru/van-ban/28-ct-tw/"' in page)
    assert "<svg" in page
    # a document's date has no weekday; a related document is named with its type
    page = (site / "public" / "van-ban" / "28-ct-tw" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<time datetime="2008-12-02">02/12/2008</time>', page)
    assert "Thứ" not in re.sub(r"<[^>]+>", "", page.split("<main", 1)[1]).split("Các bài")[0]
    assert '<a href="/luu-tru/van-ban/38-ct-tw/">Chỉ thị 38-CT/TW</a>' in page
    index = (site / "public" / "van-ban" / "index.html").read_text(encoding="utf-8")
    assert '<span class="meta">ngày 02/12/2008</span>' in index and "ngày Thứ" not in index
    # a document no article cites is listed for what it is, never as "0 bài"; its page says so
    assert ">0 bài<" not in index
    assert re.search(r'href="/luu-tru/van-ban/238-qd-tw/">Quyết định 238-QĐ/TW</a>.*'
                     r'chưa có bài dẫn', index)
    uncited = (site / "public" / "van-ban" / "238-qd-tw" / "index.html").read_text("utf-8")
    assert "Chưa có bài viết nào trong kho lưu trữ dẫn văn bản này." in uncited
    assert "0 bài" not in uncited
