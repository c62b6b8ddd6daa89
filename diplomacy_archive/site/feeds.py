"""Atom feeds as view-models: the whole archive's and one per tag, speaker, venue and directive.

The feeds are rendered from the theme's ``atom.xml`` template like any page, so they are rebuilt
only when what they show changed and a site can override them. Everything in a feed is absolute:
feed readers do not know the site's base path.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from diplomacy_archive import __version__
from diplomacy_archive.model.indexes import Term
from diplomacy_archive.site.urls import Urls
from diplomacy_archive.site.views import View
from diplomacy_archive.source.articles import Article
from diplomacy_archive.source.bodies import Body
from diplomacy_archive.source.config import Config

FEED_FILE = "atom.xml"
# Characters XML 1.0 forbids; Markdown lets an editor paste them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Links inside the site, as our HTML writes them: root-relative, always in double quotes.
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def feed_path(page_path: str) -> str:
    """Where the feed of a page's articles goes: ``chu-de/x/`` -> ``chu-de/x/atom.xml``."""
    return page_path + FEED_FILE


def feed_link(title: str, page_path: str, urls: Urls) -> View:
    """What a page needs to announce its feed."""
    return {"title": title, "url": urls.link(feed_path(page_path))}


def tag_id(config: Config, path: str) -> str:
    """A permanent id (Atom's ``id``) as a tag: URI (RFC 4151): the site's tagging entity and a
    site-relative path, ``tag:example.org,2024:bai-viet/x/``. Unlike an address, it stays the
    same when the site moves to another host or folder (config.yaml's ``feed_id_authority``
    keeps the old entity; see docs/configuration.md); a feed reader then shows no entry twice."""
    return f"tag:{config.tag_authority}:{path}"


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def absolute_links(html: str, base_url: str) -> str:
    """Root-relative links and images made absolute, for readers outside the site."""
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}/"
    return _ROOT_RELATIVE.sub(lambda m: m.group(1) + origin, html)


def entry_view(article: Article, body: Body, tags: list[Term], urls: Urls, config: Config,
               full_text: bool = True) -> View:
    """One article as an Atom entry: permalink, dates with their offset, summary and, in the
    archive's own feed, the full text (the feeds of each tag, speaker, venue and directive
    carry summaries only: with the text they were half of a 1,000-article site's bytes)."""
    url = urls.absolute(urls.article(article.slug))
    return {
        "title": xml_text(article.title),
        "id": tag_id(config, urls.article(article.slug)),
        "url": url,
        "published": article.date.timestamp(),
        "updated": (article.updated or article.date).timestamp(),
        "author": xml_text(article.author or config.publisher or config.title),
        "lang": article.lang,
        "summary": xml_text(body.summary),
        "content": xml_text(absolute_links(body.html, config.base_url)) if full_text else "",
        "categories": [{"term": t.slug, "label": xml_text(t.name),
                        "scheme": urls.absolute(urls.path("tags"))} for t in tags],
    }


def feed_view(title: str, page_path: str, entries: list[View], urls: Urls, config: Config,
              subtitle: str = "") -> View:
    """A whole feed; its ``updated`` is the newest entry's, so an unchanged feed stays the same
    byte for byte from one build to the next."""
    return {
        "title": xml_text(title),
        "subtitle": xml_text(subtitle),
        "id": tag_id(config, feed_path(page_path)),
        "self": urls.absolute(feed_path(page_path)),
        "alternate": urls.absolute(page_path),
        "lang": config.language,
        "publisher": xml_text(config.publisher or config.title),
        "updated": max((e["updated"] for e in entries), default="1970-01-01T00:00:00+00:00"),
        "generator": {"name": "diplomacy-archive", "version": __version__},
        "entries": entries,
    }

