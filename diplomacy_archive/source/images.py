"""The pictures an article shows, as records: where the article names each one (an item of
``images:`` in its front matter, or an <img> of its body, with the line), and what a picture
file of the site's static/ folder is (its digest and size, measured by output.images)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from diplomacy_archive.source.site_folders import STATIC_DIR

if TYPE_CHECKING:  # (not imported at run time: the cache's records are read without it)
    from diplomacy_archive.source.articles import Article

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# Pictures a browser shows as they are: not measured, not resized (an SVG is drawn at any size).
VECTOR_SUFFIXES = (".svg", ".svgz")


@dataclass(frozen=True)
class ImageUse:
    """One place an article names a picture of the site: ``src`` as the site serves it
    (``/images/anh.jpg``), the line of the file that names it, the field (``images[0]``, or
    ``body``) and what it says the picture shows."""

    src: str
    line: int | None
    field: str
    alt: str = ""  # the caption of an item of images:, the alt text of an <img>


@dataclass(frozen=True)
class ImageInfo:
    """A picture file as measured: the digest of its bytes, its size in pixels as a browser
    shows it (after its EXIF orientation), and whether smaller copies are made of it (not of an
    animation, nor of a vector picture, whose size is then 0 × 0)."""

    digest: str
    width: int
    height: int
    resizable: bool = True


def static_key(src: str) -> str:
    """The input key of the file that serves ``src``: ``/images/a%20b.jpg`` ->
    ``static/images/a b.jpg``."""
    return f"{STATIC_DIR}/{unquote(urlsplit(src).path).lstrip('/')}"


def is_vector(src: str) -> bool:
    return urlsplit(src).path.lower().endswith(VECTOR_SUFFIXES)


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = attrs

    handle_startendtag = handle_starttag


def tag_attributes(tag: str) -> list[tuple[str, str | None]]:
    """The attributes of one start tag (``<img src="..." alt="...">``), entities decoded."""
    parser = _Attributes()
    parser.feed(tag)
    parser.close()
    return parser.attrs


def site_src(src: str, base_path: str) -> str | None:
    """The picture of the site an <img src> of a body names (``/luu-tru/images/a.jpg`` under
    the base path ``/luu-tru/`` -> ``/images/a.jpg``); None for another website's, a relative
    or a data: address."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path.startswith(base_path):
        return None
    return "/" + parts.path[len(base_path):]


def body_image_srcs(html: str, base_path: str) -> list[tuple[str, str]]:
    """The site's pictures an article body's HTML shows, in order (each as often as shown),
    with their alt text."""
    found = []
    for match in IMG_TAG.finditer(html):
        attributes = dict(tag_attributes(match.group()))
        src = attributes.get("src")
        local = site_src(src, base_path) if src else None
        if local is not None:
            found.append((local, attributes.get("alt") or ""))
    return found


def image_uses(article: Article, body_html: str, base_path: str) -> tuple[ImageUse, ...]:
    """Every place ``article`` names a picture of the site: its front matter's ``images:``,
    then its body (``body_html``, converted from ``article.body``, which must still hold the
    Markdown: each <img> is placed at the first line of the body that names its file)."""
    uses = [ImageUse(image.src, image.line if image.line is not None
                     else article.lines.get("images"), f"images[{number}]", image.caption)
            for number, image in enumerate(article.images)]
    lines = article.body.split("\n")
    for src, alt in body_image_srcs(body_html, base_path):
        uses.append(ImageUse(src, _body_line(article, lines, src), "body", alt))
    return tuple(uses)


def _body_line(article: Article, lines: list[str], src: str) -> int:
    """The file line of the body that first names ``src`` (as written, or with its
    %-escapes decoded); the body's first line when none does."""
    path = urlsplit(src).path
    names = {path, unquote(path), path.lstrip("/"), unquote(path).lstrip("/")}
    for offset, line in enumerate(lines):
        if any(name and name in line for name in names):
            return article.body_line + offset
    return article.body_line
