"""The date of an imported article: the day in its lead, the year from the text or an anniversary,
never from the page's clock or today's date."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from diplomacy_archive.i18n import N_, _
from diplomacy_archive.importing.record import note
from diplomacy_archive.importing.texts import NUMBER_GUARD, Span, Texts
from diplomacy_archive.text.citations import find_citations
from diplomacy_archive.text.vietnamese import clean_text

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
    rf"{NUMBER_GUARD}(?:(?P<d>[0-9]{{1,2}})"
    r"(?:\s*(?:[-–]|và|đến)\s*[0-9]{1,2}(?=\s*/))?"  # a range of days: "9-10/3"
    r"\s*[/.-]\s*(?P<m>[0-9]{1,2})(?:\s*[/.-]\s*(?P<y>[0-9]{4}))?"
    r"|(?P<wd>[0-9]{1,2})\s+(?i:tháng)\s+(?P<wm>[0-9]{1,2})"
    r"(?:\s*,?\s*(?i:năm)\s+(?P<wy>[0-9]{4}))?)"
    r"(?![0-9]|\s*[/.-]\s*[0-9])"
)
_TIME_WORD = r"(?:rạng\s+sáng|sáng|trưa|chiều|tối|đêm|ngày|hôm)(?:\s+(?:nay|qua|mai))?"
# An event's day in running text: "Ngày 9/3", "Chiều ngày 02/4/2023", "Sáng nay (12/5)".
_EVENT_DAY = re.compile(
    rf"(?<!\w)(?i:{_TIME_WORD})\s*(?:(?i:ngày)\s+)?\(?\s*(?P<date>{_DAY_MONTH})")
# A full date anywhere: "ngày 02/4/2023", "18 tháng 6 năm 2021".
_FULL_DATE = re.compile(
    rf"(?:(?<!\w)(?i:ngày)\s+)?{NUMBER_GUARD}(?:[0-9]{{1,2}}\s*[/.-]\s*[0-9]{{1,2}}\s*[/.-]\s*"
    r"(?P<y>(?:19|20)[0-9]{2})|[0-9]{1,2}\s+(?i:tháng)\s+[0-9]{1,2}\s*,?\s*(?i:năm)\s+"
    r"(?P<wy>(?:19|20)[0-9]{2}))(?![0-9])")
_DATE_NUMBERS = re.compile(r"[0-9]+")
# Anniversary ranges: "(12/5/1960 – 12/5/2025)", "(1950-2020)", "1950 - 2020".
_SHORT_DATE = r"(?:[0-9]{1,2}\s*[/.-]\s*[0-9]{1,2}\s*[/.-]\s*)?"
_RANGE = re.compile(
    rf"{NUMBER_GUARD}\(?\s*{_SHORT_DATE}(?P<first>(?:19|20)[0-9]{{2}})\s*[-–—]\s*"
    rf"{_SHORT_DATE}(?P<last>(?:19|20)[0-9]{{2}})(?![0-9])\s*\)?")
_ANNIVERSARY = re.compile(r"(?<!\w)(?i:kỷ\s+niệm|(?P<years>[0-9]{1,3})\s+năm)(?!\w)")
_MONTH_YEAR = re.compile(r"(?<!\w)(?i:tháng)\s+(?P<m>[0-9]{1,2})\s*(?:/|\s(?i:năm)\s)\s*"
                         r"(?P<y>(?:19|20)[0-9]{2})(?![0-9])")
# The notes on a date, one sentence each (translated when the draft is written): where the day
# was found (when not in the lead), where its year came from, where a day has no year.
_TAKEN_FROM = {"title": N_('taken from the title: "{phrase}"'),
               "text": N_('taken from the text: "{phrase}"')}
_FROM_ANNIVERSARY = N_('year inferred from the anniversary "{written}"')
_FROM_DATE = N_('year inferred from "{written}"')
_BETWEEN_CLOCK = N_('year inferred: the only one after "{document}", which the text cites, and '
                   'before the page clock "{clock}"')
_BETWEEN_TODAY = N_('year inferred: the only one after "{document}", which the text cites, and '
                    'before today')
_RECENT_CLOCK = N_('year inferred from the page clock "{clock}", {days} days later; check it')
RECENT_DAYS = 31  # how long before the page clock a day without a year is taken to be recent
_CLOCK_DATE = re.compile(r"(?<![0-9])(?P<d>[0-9]{1,2})\s*[/.-]\s*(?P<m>[0-9]{1,2})\s*[/.-]\s*"
                         r"(?P<y>(?:19|20)[0-9]{2})(?![0-9])")
_YEAR_NOT_FOUND = {"lead": N_('year not found; the lead says "{written}"'),
                   "title": N_('year not found; the title says "{written}"'),
                   "text": N_('year not found; the text says "{written}"')}


def _real_date(year: int, month: int, day: int) -> datetime.date | None:
    """The date, or None when there is no such day (31/2)."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _inside(span: Span, spans: Iterable[Span]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _anniversary_spans(text: str) -> list[tuple[Span, int]]:
    """Year ranges that an anniversary counts ("kỷ niệm 70 năm (1950-2020)"), with the later
    year."""
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


def _year_nearest(day: _DayMonth, written: str, year: int) -> int:
    """The year of the event an anniversary range dates: the anniversary's year, or the year
    before when the range gives the anniversary's day and the event's day falls just before it
    (a celebration on 28/12 of the anniversary "(7/1/1979 – 7/1/2024)" is in 2023)."""
    numbers = [int(n) for n in _DATE_NUMBERS.findall(written)]
    if len(numbers) < 3 or numbers[-1] != year:
        return year
    anniversary = _real_date(year, numbers[-2], numbers[-3])
    if anniversary is None:
        return year
    candidates = [(abs((found - anniversary).days), candidate) for candidate in (year - 1, year)
                  if (found := _real_date(candidate, day.month, day.day)) is not None]
    return min(candidates)[1] if candidates else year


def _year_sources(texts: Texts, day: _DayMonth) -> list[tuple[str, str, int]]:
    """Where a year may come from, best first: anniversaries, the same day with its year, any
    full date; each with the note that says so (marked N_) and the text as written."""
    everything = texts.in_order()
    full = _full_dates(everything)
    anniversaries = [(_FROM_ANNIVERSARY, written, _year_nearest(day, written, year))
                     for written, year in _anniversary_years(everything)]
    same_day = [(_FROM_DATE, written, year) for written, year in full
                if [int(n) for n in _DATE_NUMBERS.findall(written)][:2] == [day.day, day.month]]
    others = [(_FROM_DATE, written, year) for written, year in full]
    return anniversaries + same_day + others


def _find_day(texts: Texts) -> tuple[_DayMonth | None, str]:
    """The event's day from the lead, else the title, else a later paragraph; with its place."""
    for where, text in (("lead", texts.lead), ("title", texts.title),
                        *(("text", p) for p in texts.paragraphs)):
        found = _event_day(text)
        if found is not None:
            return found, where
    return None, ""


@dataclass(frozen=True)
class _Bounds:
    """What the event's day cannot be before (the latest dated document the text cites) or
    after (the page's clock, today), each with the text that says so."""

    after: datetime.date | None
    document: str
    before: datetime.date
    clock: str  # the clock line, "" when today is the later bound

    def allow(self, day: datetime.date) -> bool:
        return (self.after is None or self.after <= day) and day <= self.before

    def contradicts(self, day: datetime.date) -> bool:
        """Whether the text or the page rule the day out (a day after today is only flagged)."""
        return (self.after is not None and day < self.after) \
            or (self.clock != "" and day > self.before)


def _bounds(texts: Texts, clock: str, today: datetime.date) -> _Bounds:
    cited = [(citation.date, clean_text(text[start:end])) for text in texts.in_order()
             for start, end, citation in find_citations(text) if citation.date is not None]
    after, document = max(cited, key=lambda found: found[0]) if cited else (None, "")
    match = _CLOCK_DATE.search(clock)
    seen = _real_date(int(match["y"]), int(match["m"]), int(match["d"])) if match else None
    if seen is not None and seen < today:
        return _Bounds(after, document, seen, clean_text(clock))
    return _Bounds(after, document, today, "")


def _year_between(bounds: _Bounds, day: _DayMonth) -> tuple[datetime.date, str] | None:
    """The day in the only year between the bounds that allows it, with its note."""
    if bounds.after is None:
        return None
    found = [date for year in range(bounds.after.year, bounds.before.year + 1)
             if (date := _real_date(year, day.month, day.day)) and bounds.allow(date)]
    if len(found) != 1:
        return None
    if bounds.clock:
        return found[0], _(_BETWEEN_CLOCK).format(document=bounds.document, clock=bounds.clock)
    return found[0], _(_BETWEEN_TODAY).format(document=bounds.document)


def _shortly_before_clock(bounds: _Bounds, day: _DayMonth) -> tuple[datetime.date, str] | None:
    """The day in the year of the page clock (or the year before) when it falls at most
    ``RECENT_DAYS`` before the clock: a page that lists news is read while they are recent. A
    day further back may be of any earlier year: no year."""
    if not bounds.clock:
        return None
    for year in (bounds.before.year, bounds.before.year - 1):
        found = _real_date(year, day.month, day.day)
        if found is not None and bounds.allow(found):
            if (bounds.before - found).days > RECENT_DAYS:
                return None
            return found, _(_RECENT_CLOCK).format(clock=bounds.clock,
                                                  days=(bounds.before - found).days)
    return None


def extract_date(texts: Texts, today: datetime.date, clock: str = ""
                 ) -> tuple[str, list[str]]:
    """ISO date (or "") and the notes on how it was found. ``clock``, the page's clock line,
    is only a bound: the event was not after it, as it was not after ``today``; a document
    the text cites with its date was not issued after the event."""
    day, where = _find_day(texts)
    if day is None:
        return _month_only(texts.lead)
    notes = [] if where == "lead" else [
        note("date", _(_TAKEN_FROM[where]).format(phrase=day.phrase))]
    if day.year is not None:
        found = _real_date(day.year, day.month, day.day)
        return _checked(found, today, notes) if found else ("", [note("date", _("not found"))])
    bounds = _bounds(texts, clock, today)
    for source, written, year in _year_sources(texts, day):
        found = _real_date(year, day.month, day.day)
        if found is not None and not bounds.contradicts(found):
            return _checked(found, today,
                            [*notes, note("date", _(source).format(written=written))])
    between = _year_between(bounds, day) or _shortly_before_clock(bounds, day)
    if between is not None:
        return between[0].isoformat(), [*notes, note("date", between[1])]
    return "", [*notes, note("date", _(_YEAR_NOT_FOUND[where]).format(written=day.written))]


def _month_only(lead: str) -> tuple[str, list[str]]:
    """"2024-03" from a lead that names only a month ("tháng 3/2024"), else not found."""
    match = _MONTH_YEAR.search(lead)
    if match and 1 <= int(match["m"]) <= 12:
        return (f"{int(match['y']):04d}-{int(match['m']):02d}",
                [note("date", _('only the month is given: "{written}"').format(
                    written=clean_text(match.group())))])
    return "", [note("date", _("not found"))]


def _checked(found: datetime.date, today: datetime.date, notes: list[str]
             ) -> tuple[str, list[str]]:
    """The ISO date, with a note when it is after the day of the import."""
    if found > today:
        notes = [*notes, note("date", _("{date} is after today; check it").format(
            date=found.isoformat()))]
    return found.isoformat(), notes
