"""The editors' guide in Vietnamese (docs/vi/): it documents every key the generator reads, and
its links lead somewhere."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT

GUIDE = ROOT / "docs" / "vi"
INDEX = GUIDE / "README.md"
FIELD_REFERENCE = GUIDE / "cac-truong.md"

_FENCE = re.compile(r"^ *(```|~~~).*?^ *\1", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
_LINK = re.compile(r"\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^#{1,6} +(.+?) *#* *$", re.MULTILINE)


def pages() -> list[Path]:
    return sorted(GUIDE.rglob("*.md"))


def text_of(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def prose(text: str) -> str:
    """The text without fenced code blocks and code spans, where brackets are not links."""
    return _CODE_SPAN.sub("", _FENCE.sub("", text))


def links(page: Path) -> list[str]:
    return _LINK.findall(prose(text_of(page)))


def relative_links(page: Path) -> list[str]:
    """Links to files (of the guide or of the repository), without the web and mail ones."""
    return [target for target in links(page)
            if not re.match(r"[a-z][a-z0-9+.-]*:", target) and not target.startswith("//")]


def heading_ids(page: Path) -> set[str]:
    """The ids GitHub and GitLab give the page's headings: lower case, punctuation and code
    marks dropped (letters with diacritics kept), spaces made '-', repeats numbered."""
    ids: set[str] = set()
    for heading in _HEADING.findall(_FENCE.sub("", text_of(page))):
        base = re.sub(r"[^\w\- ]", "", heading.replace("`", "").strip().lower()).replace(" ", "-")
        candidate, number = base, 0
        while candidate in ids:
            number += 1
            candidate = f"{base}-{number}"
        ids.add(candidate)
    return ids


def test_the_guide_has_an_index_and_pages() -> None:
    assert INDEX.is_file() and FIELD_REFERENCE.is_file()
    assert len(pages()) > 2


def test_every_front_matter_key_has_its_entry_in_the_field_reference() -> None:
    from diplomacy_archive.source.front_matter_fields import FRONT_MATTER_KEYS
    reference = text_of(FIELD_REFERENCE)
    # aliases: (an article's old addresses) is documented even where the code does not read it
    missing = [key for key in [*FRONT_MATTER_KEYS, "aliases"] if f"`{key}:`" not in reference]
    assert not missing, f"docs/vi/cac-truong.md does not document {missing}"


@pytest.mark.parametrize("keys_name", ["DIRECTIVE_KEYS", "SPEAKER_KEYS", "VENUE_KEYS"])
def test_every_registry_key_is_in_the_guide(keys_name: str) -> None:
    from diplomacy_archive.source import registries
    guide = "\n".join(text_of(page) for page in pages())
    missing = [key for key in getattr(registries, keys_name) if f"`{key}:`" not in guide]
    assert not missing, f"docs/vi/ does not document the {keys_name} {missing}"


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.relative_to(GUIDE).as_posix())
def test_every_relative_link_leads_to_a_file_that_exists(page: Path) -> None:
    for target in relative_links(page):
        path_part, _, anchor = target.partition("#")
        destination = (page.parent / path_part).resolve() if path_part else page
        assert destination.exists(), f"{page.name}: the link '{target}' leads nowhere"
        if anchor and destination.suffix == ".md":
            assert anchor in heading_ids(destination), \
                f"{page.name}: '{target}' names no heading of {destination.name}"


def test_every_page_is_linked_from_the_index() -> None:
    linked = {(INDEX.parent / target.partition("#")[0]).resolve()
              for target in relative_links(INDEX) if target.partition("#")[0]}
    unlinked = [page.relative_to(GUIDE).as_posix() for page in pages()
                if page != INDEX and page.resolve() not in linked]
    assert not unlinked, f"docs/vi/README.md does not link {unlinked}"


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.relative_to(GUIDE).as_posix())
def test_pages_are_nfc_text(page: Path) -> None:
    """Editors copy the examples: a letter with its tone as one character, as they type it."""
    assert unicodedata.is_normalized("NFC", text_of(page)), f"{page.name} is not in NFC"


def test_the_readme_links_the_guide() -> None:
    readme = text_of(ROOT / "README.md")
    assert "(docs/vi/README.md)" in readme


def test_the_link_reader_finds_what_the_checks_rely_on() -> None:
    sample = ("[a](x.md) [`b:`](y.md#c) [d](https://example.org) `[e](no.md)`\n"
              "```\n[f](no.md)\n```\n")
    assert _LINK.findall(prose(sample)) == ["x.md", "y.md#c", "https://example.org"]
    assert heading_ids(INDEX) >= {"mục-lục"}
