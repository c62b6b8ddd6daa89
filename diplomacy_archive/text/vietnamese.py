"""Pure functions for Vietnamese text: normalisation, slugs, collation and date words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain, groupby

from diplomacy_archive.i18n import _

_WHITESPACE = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"\w+")

# Marks that make a letter of its own in the Vietnamese alphabet (ă â ê ô ơ ư), by base letter.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
# Tone marks in collation order (CLDR vi): none, grave, hook above, tilde, acute, dot below.
_TONES = "\u0300\u0309\u0303\u0301\u0323"
# Secondary order of the tones and of the accents of European names, as ICU's Vietnamese collator
# has them; other combining marks sort after these, by code point.
_ACCENTS = ("\u0332\u0313\u0314" + _TONES + "\u0306\u0302\u030c\u030a\u0342\u0308\u0344"
            "\u030b\u0307\u0338\u0327\u0328\u0304\u0335")
# Letters that collate as a base letter with an overlay mark.
_OVERLAID = (("ł", "l\u0335"), ("ħ", "h\u0335"), ("ø", "o\u0338"))
# Space, punctuation and symbols in ICU's root order; all of them sort before digits and letters.
_SYMBOLS = " _-–—,;:!¡?¿.…·'‘’‚‹›\"“”„«»()[]{}§¶@*/\\&#%†‡•′″`^°©®+÷×<=>|~$£¥€"
_UNLISTED_SYMBOL, _DIGIT, _OTHER_LETTER = 1_000, 2_000_000, 4_000_000
_ALPHABET = (
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
)
_LETTER_WEIGHT = {letter: 3_000_000 + index for index, letter in enumerate(_ALPHABET)}

# Tone placement: the vowels (tone removed), those with a quality mark, the marks each base takes.
_VOWELS = frozenset("aeiouyăâêôơư")
_QUALITY_VOWELS = frozenset("ăâêôơư")
_QUALITY_MARKS = (("a", _BREVE + _CIRCUMFLEX), ("e", _CIRCUMFLEX), ("o", _CIRCUMFLEX + _HORN),
                  ("u", _HORN))
# Initial consonants, longest first; ``gi`` and ``qu`` count only when a vowel follows.
_INITIALS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
             "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x")
# Vowel clusters of Vietnamese syllables, tone removed (``Hué`` or ``Dié`` are not Vietnamese).
_NUCLEI = frozenset({
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi",
    "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê",
    "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu",
})
# Final consonants (``k`` for highland names such as Đắk Lắk); empty for an open syllable.
_FINALS = frozenset({"", "c", "ch", "k", "m", "n", "ng", "nh", "p", "t"})

CollationKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def nfc(text: str) -> str:
    """Unicode NFC: one code point per accented letter, as Vietnamese keyboards should type."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """NFC with runs of whitespace collapsed to one space, control characters removed and the
    ends trimmed."""
    return _WHITESPACE.sub(" ", strip_controls(nfc(text))).strip()


# Control characters other than tab and line breaks: NUL, ESC (terminal escape sequences),
# DEL and the C1 range. Pasted from other programs, they are invisible in an editor, break XML
# feeds, and in a terminal can rewrite what is shown.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Terminal escape sequences go whole, not only their ESC: colours and cursor moves
# (ESC [ ... final letter) and window titles (ESC ] ... BEL or ESC \).
_ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")


def strip_controls(text: str) -> str:
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def first_control(text: str) -> int:
    """The index of the first control character in ``text``, or -1."""
    found = _CONTROL.search(text)
    return found.start() if found else -1


def fold_key(text: str) -> str:
    """A key under which spellings differing only in case and spacing are the same."""
    return clean_text(text).casefold()


def strip_diacritics(text: str) -> str:
    """ASCII-folded text: ``Đối ngoại`` -> ``Doi ngoai``. Non-Latin letters are kept as they are."""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str, max_length: int = 80) -> str:
    """A URL segment of ``a-z``, ``0-9`` and ``-``: ``Đối ngoại nhân dân`` ->
    ``doi-ngoai-nhan-dan``.

    Letters outside the Latin alphabet are dropped, so the result may be empty.
    """
    slug = _NON_SLUG.sub("-", strip_diacritics(text).lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-")


def _clusters(text: str) -> list[str]:
    """NFD text cut into base characters, each with the combining marks that follow it."""
    clusters: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if clusters and unicodedata.category(char).startswith("M"):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _accent_weight(mark: str) -> int:
    """Secondary weight of one combining mark (tones in Vietnamese order first)."""
    return 1 + _ACCENTS.index(mark) if mark in _ACCENTS else 10_000 + ord(mark)


def _cluster_weights(cluster: str) -> CollationKey:
    """Primary (letter), secondary (common then one per accent) and tertiary (case) weights."""
    base, marks = cluster[0], cluster[1:]
    if unicodedata.category(base).startswith("M"):
        return (), tuple(_accent_weight(mark) for mark in cluster), ()
    letter = base.lower() if len(base.lower()) == 1 else base
    tertiary = 0 if base == letter else 1
    overlaid = dict(_OVERLAID).get(letter)
    if overlaid:
        letter, marks = overlaid[0], overlaid[1:] + marks
    for index, mark in enumerate(marks):
        combined = nfc(letter + mark)
        unblocked = all(0 < unicodedata.combining(before) < unicodedata.combining(mark)
                        for before in marks[:index])
        if combined in _LETTER_WEIGHT and unblocked:
            letter, marks = combined, marks[:index] + marks[index + 1:]
            break
    if letter in _LETTER_WEIGHT:
        primary = _LETTER_WEIGHT[letter]
    elif unicodedata.decimal(letter, None) is not None:
        primary, tertiary = _DIGIT + unicodedata.decimal(letter), 0
    elif letter in _SYMBOLS:
        primary, tertiary = 1 + _SYMBOLS.index(letter), 0
    elif not letter.isalnum():
        primary, tertiary = _UNLISTED_SYMBOL + ord(letter), 0
    else:
        primary = _OTHER_LETTER + ord(letter)
    return (primary,), (0, *(_accent_weight(mark) for mark in marks)), (tertiary,)


@lru_cache(maxsize=1 << 16)
def collation_key(text: str) -> CollationKey:
    """Sort key in Vietnamese alphabetical order (a < ă < â, d < đ; tones second, case third).

    Follows ICU's Vietnamese collator (CLDR vi): the letters of the whole text are compared
    first, then the tones and accents, then the case (lower before upper); the space and
    punctuation sort before digits, and digits before letters.
    """
    weights = [_cluster_weights(cluster) for cluster in _clusters(clean_text(text))]
    return (
        tuple(chain.from_iterable(w[0] for w in weights)),
        tuple(chain.from_iterable(w[1] for w in weights)),
        tuple(chain.from_iterable(w[2] for w in weights)),
    )



@lru_cache(maxsize=4096)
def _split_tone(char: str) -> tuple[str, str] | None:
    """An NFC letter as (letter without tone, tone mark or ""); None if not a Vietnamese letter."""
    if char in ("đ", "Đ"):
        return char, ""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if not (base.isascii() and base.isalpha()):
        return None
    tones = [mark for mark in marks if mark in _TONES]
    quality = [mark for mark in marks if mark not in _TONES]
    allowed = dict(_QUALITY_MARKS).get(base.lower(), "")
    if len(tones) > 1 or len(quality) > 1 or (quality and quality[0] not in allowed):
        return None
    if tones and base.lower() not in "aeiouy":
        return None
    return nfc(base + "".join(quality)), "".join(tones)


def _initial_consonant(syllable: str) -> str:
    """The initial consonant of a lower-case toneless syllable ("" when it starts with a vowel)."""
    for consonant in _INITIALS:
        vowel_follows = syllable[len(consonant):len(consonant) + 1] in _VOWELS
        if syllable.startswith(consonant) and (consonant not in ("gi", "qu") or vowel_follows):
            return consonant
    return ""


def _tone_position(syllable: str) -> int | None:
    """Index of the tone-bearing vowel of a lower-case toneless syllable; None if not Vietnamese."""
    initial = _initial_consonant(syllable)
    rest = syllable[len(initial):]
    length = len(rest) - len(rest.lstrip("".join(_VOWELS)))
    nucleus, final = rest[:length], rest[length:]
    if nucleus not in _NUCLEI or final not in _FINALS:
        return None
    marked = [index for index, vowel in enumerate(nucleus) if vowel in _QUALITY_VOWELS]
    if marked:
        index = marked[-1]  # ư ơ in ươ: the tone goes on ơ (người, được)
    elif len(nucleus) == 1:
        index = 0
    elif final:
        index = len(nucleus) - 1  # hoàng, toán, huỳnh
    elif len(nucleus) == 3:
        index = 1  # ngoài, xoáy, khuỷu
    else:
        index = 0  # hòa, khỏe, thủy (traditional), mùa, hái, mía
    return len(initial) + index


@lru_cache(maxsize=1 << 15)  # syllables repeat: Nguyễn, Văn, hữu nghị...
def _normalise_syllable(word: str) -> str:
    """One run of letters with its tone mark moved to the standard vowel; other words unchanged."""
    parts = [_split_tone(char) for char in word]
    if any(part is None for part in parts):
        return word
    letters = [part[0] for part in parts if part is not None]
    tones = [part[1] for part in parts if part is not None and part[1]]
    bare = "".join(letters)
    if len(tones) != 1 or len(bare.lower()) != len(bare):
        return word
    position = _tone_position(bare.lower())
    if position is None:
        return word
    return "".join(nfc(letter + tones[0]) if index == position else letter
                   for index, letter in enumerate(letters))


@lru_cache(maxsize=1 << 15)
def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` (letters only, any case) is shaped like a Vietnamese syllable: an initial
    consonant, a vowel cluster and a final consonant Vietnamese has, at most one tone mark.
    "Nguyễn", "Khánh", "Kim" are; "Carlos", "Sato", "Petrova", "jun", "Lee" are not."""
    parts = [_split_tone(char) for char in nfc(word)]
    if not parts or any(part is None for part in parts):
        return False
    if sum(1 for part in parts if part is not None and part[1]) > 1:
        return False
    return _tone_position("".join(part[0] for part in parts if part is not None).lower()) \
        is not None


def _is_word_char(char: str) -> bool:
    """A letter or a combining mark: part of a syllable."""
    return char.isalpha() or unicodedata.category(char).startswith("M")


def normalise_tones(text: str) -> str:
    """NFC text with every Vietnamese syllable's tone mark on the vowel the standard rules choose.

    Old and new placements meet (``hoà`` and ``hòa`` -> ``hòa``; ``thuỷ`` -> ``thủy``); the
    traditional rule puts the tone on the first vowel of a final oa, oe, uy; case is kept letter
    by letter; words without a tone, non-Vietnamese words and non-letters are left as they are.
    """
    text = nfc(text)
    if text.isascii():
        return text
    runs = ((is_word, "".join(chars)) for is_word, chars in groupby(text, _is_word_char))
    return "".join(_normalise_syllable(run) if is_word else run for is_word, run in runs)


@lru_cache(maxsize=1 << 16)  # names and tags repeat across thousands of articles
def name_key(text: str) -> str:
    """Comparison key for names and tags: case, spacing and tone placement ignored, tones kept."""
    return normalise_tones(fold_key(text))


def _unknown_order(order: str) -> ValueError:
    """The error for a name order other than the two config.yaml allows (shown at once)."""
    return ValueError(_("unknown name order {order}: use 'given' or 'family'").format(
        order=repr(order)))


def person_sort_key(name: str, order: str = "given") -> tuple[CollationKey, ...]:
    """Sort key for people: given, middle, family name (``order="given"``) or the name as
    written."""
    if order == "family":
        return (collation_key(name),)
    if order != "given":
        raise _unknown_order(order)
    words = clean_text(name).split(" ")
    if len(words) == 1:
        return collation_key(words[0]), collation_key(""), collation_key("")
    return collation_key(words[-1]), collation_key(" ".join(words[1:-1])), collation_key(words[0])


def initial_letter(name: str, order: str = "given") -> str:
    """Index letter of a name: upper case, quality mark kept, tone dropped (``Ân`` -> ``Â``).

    The given name (last word) files the name for ``order="given"``, the first word for
    ``"family"``; a word that does not start with a letter is filed under ``#``.
    """
    if order not in ("given", "family"):
        raise _unknown_order(order)
    words = clean_text(name).split(" ")
    word = words[-1] if order == "given" else words[0]
    if not word or not word[0].isalpha():
        return "#"
    decomposed = unicodedata.normalize("NFD", word[0])
    return nfc("".join(ch for ch in decomposed if ch not in _TONES)).upper()[:1]


def folded_words(text: object) -> str:
    """The words of ``text`` with ``đ`` (which Pagefind keeps, as it has no decomposition),
    ASCII-folded and lowercased, each once, in order of first appearance: ``Đối ngoại, đối tác,
    Đà Nẵng`` -> ``doi da``. HTML markup (``markupsafe.Markup``) is read as its text.

    The search index carries these words (see output/search_index.py); templates use this as
    the ``folded_words`` filter."""
    striptags = getattr(text, "striptags", None)
    plain = striptags() if callable(striptags) else str(text)
    return " ".join(dict.fromkeys(strip_diacritics(word) for word in _WORD.findall(plain.lower())
                                  if "đ" in word))
