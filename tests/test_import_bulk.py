"""Bulk import: a folder (a site mirror) walked, copies of one article folded into one draft,
an import run again creating nothing, addresses without their noise, and the report."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from conftest import copy_example, run_cli, snapshot
from test_import import DA_NANG

from diplomacy_archive.importing.duplicates import draft_fingerprint, fingerprint, same_article
from diplomacy_archive.importing.record import Block, Draft
from diplomacy_archive.importing.run import find_pages, import_files
from diplomacy_archive.importing.urls import clean_url

PAGES = Path(__file__).resolve().parent / "import_pages"
REPORT = Path(".cache") / "import-report.md"


def html_page(text: str, url: str, chrome: str) -> str:
    """A saved page of the article in ``text`` (title first), with its own menus and footer."""
    title, *lines = [line for line in text.splitlines() if line.strip()]
    body = "".join(f"<p>{line}</p>" for line in lines)
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="og:url" content="{url}">'
            f'<meta property="og:site_name" content="Báo Đà Nẵng"></head><body>'
            f"<nav>{chrome}</nav><article><h1>{title}</h1>{body}</article>"
            f"<footer>{chrome} Bản quyền thuộc về Báo Đà Nẵng</footer></body></html>")


ARTICLE = DA_NANG.splitlines()[3:10]  # title, then the article's paragraphs (no chrome)


def make_mirror(root: Path) -> Path:
    """A mirror with the Đà Nẵng article four times (two saved pages with other chrome, one in
    a nested folder, a copied text with the site's menus) and another article; a 'Save page as'
    folder, a picture and a file that is not text."""
    mirror = root / "mirror"
    (mirror / "a").mkdir(parents=True)
    (mirror / "b" / "nested").mkdir(parents=True)
    (mirror / "a" / "tin-1.html").write_text(html_page(
        "\n".join(ARTICLE), "https://danang.example.vn/tin-1.html;jsessionid=9F2A?id=7"
        "&utm_source=zalo&fbclid=IwAR0", "Trang chủ | Tin tức"), encoding="utf-8")
    (mirror / "b" / "nested" / "tin-1-ban-sao.htm").write_text(html_page(
        "\n".join(ARTICLE), "https://mirror.example.org/danang/tin-1.html?lang=vi",
        "Giới thiệu | Văn bản | Liên hệ | Thư viện ảnh"), encoding="utf-8")
    (mirror / "b" / "chep-lai.txt").write_text(DA_NANG, encoding="utf-8")  # the page as copied
    (mirror / "b" / "them-dau-cach.txt").write_text(  # the same text, spaced and cased otherwise
        DA_NANG.replace(", ", " ,  ").replace("Đà Nẵng tọa đàm", "ĐÀ NẴNG tọa   đàm"),
        encoding="utf-8")
    (mirror / "khac.txt").write_text((PAGES / "source_author.txt").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    assets = mirror / "a" / "tin-1_files"
    assets.mkdir()
    (assets / "khung.html").write_text(html_page(
        "Một trang khung\nNội dung của khung quảng cáo, không phải bài viết.", "https://x.vn/",
        ""), encoding="utf-8")
    (assets / "style.css").write_text("body { color: red }", encoding="utf-8")
    (mirror / "anh.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)))
    (mirror / "hong.txt").write_bytes(b"\x00\x01\xfe\xff\x89PNG" + bytes(range(128, 256)))
    return mirror


@pytest.fixture
def site(copy_site) -> Path:
    return copy_site("example")


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_a_mirror_becomes_one_draft_per_article_and_a_second_run_adds_nothing(
        site: Path, tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path)
    before = snapshot(site / "content")
    first = run_cli("import", str(mirror), "--site", ".", "--lang", "en", cwd=site)
    assert first.code == 1, first.stderr  # one file could not be read
    assert "hong.txt" in first.stderr and "not UTF-8" in first.stderr
    new = sorted(set(snapshot(site / "content")) - set(before))
    assert len(new) == 2, new  # the Đà Nẵng article once, and the other one
    drafts = {front(site / "content" / path)["title"]: path for path in new}
    da_nang = front(site / "content" / drafts[ARTICLE[0]])
    assert da_nang["source"]["url"] == "https://danang.example.vn/tin-1.html?id=7"
    assert da_nang["date"] == "2024-03-09"
    assert not any("khung" in path for path in new)
    assert first.stdout.count("the same article as") == 3
    assert "Read 6 files: 5 articles, 2 drafts written, 3 folded into them, 0 already in the " \
           "site, 1 unreadable." in first.stdout
    assert "The report of this import: .cache/import-report.md" in first.stdout

    report = (site / REPORT).read_text(encoding="utf-8")
    assert "| files read | 6 |" in report  # the unreadable one too
    assert "| articles found | 5 |" in report
    assert "| drafts written | 2 |" in report
    assert "| copies of an article already drafted in this import | 3 |" in report
    assert "| articles the site already has | 0 |" in report
    assert "| files that could not be read | 1 |" in report
    assert "| `date` | 1 / 2 |" in report and "| `speakers` |" in report
    kept = drafts[ARTICLE[0]]
    assert f"[{ARTICLE[0]}](<../content/{kept}>), from [" in report  # linked to its file
    assert "(<../../mirror/a/tin-1.html>)" in report  # and to its source
    assert "  - date: " in report  # its open notes
    for copy in ("b/chep-lai.txt", "b/them-dau-cach.txt", "b/nested/tin-1-ban-sao.htm"):
        assert f"(<../../mirror/{copy}>): the same article as" in report
    assert "hong.txt" in report.split("## Files that could not be read (1)")[1]

    again = run_cli("import", str(mirror), str(mirror / "khac.txt"), "--site", ".",
                    "--lang", "en", cwd=site)
    assert again.code == 1
    assert sorted(set(snapshot(site / "content")) - set(before)) == new  # nothing new
    assert again.stdout.count("already imported as content/") == 5
    assert "0 drafts written" in again.stdout and "5 already in the site" in again.stdout
    report = (site / REPORT).read_text(encoding="utf-8")
    assert "| drafts written | 0 |" in report
    assert "| articles the site already has | 5 |" in report
    [other] = [Path(path).name for title, path in drafts.items() if title != ARTICLE[0]]
    assert f"(<../../mirror/khac.txt>): already imported as [{other}](<../content/" in report
    assert run_cli("build", "--site", ".", "--drafts", cwd=site).code == 0


def test_an_article_published_after_review_is_still_recognised(site: Path, tmp_path: Path) -> None:
    raw = tmp_path / "da-nang.txt"
    raw.write_text(DA_NANG, encoding="utf-8")
    report = import_files(site, [raw], today=datetime.date(2026, 11, 22))
    [(_draft, written)] = report.drafts
    text = written.path.read_text(encoding="utf-8")
    reviewed = text.replace("draft: true", "draft: false").replace(  # notes cleared, text edited
        "Các đại biểu thống nhất", "Các đại biểu đã thống nhất")
    written.path.unlink()
    moved = site / "content" / "2024" / "toa-dam-da-nang.md"
    moved.write_text(reviewed, encoding="utf-8")
    again = import_files(site, [raw], today=datetime.date(2026, 11, 22))
    assert not again.drafts
    assert [shown for _copy, shown in again.imported_before] == ["content/2024/toa-dam-da-nang.md"]


def test_of_several_copies_the_most_complete_one_is_kept(site: Path, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    lines = DA_NANG.splitlines()
    byline = lines.index("Minh Quân")
    # a mirror that lost the byline and the last paragraph comes first in the walk
    (pages / "a-ban-cat.txt").write_text("\n".join(lines[:byline - 3] + lines[byline + 1:]),
                                         encoding="utf-8")
    (pages / "b-ban-day-du.txt").write_text(DA_NANG, encoding="utf-8")
    report = import_files(site, [pages], today=datetime.date(2026, 11, 22))
    [(draft, _written)] = report.drafts
    assert draft.origin.endswith("b-ban-day-du.txt") and draft.author == "Minh Quân"
    [(copy, kept)] = report.duplicates
    assert copy.origin.endswith("a-ban-cat.txt") and kept is draft
    assert "a-ban-cat.txt>): the same article as" in report.markdown


def test_dry_run_writes_no_report(site: Path, tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path)
    before = snapshot(site)
    run = run_cli("import", str(mirror), "--site", ".", "--dry-run", "--lang", "en", cwd=site)
    assert run.code == 1 and "Would write content/2024/" in run.stdout
    assert snapshot(site) == before
    assert "The report of this import" not in run.stdout


def test_the_walk_skips_assets_and_saved_page_folders_and_finds_pages_without_extension(
        tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path)
    (mirror / "index.php?id=5").write_text("<!DOCTYPE html><html><body>x</body></html>",
                                           encoding="utf-8")
    (mirror / "data.bin").write_bytes(b"\x00\x01")
    (mirror / ".git").mkdir()
    (mirror / ".git" / "HEAD.txt").write_text("ref", encoding="utf-8")
    found = [p.relative_to(mirror).as_posix() for p in find_pages([mirror, mirror / "khac.txt"])]
    assert found == ["hong.txt", "index.php?id=5", "khac.txt", "a/tin-1.html", "b/chep-lai.txt",
                     "b/them-dau-cach.txt", "b/nested/tin-1-ban-sao.htm"]


def test_copies_are_told_apart_by_text_not_names() -> None:
    body = ["Ngày 9/3, tại Đà Nẵng, Liên hiệp các tổ chức hữu nghị thành phố tổ chức tọa đàm "
            "về công tác đối ngoại nhân dân trong tình hình mới.",
            "Các đại biểu thống nhất triển khai Kết luận 12-KL/TW trong năm 2024."]
    one = fingerprint("Đà Nẵng tọa đàm về đối ngoại", body)
    assert same_article(one, fingerprint("ĐÀ NẴNG  tọa đàm về đối ngoại!", [
        "  ".join(body).replace(",", " ,")]))
    # other chrome: a menu line and a related-news line more
    assert same_article(one, fingerprint("Đà Nẵng tọa đàm về đối ngoại", [
        "Trang chủ Tin tức", *body, "Tin liên quan: Hội nghị tổng kết"]))
    # the title with the site's name added, the text the same
    assert same_article(one, fingerprint("Đà Nẵng tọa đàm về đối ngoại - Báo Đà Nẵng", body))
    # the same title, another article
    other = ["Sáng 12/5, tại thành phố Tam Kỳ, Liên hiệp các tổ chức hữu nghị tỉnh Quảng Nam tổ "
             "chức hội thảo chia sẻ kinh nghiệm vận động viện trợ phi chính phủ nước ngoài."]
    assert not same_article(one, fingerprint("Đà Nẵng tọa đàm về đối ngoại", other))
    assert not same_article(one, fingerprint("Quảng Nam hội thảo", other))
    draft = Draft("x.txt", "Đà Nẵng tọa đàm về đối ngoại",
                  [Block("paragraph", body[0]), Block("caption", "Quang cảnh"),
                   Block("paragraph", body[1])])
    assert draft_fingerprint(draft) == one  # captions do not count


@pytest.mark.parametrize(("url", "clean"), [
    ("https://danang.example.vn/tin-1.html;jsessionid=9F2A?id=7&utm_source=zalo&fbclid=IwAR0",
     "https://danang.example.vn/tin-1.html?id=7"),
    ("https://x.vn/bai.html?utm_medium=email&utm_campaign=t3&gclid=abc", "https://x.vn/bai.html"),
    ("https://x.vn/bai.html?lang=vi", "https://x.vn/bai.html"),
    ("https://x.vn/bai.html?hl=en&p=2", "https://x.vn/bai.html?p=2"),
    ("https://x.vn/tin.aspx?ID=12&msclkid=1&_ga=2.1&mc_cid=5", "https://x.vn/tin.aspx?ID=12"),
    ("HTTPS://X.VN/Bai.html#binh-luan", "https://x.vn/Bai.html"),
    ("https://x.vn/tim?q=doi%20ngoai&page=2", "https://x.vn/tim?q=doi%20ngoai&page=2"),
    ("https://x.vn", "https://x.vn/"),
    ("https://x.vn/a;JSESSIONID=1/b?PHPSESSID=2", "https://x.vn/a/b"),
    ("  https://x.vn/a?fbclid=1  ", "https://x.vn/a"),
    ("", ""),
    ("mailto:toa-soan@x.vn", "mailto:toa-soan@x.vn"),
    ("http://[::1", "http://[::1"),
])
def test_addresses_lose_their_noise(url: str, clean: str) -> None:
    assert clean_url(url) == clean


def test_many_pages_on_two_processes_give_what_one_gives_with_a_progress_bar(
        tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    lines = DA_NANG.splitlines()
    for number in range(40):
        base = number - number % 10 // 9  # page 9, 19, ... repeats the page before it
        varied = [f"{line} Đoạn {base} số {base * 7} lần {base * 13}." if len(line) > 60
                  else line for line in lines]
        varied[3] = f"{lines[3]} (kỳ {base})"
        (pages / f"trang-{number:02d}.txt").write_text("\n".join(varied), encoding="utf-8")
    results = []
    for jobs in (1, 2):
        site = copy_example(tmp_path / f"site-{jobs}")
        steps: list[tuple[str, int]] = []

        def progress(stage: str, total: int, steps=steps):
            steps.append((stage, total))
            return lambda done: steps.append(("advance", done))
        report = import_files(site, [pages], today=datetime.date(2026, 11, 22),
                              progress=progress, jobs=jobs)
        assert steps[0] == ("Reading pages", 40) and len(steps) == 41
        assert len(report.drafts) == 36 and len(report.duplicates) == 4
        results.append([(d.title, d.date, w.path.relative_to(site).as_posix(), w.text)
                        for d, w in report.drafts])
    assert results[0] == results[1]


def test_a_bulk_import_prints_its_counts_and_leaves_the_details_to_its_report(
        tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    lines = DA_NANG.splitlines()
    for number in range(25):  # 25 different articles: more than the terminal lists one by one
        varied = [f"{line} Đoạn {number} số {number * 7} lần {number * 13}." if len(line) > 60
                  else line for line in lines]
        varied[3] = f"{lines[3]} (kỳ {number})"
        (pages / f"trang-{number:02d}.txt").write_text("\n".join(varied), encoding="utf-8")
    site = copy_example(tmp_path / "site")
    run = run_cli("import", str(pages), "--site", ".", "--lang", "en", cwd=site)
    assert run.code == 0, run.stderr
    assert "Wrote " not in run.stdout and "  title: " not in run.stdout
    assert "Read 25 files: 25 articles, 25 drafts written" in run.stdout
    report = (site / ".cache" / "import-report.md").read_text(encoding="utf-8")
    assert report.count("trang-") >= 25  # every draft is linked to its page in the report
