"""The import command's work: read each file, cut it into articles, extract drafts, write them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from diplomacy_archive.importing.fields import extract_draft
from diplomacy_archive.importing.readers import UnreadablePage, read_page
from diplomacy_archive.importing.record import Draft
from diplomacy_archive.importing.review import known_tags
from diplomacy_archive.importing.split import cut_articles
from diplomacy_archive.importing.writer import Written, write_drafts
from diplomacy_archive.problems import Problems
from diplomacy_archive.source.addresses import AddressRules
from diplomacy_archive.source.config import Config, load_config
from diplomacy_archive.source.registries import Registries, load_registries


@dataclass
class ImportReport:
    drafts: list[tuple[Draft, Written]] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # one plain message per file


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
                 today: datetime.date | None = None) -> ImportReport:
    """Drafts of every article in ``files``, written under ``site``/content (not with
    ``dry_run``). Unreadable files are reported and skipped; the others are imported."""
    report = ImportReport()
    registries = site_registries(site)
    tags = known_tags(site)
    today = today or datetime.date.today()
    drafts: list[Draft] = []
    for path in files:
        try:
            page = read_page(path)
        except UnreadablePage as exc:
            report.unreadable.append(str(exc))
            continue
        for text in cut_articles(page):
            text.url = text.url or page.url  # what a saved page says of itself, if the text
            text.publisher = text.publisher or page.publisher  # did not say it
            drafts.append(extract_draft(text, page.origin, registries, tags, today))
    report.drafts = list(zip(drafts, write_drafts(site, drafts, dry_run), strict=True))
    return report
