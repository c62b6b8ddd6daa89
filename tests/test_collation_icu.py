"""collation_key and person_sort_key against ICU's Vietnamese collator (CLDR vi),
on generated names.

Needs PyICU. Without it the tests are skipped, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import random
import sys
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from conftest import missing_tool

from diplomacy_archive.text.vietnamese import collation_key, person_sort_key

SEED = 20240607
NAME_COUNT = 3000

FAMILY = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lâm", "Quách", "Thái", "Hà", "Khúc", "Ưng",
    "Ông", "Âu", "Mạc", "Tạ", "Triệu", "Kiều", "Lương", "Chu", "Doãn", "Đàm", "Ấu", "Ân",
)
MIDDLE = (
    "Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quốc", "Xuân", "Thu", "Kim", "Hoài",
    "Bảo", "Gia", "Như", "Diệu", "Tường", "Công", "Đình", "Thế", "Mỹ", "Phương", "Ánh", "Ân",
)
GIVEN = (
    "An", "Anh", "Ánh", "Ân", "Ấn", "Ẩn", "Ăn", "Bình", "Cường", "Dũng", "Đạt", "Điệp", "Giang",
    "Hà", "Hải", "Hạnh", "Hòa", "Hoà", "Hóa", "Hoá", "Hùng", "Hưng", "Khánh", "Khoa", "Khỏe",
    "Khoẻ", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngà", "Ngọc", "Nhung", "Oanh", "Phúc",
    "Phương", "Quân", "Quyên", "Sơn", "Tâm", "Thảo", "Thủy", "Thuỷ", "Trang", "Trí", "Tú", "Tuấn",
    "Tùng", "Uyên", "Ước", "Vy", "Xuân", "Yến", "Ý", "Ơn", "Ưu", "Đào", "Dao", "Đông", "Dong",
)
PLACES_AND_TAGS = (
    "Bà Rịa-Vũng Tàu", "Đắk Lắk", "Thừa Thiên-Huế", "APEC 2017", "COVID-19", "Lào (Laos)",
    "VUFO", "Hữu nghị Việt-Lào", "tọa đàm", "Tọa đàm", "Khánh Hòa", "Khánh Hoà", "Hòa Bình",
    "Benoît", "Müller", "François", "José", "Søren", "Łukasz", "Zoë", "Ngô Bảo Châu",
)
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
ONSETS = (
    "", "b", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "ng", "nh", "qu", "t", "th", "tr",
)
CODAS = ("", "c", "ch", "m", "n", "ng", "nh", "p", "t")
# Quality-mark families: syllables that differ only in the letter's quality mark.
QUALITY_FAMILIES = (("a", "ă", "â"), ("e", "ê"), ("o", "ô", "ơ"), ("u", "ư"), ("d", "đ"))


def vietnamese_collator() -> Any:
    """ICU's Vietnamese collator; skip without PyICU, but fail in CI."""
    try:
        import icu
    except ImportError:
        missing_tool("PyICU (module 'icu') is not installed, so collation cannot be checked "
                     "against ICU", f"{sys.executable} -c 'import icu'",
                     "apt-get install libicu-dev pkg-config && pip install PyICU")
    return icu.Collator.createInstance(icu.Locale("vi"))


def with_tone(letters: str, tone: str) -> str:
    """NFC letters with a tone mark on the first vowel (unchanged if there is none)."""
    for index, letter in enumerate(letters):
        if unicodedata.normalize("NFD", letter)[0] in "aeiouy":
            return unicodedata.normalize("NFC", letters[:index + 1] + tone + letters[index + 1:])
    return letters


def random_case(rng: random.Random, text: str) -> str:
    """The text as written, lower, upper, title case, or with random letters upper-cased."""
    style = rng.randrange(5)
    if style == 4:
        return "".join(ch.upper() if rng.random() < 0.3 else ch for ch in text)
    return (text, text.lower(), text.upper(), text.title())[style]


def random_syllable(rng: random.Random) -> str:
    """An onset, a vowel with any tone and a coda."""
    vowel = with_tone(rng.choice(VOWELS), rng.choice(TONES))
    return rng.choice(ONSETS) + vowel + rng.choice(CODAS)


def random_full_name(rng: random.Random) -> str:
    """Family name, up to two middle names and a given name."""
    middles = [rng.choice(MIDDLE) for _ in range(rng.randint(0, 2))]
    return " ".join([rng.choice(FAMILY), *middles, rng.choice(GIVEN)])


def tone_and_quality_variants() -> list[str]:
    """Single syllables differing only in tone, and ones differing only in a quality mark."""
    words = []
    for skeleton in ("ma", "an", "ang", "hoa", "thuy", "tuyên", "ương", "ngươi", "đa", "da"):
        words += [with_tone(skeleton, tone) for tone in TONES]
    for family in QUALITY_FAMILIES:
        for letter in family:
            for tone in ("", "\u0301", "\u0323"):
                toned = with_tone(letter, tone)
                words += [toned + "n", "t" + toned, toned]
    return words


def generated_names(seed: int = SEED, count: int = NAME_COUNT) -> list[str]:
    """At least ``count`` distinct names, places, tags and syllables, reproducible from the seed."""
    rng = random.Random(seed)
    names = dict.fromkeys(tone_and_quality_variants())
    for word in tone_and_quality_variants():
        names[word.upper()] = names[word.capitalize()] = None
    names.update(dict.fromkeys(PLACES_AND_TAGS))
    while len(names) < count:
        kind = rng.random()
        if kind < 0.6:
            name = random_full_name(rng)
        elif kind < 0.8:
            name = random_syllable(rng)
        else:
            name = " ".join(random_syllable(rng) for _ in range(rng.randint(2, 3)))
        names[random_case(rng, name)] = None
    shuffled = list(names)
    rng.shuffle(shuffled)
    return shuffled


def first_disagreement(ours: list[str], icu_order: list[str]) -> str:
    """A message naming the first position where the two orders differ."""
    for index, (mine, theirs) in enumerate(zip(ours, icu_order, strict=False)):
        if mine != theirs:
            return (f"first disagreement at position {index}: collation order has {mine!r}, "
                    f"ICU has {theirs!r} (collation context {ours[max(0, index - 2):index + 3]!r}, "
                    f"ICU context {icu_order[max(0, index - 2):index + 3]!r})")
    return "the orders have different lengths"


def assert_same_order(names: Iterable[str], ours: Callable[[str], object],
                      theirs: Callable[[str], object]) -> None:
    """Sorting by our key and by ICU's key give the same list."""
    names = list(names)
    mine, icu_order = sorted(names, key=ours), sorted(names, key=theirs)  # type: ignore[arg-type]
    assert mine == icu_order, first_disagreement(mine, icu_order)


def name_parts(name: str) -> tuple[str, str, str]:
    """Given name, middle names and family name of a name written family name first."""
    words = name.split()
    if len(words) == 1:
        return words[0], "", ""
    return words[-1], " ".join(words[1:-1]), words[0]


def test_generated_names_are_many_and_reproducible() -> None:
    names = generated_names()
    assert len(names) >= NAME_COUNT
    assert len(set(names)) == len(names)
    assert names == generated_names()


def test_collation_key_orders_generated_names_like_icu() -> None:
    collator = vietnamese_collator()
    assert_same_order(generated_names(), collation_key, collator.getSortKey)


def test_collation_key_orders_tones_and_quality_marks_like_icu() -> None:
    collator = vietnamese_collator()
    words = tone_and_quality_variants()
    words += [word.upper() for word in words] + [word.capitalize() for word in words]
    assert_same_order(dict.fromkeys(words), collation_key, collator.getSortKey)


def test_person_sort_key_example_agrees_with_icu() -> None:
    collator = vietnamese_collator()
    names = [
        "Đỗ Văn Đạt", "Trần Văn Dũng", "Vũ Thị Ân", "Phạm Ngọc Ánh", "Lê Thị Anh", "Hoàng Văn An",
    ]
    expected = [
        "Hoàng Văn An", "Lê Thị Anh", "Phạm Ngọc Ánh", "Vũ Thị Ân", "Trần Văn Dũng", "Đỗ Văn Đạt",
    ]
    assert sorted(names, key=person_sort_key) == expected
    assert (sorted(names, key=lambda n: tuple(collator.getSortKey(p) for p in name_parts(n)))
            == expected)


def test_person_sort_key_orders_generated_names_like_icu() -> None:
    collator = vietnamese_collator()
    rng = random.Random(SEED + 1)
    names = dict.fromkeys(random_case(rng, random_full_name(rng)) for _ in range(NAME_COUNT))
    names.update(dict.fromkeys(["Marie", "An", "Ân", "Hoàng An"]))
    assert_same_order(names, person_sort_key,
                      lambda n: tuple(collator.getSortKey(part) for part in name_parts(n)))
    assert_same_order(names, lambda n: person_sort_key(n, order="family"), collator.getSortKey)
