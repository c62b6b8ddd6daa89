"""Reading a raw page: plain text as copied from a browser, or a page saved as HTML.

Saved HTML goes through trafilatura, a maintained extractor of the main text of news pages
(used by research crawls of news sites; it handles menus, sidebars, comments and boilerplate
with rules and a readability fallback), so we do not scrape by hand. Its output is text in
paragraphs, which then goes through the same chrome removal as a copied page: trafilatura
leaves some site lines in (captions, "Tin liên quan" lists) and copied text has them all.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

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
    import trafilatura  # lxml and its friends load only for HTML imports
    from trafilatura.metadata import extract_metadata

    text = trafilatura.extract(html, include_comments=False, include_tables=True,
                               favor_recall=True, output_format="txt")
    if not text:
        raise UnreadablePage(_("{file}: no article text was found in this HTML page; copy the "
                               "article's text from the browser into a .txt file and import "
                               "that").format(file=shown))
    meta = extract_metadata(html)
    lines = lines_of(text)
    title = clean_text(meta.title or "") if meta else ""
    if title and (not lines or lines[0] != title):
        lines = (title, *lines)
    return RawPage(shown, lines, url=(meta.url or "") if meta else "",
                   publisher=clean_text(meta.sitename or "") if meta else "")
