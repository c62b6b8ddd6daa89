"""Citations of Party and State documents (``Chỉ thị 04-CT/TW``, ``3935/KH-UBND``) in one form."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from diplomacy_archive.text.vietnamese import clean_text, fold_key, nfc, strip_diacritics

# Type word -> the abbreviation its codes usually carry (Hướng dẫn 36-HD/VPTW, 30/2020/NĐ-CP);
# "" for types whose codes carry none: Luật 06/2022/QH15.
TYPE_ABBREVIATIONS: Mapping[str, str] = MappingProxyType({
    "Nghị quyết": "NQ", "Nghị quyết liên tịch": "NQLT", "Quyết định": "QĐ", "Chỉ thị": "CT",
    "Kết luận": "KL", "Quy định": "QĐi", "Quy chế": "QC", "Thông báo": "TB", "Hướng dẫn": "HD",
    "Kế hoạch": "KH", "Chương trình": "CTr", "Đề án": "ĐA", "Báo cáo": "BC", "Tờ trình": "TTr",
    "Công văn": "CV", "Công điện": "CĐ", "Nghị định": "NĐ", "Thông tư": "TT",
    "Thông tư liên tịch": "TTLT", "Luật": "", "Pháp lệnh": "",
})
_TYPE_BY_FOLDED_WORD = MappingProxyType({fold_key(word): word for word in TYPE_ABBREVIATIONS})
# Issuers conventionally written in mixed case (Thủ tướng Chính phủ).
_ISSUER_SPELLINGS = MappingProxyType({"ttg": "TTg", "txu": "TxU"})
# Party issuers: Trung ương (…TW), Tỉnh/Huyện/Quận/Thị xã/Thành phố/Đảng ủy; BCS đảng, Đảng đoàn.
_PARTY_SUFFIXES = ("tw", "tu", "hu", "qu", "du", "txu", "tpu")
_PARTY_PREFIXES = ("bcs", "dd")


def _fold(part: str) -> str:
    """Comparison form of an abbreviation or issuer: ``QĐ`` = ``qd``, ``TƯ`` = ``tw``."""
    return strip_diacritics(part.replace("Ư", "W").replace("ư", "w")).casefold()


_TYPE_BY_ABBR = MappingProxyType(
    {_fold(abbr): word for word, abbr in TYPE_ABBREVIATIONS.items() if abbr})
_ABBR_SPELLINGS = MappingProxyType(
    {_fold(abbr): abbr for abbr in TYPE_ABBREVIATIONS.values() if abbr})


def _alternatives(words: tuple[str, ...]) -> str:
    """Regex alternation of phrases, longest first, any run of spaces between their words."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in phrase.split()) for phrase in ordered)


# The type word, matched in any case: "Chỉ thị", "CHỈ THỊ", "chỉ  thị".
_TYPE = rf"(?P<type>(?i:{_alternatives(tuple(_TYPE_BY_FOLDED_WORD.values()))}))"
# Optional "số" (number) after the type word, perhaps with a colon: "Chỉ thị số 38", "số: 38".
_NUMBER_WORD = r"(?:(?i:số)\s*:?\s*)?"
_NUMBER = r"[0-9]{1,5}"
_YEAR = r"(?:19|20)[0-9]{2}"
_DASH = r"\s*[-‐‑–—]\s*"  # hyphen or dash; editors put spaces around it ("04 - CT/TW")
_SLASH = r"\s*/\s*"
_LETTERS = "A-Za-zĐđƯư"  # Đ is a letter of codes (QĐ, NĐ, BĐNTW); TƯ is a spelling of TW
_ABBR = rf"[{_LETTERS}]{{1,6}}"
_PART = rf"[{_LETTERS}][{_LETTERS}0-9]*"  # issuer or issuer unit: TW, UBND, QH15
_CODE_END = r"(?![\w/])"  # a code ends at a word boundary, not inside a longer code
# Party style NUMBER-ABBR/ISSUER: "04-CT/TW", "8485-CV/TU".
_PARTY_CODE = (rf"(?P<p_num>{_NUMBER}){_DASH}(?P<p_abbr>{_ABBR})"
               rf"{_SLASH}(?P<p_issuer>{_PART}){_CODE_END}")
# State style NUMBER[/YEAR]/[ABBR-]ISSUER[-UNIT]: "3935/KH-UBND", "25/2018/NĐ-CP", "06/2022/QH15".
_STATE_CODE = (rf"(?P<s_num>{_NUMBER})(?:{_SLASH}(?P<s_year>{_YEAR}))?{_SLASH}"
               rf"(?P<s_parts>{_PART}(?:{_DASH}{_PART}(?:-{_PART})*)?){_CODE_END}")
# Short form, a number (or NUMBER/YEAR) counting nothing: "Chỉ thị 38", not "Kế hoạch 5 năm".
_COUNTED = r"(?!\s*%|\s+(?i:năm|tháng|tuần|điểm|người|lần|ngày(?!\s+[0-9]))\b)"
_SHORT = rf"(?P<n_num>{_NUMBER})(?:/(?P<n_year>{_YEAR}))?(?![\w/]|[-‐–—]\w|[.,][0-9])" + _COUNTED
# A date given with the citation: "ngày 19/9/2019", "ngày 19-9-2019", "ngày 19 tháng 9 năm 2019".
_DATE = (r"(?P<date>(?i:ngày)\s+[0-9]{1,2}(?:\s*[/.-]\s*[0-9]{1,2}\s*[/.-]\s*[0-9]{4}"
         r"|\s+(?i:tháng)\s+[0-9]{1,2}\s+(?i:năm)\s+[0-9]{4}))(?![0-9])")
# The citation: optional type word and "số", a code or short number, optional date.
_CITATION = (rf"(?<![\w/.-])(?:{_TYPE}\s+{_NUMBER_WORD})?"
             rf"(?:{_PARTY_CODE}|{_STATE_CODE}|{_SHORT})(?:\s*,?\s+{_DATE})?")
_FIND = re.compile(_CITATION)
# A whole text that is one citation, maybe with a "của …" (issuer) or "về …" (subject) tail.
_WHOLE = re.compile(rf"(?P<citation>{_CITATION})(?:\s*,?\s+(?i:của|về)\b.*)?[\s.,;:]*", re.DOTALL)
_CODE_ONLY = re.compile(rf"(?:{_PARTY_CODE}|{_STATE_CODE})[\s.,;:]*")


def _is_party_issuer(issuer: str) -> bool:
    """Whether the issuer is a Party body, whose codes are written NUMBER-ABBR/ISSUER."""
    folded = _fold(issuer)
    return folded.endswith(_PARTY_SUFFIXES) or folded.startswith(_PARTY_PREFIXES)


@dataclass(frozen=True)
class Citation:
    """One cited document: its type word, number and code parts, and a date if one was given."""

    text: str
    type: str
    number: int
    year: int | None
    abbr: str
    issuer: str
    date: datetime.date | None

    @property
    def is_short(self) -> bool:
        """True when only a type and number were given ("Chỉ thị 38"), no code."""
        return not self.issuer

    @property
    def key(self) -> tuple[object, ...]:
        """Identity of the code, the same for every way of writing it; dates are not part of it.

        Full codes give ``(number, year, abbr, issuer)`` with abbreviation and issuer folded
        (case, Đ/D and TƯ/TW ignored). Short forms give ``(type, number, year)``: a 3-tuple,
        so it never equals a full code's key, since "Chỉ thị 38" may be 38-CT/TW or 38/CT-TTg.
        """
        if self.is_short:
            return (self.type, self.number, self.year)
        return (self.number, self.year, _fold(self.abbr), _fold(self.issuer))

    def canonical_code(self) -> str:
        """``04-CT/TW`` for Party issuers, else ``3935/KH-UBND``, ``25/2018/NĐ-CP``; "" if short."""
        if self.is_short:
            return ""
        if self.abbr and self.year is None and _is_party_issuer(self.issuer):
            return f"{self.number:02d}-{self.abbr}/{self.issuer}"
        year = "" if self.year is None else f"/{self.year}"
        abbr = f"{self.abbr}-" if self.abbr else ""
        return f"{self.number:02d}{year}/{abbr}{self.issuer}"

    def display(self) -> str:
        """Type word and canonical code: ``Chỉ thị 04-CT/TW``; ``Chỉ thị 38`` for a short form."""
        if self.is_short:
            year = "" if self.year is None else f"/{self.year}"
            return f"{self.type} {self.number:02d}{year}"
        return f"{self.type} {self.canonical_code()}".strip()


def _spell(part: str, spellings: Mapping[str, str]) -> str:
    """Usual spelling of an abbreviation or issuer part: upper case, or as known (QĐi, TTg)."""
    return spellings.get(_fold(part), part.upper().replace("Ư", "W"))


def _split_state_parts(parts: str) -> tuple[str, str]:
    """Abbreviation and issuer of ``KH-UBND`` (known abbr), ``CT-TW`` (Party mix-up), ``UBND-X``."""
    parts = re.sub(_DASH, "-", parts)
    first, _, rest = parts.partition("-")
    if rest and (_fold(first) in _TYPE_BY_ABBR or ("-" not in rest and _is_party_issuer(rest))):
        return first, rest
    return "", parts


def _parse_date(text: str | None) -> datetime.date | None:
    """The date of a matched "ngày …" phrase, or None when it is not a real day."""
    if not text:
        return None
    day, month, year = (int(n) for n in re.findall(r"[0-9]+", text))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _code_parts(match: re.Match[str]) -> tuple[int, int | None, str, str]:
    """Number, year, spelled abbreviation and spelled issuer of a matched Party or State code."""
    if match["p_num"] is not None:
        number, year, abbr, issuer = int(match["p_num"]), None, match["p_abbr"], match["p_issuer"]
    else:
        number = int(match["s_num"])
        year = int(match["s_year"]) if match["s_year"] else None
        abbr, issuer = _split_state_parts(match["s_parts"])
    issuer = "-".join(_spell(part, _ISSUER_SPELLINGS) for part in issuer.split("-"))
    return number, year, _spell(abbr, _ABBR_SPELLINGS) if abbr else "", issuer


def _citation(match: re.Match[str], text: str) -> Citation | None:
    """The citation a match of ``_CITATION`` stands for, or None when it is no document's."""
    type_word = _TYPE_BY_FOLDED_WORD[fold_key(match["type"])] if match["type"] else ""
    date = _parse_date(match["date"])
    if match["n_num"] is not None:
        number = int(match["n_num"])
        if not type_word or 1900 <= number <= 2099:  # a bare number, or a year ("Kế hoạch 2021")
            return None
        year = int(match["n_year"]) if match["n_year"] else None
        return Citation(clean_text(text), type_word, number, year, "", "", date)
    number, year, abbr, issuer = _code_parts(match)
    if not type_word:
        if year is None and not abbr:  # "100/km": a bare State code needs a year or an abbr
            return None
        type_word = _TYPE_BY_ABBR.get(_fold(abbr), "")
    return Citation(clean_text(text), type_word, number, year, abbr, issuer, date)


def parse_citation(text: str) -> Citation | None:
    """The citation that ``text`` is as a whole (a "của …"/"về …" tail ignored), or None."""
    text = clean_text(text)
    match = _WHOLE.fullmatch(text)
    return None if match is None else _citation(match, match["citation"])


def code_key(code: str) -> tuple[object, ...] | None:
    """Key of a bare code such as ``04-CT/TW``, ``04/CT-TW`` or ``123/UBND-VX``; None if no code."""
    match = _CODE_ONLY.fullmatch(clean_text(code))
    if match is None:
        return None
    number, year, abbr, issuer = _code_parts(match)
    return (number, year, _fold(abbr), _fold(issuer))


def find_citations(text: str) -> list[tuple[int, int, Citation]]:
    """Citations in running text as ``(start, end, citation)``, in order; offsets in ``nfc(text)``.

    Short forms count only with a capitalised type word ("Chỉ thị 38"): "chỉ thị" is also a verb.
    """
    text = nfc(text)
    found = []
    for match in _FIND.finditer(text):
        if match["n_num"] is not None and not (match["type"] or " ")[0].isupper():
            continue
        citation = _citation(match, match.group())
        if citation is not None:
            found.append((match.start(), match.end(), citation))
    return found
