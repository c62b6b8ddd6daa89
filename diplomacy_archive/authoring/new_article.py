"""`new TITLE`: write an article skeleton with every front-matter field explained; never
overwrite."""

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
from diplomacy_archive.text.dates import (
    FORMATS_HINT,
    DateError,
    EventDate,
    Precision,
    parse_event_date,
)
from diplomacy_archive.text.vietnamese import clean_text, slugify

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"

# Every comment of the skeleton is translated (i18n): the Vietnamese catalogue has the whole.
SKELETON = N_("""\
---
title: {title}
{slug_line}date: {date:<23} # YYYY-MM-DD or DD/MM/YYYY; month or year only: 2020-11, 2020
# date_note: ""               # how the date is known, if it is not certain
venue:                        # the province or city, e.g. Hà Nội
speakers:                     # one per line; the role held on that date
  # - name: Nguyễn Văn A
  #   role: Chủ tịch ...
directives: []                # documents cited, e.g. [Chỉ thị 12-CT/TW, Công văn 297-CV/BĐNTW]
tags: []                      # e.g. [tọa đàm, VUFO]
# summary: ""                 # one sentence; otherwise the first paragraph is used
# author: ""
# source: {{publisher: "", url: "https://..."}}
# images: [{{src: /images/anh.jpg, caption: "", credit: ""}}]
draft: true                   # change to false (or delete this line) to publish
---

{placeholder}
""")

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
    slug_line = f"slug: {slug}\n" if slug != slugify(title) else ""
    text = _(SKELETON).format(title=json.dumps(title, ensure_ascii=False), date=written,
                           slug_line=slug_line, placeholder=SKELETON_PLACEHOLDERS[language()])
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        raise ArticleExists(path) from None
    return path


def _site_zone(site: Path) -> ZoneInfo:
    config, _ = load_config(site)
    return config.tzinfo if config is not None else ZoneInfo(DEFAULT_TIMEZONE)
