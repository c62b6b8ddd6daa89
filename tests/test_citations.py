from __future__ import annotations

import datetime
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diplomacy_archive.text.citations import (
    TYPE_ABBREVIATIONS,
    Citation,
    code_key,
    find_citations,
    parse_citation,
)
from diplomacy_archive.text.vietnamese import nfc


def parsed(text: str) -> Citation:
    citation = parse_citation(text)
    assert citation is not None, text
    return citation


@pytest.mark.parametrize(("text", "code", "display"), [
    ("Chỉ thị 04-CT/TW", "04-CT/TW", "Chỉ thị 04-CT/TW"),
    ("Chỉ thị 04/CT-TW", "04-CT/TW", "Chỉ thị 04-CT/TW"),
    ("Chỉ thị số 38-CT/TW", "38-CT/TW", "Chỉ thị 38-CT/TW"),
    ("Quyết định số 238-QĐ/TW", "238-QĐ/TW", "Quyết định 238-QĐ/TW"),
    ("Công văn 297-CV/BĐNTW", "297-CV/BĐNTW", "Công văn 297-CV/BĐNTW"),
    ("Công văn 8485-CV/TU", "8485-CV/TU", "Công văn 8485-CV/TU"),
    ("Kế hoạch số 3935/KH-UBND", "3935/KH-UBND", "Kế hoạch 3935/KH-UBND"),
    ("Nghị quyết 22-NQ/TW", "22-NQ/TW", "Nghị quyết 22-NQ/TW"),
    ("Kết luận 57-KL/TW", "57-KL/TW", "Kết luận 57-KL/TW"),
    ("Nghị định 25/2018/NĐ-CP", "25/2018/NĐ-CP", "Nghị định 25/2018/NĐ-CP"),
    ("Luật số 06/2022/QH15", "06/2022/QH15", "Luật 06/2022/QH15"),
    ("Quy định số 08-QĐi/TW", "08-QĐi/TW", "Quy định 08-QĐi/TW"),
    ("Quyết định 1234/QD-TTG", "1234/QĐ-TTg", "Quyết định 1234/QĐ-TTg"),
    ("Công văn số 123/UBND-VX", "123/UBND-VX", "Công văn 123/UBND-VX"),
    ("chỉ thị 04 - CT/TW", "04-CT/TW", "Chỉ thị 04-CT/TW"),
    ("CHỈ THỊ 04-CT/TW", "04-CT/TW", "Chỉ thị 04-CT/TW"),
    ("Chỉ thị 4-CT/TƯ", "04-CT/TW", "Chỉ thị 04-CT/TW"),
    ("04-CT/TW", "04-CT/TW", "Chỉ thị 04-CT/TW"),
    ("04/CT-TW", "04-CT/TW", "Chỉ thị 04-CT/TW"),
    ("25/2018/NĐ-CP", "25/2018/NĐ-CP", "Nghị định 25/2018/NĐ-CP"),
    ("06/2022/QH15", "06/2022/QH15", "06/2022/QH15"),
    ("12-XY/TW", "12-XY/TW", "12-XY/TW"),
])
def test_accepted_forms_have_canonical_code_and_display(text: str, code: str, display: str) -> None:
    citation = parsed(text)
    assert citation.canonical_code() == code
    assert citation.display() == display
    assert not citation.is_short
    assert parsed(citation.display()).key == citation.key


def test_fields_of_a_party_and_a_state_citation() -> None:
    assert parsed("Chỉ thị số 04 - CT/TW") == Citation(
        text="Chỉ thị số 04 - CT/TW", type="Chỉ thị", number=4, year=None, abbr="CT", issuer="TW",
        date=None)
    assert parsed("Nghị định 25/2018/NĐ-CP") == Citation(
        text="Nghị định 25/2018/NĐ-CP", type="Nghị định", number=25, year=2018, abbr="NĐ",
        issuer="CP", date=None)


def test_variants_of_one_code_share_a_key() -> None:
    variants = ["Chỉ thị 04-CT/TW", "Chỉ thị 04/CT-TW", "chỉ thị số 04 - CT/TW", "CHỈ THỊ 4-CT/TW",
                "04-CT/TW", "04 / CT - TW", "Chỉ thị số 04-ct/tw", "Chỉ thị 04–CT/TƯ"]
    keys = {parsed(text).key for text in variants}
    assert keys == {code_key("04-CT/TW")} == {code_key("04/CT-TW")} == {(4, None, "ct", "tw")}


def test_key_ignores_missing_stroke_but_not_different_codes() -> None:
    assert parsed("Quyết định 238-QD/TW").key == parsed("Quyết định 238-QĐ/TW").key
    assert parsed("Quyết định 238-QD/TW").abbr == "QĐ"
    assert parsed("Chỉ thị 04-CT/TW").key != parsed("Chỉ thị 04-CT/TU").key
    assert parsed("Quy định 08-QĐi/TW").key != parsed("Quyết định 08-QĐ/TW").key
    assert parsed("Chỉ thị 05/2020/CT-TTg").key != parsed("Chỉ thị 05/CT-TTg").key


def test_decomposed_input_is_normalised() -> None:
    citation = parsed(unicodedata.normalize("NFD", "Quyết định số 238-QĐ/TW"))
    assert citation.text == "Quyết định số 238-QĐ/TW"
    assert citation.type == "Quyết định" and citation.abbr == "QĐ"
    assert citation.key == parsed("Quyết định 238-QĐ/TW").key


def test_short_forms_with_and_without_dates() -> None:
    assert parsed("Chỉ thị 38") == Citation("Chỉ thị 38", "Chỉ thị", 38, None, "", "", None)
    dated = parsed("Chỉ thị 38 ngày 19/9/2019")
    assert dated.is_short and dated.date == datetime.date(2019, 9, 19)
    assert dated.canonical_code() == "" and dated.display() == "Chỉ thị 38"
    assert dated.key == parsed("Chỉ thị số 38").key == ("Chỉ thị", 38, None)
    assert parsed("Chỉ thị 38 ngày 19 tháng 9 năm 2019").date == datetime.date(2019, 9, 19)


def test_the_issuer_tail_is_ignored() -> None:
    citation = parsed("Chỉ thị số 32 ngày 18/02/2019 của Bộ Chính trị")
    assert citation.text == "Chỉ thị số 32 ngày 18/02/2019"
    assert citation.number == 32 and citation.date == datetime.date(2019, 2, 18)
    full = parsed("Chỉ thị số 38-CT/TW ngày 19/9/2019 của Ban Bí thư về đối ngoại nhân dân.")
    assert full.canonical_code() == "38-CT/TW" and full.date == datetime.date(2019, 9, 19)


def test_a_short_form_never_equals_a_full_code() -> None:
    assert parsed("Chỉ thị 38").key != parsed("Chỉ thị 38-CT/TW").key


def test_impossible_date_is_dropped_not_the_citation() -> None:
    citation = parsed("Chỉ thị 38-CT/TW ngày 31/2/2019")
    assert citation.date is None and citation.canonical_code() == "38-CT/TW"


@pytest.mark.parametrize("text", [
    "", "   ", "Hà Nội", "Chỉ thị", "năm 2020", "Tọa đàm 70 năm", "70 năm", "44 điểm cầu",
    "19/9/2019",
    "Chỉ thị 38 abc", "Kế hoạch 2021", "100/km", "24/7", "38", "Chỉ thị số",
])
def test_non_citations_give_none(text: str) -> None:
    assert parse_citation(text) is None


def test_code_key_of_non_codes_is_none() -> None:
    assert code_key("Hà Nội") is None
    assert code_key("19/9/2019") is None
    assert code_key("123/UBND-VX") == parsed("Công văn 123/UBND-VX").key


def test_type_is_inferred_from_the_abbreviation() -> None:
    assert parsed("57-KL/TW").type == "Kết luận"
    assert parsed("3935/KH-UBND").type == "Kế hoạch"
    assert parsed("06/2022/QH15").type == ""
    assert TYPE_ABBREVIATIONS["Chỉ thị"] == "CT" and TYPE_ABBREVIATIONS["Luật"] == ""
    with pytest.raises(TypeError):
        TYPE_ABBREVIATIONS["Chỉ thị"] = "X"  # type: ignore[index]


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[start:end], citation.display()) for start, end, citation in find_citations(text)]


def test_find_citations_in_a_sentence() -> None:
    text = ("Thực hiện Chỉ thị số 38-CT/TW ngày 19/9/2019 của Ban Bí thư và Kế hoạch 3935/KH-UBND, "
            "tỉnh đã tổ chức Tọa đàm 70 năm với 44 điểm cầu trong năm 2020.")
    assert spans(text) == [
        ("Chỉ thị số 38-CT/TW ngày 19/9/2019", "Chỉ thị 38-CT/TW"),
        ("Kế hoạch 3935/KH-UBND", "Kế hoạch 3935/KH-UBND"),
    ]
    first = find_citations(text)[0][2]
    assert first.date == datetime.date(2019, 9, 19)


def test_find_citations_short_and_bare_forms() -> None:
    text = ("Quán triệt Chỉ thị 04-CT/TW và Công văn 297-CV/BĐNTW, Liên hiệp đã triển khai "
            "Chỉ thị 38 ngày 19 tháng 9 năm 2019; Kết luận 57-KL/TW (thay 04/CT-TW) được nhắc lại.")
    assert spans(text) == [
        ("Chỉ thị 04-CT/TW", "Chỉ thị 04-CT/TW"),
        ("Công văn 297-CV/BĐNTW", "Công văn 297-CV/BĐNTW"),
        ("Chỉ thị 38 ngày 19 tháng 9 năm 2019", "Chỉ thị 38"),
        ("Kết luận 57-KL/TW", "Kết luận 57-KL/TW"),
        ("04/CT-TW", "Chỉ thị 04-CT/TW"),
    ]


def test_find_citations_skips_counts_years_and_verbs() -> None:
    text = ("Kế hoạch 5 năm giai đoạn 2021-2025 có 12 đoàn, 44 điểm cầu, tăng 15% so với năm 2020; "
            "Thủ tướng chỉ thị 5 nhiệm vụ, Kế hoạch 2021 và 1.500 người tham dự ngày 19/9/2019.")
    assert find_citations(text) == []


def test_find_citations_law_and_decree() -> None:
    text = "Theo Luật số 06/2022/QH15 và Nghị định 25/2018/NĐ-CP, cùng Công văn 123/UBND-VX."
    assert spans(text) == [
        ("Luật số 06/2022/QH15", "Luật 06/2022/QH15"),
        ("Nghị định 25/2018/NĐ-CP", "Nghị định 25/2018/NĐ-CP"),
        ("Công văn 123/UBND-VX", "Công văn 123/UBND-VX"),
    ]


PARTY_ISSUERS = ["TW", "BĐNTW", "VPTW", "TU", "HU", "QU", "ĐU", "TPU", "BCSĐ"]
STATE_ISSUERS = ["UBND", "CP", "TTg", "BNG", "HĐND", "VPCP", "LHHN"]
issuers = (st.sampled_from(PARTY_ISSUERS + STATE_ISSUERS)
           | st.from_regex(r"[A-Z][A-Z0-9]{1,6}", fullmatch=True))
abbreviations = st.sampled_from(sorted({abbr for abbr in TYPE_ABBREVIATIONS.values() if abbr}))
numbers = st.integers(min_value=1, max_value=99999)


def written_variants(number: int, abbr: str, issuer: str) -> list[str]:
    """The ways an editor writes one code, with and without its type word."""
    word = next(w for w, a in TYPE_ABBREVIATIONS.items() if a == abbr)
    codes = [f"{number}-{abbr}/{issuer}", f"{number:02d}/{abbr}-{issuer}",
             f"{number} - {abbr} / {issuer}",
             f"{number:03d}/{abbr} - {issuer}", f"{number}-{abbr.lower()}/{issuer.lower()}"]
    return [*codes, *(f"{word} {code}" for code in codes), f"{word.upper()} số {codes[0]}",
            f"{word.lower()} số {codes[1]} ngày 19/9/2019 của Ban Bí thư"]


@given(numbers, abbreviations, issuers)
def test_every_written_variant_has_one_key(number: int, abbr: str, issuer: str) -> None:
    citations = [parsed(text) for text in written_variants(number, abbr, issuer)]
    assert len({c.key for c in citations}) == 1
    assert len({c.canonical_code() for c in citations}) == 1
    assert code_key(citations[0].canonical_code()) == citations[0].key
    for citation in citations:
        assert parsed(citation.display()).key == citation.key
        assert parsed(citation.canonical_code()).key == citation.key


@given(numbers, st.integers(min_value=1945, max_value=2099), abbreviations, issuers)
def test_state_codes_with_a_year_round_trip(number: int, year: int, abbr: str, issuer: str) -> None:
    citation = parsed(f"{number}/{year}/{abbr}-{issuer}")
    assert (citation.number, citation.year) == (number, year)
    assert citation.issuer.upper() == issuer.upper()
    assert citation.canonical_code() == f"{number:02d}/{year}/{citation.abbr}-{citation.issuer}"
    assert parsed(citation.display()).key == citation.key
    assert parse_citation(f"Văn bản {number} / {year} / {abbr} - {issuer}") is None


@given(st.sampled_from(sorted(TYPE_ABBREVIATIONS)), st.integers(min_value=1, max_value=1899))
def test_short_forms_round_trip(word: str, number: int) -> None:
    citation = parsed(f"{word} số {number}")
    assert citation.is_short and citation.key == (word, number, None)
    assert parsed(citation.display()).key == citation.key


@given(st.text())
def test_parse_citation_never_raises(text: str) -> None:
    citation = parse_citation(text)
    if citation is not None:
        assert parsed(citation.display()).key == citation.key


fragments = st.sampled_from([
    "Chỉ thị ", "chỉ thị ", "số ", "38", "04", "-", "/", " - ", "CT", "TW", "KH", "UBND", "NĐ",
    "CP", "2018", " ngày ", "19/9/2019", " năm ", "70", "của ", "Hà Nội", ", ", ". ", " ",
    "Kế hoạch ", "tháng",
    "Đ", "ư", "Ư", "\u0301", "44 điểm cầu", "(", ")", "%",
])


@given(st.lists(fragments, max_size=25).map("".join) | st.text())
def test_found_spans_are_ordered_and_parse_alone(text: str) -> None:
    found = find_citations(text)
    normalised = nfc(text)
    previous_end = 0
    for start, end, citation in found:
        assert previous_end <= start < end <= len(normalised)
        previous_end = end
        alone = parse_citation(normalised[start:end])
        assert alone is not None and alone.key == citation.key
