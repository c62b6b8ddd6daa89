"""Cut a raw page into articles: find each title and its dated lead, then read each body.

An article starts at a title line followed by a dated lead (``Ngày 9/3, tại Đà Nẵng, ...``,
``NDO - Sáng 12/5, ...``, ``Hà Nội, ngày 15/8 ...``); only chrome, captions and a byline may
stand between the two (and, for the first article, one summary paragraph). A later title starts
a new article only when the one before has visibly ended (a signature, a source line or chrome
stands between), so that a subheading over a dated paragraph does not cut an article in two.
What stands before the first title is the page's header and is dropped; a page without any
dated lead is one article whose title is its first line that is not chrome, if title-shaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from diplomacy_archive.importing.chrome import (
    PUBLISHER_PREFIX,
    is_chrome,
    is_clock,
    is_hard_chrome,
    parse_caption,
    parse_credit,
    parse_signature,
    parse_source,
    read_body,
    split_publisher_prefix,
)
from diplomacy_archive.importing.record import ArticleText, RawPage
from diplomacy_archive.text.vietnamese import clean_text

# Parts of the day that open a lead: ``Sáng 12/5``, ``Chiều ngày 02/4/2023``, ``Tối 15-8``.
DAY_PARTS = (
    "Sáng sớm", "Rạng sáng", "Sáng", "Trưa", "Chiều tối", "Chiều", "Tối", "Đêm", "Ngày",
    "Hôm", "Vào ngày", "Từ ngày", "Trong ngày", "Trong hai ngày", "Trong ba ngày",
    "Trong các ngày", "Trong những ngày", "Các ngày", "Hai ngày",
)

_DAY_PART = "|".join(sorted(DAY_PARTS, key=len, reverse=True))
_DAY_MONTH = (r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?"
              r"|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)")
_DAYS = rf"(?:\d{{1,2}}\s*(?:-|–|và|,|đến)\s*)?{_DAY_MONTH}(?![\d/])"
_DATED = rf"(?i:(?:{_DAY_PART})(?:\s+(?:qua|nay|mai))?(?:\s+ngày)?\s*\(?\s*{_DAYS}\s*\)?)"
_DATELINE = rf"(?P<place>[^\W\d_]+(?:\s+[^\W\d_]+){{0,4}}),\s+(?i:(?:ngày\s+)?{_DAYS})"
LEAD = re.compile(rf"^(?:{PUBLISHER_PREFIX})?(?:{_DATED}|{_DATELINE})(?P<after>.*)$")

_MIN_TITLE_WORDS = 4
_MAX_TITLE_LENGTH = 250


@lru_cache(maxsize=1 << 14)
def is_lead(line: str) -> bool:
    """A line opening an article with the event's day: ``Ngày 9/3, tại Đà Nẵng, ...``."""
    match = LEAD.match(line)
    if not match or len(re.findall(r"[^\W\d_]+", match["after"])) < 3:
        return False
    place = match["place"]
    return place is None or all(word[0].isupper() for word in place.split())


@lru_cache(maxsize=1 << 14)
def is_title(line: str) -> bool:
    """A title: a few words to 250 characters, capitalised, not ending like a clause."""
    letters = [char for char in line if char.isupper() or char.islower()]
    return (len(line.split()) >= _MIN_TITLE_WORDS and len(line) <= _MAX_TITLE_LENGTH
            and bool(letters) and letters[0].isupper()
            and (not line.endswith((".", ":", ";", ",")) or line.endswith(("...", "…"))))


def _between_title_and_lead(line: str) -> bool:
    """Lines that may stand between a title and its lead: chrome, captions, a byline."""
    return (is_chrome(line) or parse_caption(line) is not None or parse_credit(line) is not None
            or parse_signature(line) is not None)


def _is_sentence_like(line: str) -> bool:
    """A line of running text (a summary under the title): ends like a sentence."""
    return line.endswith((".", "!", "?", "…", "\"", "”", ")")) and len(line.split()) >= 5


def _title_before(lines: Sequence[str], lead: int, floor: int, summary_allowed: bool) -> int | None:
    """The title of the lead at ``lead``: the nearest title line above it, at or after ``floor``.

    Chrome, captions and a byline may stand between; for the first article of a page also one
    summary paragraph (the sapo).
    """
    summaries = 1 if summary_allowed else 0
    for index in range(lead - 1, floor - 1, -1):
        line = lines[index]
        if is_title(line) and not is_lead(line) and parse_caption(line) is None \
                and not is_hard_chrome(line):
            return _best_title(lines, index, lead, floor)
        if _between_title_and_lead(line):
            continue
        if summaries and _is_sentence_like(line):
            summaries -= 1
            continue
        return None
    return None


_WORDS = re.compile(r"[^\W\d_]+")


def _words_of(line: str) -> set[str]:
    return {word.casefold() for word in _WORDS.findall(line)}


def _overlap(title: str, text: set[str]) -> float:
    """The share of the title's words found in the text."""
    words = _words_of(title)
    return len(words & text) / len(words) if words else 0.0


def _title_shaped(line: str) -> bool:
    """A line that could be a title or a label: not a lead, a caption or a byline."""
    return (is_title(line) and not is_lead(line) and parse_caption(line) is None
            and parse_signature(line) is None)


def _best_title(lines: Sequence[str], nearest: int, lead: int, floor: int) -> int:
    """Of the title-shaped lines standing in a row just above ``nearest`` (a sidebar label, a
    section heading, the title), the one whose words the lead and the next lines share most;
    the nearest on a tie. A label such as "Tin hoạt động các hội hữu nghị" between the title
    and the lead is not the title: the lead does not speak of it."""
    text = set().union(*(_words_of(line) for line in lines[lead:lead + 3]))
    best, best_score = nearest, _overlap(lines[nearest], text)
    for index in range(nearest - 1, max(floor, nearest - 3) - 1, -1):
        line = lines[index]
        if is_chrome(line):
            continue
        if not _title_shaped(line):
            break
        score = _overlap(line, text)
        if score > best_score + 0.25:  # clearly closer to the text than the nearer line
            best, best_score = index, score
    return best


def _labels_under_title(lines: Sequence[str], span: _Span) -> list[int]:
    """Title-shaped lines between an article's title and its lead: labels the title was
    preferred to (see ``_best_title``), never text of the article."""
    if span.title is None or span.lead is None:
        return []
    labels = []
    for index in range(span.title + 1, span.lead):
        line = lines[index]
        if is_chrome(line):
            continue
        if not _title_shaped(line):
            break
        labels.append(index)
    return labels


def _first_title(lines: Sequence[str], start: int, end: int) -> int | None:
    """The title of a page's first article when no title stands just above a dated lead: the
    last title-shaped line before the first line of running text (the lead).

    Above the title, a copied page has a column of sidebar labels ("Liên kết website", a
    counter, a category): short lines that are not running text. The title is the one nearest
    the lead; when no running text follows, the first line that is not chrome, if title-shaped.
    """
    candidate = None
    for index in range(start, end):
        line = lines[index]
        if is_chrome(line) or parse_caption(line) is not None or parse_credit(line) is not None:
            continue
        if is_lead(line) or _is_sentence_like(line):
            return candidate if candidate is not None else None
        if is_title(line):
            candidate = index
    return _first_plain_title(lines, start, end)


def _first_plain_title(lines: Sequence[str], start: int, end: int) -> int | None:
    """The first line that is not chrome, if it is shaped like a title."""
    for index in range(start, end):
        line = lines[index]
        if is_chrome(line):
            continue
        if is_title(line) and not is_lead(line) and parse_caption(line) is None \
                and parse_credit(line) is None:
            return index
        return None
    return None


@dataclass(frozen=True)
class _Span:
    """Where one article lies in the page's lines."""

    title: int | None
    start: int  # first line after the title (or of the page)
    lead: int | None
    end: int


def _ends_article(line: str) -> bool:
    """A line that closes an article: a signature, a source line, chrome of the page."""
    return is_hard_chrome(line) or parse_source(line) is not None \
        or parse_signature(line) is not None


_HEADLINE_WORDS = 6  # a subheading is shorter
_HEADLINE_OVERLAP = 0.6  # of its words in the lead and the two lines after


def _headline_of(lines: Sequence[str], title: int, lead: int) -> bool:
    """Whether a title line over a dated lead is the headline of an article of its own, where
    nothing marks the end of the article before: a headline's words are the lead's ("Khám
    bệnh, cấp thuốc miễn phí cho người dân huyện Hải Hậu" over "Ngày 2/12, tại huyện Hải
    Hậu, ... tổ chức khám bệnh, cấp thuốc miễn phí ..."); a subheading is short, or speaks
    of the section, not of its first paragraph."""
    text = set().union(*(_words_of(line) for line in lines[lead:lead + 3]))
    return len(lines[title].split()) >= _HEADLINE_WORDS \
        and _overlap(lines[title], text) >= _HEADLINE_OVERLAP


def _article_starts(lines: Sequence[str]) -> list[tuple[int | None, int]]:
    """(title, lead) of every article: the first dated lead, then each titled one.

    A later title counts when the article before it has visibly ended (a signature, a source
    line or chrome stands between), or when it is plainly the headline of its lead
    (``_headline_of``): a subheading followed by a dated paragraph (``Ngày 10/3, đoàn ...``)
    is not a new article.
    """
    starts: list[tuple[int | None, int]] = []
    floor = 0
    endings = list(accumulate(map(_ends_article, lines), initial=0))  # endings[i]: in lines[:i]
    for index, line in enumerate(lines):
        if not is_lead(line) or is_chrome(line):  # "Từ ngày 01/01/2022 Đến ngày ...": a filter
            continue
        title = _title_before(lines, index, floor, summary_allowed=not starts)
        if starts and (title is None or (endings[title] == endings[floor]
                                         and not _headline_of(lines, title, index))):
            continue
        starts.append((title, index))
        floor = index + 1
    return starts


def _spans(lines: Sequence[str]) -> list[_Span]:
    """The articles of a page, in order."""
    starts = _article_starts(lines)
    if not starts:
        title = _first_title(lines, 0, len(lines))
        start = _first_content(lines, 0, len(lines)) if title is None else title + 1
        return [_Span(title, start, None, len(lines))]
    if starts[0][0] is None:
        starts[0] = (_first_title(lines, 0, starts[0][1]), starts[0][1])
    spans = []
    for number, (title, lead) in enumerate(starts):
        # every article after the first has a title: it ends this one
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        start = title + 1 if title is not None else _first_content(lines, 0, lead)
        spans.append(_Span(title, start, lead, end if end is not None else len(lines)))
    return spans


def _first_content(lines: Sequence[str], start: int, end: int) -> int:
    """The first line at or after ``start`` that is not chrome (``end`` if none before it)."""
    return next((index for index in range(start, end) if not is_chrome(lines[index])), end)


def _page_clock(lines: Sequence[str], clocks: list[int], span: _Span) -> str:
    """The clock line nearest above the article, else the first one in it or on the page."""
    anchor = span.title if span.title is not None else span.start
    above = [index for index in clocks if index < anchor]
    inside = [index for index in clocks if anchor <= index < span.end]
    chosen = above[-1] if above else inside[0] if inside else clocks[0] if clocks else None
    return lines[chosen] if chosen is not None else ""


def _first_text_line(lines: Sequence[str]) -> int | None:
    """The index of the first line that is neither chrome nor a caption."""
    for index, line in enumerate(lines):
        if not _between_title_and_lead(line):
            return index
    return None


def _article(lines: Sequence[str], span: _Span, page: RawPage, clocks: list[int],
             first: bool, single: bool) -> ArticleText:
    """One article: its body read, its publisher prefix taken off the lead.

    Above the first article's title lies the page's header: all of it is dropped.
    """
    labels = _labels_under_title(lines, span)
    body_lines = [lines[index] for index in range(span.start, span.end) if index not in labels]
    lead = (span.lead - span.start - len(labels) if span.lead is not None
            else _first_text_line(body_lines))
    publisher = ""
    if lead is not None:
        publisher, body_lines[lead] = split_publisher_prefix(body_lines[lead])
    body = read_body(body_lines, lead if span.lead is not None else None)
    header = list(lines[:span.title if span.title is not None else span.start]) if first else []
    return ArticleText(
        title=lines[span.title] if span.title is not None else "",
        blocks=body.blocks,
        author=body.author,
        publisher=publisher or body.publisher or page.publisher,
        url=body.url or (page.url if single else ""),
        page_clock=_page_clock(lines, clocks, span),
        dropped=header + [lines[index] for index in labels] + body.dropped,
    )


# Letters that look like Vietnamese ones but are not: Icelandic eth for "Đ"/"đ".
_LOOK_ALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
# A citation cut by a line break: the type word (and "số") ends one line, the code opens the next.
_CITATION_STUB = re.compile(
    r"(?<!\w)(?i:chỉ\s+thị|nghị\s+quyết|kết\s+luận|quyết\s+định|kế\s+hoạch|công\s+văn"
    r"|thông\s+báo|hướng\s+dẫn|quy\s+định|nghị\s+định|thông\s+tư|luật|chương\s+trình)"
    r"(?:\s+(?i:số))?$")
# A document code: "12-CT/TW", "05/KH-LHH", "210/2020/NĐ-CP" (not a date: "20/11").
_CODE_START = re.compile(r"^[0-9]{1,4}\s*[-/]\s*(?:[0-9]{4}\s*/\s*)?[A-ZĐ]{2}")


def clean_lines(raw: Sequence[str]) -> list[str]:
    """The page's lines, NFC with spacing collapsed, look-alike letters replaced ("Ð" is "Đ"),
    a citation cut by a line break joined again; empty lines left out."""
    lines: list[str] = []
    for text in raw:
        line = clean_text(text).translate(_LOOK_ALIKES)
        if not line:
            continue
        if lines and _CITATION_STUB.search(lines[-1]) and _CODE_START.match(line):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def cut_articles(page: RawPage) -> list[ArticleText]:
    """The articles of a raw page, chrome dropped; [] when nothing but chrome is left."""
    lines = clean_lines(page.lines)
    clocks = [index for index, line in enumerate(lines) if is_clock(line)]
    spans = _spans(lines)
    articles = []
    for number, span in enumerate(spans):
        article = _article(lines, span, page, clocks, first=number == 0, single=len(spans) == 1)
        if article.title or article.blocks:
            articles.append(article)
    return articles
