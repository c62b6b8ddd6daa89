from __future__ import annotations

import re
import unicodedata

from hypothesis import given, strategies as st

from diplomacy_archive.vietnamese import clean_text, collation_key, fold_key, nfc, slugify, strip_diacritics


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
    words = ["Đà Nẵng", "Dương", "Ân", "Ăn", "An", "ai", "Bình", "Cần Thơ", "Cao Bằng", "ơn", "ôm", "ong"]
    assert sorted(words, key=collation_key) == [
        "ai", "An", "Ăn", "Ân", "Bình", "Cao Bằng", "Cần Thơ", "Dương", "Đà Nẵng", "ong", "ôm", "ơn"]


def test_collation_tones_are_a_secondary_difference() -> None:
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(tones), key=collation_key) == tones
    assert sorted(["mạc", "mac", "mác"], key=collation_key) == ["mac", "mác", "mạc"]
    assert sorted(["mạ", "mac"], key=collation_key) == ["mạ", "mac"]
