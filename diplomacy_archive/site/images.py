"""Responsive pictures: the smaller copies of each picture of the site (their widths, formats
and output paths) and what pages show of them: <picture> with a srcset per format, the
picture's own width and height (no layout shift), lazy loading, and the bodies' <img> made
into the same. The copies themselves are made by output.images."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from diplomacy_archive.site.urls import Urls
from diplomacy_archive.source.images import (
    IMG_TAG,
    ImageInfo,
    ImageUse,
    site_src,
    static_key,
    tag_attributes,
)
from diplomacy_archive.text.vietnamese import slugify

View = dict[str, Any]

# The formats of the smaller copies, best first (a browser takes the first it can show).
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp"}
# How wide the article's pictures are shown: the text column (var(--measure), about 40rem),
# the whole window on a phone. The browser picks the smallest copy that fills that at its
# pixel density.
SIZES = "(max-width: 42rem) 100vw, 40rem"
# Attributes of a body's <img> this module writes itself.
_OWN_ATTRIBUTES = {"width", "height", "srcset", "sizes", "decoding"}


@dataclass(frozen=True)
class Pictures:
    """What the image stage found: each picture of the site the articles show, measured, by
    its input key (``static/images/anh.jpg``), the widths and formats of the smaller copies,
    and each article's first picture (by article id)."""

    infos: Mapping[str, ImageInfo] = field(default_factory=dict)
    widths: tuple[int, ...] = ()
    formats: tuple[str, ...] = ()
    leads: Mapping[str, ImageUse] = field(default_factory=dict)

    def info(self, src: str) -> ImageInfo | None:
        return self.infos.get(static_key(src))


def variant_widths(info: ImageInfo, widths: tuple[int, ...]) -> list[int]:
    """The widths of the smaller copies of a picture: each of ``widths`` below its own, and
    the largest of ``widths`` or its own width if smaller (never wider than the picture)."""
    if not info.resizable or not widths or info.width <= 0:
        return []
    top = min(info.width, max(widths))
    return sorted({w for w in widths if w < top} | {top})


def variant_height(info: ImageInfo, width: int) -> int:
    return max(1, round(info.height * width / info.width))


def variant_path(src: str, info: ImageInfo, width: int, kind: str) -> str:
    """The output path of a copy: beside the picture, its name made safe for addresses, with
    the digest of the picture's bytes (a changed picture gets new addresses, so no browser or
    cache shows the old copies): ``/images/Ảnh 1.jpg`` ->
    ``images/anh-1-0123abcd-480w.webp``."""
    path = unquote(urlsplit(src).path).lstrip("/")
    folder, _, name = path.rpartition("/")
    stem = slugify(name.rsplit(".", 1)[0]) or "anh"
    return f"{folder + '/' if folder else ''}{stem}-{info.digest[:8]}-{width}w.{kind}"


def variants(src: str, info: ImageInfo, pictures: Pictures) -> list[tuple[str, int, str]]:
    """Every copy of a picture as (output path, width, format)."""
    return [(variant_path(src, info, width, kind), width, kind)
            for kind in pictures.formats for width in variant_widths(info, pictures.widths)]


def _address(urls: Urls, path: str) -> str:
    """A link to an output file, %-escaped so that a srcset can hold it."""
    return urls.link(quote(path))


def picture_view(src: str, pictures: Pictures, urls: Urls, alt: str, lead: bool = False
                 ) -> View:
    """A picture as templates show it: ``src`` (the original, for browsers that take neither
    format), ``width`` and ``height`` (None when not known), ``sources`` (``type``,
    ``srcset``) best format first, ``srcset`` (the WebP copies), ``sizes``, ``alt``, and
    ``loading`` and ``fetchpriority`` (the first picture of an article page is fetched at once,
    the others when they come near the screen)."""
    info = pictures.info(src)
    made = variants(src, info, pictures) if info is not None else []
    sources = [{"type": MIME_TYPES[kind],
                "srcset": ", ".join(f"{_address(urls, path)} {width}w"
                                    for path, width, of in made if of == kind)}
               for kind in pictures.formats if any(of == kind for _, _, of in made)]
    known = info is not None and info.width > 0
    return {
        "src": urls.link(src.lstrip("/")),
        "width": info.width if known and info else None,
        "height": info.height if known and info else None,
        "sources": sources,
        "srcset": next((s["srcset"] for s in sources if s["type"] == MIME_TYPES["webp"]), ""),
        "sizes": SIZES,
        "alt": alt,
        "loading": "eager" if lead else "lazy",
        "fetchpriority": "high" if lead else "",
    }


def lead_image(article_id: str, pictures: Pictures, urls: Urls, title: str) -> View | None:
    """An article's first picture (of its front matter, else of its body), for lists and for
    sharing: ``url`` (the original's link), ``width``, ``height``, ``alt``, and the responsive
    ``src``, ``srcset``, ``sources``, ``sizes`` of picture_view; None without a picture."""
    use = pictures.leads.get(article_id)
    if use is None:
        return None
    view = picture_view(use.src, pictures, urls, use.alt or title)
    return {"url": view["src"], **view, "loading": "lazy"}


def picture_markup(view: View, attributes: list[tuple[str, str | None]]) -> str:
    """HTML of a picture_view; ``attributes`` are the <img>'s others (alt, title, class...)."""
    img = [("src", view["src"]), *((n, v) for n, v in attributes if n not in ("src", "loading")),
           ("loading", dict(attributes).get("loading") or view["loading"]),
           ("decoding", "async")]
    if view["width"]:
        img[1:1] = [("width", str(view["width"])), ("height", str(view["height"]))]
    tag = "<img " + " ".join(name if value is None else f'{name}="{html.escape(value)}"'
                             for name, value in img) + ">"
    if not view["sources"]:
        return tag
    sources = "".join(f'<source type="{s["type"]}" srcset="{html.escape(s["srcset"])}" '
                      f'sizes="{html.escape(view["sizes"])}">' for s in view["sources"])
    return f"<picture>{sources}{tag}</picture>"


def body_pictures(body_html: str, pictures: Pictures, urls: Urls) -> str:
    """A body's HTML with each <img> of a picture of the site made responsive (picture_markup);
    the others as they are."""
    if "<img" not in body_html.lower():
        return body_html

    def responsive(match: Any) -> str:
        attributes = tag_attributes(match.group())
        src = dict(attributes).get("src")
        local = site_src(src, urls.base_path) if src else None
        if local is None or pictures.info(local) is None:
            return str(match.group())
        view = picture_view(local, pictures, urls, dict(attributes).get("alt") or "")
        return picture_markup(view, [(n, v) for n, v in attributes
                                     if n not in _OWN_ATTRIBUTES])
    return IMG_TAG.sub(responsive, body_html)
