"""Drafts to Markdown files under content/: front matter an editor can read, never an overwrite."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from diplomacy_archive.i18n import _
from diplomacy_archive.importing.record import Block, Draft, Person, note
from diplomacy_archive.source.site_folders import CONTENT_DIR
from diplomacy_archive.text.vietnamese import slugify

UNDATED_FOLDER = "nhap"  # drafts whose year was not found
_FRONT_SLUG = re.compile(r"^slug:\s*['\"]?([a-z0-9-]+)", re.MULTILINE)


class ImportStopped(Exception):
    """The import cannot go on (the content folder is not writable...): nothing more is written."""


@dataclass(frozen=True)
class Written:
    path: Path  # where the draft went (or would go, with --dry-run)
    text: str


def _people(people: Iterable[Person]) -> list[object]:
    return [{"name": p.name, "role": p.role} if p.role else p.name for p in people]


def front_matter(draft: Draft, slug: str) -> dict[str, object]:
    """The draft's fields, in the order an editor reviews them; empty fields left out."""
    data: dict[str, object] = {"title": draft.title}
    if draft.date:
        data["date"] = draft.date
    data["draft"] = True
    data["import_notes"] = list(draft.notes)
    if draft.venue:
        data["venue"] = draft.venue
    if draft.speakers:
        data["speakers"] = _people(draft.speakers)
    if draft.attendees:
        data["attendees"] = _people(draft.attendees)
    if draft.directives:
        data["directives"] = list(draft.directives)
    if draft.tags:
        data["tags"] = list(draft.tags)
    if draft.summary:
        data["summary"] = draft.summary
    if draft.author:
        data["author"] = draft.author
    if draft.publisher or draft.url:
        data["source"] = {k: v for k, v in (("publisher", draft.publisher), ("url", draft.url))
                          if v}
    data["slug"] = slug
    return data


def _figure(block: Block) -> str:
    """A caption as a figure without a picture (the editor adds the image file)."""
    credit = f" (Ảnh: {block.credit})" if block.credit else ""
    caption = _escape_html(block.text) + _escape_html(credit)
    return f"<figure>\n<figcaption>{caption}</figcaption>\n</figure>"


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _paragraph(text: str) -> str:
    """Text as one Markdown paragraph, with what Markdown would read as markup escaped."""
    text = re.sub(r"([\\`*_\[\]>|])", r"\\\1", text).replace("<", "&lt;")
    text = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", text)  # "1. " is not a list
    return re.sub(r"^(#|[-+=]\s?)", r"\\\1", text)


def markdown(draft: Draft, slug: str) -> str:
    """The whole file: front matter, then paragraphs and figures, blank-line separated."""
    header = yaml.safe_dump(front_matter(draft, slug), allow_unicode=True, sort_keys=False,
                            width=1000, default_flow_style=False)
    date_hint = "" if draft.date else "# {}\n".format(note(
        "date", _("not found; write the day of the event: {example}").format(
            example="2024-03-09")))
    body = "\n\n".join(_figure(b) if b.kind == "caption" else _paragraph(b.text)
                       for b in draft.blocks)
    return f"---\n{header}{date_hint}---\n\n{body}\n"


def used_slugs(content: Path) -> set[str]:
    """Slugs of the articles already in content/: their own 'slug:' or their file name's (and
    the names of the files, which a new draft must not take either)."""
    slugs: set[str] = set()
    if not content.is_dir():
        return slugs
    for path in content.rglob("*.md"):
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:4000]
        except OSError:
            continue
        slug = _FRONT_SLUG.search(head)
        slugs.add(slug.group(1) if slug else slugify(path.stem, max_length=len(path.stem) * 2))
        slugs.add(path.stem)
    return slugs


def draft_path(content: Path, draft: Draft, slug: str) -> Path:
    """content/<year>/<slug>.md, or content/nhap/<slug>.md when the year is unknown."""
    folder = draft.date[:4] if draft.date[:4].isdigit() else UNDATED_FOLDER
    path = (content / folder / f"{slug}.md").resolve()
    if content.resolve() not in path.parents:  # slugify leaves only a-z, 0-9, '-': never true
        raise ImportStopped(_("refusing to write outside {folder}: {path}").format(
            folder=content, path=path))
    return path


def free_slug(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... the first no article uses."""
    slug, number = wanted, 2
    while slug in taken:
        slug, number = f"{wanted}-{number}", number + 1
    return slug


def write_drafts(site: Path, drafts: list[Draft], dry_run: bool = False) -> list[Written]:
    """Write each draft to its own new file; a slug in use gets a number, and a file that
    exists is never opened for writing (O_EXCL), so nothing an editor wrote is overwritten."""
    content = site / CONTENT_DIR
    taken = used_slugs(content)
    written = []
    for draft in drafts:
        slug = free_slug(slugify(draft.title) or "bai-nhap", taken)
        path = draft_path(content, draft, slug)
        while path.exists():  # a file named by hand without a slug of its own
            slug = free_slug(slug, taken | {slug})
            path = draft_path(content, draft, slug)
        taken.add(slug)
        text = markdown(draft, slug)
        if not dry_run:
            _create(path, text)
        written.append(Written(path, text))
    return written


def _create(path: Path, text: str) -> None:
    """Create ``path`` with ``text``; fails, instead of replacing it, if it appeared meanwhile."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise ImportStopped(_("{path} appeared while importing; nothing was written over it, "
                              "run the import again").format(path=path)) from None
    except OSError as exc:
        raise ImportStopped(_("cannot write {path}: {reason}").format(
            path=path, reason=exc.strerror)) from None
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
        file.write(text)
