"""`new TITLE`: write an article skeleton with every front-matter field explained
(source.front_matter_form); never overwrite."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from diplomacy_archive.i18n import N_, _, language
from diplomacy_archive.problems import ArchiveError, UsageError
from diplomacy_archive.source.articles import CONTENT_DIR, MAX_SLUG_LENGTH, SKELETON_PLACEHOLDERS
from diplomacy_archive.source.config import load_config
from diplomacy_archive.source.front_matter_form import skeleton
from diplomacy_archive.text.dates import (
    FORMATS_HINT,
    DateError,
    EventDate,
    Precision,
    parse_event_date,
)
from diplomacy_archive.text.vietnamese import clean_text, slugify

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"

# The forms of --date, as a refused one is told (the same as front matter's: text/dates.py).
DATE_FORMS = N_("2021-06-18 or 18/06/2021 (day first), 2021-06-18 09:30 with the time, 2020-11 "
                "or 11/2020 when only the month is known, 2020 when only the year is")


class ArticleExists(ArchiveError):
    """The file for this title exists already; nothing was changed."""

    def __init__(self, path: Path) -> None:
        super().__init__(_("{path} already exists").format(path=path))
        self.path = path


def read_date(site: Path, text: str) -> EventDate:
    """``--date`` read as front matter reads a date, in the site's time zone; a UsageError
    listing the forms it may take when it is not one."""
    try:
        return parse_event_date(text, _site_zone(site))
    except DateError as exc:
        if exc.hint_template != FORMATS_HINT:  # (that hint lists the forms: not twice)
            message = _("--date: {error} ({hint}); write the event date as {forms}")
        else:
            message = _("--date: {error}; write the event date as {forms}")
        raise UsageError(message.format(error=exc, hint=exc.hint, forms=_(DATE_FORMS))) from None


def front_matter_date(when: EventDate) -> str:
    """The date as the skeleton writes it: the plain form front matter reads, at the date's
    precision (2020, 2020-11, 2021-06-18, 2021-06-18 09:30), in the site's time zone."""
    if when.precision is Precision.MINUTE:
        return when.moment.strftime("%Y-%m-%d %H:%M:%S" if when.moment.second
                                    else "%Y-%m-%d %H:%M")
    return when.iso()


def create_article(site: Path, title: str, when: EventDate | None, slug: str | None) -> Path:
    """Create ``content/<yyyy>/<slug>.md`` dated ``when`` (default: today in the site's time
    zone); refuses to touch an existing file."""
    title = clean_text(title)
    if not title:
        raise ArchiveError(_("the title is empty; write it in quotes: new \"Tọa đàm ...\""))
    slug = slug if slug is not None else slugify(title)
    if len(slug) > MAX_SLUG_LENGTH:
        raise ArchiveError(_("the slug is {length} characters long; give --slug with at most "
                             "{most}").format(length=len(slug), most=MAX_SLUG_LENGTH))
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug or ""):
        raise ArchiveError(_("'{slug}' cannot be a file name; give --slug with a-z, 0-9 and "
                             "'-'").format(slug=slug))
    if when is None:
        today = datetime.now(_site_zone(site)).date()
        year, written = today.year, today.isoformat()
    else:
        year, written = when.year, front_matter_date(when)
    path = site / CONTENT_DIR / f"{year:04d}" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {"title": json.dumps(title, ensure_ascii=False), "date": written, "draft": "true"}
    if slug != slugify(title):
        values["slug"] = slug
    text = f"{skeleton(values, language())}\n{SKELETON_PLACEHOLDERS[language()]}\n"
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        raise ArticleExists(path) from None
    return path


def _site_zone(site: Path) -> ZoneInfo:
    config, _ = load_config(site)
    return config.tzinfo if config is not None else ZoneInfo(DEFAULT_TIMEZONE)
