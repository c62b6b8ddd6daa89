"""Machine-readable outputs beside the HTML pages: for now the data export."""

from __future__ import annotations

import json

from .config import Config
from .files import OutputFile
from .indexes import SiteIndex
from .markup import Body
from .urls import Urls
from .views import export_article

EXPORT_PATH = "data/articles.json"


def data_export(config: Config, index: SiteIndex, bodies: dict[str, Body]) -> OutputFile:
    """``/data/articles.json``: every published article, newest first, for researchers and tests."""
    urls = Urls.from_config(config)
    records = [export_article(index.articles[i], bodies[i], index, urls) for i in index.newest_first]
    content = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    return OutputFile(EXPORT_PATH, content.encode("utf-8"), "the data export",
                      sources=index.newest_first)
