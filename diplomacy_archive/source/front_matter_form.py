"""The written form of an article's front matter: the order of its keys, how each value is
written, and the comment that explains each line. `new` writes its skeleton from it, and the web
editor writes the articles it saves from it too (admin/front-matter.js, given ``form_spec``), so
an article made either way reads the same and a diff between two saves shows only what changed.

A key with a value is written ``key: value`` with its comment at column 30; a key without one
is written as the skeleton shows it: ``venue:`` or ``tags: []`` with its comment, an example
commented out (``# summary: ""``), or nothing at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from diplomacy_archive.i18n import N_, translated
from diplomacy_archive.source.front_matter_fields import FRONT_MATTER_KEYS

COMMENT_COLUMN = 30  # where a line's comment starts (the skeleton's comments line up)


class Style(Enum):
    """How a value is written."""

    QUOTED = "quoted"  # always in double quotes: the title
    PLAIN = "plain"  # as it is: dates, slugs, language codes
    TEXT = "text"  # plain when YAML reads it back unchanged, else in double quotes
    FLAG = "flag"  # true or false
    LIST = "list"  # on one line: [Chỉ thị 12-CT/TW, Công văn 297-CV/BĐNTW]
    LINES = "lines"  # one item per line: "  - ..."
    RECORDS = "records"  # one {name, role} or {src, caption, credit} per "  - " item
    RECORD = "record"  # on one line: {publisher: ..., url: ...}


@dataclass(frozen=True)
class FormLine:
    """One key of the front matter as it is written."""

    key: str
    style: Style
    comment: str = ""  # marked N_: what the key holds, beside it
    unset: str | None = None  # the value shown when there is none; None: no line at all
    commented: bool = False  # the unset line is an example, commented out
    example: tuple[str, ...] = ()  # lines of an example under the unset line
    fields: tuple[str, ...] = ()  # the keys of each record, in order (RECORDS, RECORD)


FORM: tuple[FormLine, ...] = (
    FormLine("title", Style.QUOTED),
    FormLine("slug", Style.PLAIN),
    FormLine("date", Style.PLAIN,
             N_("YYYY-MM-DD or DD/MM/YYYY; month or year only: 2020-11, 2020")),
    FormLine("updated", Style.PLAIN),
    FormLine("date_note", Style.TEXT, N_("how the date is known, if it is not certain"),
             unset='""', commented=True),
    FormLine("venue", Style.TEXT, N_("the province or city, e.g. Hà Nội"), unset=""),
    FormLine("speakers", Style.RECORDS, N_("one per line; the role held on that date"),
             unset="", example=("  # - name: Nguyễn Văn A", "  #   role: Chủ tịch ..."),
             fields=("name", "role")),
    FormLine("attendees", Style.RECORDS, fields=("name", "role")),
    FormLine("directives", Style.LIST,
             N_("documents cited, e.g. [Chỉ thị 12-CT/TW, Công văn 297-CV/BĐNTW]"), unset="[]"),
    FormLine("tags", Style.LIST, N_("e.g. [tọa đàm, VUFO]"), unset="[]"),
    FormLine("summary", Style.TEXT, N_("one sentence; otherwise the first paragraph is used"),
             unset='""', commented=True),
    FormLine("author", Style.TEXT, unset='""', commented=True),
    FormLine("source", Style.RECORD, unset='{publisher: "", url: "https://..."}',
             commented=True, fields=("publisher", "url")),
    FormLine("images", Style.RECORDS,
             unset='[{src: /images/anh.jpg, caption: "", credit: ""}]', commented=True,
             fields=("src", "caption", "credit")),
    FormLine("lang", Style.PLAIN),
    FormLine("aliases", Style.LIST),
    FormLine("import_notes", Style.LINES),
    FormLine("draft", Style.FLAG, N_("change to false (or delete this line) to publish")),
)
assert sorted(line.key for line in FORM) == sorted(FRONT_MATTER_KEYS), "a key without a form"


def comment_of(line: FormLine, language_code: str) -> str:
    """The line's comment in the language (none for a line without one)."""
    return translated(line.comment, language_code) if line.comment else ""


def with_comment(text: str, comment: str) -> str:
    """``text`` with ``# comment`` at the comment column (one space after a longer text)."""
    if not comment:
        return text
    return f"{text.ljust(COMMENT_COLUMN)}# {comment}" if len(text) < COMMENT_COLUMN \
        else f"{text} # {comment}"


def unset_lines(line: FormLine, language_code: str) -> list[str]:
    """The lines of a key that has no value (none when it is not shown without one)."""
    if line.unset is None:
        return []
    text = f"{'# ' if line.commented else ''}{line.key}:{' ' if line.unset else ''}{line.unset}"
    return [with_comment(text, comment_of(line, language_code)), *line.example]


def skeleton(values: Mapping[str, str], language_code: str) -> str:
    """The front matter (between its two ``---`` lines) of an article whose keys in ``values``
    have these values, already written as YAML (a quoted title, a date, ``true``); every other
    key as the skeleton shows it."""
    lines = ["---"]
    for line in FORM:
        value = values.get(line.key)
        if value is None:
            lines.extend(unset_lines(line, language_code))
        else:
            lines.append(with_comment(f"{line.key}: {value}", comment_of(line, language_code)))
    lines.append("---")
    return "\n".join(lines) + "\n"


def form_spec(language_code: str) -> dict[str, Any]:
    """The form for the web editor's writer (admin/front-matter.js), as JSON-ready data: each
    key in order, with its style, its comment in the site's language, its lines when unset and
    the keys of its records."""
    return {"column": COMMENT_COLUMN, "lines": [
        {"key": line.key, "style": line.style.value,
         "comment": comment_of(line, language_code),
         "unset": unset_lines(line, language_code), "fields": list(line.fields)}
        for line in FORM]}
