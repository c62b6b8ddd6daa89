"""Links citations of registered directives inside article text to their pages."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from .citations import find_citations

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
# Text inside these elements is never linked: code, existing links, headings.
_SKIP = frozenset({"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style"})


def link_citations(body_html: str, url_for: Callable[[str], str | None]) -> str:
    """Wrap each citation ``url_for`` knows in a link; ``url_for`` gets the citation's text."""
    out: list[str] = []
    skipping: list[str] = []
    position = 0
    for match in _TAG.finditer(body_html):
        out.append(_link_text(body_html[position:match.start()], url_for) if not skipping
                   else body_html[position:match.start()])
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _SKIP and not self_closing:
            if closing:
                if name in skipping:
                    del skipping[len(skipping) - 1 - skipping[::-1].index(name):]
            else:
                skipping.append(name)
        out.append(match.group(0))
        position = match.end()
    tail = body_html[position:]
    out.append(_link_text(tail, url_for) if not skipping else tail)
    return "".join(out)


def _link_text(escaped: str, url_for: Callable[[str], str | None]) -> str:
    if not escaped.strip():
        return escaped
    text = html.unescape(escaped)
    pieces: list[str] = []
    position = 0
    for start, end, _citation in find_citations(text):
        url = url_for(text[start:end])
        if url is None:
            continue
        pieces.append(html.escape(text[position:start], quote=False))
        pieces.append(f'<a class="citation" href="{html.escape(url)}">'
                      f'{html.escape(text[start:end], quote=False)}</a>')
        position = end
    if not pieces:
        return escaped
    pieces.append(html.escape(text[position:], quote=False))
    return "".join(pieces)
