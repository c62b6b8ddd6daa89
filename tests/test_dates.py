from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from diplomacy_archive.text.dates import DateError, Precision, parse_event_date

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize("value, iso, text", [
    ("2021-06-18", "2021-06-18", "Thứ Sáu, 18/06/2021"),
    ("18/06/2021", "2021-06-18", "Thứ Sáu, 18/06/2021"),
    ("5/12/2019", "2019-12-05", "Thứ Năm, 05/12/2019"),
    ("05.12.2019", "2019-12-05", "Thứ Năm, 05/12/2019"),
    ("ngày 18 tháng 6 năm 2021", "2021-06-18", "Thứ Sáu, 18/06/2021"),
    ("2020-11", "2020-11", "Tháng 11/2020"),
    ("11/2020", "2020-11", "Tháng 11/2020"),
    ("tháng 11 năm 2020", "2020-11", "Tháng 11/2020"),
    (2020, "2020", "Năm 2020"),
    ("2020", "2020", "Năm 2020"),
    ("2021-06-18T09:30:00", "2021-06-18T09:30:00+07:00", "Thứ Sáu, 18/06/2021, 09:30"),
    ("18/06/2021 9h30", "2021-06-18T09:30:00+07:00", "Thứ Sáu, 18/06/2021, 09:30"),
    ("2021-06-18T02:30:00Z", "2021-06-18T09:30:00+07:00", "Thứ Sáu, 18/06/2021, 09:30"),
    ("2022-07-10", "2022-07-10", "Chủ Nhật, 10/07/2022"),
])
def test_accepted_forms(value: object, iso: str, text: str) -> None:
    date = parse_event_date(value, ZONE)
    assert date.iso() == iso
    assert date.vietnamese() == text


def test_naive_times_are_in_the_site_zone() -> None:
    date = parse_event_date("2021-06-18 09:00", ZONE)
    assert date.moment.utcoffset() == timedelta(hours=7)
    other = parse_event_date("2021-06-18 09:00", ZoneInfo("Europe/Paris"))
    assert other.moment.utcoffset() == timedelta(hours=2)


def test_partial_dates_sort_at_the_start_of_their_period() -> None:
    year = parse_event_date(2020, ZONE)
    month = parse_event_date("2020-11", ZONE)
    day = parse_event_date("2020-11-05", ZONE)
    assert year.precision is Precision.YEAR and month.precision is Precision.MONTH
    assert year.moment < parse_event_date("2020-01-02", ZONE).moment
    assert month.moment < day.moment
    assert month.moment == parse_event_date("2020-11-01", ZONE).moment
    assert (year.month, month.month) == (None, 11)


@pytest.mark.parametrize("value, message, hint", [
    ("31/02/2021", "'31/02/2021' is not a real date", "month 2 of 2021 has 28 days"),
    ("29/02/2020", None, None),
    ("2021-04-31", "'2021-04-31' is not a real date", "month 4 of 2021 has 30 days"),
    ("06/18/2021", "'06/18/2021' is not a real date",
     "months go from 1 to 12; dates are written day/month/year"),
    ("2020-13", "'2020-13' is not a real date", "months go from 1 to 12"),
    ("18/06/21", "'18/06/21' has a two-digit year", "write the year in full: 18/06/2021"),
    ("hôm qua", "'hôm qua' is not a date",
     "write it as YYYY-MM-DD (2021-06-18), DD/MM/YYYY (18/06/2021), YYYY-MM (2020-11) "
     "or YYYY (2020)"),
    ("2021-06-18 25:00", "'2021-06-18 25:00' is not a real time",
     "hours go from 0 to 23, minutes to 59"),
    ("2021-02-30T10:00:00+07:00", "'2021-02-30T10:00:00+07:00' is not a real date",
     "month 2 of 2021 has 28 days"),
    (True, "'True' is not a date",
     "write it as YYYY-MM-DD (2021-06-18), DD/MM/YYYY (18/06/2021), YYYY-MM (2020-11) "
     "or YYYY (2020)"),
    (999, "'999' is not a date",
     "write it as YYYY-MM-DD (2021-06-18), DD/MM/YYYY (18/06/2021), YYYY-MM (2020-11) "
     "or YYYY (2020)"),
])
def test_rejected_dates_say_why(value: object, message: str | None, hint: str | None) -> None:
    if message is None:
        assert parse_event_date(value, ZONE).iso() == "2020-02-29"
        return
    with pytest.raises(DateError) as caught:
        parse_event_date(value, ZONE)
    assert str(caught.value) == message
    assert caught.value.hint == hint
