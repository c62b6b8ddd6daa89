"""Old addresses of a page: an article's `aliases:` and a registry entry's `old_addresses:`,
read in the forms an editor may write them. The redirect pages they lead to are made in
site/redirects.py, which also refuses one that would replace a real page.

Accepted forms, each kept as written in the first two and converted in the third:

- a path from the site's address on, starting with '/': ``/bai-viet/ten-cu/`` (a folder, whose
  page is ``index.html``) or ``/tin-tuc/bai-cu.html`` (a file, for addresses of an older site);
  a path without a final '/' or '.html' is a folder;
- an old slug alone, ``ten-cu``: the page of that slug under the kind's URL pattern;
- the site's own full address, ``https://example.org/luu-tru/bai-viet/ten-cu/``: kept as
  ``/bai-viet/ten-cu/``.

Refused: other websites, '..', hidden files and folders, '?' and '#' (a static host cannot
answer them), backslashes and characters a file name cannot keep safely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from diplomacy_archive.i18n import N_
from diplomacy_archive.problems import Args
from diplomacy_archive.source.config import DEFAULT_URLS, Config
from diplomacy_archive.source.yaml_fields import FieldReader
from diplomacy_archive.source.yaml_positions import KeyPath

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SEGMENT = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,199}")
_FILE_SUFFIXES = (".html", ".htm")
MAX_ADDRESS_LENGTH = 500


@dataclass(frozen=True)
class AddressRules:
    """What old addresses are read against: the site's full address (for pasted addresses)
    and its URL patterns (for the examples in hints)."""

    base_url: str = ""
    patterns: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_URLS))

    @classmethod
    def of(cls, config: Config) -> AddressRules:
        return cls(config.base_url, dict(config.urls))

    def example(self, kind: str) -> str:
        """An old address of a page of ``kind``, for hints: ``/bai-viet/ten-cu/``."""
        return "/" + self.patterns[kind].format(slug="ten-cu")

    def read(self, fields: FieldReader, where: KeyPath, value: Any, kind: str
             ) -> tuple[str, ...]:
        """The old addresses of a page of ``kind`` (a list, or one alone), each as kept; a
        problem at each item that cannot be one."""
        example = self.example(kind)
        kept: dict[str, None] = {}
        for at, text in fields.text_list(where, value, f"{where[-1]}: [{example}]"):
            address = self.parse(text, example)
            if isinstance(address, str):
                kept[address] = None
            else:
                message, hint, args = address
                fields.error(at, message, hint, args=args)
        return tuple(kept)

    def parse(self, text: str, example: str) -> str | tuple[str, str, Args]:
        """``text`` as an old address is kept (a path from '/', or a slug), or (message, hint,
        args) saying why it cannot be one: templates marked N_ and their placeholders."""
        text = text.strip()
        if self.base_url and text.casefold().startswith(self.base_url.casefold()):
            text = "/" + text[len(self.base_url):]
        elif self.base_url and text.casefold() == self.base_url.rstrip("/").casefold():
            text = "/"
        parts = urlsplit(text)
        args: Args = {"address": text, "example": example}
        if parts.scheme or parts.netloc or text.startswith("//"):
            return (N_("'{address}' is not an address of this site"),
                    N_("a redirect page can only be made at an address of this site: write the "
                       "part after the site's address, such as '{example}'"), args)
        if not text.startswith("/"):
            if _SLUG.fullmatch(text):
                return text
            return (N_("'{address}' is neither an address of this site nor a slug"),
                    N_("write the old address from the site's address on, such as '{example}', "
                       "or the old slug alone (a-z, 0-9 and '-')"), args)
        if "?" in text or "#" in text:
            return (N_("'{address}' has a '?' or '#' part, which a static site cannot answer"),
                    N_("write the path alone, such as '{example}'"), args)
        segments = text[1:].split("/")
        if "\\" in text or any(s in (".", "..") for s in segments):
            return (N_("'{address}' points outside the site"),
                    N_("write an address such as '{example}'"), args)
        names = segments if segments[-1] else segments[:-1]  # '/x/' ends with a folder
        if len(text) > MAX_ADDRESS_LENGTH or not all(_SEGMENT.fullmatch(s) for s in names):
            return (N_("'{address}' cannot be the name of a page in the site"),
                    N_("use only letters a-z and A-Z, digits, '-', '_' and '.' between the "
                       "'/', and no part starting with '.'"), {"address": text})
        if segments[-1] and not segments[-1].lower().endswith(_FILE_SUFFIXES):
            text += "/"  # a folder: its page is index.html, as servers answer /x with /x/
        return text
