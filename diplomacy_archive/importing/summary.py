"""The import report: what was read and written, what each field was found in, the drafts to
review, the copies folded into one draft and the files that could not be read, as Markdown with
every draft linked to the file it came from.

It is written to ``<site>/.cache/import-report.md``, replaced by each import: it describes one
run, not the archive, so it stays out of the site's sources (``.cache/`` is git-ignored and never
published) and a later import never leaves an old report to be committed by mistake.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from diplomacy_archive.i18n import _
from diplomacy_archive.importing.record import Draft
from diplomacy_archive.source.site_folders import CACHE_DIR

REPORT_FILE = "import-report.md"

# the fields counted, with how to tell a draft has one
FIELDS: tuple[tuple[str, Callable[[Draft], object]], ...] = (
    ("date", lambda d: d.date),
    ("venue", lambda d: d.venue),
    ("speakers", lambda d: d.speakers),
    ("attendees", lambda d: d.attendees),
    ("directives", lambda d: d.directives),
    ("tags", lambda d: d.tags),
    ("author", lambda d: d.author),
    ("source", lambda d: d.url or d.publisher),
    ("summary", lambda d: d.summary),
)


@dataclass(frozen=True)
class Counts:
    files: int
    found: int
    written: int
    duplicates: int
    imported_before: int
    unreadable: int


def report_path(site: Path) -> Path:
    return site / CACHE_DIR / REPORT_FILE


def field_counts(drafts: list[Draft]) -> list[tuple[str, int]]:
    """How many drafts have each field."""
    return [(name, sum(1 for d in drafts if has(d))) for name, has in FIELDS]


def _link(text: str, target: Path | str, folder: Path) -> str:
    """A Markdown link to ``target`` relative to ``folder`` (angle brackets: spaces allowed)."""
    where = Path(target).resolve()
    try:
        shown = Path(os.path.relpath(where, folder.resolve())).as_posix()
    except ValueError:  # another drive, on Windows
        shown = where.as_posix()
    label = text.replace("[", "\\[").replace("]", "\\]")
    return f"[{label}](<{shown}>)"


def render(counts: Counts, drafts: list[tuple[Draft, Path]],
           duplicates: list[tuple[Draft, Draft, Path | None]],
           imported_before: list[tuple[Draft, Path]], unreadable: list[str],
           folder: Path, dry_run: bool) -> str:
    """The report, in Markdown; links are relative to ``folder``, where it is written.

    ``drafts``: each draft and its file; ``duplicates``: each copy, the draft kept for it and
    that draft's file; ``imported_before``: each copy and the article the site already had."""
    lines = ["# " + _("Import report"), ""]
    lines.append(_("Nothing was written (--dry-run): the drafts are those the import would "
                   "write.") if dry_run else _("Every draft has 'draft: true'; remove each note "
                                               "from 'import_notes' once its field is checked."))
    lines += ["", "## " + _("Counts"), "", "| | |", "|---|---:|"]
    for label, value in (
            (_("files read"), counts.files), (_("articles found"), counts.found),
            (_("drafts written"), counts.written),
            (_("copies of an article already drafted in this import"), counts.duplicates),
            (_("articles the site already has"), counts.imported_before),
            (_("files that could not be read"), counts.unreadable)):
        lines.append(f"| {label} | {value} |")
    written = [draft for draft, _path in drafts]
    lines += ["", "## " + _("Fields found"), "", "| " + _("field") + " | " + _("drafts") + " |",
              "|---|---:|"]
    for name, number in field_counts(written):
        lines.append(f"| `{name}` | {number} / {len(written)} |")
    review = [(draft, path) for draft, path in drafts if draft.notes]
    lines += ["", "## " + _("Drafts to review ({count})").format(count=len(review)), ""]
    if not review:
        lines.append(_("None."))
    for draft, path in review:
        lines.append("- " + _("{draft}, from {source}").format(
            draft=_link(draft.title, path, folder), source=_link(draft.origin, draft.origin,
                                                                 folder)))
        lines.extend(f"  - {note}" for note in draft.notes)
    if duplicates:
        lines += ["", "## " + _("Copies folded into one draft ({count})").format(
            count=len(duplicates)), ""]
        for copy, kept, kept_path in duplicates:
            lines.append("- " + _("{source}: the same article as {draft}, from {other}").format(
                source=_link(copy.origin, copy.origin, folder),
                draft=_link(kept.title, kept_path, folder) if kept_path else kept.title,
                other=_link(kept.origin, kept.origin, folder)))
    if imported_before:
        lines += ["", "## " + _("Already in the site ({count})").format(
            count=len(imported_before)), ""]
        for copy, article in imported_before:
            lines.append("- " + _("{source}: already imported as {article}").format(
                source=_link(copy.origin, copy.origin, folder),
                article=_link(article.name, article, folder)))
    if unreadable:
        lines += ["", "## " + _("Files that could not be read ({count})").format(
            count=len(unreadable)), ""]
        lines.extend(f"- {message}" for message in unreadable)
    return "\n".join(lines) + "\n"
