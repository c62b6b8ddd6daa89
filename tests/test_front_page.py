"""The front page and the site's chrome: the lead article with its picture, the grid of the next
ones, the directives and speakers most in the news in the newest year, the timeline by year;
the logo and icons (the theme's, or config.yaml's), the header's search form, and the main
navigation marking the current page and section."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import copy_example, run_cli
from PIL import Image

from diplomacy_archive.build.pipeline import BuildOptions, build
from diplomacy_archive.problems import BuildFailed

BASE_PATH = "/luu-tru/"  # the example's base_url is https://example.org/luu-tru/
PER_PAGE = 4
# Articles added to the example, in a year newer than any of its own, so that the blocks rank
# more than one entry: (file, front matter fields).
NEWS = [
    ("gap-mat-dau-nam.md", {"title": "Gặp mặt hữu nghị đầu năm", "date": "2023-02-10",
                            "speakers": [{"name": "Phan Anh Sơn"}, {"name": "Nguyễn Phương Nga"}],
                            "directives": ["Chỉ thị 12-CT/TW"]}),
    ("toa-dam-giua-nam.md", {"title": "Tọa đàm giữa năm", "date": "2023-06-15",
                             "speakers": [{"name": "Phan Anh Sơn"}],
                             "directives": ["Chỉ thị 12-CT/TW", "Chỉ thị 04-CT/TW"]}),
    ("le-ky-niem.md", {"title": "Lễ kỷ niệm ngày truyền thống", "date": "2023-09-20",
                       "speakers": [{"name": "Phan Anh Sơn"}, {"name": "Trần Quốc Vượng"}],
                       "directives": ["Chỉ thị 12-CT/TW"],
                       "images": [{"src": "/anh/le-ky-niem.jpg", "caption": "Toàn cảnh buổi lễ"}]}),
]


# ---------------------------------------------------------------- reading the pages

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self) -> str:
        return " ".join("".join(c if isinstance(c, str) else c.text() for c in self.children)
                        .split())

    def walk(self) -> list[Node]:
        found: list[Node] = []
        for child in self.children:
            if isinstance(child, Node):
                found.append(child)
                found.extend(child.walk())
        return found

    def all(self, tag: str = "", cls: str = "") -> list[Node]:
        return [n for n in self.walk() if (not tag or n.tag == tag)
                and (not cls or cls in n.classes)]

    def one(self, tag: str = "", cls: str = "") -> Node:
        found = self.all(tag, cls)
        assert len(found) == 1, (tag, cls, len(found))
        return found[0]


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(path: Path) -> Node:
    builder = TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    return builder.root


def output_file(out: Path, link: str, base_path: str = BASE_PATH) -> Path:
    """The file of the output a link of the site leads to."""
    assert link.startswith(base_path), link
    rest = link[len(base_path):].split("?")[0]
    return out / rest / "index.html" if rest == "" or rest.endswith("/") else out / rest


def front_matter(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


# ---------------------------------------------------------------- the site

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example archive, PER_PAGE articles a page, with NEWS added (the newest with a
    picture), built once."""
    site = copy_example(tmp_path_factory.mktemp("front") / "site")
    config = site / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"per_page: {PER_PAGE}\n",
                      encoding="utf-8")
    (site / "content" / "2023").mkdir()
    for name, fields in NEWS:
        text = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n\nNội dung.\n"
        (site / "content" / "2023" / name).write_text(text, encoding="utf-8")
    (site / "static" / "anh").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (960, 540), (40, 90, 160)).save(site / "static" / "anh" / "le-ky-niem.jpg")
    build(BuildOptions(site, search=False, jobs=1))
    return site


@pytest.fixture(scope="module")
def out(site: Path) -> Path:
    return site / "public"


@pytest.fixture(scope="module")
def home(out: Path) -> Node:
    return parse(out / "index.html")


def newest_first(out: Path, first_link: str) -> list[str]:
    """The articles from ``first_link`` back in time, each page's link to the older one."""
    links = [first_link]
    while True:
        page = parse(output_file(out, links[-1]))
        older = [a for a in page.all("a") if "older" in a.classes
                 or a.attrs.get("rel") == "prev"]
        if not older:
            return links
        links.append(older[0].attrs["href"])


def test_the_front_page_leads_with_the_newest_article_and_its_picture(site: Path, out: Path,
                                                                     home: Node) -> None:
    newest = max(NEWS, key=lambda n: str(n[1]["date"]))
    lead = home.one("article", "front-lead")
    title = lead.one("h2", "front-lead-title")
    assert title.text() == newest[1]["title"]
    link = title.one("a").attrs["href"]
    assert output_file(out, link).is_file()
    pictures = lead.all("img")
    assert len(pictures) == 1
    assert output_file(out, pictures[0].attrs["src"]) == out / "anh" / "le-ky-niem.jpg"
    assert pictures[0].attrs["loading"] == "eager"  # the largest thing on the first screen
    assert "has-picture" in lead.classes


def test_the_grid_holds_the_next_articles_of_the_first_page(out: Path, home: Node) -> None:
    lead = home.one("h2", "front-lead-title").one("a").attrs["href"]
    order = newest_first(out, lead)
    assert len(order) == 9 + len(NEWS)  # the example's nine and ours: the chain is whole
    grid = home.one("ol", "front-grid")
    cards = grid.all("li", "card")
    assert [c.one("h2", "card-title").one("a").attrs["href"] for c in cards] == \
        order[1:PER_PAGE]
    # the next page goes on from there, as a plain list
    second = parse(out / "trang" / "2" / "index.html")
    assert second.all(cls="front") == [] and second.all(cls="front-lead") == []
    listed = [h.one("a").attrs["href"] for h in second.all(cls="article-item-title")]
    assert listed == order[PER_PAGE:2 * PER_PAGE]


def test_the_blocks_rank_the_speakers_and_directives_of_the_newest_year(
        site: Path, home: Node) -> None:
    dates = {str(front_matter(p)["date"])[:4] for p in (site / "content").rglob("*.md")}
    newest_year = max(dates)
    articles = [front_matter(p) for p in (site / "content").rglob("*.md")
                if str(front_matter(p)["date"]).startswith(newest_year)]
    # each counted once per article that names it
    speakers = Counter(name for a in articles
                       for name in {s["name"] for s in a.get("speakers", [])})
    directives = Counter(d for a in articles for d in set(a.get("directives", [])))
    assert len(speakers) > 1 and len(set(speakers.values())) > 1  # there is a ranking to show

    for cls, expected in (("front-speakers", speakers), ("front-directives", directives)):
        block = home.one("section", cls)
        assert block.one("h2").text().endswith(f"năm {newest_year}")
        shown = [(li.one("a").text(), int(li.one("span", "count").text().split()[0]))
                 for li in block.one("ol", "front-ranking").all("li")]
        assert dict(shown) == dict(expected), cls
        counts = [count for _, count in shown]
        assert counts == sorted(counts, reverse=True), cls


def test_the_blocks_link_to_the_pages_of_what_they_name(out: Path, home: Node) -> None:
    for cls, h1 in (("front-speakers", "{}"), ("front-directives", "{}")):
        for link in home.one("section", cls).one("ol").all("a"):
            page = parse(output_file(out, link.attrs["href"]))
            assert page.one("h1").text() == h1.format(link.text())


def test_the_timeline_block_links_every_year(site: Path, out: Path, home: Node) -> None:
    years = sorted({str(front_matter(p)["date"])[:4] for p in (site / "content").rglob("*.md")},
                   reverse=True)
    block = home.one("section", "front-timeline")
    links = block.one("ul", "year-list").all("a")
    assert [a.text() for a in links] == [f"Năm {y}" for y in years]
    for link in links:
        assert output_file(out, link.attrs["href"]).is_file()
    chart = block.one("figure")
    bars = [a.attrs["href"] for a in chart.all("a")]
    assert sorted(bars) == sorted(a.attrs["href"] for a in links)  # the same charts module


def test_a_site_without_articles_gets_a_plain_home_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "config.yaml").write_text("title: Trống\nbase_url: https://example.org/\n",
                                      encoding="utf-8")
    build(BuildOptions(site, search=False, jobs=1))
    home = parse(site / "public" / "index.html")
    assert home.all(cls="front") == []
    assert home.one("h1").text() == "Tin mới nhất"


# ---------------------------------------------------------------- logo, icons, search, nav

def icon_links(page: Node) -> list[Node]:
    return [link for link in page.all("link") if link.attrs.get("rel") in
            ("icon", "apple-touch-icon")]


def test_the_default_logo_and_icons_are_files_of_the_output_under_the_sub_path(
        out: Path, home: Node) -> None:
    logo = home.one("img", "site-logo")
    assert logo.attrs["src"] == f"{BASE_PATH}assets/logo.svg"
    assert logo.attrs["alt"] == ""  # the title beside it names the link
    assert output_file(out, logo.attrs["src"]).read_bytes().startswith(b"<svg")
    links = icon_links(home)
    assert {link.attrs["href"] for link in links} >= {f"{BASE_PATH}favicon.ico",
                                                        f"{BASE_PATH}assets/favicon.svg"}
    for link in links:
        assert output_file(out, link.attrs["href"]).is_file(), link.attrs
    with Image.open(out / "favicon.ico") as icon:
        assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]
    article = parse(next((out / "bai-viet").glob("*/index.html")))
    assert [link.attrs for link in icon_links(article)] == [link.attrs for link in links]


def add_config(site: Path, lines: str) -> None:
    config = site / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + lines, encoding="utf-8")


def test_a_configured_logo_and_favicon_replace_the_themes(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    add_config(site, "logo: /hinh/logo-hoi.png\nfavicon: /hinh/bieu-tuong.svg\n")
    (site / "static" / "hinh").mkdir(parents=True)
    Image.new("RGB", (120, 40), (180, 30, 30)).save(site / "static" / "hinh" / "logo-hoi.png")
    (site / "static" / "hinh" / "bieu-tuong.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>', encoding="utf-8")
    out = tmp_path / "out"
    build(BuildOptions(site, out=out, base_url="https://example.org/", search=False, jobs=1))
    home = parse(out / "index.html")
    assert home.one("img", "site-logo").attrs["src"] == "/hinh/logo-hoi.png"
    links = icon_links(home)
    assert [(link.attrs["href"], link.attrs.get("type")) for link in links] == \
        [("/hinh/bieu-tuong.svg", "image/svg+xml")]
    for link in [*links, home.one("img", "site-logo")]:
        target = output_file(out, link.attrs.get("href") or link.attrs["src"], "/")
        assert target.is_file()
    assert (out / "favicon.ico").is_file()  # still there for those who ask for it


def test_a_static_favicon_ico_takes_the_place_of_the_themes(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    (site / "static").mkdir(exist_ok=True)
    Image.new("RGB", (16, 16), (0, 128, 0)).save(site / "static" / "favicon.ico")
    build(BuildOptions(site, search=False, jobs=1))
    assert (site / "public" / "favicon.ico").read_bytes() == \
        (site / "static" / "favicon.ico").read_bytes()


def test_a_missing_logo_file_is_an_error_naming_config_yaml(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    add_config(site, "logo: /hinh/khong-co.svg\n")
    line = (site / "config.yaml").read_text(encoding="utf-8").splitlines().index(
        "logo: /hinh/khong-co.svg") + 1
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(site, search=False, jobs=1))
    [problem] = failed.value.problems.errors
    assert (problem.path, problem.line, problem.field) == ("config.yaml", line, "logo")
    assert "static/hinh/khong-co.svg" in problem.hint_text and "/hinh/khong-co.svg" in problem.text
    run = run_cli("build", "--site", ".", "--lang", "en", cwd=site)
    assert run.code == 1
    assert re.search(rf"config\.yaml:{line}:\d+: .*/hinh/khong-co\.svg", run.stderr), run.stderr


@pytest.mark.parametrize("setting", ["logo: https://example.com/logo.svg",
                                     "logo: hinh/logo.svg", "logo: /hinh/",
                                     "logo: /hinh/logo.txt", "favicon: /hinh/bieu-tuong.jpg",
                                     "favicon: /../bieu-tuong.ico", "logo: 12"])
def test_logo_and_favicon_must_be_pictures_of_static(tmp_path: Path, setting: str) -> None:
    site = copy_example(tmp_path / "site")
    add_config(site, setting + "\n")
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(site, search=False, jobs=1))
    assert [p.field for p in failed.value.problems.errors] == [setting.split(":")[0]]


def test_the_header_search_form_goes_to_the_search_page(out: Path, home: Node) -> None:
    form = home.one("header").one("form", "site-search")
    assert form.attrs["action"] == f"{BASE_PATH}tim-kiem/"
    assert output_file(out, form.attrs["action"]).is_file()
    assert form.attrs.get("method", "get").lower() == "get"
    assert form.attrs["role"] == "search"
    [field] = [i for i in form.all("input") if i.attrs.get("type") == "search"]
    assert field.attrs["name"] == "q"
    label = form.one("label")
    assert label.attrs["for"] == field.attrs["id"] and label.text()
    assert form.one("button").text()


def nav_marks(page: Node) -> dict[str, tuple[str, str]]:
    """Each entry of the main navigation: its name, its class and its aria-current."""
    nav = page.one("nav", "site-nav")
    return {a.text(): (a.attrs.get("class", ""), a.attrs.get("aria-current", ""))
            for a in nav.all("a")}


def only_marked(marks: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    return {name: mark for name, mark in marks.items() if mark != ("", "")}


def test_a_speaker_page_marks_the_speakers_section_not_a_page(out: Path, home: Node) -> None:
    speakers = parse(out / "nhan-vat" / "index.html")
    speaker_link = home.one("section", "front-speakers").all("a")[0].attrs["href"]
    speaker = parse(output_file(out, speaker_link))
    assert speaker.one("h1").text() == home.one("section", "front-speakers").all("a")[0].text()
    assert only_marked(nav_marks(speaker)) == {"Nhân vật": ("is-section", "true")}
    assert only_marked(nav_marks(speakers)) == {"Nhân vật": ("is-current", "page")}


@pytest.mark.parametrize(("path", "entry"), [
    ("bai-viet/le-ky-niem/", "Trang chủ"), ("dong-thoi-gian/2023/", "Dòng thời gian"),
    ("dong-thoi-gian/2023/09/", "Dòng thời gian"), ("van-ban/12-ct-tw/", "Văn bản"),
    ("dia-diem/ha-noi/", "Địa điểm"), ("trang/2/", "Trang chủ")])
def test_pages_inside_a_section_mark_its_entry(out: Path, path: str, entry: str) -> None:
    assert only_marked(nav_marks(parse(out / path / "index.html"))) == \
        {entry: ("is-section", "true")}


def test_tag_pages_mark_the_tags_entry(out: Path) -> None:
    tags = parse(out / "chu-de" / "index.html")
    tag_link = tags.one("main").all("a")[0].attrs["href"]
    assert only_marked(nav_marks(parse(output_file(out, tag_link)))) == \
        {"Chủ đề": ("is-section", "true")}


def test_the_home_page_marks_itself(home: Node) -> None:
    assert only_marked(nav_marks(home)) == {"Trang chủ": ("is-current", "page")}
