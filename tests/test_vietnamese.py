from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diplomacy_archive.text.vietnamese import (
    clean_text,
    collation_key,
    fold_key,
    initial_letter,
    is_vietnamese_syllable,
    name_key,
    nfc,
    normalise_tones,
    person_sort_key,
    slugify,
    strip_diacritics,
)


def test_slugify_transliterates_vietnamese() -> None:
    assert slugify("Đồng Nai") == "dong-nai"
    assert slugify("Hòa") == "hoa"
    assert slugify("Đối ngoại nhân dân") == "doi-ngoai-nhan-dan"
    assert slugify("Khánh Hòa tọa đàm: 70 năm!") == "khanh-hoa-toa-dam-70-nam"
    assert slugify("Chỉ thị 04-CT/TW") == "chi-thi-04-ct-tw"
    assert slugify("ưu tiên Ứng phó ỷ lại") == "uu-tien-ung-pho-y-lai"


def test_slugify_decomposed_input_gives_same_slug() -> None:
    decomposed = unicodedata.normalize("NFD", "Đồng Nai Khánh Hòa")
    assert slugify(decomposed) == "dong-nai-khanh-hoa"


def test_slugify_limits_length_at_a_word() -> None:
    slug = slugify("đối ngoại " * 30, max_length=30)
    assert slug == "doi-ngoai-doi-ngoai-doi-ngoai"
    assert len(slug) <= 30


def test_slugify_of_non_latin_text_is_empty() -> None:
    assert slugify("中文 标题") == ""


@given(st.text())
def test_slug_is_always_url_safe(text: str) -> None:
    slug = slugify(text)
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slug)
    assert "/" not in slug and ".." not in slug
    assert slugify(slug) == slug


def test_nfc_composes_decomposed_marks() -> None:
    decomposed = "Vie\u0302\u0323t Nam"
    assert nfc(decomposed) == "Việt Nam"
    assert len(nfc(decomposed)) == len("Việt Nam")


def test_clean_text_collapses_whitespace() -> None:
    assert clean_text("  Hà \t Nội\n ") == "Hà Nội"


def test_fold_key_ignores_case_and_spacing() -> None:
    assert fold_key("VUFO") == fold_key(" vufo ")
    assert fold_key("Tọa  Đàm") == fold_key("tọa đàm")
    assert fold_key("tọa đàm") != fold_key("toa dam")


def test_strip_diacritics_folds_d_with_stroke() -> None:
    assert strip_diacritics("Đối ngoại nhân dân") == "Doi ngoai nhan dan"


def test_collation_orders_vietnamese_letters() -> None:
    words = ["Đà Nẵng", "Dương", "Ân", "Ăn", "An", "ai", "Bình", "Cần Thơ", "Cao Bằng",
             "ơn", "ôm", "ong"]
    assert sorted(words, key=collation_key) == [
        "ai", "An", "Ăn", "Ân", "Bình", "Cao Bằng", "Cần Thơ", "Dương", "Đà Nẵng",
        "ong", "ôm", "ơn"]


def test_collation_tones_are_a_secondary_difference() -> None:
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(tones), key=collation_key) == tones
    assert sorted(["mạc", "mac", "mác"], key=collation_key) == ["mac", "mác", "mạc"]
    assert sorted(["mạ", "mac"], key=collation_key) == ["mạ", "mac"]


TONE_MARKS = "\u0300\u0309\u0303\u0301\u0323"  # grave, hook above, tilde, acute, dot below
ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
          "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x")
NUCLEI = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu",
          "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua", "uâ", "uê",
          "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "oai", "oay", "oeo", "uây", "uôi",
          "uya", "uyê", "uyu", "ươi", "ươu", "yêu", "iêu")
CODAS = ("", "c", "ch", "m", "n", "ng", "nh", "p", "t")
OLD_AND_NEW = [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Khánh Hoà", "Khánh Hòa"),
               ("hoá", "hóa"), ("tuỳ", "tùy"), ("HOÀ", "HÒA"), ("Thuỵ Điển", "Thụy Điển"),
               ("uỷ ban", "ủy ban"), ("loà xoà", "lòa xòa"), ("Hoà Bình", "Hòa Bình")]


def without_tones(text: str) -> str:
    """NFC text with the five tone marks removed (quality marks and đ kept)."""
    decomposed = unicodedata.normalize("NFD", text)
    return nfc("".join(ch for ch in decomposed if ch not in TONE_MARKS))


def tone_count(text: str) -> dict[str, int]:
    """How many of each tone mark the text has."""
    decomposed = unicodedata.normalize("NFD", text)
    return {mark: decomposed.count(mark) for mark in TONE_MARKS}


def vowel_positions(syllable: str) -> list[int]:
    """Indexes of the vowel letters of a toneless syllable."""
    return [i for i, ch in enumerate(syllable)
            if unicodedata.normalize("NFD", ch)[0].lower() in "aeiouy"]


def put_tone(syllable: str, index: int, tone: str) -> str:
    """The syllable with the tone mark on its letter at ``index``."""
    return syllable[:index] + nfc(syllable[index] + tone) + syllable[index + 1:]


@st.composite
def toneless_syllables(draw: st.DrawFn) -> str:
    """A Vietnamese-shaped syllable without tone, in random case letter by letter."""
    word = (draw(st.sampled_from(ONSETS)) + draw(st.sampled_from(NUCLEI))
            + draw(st.sampled_from(CODAS)))
    upper = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(ch.upper() if up else ch for ch, up in zip(word, upper, strict=True))


@st.composite
def toned_syllables(draw: st.DrawFn) -> tuple[str, str, str]:
    """One syllable with the same tone placed on two (possibly equal) of its vowels."""
    syllable = draw(toneless_syllables())
    tone = draw(st.sampled_from(TONE_MARKS))
    first = draw(st.sampled_from(vowel_positions(syllable)))
    second = draw(st.sampled_from(vowel_positions(syllable)))
    return syllable, put_tone(syllable, first, tone), put_tone(syllable, second, tone)


@st.composite
def vietnamese_texts(draw: st.DrawFn) -> str:
    """Syllables with tones on random vowels, mixed with separators and arbitrary text."""
    pieces = draw(st.lists(st.one_of(toned_syllables().map(lambda t: t[1]), toneless_syllables(),
                                     st.sampled_from([" ", "  ", "-", ", ", "\n", "(", ")", "1"]),
                                     st.text(max_size=3)), max_size=12))
    return "".join(pieces)


@pytest.mark.parametrize(("old", "new"), OLD_AND_NEW)
def test_normalise_tones_meets_old_and_new_spellings(old: str, new: str) -> None:
    assert normalise_tones(old) == new
    assert normalise_tones(new) == new


def test_normalise_tones_follows_the_standard_rules() -> None:
    words = ("người được hoàng toán quyết ngoài khuya chuyện quốc quả già giữa gìn gì quý Huỳnh "
             "rượu khuỷu xoáy ngoẹo Đắk Lắk giường mùa mía thuở tuần khuấy huế oải")
    assert normalise_tones(words) == words
    misplaced = ("ngừơi đựơc hòang tóan qúyêt ngòai chúyên qúôc qủa gìa gịưa qúy Hùynh "
                 "rựơu khủyu xóay ngọeo giừơng múa thủơ tùân khúây húê óai")
    assert normalise_tones(misplaced) == (
        "người được hoàng toán quyết ngoài chuyến quốc quả già giựa quý Huỳnh "
        "rượu khuỷu xoáy ngoẹo giường múa thuở tuần khuấy huế oái")


def test_normalise_tones_keeps_case_letter_by_letter() -> None:
    assert normalise_tones("HOÀ") == "HÒA"
    assert normalise_tones("hOà") == "hÒa"
    assert normalise_tones("NGỪƠI") == "NGƯỜI"
    assert normalise_tones("ThuỶ") == "ThủY"


def test_normalise_tones_leaves_other_words_alone() -> None:
    text = "Marie Damour, café Pokémon José Hué Dié Zoë 70 năm: Hoa, hoa, VUFO! 中文 x\u0301a"
    assert normalise_tones(text) == nfc(text)
    assert normalise_tones("") == ""


def test_normalise_tones_composes_decomposed_input() -> None:
    assert normalise_tones(unicodedata.normalize("NFD", "Khánh Hoà")) == "Khánh Hòa"


@given(st.one_of(st.text(), vietnamese_texts()))
def test_normalise_tones_is_idempotent_nfc_and_keeps_length(text: str) -> None:
    once = normalise_tones(text)
    assert normalise_tones(once) == once
    assert once == nfc(once)
    assert len(once) == len(nfc(text))


@given(st.one_of(st.text(), vietnamese_texts()))
def test_normalise_tones_only_moves_tone_marks(text: str) -> None:
    once = normalise_tones(text)
    assert without_tones(once) == without_tones(text)
    assert tone_count(once) == tone_count(text)


@given(toned_syllables())
def test_tone_placements_of_a_syllable_meet(toned: tuple[str, str, str]) -> None:
    syllable, first, second = toned
    assert normalise_tones(first) == normalise_tones(second)
    assert without_tones(normalise_tones(first)) == syllable


@given(st.lists(toned_syllables(), min_size=1, max_size=4), st.data())
def test_name_key_ignores_case_spacing_and_tone_placement(syllables: list[tuple[str, str, str]],
                                                          data: st.DataObject) -> None:
    name = " ".join(first for _, first, _ in syllables)
    spaces = [data.draw(st.sampled_from([" ", "  ", "\t", " \n "])) for _ in syllables]
    variant = "".join(space + second.swapcase()
                      for space, (_, _, second) in zip(spaces, syllables, strict=True)) + " "
    assert name_key(name) == name_key(variant)
    assert name_key(name) == name_key(name_key(name))


def test_name_key() -> None:
    assert name_key("Khánh Hoà") == name_key("khánh  hòa") == "khánh hòa"
    assert name_key("Hòa") != name_key("Hoa")
    assert name_key("THUỶ") == name_key("Thủy")
    assert name_key("Hồ Chí Minh") != name_key("Hồ Chi Minh")


def test_person_sort_key_sorts_by_given_name_first() -> None:
    names = ["Đỗ Văn Đạt", "Trần Văn Dũng", "Vũ Thị Ân", "Phạm Ngọc Ánh", "Lê Thị Anh",
             "Hoàng Văn An"]
    assert sorted(names, key=person_sort_key) == [
        "Hoàng Văn An", "Lê Thị Anh", "Phạm Ngọc Ánh", "Vũ Thị Ân", "Trần Văn Dũng", "Đỗ Văn Đạt"]
    assert sorted(names, key=lambda n: person_sort_key(n, order="family")) == [
        "Đỗ Văn Đạt", "Hoàng Văn An", "Lê Thị Anh", "Phạm Ngọc Ánh", "Trần Văn Dũng", "Vũ Thị Ân"]


def test_person_sort_key_then_middle_then_family_name() -> None:
    names = ["Trần Văn An", "Lê Văn An", "Lê Thị An", "An", "Nguyễn An", "Lê  Thị  Anh"]
    assert sorted(names, key=person_sort_key) == [
        "An", "Nguyễn An", "Lê Thị An", "Lê Văn An", "Trần Văn An", "Lê  Thị  Anh"]


def test_person_sort_key_rejects_an_unknown_order() -> None:
    with pytest.raises(ValueError):
        person_sort_key("Lê Thị Anh", order="middle")


def test_initial_letter() -> None:
    words = ("Ánh", "Ân", "Đạt", "Ước", "ước", "anh", "Ỷ", "Ơn")
    assert [initial_letter(word) for word in words] == ["A", "Â", "Đ", "Ư", "Ư", "A", "Y", "Ơ"]
    assert initial_letter("Lê Thị Ánh") == "A"
    assert initial_letter("Lê Thị Ánh", order="family") == "L"
    assert initial_letter("Đỗ Văn Ẩn", order="family") == "Đ"
    assert initial_letter(unicodedata.normalize("NFD", "Ấn")) == "Â"
    assert initial_letter("") == initial_letter("70") == "#"


@pytest.mark.parametrize(("word", "vietnamese"), [
    ("Nguyễn", True), ("Khánh", True), ("Huỳnh", True), ("Đắk", True), ("Kim", True),
    ("Quảng", True), ("NGUYỄN", True), ("Carlos", False), ("Sato", False), ("Petrova", False),
    ("jun", False), ("Lee", False), ("Hernández", False), ("Smith", False), ("Nguyễnn", False),
    ("Ngúyễn", False), ("", False), ("A1", False),
])
def test_a_word_is_told_vietnamese_by_its_syllable_shape(word: str, vietnamese: bool) -> None:
    assert is_vietnamese_syllable(word) is vietnamese
