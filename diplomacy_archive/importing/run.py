"""The import command's work: read each file, cut it into articles, extract drafts, write them."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from diplomacy_archive.build.pool import Progress, pool_imap
from diplomacy_archive.i18n import _
from diplomacy_archive.importing.duplicates import (
    Fingerprint,
    Seen,
    completeness,
    draft_fingerprint,
    site_articles,
)
from diplomacy_archive.importing.fields import extract_draft
from diplomacy_archive.importing.readers import (
    HTML_SUFFIXES,
    UnreadablePage,
    is_html,
    load_html_reader,
    read_page,
)
from diplomacy_archive.importing.record import Draft
from diplomacy_archive.importing.review import known_tags
from diplomacy_archive.importing.split import cut_articles
from diplomacy_archive.importing.summary import Counts, render, report_path
from diplomacy_archive.importing.urls import clean_url
from diplomacy_archive.importing.writer import ImportStopped, Written, write_drafts
from diplomacy_archive.problems import Problems
from diplomacy_archive.source.addresses import AddressRules
from diplomacy_archive.source.config import Config, load_config
from diplomacy_archive.source.registries import Registries, load_registries

PAGE_SUFFIXES = (*HTML_SUFFIXES, ".txt")
ASSET_FOLDERS = ("_files",)  # where "Save page as" puts a page's pictures, styles, scripts
NOT_PAGES = frozenset({  # never sniffed: pictures, styles, scripts, documents, archives
    ".css", ".js", ".json", ".xml", ".rss", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg",
    ".ico", ".bmp", ".tif", ".tiff", ".mp3", ".mp4", ".webm", ".avi", ".pdf", ".doc", ".docx",
    ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".gz", ".7z", ".woff", ".woff2", ".ttf",
    ".eot", ".swf", ".md", ".yaml", ".yml",
})

MIN_ITEMS = 32  # fewer pages are read faster here than by starting workers


@dataclass
class ImportReport:
    drafts: list[tuple[Draft, Written]] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # one plain message per file
    files: int = 0  # files read (or tried)
    found: int = 0  # articles found in them
    duplicates: list[tuple[Draft, Draft]] = field(default_factory=list)  # (copy, its draft)
    imported_before: list[tuple[Draft, str]] = field(default_factory=list)  # (copy, article)
    markdown: str = ""  # the report of the import (importing.summary)
    report_file: Path | None = None  # where it was written (not with --dry-run)


def site_registries(site: Path) -> Registries | None:
    """The site's registries, to name venues as the site does; None if they cannot be read
    (the build reports why; the import goes on without them)."""
    config, _ = load_config(site)
    zone = ZoneInfo(config.timezone if config else Config.timezone)  # the default, if broken
    problems = Problems()
    registries = load_registries(site, zone, problems,
                                 AddressRules.of(config) if config else None)
    return None if problems.errors else registries


def import_files(site: Path, files: list[Path], dry_run: bool = False,
                 today: datetime.date | None = None,
                 progress: Callable[[str, int], Progress] | None = None,
                 jobs: int = 1) -> ImportReport:
    """Drafts of every article in ``files`` (files, or folders walked for pages), written under
    ``site``/content (not with ``dry_run``). Unreadable files are reported and skipped; copies
    of one article become one draft (the most complete copy, the first of equals), and articles
    the site already has none."""
    report = ImportReport()
    pages = find_pages(files)
    report.files = len(pages)
    reader = partial(read_articles, registries=site_registries(site), tags=known_tags(site),
                     today=today or datetime.date.today())
    existing = site_articles(site)
    seen: Seen[int] = Seen()  # what each draft's fingerprints stand for: its place in drafts
    drafts: list[Draft] = []
    copies: list[tuple[Draft, int]] = []  # a copy left out, and the draft kept instead
    if jobs > 1 and len(pages) >= MIN_ITEMS and any(is_html(p, b"") for p in pages):
        load_html_reader()
    advance = progress(_("Reading pages"), len(pages)) if progress and pages else None
    for read in pool_imap(reader, pages, jobs, min_items=MIN_ITEMS, progress=advance):
        if isinstance(read, str):
            report.unreadable.append(read)
            continue
        for draft, print_ in read:
            report.found += 1
            before = existing.find(print_)
            if before is not None:
                report.imported_before.append((draft, before))
                continue
            number = seen.find(print_)
            if number is None:
                number = len(drafts)
                drafts.append(draft)
            elif completeness(draft) > completeness(drafts[number]):
                copies.append((drafts[number], number))  # the better copy is kept
                drafts[number] = draft
            else:
                copies.append((draft, number))
                continue
            seen.add(print_, number)
    report.duplicates = [(copy, drafts[number]) for copy, number in copies]
    report.drafts = list(zip(drafts, write_drafts(site, drafts, dry_run), strict=True))
    write_report(site, report, dry_run)
    return report


def write_report(site: Path, report: ImportReport, dry_run: bool) -> None:
    """The report of the import, in ``report.markdown``, and written to
    <site>/.cache/import-report.md unless ``dry_run``."""
    target = report_path(site)
    files = {id(draft): written.path for draft, written in report.drafts}
    counts = Counts(report.files, report.found, len(report.drafts), len(report.duplicates),
                    len(report.imported_before), len(report.unreadable))
    report.markdown = render(
        counts, [(draft, written.path) for draft, written in report.drafts],
        [(copy, kept, files.get(id(kept))) for copy, kept in report.duplicates],
        [(copy, site / shown) for copy, shown in report.imported_before], report.unreadable,
        target.parent, dry_run)
    if dry_run:
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(report.markdown, encoding="utf-8")
    except OSError as exc:
        raise ImportStopped(_("cannot write {path}: {reason}").format(
            path=target, reason=exc.strerror)) from None
    report.report_file = target


def read_articles(path: Path, registries: Registries | None, tags: list[str],
                  today: datetime.date) -> list[tuple[Draft, Fingerprint]] | str:
    """The drafts of the articles in one file, with their fingerprints, or why it cannot be
    read (runs in a worker process)."""
    try:
        page = read_page(path)
    except UnreadablePage as exc:
        return str(exc)
    found = []
    for text in cut_articles(page):
        text.url = text.url or page.url  # what a saved page says of itself, if the text
        text.publisher = text.publisher or page.publisher  # did not say it
        draft = extract_draft(text, page.origin, registries, tags, today)
        draft.url = clean_url(draft.url)
        found.append((draft, draft_fingerprint(draft)))
    return found


def find_pages(paths: list[Path]) -> list[Path]:
    """The files to read: each file named, and in each folder named (and its folders), the
    pages: .html, .htm, .txt files, and pages a mirror saved without an extension
    ('index.php?id=5'), never the '_files' folders a saved page keeps its pictures in."""
    found: dict[Path, None] = {}
    for path in paths:
        if not path.is_dir():
            found[path] = None
            continue
        for folder, folders, names in os.walk(path):
            folders[:] = sorted(f for f in folders
                                if not f.startswith(".") and not f.endswith(ASSET_FOLDERS))
            for name in sorted(names):
                file = Path(folder) / name
                if not name.startswith(".") and _is_page(file):
                    found[file] = None
    return list(found)


def _is_page(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in PAGE_SUFFIXES:
        return True
    if suffix in NOT_PAGES or not path.is_file():
        return False
    try:
        with path.open("rb") as file:
            head = file.read(1024)
    except OSError:
        return False
    return is_html(path, head)
