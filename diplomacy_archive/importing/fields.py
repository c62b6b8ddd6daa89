"""Fields of an imported article: title, date, venue, people, directives, tags and summary.

Every field that is guessed or not found gets a note in ``Draft.notes`` (``field: what``), so
the editor knows what to check before removing ``draft: true``. Nothing is guessed from the
page's clock line or from today's date: those are the days the page was viewed and imported.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..citations import Citation, find_citations
from ..entities import FAMILY_NAMES, TITLE_WORDS
from ..registries import Registries, name_variants
from ..vietnamese import clean_text, fold_key, name_key, normalise_tones
from .record import ArticleText, Draft, Person

Span = tuple[int, int]

SUMMARY_LENGTH = 250
MAX_TAGS = 6
# Kinds of event worth a tag when the title names them.
EVENT_WORDS = ("hội thảo", "tọa đàm", "hội nghị", "đại hội", "kỷ niệm", "gặp mặt", "ký kết",
               "trao tặng")

# ---------------------------------------------------------------- shared patterns

_LETTERS = r"[^\W\d_]+"
_NUMBER_GUARD = r"(?<![0-9/.-])"


def _phrases(words: Iterable[str]) -> str:
    """Regex alternation of phrases, longest first, any run of spaces between their words."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in phrase.split()) for phrase in ordered)


def _words_at(pattern: str) -> re.Pattern[str]:
    """Phrases as whole words, in any case."""
    return re.compile(rf"(?<!\w)(?i:{pattern})(?!\w)")


def _before(text: str, start: int, size: int = 16) -> str:
    """The few characters before ``start`` ("" at the start of the text): a short string to
    match against, so that long paragraphs are not searched again for every name."""
    head = text[max(0, start - size):start]
    return head if start > size or head.strip() else ""


# ---------------------------------------------------------------- the texts read

@dataclass(frozen=True)
class _Texts:
    """The texts fields are read from: title, lead (no publisher prefix), every block in order."""

    title: str
    lead: str
    paragraphs: tuple[str, ...]  # after the lead
    captions: tuple[str, ...]

    def in_order(self) -> tuple[str, ...]:
        """Title, lead, later paragraphs and captions, in reading order."""
        return (self.title, self.lead, *self.paragraphs, *self.captions)


_PAREN_PREFIX = re.compile(r"\((?P<name>[^()]{1,40})\)\s*(?:[-–—:]\s*)?")
_DASH_PREFIX = re.compile(r"(?P<name>[^\s,;:()][^,;:()]{0,38}?)\s+[-–—]\s+")


def strip_publisher_prefix(lead: str, publisher: str = "") -> str:
    """The lead without a "(Baoquocte.vn) -", "VOV.VN -" or "<publisher> -" opening."""
    match = _PAREN_PREFIX.match(lead)
    if match and any(ch.isalpha() for ch in match["name"]):
        return lead[match.end():]
    match = _DASH_PREFIX.match(lead)
    if match:
        name = match["name"]
        looks_like_source = (re.search(r"\w\.\w", name) is not None
                             or (name.upper() == name and any(ch.isalpha() for ch in name))
                             or (publisher != "" and name_key(name) == name_key(publisher)))
        if looks_like_source:
            return lead[match.end():]
    return lead


def _texts(text: ArticleText) -> _Texts:
    paragraphs = [clean_text(b.text) for b in text.blocks if b.kind != "caption"]
    paragraphs = [p for p in paragraphs if p]
    captions = tuple(clean_text(b.text) for b in text.blocks if b.kind == "caption")
    lead = strip_publisher_prefix(paragraphs[0], text.publisher) if paragraphs else ""
    return _Texts(clean_text(text.title), lead, tuple(paragraphs[1:]), captions)


# ---------------------------------------------------------------- date

@dataclass(frozen=True)
class _DayMonth:
    """A day and month as written, with the year when given."""

    day: int
    month: int
    year: int | None
    written: str  # the date part only: "9/3", "18 tháng 6 năm 2021"
    phrase: str  # with its time word: "Sáng 9/3"


_DAY_MONTH = (
    rf"{_NUMBER_GUARD}(?:(?P<d>[0-9]{{1,2}})"
    r"(?:\s*(?:[-–]|và|đến)\s*[0-9]{1,2}(?=\s*/))?"  # a range of days: "9-10/3"
    r"\s*[/.-]\s*(?P<m>[0-9]{1,2})(?:\s*[/.-]\s*(?P<y>[0-9]{4}))?"
    r"|(?P<wd>[0-9]{1,2})\s+(?i:tháng)\s+(?P<wm>[0-9]{1,2})"
    r"(?:\s*,?\s*(?i:năm)\s+(?P<wy>[0-9]{4}))?)"
    r"(?![0-9]|\s*[/.-]\s*[0-9])"
)
_TIME_WORD = r"(?:rạng\s+sáng|sáng|trưa|chiều|tối|đêm|ngày|hôm)(?:\s+(?:nay|qua|mai))?"
# An event's day in running text: "Ngày 9/3", "Chiều ngày 02/4/2023", "Sáng nay (12/5)".
_EVENT_DAY = re.compile(rf"(?<!\w)(?i:{_TIME_WORD})\s*(?:(?i:ngày)\s+)?\(?\s*(?P<date>{_DAY_MONTH})")
# A full date anywhere: "ngày 02/4/2023", "18 tháng 6 năm 2021".
_FULL_DATE = re.compile(
    rf"(?:(?<!\w)(?i:ngày)\s+)?{_NUMBER_GUARD}(?:[0-9]{{1,2}}\s*[/.-]\s*[0-9]{{1,2}}\s*[/.-]\s*"
    r"(?P<y>(?:19|20)[0-9]{2})|[0-9]{1,2}\s+(?i:tháng)\s+[0-9]{1,2}\s*,?\s*(?i:năm)\s+"
    r"(?P<wy>(?:19|20)[0-9]{2}))(?![0-9])")
_DATE_NUMBERS = re.compile(r"[0-9]+")
# Anniversary ranges: "(12/5/1960 – 12/5/2025)", "(1950-2020)", "1950 - 2020".
_SHORT_DATE = r"(?:[0-9]{1,2}\s*[/.-]\s*[0-9]{1,2}\s*[/.-]\s*)?"
_RANGE = re.compile(
    rf"{_NUMBER_GUARD}\(?\s*{_SHORT_DATE}(?P<first>(?:19|20)[0-9]{{2}})\s*[-–—]\s*"
    rf"{_SHORT_DATE}(?P<last>(?:19|20)[0-9]{{2}})(?![0-9])\s*\)?")
_ANNIVERSARY = re.compile(r"(?<!\w)(?i:kỷ\s+niệm|(?P<years>[0-9]{1,3})\s+năm)(?!\w)")
_MONTH_YEAR = re.compile(r"(?<!\w)(?i:tháng)\s+(?P<m>[0-9]{1,2})\s*(?:/|\s(?i:năm)\s)\s*"
                         r"(?P<y>(?:19|20)[0-9]{2})(?![0-9])")


def _real_date(year: int, month: int, day: int) -> datetime.date | None:
    """The date, or None when there is no such day (31/2)."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _inside(span: Span, spans: Iterable[Span]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _anniversary_spans(text: str) -> list[tuple[Span, int]]:
    """Year ranges that an anniversary counts ("kỷ niệm 70 năm (1950-2020)"), with the later year."""
    found = []
    for match in _RANGE.finditer(text):
        first, last = int(match["first"]), int(match["last"])
        if not 0 < last - first <= 150:
            continue
        before = text[max(0, match.start() - 150):match.start()]
        counts = [int(m["years"]) for m in _ANNIVERSARY.finditer(before) if m["years"]]
        said = any(m["years"] is None for m in _ANNIVERSARY.finditer(before))
        if last - first in counts or (said and match.group().lstrip().startswith("(")):
            found.append(((match.start(), match.end()), last))
    return found


def _blocked_spans(text: str) -> list[Span]:
    """Spans whose dates are not the event's: document citations and anniversary ranges."""
    spans = [(start, end) for start, end, _ in find_citations(text)]
    return spans + [span for span, _ in _anniversary_spans(text)]


def _event_day(text: str) -> _DayMonth | None:
    """The first real event day in ``text`` ("Sáng 12/5/2024", "Tối 15-8"), outside citations."""
    blocked = _blocked_spans(text)
    for match in _EVENT_DAY.finditer(text):
        if _inside(match.span("date"), blocked):
            continue
        day = int(match["d"] or match["wd"])
        month = int(match["m"] or match["wm"])
        given = match["y"] or match["wy"]
        year = int(given) if given else None
        if _real_date(year or 2000, month, day) is None:  # 2000: 29/2 may be real
            continue
        return _DayMonth(day, month, year, clean_text(match["date"]), clean_text(match.group()))
    return None


def _full_dates(texts: Iterable[str]) -> list[tuple[str, int]]:
    """Full dates outside citations and anniversaries, as written with their year, in order."""
    found = []
    for text in texts:
        blocked = _blocked_spans(text)
        for match in _FULL_DATE.finditer(text):
            if _inside(match.span(), blocked):
                continue
            day, month, year = (int(n) for n in _DATE_NUMBERS.findall(match.group()))
            if _real_date(year, month, day) is not None:
                found.append((clean_text(match.group()), year))
    return found


def _anniversary_years(texts: Iterable[str]) -> list[tuple[str, int]]:
    """The later years of anniversary ranges, each with the range as written."""
    return [(clean_text(text[start:end]), year)
            for text in texts for (start, end), year in _anniversary_spans(text)]


def _year_sources(texts: _Texts, day: _DayMonth) -> list[tuple[str, int]]:
    """Where a year may come from, best first: anniversaries, the same day with its year, any
    full date."""
    everything = texts.in_order()
    full = _full_dates(everything)
    anniversaries = [(f"the anniversary \"{written}\"", year)
                     for written, year in _anniversary_years(everything)]
    same_day = [(f"\"{written}\"", year) for written, year in full
                if [int(n) for n in _DATE_NUMBERS.findall(written)][:2] == [day.day, day.month]]
    others = [(f"\"{written}\"", year) for written, year in full]
    return anniversaries + same_day + others


def _find_day(texts: _Texts) -> tuple[_DayMonth | None, str]:
    """The event's day from the lead, else the title, else a later paragraph; with its place."""
    for where, text in (("lead", texts.lead), ("title", texts.title),
                        *(("text", p) for p in texts.paragraphs)):
        found = _event_day(text)
        if found is not None:
            return found, where
    return None, ""


def extract_date(texts: _Texts, today: datetime.date) -> tuple[str, list[str]]:
    """ISO date (or "") and the notes on how it was found."""
    day, where = _find_day(texts)
    if day is None:
        return _month_only(texts.lead)
    notes = [] if where == "lead" else [f"date: taken from the {where}: \"{day.phrase}\""]
    if day.year is not None:
        found = _real_date(day.year, day.month, day.day)
        return _checked(found, today, notes) if found else ("", ["date: not found"])
    for source, year in _year_sources(texts, day):
        found = _real_date(year, day.month, day.day)
        if found is not None:
            return _checked(found, today, [*notes, f"date: year inferred from {source}"])
    return "", [*notes, f"date: year not found; the {where} says \"{day.written}\""]


def _month_only(lead: str) -> tuple[str, list[str]]:
    """"2024-03" from a lead that names only a month ("tháng 3/2024"), else not found."""
    match = _MONTH_YEAR.search(lead)
    if match and 1 <= int(match["m"]) <= 12:
        return (f"{int(match['y']):04d}-{int(match['m']):02d}",
                [f"date: only the month is given: \"{clean_text(match.group())}\""])
    return "", ["date: not found"]


def _checked(found: datetime.date, today: datetime.date, notes: list[str]
             ) -> tuple[str, list[str]]:
    """The ISO date, with a note when it is after the day of the import."""
    if found > today:
        notes = [*notes, f"date: {found.isoformat()} is after today; check it"]
    return found.isoformat(), notes


# ---------------------------------------------------------------- venue

# "tại <Place>", up to a comma or a word that starts the rest of the sentence.
_AT = re.compile(r"(?<!\w)(?i:tại)\s+(?P<place>[^,.;:()!?\n]+)")
_PLACE_END = re.compile(r"\s+(?:nhằm|để|với|dưới|do|và|trong|theo|nhân|về|có|đã|sẽ|cùng|nơi|"
                        r"vào|từ|khi|giữa|là|được|diễn|cho)(?!\w)")
# "Đại sứ Việt Nam tại Lào", "Đại sứ quán ... tại": a post abroad, not where the event was.
_POST_ABROAD = _words_at(_phrases((
    "đại sứ", "tổng lãnh sự", "lãnh sự", "đại sứ quán", "lãnh sự quán", "đại diện", "tùy viên",
    "phóng viên", "thường trú")))
# Lower-case words that start a place ("tại trụ sở ..."), and words that start no place.
_PLACE_NOUNS = frozenset(name_key(w) for w in (
    "trụ sở", "hội trường", "nhà", "khách sạn", "trung tâm", "thành phố", "tỉnh", "huyện", "quận",
    "xã", "phường", "thị xã", "thủ đô", "cung", "sân", "khu", "làng", "bảo tàng", "trường",
    "văn phòng", "phòng", "nghĩa trang", "công viên", "quảng trường", "đền", "chùa", "đình",
    "tp", "tp."))
_NOT_PLACES = _words_at(_phrases((
    "hội nghị", "hội thảo", "tọa đàm", "buổi", "lễ", "sự kiện", "chương trình", "diễn đàn",
    "đại hội", "cuộc", "phiên", "kỳ họp", "lớp", "đây", "đó", "chỗ", "đợt", "dịp")))
_DATELINE = re.compile(rf"(?P<place>{_LETTERS}(?: {_LETTERS}){{0,3}})\s*[,–-]\s*"
                       rf"(?:(?i:ngày)\s+)?[0-9]{{1,2}}\s*[/.-]\s*[0-9]{{1,2}}")


def _place_phrase(raw: str) -> str:
    """The words of a "tại" phrase that name the place, or "" when they name none."""
    place = _PLACE_END.split(raw, maxsplit=1)[0].strip()
    words = place.split(" ")
    if not place or len(words) > 12 or _NOT_PLACES.match(place):
        return ""
    starts_place = any(name_key(" ".join(words[:n])) in _PLACE_NOUNS for n in (1, 2))
    return place if place[0].isupper() or starts_place else ""


def _venue_phrases(texts: _Texts) -> list[tuple[str, str]]:
    """(place as written, what it was read from): "tại" phrases of the lead and title, then a
    dateline ("Hà Nội, ngày 12/5")."""
    found = []
    for text in (texts.lead, texts.title):
        for match in _AT.finditer(text):
            clause = re.split(r"[,;.:()]", _before(text, match.start(), 120))[-1]
            if _POST_ABROAD.search(clause):
                continue
            place = _place_phrase(match["place"])
            if place:
                found.append((place, f"tại {place}"))
    dateline = _DATELINE.match(texts.lead)
    if dateline and all(word[0].isupper() for word in dateline["place"].split(" ")):
        found.append((dateline["place"], clean_text(dateline.group())))
    return found


def _venue_index(registries: Registries | None) -> dict[str, str]:
    """Registry name for every name and alias key of data/venues.yaml."""
    if registries is None:
        return {}
    return {key: record.name for record in registries.venues
            for key in name_variants(record.name, record.aliases)}


def _registry_place(place: str, index: dict[str, str]) -> str | None:
    """The registry name the place is, or the longest registry name inside it."""
    key = name_key(place)
    if key in index:
        return index[key]
    inside = [k for k in index if re.search(rf"(?<!\w){re.escape(k)}(?!\w)", key)]
    return index[max(inside, key=len)] if inside else None


def extract_venue(texts: _Texts, registries: Registries | None) -> tuple[str, list[str]]:
    """The venue (registry name when known, else as written) and its note."""
    phrases = _venue_phrases(texts)
    index = _venue_index(registries)
    for place, source in phrases:
        known = _registry_place(place, index)
        if known is not None:
            return known, [f"venue: guessed from \"{source}\""]
    if not phrases:
        return "", ["venue: not found"]
    place, source = phrases[0]
    missing = "; not in data/venues.yaml" if registries is not None else ""
    return place, [f"venue: guessed from \"{source}\"{missing}"]


# ---------------------------------------------------------------- people

@dataclass(frozen=True)
class _Mention:
    """A person named in one sentence: name, role, the span of both, the span of the name."""

    name: str
    role: str
    span: Span
    name_span: Span


_TITLE = re.compile(rf"(?<!\w)(?i:{_phrases(TITLE_WORDS)})(?=\s)")
_HONORIFIC = re.compile(
    r"(?<![\w/])(?P<h>(?i:ông|bà|đồng\s+chí|đ/c|ngài)|(?:GS|PGS|TS|ThS)\.?(?:\s*TS\.?)?)\s+")
_SPEECH_WORDS = _phrases((
    "phát biểu", "cho biết", "nhấn mạnh", "khẳng định", "chủ trì", "trình bày", "chia sẻ",
    "đề nghị"))
_SPEECH = _words_at(_SPEECH_WORDS)
# Verbs that end a role written after a name ("ông A, Phó Chủ tịch UBND tỉnh, tặng quà").
_VERBS = _phrases((
    "tặng", "trao", "tiếp", "thăm", "gửi", "chúc mừng", "dự", "tham dự", "ký kết", "đón", "cảm ơn",
    "bày tỏ", "đánh giá", "nêu", "điểm lại", "thông báo", "tuyên bố", "mong muốn", "cho rằng",
    "gặp", "làm việc", "hoan nghênh", "ghi nhận", "kêu gọi", "là", "đã", "sẽ", "cũng", "đang",
    "vừa", "đều"))
_ATTENDING = _words_at(_phrases(("dự", "tham gia", "cùng", "với", "có", "gồm")))
_WORD = re.compile(_LETTERS)
# Words after which a capitalised run is a place, not a person: "TP Hồ Chí Minh". Not "tỉnh":
# a role often ends with it ("Chủ tịch Ủy ban MTTQ tỉnh Lý Thị Hoa").
_PLACE_BEFORE = re.compile(r"(?<!\w)(?i:thành\s+phố|phố|tp\.?|thủ\s+đô|đường|tư\s+tưởng|lăng)\s*$")
# Where a role written after a name ends.
_ROLE_END = re.compile(r"[,;.:()!?\"“”]|\s+(?:và\s+|cùng\s+)?(?=(?i:ông|bà|đồng\s+chí)\s)"
                       rf"|\s+(?=(?:(?i:{_SPEECH_WORDS})|{_VERBS})(?!\w))")
# Where the role and name after a title word end.
_TITLE_SCAN_END = re.compile(r"[,;.:()!?\"“”]|(?<!\w)(?i:ông|bà|đồng\s+chí)\s"
                             rf"|(?<!\w)(?:(?i:{_SPEECH_WORDS})|{_VERBS})(?!\w)")
_COMMA = re.compile(r",\s*")
_AFTER_NAME = re.compile(r"\s*(?:(?P<dash>[–—-])|(?P<comma>,)|(?P<paren>\())\s*")
_ITEM_START = re.compile(r"(?:\A|[;:,]|(?<!\w)(?:có|gồm|và))\s*\Z")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Z][A-Za-z]{0,3}\.)+$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?\w)")


def _sentences(text: str) -> list[str]:
    """Sentences of a paragraph; "TS." or "Marie C." does not end one."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if _ABBREVIATION.search(text[start:match.start()]):
            continue
        sentences.append(text[start:match.start()])
        start = match.end()
    sentences.append(text[start:])
    return [s for s in sentences if s]


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


def _runs(text: str, start: int, end: int) -> list[list[re.Match[str]]]:
    """Runs of capitalised words (one space apart) in ``text[start:end]``; a title of two or
    more words starts a new run ("Nguyễn Văn A Chủ tịch")."""
    runs: list[list[re.Match[str]]] = []
    for word in _WORD.finditer(text, start, end):
        title = _TITLE.match(text, word.start())
        new_title = title is not None and " " in title.group().strip()
        if not _is_name_word(word.group()):
            runs.append([])
            continue
        joined = runs and runs[-1] and text[runs[-1][-1].end():word.start()] == " "
        if joined and not new_title:
            runs[-1].append(word)
        else:
            runs.append([word])
    return [run for run in runs if run]


def _name_in_run(text: str, run: list[re.Match[str]], known: frozenset[str]
                 ) -> tuple[int, int] | None:
    """Span of the name that ends ``run``: 3 words from a family name first, then 4, 5, and 2
    only for a registry name; not right after a place word ("tỉnh Hà Nam")."""
    for length in (3, 4, 5, 2):
        if length > len(run):
            continue
        first, last = run[-length], run[-1]
        name = text[first.start():last.end()]
        if length == len(run) and _PLACE_BEFORE.search(_before(text, first.start())):
            continue
        if name_key(first.group()) in FAMILY_NAMES and (length > 2 or name_key(name) in known):
            return first.start(), last.end()
    return None


def _role_after(text: str, end: int) -> tuple[str, int]:
    """A role written after a name ("– Phó Bí thư Tỉnh ủy", ", Chủ tịch Hội ...", "(...)")
    and where it ends; ("", end) when there is none."""
    sep = _AFTER_NAME.match(text, end)
    if sep is None:
        return "", end
    start = sep.end()
    if sep["paren"]:
        close = text.find(")", start)
        role = text[start:close] if close > 0 else ""
        return (clean_text(role), close + 1) if role[:1].isupper() else ("", end)
    stop = _ROLE_END.search(text, start)
    role_end = stop.start() if stop else len(text)
    role = text[start:role_end].strip()
    starts_title = _TITLE.match(role) is not None
    if not role or not (starts_title or (not sep["comma"] and role[0].isupper())):
        return "", end
    # More roles: ", Ủy viên ..., Chủ tịch ..."
    while (more := _COMMA.match(text, role_end)) and _TITLE.match(text, more.end()):
        stop = _ROLE_END.search(text, more.end())
        role_end = stop.start() if stop else len(text)
    return clean_text(text[start:role_end]), role_end


def _honorific_mentions(text: str) -> list[_Mention]:
    """"ông Lê Văn Minh", "bà Trần Thị Hạnh – Chủ tịch ...": any 2-5 capitalised words."""
    mentions = []
    for match in _HONORIFIC.finditer(text):
        before = _before(text, match.start()).rstrip()
        if match["h"][0].isupper() and before and before[-1].isalnum():
            continue  # "tỉnh Bà Rịa": part of a name, not a word of address
        runs = _runs(text, match.end(), min(len(text), match.end() + 80))
        if not runs or runs[0][0].start() != match.end() or not 2 <= len(runs[0]) <= 5:
            continue
        name_span = (match.end(), runs[0][-1].end())
        role, end = _role_after(text, name_span[1])
        mentions.append(_Mention(text[slice(*name_span)], role, (match.start(), end), name_span))
    return mentions


def _title_mentions(text: str, known: frozenset[str]) -> list[_Mention]:
    """"Chủ tịch Liên hiệp Trần Thị Hạnh": a role from a title word, then a name."""
    mentions = []
    for match in _TITLE.finditer(text):
        if not match.group()[0].isupper():
            continue  # "các đại biểu", "chủ tịch" in running text: no name follows
        stop = _TITLE_SCAN_END.search(text, match.end())
        scan_end = stop.start() if stop else len(text)
        for run in _runs(text, match.start(), scan_end):
            name_span = _name_in_run(text, run, known)
            if name_span is None or name_span[0] == match.start():
                continue
            role = _roles_before(text, match.start()) + text[match.start():name_span[0]]
            mentions.append(_Mention(text[slice(*name_span)], clean_text(role),
                                     (match.start(), name_span[1]), name_span))
            break
    return mentions


def _roles_before(text: str, start: int) -> str:
    """Roles written before a title word, each ending in a comma: "Ủy viên Bộ Chính trị, "."""
    roles: list[str] = []
    if not _before(text, start).rstrip().endswith(","):
        return ""
    head = text[max(0, start - 300):start].rstrip()  # room for three roles of 80 characters
    while head.endswith(",") and len(roles) < 3:
        head = head[:-1]
        cut = max(head.rfind(ch) for ch in ",;:.(") + 1
        segment = head[cut:].strip()
        honorific = _HONORIFIC.match(segment)
        segment = segment[honorific.end():] if honorific else segment
        if _TITLE.match(segment) is None or len(segment) > 80 or _SPEECH.search(segment):
            break
        roles.insert(0, segment)
        head = head[:cut].rstrip()
    return "".join(f"{role}, " for role in roles)


def _listed_mentions(text: str) -> list[_Mention]:
    """A bare name in a list item ("; Trần Văn Thắng, Phó Trưởng ban ...")."""
    mentions = []
    for run in _runs(text, 0, len(text)):
        start, end = run[0].start(), run[-1].end()
        if not (2 <= len(run) <= 5 and name_key(run[0].group()) in FAMILY_NAMES):
            continue
        before = _before(text, start)
        if not _ITEM_START.search(before):
            continue
        role, role_end = _role_after(text, end)
        item_end = re.match(r"\s*(?:[;.]|$)", text[end:]) is not None
        if role or (item_end and re.search(r"[;:]\s*$", before)):
            mentions.append(_Mention(text[start:end], role, (start, role_end), (start, end)))
    return mentions


def _mentions(sentence: str, known: frozenset[str]) -> list[_Mention]:
    """Every person named in a sentence, once per place, in order."""
    taken: list[Span] = []
    chosen = []
    for mention in (*_honorific_mentions(sentence), *_title_mentions(sentence, known),
                    *_listed_mentions(sentence)):
        if any(mention.name_span[0] < end and start < mention.name_span[1]
               for start, end in taken):
            continue
        taken.append(mention.span)
        chosen.append(mention)
    return sorted(chosen, key=lambda m: m.span)


def _spoke(sentence: str, mention: _Mention) -> bool:
    """Whether a speech verb goes with the mention: just after it, or just before it with no
    word of attendance ("với sự tham dự của") between."""
    start, end = mention.span
    for verb in _SPEECH.finditer(sentence, max(0, start - 80), end + 80):
        if verb.start() >= end:
            between = sentence[end:verb.start()]
            if len(between) <= 60 and ";" not in between:
                return True
        elif verb.end() <= start:
            between = sentence[verb.end():start]
            if len(between) <= 60 and ";" not in between and not _ATTENDING.search(between):
                return True
    return False


def _speaker_names(registries: Registries | None) -> dict[str, str]:
    """Registry name for every name and alias key of data/speakers.yaml."""
    if registries is None:
        return {}
    return {key: record.name for record in registries.speakers
            for key in name_variants(record.name, record.aliases)}


def extract_people(texts: _Texts, registries: Registries | None
                   ) -> tuple[list[Person], list[Person], list[str]]:
    """Speakers, attendees (each person once; a speaker never also an attendee) and notes."""
    names = _speaker_names(registries)
    people: dict[str, Person] = {}
    spoke: set[str] = set()
    for text in texts.in_order():
        for sentence in _sentences(text):
            for mention in _mentions(sentence, frozenset(names)):
                key = name_key(mention.name)
                name = names.get(key, clean_text(mention.name))
                known = people.setdefault(key, Person(name, mention.role))
                if not known.role and mention.role:
                    people[key] = replace(known, role=mention.role)
                if _spoke(sentence, mention):
                    spoke.add(key)
    speakers = [p for key, p in people.items() if key in spoke]
    attendees = [p for key, p in people.items() if key not in spoke]
    notes = [f"speakers: {len(speakers)} found in the text; check names and roles"
             if speakers else "speakers: none found"]
    if attendees:
        notes.append(f"attendees: {len(attendees)} found in the text; check names and roles")
    return speakers, attendees, notes


# ---------------------------------------------------------------- directives

def _same_document(known: Citation, found: Citation) -> bool:
    """Whether two citations name one document: one code, or a short form ("Chỉ thị 38") and
    a full code of the same type and number."""
    if known.key == found.key:
        return True
    if known.is_short == found.is_short or known.type != found.type:
        return False
    short = known if known.is_short else found
    full = found if known.is_short else known
    return short.number == full.number and short.year in (None, full.year)


def _merge(known: Citation, found: Citation) -> Citation:
    """The fuller of two citations of one document, with a date either of them gives."""
    best = found if known.is_short and not found.is_short else known
    return replace(best, date=best.date or found.date or known.date)


def directive_text(citation: Citation) -> str:
    """"Chỉ thị 38-CT/TW", with the document's date when the citation gives it."""
    date = citation.date
    when = f" ngày {date.day}/{date.month}/{date.year}" if date else ""
    return citation.display() + when


def extract_directives(texts: _Texts) -> tuple[list[str], list[str]]:
    """Every document cited, once each, in order of first mention, and notes."""
    cited: list[Citation] = []
    for text in texts.in_order():
        for _, _, citation in find_citations(text):
            index = next((i for i, c in enumerate(cited) if _same_document(c, citation)), None)
            if index is None:
                cited.append(citation)
            else:
                cited[index] = _merge(cited[index], citation)
    notes = [f"directives: \"{directive_text(c)}\" is cited without its code"
             for c in cited if c.is_short]
    return [directive_text(c) for c in cited], notes or ([] if cited else
                                                          ["directives: none found"])


# ---------------------------------------------------------------- tags

def _contains(text_key: str, key: str) -> int:
    """Position of ``key`` as whole words in ``text_key``, or -1."""
    match = re.search(rf"(?<!\w){re.escape(key)}(?!\w)", text_key) if key else None
    return match.start() if match else -1


def _text_key(text: str) -> str:
    """``name_key`` of a whole text, not cached."""
    return normalise_tones(fold_key(text))


def extract_tags(texts: _Texts, known_tags: list[str]) -> tuple[list[str], list[str]]:
    """Up to six tags: known tags in the title, event words of the title, known tags in the text
    (most mentioned first); a known tag's spelling wins."""
    title_key = _text_key(texts.title)
    body_key = _text_key(" ".join(texts.in_order()[1:]))
    spelled = {name_key(tag): clean_text(tag) for tag in known_tags if clean_text(tag)}
    in_title = [key for key in spelled if _contains(title_key, key) >= 0]
    events = [name_key(word) for word in EVENT_WORDS if _contains(title_key, name_key(word)) >= 0]
    in_body = sorted((key for key in spelled if _contains(body_key, key) >= 0),
                     key=lambda k: (-len(re.findall(rf"(?<!\w){re.escape(k)}(?!\w)", body_key)),
                                    _contains(body_key, k)))
    keys = list(dict.fromkeys([*in_title, *events, *in_body]))[:MAX_TAGS]
    tags = [spelled.get(key, key) for key in keys]
    return tags, ["tags: suggested from the text" if tags else "tags: none found"]


# ---------------------------------------------------------------- summary and source

def summarise(lead: str, limit: int = SUMMARY_LENGTH) -> str:
    """The lead, cut to at most ``limit`` characters: at a sentence end if one comes late
    enough, else at a word boundary with an ellipsis."""
    lead = clean_text(lead)
    if len(lead) <= limit:
        return lead
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s)", lead[:limit + 1])]
    if ends and ends[-1] >= limit // 2:
        return lead[:ends[-1]]
    cut = lead[:limit]
    if " " in cut:
        cut = cut[:cut.rfind(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def _source_notes(text: ArticleText) -> list[str]:
    notes = [] if clean_text(text.author) else ["author: not found"]
    publisher, url = clean_text(text.publisher), clean_text(text.url)
    if not publisher and not url:
        notes.append("source: not found")
    elif not publisher:
        notes.append("source: publisher not found")
    elif not url:
        notes.append("source: address not found")
    return notes


# ---------------------------------------------------------------- the draft

def stand_in_title(title: str, lead: str, words: int = 12) -> tuple[str, list[str]]:
    """The title; without one, the first words of the lead (an article must have a title to
    be built), or a fixed text, with a note saying so."""
    if title:
        return title, []
    first = " ".join(lead.split()[:words]).rstrip(",;:.…")
    if first:
        return f"{first}…", ["title: not found; the first words of the text stand in for it"]
    return "Bài nhập chưa có tiêu đề", ["title: not found"]


def extract_draft(text: ArticleText, origin: str, registries: Registries | None,
                  known_tags: list[str], today: datetime.date) -> Draft:
    """The draft of one article, with a note for every field guessed or not found."""
    texts = _texts(text)
    date, date_notes = extract_date(texts, today)
    venue, venue_notes = extract_venue(texts, registries)
    speakers, attendees, people_notes = extract_people(texts, registries)
    directives, directive_notes = extract_directives(texts)
    tags, tag_notes = extract_tags(texts, known_tags)
    summary = summarise(texts.lead)
    title, title_notes = stand_in_title(texts.title, summary)
    notes = title_notes + date_notes + venue_notes
    notes += people_notes + directive_notes + tag_notes
    notes += [] if summary else ["summary: not found"]
    return Draft(
        origin=origin, title=title, blocks=list(text.blocks), date=date, venue=venue,
        speakers=speakers, attendees=attendees, directives=directives, tags=tags,
        author=clean_text(text.author), publisher=clean_text(text.publisher),
        url=clean_text(text.url), summary=summary, notes=notes + _source_notes(text))
