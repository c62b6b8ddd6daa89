"""What the field extractors read of an article: its title, lead, paragraphs, and shared
patterns."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from diplomacy_archive.importing.record import ArticleText
from diplomacy_archive.text.vietnamese import clean_text, name_key

Span = tuple[int, int]


# ---------------------------------------------------------------- shared patterns

LETTERS = r"[^\W\d_]+"
NUMBER_GUARD = r"(?<![0-9/.-])"


def phrases(words: Iterable[str]) -> str:
    """Regex alternation of phrases, longest first, any run of spaces between their words."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in phrase.split()) for phrase in ordered)


def words_at(pattern: str) -> re.Pattern[str]:
    """Phrases as whole words, in any case."""
    return re.compile(rf"(?<!\w)(?i:{pattern})(?!\w)")


def text_before(text: str, start: int, size: int = 16) -> str:
    """The few characters before ``start`` ("" at the start of the text): a short string to
    match against, so that long paragraphs are not searched again for every name."""
    head = text[max(0, start - size):start]
    return head if start > size or head.strip() else ""


# ---------------------------------------------------------------- the texts read

@dataclass(frozen=True)
class Texts:
    """The texts fields are read from: title, lead (no publisher prefix), every block in order."""

    title: str
    lead: str
    paragraphs: tuple[str, ...]  # after the lead
    captions: tuple[str, ...]

    def in_order(self) -> tuple[str, ...]:
        """Title, lead, later paragraphs and captions, in reading order."""
        return (self.title, self.lead, *self.paragraphs, *self.captions)


_PAREN_PREFIX = re.compile(r"\((?P<name>[^()]{1,40})\)\s*(?:[-–—:]\s*)?")
_DASH_PREFIX = re.compile(r"(?P<name>[^\s,;:()][^,;:()]{0,38}?)\s+[-–—]\s+")


def strip_publisher_prefix(lead: str, publisher: str = "") -> str:
    """The lead without a "(Baoquocte.vn) -", "VOV.VN -" or "<publisher> -" opening."""
    match = _PAREN_PREFIX.match(lead)
    if match and any(ch.isalpha() for ch in match["name"]):
        return lead[match.end():]
    match = _DASH_PREFIX.match(lead)
    if match:
        name = match["name"]
        looks_like_source = (re.search(r"\w\.\w", name) is not None
                             or (name.upper() == name and any(ch.isalpha() for ch in name))
                             or (publisher != "" and name_key(name) == name_key(publisher)))
        if looks_like_source:
            return lead[match.end():]
    return lead


def texts_of(text: ArticleText) -> Texts:
    paragraphs = [clean_text(b.text) for b in text.blocks if b.kind != "caption"]
    paragraphs = [p for p in paragraphs if p]
    captions = tuple(clean_text(b.text) for b in text.blocks if b.kind == "caption")
    lead = strip_publisher_prefix(paragraphs[0], text.publisher) if paragraphs else ""
    return Texts(clean_text(text.title), lead, tuple(paragraphs[1:]), captions)
