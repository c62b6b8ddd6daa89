"""Site chrome in raw copies of news pages, and what the page says around an article.

Every line passed here has been through ``clean_text`` (NFC, one space, trimmed). The
functions classify one line each: chrome to drop (menus, counters, player residue, banners,
clock lines...), photo captions and credits, author signatures, source lines and publisher
prefixes. ``read_body`` applies them to the lines of one article, after its title.

Conservative by design: a line is dropped only when a pattern below names it; anything else
stays in the article. What is dropped is kept in ``Body.dropped`` for the editor to check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from diplomacy_archive.importing.record import Block
from diplomacy_archive.text.vietnamese import fold_key

# --- Word lists (compared case-insensitively, as whole lines of phrases) ---------------------

# Navigation menus and category names: a line made only of these is a menu or a category label.
MENU_PHRASES = (
    "Trang chủ", "Giới thiệu", "Tin tức", "Sự kiện", "Tin tức - Sự kiện", "Hoạt động",
    "Hoạt động đối ngoại", "Đối ngoại", "Đối ngoại nhân dân", "Hữu nghị", "Thời sự",
    "Chính trị", "Kinh tế", "Văn hóa", "Văn hoá", "Xã hội", "Quốc tế", "Thế giới",
    "Trong nước", "Địa phương", "Thể thao", "Giáo dục", "Y tế", "Du lịch", "Pháp luật",
    "Media", "Multimedia", "Video", "Ảnh", "Thư viện ảnh", "Thư viện video", "Podcast",
    "Infographic", "Infographics", "E-magazine", "eMagazine", "Longform", "Văn bản",
    "Văn bản chỉ đạo", "Tài liệu", "Liên hệ", "Tìm kiếm", "Đăng nhập", "Đăng ký", "Đăng xuất",
    "Sơ đồ trang", "Sơ đồ site", "Sơ đồ cổng", "Hỏi đáp", "Diễn đàn", "Tổ chức thành viên",
    "Cơ cấu tổ chức", "Chức năng nhiệm vụ", "Lịch sử", "Lịch sử hình thành", "Hội hữu nghị",
    "Các hội hữu nghị", "Tin trong nước", "Tin quốc tế", "Tin địa phương", "Tin hoạt động",
    "Thông báo", "Bạn đọc", "Menu", "RSS", "Lịch công tác", "Tin ảnh", "Tin video",
    "Chuyên mục", "Chuyên đề", "Tiêu điểm", "Hợp tác quốc tế", "Viện trợ phi chính phủ",
    "Liên kết", "Liên kết website", "Liên kết web", "Website liên kết",
)
# Share, print, comment and text-size buttons.
SHARE_PHRASES = (
    "Chia sẻ", "Share", "Like", "Thích", "Tweet", "Facebook", "Zalo", "Twitter", "X",
    "Linkedin", "Email", "E-mail", "Gửi email", "Gửi bài", "Gửi bài viết", "In", "In bài",
    "In bài viết", "In trang", "Bản in", "Print", "Lưu", "Lưu bài", "Lưu tin", "Lưu bài viết",
    "Bình luận", "Gửi bình luận", "Ý kiến", "Gửi ý kiến", "Copy link", "Sao chép liên kết",
    "Sao chép link", "Quay lại", "Trở lại", "Trở về", "Quay về", "Về trang trước",
    "Về đầu trang", "Lên đầu trang", "Đầu trang",
    "Cỡ chữ", "A", "A+", "A-", "Tăng cỡ chữ", "Giảm cỡ chữ", "Google News", "Theo dõi",
    "Follow", "Gửi", "Gửi cho bạn bè", "Chia sẻ bài viết", "Chia sẻ bài viết lên",
)
# Names in a language switcher.
LANGUAGE_NAMES = (
    "Tiếng Việt", "English", "Français", "Русский", "中文", "中文版", "简体中文", "Español",
    "Deutsch", "日本語", "한국어", "ລາວ", "ພາສາລາວ", "ខ្មែរ", "ភាសាខ្មែរ", "ไทย", "Lao",
    "Khmer", "EN", "VN", "VI", "FR", "RU", "CN", "ZH", "JP", "KR", "ES", "DE", "LA", "KH",
    "Tiếng Anh", "Tiếng Pháp", "Tiếng Nga", "Tiếng Trung", "Tiếng Lào", "Tiếng Khmer",
    "Tiếng Nhật", "Tiếng Hàn", "Tiếng Tây Ban Nha", "Tiếng Đức",
)
# Promotional and widget lines, dropped alone (whatever follows them stays).
PROMO_PHRASES = (
    "Video đang HOT", "Đang HOT", "HOT", "Video nổi bật", "Video hot", "Xem video",
    "Video đang phát", "Đang phát", "Quảng cáo", "Advertisement", "Sponsored",
    "Tải ứng dụng", "Tải app", "Đăng ký nhận bản tin", "Đăng ký nhận tin", "Xem ngay",
    "Bấm xem", "Click xem", "Đóng", "Close", "Đang tải", "Loading", "Tin nóng",
)
# Headings of the lists of other news: after them, title-like lines are that list.
RELATED_HEADINGS = (
    "Tin liên quan", "Tin cùng chuyên mục", "Xem thêm", "Đọc thêm", "Tin khác", "Các tin khác",
    "Các tin đã đưa", "Tin đã đưa", "Các bài đã đăng", "Bài viết liên quan", "Bài liên quan",
    "Tin mới nhất", "Tin mới", "Tin mới cập nhật", "Đọc nhiều", "Đọc nhiều nhất", "Xem nhiều",
    "Xem nhiều nhất", "Tin nổi bật", "Tin xem nhiều", "Tin đọc nhiều", "Có thể bạn quan tâm",
    "Bạn có thể quan tâm", "Tin cùng chủ đề", "Cùng chuyên mục", "Tin tức khác", "Tin bài khác",
    "Tin bài liên quan", "Bài viết khác", "Các bài viết khác", "Tin tiếp theo", "Tin trước",
    "Ý kiến bạn đọc", "Bình luận của bạn", "Gửi bình luận của bạn", "Các tin cũ hơn",
    "Tin tức liên quan", "Bài cùng chuyên mục", "Tin bài cùng chuyên mục",
)
# Words of a slogan or anniversary banner (a line in capitals with one of these is a banner).
BANNER_WORDS = (
    "CHÀO MỪNG", "NHIỆT LIỆT", "KỶ NIỆM", "KỈ NIỆM", "MỪNG", "MUÔN NĂM", "QUANG VINH",
    "THI ĐUA", "QUYẾT TÂM", "HƯỚNG TỚI", "CHÚC MỪNG", "VỮNG BƯỚC",
)
# Publishers written without parentheses before the lead (capitals such as NDO are found anyway).
KNOWN_PUBLISHERS = (
    "Dân trí", "VietnamPlus", "Vietnamplus", "VnExpress", "Vietnamnet", "VietNamNet",
    "Tuổi Trẻ", "Thanh Niên", "Tiền Phong", "Lao Động", "Thời Đại", "Hà Nội Mới", "Nhân Dân",
)

# --- Patterns -----------------------------------------------------------------------------

_WEEKDAY = r"(?:Thứ\s*(?:Hai|Ba|Tư|Năm|Sáu|Bảy|[2-7])|Chủ\s*Nhật|CN|T[2-7])"
_FULL_DATE = (r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}"
              r"|\d{1,2}\s+tháng\s+\d{1,2}\s*(?:,\s*|\s+năm\s+)\d{4})")
_TIME = (r"\d{1,2}\s*[:hg]\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*(?:AM|PM|SA|CH))?"
         r"(?:\s*\(?\s*(?:GMT|UTC)\s*\+\s*0?7(?::00)?\s*\)?)?")
_CLOCK_LABEL = (r"(?:Cập nhật(?:\s+lúc)?|Ngày đăng|Đăng(?:\s+lúc|\s+ngày)?|Ngày cập nhật"
                r"|Thời gian đăng|Xuất bản|Hôm nay(?:\s+là)?)\s*:?\s*")
_SEP = r"\s*[,|-]?\s*"
# A line that is only a date (with a year), maybe a weekday and a time: the page's clock.
CLOCK = re.compile(
    rf"(?i:^(?:{_CLOCK_LABEL})?(?:{_WEEKDAY}{_SEP})?(?:ngày\s+)?"
    rf"(?:{_FULL_DATE}(?:{_SEP}(?:lúc\s+)?{_TIME})?"
    rf"|{_TIME}{_SEP}(?:{_WEEKDAY}{_SEP})?(?:ngày\s+)?{_FULL_DATE})\s*$)"
)

_COUNTER = re.compile(
    r"(?i:^(?:Lượt truy cập|Số lượt truy cập|Tổng lượt truy cập|Lượt xem|Lượt đọc|Lượt thích"
    r"|Đang (?:truy cập|trực tuyến|online)|Trực tuyến|Online|Hôm nay|Hôm qua|Tuần này"
    r"|Tháng này|Năm nay|Tổng cộng|Tổng số|Tổng|Khách|Thành viên|Truy cập)\s*:?\s*[\d.,\s]+$"
    r"|^[\d.,]+\s+(?:lượt xem|lượt đọc|lượt thích|bình luận|views?|lượt truy cập)$"
    r"|^(?:Thống kê truy cập|Lượt truy cập|Số lượt truy cập|Tổng lượt truy cập"
    r"|Đang truy cập|Đang online|Lượt xem)\s*:?$"
    r"|^[0-9]{6,}$)"  # a counter's label alone, and its number on the next line
)
_PLAYER = re.compile(
    r"(?i:^\d{1,2}:\d{2}(?::\d{2})?\s*/\s*\d{1,2}:\d{2}(?::\d{2})?$"
    r"|^(?:Play|Pause|Mute|Unmute|Replay|Fullscreen|Full screen|Non-Fullscreen|Exit Fullscreen"
    r"|Picture-in-Picture|Phát|Tạm dừng|Tắt tiếng|Bật tiếng|Toàn màn hình|Xem lại|Chapters"
    r"|Captions|Subtitles|Audio Track|Quality|Chất lượng|Auto|Tự động|LIVE|Trực tiếp"
    r"|Nghe bài viết|Nghe bài|Nghe audio|Đọc bài viết|Giọng nam|Giọng nữ"
    r"|Giọng miền (?:Bắc|Nam|Trung)|Tốc độ đọc|Tốc độ|Cài đặt|Settings)\s*:?$"
    r"|^(?:Video|Audio)?\s*(?:đang được tải|đang tải|is loading|loading)\s*(?:\.\.\.|…)?$"
    r"|^(?:Current Time|Duration|Remaining Time|Loaded|Progress|Stream Type|Playback Rate"
    r"|Thời lượng)\b.{0,40}$"
    r"|^(?:captions|subtitles|descriptions|chapters) (?:off|settings)\b.{0,40}$"
    r"|^(?:This is a modal window|Beginning of dialog window|End of dialog window)\b.{0,80}$"
    r"|^\d(?:[.,]\d+)?x$)"
)
_PROMO_LINE = re.compile(
    r"(?i:^Theo dõi\b.{0,50}\btrên (?:Google News|Facebook|Zalo|YouTube|TikTok)\b.{0,20}$"
    r"|^Mời (?:quý )?(?:độc giả|bạn đọc)\b.{0,80}\b(?:theo dõi|xem|đón đọc)\b.{0,80}$)"
)
_PAGINATION = re.compile(
    r"(?i:^Hiển thị\s+(?:kết quả\s+)?(?:từ\s+)?\d+\s*[-–]\s*\d+.*$"
    r"|^(?:Trang|Page)\s*:?\s*\d+(?:\s*(?:/|của|trên|of)\s*\d+)?\s*$"
    # result counters, "items per page" and a date filter of a list of news
    r"|^(?:Có|Tìm thấy|Tổng cộng|Tổng số)?\s*\d+\s+(?:kết quả|bài viết|tin bài|results?)\s*\.?$"
    r"|^(?:Kết quả|Results?)\s*:?\s*\d+(?:\s*[-–]\s*\d+)?(?:\s*(?:/|của|trên|of)\s*\d+)?$"
    r"|^(?:Số (?:mục|tin|bài|dòng)(?: hiển thị)?(?: (?:mỗi|trên|\/)\s*trang)|Hiển thị"
    r"|Items per page|Results per page|Show)\s*:?\s*\d{0,3}"
    r"(?:\s*(?:mục|tin|bài)(?:\s*/\s*trang)?)?$"
    r"|^(?:Lọc theo ngày|Lọc|Xem theo ngày|Từ ngày|Đến ngày|Chọn ngày|Tìm theo ngày)\s*:?"
    r"(?:\s*[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})?"
    r"(?:\s*(?:[-–]|đến(?:\s+ngày)?)\s*:?\s*[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})?"
    r"(?:\s*(?:Xem|Lọc|Tìm))?\s*$"
    r"|^[«‹<\s]*(?:(?:Đầu|Trước|Trang trước|Trang đầu|Prev|Previous|First)\s*)?"
    r"(?:\d+\s*(?:\.\.\.|…)?\s*){2,}(?:(?:Tiếp|Sau|Trang sau|Trang cuối|Next|Cuối|Last)\s*)?"
    r"[»›>\s]*$"
    r"|^[«‹<\s]*(?:Trang trước|Trang sau|Trang đầu|Trang cuối|Tiếp theo|Xem tiếp|Trước|Tiếp"
    r"|Sau|Đầu|Cuối|Next|Prev|Previous|Tải thêm|Load more|Xem tất cả)[»›>\s]*$)"
)
_TAGS = re.compile(r"(?i:^(?:Từ khóa|Từ khoá|Tags?|Thẻ|Keywords?|Chủ đề)\s*:.*$|^(?:#\S+[\s,]*)+$)")
_FOOTER = re.compile(
    r"(?i:^(?:©|\(c\)|(?:Copyright|Bản quyền|Giấy phép|Chịu trách nhiệm|Tổng biên tập"
    r"|Phó tổng biên tập|Cơ quan chủ quản|Ghi rõ nguồn|Nghiêm cấm|Thiết kế bởi"
    r"|Phát triển bởi|Designed by|Powered by|Đơn vị quản lý)\b)"
    r"|^(?:Địa chỉ|Điện thoại|ĐT|Tel|Fax|E-?mail|Hotline|Đường dây nóng|Website)\s*:)"
)
_SITE_NAME = re.compile(r"(?i:^(?:Cổng thông tin|Trang thông tin|Báo điện tử|Tạp chí điện tử)\b)")
_WEATHER = re.compile(r"^[^\d.]{2,30}\s+-?\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s*°\s*C\b.{0,30}$")
_BREADCRUMB_SEPARATOR = re.compile(r"\s*[>»›]\s*")
_RELATED_LINK = re.compile(r"(?i:^(?:>>+|»)\s*\S.*$)")
_MENU_SEPARATORS = re.compile(r"[|/•·,\-–—»>›:*+\[\]]|\(\d+\)")

_BANNER_WORD = re.compile(r"\b(?:" + "|".join(BANNER_WORDS) + r")\b", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"\b(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}\b")
_ANNIVERSARY = re.compile(r"\b\d{1,3}\s+NĂM\b")
_SLOGAN_SEPARATOR = re.compile(r"\*\*|★|☆|✿|❀|♦|◆|•")

_CREDIT_WORD = r"(?:Ảnh(?:\s+minh\s+họa|\s+minh\s+hoạ|\s+tư\s+liệu)?|Nguồn\s+ảnh|Photo|Clip)"
_PAREN_CREDIT = re.compile(
    rf"(?i:^(?P<text>.*?)\s*[-–—]?\s*\(\s*{_CREDIT_WORD}\s*:\s*(?P<credit>[^()]{{1,80}}?)\s*\)"
    r"\s*\.?$)"
)
_TRAILING_CREDIT = re.compile(
    rf"(?i:^(?P<text>.+?)\s*[-–—]?\s+{_CREDIT_WORD}\s*:\s*(?P<credit>[^:()]{{1,60}}?)\.?$)"
)
_LEADING_CREDIT = re.compile(rf"(?i:^\(?\s*{_CREDIT_WORD}\s*:\s*(?P<rest>.+?)\s*\)?$)")
_ILLUSTRATION = re.compile(r"(?i:^Ảnh minh họa\.?$|^Ảnh minh hoạ\.?$|^Ảnh tư liệu\.?$)")

_URL = re.compile(r"(?:https?://|www\.)\S+")
_SOURCE = re.compile(
    r"(?i:^\(?\s*(?:Nguồn|Nguồn tin|Nguồn bài|Source)\s*:\s*(?P<rest>.{2,250}?)\)?$)")
_THEO = re.compile(r"^\(?Theo\s+(?P<name>[^(),;:]{2,60}?)\s*\)?\.?$")
_SIGNATURE_PREFIX = re.compile(
    r"(?i:^(?:Bài\s*(?:,|và|&)?\s*ảnh|Tin\s*(?:,|và|&)?\s*ảnh|Ảnh\s*(?:,|và|&)\s*bài|Bài|Tin"
    r"|Tác giả|Thực hiện|Nhóm phóng viên)\s*:\s*)"
)
_SIGNATURE_AGENCY = re.compile(r"\s*\(\s*(?P<agency>[^()]{2,30}?)\s*\)$")
_NAME_SEPARATOR = re.compile(r"\s*(?:[-–—,&]|\bvà\b)\s*")
_ABBREVIATION = re.compile(r"^(?:Nhóm\s+)?[A-ZĐ]{2,6}(?:\s*/\s*[A-ZĐ][A-Za-zĐđ.]{1,12})?$")

_PREFIX_NAME = (r"[A-ZĐ][A-ZĐ0-9]{1,9}(?:\.(?:VN|vn|COM|com))?(?:\s+Online)?"
                r"|[A-Za-zĐđ][\w-]{1,20}\.(?:vn|com|net|org|VN)(?:\.vn)?"
                r"|" + "|".join(re.escape(name) for name in KNOWN_PUBLISHERS))
# A publisher before the lead: ``(Baomoi.com) -``, ``NDO -``, ``TTXVN -``, ``(Chinhphu.vn) -``.
PUBLISHER_PREFIX = (r"(?:\(\s*(?P<paren>[^()]{2,40}?)\s*\)|(?P<bare>" + _PREFIX_NAME + r"))"
                    r"\s*[-–—]\s*")
_PUBLISHER_PREFIX = re.compile(rf"^{PUBLISHER_PREFIX}(?P<rest>.+)$")


# Lines repeat within a page (and classifiers run on them several times): results are cached.
_CACHE_SIZE = 1 << 14


# --- Small predicates ---------------------------------------------------------------------

@dataclass(frozen=True)
class _Phrases:
    """A word list as tuples of folded words, with all the words in it."""

    phrases: frozenset[tuple[str, ...]]
    vocabulary: frozenset[str]


def _phrase_set(phrases: Iterable[str]) -> _Phrases:
    """A word list ready for ``_only_phrases``."""
    folded = frozenset(tuple(fold_key(phrase).split()) for phrase in phrases)
    return _Phrases(folded, frozenset(word for phrase in folded for word in phrase))


_MENU = _phrase_set(MENU_PHRASES)
_SHARE = _phrase_set(SHARE_PHRASES)
_LANGUAGES = _phrase_set(LANGUAGE_NAMES)
_PROMOS = frozenset(fold_key(phrase) for phrase in PROMO_PHRASES)
_RELATED = frozenset(fold_key(phrase) for phrase in RELATED_HEADINGS)


def _words(line: str) -> list[str]:
    """Folded words of a line, separators such as ``|``, ``/``, ``>`` and counts removed."""
    return fold_key(_MENU_SEPARATORS.sub(" ", line)).split()


def _only_phrases(line: str, phrases: _Phrases, longest: int = 5) -> bool:
    """Whether the line is one or more of ``phrases`` in a row, and nothing else."""
    words = _words(line)
    if not words or len(words) > 40 or not phrases.vocabulary.issuperset(words):
        return False
    ends = [False] * len(words) + [True]  # ends[i]: words[i:] is a run of phrases
    for start in range(len(words) - 1, -1, -1):
        ends[start] = any(tuple(words[start:start + size]) in phrases.phrases
                          and ends[start + size]
                          for size in range(1, min(longest, len(words) - start) + 1))
    return ends[0]


def _bare(line: str) -> str:
    """The folded line without trailing colons, arrows and counts: a heading as listed."""
    return fold_key(re.sub(r"[\s:»>›.]+$|\s*\(\d+\)$", "", line))


def cased_letters(text: str) -> list[str]:
    """The letters of ``text`` that have a case."""
    return [char for char in text if char.isupper() or char.islower()]


def is_capitals(line: str, minimum: int = 12) -> bool:
    """Whether at least 90% of the line's (at least ``minimum``) cased letters are capitals."""
    letters = cased_letters(line)
    return len(letters) >= minimum and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def is_sentence(line: str) -> bool:
    """A full sentence of running text: ends with a period (not an ellipsis), 8 words or more."""
    return (line.endswith(".") and not line.endswith("..") and len(line.split()) >= 8) \
        or len(line) >= 250


def is_name(text: str) -> bool:
    """Two to five capitalised words, as Vietnamese names are written: ``Lê Văn Minh``."""
    words = text.split()
    return 2 <= len(words) <= 5 and all(
        word[0].isupper() and (len(word) == 1 or word[1:].islower()) and word.isalpha()
        for word in words)


def _credit_like(text: str) -> bool:
    """A photo credit: a short name, agency or ``VGP/Nhật Bắc``, not a sentence."""
    words = text.split()
    if not words or len(words) > 6 or text.endswith((".", ",", ";")) and not text.endswith(".vn"):
        return False
    if len(words) <= 2:
        return True
    return all(word[0].isupper() or word[0].isdigit() or "/" in word for word in words)


# --- Line classifiers ---------------------------------------------------------------------

@lru_cache(maxsize=_CACHE_SIZE)
def is_clock(line: str) -> bool:
    """A date-and-time line of the page (the day it was viewed or stamped), not the event's."""
    return len(line) <= 80 and CLOCK.match(line) is not None


@lru_cache(maxsize=_CACHE_SIZE)
def is_banner(line: str) -> bool:
    """A slogan or anniversary banner: a line in capitals with banner words, years or stars."""
    if not is_capitals(line):
        return False
    return bool(_BANNER_WORD.search(line) or _YEAR_RANGE.search(line)
                or _ANNIVERSARY.search(line) or _SLOGAN_SEPARATOR.search(line) or len(line) > 150)


@lru_cache(maxsize=_CACHE_SIZE)
def is_related_heading(line: str) -> bool:
    """A heading of a list of other news (``Tin liên quan``, ``Xem thêm:``)."""
    return len(line) <= 60 and _bare(line) in _RELATED


def _is_related_link(line: str) -> bool:
    """One other story named inline: ``Xem thêm: ...``, ``>> ...``."""
    head, colon, rest = line.partition(":")
    if colon and rest.strip() and fold_key(head) in _RELATED and len(line) <= 300:
        return True
    return len(line) <= 300 and _RELATED_LINK.match(line) is not None


def _is_breadcrumb(line: str) -> bool:
    """``Trang chủ > Tin tức > Đối ngoại``: short parts joined by arrows."""
    if len(line) > 200 or line.endswith("."):
        return False
    if fold_key(line).startswith("trang chủ") and re.search(r"[>»›/|]", line):
        return True
    parts = _BREADCRUMB_SEPARATOR.split(line)
    return len(parts) >= 2 and all(0 < len(part.split()) <= 6 for part in parts)


def _is_promo(line: str) -> bool:
    """A promotional or widget line: ``Video đang HOT``, ``Theo dõi ... trên Google News``."""
    return _bare(line) in _PROMOS or _PROMO_LINE.match(line) is not None


def _is_language_switcher(line: str) -> bool:
    """``Tiếng Việt | English | 中文``."""
    return len(line) <= 120 and _only_phrases(line, _LANGUAGES, longest=4)


def _is_category(line: str) -> bool:
    """A few words with no separator: a category label if menu words, else maybe a subheading."""
    return len(line.split()) <= 4 and not _MENU_SEPARATORS.search(line)


def _is_short_and_not_sentence(line: str, limit: int) -> bool:
    """At most ``limit`` characters and not ending like a sentence."""
    return len(line) <= limit and not line.endswith((".", "!", "?"))


# Checks of lines that are chrome wherever they stand, with the name the editor sees.
_CHROME_CHECKS = (
    ("counter", lambda line: _COUNTER.match(line) is not None),
    ("player", lambda line: _PLAYER.match(line) is not None),
    ("promo", _is_promo),
    ("pagination", lambda line: len(line) <= 120 and _PAGINATION.match(line) is not None),
    ("language", _is_language_switcher),
    ("share", lambda line: len(line) <= 120 and _only_phrases(line, _SHARE)),
    ("menu", lambda line: len(line) <= 300 and _only_phrases(line, _MENU)
     and not _is_category(line)),
    ("category", lambda line: _is_category(line) and _only_phrases(line, _MENU)),
    ("breadcrumb", _is_breadcrumb),
    ("tags", lambda line: len(line) <= 400 and _TAGS.match(line) is not None),
    ("footer", lambda line: len(line) <= 250 and _FOOTER.match(line) is not None),
    ("related", _is_related_link),
    ("site", lambda line: _is_short_and_not_sentence(line, 150) and bool(_SITE_NAME.match(line))),
    ("weather", lambda line: _WEATHER.match(line) is not None),
)


@lru_cache(maxsize=_CACHE_SIZE)
def chrome_kind(line: str) -> str:
    """What kind of site chrome the line is (``menu``, ``counter``...), "" if none of them.

    Clock lines, banners and headings of related news are told apart by their own functions.
    A ``category`` (``Đối ngoại nhân dân``) may also be a subheading: ``read_body`` keeps it
    when text of the article follows it.
    """
    for kind, check in _CHROME_CHECKS:
        if check(line):
            return kind
    return ""


@lru_cache(maxsize=_CACHE_SIZE)
def is_chrome(line: str) -> bool:
    """Any line to drop: clock, banner, heading of related news or other chrome."""
    return is_clock(line) or is_banner(line) or is_related_heading(line) or bool(chrome_kind(line))


@lru_cache(maxsize=_CACHE_SIZE)
def is_soft_chrome(line: str) -> bool:
    """A banner or a category label: chrome at the edges of an article, but inside it, with
    text following, maybe a subheading (``II. KỶ NIỆM 30 NĂM THÀNH LẬP HỘI``)."""
    kind = chrome_kind(line)
    return kind == "category" or (not kind and is_banner(line) and not is_clock(line)
                                  and not is_related_heading(line))


def is_hard_chrome(line: str) -> bool:
    """Chrome wherever it stands (menus, counters, clocks, related news...)."""
    return is_chrome(line) and not is_soft_chrome(line)


def _starts_tail(line: str) -> bool:
    """Whether what follows the line is the end of the page (related news, the paging of a
    list of news, the footer)."""
    return is_related_heading(line) or _FOOTER.match(line) is not None \
        or chrome_kind(line) == "pagination"


# --- Captions, credits, signatures, sources -----------------------------------------------

@lru_cache(maxsize=_CACHE_SIZE)
def parse_caption(line: str) -> tuple[str, str] | None:
    """A photo caption with its credit: ``Quang cảnh (Ảnh: Minh Quân)`` -> (text, credit).

    Only lines that carry a credit or start with ``Ảnh:`` count; a caption without either is
    told from a paragraph only when repeated (see ``read_body``).
    """
    if len(line) > 600:
        return None
    for pattern in (_PAREN_CREDIT, _TRAILING_CREDIT):
        match = pattern.match(line)
        if match and _credit_like(match["credit"]) and match["text"].strip(" -–—"):
            return match["text"].strip(" -–—"), match["credit"]
    if _ILLUSTRATION.match(line):
        return line, ""
    match = _LEADING_CREDIT.match(line)
    if match and not _credit_like(match["rest"]):
        return match["rest"], ""
    return None


@lru_cache(maxsize=_CACHE_SIZE)
def parse_credit(line: str) -> str | None:
    """The credit of a line that is only a credit (``Ảnh: TTXVN``, ``(Ảnh: Minh Quân)``)."""
    match = _LEADING_CREDIT.match(line)
    if match and _credit_like(match["rest"]):
        return match["rest"]
    return None


@lru_cache(maxsize=_CACHE_SIZE)
def parse_source(line: str) -> tuple[str, str] | None:
    """A source line as (publisher, url): ``Nguồn: Báo Quảng Nam``, ``Nguồn: http://...``."""
    match = _SOURCE.match(line)
    if match:
        rest = match["rest"]
        url = _URL.search(rest)
        publisher = _URL.sub(" ", rest).strip(" -–—|,;()") if url else rest.strip(" .")
        if len(publisher.split()) > 10:
            return None
        return publisher, url.group().rstrip(").,") if url else ""
    match = _THEO.match(line)
    if match and len(match["name"].split()) <= 8 and _publisher_like(match["name"]):
        return match["name"], ""
    return None


def _publisher_like(name: str) -> bool:
    """``TTXVN``, ``Báo Quảng Nam``, ``báo Nhân Dân``: capitalised after an optional kind word."""
    words = name.split()
    if words and fold_key(words[0]) in ("báo", "trang", "tạp", "đài", "cổng"):
        words = words[1:]
    return bool(words) and words[0][0].isupper()


@lru_cache(maxsize=_CACHE_SIZE)
def parse_signature(line: str) -> tuple[str, str] | None:
    """An author signature as (author, agency): ``Thu Hà - Văn Long``, ``Trần Hùng (TTXVN)``."""
    if len(line) > 70 or any(char.isdigit() for char in line) or line.endswith((".", ":")):
        return None
    text = _SIGNATURE_PREFIX.sub("", line, count=1)
    agency = ""
    match = _SIGNATURE_AGENCY.search(text)
    if match:
        agency, text = match["agency"], text[:match.start()]
        if not agency[:1].isupper():
            return None
    if not text or not text[0].isupper():
        return None
    if _ABBREVIATION.match(text):
        return text, agency
    if all(is_name(name) or _ABBREVIATION.match(name) for name in _NAME_SEPARATOR.split(text)):
        return text, agency
    return None


def split_publisher_prefix(line: str) -> tuple[str, str]:
    """``(Baomoi.com) - Ngày 9/3...`` -> (``Baomoi.com``, ``Ngày 9/3...``); ("", line) if none."""
    match = _PUBLISHER_PREFIX.match(line)
    if not match:
        return "", line
    name = match["paren"] or match["bare"]
    rest = match["rest"]
    first_letter = next((char for char in rest if char.isalpha()), "")
    if not first_letter.isupper() or len(name.split()) > 4 or not name[0].isupper() \
            or any(mark in name for mark in ":;,"):
        return "", line
    return name, rest


# --- One article's lines to blocks --------------------------------------------------------

@dataclass
class Body:
    """What ``read_body`` found in the lines of one article."""

    blocks: list[Block] = field(default_factory=list)
    author: str = ""
    publisher: str = ""
    url: str = ""
    dropped: list[str] = field(default_factory=list)


@dataclass
class _Item:
    kind: str  # "text", "caption", "credit" or "soft" (soft chrome)
    text: str
    credit: str = ""
    index: int = 0  # of the line in the article


def read_body(lines: Sequence[str], lead: int | None = None) -> Body:
    """The blocks of one article from its lines after the title (``lead``: index of the lead).

    Drops chrome and the list of other news after a related-news heading, turns credited lines
    into captions (a repeated caption kept once), and takes the author signature and the source
    line off the end. A byline between title and lead is the author when the end has none.
    """
    body = Body()
    items, byline = _sort_lines(lines, lead, body)
    items = _settle_soft_chrome(items, body)
    items = _attach_credits(items, lead)
    _peel_trailer(items, body)
    if not body.author:
        body.author = byline
    items = _dedupe_captions(items, body)
    body.blocks = [Block("caption", item.text, item.credit) if item.kind == "caption"
                   else Block("paragraph", item.text) for item in items]
    return body


def _sort_lines(lines: Sequence[str], lead: int | None, body: Body) -> tuple[list[_Item], str]:
    """Lines to items, chrome to ``body.dropped``; returns the items and a byline if any."""
    items: list[_Item] = []
    byline = ""
    in_tail = False
    for index, line in enumerate(lines):
        if not in_tail and is_soft_chrome(line):
            items.append(_Item("soft", line, index=index))
            continue
        if is_chrome(line):
            body.dropped.append(line)
            in_tail = in_tail or _starts_tail(line)
            continue
        if in_tail:
            if _is_trailer(line):
                items.append(_Item("text", line, index=index))
                continue
            if not is_sentence(line):
                body.dropped.append(line)
                continue
            in_tail = False
        signature = parse_signature(line) if lead is not None and index < lead else None
        if signature and not byline:
            byline = signature[0]
            body.dropped.append(line)
            continue
        items.append(_item(line, index))
    return items, byline


def _settle_soft_chrome(items: list[_Item], body: Body) -> list[_Item]:
    """Banners and category labels followed by text are subheadings and stay; others go."""
    result: list[_Item] = []
    dropped: list[str] = []
    text_follows = False
    for item in reversed(items):
        if item.kind != "soft":
            text_follows = text_follows or item.kind == "text" and not _is_trailer(item.text)
            result.append(item)
        elif text_follows:
            result.append(_Item("text", item.text, index=item.index))
        else:
            dropped.append(item.text)
    body.dropped.extend(reversed(dropped))
    result.reverse()
    return result


def _is_trailer(line: str) -> bool:
    """A source line or an author signature, as found at the end of an article."""
    return parse_source(line) is not None or parse_signature(line) is not None


def _item(line: str, index: int) -> _Item:
    """A caption, a credit alone, or a line of text."""
    caption = parse_caption(line)
    if caption:
        return _Item("caption", caption[0], caption[1], index)
    credit = parse_credit(line)
    if credit is not None:
        return _Item("credit", "", credit, index)
    return _Item("text", line, index=index)


def _attach_credits(items: list[_Item], lead: int | None) -> list[_Item]:
    """A credit alone gives its credit to the caption (or short line) just before it."""
    result: list[_Item] = []
    for item in items:
        before = result[-1] if result else None
        if item.kind != "credit":
            result.append(item)
        elif before and before.kind == "caption" and not before.credit:
            before.credit = item.credit
        elif before and before.kind == "text" and before.index != lead \
                and len(before.text) <= 300 and parse_source(before.text) is None:
            result[-1] = _Item("caption", before.text, item.credit, before.index)
        else:
            result.append(_Item("caption", "", item.credit, item.index))
    return result


def _peel_trailer(items: list[_Item], body: Body) -> None:
    """Take the source line(s) and the author signature off the end of the article."""
    while items and items[-1].kind == "text":
        line = items[-1].text
        source = parse_source(line)
        signature = parse_signature(line) if source is None else None
        others = sum(item.kind == "text" for item in items) - 1
        if source:
            body.publisher = body.publisher or source[0]
            body.url = body.url or source[1]
        elif signature and not body.author and others > 0:
            body.author = signature[0]
            body.publisher = body.publisher or signature[1]
        else:
            return
        body.dropped.append(line)
        items.pop()


def _caption_key(text: str) -> str:
    """Captions compare without case, spacing and a final period."""
    return fold_key(text).rstrip(" .")


def _dedupe_captions(items: list[_Item], body: Body) -> list[_Item]:
    """A caption given twice (alt text, then the caption) is kept once, with its credit."""
    items = _pair_repeated_lines(items, body)
    captions = {_caption_key(item.text) for item in items if item.kind == "caption" and item.text}
    kept: list[_Item] = []
    first: dict[str, _Item] = {}
    for item in items:
        key = _caption_key(item.text)
        if item.kind == "text" and key in captions:
            body.dropped.append(item.text)
        elif item.kind == "caption" and key and key in first:
            first[key].credit = first[key].credit or item.credit
            body.dropped.append(item.text)
        else:
            if item.kind == "caption" and key:
                first[key] = item
            kept.append(item)
    return kept


def _pair_repeated_lines(items: list[_Item], body: Body) -> list[_Item]:
    """The same short line twice in a row is a caption (alt text and caption) given twice."""
    result: list[_Item] = []
    for item in items:
        before = result[-1] if result else None
        if before and item.kind == before.kind == "text" and len(item.text) <= 250 \
                and _caption_key(item.text) == _caption_key(before.text):
            result[-1] = _Item("caption", before.text, "", before.index)
            body.dropped.append(item.text)
        else:
            result.append(item)
    return result
