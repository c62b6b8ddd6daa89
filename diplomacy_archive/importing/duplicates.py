"""One draft per article: copies of one article told apart by their text, not their file names.

The same article is saved under two addresses, mirrored by another site with other menus, or
imported a second time. Its fingerprint is its title's words and the overlapping runs of five
words of its paragraphs (shingles), folded (case, tone marks, punctuation and spacing do not
count), so a page with a few lines of chrome more or less is still the same article: two texts
are one article when they share their title and half the shingles of the shorter, or, whatever
their titles, when 80% of the shingles of the shorter are in the other.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from diplomacy_archive.importing.record import Draft
from diplomacy_archive.problems import Problem
from diplomacy_archive.source.articles import SourceText, split_front_matter
from diplomacy_archive.source.site_folders import CONTENT_DIR
from diplomacy_archive.source.yaml_positions import YamlProblem, load_yaml
from diplomacy_archive.text.vietnamese import strip_diacritics

SHINGLE_WORDS = 5
SAME_TITLE_OVERLAP = 0.5  # of the shorter text's shingles, when the titles are the same
ANY_TITLE_OVERLAP = 0.8  # when they are not
MIN_SHINGLES = 8  # texts shorter than this match only with the same title
_WORD = re.compile(r"\w+")
_FIGURE = re.compile(r"<figure>.*?</figure>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")

T = TypeVar("T")


def words(text: str) -> list[str]:
    """The folded words of ``text``: lowercase, without tone marks, without punctuation."""
    return _WORD.findall(strip_diacritics(text.casefold()))


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


@dataclass(frozen=True)
class Fingerprint:
    title: str  # the title's folded words
    shingles: frozenset[int]

    @property
    def anchors(self) -> frozenset[int]:
        """The shingles looked up to find candidates: every one of a short text, one in four
        (the same ones in every text) of a long one."""
        if len(self.shingles) < 4 * MIN_SHINGLES:
            return self.shingles
        sampled = frozenset(h for h in self.shingles if h % 4 == 0)
        return sampled or frozenset([min(self.shingles)])


def fingerprint(title: str, paragraphs: Iterable[str]) -> Fingerprint:
    body = [w for text in paragraphs for w in words(text)]
    if len(body) < SHINGLE_WORDS:
        shingles = {_hash(w) for w in body}
    else:
        shingles = {_hash(" ".join(body[i:i + SHINGLE_WORDS]))
                    for i in range(len(body) - SHINGLE_WORDS + 1)}
    return Fingerprint(" ".join(words(title)), frozenset(shingles))


def draft_fingerprint(draft: Draft) -> Fingerprint:
    """A draft's fingerprint: its title and paragraphs (captions and chrome left out)."""
    return fingerprint(draft.title, (b.text for b in draft.blocks if b.kind == "paragraph"))


def completeness(draft: Draft) -> tuple[int, int, int]:
    """How much of an article a copy gives, to keep the best of several copies: the fields
    found (date, full date, venue, author, speakers, directives, source address), then its
    paragraphs, then their length. A copy whose page cut the text or lost the byline loses."""
    paragraphs = [block.text for block in draft.blocks if block.kind == "paragraph"]
    found = (bool(draft.date), len(draft.date) == len("2024-03-09"), bool(draft.venue),
             bool(draft.author), bool(draft.speakers), bool(draft.directives), bool(draft.url))
    return sum(found), len(paragraphs), sum(len(text) for text in paragraphs)


def same_article(a: Fingerprint, b: Fingerprint) -> bool:
    shorter = min(len(a.shingles), len(b.shingles))
    shared = len(a.shingles & b.shingles)
    if a.title and a.title == b.title:
        return shorter == 0 or shared >= SAME_TITLE_OVERLAP * shorter
    return shorter >= MIN_SHINGLES and shared >= ANY_TITLE_OVERLAP * shorter


@dataclass
class Seen(Generic[T]):
    """Fingerprints seen so far, each with what it stands for (a draft, a file)."""

    items: list[tuple[Fingerprint, T]] = field(default_factory=list)
    _by_key: dict[object, list[int]] = field(default_factory=dict)

    def find(self, print_: Fingerprint) -> T | None:
        """What a fingerprint of the same article stands for, or None."""
        votes: Counter[int] = Counter()
        for key in (("title", print_.title), *print_.anchors):
            votes.update(self._by_key.get(key, ()))
        for number, _count in votes.most_common():
            other, value = self.items[number]
            if same_article(print_, other):
                return value
        return None

    def add(self, print_: Fingerprint, value: T) -> None:
        number = len(self.items)
        self.items.append((print_, value))
        for key in (("title", print_.title), *print_.anchors):
            self._by_key.setdefault(key, []).append(number)


def file_fingerprint(path: Path, shown: str) -> Fingerprint | None:
    """The fingerprint of an article file in content/ (its title and body without figures),
    or None if it cannot be read (the build reports why)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    parts = split_front_matter(SourceText(path.name, shown, text))
    if isinstance(parts, Problem):
        return None
    try:
        data = load_yaml(parts.front_matter, shown, parts.front_matter_line).data
    except YamlProblem:
        return None
    title = data.get("title") if isinstance(data, dict) else None
    if not isinstance(title, str):
        return None
    body = _TAG.sub(" ", _FIGURE.sub(" ", parts.body))
    return fingerprint(title, [body])


def site_articles(site: Path) -> Seen[str]:
    """The fingerprints of the site's articles, each with its path as shown (relative to the
    site): what a new import of the same article finds already there."""
    seen: Seen[str] = Seen()
    content = site / CONTENT_DIR
    if not content.is_dir():
        return seen
    for path in sorted(content.rglob("*.md")):
        shown = path.relative_to(site).as_posix()
        print_ = file_fingerprint(path, shown)
        if print_ is not None:
            seen.add(print_, shown)
    return seen
