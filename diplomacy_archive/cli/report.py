"""What the command line prints: problems in the chosen format with paths an editor can open,
and the one-line summaries of each command. Output goes through a Console, which knows -q."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from diplomacy_archive.build import BuildResult
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
        found = f"Found {plural(len(problems.errors), 'error')} and " \
                f"{plural(len(problems.warnings), 'warning')}"
        if problems.strict and problems.warnings:
            found += " (--strict treats warnings as errors)"
        console.error(f"{found}.")


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(result: BuildResult, out: str) -> str:
    drafts = f" ({plural(result.drafts, 'draft')})" if result.drafts else ""
    warnings = plural(len(result.problems.warnings), "warning")
    if result.nothing_changed:
        return (f"Nothing changed: {plural(result.articles, 'article')}{drafts} and "
                f"{plural(result.pages, 'page')} in {out} are up to date, {warnings}, "
                f"{result.seconds:.2f} s.")
    return (f"Built {plural(result.articles, 'article')}{drafts} into {out}: "
            f"{plural(result.pages, 'page')} ({result.rendered} rendered, {result.reused} reused), "
            f"{plural(result.written, 'file')} written, {result.deleted} deleted, {warnings}, "
            f"{result.seconds:.2f} s.")


def draft_summary(draft: Any) -> list[str]:
    """The fields found in an imported draft, one line each, and its notes."""
    people = ", ".join(p.name for p in draft.speakers)
    lines = [f"title: {draft.title}",
             f"date: {draft.date or '(not found)'}",
             f"venue: {draft.venue or '(not found)'}",
             f"speakers: {people or '(none found)'}"]
    if draft.attendees:
        lines.append(f"attendees: {len(draft.attendees)}")
    lines.append(f"directives: {', '.join(draft.directives) or '(none)'}")
    if draft.tags:
        lines.append(f"tags: {', '.join(draft.tags)}")
    lines.extend(f"note: {note}" for note in draft.notes)
    return lines
