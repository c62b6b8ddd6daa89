"""The import command end to end: raw pages in, drafts under content/ out, never an overwrite,
and drafts that build; plus the readers and the writer on their own."""

from __future__ import annotations

import codecs
import datetime
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, article_md, run_cli, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplomacy_archive.importing.readers import UnreadablePage, read_page
from diplomacy_archive.importing.record import Block, Draft, Person
from diplomacy_archive.importing.run import import_files
from diplomacy_archive.importing.split import cut_articles
from diplomacy_archive.importing.writer import markdown, write_drafts

PAGES = Path(__file__).resolve().parent / "import_pages"

DA_NANG = """TRANG CHỦ | TIN TỨC | ĐỐI NGOẠI | VĂN HÓA
CHÀO MỪNG KỶ NIỆM 65 NĂM NGÀY THÀNH LẬP LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ VIỆT NAM
Chủ Nhật, 14/07/2024 08:05
Đà Nẵng tọa đàm về công tác đối ngoại nhân dân trong tình hình mới
Ngày 9/3, tại Đà Nẵng, Liên hiệp các tổ chức hữu nghị thành phố tổ chức tọa đàm về công tác \
đối ngoại nhân dân trong tình hình mới.
Phát biểu khai mạc, bà Trần Thị Hạnh, Chủ tịch Liên hiệp các tổ chức hữu nghị thành phố, \
nhấn mạnh việc thực hiện Chỉ thị số 12-CT/TW của Ban Bí thư.
Tham dự có ông Nguyễn Văn Tâm; bà Lê Thị Hoa; ông Phạm Quang Huy.
Các đại biểu thống nhất triển khai Kết luận 12-KL/TW trong năm 2024, nhân dịp kỷ niệm 65 năm \
Ngày thành lập (12/5/1959 – 12/5/2024).
Quang cảnh buổi tọa đàm (Ảnh: Minh Quân)
Minh Quân
Tin liên quan
Hội nghị tổng kết công tác hữu nghị năm 2023
Lượt truy cập: 1.234.567
"""


@pytest.fixture
def site(copy_site) -> Path:
    return copy_site("example")


def front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def test_a_copied_page_becomes_a_draft_that_builds(site: Path, tmp_path: Path) -> None:
    raw = tmp_path / "da-nang.txt"
    raw.write_text(DA_NANG, encoding="utf-8")
    run = run_cli("import", str(raw), "--site", ".", cwd=site)
    assert run.code == 0, run.stderr
    [line] = [out for out in run.stdout.splitlines() if out.startswith("Wrote ")]
    path = site / line.split()[1]
    assert path.parent == site / "content" / "2024"
    data = front(path)
    assert data["draft"] is True
    assert data["date"] == "2024-03-09"
    assert data["venue"] == "Đà Nẵng"
    assert [s["name"] if isinstance(s, dict) else s for s in data["speakers"]] == ["Trần Thị Hạnh"]
    assert data["directives"] == ["Chỉ thị 12-CT/TW", "Kết luận 12-KL/TW"]
    assert any(note.startswith("date: year inferred") for note in data["import_notes"])
    text = path.read_text(encoding="utf-8")
    for chrome in ("TRANG CHỦ", "CHÀO MỪNG", "08:05", "Lượt truy cập", "Tin liên quan"):
        assert chrome not in text
    assert "<figcaption>Quang cảnh buổi tọa đàm (Ảnh: Minh Quân)</figcaption>" in text
    # the draft is a valid article: the site builds with it, and shows it with --drafts
    assert run_cli("build", "--site", ".", "--strict", cwd=site).code == 0
    built = run_cli("build", "--site", ".", "--drafts", "--out", "preview", cwd=site)
    assert built.code == 0, built.stderr
    assert (site / "preview" / "bai-viet" / data["slug"] / "index.html").is_file()
    # check lists it until its notes are cleared
    check = run_cli("check", "--site", ".", cwd=site)
    assert check.code == 0 and path.relative_to(site).as_posix() in check.stdout
    assert "still to review" in check.stdout


def test_importing_twice_never_overwrites_the_first_draft(site: Path, tmp_path: Path) -> None:
    raw = tmp_path / "da-nang.txt"
    raw.write_text(DA_NANG, encoding="utf-8")
    assert run_cli("import", str(raw), "--site", ".", cwd=site).code == 0
    before = snapshot(site / "content")
    first = next(p for p in before if p.startswith("2024/"))
    (site / "content" / first).write_text(  # the editor starts reviewing it
        (site / "content" / first).read_text(encoding="utf-8") + "\nĐã sửa.\n", encoding="utf-8")
    edited = (site / "content" / first).read_bytes()
    second = run_cli("import", str(raw), "--site", ".", cwd=site)
    assert second.code == 0, second.stderr
    after = snapshot(site / "content")
    assert (site / "content" / first).read_bytes() == edited
    assert set(after) == set(before)  # the same article: no new file
    assert f"already imported as content/{first}" in second.stdout
    assert run_cli("build", "--site", ".", "--drafts", cwd=site).code == 0


def test_dry_run_prints_the_drafts_and_writes_nothing(site: Path, tmp_path: Path) -> None:
    raw = tmp_path / "da-nang.txt"
    raw.write_text(DA_NANG, encoding="utf-8")
    before = snapshot(site)
    run = run_cli("import", str(raw), "--site", ".", "--dry-run", cwd=site)
    assert run.code == 0, run.stderr
    assert "Would write content/2024/" in run.stdout
    assert "draft: true" in run.stdout and "import_notes:" in run.stdout
    assert snapshot(site) == before


def test_unreadable_files_are_reported_and_the_others_imported(site: Path, tmp_path: Path) -> None:
    latin = tmp_path / "cu.txt"
    # not UTF-8 on line 2
    latin.write_bytes("Tiêu đề cũ\nHội thảo".encode().replace("ộ".encode(), b"\xf4"))
    good = tmp_path / "moi.txt"
    good.write_text(DA_NANG, encoding="utf-8")
    run = run_cli("import", str(latin), str(good), "--site", ".", cwd=site)
    assert run.code == 1
    assert "cu.txt:2: the file is not UTF-8 text (byte 0xf4 cannot be read)" in run.stderr
    assert "save it again with the UTF-8 encoding" in run.stderr
    assert "Wrote content/2024/" in run.stdout
    missing = run_cli("import", str(tmp_path / "khong-co.txt"), "--site", ".", cwd=site)
    assert missing.code == 2 and "does not exist" in missing.stderr


def test_utf16_from_notepad_and_a_bom_are_read(tmp_path: Path) -> None:
    path = tmp_path / "notepad.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Tiêu đề\r\nNgày 9/3, tại Huế.\r\n".encode("utf-16-le"))
    assert read_page(path).lines == ("Tiêu đề", "Ngày 9/3, tại Huế.")
    path.write_bytes(codecs.BOM_UTF8 + "Tiêu đề\n\n  Dòng   hai \n".encode())
    assert read_page(path).lines == ("Tiêu đề", "Dòng hai")
    path.write_bytes(b"   \n")
    with pytest.raises(UnreadablePage, match="the file is empty"):
        read_page(path)


def test_a_saved_html_page_is_read_with_its_address_and_site(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>Đoạn văn thứ {n} của bài viết về công tác đối ngoại nhân dân "
                         f"tại Khánh Hòa, với đủ chữ để được coi là nội dung.</p>"
                         for n in range(6))
    html = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Khánh Hòa tổng kết đối ngoại nhân dân</title>
<meta property="og:title" content="Khánh Hòa tổng kết đối ngoại nhân dân">
<meta property="og:url" content="https://baokhanhhoa.example.vn/doi-ngoai/tong-ket.html">
<meta property="og:site_name" content="Báo Khánh Hòa">
</head><body><nav><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a></nav>
<article><h1>Khánh Hòa tổng kết đối ngoại nhân dân</h1>{paragraphs}</article>
<footer>Bản quyền thuộc về Báo Khánh Hòa</footer></body></html>"""
    path = tmp_path / "trang.html"
    path.write_text(html, encoding="utf-8")
    page = read_page(path)
    # the page as a browser shows it: one line per block, the menu's links on one line
    assert page.lines == ("Trang chủ Tin tức", "Khánh Hòa tổng kết đối ngoại nhân dân",
                          *(f"Đoạn văn thứ {n} của bài viết về công tác đối ngoại nhân dân tại "
                            "Khánh Hòa, với đủ chữ để được coi là nội dung." for n in range(6)),
                          "Bản quyền thuộc về Báo Khánh Hòa")
    (article,) = cut_articles(page)
    assert article.title == "Khánh Hòa tổng kết đối ngoại nhân dân"
    assert [block.text[:14] for block in article.blocks] == ["Đoạn văn thứ 0", "Đoạn văn thứ 1",
                                                            "Đoạn văn thứ 2", "Đoạn văn thứ 3",
                                                            "Đoạn văn thứ 4", "Đoạn văn thứ 5"]
    assert page.url == "https://baokhanhhoa.example.vn/doi-ngoai/tong-ket.html"
    assert page.publisher == "Báo Khánh Hòa"


def test_markdown_escapes_text_and_keeps_paragraphs_and_figures() -> None:
    draft = Draft("x.txt", "Tiêu đề: có dấu hai chấm", [
        Block("paragraph", "# Không phải tiêu đề, *không* phải <b>HTML</b>"),
        Block("caption", "Ảnh <toàn cảnh>", "Minh Quân"),
        Block("paragraph", "1. Không phải danh sách")],
        date="2024-03-09", speakers=[Person("Lê Văn Minh", "Chủ tịch")], notes=["venue: not found"])
    text = markdown(draft, "tieu-de")
    data = yaml.safe_load(text.split("---\n")[1])
    assert data["title"] == "Tiêu đề: có dấu hai chấm" and data["slug"] == "tieu-de"
    assert data["speakers"] == [{"name": "Lê Văn Minh", "role": "Chủ tịch"}]
    body = text.split("---\n", 2)[2]
    assert body.split("\n\n")[0].strip() == (
        r"\# Không phải tiêu đề, \*không\* phải &lt;b\>HTML&lt;/b\>")
    assert "<figcaption>Ảnh &lt;toàn cảnh&gt; (Ảnh: Minh Quân)</figcaption>" in body
    assert r"1\. Không phải danh sách" in body


def test_the_example_builds_with_a_rendered_draft_body(site: Path) -> None:
    draft = Draft("x.txt", "Bài nháp", [Block("paragraph", "# *Đoạn* <script>x</script>"),
                                         Block("caption", "Chú thích", "PV")],
                  date="2024-03-09", notes=["venue: not found"])
    [written] = write_drafts(site, [draft])
    assert written.path == site / "content" / "2024" / "bai-nhap.md"
    run = run_cli("build", "--site", ".", "--drafts", "--strict", cwd=site)
    assert run.code == 0, run.stderr
    page = (site / "public" / "bai-viet" / "bai-nhap" / "index.html").read_text(encoding="utf-8")
    assert "# *Đoạn* &lt;script&gt;x&lt;/script&gt;" in page
    assert "<figcaption>Chú thích (Ảnh: PV)</figcaption>" in page


def test_a_draft_without_a_date_waits_in_nhap_and_does_not_break_the_build(site: Path) -> None:
    draft = Draft("x.txt", "Gặp mặt bạn hữu nghị", [Block("paragraph", "Nội dung.")],
                  notes=["date: not found"])
    [written] = write_drafts(site, [draft])
    assert written.path.parent == site / "content" / "nhap"
    assert "# date: not found" in written.text
    assert run_cli("build", "--site", ".", "--strict", cwd=site).code == 0
    check = run_cli("check", "--site", ".", cwd=site)
    assert "content/nhap/gap-mat-ban-huu-nghi.md: date: not found" in check.stdout


def test_an_existing_file_or_slug_is_never_written_over(site: Path) -> None:
    taken = site / "content" / "2024" / "trung-ten.md"
    taken.parent.mkdir()
    taken.write_text(article_md("Khác hẳn", "2024-01-01", slug="khac-han"), encoding="utf-8")
    other = site / "content" / "2023" / "x.md"
    other.parent.mkdir()
    other.write_text(article_md("Trùng tên", "2023-01-01"), encoding="utf-8")  # slug trung-ten
    before = taken.read_bytes()
    drafts = [Draft("x.txt", "Trùng tên", [Block("paragraph", "A.")], date="2024-02-02")] * 2
    written = write_drafts(site, drafts)
    assert [w.path.name for w in written] == ["trung-ten-2.md", "trung-ten-3.md"]
    assert taken.read_bytes() == before


LINE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(LINE, st.sampled_from(DA_NANG.splitlines()),
                                st.just("../../etc/passwd"), st.just("Ngày 31/2, tại /tmp/x,")),
                      max_size=25))
def test_importing_any_text_never_crashes_and_writes_only_new_files_in_content(
        lines: list[str], tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("case")  # its own folder: a snapshot of it stays small
    site = root / "site"
    (site / "content").mkdir(parents=True)
    raw = root / "raw" / "page.txt"
    raw.parent.mkdir()
    raw.write_text("\n".join(lines), encoding="utf-8")
    outside = snapshot(site.parent)
    report = import_files(site, [raw], today=datetime.date(2026, 11, 22))
    content = (site / "content").resolve()
    for draft, written in report.drafts:
        assert content in written.path.resolve().parents
        assert written.path.read_text(encoding="utf-8") == written.text
        yaml.safe_load(written.text.split("---\n")[1])  # valid front matter
        assert draft.title
    created = {p for p in snapshot(site.parent) if p not in outside}
    report = f"{site.name}/.cache/import-report.md"  # the report of the import, and drafts
    assert all(p.startswith(f"{site.name}/content/") or p == report for p in created), created


def test_the_import_command_is_documented() -> None:
    doc = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python build.py import" in doc
    assert "diplomacy-archive import FILE... [--site DIR] [--dry-run]" in readme
    assert "--dry-run" in doc and "import_notes" in doc and "check" in doc


def test_every_fixture_page_gives_drafts_that_build_and_never_dated_by_the_page_clock(
        site: Path) -> None:
    pages = sorted(PAGES.glob("*.txt"))
    assert len(pages) >= 6
    report = import_files(site, pages, today=datetime.date(2026, 11, 22))
    assert not report.unreadable
    by_file: dict[str, list[Draft]] = {}
    for draft, written in report.drafts:
        by_file.setdefault(Path(draft.origin).name, []).append(draft)
        assert written.path.is_file()
    assert [d.title for d in by_file["concatenated.txt"]] == [
        "Giao lưu hữu nghị nhân dân Việt Nam - Lào tại Quảng Trị",
        "Tọa đàm về vai trò của các hội hữu nghị trong tình hình mới",
        "Câu lạc bộ giao lưu văn hóa Việt - Hàn ra mắt tại Hội An"]
    clocks = {"2024-07-14", "2024-07-16", "2024-07-21", "2023-08-16"}
    for draft, _ in report.drafts:
        assert draft.date not in clocks, (draft.origin, draft.date)
        assert all(not b.text.startswith(("Chủ Nhật, 14/07/2024", "Lượt truy cập"))
                   for b in draft.blocks)
    [clocked] = by_file["page_clock.txt"]
    assert clocked.date == "" and any(n.startswith("date: year not found") for n in clocked.notes)
    # every draft is a valid article: the site builds with them, drafts included
    run = run_cli("build", "--site", ".", "--drafts", cwd=site)
    assert run.code == 0, run.stderr


def test_a_saved_page_reads_as_a_browser_shows_it() -> None:
    from diplomacy_archive.importing.readers import browser_text, lines_of
    html = """<html><head><title>x</title><style>p { color: red }</style></head><body>
<div class="menu"><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a></div>
<select><option>-- Chọn liên kết --</option><option>Báo Nhân Dân</option></select>
<div style="display: none">Ẩn đi</div><p hidden>Cũng ẩn</p>
<table><tr><td>Lượt truy cập</td><td><span>0</span><span>0</span><span>4</span><span>1</span>
</td></tr></table>
<p>Một đoạn văn
  viết trên hai dòng của mã nguồn.<br>Dòng sau chỗ ngắt.</p>
<figure><img src="a.jpg" alt=""><figcaption>Quang cảnh. <em>Ảnh: Minh Thu</em></figcaption>
</figure><script>document.write("không thấy")</script></body></html>"""
    assert lines_of(browser_text(html)) == (
        "Trang chủ | Tin tức", "Lượt truy cập", "0041",
        "Một đoạn văn viết trên hai dòng của mã nguồn.", "Dòng sau chỗ ngắt.",
        "Quang cảnh. Ảnh: Minh Thu")
