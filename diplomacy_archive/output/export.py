"""Machine-readable outputs beside the HTML pages: for now the data export."""

from __future__ import annotations

import json

from diplomacy_archive.model.indexes import SiteIndex
from diplomacy_archive.output.files import OutputFile
from diplomacy_archive.site.urls import Urls
from diplomacy_archive.site.views import export_article
from diplomacy_archive.source.bodies import Body
from diplomacy_archive.source.config import Config

EXPORT_PATH = "data/articles.json"
ExportLines = dict[str, tuple[str, str]]  # article id -> (its summary, its line of JSON)


def data_export(config: Config, index: SiteIndex, bodies: dict[str, Body],
                previous: ExportLines | None = None) -> tuple[OutputFile, ExportLines]:
    """``/data/articles.json``: every published article, newest first, one per line.

    ``previous`` holds lines made against the same index; a line is made again only when its
    article's summary changed. Returns the file and the lines for next time.
    """
    urls = Urls.from_config(config)
    lines: ExportLines = {}
    for article_id in index.newest_first:
        summary = bodies[article_id].summary
        old = previous.get(article_id) if previous else None
        if old is not None and old[0] == summary:
            lines[article_id] = old
            continue
        record = export_article(index.articles[article_id], bodies[article_id], index, urls)
        # json's C encoder does the work; indent= would use the pure-Python one, ten times slower
        lines[article_id] = (summary, json.dumps(record, ensure_ascii=False,
                                                 separators=(", ", ": ")))
    body = ",\n".join(line for _, line in lines.values())
    content = f"[\n{body}\n]\n" if lines else "[]\n"
    return (OutputFile(EXPORT_PATH, content.encode("utf-8"), "the data export",
                       sources=index.newest_first), lines)
