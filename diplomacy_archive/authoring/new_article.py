"""`new TITLE`: write an article skeleton with every front-matter field explained; never
overwrite."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from diplomacy_archive.problems import ArchiveError
from diplomacy_archive.source.articles import CONTENT_DIR, MAX_SLUG_LENGTH
from diplomacy_archive.source.config import load_config
from diplomacy_archive.text.vietnamese import clean_text, slugify

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"

SKELETON = """\
---
title: {title}
{slug_line}date: {date}              # YYYY-MM-DD or DD/MM/YYYY; month or year only: 2020-11, 2020
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

Write the article here, in Markdown.
"""


class ArticleExists(ArchiveError):
    """The file for this title exists already; nothing was changed."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists")
        self.path = path


def create_article(site: Path, title: str, day: date | None, slug: str | None) -> Path:
    """Create ``content/<yyyy>/<slug>.md``; refuses to touch an existing file."""
    title = clean_text(title)
    if not title:
        raise ArchiveError("the title is empty; write it in quotes: new \"Tọa đàm ...\"")
    slug = slug if slug is not None else slugify(title)
    if len(slug) > MAX_SLUG_LENGTH:
        raise ArchiveError(f"the slug is {len(slug)} characters long; give --slug with at most "
                           f"{MAX_SLUG_LENGTH}")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug or ""):
        raise ArchiveError(f"'{slug}' cannot be a file name; give --slug with a-z, 0-9 and '-'")
    day = day or datetime.now(_site_zone(site)).date()
    path = site / CONTENT_DIR / f"{day.year:04d}" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    slug_line = f"slug: {slug}\n" if slug != slugify(title) else ""
    text = SKELETON.format(title=json.dumps(title, ensure_ascii=False), date=day.isoformat(),
                           slug_line=slug_line)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        raise ArticleExists(path) from None
    return path


def _site_zone(site: Path) -> ZoneInfo:
    config, _ = load_config(site)
    return config.tzinfo if config is not None else ZoneInfo(DEFAULT_TIMEZONE)
