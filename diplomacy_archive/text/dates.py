"""Event dates of every precision an archive meets: a moment, a day, a month or only a year."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from enum import StrEnum

from diplomacy_archive.i18n import N_, render
from diplomacy_archive.text.vietnamese import WEEKDAYS


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"


@dataclass(frozen=True)
class EventDate:
    """A date that never claims more precision than the source gave.

    ``moment`` is the start of the period in the site's time zone (or the exact time given),
    which is what sorting uses, so "2020" sorts before "2020-03-05".
    """

    moment: datetime
    precision: Precision

    @property
    def year(self) -> int:
        return self.moment.year

    @property
    def month(self) -> int | None:
        return None if self.precision is Precision.YEAR else self.moment.month

    def iso(self) -> str:
        """ISO 8601 at the date's own precision: ``2020``, ``2020-11``, ``2021-06-18``, or a
        time."""
        if self.precision is Precision.YEAR:
            return f"{self.moment.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.moment.year:04d}-{self.moment.month:02d}"
        if self.precision is Precision.DAY:
            return self.moment.date().isoformat()
        return self.moment.isoformat()

    def timestamp(self) -> str:
        """The start of the period as a full timestamp with its offset:
        ``2021-06-18T00:00:00+07:00`` (what feeds, sitemaps and schema.org need, whatever the
        date's precision)."""
        return self.moment.isoformat(timespec="seconds")

    def short(self) -> str:
        """Numbers only, at the date's precision: ``18/06/2021``, ``11/2020``, ``2020``."""
        m = self.moment
        if self.precision is Precision.YEAR:
            return f"{m.year}"
        if self.precision is Precision.MONTH:
            return f"{m.month:02d}/{m.year}"
        return f"{m.day:02d}/{m.month:02d}/{m.year}"

    def vietnamese(self) -> str:
        """As a Vietnamese page shows it: ``Thứ Sáu, 18/06/2021``, ``Tháng 11/2020``,
        ``Năm 2020``."""
        m = self.moment
        if self.precision is Precision.YEAR:
            return f"Năm {m.year}"
        if self.precision is Precision.MONTH:
            return f"Tháng {m.month}/{m.year}"
        text = f"{WEEKDAYS[m.weekday()]}, {m.day:02d}/{m.month:02d}/{m.year}"
        if self.precision is Precision.MINUTE:
            text += f", {m.hour:02d}:{m.minute:02d}"
        return text


class DateError(ValueError):
    """The value is not a date, or not a real one; ``hint`` says how to write it.

    ``template`` and ``hint_template`` are the English messages (marked N_), their ``{name}``
    placeholders filled from ``values``: a problem takes them as they are, to be translated
    when it is shown (``fields.error(where, exc.template, exc.hint_template,
    args=exc.values)``). ``str(exc)`` and ``exc.hint`` are both in the chosen language now,
    for text shown at once."""

    def __init__(self, template: str, hint_template: str,
                 values: Mapping[str, object] | None = None) -> None:
        super().__init__(template, hint_template, dict(values or {}))
        self.template = template
        self.hint_template = hint_template
        self.values: dict[str, object] = dict(values or {})

    def __str__(self) -> str:
        return render(self.template, self.values)

    @property
    def hint(self) -> str:
        return render(self.hint_template, self.values)


FORMATS_HINT = N_("write it as YYYY-MM-DD (2021-06-18), DD/MM/YYYY (18/06/2021), "
                  "YYYY-MM (2020-11) or YYYY (2020)")
_NOT_A_DATE = N_("'{value}' is not a date")
_NOT_REAL = N_("'{value}' is not a real date")
_MONTHS = N_("months go from 1 to 12")
_HOURS = N_("hours go from 0 to 23, minutes to 59")
_DAYS_IN_MONTH = N_("month {month} of {year} has {days} days")

_TIME = r"(?:[ T,]+(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
_PATTERNS = [
    re.compile(r"(?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})"),
    re.compile(r"(?P<month>\d{1,2})/(?P<year>\d{4})"),
    re.compile(r"tháng (?P<month>\d{1,2})(?:/| năm )(?P<year>\d{4})", re.IGNORECASE),
    re.compile(r"năm (?P<year>\d{4})", re.IGNORECASE),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})" + _TIME),
    re.compile(r"(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})" + _TIME),
    re.compile(r"(?:(?P<weekday>[^,]+), )?ngày (?P<day>\d{1,2})(?:/| tháng )(?P<month>\d{1,2})"
               r"(?:/| năm )(?P<year>\d{4})", re.IGNORECASE),
]
_ISO_WITH_ZONE = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})")


def parse_event_date(value: object, zone: tzinfo) -> EventDate:
    """Read a front-matter date; naive times are in ``zone``. Day always comes before month."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DateError(_NOT_A_DATE, FORMATS_HINT, {"value": value})
    raw = str(value).strip()
    if _ISO_WITH_ZONE.fullmatch(raw):
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            hint, hint_values = _why_not_real(raw)
            raise DateError(_NOT_REAL, hint, {"value": raw, **hint_values}) from None
        return EventDate(moment.astimezone(zone), Precision.MINUTE)
    for pattern in _PATTERNS:
        match = pattern.fullmatch(raw)
        if match:
            return _from_parts(raw, match.groupdict(), zone)
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2}", raw):
        raise DateError(N_("'{value}' has a two-digit year"),
                        N_("write the year in full: 18/06/2021"), {"value": raw})
    raise DateError(_NOT_A_DATE, FORMATS_HINT, {"value": raw})


def _from_parts(raw: str, parts: dict[str, str | None], zone: tzinfo) -> EventDate:
    year = int(parts["year"] or 0)
    month_text, day_text = parts.get("month"), parts.get("day")
    month = int(month_text) if month_text else None
    day = int(day_text) if day_text else None
    if not 1000 <= year <= 9999:
        raise DateError(_NOT_REAL, N_("the year must be from 1000 to 9999"), {"value": raw})
    if month is not None and not 1 <= month <= 12:
        hint = _MONTHS
        if day is not None and 1 <= day <= 12 and "/" in raw:
            hint = N_("months go from 1 to 12; dates are written day/month/year")
        raise DateError(_NOT_REAL, hint, {"value": raw})
    if day is not None and month is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(_NOT_REAL, _DAYS_IN_MONTH,
                            {"value": raw, "month": month, "year": year, "days": last})
    if parts.get("hour") is not None:
        hour, minute = int(parts["hour"] or 0), int(parts["minute"] or 0)
        second = int(parts.get("second") or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise DateError(N_("'{value}' is not a real time"), _HOURS, {"value": raw})
        moment = datetime(year, month or 1, day or 1, hour, minute, second, tzinfo=zone)
        return EventDate(moment, Precision.MINUTE)
    moment = datetime.combine(date(year, month or 1, day or 1), time(), tzinfo=zone)
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    return EventDate(moment, precision)


def _why_not_real(raw: str) -> tuple[str, dict[str, object]]:
    """The hint for an ISO timestamp that is not real: its template and placeholders."""
    year, month, day = (int(x) for x in raw[:10].split("-"))
    if not 1 <= month <= 12:
        return _MONTHS, {}
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return _DAYS_IN_MONTH, {"month": month, "year": year, "days": last}
    return _HOURS, {}
