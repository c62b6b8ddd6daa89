"""Reading a raw page: plain text as copied from a browser, or a page saved as HTML.

Saved HTML is turned into the text a browser shows, one line per block (``browser_text``), and
then goes through the same chrome removal as a copied page: that keeps every line of the article
(bylines, captions, a second article on the page), where a main-text extractor (trafilatura,
tried first) dropped them. trafilatura, a maintained reader of news pages' metadata, still gives
the page's address and site name (Open Graph, JSON-LD, canonical links).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from diplomacy_archive.i18n import _
from diplomacy_archive.importing.record import RawPage
from diplomacy_archive.problems import display_path
from diplomacy_archive.text.vietnamese import clean_text

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<meta|<body)", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


class UnreadablePage(Exception):
    """A file that cannot be read as a page; the message says what to do."""


def decode(data: bytes, shown: str, html: bool) -> str:
    """UTF-8 (with or without a BOM), UTF-16 with a BOM (Windows Notepad's 'Unicode'), or, for
    HTML, the charset the page declares."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = _CHARSET.search(data[:4096]) if html else None
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        line = data.count(b"\n", 0, exc.start) + 1
        raise UnreadablePage(_(
            "{file}:{line}: the file is not UTF-8 text (byte {byte} cannot be read); open it "
            "in a text editor and save it again with the UTF-8 encoding").format(
            file=shown, line=line, byte=f"0x{data[exc.start]:02x}")) from None


def is_html(path: Path, data: bytes) -> bool:
    return path.suffix.lower() in HTML_SUFFIXES or bool(_HTML_START.match(data[:1024]))


def lines_of(text: str) -> tuple[str, ...]:
    """Non-empty lines, each cleaned (NFC, no control characters, single spaces)."""
    return tuple(line for line in (clean_text(raw) for raw in text.splitlines()) if line)


def read_page(path: Path) -> RawPage:
    """The page in ``path`` as lines of text; raises UnreadablePage with a plain message."""
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadablePage(_("{file}: cannot be read ({reason})").format(
            file=shown, reason=exc.strerror)) from None
    if not data.strip():
        raise UnreadablePage(_("{file}: the file is empty").format(file=shown))
    html = is_html(path, data)
    text = decode(data, shown, html)
    return html_page(text, shown) if html else RawPage(shown, lines_of(text))


def load_html_reader() -> None:
    """Load trafilatura now: once before worker processes fork, instead of once in each."""
    import trafilatura.metadata  # noqa: F401


def html_page(html: str, shown: str) -> RawPage:
    """The article text of a saved page, with its title, address and site name when it says."""
    from trafilatura.metadata import extract_metadata  # lxml loads only for HTML imports

    text = browser_text(html)
    if not text.strip():
        raise UnreadablePage(_("{file}: no article text was found in this HTML page; copy the "
                               "article's text from the browser into a .txt file and import "
                               "that").format(file=shown))
    meta = extract_metadata(html, extensive=False)  # its date is not used: no deep search
    lines = lines_of(text)
    title = clean_text(meta.title or "") if meta else ""
    if title and title not in lines:  # the <title> only when the page shows no such line
        lines = (title, *lines)
    return RawPage(shown, lines, url=(meta.url or "") if meta else "",
                   publisher=clean_text(meta.sitename or "") if meta else "")


# Elements whose text a reader never sees: scripts, styles, forms' option lists, embedded media.
_UNSEEN = frozenset({"script", "style", "noscript", "template", "head", "select", "datalist", "svg",
           "math", "iframe", "object", "embed", "canvas", "audio", "video", "map"})
# Elements a browser lays out as their own lines: copying the page puts line breaks around them.
_BLOCK_ELEMENTS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
    "main", "marquee", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul", "br", "option", "button",
})
_SPACES = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def browser_text(html: str) -> str:
    """The text of a saved page as a browser shows it and "select all, copy" gives it: one line
    per block (paragraph, heading, list item, table cell, caption), inline elements run together
    (a counter written one digit per <span> is one number), nothing a reader never sees
    (scripts, styles, hidden elements, drop-down lists). The page then goes through the same
    chrome removal as a copied page, which keeps every line of the article: a main-text
    extractor drops bylines, captions and the second of two articles on one page."""
    import lxml.html  # type: ignore[import-untyped]

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    unseen = [element for element in root.iter()
              if isinstance(element.tag, str) and _unseen(element)]
    for element in unseen:
        if element.getparent() is not None:
            element.drop_tree()
    parts: list[str] = []
    _collect(root, parts)
    return "".join(parts)


def _unseen(element: Any) -> bool:
    """An element a reader does not see: a script, a style, a drop-down list, hidden."""
    return (element.tag.lower() in _UNSEEN or element.get("hidden") is not None
            or element.get("aria-hidden") == "true"
            or _HIDDEN_STYLE.search(element.get("style", "")) is not None)


def _collect(element: Any, parts: list[str]) -> None:
    """The text of ``element`` and its children, with a line break around each block."""
    tag = element.tag if isinstance(element.tag, str) else ""
    block = tag.lower() in _BLOCK_ELEMENTS
    if block:
        parts.append("\n")
    if isinstance(element.tag, str) and element.text:
        parts.append(_SPACES.sub(" ", element.text))  # a line break in the source is a space
    for child in element:
        _collect(child, parts)
        if child.tail:
            parts.append(_SPACES.sub(" ", child.tail))
    if block:
        parts.append("\n")
