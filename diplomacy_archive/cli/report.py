"""What the command line prints: problems in the chosen format with paths an editor can open,
and the one-line summaries of each command. Output goes through a Console, which knows -q."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from diplomacy_archive.build import BuildResult
from diplomacy_archive.i18n import N_, _
from diplomacy_archive.problems import Problem, Problems, display_path, format_problems
from diplomacy_archive.text.vietnamese import strip_controls


def printable(text: str) -> str:
    """What may reach a terminal: no control character but tab and newline, no escape
    sequence (an ESC from a file could recolour it, move the cursor or rewrite what was
    printed)."""
    return strip_controls(text).replace("\r", "")


@dataclass(frozen=True)
class Console:
    """``say`` prints progress and summaries (silenced by -q); ``data`` prints what was asked
    for (JSON, GitHub annotations, drafts of a dry run); ``error`` prints to stderr; ``fail``
    reports what stopped the command in the format asked for (``--format json`` stays JSON)."""

    quiet: bool = False
    style: str = "text"

    def say(self, line: str) -> None:
        if not self.quiet:
            print(printable(line), flush=True)

    def data(self, text: str) -> None:
        print(printable(text), flush=True)

    def error(self, line: str) -> None:
        print(printable(line), file=sys.stderr, flush=True)

    def fail(self, line: str, message: str, path: str = "") -> None:
        problem = Problem(path, None, None, message)
        if self.style == "json":
            self.data(format_problems([problem], "json"))
        elif self.style == "github":
            self.data(format_problems([problem], "github"))
            self.error(line)
        else:
            self.error(line)


def error_line(error: object) -> str:
    """``error: ...`` (in the chosen language) for what stopped a command."""
    return _("error: {error}").format(error=error)


def shown(problem: Problem, site: Path) -> Problem:
    """The problem with its path as the editor should open it: relative to the working folder
    (problems keep paths relative to the site, or absolute outside it)."""
    return replace(problem, path=display_path(site / problem.path))


def shown_problems(problems: Problems, site: Path) -> list[Problem]:
    return [shown(p, site) for p in problems.sorted()]


def print_problems(console: Console, problems: Problems, site: Path, style: str) -> None:
    """Problems one per line (json: one document); text goes to stderr, data to stdout."""
    items = shown_problems(problems, site)
    if style == "json":
        console.data(format_problems(items, "json"))
    elif items:
        text = format_problems(items, style)
        console.data(text) if style == "github" else console.error(text)


def report_failure(console: Console, problems: Problems, site: Path, style: str) -> None:
    print_problems(console, problems, site, style)
    if style != "json":
        errors, warnings = len(problems.errors), len(problems.warnings)
        if problems.strict and problems.warnings:
            found = _("Found {errors} and {warnings} (--strict treats warnings as errors).")
        else:
            found = _("Found {errors} and {warnings}.")
        console.error(found.format(errors=count_of(errors, "error"),
                                   warnings=count_of(warnings, "warning")))


_COUNTED = {  # what a summary counts: singular and plural, for ngettext
    "article": (N_("{n} article"), N_("{n} articles")),
    "draft": (N_("{n} draft"), N_("{n} drafts")),
    "page": (N_("{n} page"), N_("{n} pages")),
    "file": (N_("{n} file"), N_("{n} files")),
    "error": (N_("{n} error"), N_("{n} errors")),
    "warning": (N_("{n} warning"), N_("{n} warnings")),
}


def count_of(count: int, what: str) -> str:
    """``3 pages``, ``1 page`` (in the chosen language)."""
    singular, plural = _COUNTED[what]
    # each form is its own message (Vietnamese has one form for every count: both the same)
    return _(singular if count == 1 else plural).format(n=count)


def summary_line(result: BuildResult, out: str) -> str:
    values = {"articles": count_of(result.articles, "article"),
              "pages": count_of(result.pages, "page"), "out": out,
              "warnings": count_of(len(result.problems.warnings), "warning"),
              "seconds": f"{result.seconds:.2f}", "rendered": result.rendered,
              "reused": result.reused, "files": count_of(result.written, "file"),
              "deleted": result.deleted}
    values["drafts"] = (_(" ({drafts})").format(drafts=count_of(result.drafts, "draft"))
                        if result.drafts else "")
    if result.nothing_changed:
        return _("Nothing changed: {articles}{drafts} and {pages} in {out} are up to date, "
                 "{warnings}, {seconds} s.").format(**values)
    return _("Built {articles}{drafts} into {out}: {pages} ({rendered} rendered, {reused} "
             "reused), {files} written, {deleted} deleted, {warnings}, {seconds} s."
             ).format(**values)


def draft_summary(draft: Any) -> list[str]:
    """The fields found in an imported draft, one line each, and its notes."""
    people = ", ".join(p.name for p in draft.speakers)
    not_found, none_found, none = _("(not found)"), _("(none found)"), _("(none)")
    lines = [f"title: {draft.title}",
             f"date: {draft.date or not_found}",
             f"venue: {draft.venue or not_found}",
             f"speakers: {people or none_found}"]
    if draft.attendees:
        lines.append(f"attendees: {len(draft.attendees)}")
    lines.append(f"directives: {', '.join(draft.directives) or none}")
    if draft.tags:
        lines.append(f"tags: {', '.join(draft.tags)}")
    lines.extend(_("note: {note}").format(note=note) for note in draft.notes)
    return lines
