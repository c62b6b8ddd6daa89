"""Addresses never move by accident: an article's address is its file's name (or its `slug:`),
never its title; old addresses (`aliases:`, registries' `old_addresses:`) become redirect pages;
`check` and `build` warn when a page the last build published would move without one."""

from __future__ import annotations

import gzip
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_cli

from diplomacy_archive.build.pipeline import BuildOptions, BuildResult, build
from diplomacy_archive.problems import BuildFailed, Problems
from diplomacy_archive.source.articles import SourceText, parse_article
from diplomacy_archive.source.config import Config

BASE = "https://example.org/luu-tru/"
CONFIG_YAML = f"title: Kho thử\nbase_url: {BASE}\n"
CONFIG = Config(title="Kho thử", base_url=BASE)


def article(title: str, date: str = "2021-06-18", body: str = "Nội dung.", **fields: str) -> str:
    lines = ["---", f'title: "{title}"', f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join(lines + ["---", "", body, ""])


def make_site(root: Path, articles: dict[str, str], data: dict[str, str] | None = None) -> Path:
    """A site of ``articles`` (path under content/ -> text) and registries (name -> YAML)."""
    site = root / "site"
    site.mkdir()
    (site / "config.yaml").write_text(CONFIG_YAML, encoding="utf-8")
    for name, text in articles.items():
        write(site / "content" / name, text)
    for name, text in (data or {}).items():
        write(site / "data" / name, text)
    return site


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def options(site: Path, **more: object) -> BuildOptions:
    return BuildOptions(site=site, jobs=1, search=False, **more)  # type: ignore[arg-type]


def run(site: Path, write_output: bool = True, **more: object) -> list[str]:
    """Build (or check, without ``write_output``) the site: its problems as printed, with a
    failed build's too."""
    try:
        result: BuildResult = build(options(site, **more), write=write_output)
    except BuildFailed as exc:
        return [p.format_text() for p in exc.problems.sorted()] + ["(failed)"]
    return [p.format_text() for p in result.problems.sorted()]


def check(site: Path) -> list[str]:
    return run(site, write_output=False)


def pages(site: Path, section: str = "bai-viet") -> list[str]:
    folder = site / "public" / section
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


class Markup(HTMLParser):
    """The elements of a page, with a check that every element is closed in order."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr"}

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: dict[str, str] = {}
        self.doctype = ""
        self.feed(text)
        self.close()

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open:
            self.text[self.open[-1]] = self.text.get(self.open[-1], "") + data

    def find(self, tag: str, **attrs: str) -> dict[str, str]:
        found = [a for t, a in self.elements
                 if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]
        assert len(found) == 1, (tag, attrs, self.elements)
        return found[0]


def assert_redirect(page: Path, target: str, notice: str = "Bài viết") -> Markup:
    """``page`` is a valid HTML5 redirect page to ``target`` (a path in the site)."""
    markup = Markup(page.read_text(encoding="utf-8"))
    assert markup.doctype.lower() == "doctype html" and not markup.open
    assert [t for t, _ in markup.elements][:2] == ["html", "head"]
    assert markup.find("html")["lang"] == "vi"
    assert markup.find("meta", charset="utf-8") and markup.text["title"].strip()
    assert markup.find("meta", http_equiv="refresh")["content"] == f"0; url=/luu-tru/{target}"
    assert markup.find("link", rel="canonical")["href"] == f"{BASE}{target}"
    assert markup.find("meta", name="robots")["content"] == "noindex"
    assert markup.find("a")["href"] == f"/luu-tru/{target}"
    assert markup.text["a"] == f"{BASE}{target}"
    assert markup.text["p"].strip() == f"{notice} đã chuyển đến địa chỉ mới:"
    assert not any(tag == "script" for tag, _ in markup.elements)
    assert not any(name.startswith("on") for _, a in markup.elements for name in a)
    return markup


# ---------------------------------------------------------------- the address of an article

def test_editing_the_title_keeps_the_address(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2021/toa-dam.md": article("Tọa đàm hữu nghị")})
    assert run(site) == []
    assert pages(site) == ["toa-dam"]
    path = site / "content" / "2021" / "toa-dam.md"
    path.write_text(article("Tọa đàm về đối ngoại nhân dân trong tình hình mới"), "utf-8")
    assert check(site) == []
    assert run(site) == []
    assert pages(site) == ["toa-dam"]
    page = (site / "public" / "bai-viet" / "toa-dam" / "index.html").read_text(encoding="utf-8")
    assert "Tọa đàm về đối ngoại nhân dân trong tình hình mới" in page


def test_the_file_name_is_the_address_unless_slug_says_otherwise(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "2021/hoi-nghi.md": article("Một tiêu đề khác hẳn"),
        "2021/Tọa Đàm Hữu_Nghị.md": article("Tọa đàm"),  # made into a slug
        "2022/x.markdown": article("Bài có slug", slug="bai-co-dia-chi-rieng"),
    })
    assert run(site) == []
    assert pages(site) == ["bai-co-dia-chi-rieng", "hoi-nghi", "toa-dam-huu-nghi"]


def test_file_names_that_give_no_address_are_errors(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2021/中文.md": article("Bài"),
                                "2021/" + "a" * 121 + ".md": article("Bài dài"),
                                "2020/trung.md": article("Một"), "2021/trung.md": article("Hai")})
    assert check(site) == [
        "content/2021/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.md: error: the file name gives a web "
        "address part of 121 characters; it may have at most 120 (rename the file to a few "
        "words, or add a shorter 'slug: ...')",
        "content/2021/trung.md: error: the slug 'trung' is already used by content/2020/trung.md "
        "(rename one of the two files (an article's address is its file's name), or give it a "
        "different 'slug: ...')",
        "content/2021/中文.md: error: the file name '中文.md' gives no letters for the web "
        "address (rename the file with a-z, 0-9 and '-' (such as toa-dam.md), or add a line "
        "'slug: ...' made of them)",
        "(failed)"]
    (site / "content" / "2021" / "中文.md").write_text(article("Bài", slug="bai-tieng-trung"),
                                                      encoding="utf-8")
    assert "中文" not in " ".join(check(site))


# ---------------------------------------------------------------- aliases: redirect pages

def test_a_renamed_file_with_aliases_leaves_a_working_redirect(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2021/cu.md": article("Gặp mặt hữu nghị")})
    assert run(site) == []
    (site / "content" / "2021" / "cu.md").unlink()
    write(site / "content" / "2021" / "gap-mat.md",
          article("Gặp mặt hữu nghị", aliases="[/bai-viet/cu/]"))
    assert check(site) == []
    assert run(site) == []
    assert pages(site) == ["cu", "gap-mat"]
    assert_redirect(site / "public" / "bai-viet" / "cu" / "index.html", "bai-viet/gap-mat/")
    assert "Gặp mặt hữu nghị" in (site / "public" / "bai-viet" / "cu" / "index.html").read_text(
        encoding="utf-8")
    assert run(site) == []  # and nothing to warn of once published


def test_every_accepted_form_of_an_old_address(tmp_path: Path) -> None:
    aliases = ["ten-cu", "/tin-tuc/bai-cu", "/tin-tuc/2019/bai-cu.html", f"{BASE}bai-viet/dan/",
               "/Tin/Bai.HTM", "/bai-viet/hai-lan/", "/bai-viet/hai-lan/"]
    site = make_site(tmp_path, {"2021/moi.md": article("Bài", aliases=json.dumps(aliases))})
    assert run(site) == []
    out = site / "public"
    for file in ("bai-viet/ten-cu/index.html", "tin-tuc/bai-cu/index.html",
                 "tin-tuc/2019/bai-cu.html", "bai-viet/dan/index.html", "Tin/Bai.HTM",
                 "bai-viet/hai-lan/index.html"):
        assert_redirect(out / file, "bai-viet/moi/")


@pytest.mark.parametrize("alias, message", [
    ("https://khac.example.com/bai-viet/x/",
     "'https://khac.example.com/bai-viet/x/' is not an address of this site (a redirect page can "
     "only be made at an address of this site: write the part after the site's address, such "
     "as '/bai-viet/ten-cu/')"),
    ("//khac.example.com/x/", "'//khac.example.com/x/' is not an address of this site"),
    ("https://example.org/khac/x/", "'https://example.org/khac/x/' is not an address of this "
                                    "site"),
    ("/bai-viet/../../etc/", "'/bai-viet/../../etc/' points outside the site (write an address "
                             "such as '/bai-viet/ten-cu/')"),
    ("/tin\\\\x/", "'/tin\\x/' points outside the site"),
    ("/index.php?p=12", "'/index.php?p=12' has a '?' or '#' part, which a static site cannot "
                        "answer (write the path alone, such as '/bai-viet/ten-cu/')"),
    ("/.git/hooks/", "'/.git/hooks/' cannot be the name of a page in the site (use only letters "
                     "a-z and A-Z, digits, '-', '_' and '.' between the '/', and no part "
                     "starting with '.')"),
    ("/tin//x/", "'/tin//x/' cannot be the name of a page in the site"),
    ("/tin tức/x/", "'/tin tức/x/' cannot be the name of a page in the site"),
    ("Tọa đàm cũ", "'Tọa đàm cũ' is neither an address of this site nor a slug (write the old "
                   "address from the site's address on, such as '/bai-viet/ten-cu/', or the old "
                   "slug alone (a-z, 0-9 and '-'))"),
])
def test_an_old_address_that_cannot_be_one_is_an_error_at_its_line(alias: str, message: str
                                                                     ) -> None:
    problems = Problems()
    text = f"---\ntitle: x\ndate: 2020\naliases:\n  - ok-slug\n  - \"{alias}\"\n---\nx\n"
    article_ = parse_article(SourceText("a.md", "content/a.md", text), CONFIG, problems)
    assert article_ is None
    [problem] = [p.format_text() for p in problems.items]
    assert problem.startswith(f"content/a.md:6:5: error: aliases[1]: {message}"), problem


def test_aliases_must_be_a_list_of_addresses() -> None:
    problems = Problems()
    parse_article(SourceText("a.md", "content/a.md", "---\ntitle: x\ndate: 2020\naliases: 5\n"
                             "---\nx\n"), CONFIG, problems)
    assert [p.format_text() for p in problems.items] == [
        "content/a.md:4:10: error: aliases: must be a list, not a number "
        "(write aliases: [/bai-viet/ten-cu/])"]
    article_ = parse_article(SourceText("a.md", "content/a.md", "---\ntitle: x\ndate: 2020\n"
                                        "aliases: /bai-viet/cu\n---\nx\n"), CONFIG, Problems())
    assert article_ is not None and article_.aliases == ("/bai-viet/cu/",)


def test_an_old_address_that_is_a_real_page_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "2021/a.md": article("Bài A", aliases="[/bai-viet/b/, /bai-viet/a/, /, /404.html/x/]"),
        "2021/b.md": article("Bài B", aliases="[/tin/chung/]"),
        "2021/c.md": article("Bài C", aliases="[/tin/chung/, /data/articles.json/]"),
    })
    assert check(site) == [  # (sorted by message)
        "content/2021/a.md:4: error: aliases[2]: '/' is the address of the home page, page 1 "
        "(remove it from 'aliases:': a redirect there would replace that page)",
        "content/2021/a.md:4: error: aliases[3]: '/404.html/x/' is the address of the 404 page "
        "(remove it from 'aliases:': a redirect there would replace that page)",
        "content/2021/a.md:4: error: aliases[1]: '/bai-viet/a/' is the address of this article "
        "itself (remove it from 'aliases:')",
        "content/2021/a.md:4: error: aliases[0]: '/bai-viet/b/' is the address of the page of "
        "article content/2021/b.md (remove it from 'aliases:': a redirect there would replace "
        "that page)",
        "content/2021/b.md:4: error: aliases[0]: '/tin/chung/' is also an old address of the "
        "article content/2021/c.md (an old address can lead to one page only: keep it in one "
        "of the two)",
        "content/2021/c.md: error: the redirect from '/data/articles.json/' to the page of "
        "article content/2021/c.md would be written inside 'data/articles.json', which is the "
        "data export (rename or move one of them so each has its own address)",
        "(failed)"]


# ---------------------------------------------------------------- pages that would move

def test_a_slug_change_without_an_alias_is_a_warning_until_published(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2021/toa-dam.md": article("Tọa đàm", slug="toa-dam"),
                                "2021/khac.md": article("Khác", aliases="[/tin/khac/]")})
    assert run(site) == []  # a first build: nothing to compare with
    path = site / "content" / "2021" / "toa-dam.md"
    path.write_text(article("Tọa đàm", slug="toa-dam-moi"), encoding="utf-8")
    warning = ("content/2021/toa-dam.md:4: warning: slug: this article was at /bai-viet/toa-dam/ "
               "in the last build and is now at /bai-viet/toa-dam-moi/: links to "
               "/bai-viet/toa-dam/ would break (if the move is meant, add the line 'aliases: "
               "[/bai-viet/toa-dam/]' to the front matter so that the old address leads here; "
               "if not, give back its old 'slug:')")
    assert check(site) == [warning]
    assert check(site) == [warning]  # check writes nothing: the same again
    assert run(site, write_output=False, strict=True) == [warning, "(failed)"]
    assert run(site) == [warning]  # the build goes on, and says it once
    assert pages(site) == ["khac", "toa-dam-moi"]
    assert check(site) == [] and run(site) == []
    # once more, an article that has aliases already: the line to write keeps them
    path = site / "content" / "2021" / "khac.md"
    path.write_text(article("Khác", aliases="[/tin/khac/]", slug="khac-moi"), encoding="utf-8")
    assert check(site) == [
        "content/2021/khac.md:5: warning: slug: this article was at /bai-viet/khac/ in the last "
        "build and is now at /bai-viet/khac-moi/: links to /bai-viet/khac/ would break (if the "
        "move is meant, change the line 'aliases:' of the front matter to 'aliases: [/tin/khac/, "
        "/bai-viet/khac/]' so that the old address leads here; if not, give back its old "
        "'slug:')"]
    path.write_text(article("Khác", aliases="[/tin/khac/, /bai-viet/khac/]", slug="khac-moi"),
                    encoding="utf-8")
    assert check(site) == [] and run(site) == []
    assert_redirect(site / "public" / "bai-viet" / "khac" / "index.html", "bai-viet/khac-moi/")


def test_a_renamed_file_is_named_in_the_warning(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2021/cu.md": article("Gặp mặt hữu nghị"),
                                "2021/bo-di.md": article("Bài sẽ xóa"),
                                "2021/nhap.md": article("Bài sẽ thành bản nháp")})
    assert run(site) == []
    (site / "content" / "2021" / "cu.md").rename(site / "content" / "2021" / "gap-mat.md")
    (site / "content" / "2021" / "bo-di.md").unlink()  # deleted: gone on purpose
    write(site / "content" / "2021" / "nhap.md", article("Bài sẽ thành bản nháp", draft="true"))
    assert check(site) == [
        "content/2021/gap-mat.md: warning: content/2021/cu.md was at /bai-viet/cu/ in the last "
        "build; this file has its title and is at /bai-viet/gap-mat/: links to /bai-viet/cu/ "
        "would break (if the move is meant, add the line 'aliases: [/bai-viet/cu/]' to the "
        "front matter so that the old address leads here; if not, give the file back its old "
        "name)"]


def test_check_on_the_command_line_compares_with_the_published_site(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2021/toa-dam.md": article("Tọa đàm")})
    assert run_cli("build", "-q", cwd=site).code == 0  # with the search index, as check reads
    (site / "content" / "2021" / "toa-dam.md").rename(site / "content" / "2021" / "hoi-dam.md")
    done = run_cli("check", "--strict", cwd=site)
    assert done.code == 1
    assert done.stderr.startswith(
        "content/2021/hoi-dam.md: warning: content/2021/toa-dam.md was at /bai-viet/toa-dam/ in "
        "the last build; this file has its title and is at /bai-viet/hoi-dam/")


# ---------------------------------------------------------------- entity pages

REGISTRIES = {
    "speakers.yaml": "- name: Nguyễn Văn An\n  old_addresses: [/nhan-vat/ong-an/, an-cu]\n",
    "venues.yaml": "- name: Hà Nội\n  aliases: [Thủ đô]\n  old_addresses: /dia-diem/thu-do/\n",
    "directives.yaml": "- code: 38-CT/TW\n  old_addresses: [/van-ban/chi-thi-38/]\n",
}


def test_old_addresses_of_entity_pages_redirect_to_them(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2021/a.md": article(
        "Bài", venue="Thủ đô", speakers="[Nguyễn Văn An]", directives="[Chỉ thị 38-CT/TW]")},
        REGISTRIES)
    assert run(site) == []
    out = site / "public"
    assert_redirect(out / "nhan-vat" / "ong-an" / "index.html", "nhan-vat/nguyen-van-an/",
                    "Trang")
    assert_redirect(out / "nhan-vat" / "an-cu" / "index.html", "nhan-vat/nguyen-van-an/",
                    "Trang")
    assert_redirect(out / "dia-diem" / "thu-do" / "index.html", "dia-diem/ha-noi/", "Trang")
    assert_redirect(out / "van-ban" / "chi-thi-38" / "index.html", "van-ban/38-ct-tw/", "Trang")


def test_old_addresses_in_registries_are_checked_like_aliases(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2021/a.md": article("Bài", speakers="[Nguyễn Văn An]")}, {
        "speakers.yaml": "- name: Nguyễn Văn An\n  aliases: [/nhan-vat/an/]\n"
                         "  old_addresses: [/bai-viet/a/, ../x]\n"})
    assert check(site) == [
        "data/speakers.yaml:1: error: old_addresses[0]: '/bai-viet/a/' is the address of the "
        "page of article content/2021/a.md (remove it from 'old_addresses:': a redirect there "
        "would replace that page)",
        "data/speakers.yaml:2:13: warning: aliases[0]: '/nhan-vat/an/' looks like a web address, "
        "not another way of writing the name (aliases are other spellings of the name; old "
        "addresses of the page go in 'old_addresses:')",
        "data/speakers.yaml:3:33: error: old_addresses[1]: '../x' is neither an address of this "
        "site nor a slug (write the old address from the site's address on, such as "
        "'/nhan-vat/ten-cu/', or the old slug alone (a-z, 0-9 and '-'))",
        "(failed)"]


def test_an_entity_page_that_would_move_is_a_warning_at_its_entry(tmp_path: Path) -> None:
    speakers = "- name: Nguyễn Văn An\n  bio: Chủ tịch.\n"
    site = make_site(tmp_path, {"2021/a.md": article("Bài", speakers="[Nguyễn Văn An]")},
                     {"speakers.yaml": speakers})
    assert run(site) == []
    write(site / "data" / "speakers.yaml",  # the official spelling changes
          "- name: Nguyễn Văn Anh\n  aliases: [Nguyễn Văn An]\n  bio: Chủ tịch.\n")
    assert check(site) == [
        "data/speakers.yaml:1: warning: the page of the speaker 'Nguyễn Văn An' was at "
        "/nhan-vat/nguyen-van-an/ in the last build and is now at /nhan-vat/nguyen-van-anh/: "
        "links to /nhan-vat/nguyen-van-an/ would break (if the move is meant, add the line "
        "'old_addresses: [/nhan-vat/nguyen-van-an/]' to this entry so that the old address "
        "leads to the new page)"]
    write(site / "data" / "speakers.yaml", "- name: Nguyễn Văn Anh\n  aliases: [Nguyễn Văn An]\n"
          "  bio: Chủ tịch.\n  old_addresses: [/nhan-vat/nguyen-van-an/]\n")
    assert check(site) == [] and run(site) == []
    assert_redirect(site / "public" / "nhan-vat" / "nguyen-van-an" / "index.html",
                    "nhan-vat/nguyen-van-anh/", "Trang")
    write(site / "content" / "2021" / "a.md", article("Bài"))  # no article names them any more
    assert check(site) == []


def test_a_directive_page_split_in_two_is_a_warning_naming_both(tmp_path: Path) -> None:
    """Numbers start again with each Party term: a second document with one code moves the
    first one's page (both get the year of issue)."""
    site = make_site(tmp_path, {"2021/a.md": article("Bài", directives="[Chỉ thị 04-CT/TW]")},
                     {"directives.yaml": "- code: 04-CT/TW\n  issued: 2021-08-10\n"})
    assert run(site) == []
    write(site / "data" / "directives.yaml",
          "- code: 04-CT/TW\n  issued: 2021-08-10\n- code: 04-CT/TW\n  issued: 2011-07-06\n")
    assert check(site) == [
        "data/directives.yaml: warning: the page of the document 'Chỉ thị 04-CT/TW' was at "
        "/van-ban/04-ct-tw/ in the last build and is now at /van-ban/04-ct-tw-2011/ or "
        "/van-ban/04-ct-tw-2021/: links to /van-ban/04-ct-tw/ would break (add "
        "'old_addresses: [/van-ban/04-ct-tw/]' to the entry of the document the old page was "
        "about, so that the old address leads to its page)"]
    write(site / "data" / "directives.yaml",
          "- code: 04-CT/TW\n  issued: 2021-08-10\n  old_addresses: [/van-ban/04-ct-tw/]\n"
          "- code: 04-CT/TW\n  issued: 2011-07-06\n")
    assert check(site) == [] and run(site) == []
    assert_redirect(site / "public" / "van-ban" / "04-ct-tw" / "index.html",
                    "van-ban/04-ct-tw-2021/", "Trang")


# ---------------------------------------------------------------- not pages of the archive

def test_redirect_pages_are_not_in_the_sitemap_feeds_search_or_export(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2021/moi.md": article("Bài mới", aliases="[/bai-viet/cu/]",
                                                       speakers="[Nguyễn Văn An]")},
                     {"speakers.yaml": "- name: Nguyễn Văn An\n  old_addresses: [ong-an]\n"})
    result = build(BuildOptions(site=site, jobs=1))  # with the search index
    assert not result.problems.items
    out = site / "public"
    assert (out / "bai-viet" / "cu" / "index.html").is_file()
    assert (out / "nhan-vat" / "ong-an" / "index.html").is_file()
    for old in ("bai-viet/cu/", "nhan-vat/ong-an/"):
        for file in ("sitemap.xml", "atom.xml", "data/articles.json",
                     "nhan-vat/nguyen-van-an/atom.xml"):
            assert old not in (out / file).read_text(encoding="utf-8"), (old, file)
        assert not (out / old / "atom.xml").exists()
    urls = set()
    for fragment in (out / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        urls.add(json.loads(data[len(b"pagefind_dcd"):])["url"])
    assert urls == {"/bai-viet/moi/"}  # (Pagefind's addresses are from the output folder)
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{BASE}bai-viet/moi/" in sitemap and f"{BASE}nhan-vat/nguyen-van-an/" in sitemap
