"""Import: pages shaped like the real copies of friendship unions' news (tests/import_pages_real/).

Each page has the shapes found on the national and provincial unions' sites: slogan marquees and
sidebar columns above the title, a page clock, leads without a year, several articles in one
copy, photo captions, video-player residue, a byline before the related-news block, paging and
language widgets, publisher prefixes, look-alike letters and citations cut by a line break. The
pages are invented; every field is checked, every paragraph of the article must be kept and
every chrome line named must be gone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest

from diplomacy_archive.importing.fields import extract_draft
from diplomacy_archive.importing.readers import read_page
from diplomacy_archive.importing.record import Draft
from diplomacy_archive.importing.split import clean_lines, cut_articles

PAGES = Path(__file__).resolve().parent / "import_pages_real"
TODAY = datetime.date(2026, 1, 1)


@dataclass(frozen=True)
class Article:
    """What one article of a page must give. Its paragraphs are the page's lines from the one
    after the title to the one before the byline, but for ``captions`` (the lines photo captions
    come from) and ``inside`` (chrome within the article); ``prefix`` is taken off the lead."""

    title: str
    date: str
    date_note: str  # a part of the date's note, "" when the date needs none
    venue: str
    venue_note: str
    speakers: tuple[str, ...] = ()
    directives: tuple[str, ...] = ()
    author: str = ""
    publisher: str = ""
    prefix: str = ""
    captions: tuple[tuple[str, str], ...] = ()  # (caption line, credit)
    inside: tuple[str, ...] = ()
    last: str = ""  # the article's last line when it has no byline


@dataclass(frozen=True)
class Page:
    name: str
    articles: tuple[Article, ...]
    chrome: tuple[str, ...]  # lines of the page that no draft may keep, in title or body


PAGES_EXPECTED = (
    Page("marquee_banner.txt", (Article(
        title="Hội thảo về công tác đối ngoại nhân dân trong giai đoạn mới",
        date="2019-04-09",
        date_note=('year inferred: the only one after "Kết luận số 12-KL/TW ngày 2/4/2019", which '
                   'the text cites, and before the page clock "Thứ Hai, 13/05/2019 07:42"'),
        venue="Đà Nẵng", venue_note='guessed from "tại Đà Nẵng"',
        speakers=("Lê Quang Vinh",), directives=("Kết luận 12-KL/TW ngày 2/4/2019",),
        author="Hoàng Minh Châu"),),
        chrome=("Thứ Hai, 13/05/2019 07:42", "Tin liên quan",
                "Đà Nẵng trao tặng quà cho sinh viên Lào nhân Tết cổ truyền",
                "Gặp mặt các tình nguyện viên quốc tế tại thành phố",
                "Hiển thị 1 - 10 của 45 kết quả", "Số mục mỗi trang: 10", "Trang 1 / 5",
                "Tiếng Việt English Français")),
    Page("sidebar_labels.txt", (Article(
        title=("Quảng Ninh gặp mặt kỷ niệm 30 năm thành lập Liên hiệp các tổ chức hữu nghị "
               "tỉnh"),
        date="2023-10-14", date_note='year inferred from the anniversary "(1993 – 2023)"',
        venue="Quảng Ninh",
        venue_note='guessed from the organiser "Liên hiệp các tổ chức hữu nghị tỉnh Quảng Ninh"',
        speakers=("Phạm Thị Thu Hằng",), author="Trần Thị Lan Anh"),),
        chrome=("Hoạt động hữu nghị", "Liên kết website", "Lượt truy cập", "00245871",
                "Tin hoạt động", "Các tin khác", "Hội hữu nghị tỉnh tiếp đoàn khách Nhật Bản",
                "Trang 1 của 3")),
    Page("clock_bound_only.txt", (Article(
        title="Giao lưu hữu nghị Việt Nam - Campuchia tại Tây Ninh",
        date="2019-03-05", date_note='year inferred from the page clock',
        venue="Tây Ninh", venue_note='guessed from "tại Tây Ninh"',
        author="Nguyễn Hữu Phước"),),
        chrome=("Thứ Sáu, 08/03/2019 10:15",)),
    Page("several_articles.txt", (
        Article(title="Trao quà cho học sinh nghèo tại xã biên giới",
                date="2022-11-20", date_note="", venue="xã Tà Lùng",
                venue_note='guessed from "tại xã Tà Lùng"', author="Vũ Thanh Tùng"),
        Article(title="Tiếp đoàn đại biểu Hội hữu nghị Ấn Độ - Việt Nam",
                date="2022-11-22", date_note="", venue="Cao Bằng",
                venue_note="guessed from the organiser",
                speakers=("Ravi K. Sharma",), author="Lương Thị Mai")),
        chrome=("TIN TỨC - SỰ KIỆN", "Tin liên quan",
                "Cao Bằng tổng kết công tác đối ngoại nhân dân năm 2022")),
    Page("captions_player.txt", (Article(
        title="Triển lãm ảnh về tình hữu nghị Việt Nam - Hoa Kỳ tại Huế",
        date="2023-07-17", date_note="", venue="Huế",
        venue_note='guessed from "tại Trung tâm Văn hóa thành phố Huế"',
        speakers=("John F. Miller",), author="Đặng Khánh Linh",
        captions=(("Quang cảnh lễ khai mạc triển lãm. Ảnh: Phan Thành", "Phan Thành"),
                  ("Các đại biểu tham quan triển lãm (Ảnh: Minh Tuấn)", "Minh Tuấn")),
        inside=("0:00 / 0:00",)),),
        chrome=("Trang chủ > Hoạt động", "0:00 / 0:00", "Các tin khác",
                "Hiển thị 1 - 5 của 12 kết quả")),
    Page("source_prefix_split.txt", (Article(
        title="Hội nghị quán triệt Chỉ thị về công tác đối ngoại nhân dân",
        date="2024-06-18", date_note='year inferred from the page clock',
        venue="Hà Nội", venue_note='guessed from "tại Hà Nội"',
        speakers=("Nguyễn Phương Nga",), directives=("Chỉ thị 12-CT/TW",),
        author="Đỗ Quang Huy", publisher="VOV", prefix="(VOV) - "),),
        chrome=("Hữu nghị quốc tế", "Thứ Tư, 19/06/2024 15:03", "TIN LIÊN QUAN",
                "Liên hiệp các tổ chức hữu nghị tổng kết năm")),
    Page("ttxvn_prefix.txt", (Article(
        title="Hội Hữu nghị Việt Nam - Lào tỉnh Nghệ An tổng kết năm",
        date="2021-12-28", date_note="", venue="Vinh",
        venue_note='guessed from "tại thành phố Vinh"', speakers=("Nguyễn Văn Thông",),
        author="Lê Thị Hồng Nhung", publisher="TTXVN", prefix="TTXVN - "),),
        chrome=("Đối ngoại nhân dân", "Lượt truy cập: 01234567", "Tin liên quan",
                "Nghệ An đón sinh viên Lào nhập học", "Trang 2 của 7")),
    Page("marquee_sapo.txt", (Article(
        title="Gặp mặt bạn bè quốc tế nhân dịp Tết Nguyên đán",
        date="2024-02-02",
        date_note=('year inferred: the only one after "Kế hoạch số 05/KH-LHH ngày 15/1/2024", '
                   'which the text cites, and before the page clock "Chủ Nhật, 04/02/2024 09:30"'),
        venue="Bình Định",
        venue_note='guessed from the organiser "Liên hiệp các tổ chức hữu nghị tỉnh Bình Định"',
        speakers=("Trần Văn Phúc", "Maria L. Santos"),
        directives=("Kế hoạch 05/KH-LHH ngày 15/1/2024",), author="Phạm Ngọc Diệp"),),
        chrome=("Chủ Nhật, 04/02/2024 09:30", "Tin cùng chuyên mục",
                "Bình Định tiếp đoàn thanh niên Hàn Quốc", "Số mục mỗi trang 10",
                "Lọc theo ngày: 01/01/2024 - 04/02/2024")),
    Page("organiser_province.txt", (Article(
        title="Tọa đàm giao lưu văn hóa Việt Nam - Nhật Bản",
        date="2023-09-21", date_note="", venue="Thái Bình",
        venue_note='guessed from the organiser "Liên hiệp các tổ chức hữu nghị tỉnh Thái Bình"',
        speakers=("Sato Hiroshi",), author="Nguyễn Thị Bích Ngọc"),),
        chrome=("Liên kết website", "Bộ Ngoại giao", "Thống kê truy cập", "Đang truy cập: 27",
                "Tổng lượt truy cập", "10534822", "Tin tức", "Bài viết liên quan",
                "Thái Bình tổ chức lớp tiếng Nhật miễn phí")),
    Page("anniversary_year.txt", (Article(
        title="Mít tinh kỷ niệm 50 năm quan hệ ngoại giao Việt Nam - Pháp",
        date="2023-04-12", date_note='year inferred from the anniversary "(1973 – 2023)"',
        venue="Hà Nội", venue_note='guessed from "tại Hà Nội"',
        speakers=("Claire M. Dubois",), author="Vương Anh Tuấn"),),
        chrome=("Các tin khác", "Hội hữu nghị Việt - Pháp trao học bổng cho sinh viên",
                "Trang 1 / 2")),
    Page("several_no_byline.txt", (
        Article(title="Thanh niên Việt Nam - Lào giao lưu thể thao", date="2019-12-08",
                date_note=('year inferred: the only one after "Kế hoạch số 45-KH/TU ngày '
                           '15/3/2019", which the text cites, and before the page clock '
                           '"Thứ Năm, 12/12/2019 14:20"'),
                venue="Điện Biên", venue_note='guessed from "tại Điện Biên"',
                directives=("Kế hoạch 45-KH/TU ngày 15/3/2019",),
                publisher="Báo Điện Biên Phủ", last="Giải đấu có 8 đội tham gia."),
        Article(title="Trao học bổng cho lưu học sinh Lào", date="2019-12-10",
                date_note='year inferred from the page clock', venue="Điện Biên",
                venue_note=('guessed from the organiser "Sở Giáo dục và Đào tạo tỉnh Điện '
                            'Biên"'),
                speakers=("Lò Thị Vân",), publisher="Báo Điện Biên Phủ",
                last="Bà Lò Thị Vân, Phó Giám đốc Sở, đề nghị các em tiếp tục cố gắng trong "
                     "học tập.")),
        chrome=("Thứ Năm, 12/12/2019 14:20", "Nguồn: Báo Điện Biên Phủ", "Tin liên quan",
                "Điện Biên tăng cường hợp tác với các tỉnh Bắc Lào")),
    Page("undated_lead.txt", (Article(
        title="Câu lạc bộ tiếng Anh hữu nghị ra mắt tại Bắc Giang",
        date="", date_note="not found", venue="Bắc Giang",
        venue_note='guessed from "tại Bắc Giang"', speakers=("Hà Văn Lực",),
        author="Đỗ Thùy Dung"),),
        chrome=("Giao lưu nhân dân", "Liên kết website", "Số lượt truy cập", "00056231",
                "Chuyên mục", "tin liên quan", "Bắc Giang tiếp nhận sách tặng từ Úc",
                "1 2 3 Tiếp")),
    Page("lowercase_marquee.txt", (Article(
        title="Nghệ sĩ Cu Ba biểu diễn giao lưu tại Phú Thọ",
        date="2024-11-20", date_note="after \"Kế hoạch số 88/KH-LHH ngày 5/9/2024\"",
        venue="Nhà văn hóa trung tâm tỉnh",
        venue_note='guessed from "tại Nhà văn hóa trung tâm tỉnh"',
        speakers=("Carlos J. Rivera",), directives=("Kế hoạch 88/KH-LHH ngày 5/9/2024",),
        author="Nguyễn Khánh Hòa"),),
        chrome=("Thứ Bảy, 23/11/2024 16:05", "Tin khác",
                "Phú Thọ gặp mặt người nước ngoài dịp cuối năm", "Tin mới nhất",
                "Hiển thị 11 - 20 của 134 kết quả")),
    Page("saved_page.html", (Article(
        title="Hội hữu nghị tỉnh Lâm Đồng tiếp đoàn Hội hữu nghị Nga - Việt",
        date="2025-01-28", date_note='year inferred from the anniversary "(1950 – 2025)"',
        venue="Lâm Đồng",
        venue_note='guessed from the organiser "Liên hiệp các tổ chức hữu nghị tỉnh Lâm Đồng"',
        speakers=("Ivan P. Petrov", "Đinh Thị Hải Yến"), author="Mai Văn Khoa"),),
        chrome=("Tin liên quan", "Lâm Đồng đón đoàn khách Liên bang Nga",
                "Hội hữu nghị tỉnh tổng kết công tác năm 2024")),
    Page("saved_sidebar.html", (Article(
        title="Hà Tĩnh trao tặng nhà tình hữu nghị cho gia đình khó khăn",
        date="", date_note='year not found; the lead says "15/8"', venue="Hà Tĩnh",
        venue_note='guessed from the organiser "Liên hiệp các tổ chức hữu nghị tỉnh Hà Tĩnh"',
        speakers=("Trần Quốc Bảo",), directives=("Kế hoạch 210/KH-UBND ngày 10/5/2022",),
        author="Lê Hoài Nam"),),
        chrome=("Hoạt động hữu nghị", "Lượt truy cập", "00098765", "Các tin khác",
                "Hà Tĩnh tiếp nhận viện trợ y tế từ Hàn Quốc", "English | Tiếng Việt")),
    Page("widgets_no_heading.txt", (Article(
        title="Trao tặng xe lăn cho người khuyết tật tại Quảng Nam",
        date="2024-06-28", date_note="", venue="Tam Kỳ",
        venue_note='guessed from "tại thành phố Tam Kỳ"',
        speakers=("Kim Soo Jin", "Võ Văn Hưng"), author="Trần Ngọc Hà",
        captions=(("Người nhận xe lăn chụp ảnh cùng đại biểu. (Ảnh: Hồ Quân)", "Hồ Quân"),)),),
        chrome=("Thứ Ba, 02/07/2024 11:20", "Có 45 kết quả", "Số mục mỗi trang: 20",
                "Kết quả: 1 - 20 / 45", "Lọc theo ngày: 01/01/2024 - 02/07/2024",
                "Tiếng Việt English 한국어")),
    Page("several_sidebar.txt", (
        Article(title="Khánh Hòa tiếp đoàn Hội Hữu nghị Nhật - Việt tỉnh Okayama",
                date="2024-04-16",
                date_note=('the only one after "Chương trình số 07/CTr-LHH ngày 10/1/2024"'),
                venue="Khánh Hòa",
                venue_note=('guessed from the organiser "Liên hiệp các tổ chức hữu nghị tỉnh '
                            'Khánh Hòa"'),
                speakers=("Tanaka Kenji",),
                directives=("Chương trình 07/CTr-LHH ngày 10/1/2024",), author="Lê Bảo Trâm"),
        Article(title="Hội thảo giới thiệu học bổng du học Úc cho học sinh Nha Trang",
                date="2024-04-18", date_note='year inferred from the page clock',
                venue="Nha Trang",
                venue_note='guessed from "tại Nha Trang"', speakers=("Emily R. Clarke",),
                author="Phan Thị Ngọc Ánh")),
        chrome=("Thứ Hai, 22/04/2024 08:00", "Tin hoạt động", "Lượt truy cập", "00311254",
                "Hoạt động hữu nghị", "Các tin khác", "Khánh Hòa tổng kết công tác năm 2023",
                "Trang 1 / 4")),
    Page("credit_lines.txt", (Article(
        title="Thăm và tặng quà gia đình chuyên gia Cu Ba tại Quảng Bình",
        date="2023-09-02", date_note="", venue="Đồng Hới",
        venue_note='guessed from "tại thành phố Đồng Hới"', speakers=("Hoàng Thị Thu Trang",),
        author="Lưu Quang Minh",
        publisher="Baoquangbinh.vn", prefix="(Baoquangbinh.vn) - ",
        captions=(("Đoàn trao quà cho gia đình chuyên gia.", "Thanh Hải"),),
        inside=("Ảnh: Thanh Hải",)),),
        chrome=("Thứ Tư, 06/09/2023 20:12", "Hội hữu nghị", "Ảnh: Thanh Hải", "CÁC TIN KHÁC",
                "Quảng Bình tiếp đoàn Đại sứ quán Cu Ba", "Hiển thị 1 - 8 của 20 kết quả")),
    Page("three_articles.txt", (
        Article(title="Lạng Sơn trao đổi đoàn với tỉnh Quảng Tây", date="2023-12-04",
                date_note="", venue="Lạng Sơn",
                venue_note='guessed from "tại thành phố Lạng Sơn"', author="Nông Văn Tiến"),
        Article(title="Tặng quà Tết cho lưu học sinh Lào tại Lạng Sơn", date="2023-12-08",
                date_note="", venue="Lạng Sơn", venue_note='guessed from "tại Lạng Sơn"',
                author="Hoàng Thị Yến"),
        Article(title="Kỷ niệm 25 năm thành lập Liên hiệp các tổ chức hữu nghị tỉnh Lạng Sơn",
                date="2023-12-12", date_note='year inferred from the anniversary "(1998 – 2023)"',
                venue="Lạng Sơn",
                venue_note='guessed from the organiser "Liên hiệp các tổ chức hữu nghị tỉnh Lạng',
                speakers=("Lý Văn Hùng",), author="Dương Minh Khôi")),
        chrome=("Thứ Sáu, 15/12/2023 10:00", "Tin liên quan",
                "Lạng Sơn tổ chức hội nghị tổng kết năm")),
    Page("label_under_title.txt", (Article(
        title="Chương trình giao lưu văn hóa Việt Nam - Hàn Quốc tại Bắc Ninh",
        date="2024-10-05", date_note="", venue="Bắc Ninh",
        venue_note='guessed from "tại thành phố Bắc Ninh"', speakers=("Park Min Ho",),
        author="Ngô Thị Thanh Xuân", inside=("Tin hoạt động của các hội thành viên",)),),
        chrome=("Thứ Năm, 10/10/2024 09:45", "Tin hoạt động của các hội thành viên",
                "Tin liên quan", "Bắc Ninh trao học bổng cho sinh viên Hàn Quốc")),
    Page("saved_sapo.html", (Article(
        title="Vĩnh Long kết nối kiều bào và bạn bè quốc tế",
        date="2024-06-07", date_note='year inferred from the anniversary "(1994 – 2024)"',
        venue="Vĩnh Long",
        venue_note='guessed from the organiser "Liên hiệp các tổ chức hữu nghị tỉnh Vĩnh Long"',
        speakers=("Thạch Văn Sơn", "Peter D. Walsh"), author="Huỳnh Kim Ngân",
        captions=(("Đại biểu dự buổi gặp gỡ. (Ảnh: Ngọc Trâm)", "Ngọc Trâm"),)),),
        chrome=("Trang chủ | Tin tức | Liên hệ", "Các tin khác",
                "Vĩnh Long trao quà cho học sinh nghèo vượt khó", "Trang 1 / 6")),
)

# Lines of a marquee start with these: the whole banner line must be gone.
MARQUEE_STARTS = ("NHIỆT LIỆT CHÀO MỪNG KỶ NIỆM 70 NĂM", "MỪNG ĐẢNG - MỪNG XUÂN",
                  "KỶ NIỆM 50 NĂM THIẾT LẬP", "Chào mừng kỷ niệm 80 năm",
                  "CHÀO MỪNG KỶ NIỆM 75 NĂM", "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ TỈNH KHÁNH HÒA",
                  "ĐOÀN KẾT - HỮU NGHỊ - HỢP TÁC")


def _drafts(page: Page) -> tuple[list[str], list[Draft]]:
    raw = read_page(PAGES / page.name)
    drafts = [extract_draft(text, page.name, None, [], TODAY) for text in cut_articles(raw)]
    return clean_lines(raw.lines), drafts


def _notes(draft: Draft, key: str) -> list[str]:
    return [note.partition(": ")[2] for note in draft.notes if note.startswith(f"{key}: ")]


def _paragraphs(lines: list[str], article: Article) -> list[str]:
    """The article's paragraphs, from the page: after its title, up to its byline."""
    start = lines.index(article.title) + 1
    end = lines.index(article.author if article.author else article.last, start)
    end += 0 if article.author else 1
    skipped = {caption for caption, _credit in article.captions} | set(article.inside)
    found = [line for line in lines[start:end] if line not in skipped]
    if article.prefix:
        assert found[0].startswith(article.prefix)
        found[0] = found[0][len(article.prefix):]
    return found


CASES = [(page, number) for page in PAGES_EXPECTED for number in range(len(page.articles))]


def test_there_are_enough_real_pages() -> None:
    names = {path.name for path in PAGES.iterdir()}
    assert names == {page.name for page in PAGES_EXPECTED}
    assert len(names) >= 12 and any(name.endswith(".html") for name in names)


@pytest.mark.parametrize("page", PAGES_EXPECTED, ids=lambda page: page.name)
def test_every_article_of_the_page_is_found_with_its_title(page: Page) -> None:
    _lines, drafts = _drafts(page)
    assert [draft.title for draft in drafts] == [article.title for article in page.articles]
    assert all(not _notes(draft, "title") for draft in drafts)


@pytest.mark.parametrize(("page", "number"), CASES,
                         ids=[f"{page.name}-{number}" for page, number in CASES])
def test_the_fields_of_each_article(page: Page, number: int) -> None:
    article = page.articles[number]
    _lines, drafts = _drafts(page)
    draft = drafts[number]
    assert draft.date == article.date
    date_notes = _notes(draft, "date")
    if article.date_note:
        assert any(article.date_note in text for text in date_notes), date_notes
    else:
        assert date_notes == []
    assert draft.venue == article.venue
    assert any(article.venue_note in text for text in _notes(draft, "venue"))
    assert [person.name for person in draft.speakers] == list(article.speakers)
    assert draft.directives == list(article.directives)
    assert draft.author == article.author
    assert draft.publisher == article.publisher
    captions = [(block.credit) for block in draft.blocks if block.kind == "caption"]
    assert captions == [credit for _line, credit in article.captions]


@pytest.mark.parametrize(("page", "number"), CASES,
                         ids=[f"{page.name}-{number}" for page, number in CASES])
def test_nothing_of_the_article_is_lost(page: Page, number: int) -> None:
    article = page.articles[number]
    lines, drafts = _drafts(page)
    paragraphs = [block.text for block in drafts[number].blocks if block.kind == "paragraph"]
    assert paragraphs == _paragraphs(lines, article)


@pytest.mark.parametrize("page", PAGES_EXPECTED, ids=lambda page: page.name)
def test_no_chrome_is_kept(page: Page) -> None:
    _lines, drafts = _drafts(page)
    kept = [draft.title for draft in drafts]
    kept += [block.text for draft in drafts for block in draft.blocks]
    for line in page.chrome:
        assert line not in kept
    assert not [text for text in kept if text.startswith(MARQUEE_STARTS)]
    assert all(draft.author not in kept for draft in drafts if draft.author)


def test_a_split_citation_and_look_alike_letters_are_mended() -> None:
    (page,) = [page for page in PAGES_EXPECTED if page.name == "source_prefix_split.txt"]
    _lines, (draft,) = _drafts(page)
    lead = draft.blocks[0].text
    assert "Chỉ thị số 12-CT/TW của Bộ Chính trị" in lead and "\u00d0" not in lead
    assert "lãnh đạo của Đảng" in lead and "\u00a0" not in lead


def test_a_caption_credit_is_not_the_author() -> None:
    (page,) = [page for page in PAGES_EXPECTED if page.name == "captions_player.txt"]
    _lines, (draft,) = _drafts(page)
    captions = [(block.text, block.credit) for block in draft.blocks if block.kind == "caption"]
    assert captions == [("Quang cảnh lễ khai mạc triển lãm.", "Phan Thành"),
                        ("Các đại biểu tham quan triển lãm", "Minh Tuấn")]
    assert draft.author == "Đặng Khánh Linh"
    assert draft.speakers[0].role == "Tổng Lãnh sự Hoa Kỳ tại Thành phố Hồ Chí Minh"


def _one(lines: tuple[str, ...], today: datetime.date = TODAY) -> Draft:
    from diplomacy_archive.importing.record import RawPage
    (text,) = cut_articles(RawPage("x.txt", lines))
    return extract_draft(text, "x.txt", None, [], today)


def test_bounds_that_allow_several_years_give_none() -> None:
    draft = _one(("Thứ Hai, 13/05/2024 07:42", "Hội thảo về công tác đối ngoại nhân dân",
                  "Ngày 9/3, tại Đà Nẵng, hội thảo bàn cách triển khai Kết luận số 12-KL/TW "
                  "ngày 2/4/2019 của Ban Bí thư."))
    assert draft.date == ""
    assert _notes(draft, "date") == ['year not found; the lead says "9/3"']


def test_a_cited_document_and_today_bound_the_year_without_a_clock() -> None:
    draft = _one(("Hội thảo về công tác đối ngoại nhân dân",
                  "Ngày 9/11, tại Huế, hội thảo bàn cách triển khai Kế hoạch số 30/KH-LHH "
                  "ngày 2/10/2025 của Liên hiệp."), today=datetime.date(2026, 5, 1))
    assert draft.date == "2025-11-09"
    assert _notes(draft, "date") == [
        'year inferred: the only one after "Kế hoạch số 30/KH-LHH ngày 2/10/2025", which the '
        'text cites, and before today']


def test_the_organiser_is_not_the_venue_when_the_text_says_where() -> None:
    draft = _one(("Hội nghị của Liên hiệp tỉnh Quảng Ninh",
                  "Ngày 9/3/2024, Liên hiệp các tổ chức hữu nghị tỉnh Quảng Ninh tổ chức hội "
                  "nghị tại Hạ Long."))
    assert draft.venue == "Hạ Long"


def test_a_lone_place_word_is_no_venue() -> None:
    draft = _one(("Trao học bổng cho lưu học sinh Lào",
                  "Sáng 10/12/2023, nhà trường trao học bổng cho lưu học sinh Lào đang học "
                  "tập tại tỉnh."))
    assert draft.venue == "" and _notes(draft, "venue") == ["not found"]


def test_only_a_citation_cut_by_a_line_break_is_joined() -> None:
    assert clean_lines(["quán triệt Chỉ thị số", "12-CT/TW của Bộ Chính trị.", "Theo Nghị định",
                        "210/2020/NĐ-CP và", "Điện thoại số", "0258-3822 123", "Kế hoạch số",
                        "20/11 tới", "Ðoàn\u00a0Ðại biểu"]) == [
        "quán triệt Chỉ thị số 12-CT/TW của Bộ Chính trị.", "Theo Nghị định 210/2020/NĐ-CP và",
        "Điện thoại số", "0258-3822 123", "Kế hoạch số", "20/11 tới", "Đoàn Đại biểu"]


def test_where_people_study_or_work_is_not_the_venue() -> None:
    draft = _one(("Tặng quà cho lưu học sinh Lào",
                  "Ngày 8/12/2023, hội hữu nghị tặng quà cho lưu học sinh Lào đang học tập "
                  "tại Trường Cao đẳng Sư phạm."))
    assert draft.venue == ""


@pytest.mark.parametrize(("sentence", "speaker", "role"), [
    ("Nghệ sĩ Carlos J. Rivera chia sẻ cảm xúc khi đến Việt Nam.", "Carlos J. Rivera",
     "Nghệ sĩ"),
    ("Trưởng đoàn Kim Min-jun cho biết đoàn mong mở rộng hợp tác.", "Kim Min-jun", "Trưởng đoàn"),
    ("Tiến sĩ Bounmy Phommachanh trình bày tham luận.", "Bounmy Phommachanh", "Tiến sĩ"),
    ("Giáo sư Anna K. Petrova nhấn mạnh vai trò của giáo dục.", "Anna K. Petrova", "Giáo sư"),
    ("Thống đốc tỉnh Okayama Ryuta Ibaragi nhấn mạnh quan hệ hợp tác.", "Ryuta Ibaragi",
     "Thống đốc tỉnh Okayama"),
    ("Đại sứ New Zealand tại Việt Nam Caroline Beresford khẳng định cam kết.",
     "Caroline Beresford", "Đại sứ New Zealand tại Việt Nam"),
    ("Trưởng đoàn Tom Smith phát biểu cảm ơn.", "Tom Smith", "Trưởng đoàn"),
])
def test_foreign_speakers_named_after_their_role_without_a_word_of_address(
        sentence: str, speaker: str, role: str) -> None:
    draft = _one(("Giao lưu hữu nghị với bạn bè quốc tế",
                  f"Tối 12/10/2023, tại Hà Nội, {sentence}"))
    assert [(person.name, person.role) for person in draft.speakers] == [(speaker, role)]


@pytest.mark.parametrize("sentence", [
    "Giám đốc Tập đoàn Samsung Electronics cho biết sẽ hỗ trợ.",
    "Chủ tịch Hội Hữu nghị Việt Nam - New Zealand phát biểu.",
    "Chủ tịch Hội Hữu nghị Việt Nam - Cu-ba phát biểu.",
    "Đại sứ New Zealand tại Việt Nam phát biểu.",
    "Thống đốc tỉnh Okayama phát biểu.",
])
def test_places_and_bodies_after_a_role_are_no_speakers(sentence: str) -> None:
    draft = _one(("Giao lưu hữu nghị với bạn bè quốc tế",
                  f"Tối 12/10/2023, tại Hà Nội, {sentence}"))
    assert draft.speakers == []


def test_a_day_shortly_before_the_page_clock_takes_the_clock_year() -> None:
    draft = _one(("Thứ Năm, 09/01/2025 07:42", "Gặp mặt hội viên cuối năm",
                  "Ngày 28/12, tại Huế, hội gặp mặt hội viên."))
    assert draft.date == "2024-12-28"
    assert _notes(draft, "date") == [
        'year inferred from the page clock "Thứ Năm, 09/01/2025 07:42", 12 days later; check it']
    far = _one(("Thứ Năm, 09/01/2025 07:42", "Gặp mặt hội viên giữa năm",
                "Ngày 28/6, tại Huế, hội gặp mặt hội viên."))
    assert far.date == ""  # half a year before: any earlier year may be the one


def test_a_celebration_just_before_its_anniversary_day_is_in_the_year_before() -> None:
    draft = _one(("Họp mặt kỷ niệm Ngày Chiến thắng",
                  "Ngày 28/12, tại Tây Ninh, hội họp mặt kỷ niệm 45 năm Ngày Chiến thắng "
                  "(7/1/1979 – 7/1/2024)."))
    assert draft.date == "2023-12-28"
    after = _one(("Họp mặt kỷ niệm Ngày Chiến thắng",
                  "Ngày 9/1, tại Tây Ninh, hội họp mặt kỷ niệm 45 năm Ngày Chiến thắng "
                  "(7/1/1979 – 7/1/2024)."))
    assert after.date == "2024-01-09"


@pytest.mark.parametrize(("place", "venue"), [
    ("Trung tâm Văn hóa thành phố Huế", "Huế"),  # a building of two words, then the city
    ("Nhà Văn hóa Thanh niên Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
    ("thành phố Vinh", "Vinh"),
    ("huyện Hải Hậu", "Hải Hậu"),
    ("Nhà văn hóa trung tâm tỉnh", "Nhà văn hóa trung tâm tỉnh"),  # no province named
])
def test_a_place_in_a_province_or_city_is_named_by_it(place: str, venue: str) -> None:
    draft = _one(("Tọa đàm văn hóa Việt Nam - Lào",
                  f"Sáng 5/6/2024, tại {place}, hội tổ chức tọa đàm."))
    assert draft.venue == venue
    assert _notes(draft, "venue") == [f'guessed from "tại {place}"']
