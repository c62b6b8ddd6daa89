"""Import: a blind set of pages (tests/import_pages_blind/), written with their expected fields
by someone who had not seen the importer or the pages it was tuned on.

The expectations are a careful reader's: title, date (and whether its year had to be inferred),
venue (and whether it came from "tại X" or from the organiser), speakers in order, directives
(type and code), byline, publisher prefix, photo captions with their credits, every paragraph of
the article kept as written, and no line of the page's chrome kept.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from diplomacy_archive.importing.fields import extract_draft
from diplomacy_archive.importing.readers import read_page
from diplomacy_archive.importing.record import Draft
from diplomacy_archive.importing.split import cut_articles

PAGES = Path(__file__).resolve().parent / "import_pages_blind"
EXPECTED: list[dict[str, Any]] = yaml.safe_load(
    (PAGES / "expected.yaml").read_text(encoding="utf-8"))
TODAY = datetime.date(2026, 1, 1)
CASES = [(page, number) for page in EXPECTED for number in range(len(page["articles"]))]
IDS = [f"{page['page']}-{number}" for page, number in CASES]
_DATED_CITATION = re.compile(r"\s+ngày\s+.*$")


def _drafts(page: dict[str, Any]) -> list[Draft]:
    raw = read_page(PAGES / page["page"])
    return [extract_draft(text, page["page"], None, [], TODAY) for text in cut_articles(raw)]


def _notes(draft: Draft, key: str) -> list[str]:
    return [note.partition(": ")[2] for note in draft.notes if note.startswith(f"{key}: ")]


def test_the_blind_set_has_text_and_html_pages_and_several_articles_per_page() -> None:
    names = {path.name for path in PAGES.iterdir()} - {"expected.yaml"}
    assert names == {page["page"] for page in EXPECTED}
    assert sum(name.endswith(".html") for name in names) >= 4
    assert sum(len(page["articles"]) > 1 for page in EXPECTED) >= 3


@pytest.mark.parametrize("page", EXPECTED, ids=lambda page: page["page"])
def test_every_article_is_found_with_its_title(page: dict[str, Any]) -> None:
    assert [draft.title for draft in _drafts(page)] == [a["title"] for a in page["articles"]]


@pytest.mark.parametrize(("page", "number"), CASES, ids=IDS)
def test_date_venue_people_and_documents(page: dict[str, Any], number: int) -> None:
    article = page["articles"][number]
    draft = _drafts(page)[number]
    assert draft.date == article["date"]
    date_notes = _notes(draft, "date")
    if article["date_note"]:
        assert any(article["date_note"] in text for text in date_notes), date_notes
    elif article["date"]:
        assert date_notes == []
    assert draft.venue == article["venue"]
    venue_notes = " ".join(_notes(draft, "venue"))
    source = {"at": 'from "tại', "organiser": "from the organiser"}.get(article["venue_guess"])
    if source:
        assert source in venue_notes, venue_notes
    assert [person.name for person in draft.speakers] == article["speakers"]
    assert [_DATED_CITATION.sub("", text) for text in draft.directives] == article["directives"]


@pytest.mark.parametrize(("page", "number"), CASES, ids=IDS)
def test_byline_source_and_captions(page: dict[str, Any], number: int) -> None:
    article = page["articles"][number]
    draft = _drafts(page)[number]
    assert draft.author == article["author"]
    prefix = article["source_prefix"].strip("() -–")
    assert draft.publisher == prefix
    captions = [[block.text, block.credit] for block in draft.blocks if block.kind == "caption"]
    assert [credit for _text, credit in captions] == [c for _line, c in article["captions"]]


@pytest.mark.parametrize(("page", "number"), CASES, ids=IDS)
def test_nothing_of_the_article_is_lost(page: dict[str, Any], number: int) -> None:
    article = page["articles"][number]
    draft = _drafts(page)[number]
    assert [b.text for b in draft.blocks if b.kind == "paragraph"] == article["paragraphs"]


@pytest.mark.parametrize("page", EXPECTED, ids=lambda page: page["page"])
def test_no_chrome_is_kept(page: dict[str, Any]) -> None:
    drafts = _drafts(page)
    kept = {draft.title for draft in drafts} | {b.text for d in drafts for b in d.blocks}
    assert [line for line in page["chrome"] if line in kept] == []
