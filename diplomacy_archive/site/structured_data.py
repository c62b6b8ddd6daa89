"""What search engines and reference managers read in a page's <head>: schema.org JSON-LD for
each kind of page, and an article's Highwire Press (``citation_*``) and Dublin Core meta tags.

Google shows at most 110 characters of an article's ``headline``: the JSON-LD one is cut at a
word (the page's <title> and <h1> never are).
"""

from __future__ import annotations

import unicodedata

from diplomacy_archive.site.cards import View
from diplomacy_archive.site.urls import Urls
from diplomacy_archive.source.articles import Article
from diplomacy_archive.source.config import Config
from diplomacy_archive.text.dates import EventDate, Precision

HEADLINE_LIMIT = 110
ELLIPSIS = "…"
CONTEXT = "https://schema.org"


def trim_headline(text: str, limit: int = HEADLINE_LIMIT) -> str:
    """``text`` if it has at most ``limit`` characters, else cut at the last space that leaves
    room for an ellipsis; a single longer word is cut between two letters, never between a
    letter and its combining marks."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    cut = text.rfind(" ", 0, room + 1)
    if cut <= 0:
        cut = room
        while cut > 0 and unicodedata.combining(text[cut]):
            cut -= 1
    return text[:cut].rstrip(" ,;:–-") + ELLIPSIS


def image_object(image: View) -> View:
    data: View = {"@type": "ImageObject", "url": image["url"]}
    if image.get("width") and image.get("height"):
        data["width"], data["height"] = image["width"], image["height"]
    return data


def publisher(config: Config, urls: Urls, logo: View) -> View:
    """The site's publisher, with its logo (a raster picture, as Google requires)."""
    return {"@type": "Organization", "name": config.publisher or config.title,
            "url": urls.absolute(""), "logo": image_object(logo)}


def breadcrumbs(trail: list[tuple[str, str]], urls: Urls) -> View:
    """schema.org BreadcrumbList from (name, site-relative path) pairs, the home page first."""
    return {"@type": "BreadcrumbList",
            "itemListElement": [{"@type": "ListItem", "position": n, "name": name,
                                 "item": urls.absolute(path)}
                                for n, (name, path) in enumerate(trail, start=1)]}


def collection_page(name: str, path: str, items: list[tuple[str, str]], urls: Urls,
                    config: Config, trail: list[tuple[str, str]], about: View | None = None,
                    kind: str = "CollectionPage") -> View:
    """A page listing things (articles, people, places, documents): schema.org CollectionPage
    whose main entity is an ItemList of the (name, absolute URL) ``items`` it shows."""
    data: View = {
        "@context": CONTEXT, "@type": kind, "name": name, "url": urls.absolute(path),
        "inLanguage": config.language,
        "isPartOf": {"@type": "WebSite", "name": config.title, "url": urls.absolute("")},
        "breadcrumb": breadcrumbs(trail, urls),
        "mainEntity": {"@type": "ItemList", "numberOfItems": len(items),
                       "itemListElement": [{"@type": "ListItem", "position": n, "name": title,
                                            "url": url}
                                           for n, (title, url) in enumerate(items, start=1)]},
    }
    if about is not None:
        data["about"] = about
    return data


def person(name: str, url: str, description: str = "", role: str = "") -> View:
    data: View = {"@type": "Person", "name": name, "url": url}
    if description:
        data["description"] = description
    if role:
        data["jobTitle"] = role
    return data


def place(name: str, url: str, province: str = "") -> View:
    data: View = {"@type": "Place", "name": name, "url": url}
    if province:
        data["address"] = {"@type": "PostalAddress", "addressRegion": province,
                           "addressCountry": "VN"}
    return data


def legislation(title: str, url: str, code: str = "", kind: str = "", issuer: str = "",
                issued: EventDate | None = None, subject: str = "") -> View:
    """A directive as schema.org Legislation (a Party or State document with its code)."""
    data: View = {"@type": "Legislation", "name": title, "url": url}
    if code:
        data["legislationIdentifier"] = code
    if kind:
        data["legislationType"] = kind
    if issuer:
        data["legislationPassedBy"] = {"@type": "Organization", "name": issuer}
    if issued is not None:
        data["legislationDate"] = issued.iso()[:10]
    if subject:
        data["description"] = subject
    return data


# ---------------------------------------------------------------- Highwire and Dublin Core

def highwire_date(date: EventDate) -> str:
    """Google Scholar's date form: ``2021/06/18``, ``2021/06`` or ``2021``."""
    m = date.moment
    if date.precision is Precision.YEAR:
        return f"{m.year:04d}"
    if date.precision is Precision.MONTH:
        return f"{m.year:04d}/{m.month:02d}"
    return f"{m.year:04d}/{m.month:02d}/{m.day:02d}"


def citation_meta(article: Article, tags: list[str], urls: Urls, config: Config
                  ) -> list[tuple[str, str]]:
    """The (name, content) pairs of an article's ``citation_*`` and ``DC.*`` meta tags, in
    the order they are written."""
    url = urls.absolute(urls.article(article.slug))
    site = config.title
    publisher_name = config.publisher or config.title
    meta: list[tuple[str, str]] = [("citation_title", article.title)]
    if article.author:
        meta.append(("citation_author", article.author))
    meta += [("citation_publication_date", highwire_date(article.date)),
             ("citation_journal_title", site), ("citation_publisher", publisher_name),
             ("citation_language", article.lang),
             ("citation_abstract_html_url", url), ("citation_public_url", url)]
    meta += [("citation_keywords", "; ".join(tags))] if tags else []
    meta += [("DC.title", article.title), ("DC.date", article.date.iso()[:10])]
    if article.author:
        meta.append(("DC.creator", article.author))
    meta += [("DC.publisher", publisher_name), ("DC.language", article.lang),
             ("DC.type", "Text"), ("DC.format", "text/html")]
    meta += [("DC.subject", tag) for tag in tags]
    meta.append(("DC.identifier", url))
    return meta


__all__ = ["breadcrumbs", "citation_meta", "collection_page", "legislation", "person",
           "place", "publisher", "trim_headline"]
