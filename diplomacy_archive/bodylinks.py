"""Links citations of registered directives inside article text to their pages."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from .citations import find_citations
from .htmltext import map_text

# Text inside these elements is never linked: code, existing links, headings.
_SKIP = frozenset({"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style"})
_NUMBER = re.compile(r"[0-9]+")


def link_citations(body_html: str, url_for: Callable[[str], str | None],
                   numbers: frozenset[int] | None = None) -> str:
    """Wrap each citation ``url_for`` knows in a link; ``url_for`` gets the citation's text.

    ``numbers``, the document numbers that can be linked, lets text citing none of them be
    skipped without parsing it.
    """
    def change(text: str, _previous: str) -> str:
        if numbers is not None and not any(int(n) in numbers for n in _NUMBER.findall(text)):
            return text
        return _link_text(text, url_for)
    return map_text(body_html, change, _SKIP)


# Only this module writes data-citation (the sanitiser removes data-* attributes from articles),
# so removing these links gives back exactly the text they were made from.
_OUR_LINK = re.compile(r'<a class="citation" data-citation href="[^"]*">([^<]*)</a>')


def unlink_citations(body_html: str) -> str:
    """The body as it was before link_citations."""
    return _OUR_LINK.sub(r"\1", body_html)


def _link_text(escaped: str, url_for: Callable[[str], str | None]) -> str:
    text = html.unescape(escaped)
    pieces: list[str] = []
    position = 0
    for start, end, _citation in find_citations(text):
        url = url_for(text[start:end])
        if url is None:
            continue
        pieces.append(html.escape(text[position:start], quote=False))
        pieces.append(f'<a class="citation" data-citation href="{html.escape(url)}">'
                      f'{html.escape(text[start:end], quote=False)}</a>')
        position = end
    if not pieces:
        return escaped
    pieces.append(html.escape(text[position:], quote=False))
    return "".join(pieces)
