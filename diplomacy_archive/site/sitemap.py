"""sitemap.xml and robots.txt as view-models: every page's address and when it last changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from diplomacy_archive.site.urls import Urls
from diplomacy_archive.site.views import View
from diplomacy_archive.text.dates import EventDate

SITEMAP_FILE = "sitemap.xml"
ROBOTS_FILE = "robots.txt"
URLS_PER_SITEMAP = 50_000  # the sitemaps.org limit; above it, sitemap.xml lists several files


def last_changed(dates: Iterable[EventDate]) -> datetime | None:
    """The newest of some articles' dates (their ``updated`` or their own), None for none."""
    return max((d.moment for d in dates), default=None)


def _w3c(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""


def sitemap_part_path(number: int) -> str:
    return f"sitemap-{number}.xml"


def sitemap_files(pages: int, limit: int = URLS_PER_SITEMAP) -> list[tuple[str, str]]:
    """The sitemap files (path, template) for a number of pages; see sitemap_views."""
    if pages <= limit:
        return [(SITEMAP_FILE, "sitemap.xml")]
    parts = -(-pages // limit)
    return [(SITEMAP_FILE, "sitemap-index.xml"),
            *((sitemap_part_path(n), "sitemap.xml") for n in range(1, parts + 1))]


def sitemap_views(pages: list[tuple[str, datetime | None]], urls: Urls,
                  limit: int = URLS_PER_SITEMAP) -> list[tuple[str, str, View]]:
    """The sitemap files for ``pages`` (path, lastmod): (file, template, values) for each,
    in the order of sitemap_files.

    Up to ``limit`` addresses, sitemap.xml lists them; above it, sitemap.xml is an index of
    sitemap-1.xml, sitemap-2.xml... each holding at most ``limit``.
    """
    def entries(chunk: list[tuple[str, datetime | None]]) -> View:
        return {"urls": [{"loc": urls.absolute(path), "lastmod": _w3c(moment)}
                         for path, moment in chunk]}

    if len(pages) <= limit:
        return [(SITEMAP_FILE, "sitemap.xml", entries(pages))]
    parts = [pages[i:i + limit] for i in range(0, len(pages), limit)]
    files = [(sitemap_part_path(n), "sitemap.xml", entries(part))
             for n, part in enumerate(parts, start=1)]
    index = {"sitemaps": [{"loc": urls.absolute(sitemap_part_path(n)),
                           "lastmod": _w3c(max((m for _, m in part if m), default=None))}
                          for n, part in enumerate(parts, start=1)]}
    return [(SITEMAP_FILE, "sitemap-index.xml", index), *files]
