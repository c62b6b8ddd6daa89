"""Import: site chrome dropped and articles cut out of raw page copies (tests/import_pages/)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diplomacy_archive.importing.record import ArticleText, RawPage
from diplomacy_archive.importing.split import cut_articles
from diplomacy_archive.text.vietnamese import clean_text

PAGES = Path(__file__).resolve().parent / "import_pages"


@dataclass(frozen=True)
class Page:
    """What one fixture page must give. Every line of the file that is not a title, chrome, a
    caption line or a trailer line (author, source) is body text and must survive, in order."""

    name: str
    titles: tuple[str, ...]
    chrome: tuple[str, ...]
    captions: tuple[tuple[str, ...], ...] = ()  # per article: "text | credit"
    caption_lines: tuple[str, ...] = ()  # the lines the captions come from
    authors: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    clocks: tuple[str, ...] = ()
    trailer: tuple[str, ...] = ()  # signature and source lines, taken off the text
    prefixes: dict[str, str] = field(default_factory=dict)  # lead line -> publisher prefix


FIXTURES = (
    Page(
        name="concatenated.txt",
        titles=("Giao lưu hữu nghị nhân dân Việt Nam - Lào tại Quảng Trị",
                "Tọa đàm về vai trò của các hội hữu nghị trong tình hình mới",
                "Câu lạc bộ giao lưu văn hóa Việt - Hàn ra mắt tại Hội An"),
        chrome=(("LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ TỈNH QUẢNG TRỊ *** "
                 "NHIỆT LIỆT CHÀO MỪNG NĂM MỚI 2024"),
                "Thứ Ba, 16/07/2024 09:12", "Trang chủ | Giới thiệu | Tin tức | Liên hệ",
                "Hoạt động đối ngoại", "Tin liên quan",
                "Hội Hữu nghị Việt Nam - Lào tỉnh tổng kết công tác năm 2023",
                "Đoàn đại biểu tỉnh thăm các gia đình chính sách ở huyện Gio Linh",
                "Chủ Nhật, 21/07/2024 20:40", "Đối ngoại", "Xem thêm",
                "Ra mắt câu lạc bộ tiếng Nhật cho thanh niên thủ đô",
                "Tặng quà cho trẻ em vùng cao nhân dịp Tết Trung thu",
                "Tiếng Việt | English | 中文"),
        captions=((), (), ()),
        authors=("Minh Quân", "", "Thu Hà - Văn Long"),
        publishers=("", "Báo Hữu Nghị", ""),
        urls=("", "", ""),
        clocks=("Thứ Ba, 16/07/2024 09:12", "Chủ Nhật, 21/07/2024 20:40",
                "Chủ Nhật, 21/07/2024 20:40"),
        trailer=("Minh Quân", "Nguồn: Báo Hữu Nghị", "Thu Hà - Văn Long"),
    ),
    Page(
        name="page_clock.txt",
        titles=("Đêm nhạc hữu nghị Việt Nam - Cu Ba tại Cần Thơ",),
        chrome=("Chủ Nhật, 14/07/2024 08:05", "Tin tức - Sự kiện",
                "Trang chủ > Tin tức > Đối ngoại", "Cập nhật: 16/08/2023 07:30", "Bình luận (0)",
                "Chia sẻ Facebook Zalo In bài"),
        captions=((),),
        authors=("",),
        publishers=("",),
        urls=("",),
        clocks=("Chủ Nhật, 14/07/2024 08:05",),
    ),
    Page(
        name="captions.txt",
        titles=("Gặp mặt hữu nghị nhân kỷ niệm ngày thành lập Hội Hữu nghị Việt Nam - Ấn Độ",),
        chrome=(),
        captions=(("Quang cảnh buổi gặp mặt | Minh Quân",
                   "Ông Đặng Quốc Bảo phát biểu tại buổi gặp mặt. | TTXVN",
                   "Đại biểu hai nước chụp ảnh lưu niệm. | Tuấn Việt",
                   "Các em nhỏ biểu diễn điệu múa dân gian Ấn Độ | "),),
        caption_lines=("Quang cảnh buổi gặp mặt", "Quang cảnh buổi gặp mặt (Ảnh: Minh Quân)",
                       "Ông Đặng Quốc Bảo phát biểu tại buổi gặp mặt.", "Ảnh: TTXVN",
                       "Đại biểu hai nước chụp ảnh lưu niệm. Ảnh: Tuấn Việt",
                       "Ảnh: Các em nhỏ biểu diễn điệu múa dân gian Ấn Độ"),
        authors=("",),
        publishers=("",),
        urls=("",),
        clocks=("",),
    ),
    Page(
        name="publisher_prefix.txt",
        titles=("Đà Nẵng đón đoàn thanh niên hữu nghị từ Hàn Quốc",),
        chrome=("Đối ngoại nhân dân", "Thứ Sáu, 11/03/2022 15:47", "0:00 / 0:00",
                "Video đang HOT", "Từ khóa: Đà Nẵng, Hàn Quốc, thanh niên"),
        captions=((),),
        authors=("",),
        publishers=("Baomoi.com",),
        urls=("",),
        clocks=("Thứ Sáu, 11/03/2022 15:47",),
        prefixes={"(Baomoi.com) - Ngày 9/3": "(Baomoi.com) - "},
    ),
    Page(
        name="source_author.txt",
        titles=("Hội thảo chia sẻ kinh nghiệm vận động viện trợ phi chính phủ nước ngoài",),
        chrome=("Trang chủ Giới thiệu Tin tức Văn bản Liên hệ", "Chia sẻ", "In bài", "Gửi email",
                "Từ khóa: viện trợ, phi chính phủ, Quảng Nam", "Tin cùng chuyên mục",
                "Quảng Nam tiếp nhận hai xe cứu thương do tổ chức quốc tế tài trợ (12/04/2023)",
                "Trao nhà tình nghĩa cho gia đình chính sách ở Núi Thành (05/04/2023)"),
        captions=((),),
        authors=("Lê Hoàng Nam",),
        publishers=("",),
        urls=("http://baoquangnam.example.vn/hoi-thao-vien-tro.html",),
        clocks=("",),
        trailer=("Lê Hoàng Nam", "Nguồn: http://baoquangnam.example.vn/hoi-thao-vien-tro.html"),
    ),
    Page(
        name="chrome_heavy.txt",
        titles=("Ninh Bình tổng kết công tác đối ngoại nhân dân năm 2024",),
        chrome=("CỔNG THÔNG TIN ĐIỆN TỬ LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ TỈNH NINH BÌNH",
                ("KỶ NIỆM 95 NĂM NGÀY THÀNH LẬP ĐẢNG CỘNG SẢN VIỆT NAM (3/2/1930 - 3/2/2025) "
                 "★ MỪNG XUÂN ẤT TỴ 2025"),
                "Tiếng Việt | English | 中文",
                "Trang chủ Giới thiệu Tin tức Hoạt động Văn bản Thư viện ảnh Liên hệ",
                "Thứ Tư, 05/02/2025 10:21", "Trang chủ > Hoạt động > Đối ngoại nhân dân",
                "Tin mới nhất", "Ninh Bình đón đoàn khách Nhật Bản dự lễ hội Tràng An",
                "Khai mạc lớp bồi dưỡng nghiệp vụ đối ngoại cho cán bộ cơ sở",
                "Hiển thị kết quả từ 1 - 10 trong tổng số 245 kết quả", "« 1 2 3 4 5 »",
                "Lượt truy cập: 1.234.567", "Đang online: 12",
                "Bản quyền thuộc Liên hiệp các tổ chức hữu nghị tỉnh Ninh Bình",
                "Địa chỉ: 12 đường Lê Hồng Phong, thành phố Hoa Lư"),
        captions=((),),
        authors=("Trần Hùng",),
        publishers=("NDO",),
        urls=("",),
        clocks=("Thứ Tư, 05/02/2025 10:21",),
        trailer=("Trần Hùng (TTXVN)",),
        prefixes={"NDO - Chiều 24/1": "NDO - "},
    ),
    Page(
        name="datelines.txt",
        titles=("NGÀY HỘI VĂN HÓA VIỆT NAM - NHẬT BẢN TẠI CÔNG VIÊN THỐNG NHẤT",
                "Trao học bổng cho sinh viên ngành Đông phương học"),
        chrome=("CHÀO MỪNG ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC MẶT TRẬN TỔ QUỐC VIỆT NAM", "Video",
                "Xem thêm: Ra mắt sách ảnh về tình hữu nghị Việt Nam - Nhật Bản"),
        captions=((), ()),
        authors=("PV", "Ngọc Anh"),
        publishers=("Chinhphu.vn", "Báo Thời Đại"),
        urls=("", ""),
        clocks=("", ""),
        trailer=("PV", "Theo TTXVN", "Ngọc Anh", "Theo Báo Thời Đại"),
        prefixes={"(Chinhphu.vn) - Hà Nội, ngày 21/9/2023": "(Chinhphu.vn) - "},
    ),
    Page(
        name="no_lead.txt",
        titles=("Kết nối bạn bè quốc tế qua những lớp học tiếng Việt miễn phí",),
        chrome=("Lượt truy cập: 88.102",),
        captions=((),),
        authors=("Hồng Nhung",),
        publishers=("",),
        urls=("",),
        clocks=("",),
        trailer=("Hồng Nhung",),
    ),
)


def _read(name: str) -> list[str]:
    return (PAGES / name).read_text(encoding="utf-8").splitlines()


def _cut(name: str) -> list[ArticleText]:
    return cut_articles(RawPage(origin=name, lines=tuple(_read(name))))


def _expected_paragraphs(page: Page) -> list[list[str]]:
    """The body lines of each article: the page's lines after its title, minus the rest."""
    not_body = set(page.chrome) | set(page.caption_lines) | set(page.trailer)
    articles: list[list[str]] = []
    for line in _read(page.name):
        if line in page.titles:
            articles.append([])
        elif articles and line.strip() and line not in not_body:
            for start, prefix in page.prefixes.items():
                if line.startswith(start):
                    line = line.removeprefix(prefix)
            articles[-1].append(line)
    return articles


def _sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", text) if part]


def _paragraphs(article: ArticleText) -> list[str]:
    return [block.text for block in article.blocks if block.kind == "paragraph"]


def test_fixtures_have_their_shapes() -> None:
    names = {path.name for path in PAGES.glob("*.txt")}
    assert names == {page.name for page in FIXTURES}
    assert len(names) >= 6


@pytest.mark.parametrize("page", FIXTURES, ids=lambda page: page.name)
def test_titles_are_found(page: Page) -> None:
    assert [article.title for article in _cut(page.name)] == list(page.titles)


@pytest.mark.parametrize("page", FIXTURES, ids=lambda page: page.name)
def test_chrome_is_dropped_and_recorded(page: Page) -> None:
    articles = _cut(page.name)
    dropped = [line for article in articles for line in article.dropped]
    kept = {block.text for article in articles for block in article.blocks}
    for line in page.chrome:
        assert line in dropped
        assert line not in kept
    for line in page.trailer:
        assert line in dropped and line not in kept


@pytest.mark.parametrize("page", FIXTURES, ids=lambda page: page.name)
def test_body_survives_in_order(page: Page) -> None:
    articles = _cut(page.name)
    expected = _expected_paragraphs(page)
    assert [_paragraphs(article) for article in articles] == expected
    for article, lines in zip(articles, expected, strict=True):
        text = " ".join(_paragraphs(article))
        position = 0
        for sentence in _sentences(" ".join(lines)):
            found = text.find(sentence, position)
            assert found >= 0, sentence
            position = found + len(sentence)


@pytest.mark.parametrize("page", FIXTURES, ids=lambda page: page.name)
def test_captions_and_credits(page: Page) -> None:
    found = tuple(tuple(f"{block.text} | {block.credit}" for block in article.blocks
                        if block.kind == "caption") for article in _cut(page.name))
    assert found == page.captions


@pytest.mark.parametrize("page", FIXTURES, ids=lambda page: page.name)
def test_author_publisher_url_and_clock(page: Page) -> None:
    articles = _cut(page.name)
    assert tuple(article.author for article in articles) == page.authors
    assert tuple(article.publisher for article in articles) == page.publishers
    assert tuple(article.url for article in articles) == page.urls
    assert tuple(article.page_clock for article in articles) == page.clocks


def test_caption_positions_follow_the_page() -> None:
    """Captions stay where the photos were, among the paragraphs."""
    (article,) = _cut("captions.txt")
    assert [block.kind for block in article.blocks] == [
        "paragraph", "caption", "paragraph", "caption", "paragraph", "caption", "caption",
        "paragraph"]


def test_page_clock_is_not_the_event_date() -> None:
    (article,) = _cut("page_clock.txt")
    assert article.page_clock == "Chủ Nhật, 14/07/2024 08:05"
    assert article.blocks[0].text.startswith("Tối 15-8, tại Nhà hát thành phố Cần Thơ")
    assert "Cập nhật: 16/08/2023 07:30" in article.dropped


def test_subheading_made_of_menu_words_stays_in_the_body() -> None:
    lines = ("Tiêu đề của một bài viết thử nghiệm về hữu nghị", "Ngày 3/4, tại Huế, hội họp mặt.",
             "Đối ngoại nhân dân", "Các hội viên kể lại những chuyến đi của mình trong năm.",
             "Đối ngoại")
    (article,) = cut_articles(RawPage("x", lines))
    assert _paragraphs(article) == list(lines[1:4])
    assert article.dropped == ["Đối ngoại"]


def test_subheading_before_a_dated_paragraph_does_not_split() -> None:
    """A later title needs the article before it to have ended (signature, source, chrome)."""
    lines = ("Hội nghị tổng kết năm của Liên hiệp tỉnh Bình Định",
             "Ngày 5/1, tại Quy Nhơn, Liên hiệp tổ chức hội nghị tổng kết.",
             "Nhiều hoạt động giao lưu nổi bật trong năm",
             "Ngày 10/3, đoàn đại biểu tỉnh đã sang thăm tỉnh Attapeu của Lào.")
    (article,) = cut_articles(RawPage("x", lines))
    assert _paragraphs(article) == list(lines[1:])


def test_capitals_inside_the_body_stay() -> None:
    lines = ("Kỷ niệm ngày thành lập Hội hữu nghị tỉnh",
             "Chiều 4/5, tại Vinh, Hội tổ chức lễ kỷ niệm 30 năm ngày thành lập.",
             "II. KỶ NIỆM 30 NĂM THÀNH LẬP HỘI (1994 - 2024)",
             "Hội đón nhận Huân chương Lao động hạng Ba.",
             "MỪNG ĐẢNG MỪNG XUÂN ẤT TỴ 2025")
    (article,) = cut_articles(RawPage("x", lines))
    assert _paragraphs(article) == list(lines[1:4])
    assert article.dropped == ["MỪNG ĐẢNG MỪNG XUÂN ẤT TỴ 2025"]


def test_summary_and_photo_between_title_and_lead() -> None:
    lines = ("Menu", "Hội Hữu nghị Việt Nam - Ba Lan gặp mặt đầu xuân",
             "Không khí ấm áp bao trùm buổi gặp mặt của hội viên hai nước.",
             "Các đại biểu tại buổi gặp mặt. (Ảnh: Thu Hà)",
             "Sáng 12/2, tại Hà Nội, Hội Hữu nghị Việt Nam - Ba Lan tổ chức gặp mặt đầu xuân.")
    (article,) = cut_articles(RawPage("x", lines))
    assert article.title == lines[1]
    assert [(block.kind, block.text, block.credit) for block in article.blocks] == [
        ("paragraph", lines[2], ""), ("caption", "Các đại biểu tại buổi gặp mặt.", "Thu Hà"),
        ("paragraph", lines[4], "")]
    assert article.dropped == ["Menu"]


def test_page_url_and_publisher_are_defaults() -> None:
    page = RawPage("x.html", ("Một tiêu đề thử nghiệm về giao lưu hữu nghị",
                              "Sáng 2/6, tại Huế, hai hội ký kết biên bản ghi nhớ hợp tác."),
                   url="https://example.vn/a", publisher="Báo Thử")
    (article,) = cut_articles(page)
    assert (article.url, article.publisher) == ("https://example.vn/a", "Báo Thử")


def test_nothing_but_chrome_gives_no_article() -> None:
    assert cut_articles(RawPage("x", ("Trang chủ | Liên hệ", "0:00 / 0:00", ""))) == []
    assert cut_articles(RawPage("x", ())) == []


# --- Properties ---------------------------------------------------------------------------

_FIXTURE_LINES = sorted({line for page in FIXTURES for line in _read(page.name) if line.strip()})
_LINES = st.lists(st.one_of(st.sampled_from(_FIXTURE_LINES), st.text(max_size=80)), max_size=30)


_LOOK_ALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def _invented(page: RawPage) -> list[str]:
    """Texts of the articles that are not part of some input line (look-alike letters read as
    the Vietnamese ones, "Ð" as "Đ"), or of two lines in a row joined (a citation cut by a line
    break is joined again)."""
    cleaned = [line for line in (clean_text(raw).translate(_LOOK_ALIKES) for raw in page.lines)
               if line]
    pairs = zip(cleaned, cleaned[1:], strict=False)
    sources = cleaned + [f"{first} {second}" for first, second in pairs]
    texts = []
    for article in cut_articles(page):
        texts += [article.title, article.author] + [block.text for block in article.blocks]
        texts += [block.credit for block in article.blocks]
    return [text for text in texts if not any(text in source for source in sources)]


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    page = RawPage("x", tuple(text.splitlines()))
    cut_articles(page)
    assert _invented(page) == []


@settings(max_examples=150, deadline=None)
@given(_LINES)
def test_mixed_lines_never_raise_nor_invent(lines: list[str]) -> None:
    page = RawPage("x", tuple(lines))
    assert _invented(page) == []


@settings(max_examples=100, deadline=None)
@given(st.permutations(_read("concatenated.txt")))
def test_shuffled_page_never_invents(lines: list[str]) -> None:
    assert _invented(RawPage("x", tuple(lines))) == []
