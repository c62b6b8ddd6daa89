"""Links citations of registered directives inside article text to their pages."""

from __future__ import annotations

import hashlib
import html
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass

from diplomacy_archive.model.entities import DirectiveResolver
from diplomacy_archive.site.urls import Urls
from diplomacy_archive.source.config import Config
from diplomacy_archive.source.registries import DirectiveRecord
from diplomacy_archive.text.citations import find_citations
from diplomacy_archive.text.dates import EventDate
from diplomacy_archive.text.html_text import map_text

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


@dataclass(frozen=True)
class CitationLinker:
    """Links the citations in one article's body against the directive registry; ``digest``
    names the registry (empty when nothing is linked), so a cached body knows what it was
    linked against."""

    resolver: DirectiveResolver
    urls: Urls
    digest: str
    numbers: frozenset[int]

    @classmethod
    def of(cls, records: tuple[DirectiveRecord, ...], config: Config) -> CitationLinker:
        linking = config.link_directives and bool(records)
        digest = hashlib.blake2b(pickle.dumps(records), digest_size=16).hexdigest() \
            if linking else ""
        return cls(DirectiveResolver(records), Urls.from_config(config), digest,
                   frozenset(r.number for r in records))

    def link(self, body_html: str, when: EventDate) -> str:
        """``body_html`` (not yet linked) with every citation of a registered document linked."""
        if not self.digest:
            return body_html

        def url_for(text: str) -> str | None:
            record, _, _ = self.resolver.resolve(text, when)
            return None if record is None else self.urls.link(
                self.urls.path("directive", slug=self.resolver.record_id(record)))
        return link_citations(body_html, url_for, self.numbers)

    def relink(self, body_html: str, linked_against: str, when: EventDate) -> str:
        """A body linked against another registry (or none), linked against this one."""
        plain = unlink_citations(body_html) if linked_against else body_html
        return self.link(plain, when)
