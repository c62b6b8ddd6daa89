"""Changing the text of an HTML fragment without touching its tags: typography, links."""

from __future__ import annotations

import re
from collections.abc import Callable

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>|<!--.*?-->", re.DOTALL)
BLOCKS = frozenset({"p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr",
                    "table", "blockquote", "div", "br", "hr", "figure", "figcaption", "dd", "dt",
                    "section", "pre"})
CODE = frozenset({"code", "pre", "kbd", "samp", "script", "style"})


def map_text(fragment: str, change: Callable[[str, str], str], skip: frozenset[str]) -> str:
    """Apply ``change(text, previous_char)`` to every text run outside ``skip`` elements.

    ``previous_char`` is the last character of the text before, in the same block (a space at the
    start of a block), so that a quote after ``<em>x</em>`` is known to close.
    """
    out: list[str] = []
    skipping: list[str] = []
    previous = " "
    position = 0
    for match in _TAG.finditer(fragment):
        text = fragment[position:match.start()]
        if text:
            out.append(text if skipping else change(text, previous))
            previous = text[-1]
        name = (match.group(2) or "").lower()
        if name in BLOCKS:
            previous = " "
        if name in skip and not match.group(3):
            if not match.group(1):
                skipping.append(name)
            elif name in skipping:
                del skipping[len(skipping) - 1 - skipping[::-1].index(name):]
        out.append(match.group(0))
        position = match.end()
    tail = fragment[position:]
    out.append(tail if skipping or not tail else change(tail, previous))
    return "".join(out)


_OPENS_AFTER = " \t\n([{“‘«—–-/\u00a0"
_DASHES = re.compile(r"---|--|\.\.\.")
_DASH_FOR = {"---": "\u2014", "--": "\u2013", "...": "\u2026"}
_QUOTES = re.compile(r"[\"']")


def smart_punctuation(text: str, previous: str) -> str:
    """Straight quotes to curly ones (“đối ngoại”, ‘x’, apostrophe ’), -- to –, --- to —, ... to …

    Letters are never touched, so Vietnamese text and quotation marks already typed curly stay
    as they are.
    """
    if '"' not in text and "'" not in text and "--" not in text and "..." not in text:
        return text
    text = _DASHES.sub(lambda m: _DASH_FOR[m.group(0)], text)

    def curl(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else previous
        opening = before in _OPENS_AFTER
        if match.group(0) == '"':
            return "\u201c" if opening else "\u201d"
        return "\u2018" if opening else "\u2019"
    return _QUOTES.sub(curl, text)
