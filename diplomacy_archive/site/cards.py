"""Sharing cards and images: what a page shows when it is shared on a social network.

An article's picture is its first image; an article without one, and a page of the site when
``image:`` is not set, get a card: a 1200×630 PNG with the title and the site's name, drawn at
build time (output.cards). A card's address holds the digest of what it shows, so a changed
title is a new address (networks cache pictures by address) and an unchanged one is drawn once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from diplomacy_archive.model.indexes import SiteIndex
from diplomacy_archive.site.urls import Urls
from diplomacy_archive.source.articles import Article
from diplomacy_archive.source.config import Config

View = dict[str, Any]

# Raise it whenever the drawing of a card changes (layout, colours, font): every card is then
# drawn again and gets a new address.
CARD_VERSION = 1
CARD_FONT = "fonts/BeVietnamPro-Bold.ttf"  # under the theme's assets/; a site may replace it
CARDS_DIR = "anh-chia-se"
CARD_SIZE = (1200, 630)  # what Facebook, LinkedIn and X show in full
LOGO_SIZE = (512, 512)  # Google asks for a raster logo of 112×112 or more


@dataclass(frozen=True)
class Card:
    """A picture to draw: ``kind`` "card" (title over the site's name) or "logo" (the site's
    name in a square)."""

    title: str
    site: str
    kind: str = "card"

    @property
    def size(self) -> tuple[int, int]:
        return LOGO_SIZE if self.kind == "logo" else CARD_SIZE

    @property
    def key(self) -> str:
        """The digest of what the card shows and how it is drawn."""
        what = json.dumps([CARD_VERSION, CARD_FONT, self.kind, self.title, self.site],
                          ensure_ascii=False)
        return hashlib.blake2b(what.encode(), digest_size=10).hexdigest()

    @property
    def path(self) -> str:
        prefix = "logo-" if self.kind == "logo" else ""
        return f"{CARDS_DIR}/{prefix}{self.key}.png"


def article_card(article: Article, config: Config) -> Card:
    return Card(article.title, config.title)


def site_card(config: Config) -> Card:
    return Card(config.title, config.description)


def logo_card(config: Config) -> Card:
    return Card(config.publisher or config.title, "", "logo")


def cards_needed(config: Config, index: SiteIndex, pictured: Collection[str] = ()) -> list[Card]:
    """Every card the pages show: one per article without a picture (in its ``images:``, or
    ``pictured``: the ids of those whose body shows one), the site's (unless ``image:`` is
    set) and the publisher's logo; each once, in a stable order."""
    cards = {article_card(a, config): None for a in index.articles.values()
             if not a.images and a.id not in pictured}
    if not config.image:
        cards[site_card(config)] = None
    if not raster_logo(config):
        cards[logo_card(config)] = None
    return list(cards)


RASTER = (".png", ".jpg", ".jpeg", ".webp", ".gif")


def raster_logo(config: Config) -> str:
    """The site's ``logo:`` when it is a raster picture (Google takes no SVG logo), else ""."""
    return config.logo if config.logo.lower().endswith(RASTER) else ""


def image_view(url: str, width: int | None, height: int | None, alt: str) -> View:
    return {"url": url, "width": width, "height": height, "alt": alt}


def article_image(article: Article, urls: Urls, config: Config,
                  lead: View | None = None) -> View:
    """What an article shares: its lead image (``lead``, with its size, when the image stage
    measured it), else its first image, else its card."""
    if lead and lead.get("url"):
        url = str(lead["url"])
        absolute = url if url.startswith(("http://", "https://")) else \
            urls.absolute(url.removeprefix(urls.base_path).lstrip("/"))
        return image_view(absolute, lead.get("width"), lead.get("height"),
                          str(lead.get("alt") or (article.images[0].caption
                                                  if article.images else "")))
    if article.images:
        first = article.images[0]
        return image_view(urls.absolute(first.src.lstrip("/")), None, None,
                          first.caption or article.title)
    card = article_card(article, config)
    return image_view(urls.absolute(card.path), *card.size, article.title)


def site_image(urls: Urls, config: Config) -> View:
    """What the pages other than articles share: ``image:``, else the site's card."""
    if config.image:
        return image_view(urls.absolute(config.image.lstrip("/")), None, None, config.title)
    card = site_card(config)
    return image_view(urls.absolute(card.path), *card.size, config.title)


def logo_image(urls: Urls, config: Config) -> View:
    """The publisher's logo as schema.org wants it: a raster picture, the site's ``logo:``
    when it is one, else a PNG of the publisher's name (the default logo is an SVG)."""
    if raster_logo(config):
        return image_view(urls.absolute(config.logo.lstrip("/")), None, None,
                          config.publisher or config.title)
    card = logo_card(config)
    return image_view(urls.absolute(card.path), *card.size, config.publisher or config.title)
