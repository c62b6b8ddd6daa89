"""Import: the fields of a draft read from the text of one article (importing.fields)."""

from __future__ import annotations

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diplomacy_archive.importing.fields import extract_draft, summarise
from diplomacy_archive.importing.record import ArticleText, Block, Draft, Person
from diplomacy_archive.problems import Problems
from diplomacy_archive.source.registries import Registries, load_registries

TODAY = datetime.date(2025, 6, 30)


def paragraphs(*texts: str) -> list[Block]:
    return [Block("paragraph", text) for text in texts]


def draft(*texts: str, title: str = "Tin hoạt động", registries: Registries | None = None,
          known_tags: list[str] | None = None, **source: str) -> Draft:
    text = ArticleText(title=title, blocks=paragraphs(*texts), **source)
    return extract_draft(text, "page.txt", registries, known_tags or [], TODAY)


def notes_on(result: Draft, field: str) -> list[str]:
    return [note for note in result.notes if note.startswith(f"{field}:")]


# ---------------------------------------------------------------- date

@pytest.mark.parametrize(("lead", "expected"), [
    ("Ngày 9/3/2024, Liên hiệp tỉnh tổ chức gặp mặt.", "2024-03-09"),
    ("Sáng 12/5/2024, hội nghị khai mạc.", "2024-05-12"),
    ("Chiều ngày 02/4/2023, đoàn đại biểu đến thăm.", "2023-04-02"),
    ("Vào ngày 18 tháng 6 năm 2021, tọa đàm được tổ chức.", "2021-06-18"),
    ("Tối 15-8-2022, chương trình giao lưu diễn ra.", "2022-08-15"),
    ("Sáng nay (12/5/2024), hội nghị khai mạc.", "2024-05-12"),
])
def test_the_lead_gives_the_date_with_its_year(lead: str, expected: str) -> None:
    result = draft(lead, "Đoàn đã thăm ngày 1/1/1999.")
    assert result.date == expected
    assert notes_on(result, "date") == []


def test_a_year_missing_from_the_lead_is_inferred_from_a_full_date_elsewhere() -> None:
    result = draft("Ngày 9/3, Hội hữu nghị tỉnh gặp mặt các cựu chuyên gia.",
                   "Theo kế hoạch ký ngày 02/4/2023, hoạt động sẽ tiếp tục cả năm.")
    assert result.date == "2023-03-09"
    assert notes_on(result, "date") == ['date: year inferred from "ngày 02/4/2023"']


def test_a_lead_day_in_words_takes_its_year_from_the_text() -> None:
    result = draft("Sáng ngày 18 tháng 6, tại Hà Nội, tọa đàm về công tác hữu nghị diễn ra.",
                   "Ban tổ chức cho biết hồ sơ được gửi trước ngày 18 tháng 5 năm 2021.")
    assert result.date == "2021-06-18"
    assert notes_on(result, "date") == ['date: year inferred from "ngày 18 tháng 5 năm 2021"']


def test_a_full_date_of_the_same_day_wins_over_an_earlier_one() -> None:
    result = draft("Tối 15-8, đêm giao lưu văn hóa diễn ra tại nhà hát.",
                   "Hội được thành lập ngày 3/2/1990.",
                   "Chương trình tối 15/8/2022 thu hút hàng trăm khán giả.")
    assert result.date == "2022-08-15"
    assert notes_on(result, "date") == ['date: year inferred from "15/8/2022"']


def test_the_year_of_an_anniversary_is_the_later_year_of_its_range() -> None:
    result = draft("Sáng 10/5, Liên hiệp tổ chức lễ kỷ niệm 65 năm Ngày thành lập "
                   "(12/5/1960 – 12/5/2025).",
                   "Liên hiệp ra đời ngày 12/5/1960 tại Hà Nội.")
    assert result.date == "2025-05-10"
    assert notes_on(result, "date") == [
        'date: year inferred from the anniversary "(12/5/1960 – 12/5/2025)"']


def test_an_anniversary_of_years_only_gives_the_year() -> None:
    result = draft("Ngày 17/11, tỉnh tổ chức tọa đàm kỷ niệm 70 năm Ngày truyền thống công tác "
                   "đối ngoại nhân dân (1950-2020).")
    assert result.date == "2020-11-17"
    assert notes_on(result, "date") == ['date: year inferred from the anniversary "(1950-2020)"']


def test_the_page_clock_and_today_never_give_the_year() -> None:
    text = ArticleText(title="Gặp mặt hữu nghị", page_clock="Thứ Bảy, 15/6/2024 08:30",
                       blocks=paragraphs("Ngày 9/3, hội hữu nghị gặp mặt thành viên."))
    result = extract_draft(text, "page.txt", None, [], datetime.date(2024, 6, 15))
    assert result.date == ""
    assert notes_on(result, "date") == ['date: year not found; the lead says "9/3"']


def test_a_full_date_in_the_lead_is_kept_whatever_the_page_clock_says() -> None:
    result = draft("Sáng 12/5/2024, hội nghị khai mạc.", page_clock="Thứ Hai, 1/7/2024")
    assert result.date == "2024-05-12"


def test_dates_of_cited_documents_are_not_the_year_of_the_event() -> None:
    result = draft("Ngày 9/3, tỉnh sơ kết Chỉ thị 38-CT/TW ngày 19/9/2019 của Ban Bí thư.")
    assert result.date == ""
    assert result.directives == ["Chỉ thị 38-CT/TW ngày 19/9/2019"]


def test_no_date_at_all_is_noted() -> None:
    result = draft("Liên hiệp các tổ chức hữu nghị tỉnh tổ chức gặp mặt bạn bè quốc tế.")
    assert result.date == ""
    assert notes_on(result, "date") == ["date: not found"]


def test_impossible_days_are_not_dates() -> None:
    result = draft("Ngày 31/2/2024, đoàn đến thăm.", "Sáng 30/2, đoàn trở về.")
    assert result.date == ""
    assert notes_on(result, "date") == ["date: not found"]


def test_a_date_only_in_the_title_is_used_with_a_note() -> None:
    result = draft("Liên hiệp tổ chức gặp mặt hữu nghị.",
                   title="Gặp mặt hữu nghị ngày 20/1/2024")
    assert result.date == "2024-01-20"
    assert notes_on(result, "date") == ['date: taken from the title: "ngày 20/1/2024"']


def test_a_date_after_the_import_day_is_flagged() -> None:
    result = draft("Sáng 12/5/2026, hội nghị khai mạc.")
    assert result.date == "2026-05-12"
    assert notes_on(result, "date") == ["date: 2026-05-12 is after today; check it"]


# ---------------------------------------------------------------- venue

@pytest.fixture
def registries(tmp_path: Path) -> Registries:
    data = tmp_path / "data"
    data.mkdir()
    (data / "venues.yaml").write_text(
        "- name: Đà Nẵng\n  aliases: [Thành phố Đà Nẵng, TP Đà Nẵng]\n"
        "- name: Khánh Hòa\n  aliases: [Tỉnh Khánh Hòa]\n", encoding="utf-8")
    (data / "speakers.yaml").write_text(
        "- name: Lò Minh\n  bio: Chủ tịch hội (invented)\n", encoding="utf-8")
    problems = Problems()
    loaded = load_registries(tmp_path, ZoneInfo("Asia/Ho_Chi_Minh"), problems)
    assert problems.items == []
    return loaded


def test_the_venue_of_the_lead_takes_the_registry_name(registries: Registries) -> None:
    result = draft("Sáng 12/5/2024, tại thành phố Đà Nẵng, hội thảo đã diễn ra.",
                   registries=registries)
    assert result.venue == "Đà Nẵng"
    assert notes_on(result, "venue") == ['venue: guessed from "tại thành phố Đà Nẵng"']


def test_a_registry_place_inside_the_venue_phrase_is_used(registries: Registries) -> None:
    result = draft("Chiều 3/11/2020, tại Trung tâm Hội nghị tỉnh Khánh Hòa, tọa đàm diễn ra.",
                   registries=registries)
    assert result.venue == "Khánh Hòa"


def test_a_post_abroad_is_not_the_venue() -> None:
    result = draft("Sáng 12/5/2024, Đại sứ Việt Nam tại Lào Nguyễn Văn Bảo thăm hội.")
    assert result.venue == ""
    assert result.attendees == [Person("Nguyễn Văn Bảo", "Đại sứ Việt Nam tại Lào")]


def test_a_venue_outside_the_registry_is_kept_as_written(registries: Registries) -> None:
    result = draft("Sáng 12/5/2024, tại Nhà hát Lớn Hải Phòng, đêm nhạc hữu nghị diễn ra.",
                   registries=registries)
    assert result.venue == "Nhà hát Lớn Hải Phòng"
    assert notes_on(result, "venue") == [
        'venue: guessed from "tại Nhà hát Lớn Hải Phòng"; not in data/venues.yaml']


def test_a_dateline_names_the_venue() -> None:
    result = draft("Hà Nội, ngày 12/5/2024 - Liên hiệp tổ chức gặp mặt.")
    assert (result.venue, result.date) == ("Hà Nội", "2024-05-12")


def test_a_meeting_is_not_a_venue_and_no_venue_is_noted() -> None:
    result = draft("Phát biểu tại hội nghị, ông Lê Văn Minh cho biết kết quả.")
    assert result.venue == ""
    assert notes_on(result, "venue") == ["venue: not found"]


# ---------------------------------------------------------------- people

@pytest.mark.parametrize(("sentence", "person"), [
    ("Ông Lê Văn Minh phát biểu chào mừng.", Person("Lê Văn Minh")),
    ("Tại buổi gặp, bà Trần Thị Hạnh chia sẻ kinh nghiệm.", Person("Trần Thị Hạnh")),
    ("Đồng chí Nguyễn Văn An chủ trì buổi làm việc.", Person("Nguyễn Văn An")),
    ("Chủ tịch Liên hiệp Trần Thị Hạnh cho biết hội có 30 thành viên.",
     Person("Trần Thị Hạnh", "Chủ tịch Liên hiệp")),
    ("Phó Trưởng ban Ban Tuyên giáo Tỉnh ủy Đỗ Quang Vinh nhấn mạnh vai trò của hội.",
     Person("Đỗ Quang Vinh", "Phó Trưởng ban Ban Tuyên giáo Tỉnh ủy")),
    ("Ông Phạm Hữu Lộc – Phó Bí thư Tỉnh ủy Quảng Nam khẳng định quan hệ bền chặt.",
     Person("Phạm Hữu Lộc", "Phó Bí thư Tỉnh ủy Quảng Nam")),
    ("Bà Võ Thị Thu, Giám đốc Sở Ngoại vụ, trình bày báo cáo.",
     Person("Võ Thị Thu", "Giám đốc Sở Ngoại vụ")),
    ("Phát biểu tại buổi lễ, Chủ tịch UBND tỉnh Hà Nam Nguyễn Văn Bình đề nghị các hội phối hợp.",
     Person("Nguyễn Văn Bình", "Chủ tịch UBND tỉnh Hà Nam")),
    ("Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch Ủy ban MTTQ tỉnh Lý Thị Hoa phát biểu.",
     Person("Lý Thị Hoa", "Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch Ủy ban MTTQ tỉnh")),
    ("Ông Đinh Công Sơn (Phó Chủ tịch Hội hữu nghị tỉnh) chia sẻ câu chuyện.",
     Person("Đinh Công Sơn", "Phó Chủ tịch Hội hữu nghị tỉnh")),
])
def test_every_form_of_speaker_with_its_role(sentence: str, person: Person) -> None:
    result = draft("Sáng 12/5/2024, hội hữu nghị tổ chức gặp mặt.", sentence)
    assert result.speakers == [person]
    assert result.attendees == []


def test_a_registry_name_of_two_words_is_found_after_a_title(registries: Registries) -> None:
    result = draft("Chủ tịch hội Lò Minh phát biểu khai mạc.", registries=registries)
    assert result.speakers == [Person("Lò Minh", "Chủ tịch hội")]


def test_attendee_lists_separated_by_semicolons() -> None:
    result = draft(
        "Sáng 12/5/2024, hội nghị tổng kết công tác đối ngoại nhân dân được tổ chức.",
        "Tham dự có đồng chí Hà Quốc Hùng, Phó Bí thư Tỉnh ủy; Trần Văn Thành, Phó Trưởng ban "
        "Tuyên giáo Tỉnh ủy; bà Cao Ngọc Lan – Phó Trưởng ban Dân vận Tỉnh ủy.",
        "Ông Lê Trung Hải, Chủ tịch Liên hiệp, chủ trì hội nghị.")
    assert result.speakers == [Person("Lê Trung Hải", "Chủ tịch Liên hiệp")]
    assert result.attendees == [
        Person("Hà Quốc Hùng", "Phó Bí thư Tỉnh ủy"),
        Person("Trần Văn Thành", "Phó Trưởng ban Tuyên giáo Tỉnh ủy"),
        Person("Cao Ngọc Lan", "Phó Trưởng ban Dân vận Tỉnh ủy"),
    ]


def test_a_person_both_present_and_speaking_is_a_speaker_only_and_listed_once() -> None:
    result = draft(
        "Dự hội nghị có ông Lê Văn Minh, Chủ tịch Hội hữu nghị tỉnh và bà Trần Thị Hạnh.",
        "Phát biểu tại hội nghị, ông Lê Văn Minh cho biết hội có nhiều hoạt động.",
        "Hội nghị do ông Nguyễn Văn An chủ trì, với sự tham dự của bà Đặng Thu Hà.")
    assert result.speakers == [Person("Lê Văn Minh", "Chủ tịch Hội hữu nghị tỉnh"),
                               Person("Nguyễn Văn An")]
    assert result.attendees == [Person("Trần Thị Hạnh"), Person("Đặng Thu Hà")]


def test_a_role_ends_before_the_verb_but_keeps_its_own_dash() -> None:
    result = draft("Sáng 12/5/2024, hội gặp mặt.",
                   "Ông Hồ Quang Minh, Phó Chủ tịch UBND tỉnh Quảng Nam tặng quà các em.",
                   "Bà Phan Thu Hà, Phó Chủ tịch - Tổng Thư ký Liên hiệp, phát biểu bế mạc.")
    assert result.attendees == [Person("Hồ Quang Minh", "Phó Chủ tịch UBND tỉnh Quảng Nam")]
    assert result.speakers == [Person("Phan Thu Hà", "Phó Chủ tịch - Tổng Thư ký Liên hiệp")]


def test_places_and_bodies_are_not_people() -> None:
    result = draft("Bí thư Thành ủy Hà Nội phát biểu tại hội nghị ở tỉnh Bà Rịa - Vũng Tàu.",
                   "Đoàn thăm Thành phố Hồ Chí Minh và học tập tư tưởng Hồ Chí Minh.",
                   "Các đại biểu đến từ khu vực châu Á – Thái Bình Dương đã phát biểu.")
    assert (result.speakers, result.attendees) == ([], [])
    assert notes_on(result, "speakers") == ["speakers: none found"]


# ---------------------------------------------------------------- directives

def test_directives_are_exactly_those_cited_once_each_in_order() -> None:
    result = draft(
        "Sáng 12/5/2024, tỉnh sơ kết Chỉ thị số 38-CT/TW của Ban Bí thư.",
        "Thực hiện Chỉ thị 38/CT-TW ngày 19/9/2019, Kế hoạch 3935/KH-UBND và Công văn số "
        "8485-CV/TU, các hội đã tổ chức nhiều hoạt động; Chỉ thị 38 được quán triệt.",
        "Nghị định 25/2018/NĐ-CP cũng được nhắc tới, cùng Kế hoạch 5 năm của tỉnh.",
        title="Tỉnh sơ kết Chỉ thị 04-CT/TW")
    assert result.directives == [
        "Chỉ thị 04-CT/TW", "Chỉ thị 38-CT/TW ngày 19/9/2019", "Kế hoạch 3935/KH-UBND",
        "Công văn 8485-CV/TU", "Nghị định 25/2018/NĐ-CP"]
    assert notes_on(result, "directives") == []


def test_a_short_citation_is_kept_with_a_note() -> None:
    result = draft("Sáng 12/5/2024, hội quán triệt Chỉ thị 12 của Ban Bí thư.")
    assert result.directives == ["Chỉ thị 12"]
    assert notes_on(result, "directives") == [
        'directives: "Chỉ thị 12" is cited without its code']


def test_no_directive_is_noted() -> None:
    result = draft("Sáng 12/5/2024, hội gặp mặt 50 người, chỉ thị cho các chi hội.")
    assert result.directives == []
    assert notes_on(result, "directives") == ["directives: none found"]


# ---------------------------------------------------------------- tags, source, summary

def test_tags_from_known_tags_and_event_words_of_the_title() -> None:
    result = draft("Sáng 12/5/2024, hội thảo về Hữu nghị Việt Nam – Lào được tổ chức.",
                   "Các đại biểu bàn về đối ngoại nhân dân và hữu nghị việt nam – lào.",
                   title="Hội thảo đối ngoại nhân dân và lễ ký kết hợp tác",
                   known_tags=["Đối ngoại nhân dân", "Hữu nghị Việt Nam – Lào", "Campuchia"])
    assert result.tags == ["Đối ngoại nhân dân", "hội thảo", "ký kết", "Hữu nghị Việt Nam – Lào"]
    assert notes_on(result, "tags") == ["tags: suggested from the text"]


def test_at_most_six_tags() -> None:
    known = ["Lào", "Campuchia", "Cuba", "Nga", "Nhật Bản", "Hàn Quốc", "Ấn Độ"]
    result = draft("Sáng 12/5/2024, đại biểu " + ", ".join(known) + " dự hội nghị.",
                   title="Hội nghị hữu nghị", known_tags=known)
    assert len(result.tags) == 6
    assert result.tags[0] == "hội nghị"


def test_source_fields_and_their_notes() -> None:
    found = draft("Sáng 12/5/2024, hội gặp mặt.", author="Hồng Loan", publisher="Báo Quốc tế",
                  url="https://baoquocte.vn/a.html")
    assert (found.author, found.publisher, found.url) == (
        "Hồng Loan", "Báo Quốc tế", "https://baoquocte.vn/a.html")
    assert notes_on(found, "author") == notes_on(found, "source") == []
    missing = draft("Sáng 12/5/2024, hội gặp mặt.")
    assert notes_on(missing, "author") == ["author: not found"]
    assert notes_on(missing, "source") == ["source: not found"]


@pytest.mark.parametrize("prefix", ["(Baoquocte.vn) ", "(Baoquocte.vn) - ", "VOV.VN - ",
                                    "TTXVN – ", "Báo Quốc tế - "])
def test_the_summary_drops_the_publisher_prefix(prefix: str) -> None:
    result = draft(prefix + "Sáng 12/5/2024, tại Đà Nẵng, hội gặp mặt.", publisher="Báo Quốc tế")
    assert result.summary == "Sáng 12/5/2024, tại Đà Nẵng, hội gặp mặt."
    assert (result.date, result.venue) == ("2024-05-12", "Đà Nẵng")


def test_the_summary_is_shortened_at_a_word_boundary() -> None:
    lead = "Sáng 12/5/2024, " + "các hội hữu nghị cùng bàn về hợp tác nhân dân " * 10
    summary = summarise(lead)
    assert len(summary) <= 250
    assert summary.endswith("…")
    assert lead.startswith(summary[:-1])
    assert lead[len(summary) - 1] == " "


def test_the_summary_ends_at_a_sentence_when_one_ends_late_enough() -> None:
    first = "Sáng 12/5/2024, " + "các hội hữu nghị bàn về hợp tác " * 5 + "trong năm tới."
    assert summarise(first + " " + "Tiếp đó, các đại biểu thăm triển lãm ảnh " * 5) == first


# ---------------------------------------------------------------- robustness

_TEXT = (st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
         | st.sampled_from([
             "Ngày 31/2, ", "Sáng 9-10/3/2024 ", "(1950-2020)", "kỷ niệm 70 năm ", "ông ", "Bà ",
             "Chủ tịch ", "Nguyễn Văn A", "tại ", "Chỉ thị 38 ngày 19/9/2019", "; ", " – ",
             "0000/00/0000",
         ]))


@settings(max_examples=200, deadline=None)
@given(title=_TEXT, texts=st.lists(st.lists(_TEXT, max_size=6).map("".join), max_size=4),
       tags=st.lists(_TEXT, max_size=3))
def test_extract_draft_never_raises(title: str, texts: list[str], tags: list[str]) -> None:
    result = extract_draft(ArticleText(title=title, blocks=paragraphs(*texts)), "x", None, tags,
                           TODAY)
    assert len(result.summary) <= 251
    assert len(result.tags) <= 6
    assert all(note.split(":", 1)[0].isidentifier() for note in result.notes)
