"""Pure functions for Vietnamese text: normalisation, slugs, collation and date words."""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")

# Marks that make a letter of its own in the Vietnamese alphabet (ă â ê ô ơ ư), by base letter.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
# Tone marks in collation order: none, grave, hook above, tilde, acute, dot below.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]
_LETTER_WEIGHT = {letter: 200 + index for index, letter in enumerate(_ALPHABET)}

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def nfc(text: str) -> str:
    """Unicode NFC: one code point per accented letter, as Vietnamese keyboards should type."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """NFC with runs of whitespace collapsed to one space and the ends trimmed."""
    return _WHITESPACE.sub(" ", nfc(text)).strip()


def fold_key(text: str) -> str:
    """A key under which spellings differing only in case and spacing are the same."""
    return clean_text(text).casefold()


def strip_diacritics(text: str) -> str:
    """ASCII-folded text: ``Đối ngoại`` -> ``Doi ngoai``. Non-Latin letters are kept as they are."""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str, max_length: int = 80) -> str:
    """A URL segment of ``a-z``, ``0-9`` and ``-``: ``Đối ngoại nhân dân`` -> ``doi-ngoai-nhan-dan``.

    Letters outside the Latin alphabet are dropped, so the result may be empty.
    """
    slug = _NON_SLUG.sub("-", strip_diacritics(text).lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-")


def _collation_parts(char: str) -> tuple[int, int, int]:
    """Primary (letter), secondary (tone) and tertiary (case) weight of one NFC character."""
    lower = char.lower()
    tertiary = 0 if char == lower else 1
    if lower == "đ":
        return _LETTER_WEIGHT["đ"], 0, tertiary
    decomposed = unicodedata.normalize("NFD", lower)
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in (_BREVE, _CIRCUMFLEX, _HORN):
            base = unicodedata.normalize("NFC", base + mark)
    if base in _LETTER_WEIGHT:
        return _LETTER_WEIGHT[base], tone, tertiary
    if base.isdigit() and base.isascii():
        return 100 + int(base), 0, 0
    if base.isspace() or not base.isalnum():
        return ord(base) % 100, 0, 0
    return 1000 + ord(base), tone, tertiary


def collation_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Sort key in Vietnamese alphabetical order (a < ă < â, d < đ; tones second, case third)."""
    parts = [_collation_parts(ch) for ch in clean_text(text)]
    return (
        tuple(p[0] for p in parts),
        tuple(p[1] for p in parts),
        tuple(p[2] for p in parts),
    )
