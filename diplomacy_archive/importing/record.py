"""The records the import stages pass along: a raw page, the text of one article, a draft."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawPage:
    """A file as read: its lines of text, in order, and what the file itself says of its origin
    (a saved HTML page may name its address and site)."""

    origin: str  # the file, as shown to the editor
    lines: tuple[str, ...]
    url: str = ""
    publisher: str = ""


@dataclass(frozen=True)
class Block:
    """A paragraph of the body, or a photo caption (``kind`` "caption") with its credit."""

    kind: str  # "paragraph" or "caption"
    text: str
    credit: str = ""


@dataclass
class ArticleText:
    """One article cut out of a page: its title line, its blocks, and what the page around it
    said (author signature, source line or publisher prefix, the page's clock line)."""

    title: str
    blocks: list[Block]
    author: str = ""
    publisher: str = ""
    url: str = ""
    page_clock: str = ""  # the date the page was viewed, never the article's date
    dropped: list[str] = field(default_factory=list)  # chrome lines removed, for --dry-run


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""


def note(key: str, text: str) -> str:
    """An import note, ``key: text``: the front-matter key it is about, as it is (data), then
    what was guessed or not found, translated by the caller (``_()``: a note is written into
    the draft in the language of the import)."""
    return f"{key}: {text}"


@dataclass
class Draft:
    """What the writer turns into a Markdown file with ``draft: true``.

    ``notes`` name every field that was guessed or not found, in the editor's terms:
    ``date: year inferred from "ngày 02/4/2023"``, ``venue: not found``.
    """

    origin: str
    title: str
    blocks: list[Block]
    date: str = ""  # ISO: 2024-03-09, 2024-03 or 2024; "" when not found
    venue: str = ""
    speakers: list[Person] = field(default_factory=list)
    attendees: list[Person] = field(default_factory=list)
    directives: list[str] = field(default_factory=list)  # canonical: "Chỉ thị 32-CT/TW"
    tags: list[str] = field(default_factory=list)
    author: str = ""
    publisher: str = ""
    url: str = ""
    summary: str = ""
    notes: list[str] = field(default_factory=list)
