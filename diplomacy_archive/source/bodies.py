"""Markdown bodies to safe HTML: extensions, heading ids, sanitising, summaries and site links."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3

from diplomacy_archive.problems import Problem, Severity
from diplomacy_archive.source.articles import Article
from diplomacy_archive.text.html_text import CODE, map_text, smart_punctuation
from diplomacy_archive.text.vietnamese import clean_text, slugify

# Typographic quotes come from htmltext.smart_punctuation: the smarty extension did the same and
# doubled the time of every conversion (4.5 ms instead of 2.3 ms for a 4,000-character article).
EXTENSIONS = ["tables", "footnotes", "attr_list", "fenced_code", "toc", "sane_lists"]

ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) | {"figure", "figcaption", "section"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"id", "class", "title", "lang", "dir", "style"},
    "img": set(nh3.ALLOWED_ATTRIBUTES["img"]) | {"loading"},
    "a": {"href", "hreflang"},
    "ol": {"start", "reversed"},
    "td": set(nh3.ALLOWED_ATTRIBUTES["td"]),
    "th": set(nh3.ALLOWED_ATTRIBUTES["th"]),
}
ALLOWED_STYLES = {"text-align"}  # tables align their columns with a style attribute
URL_SCHEMES = {"http", "https", "mailto", "tel"}
DANGEROUS_CONTENT = {"script", "style"}  # removed with what is inside them

_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS, clean_content_tags=DANGEROUS_CONTENT, attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES, filter_style_properties=ALLOWED_STYLES, strip_comments=True,
    link_rel=None,  # no target= is allowed, so links cannot open a window that reaches back
)
_LINK_TO_ROOT = re.compile(r'(\s(?:href|src)=")/(?!/)')
_TABLE_OPEN = re.compile(r"<table\b")
# Wide tables scroll inside their own box, which keyboard users can focus to scroll.
_SCROLLING_TABLE = '<div class="table-scroll" role="region" tabindex="0" aria-label="Bảng"><table'
_FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_FOOTNOTE_MARK = re.compile(r"<sup\b[^>]*>.*?</sup>", re.DOTALL)


@dataclass(frozen=True)
class Body:
    """An article body as it is published: safe HTML and a plain-text summary."""

    html: str
    summary: str


class MarkdownConverter:
    """Converts article bodies; one instance is reused (Python-Markdown resets between calls)."""

    def __init__(self, trust_raw_html: bool, base_path: str, summary_length: int) -> None:
        self.trust_raw_html = trust_raw_html
        self.base_path = base_path
        self.summary_length = summary_length
        self._md = markdown.Markdown(
            extensions=EXTENSIONS,
            extension_configs={
                "toc": {"slugify": heading_id, "permalink": False},
                "footnotes": {"BACKLINK_TITLE": "Quay lại chỗ chú thích %d",
                              "BACKLINK_TEXT": "\u21a9\ufe0e"},  # U+FE0E: text, not emoji
            },
            output_format="html",
        )

    def convert(self, article: Article) -> tuple[Body, list[Problem]]:
        self._md.reset()
        raw = self._md.convert(article.body)
        problems: list[Problem] = []
        if self.trust_raw_html:
            safe = raw
        else:
            safe = _CLEANER.clean(raw)
            problems = [
                Problem(article.path, _line_of(article, needle), None, message, _SANITISE_HINT,
                        "body", Severity.WARNING)
                for message, needle in (removed_html(raw, safe) if may_remove(raw) else [])
            ]
        safe = map_text(safe, smart_punctuation, CODE)  # after sanitising: tags are well formed
        safe = _LINK_TO_ROOT.sub(lambda m: m.group(1) + self.base_path, safe)
        safe = _TABLE_OPEN.sub(_SCROLLING_TABLE, safe).replace("</table>", "</table></div>")
        summary = article.summary or summarise(safe, self.summary_length)
        return Body(safe, summary), problems


def heading_id(text: str, separator: str = "-") -> str:
    """Heading ids from our own slugify, so 'Đối ngoại' gives 'doi-ngoai', not 'oi-ngoai'."""
    return slugify(text) or "muc"


def summarise(body_html: str, length: int) -> str:
    """Plain text of the first paragraph, cut at a word boundary to about ``length`` characters."""
    for match in _FIRST_PARAGRAPH.finditer(body_html):
        inner = _FOOTNOTE_MARK.sub("", match.group(1))
        text = clean_text(html.unescape(_TAG.sub("", inner)))
        if text:
            return shorten(text, length)
    return ""


def shorten(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    cut = text[: length + 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut[:length]
    return cut.rstrip(" ,;:.-–") + "…"


_SANITISE_HINT = ("remove it from the article, or set 'trust_raw_html: true' in config.yaml "
                  "if every editor of the site is trusted")


class _Inventory(HTMLParser):
    """Counts the tags and attributes of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str, str]] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            self.attributes[(tag, name, value or "")] += 1

    handle_startendtag = handle_starttag


def _inventory(fragment: str) -> _Inventory:
    parser = _Inventory()
    parser.feed(fragment)
    parser.close()
    return parser


_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")
_ATTRIBUTE = re.compile(r"\s([^\s\"'<>/=]+)\s*=")
_ADDRESS = re.compile(r"""\s(?:href|src)\s*=\s*["']?\s*([^"'\s>]*)""", re.IGNORECASE)
_KNOWN_ATTRIBUTES = frozenset().union(*ALLOWED_ATTRIBUTES.values())


def may_remove(fragment: str) -> bool:
    """False when a quick look finds only allowed tags, attributes and addresses, so the
    sanitiser cannot have removed anything worth a warning (the full comparison is slow)."""
    if set(_TAG_NAME.findall(fragment)) - ALLOWED_TAGS:
        return True
    if set(name.lower() for name in _ATTRIBUTE.findall(fragment)) - _KNOWN_ATTRIBUTES:
        return True
    for address in _ADDRESS.findall(fragment):
        scheme = address.split(":", 1)[0].lower() if ":" in address.split("/", 1)[0] else ""
        if scheme and scheme not in URL_SCHEMES:
            return True
    return False


def removed_html(before: str, after: str) -> list[tuple[str, str]]:
    """What the sanitiser removed, as (plain message, text to find in the source)."""
    old, new = _inventory(before), _inventory(after)
    removed = []
    for tag in old.tags:
        if old.tags[tag] > new.tags.get(tag, 0):
            what = "and its content were" if tag in DANGEROUS_CONTENT else "was"
            removed.append((f"raw HTML <{tag}> {what} removed", f"<{tag}"))
    kept_tags = {tag for tag in old.tags if tag in new.tags}
    for (tag, name, value), count in old.attributes.items():
        if tag not in kept_tags or new.attributes.get((tag, name, value), 0) >= count:
            continue
        if name in ("href", "src"):
            removed.append((f"the address '{value}' is not allowed and was removed", value))
        elif name != "style":
            removed.append((f"the attribute '{name}' of <{tag}> was removed", name))
    return removed


def _line_of(article: Article, needle: str) -> int:
    """The file line where ``needle`` first appears in the body (the body's first line if not)."""
    lowered = needle.lower()
    for offset, line in enumerate(article.body.split("\n")):
        if lowered in line.lower():
            return article.body_line + offset
    return article.body_line
