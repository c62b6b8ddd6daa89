"""Machine-readable outputs beside the HTML pages: for now the data export."""

from __future__ import annotations

import json
from collections.abc import Callable

from diplomacy_archive.i18n import N_, kept_message
from diplomacy_archive.model.indexes import SiteIndex
from diplomacy_archive.output.files import OutputFile
from diplomacy_archive.site.urls import Urls
from diplomacy_archive.site.views import export_article
from diplomacy_archive.source.bodies import Body
from diplomacy_archive.source.config import Config

EXPORT_PATH = "data/articles.json"
# (article id, its summary, make its line) -> its line: how a build reuses the lines it made
LineOf = Callable[[str, str, Callable[[], str]], str]


def _made(_article_id: str, _summary: str, make: Callable[[], str]) -> str:
    return make()


def data_export(config: Config, index: SiteIndex, bodies: dict[str, Body],
                line_of: LineOf = _made) -> OutputFile:
    """``/data/articles.json``: every published article, newest first, one per line.

    Each line comes from ``line_of``, which may give back a line made before for the same
    article and summary (with the same index) instead of making it.
    """
    urls = Urls.from_config(config)

    def line(article_id: str) -> str:
        def make() -> str:
            record = export_article(index.articles[article_id], bodies[article_id], index, urls)
            # json's C encoder does the work; indent= would use the pure-Python one, 10x slower
            return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
        return line_of(article_id, bodies[article_id].summary, make)

    body = ",\n".join(line(article_id) for article_id in index.newest_first)
    content = f"[\n{body}\n]\n" if index.newest_first else "[]\n"
    return OutputFile(EXPORT_PATH, content.encode("utf-8"),
                      kept_message(N_("the data export")),
                      sources=index.newest_first)
