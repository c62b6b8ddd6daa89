"""Fields of an imported article: title, date, venue, people, directives, tags and summary.

Every field that is guessed or not found gets a note in ``Draft.notes`` (``field: what``), so
the editor knows what to check before removing ``draft: true``. Nothing is guessed from the
page's clock line or from today's date: those are the days the page was viewed and imported.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace

from diplomacy_archive.i18n import _
from diplomacy_archive.importing.record import ArticleText, Draft, note
from diplomacy_archive.importing.texts import Texts, texts_of
from diplomacy_archive.importing.when import extract_date
from diplomacy_archive.importing.where import extract_venue
from diplomacy_archive.importing.who import extract_people
from diplomacy_archive.source.registries import Registries
from diplomacy_archive.text.citations import Citation, find_citations
from diplomacy_archive.text.vietnamese import clean_text, fold_key, name_key, normalise_tones

SUMMARY_LENGTH = 250
MAX_TAGS = 6
# Kinds of event worth a tag when the title names them.
EVENT_WORDS = ("hội thảo", "tọa đàm", "hội nghị", "đại hội", "kỷ niệm", "gặp mặt", "ký kết",
               "trao tặng")


# ---------------------------------------------------------------- directives

def _same_document(known: Citation, found: Citation) -> bool:
    """Whether two citations name one document: one code, or a short form ("Chỉ thị 38") and
    a full code of the same type and number."""
    if known.key == found.key:
        return True
    if known.is_short == found.is_short or known.type != found.type:
        return False
    short = known if known.is_short else found
    full = found if known.is_short else known
    return short.number == full.number and short.year in (None, full.year)


def _merge(known: Citation, found: Citation) -> Citation:
    """The fuller of two citations of one document, with a date either of them gives."""
    best = found if known.is_short and not found.is_short else known
    return replace(best, date=best.date or found.date or known.date)


def directive_text(citation: Citation) -> str:
    """"Chỉ thị 38-CT/TW", with the document's date when the citation gives it."""
    date = citation.date
    when = f" ngày {date.day}/{date.month}/{date.year}" if date else ""
    return citation.display() + when


def extract_directives(texts: Texts) -> tuple[list[str], list[str]]:
    """Every document cited, once each, in order of first mention, and notes."""
    cited: list[Citation] = []
    for text in texts.in_order():
        for _start, _end, citation in find_citations(text):
            index = next((i for i, c in enumerate(cited) if _same_document(c, citation)), None)
            if index is None:
                cited.append(citation)
            else:
                cited[index] = _merge(cited[index], citation)
    notes = [note("directives", _('"{directive}" is cited without its code').format(
                 directive=directive_text(c))) for c in cited if c.is_short]
    return [directive_text(c) for c in cited], notes or (
        [] if cited else [note("directives", _("none found"))])


# ---------------------------------------------------------------- tags

def _contains(text_key: str, key: str) -> int:
    """Position of ``key`` as whole words in ``text_key``, or -1."""
    match = re.search(rf"(?<!\w){re.escape(key)}(?!\w)", text_key) if key else None
    return match.start() if match else -1


def _text_key(text: str) -> str:
    """``name_key`` of a whole text, not cached."""
    return normalise_tones(fold_key(text))


def extract_tags(texts: Texts, known_tags: list[str]) -> tuple[list[str], list[str]]:
    """Up to six tags: known tags in the title, event words of the title, known tags in the text
    (most mentioned first); a known tag's spelling wins."""
    title_key = _text_key(texts.title)
    body_key = _text_key(" ".join(texts.in_order()[1:]))
    spelled = {name_key(tag): clean_text(tag) for tag in known_tags if clean_text(tag)}
    in_title = [key for key in spelled if _contains(title_key, key) >= 0]
    events = [name_key(word) for word in EVENT_WORDS if _contains(title_key, name_key(word)) >= 0]
    in_body = sorted((key for key in spelled if _contains(body_key, key) >= 0),
                     key=lambda k: (-len(re.findall(rf"(?<!\w){re.escape(k)}(?!\w)", body_key)),
                                    _contains(body_key, k)))
    keys = list(dict.fromkeys([*in_title, *events, *in_body]))[:MAX_TAGS]
    tags = [spelled.get(key, key) for key in keys]
    return tags, [note("tags", _("suggested from the text") if tags else _("none found"))]


# ---------------------------------------------------------------- summary and source

def summarise(lead: str, limit: int = SUMMARY_LENGTH) -> str:
    """The lead, cut to at most ``limit`` characters: at a sentence end if one comes late
    enough, else at a word boundary with an ellipsis."""
    lead = clean_text(lead)
    if len(lead) <= limit:
        return lead
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s)", lead[:limit + 1])]
    if ends and ends[-1] >= limit // 2:
        return lead[:ends[-1]]
    cut = lead[:limit]
    if " " in cut:
        cut = cut[:cut.rfind(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def _source_notes(text: ArticleText) -> list[str]:
    notes = [] if clean_text(text.author) else [note("author", _("not found"))]
    publisher, url = clean_text(text.publisher), clean_text(text.url)
    if not publisher and not url:
        notes.append(note("source", _("not found")))
    elif not publisher:
        notes.append(note("source", _("publisher not found")))
    elif not url:
        notes.append(note("source", _("address not found")))
    return notes


# ---------------------------------------------------------------- the draft

def stand_in_title(title: str, lead: str, words: int = 12) -> tuple[str, list[str]]:
    """The title; without one, the first words of the lead (an article must have a title to
    be built), or a fixed text, with a note saying so."""
    if title:
        return title, []
    first = " ".join(lead.split()[:words]).rstrip(",;:.…")
    if first:
        return f"{first}…", [note("title", _("not found; the first words of the text stand in "
                                             "for it"))]
    return "Bài nhập chưa có tiêu đề", [note("title", _("not found"))]


def extract_draft(text: ArticleText, origin: str, registries: Registries | None,
                  known_tags: list[str], today: datetime.date) -> Draft:
    """The draft of one article, with a note for every field guessed or not found."""
    texts = texts_of(text)
    date, date_notes = extract_date(texts, today, text.page_clock)
    venue, venue_notes = extract_venue(texts, registries)
    speakers, attendees, people_notes = extract_people(texts, registries)
    directives, directive_notes = extract_directives(texts)
    tags, tag_notes = extract_tags(texts, known_tags)
    summary = summarise(texts.lead)
    title, title_notes = stand_in_title(texts.title, summary)
    notes = title_notes + date_notes + venue_notes
    notes += people_notes + directive_notes + tag_notes
    notes += [] if summary else [note("summary", _("not found"))]
    return Draft(
        origin=origin, title=title, blocks=list(text.blocks), date=date, venue=venue,
        speakers=speakers, attendees=attendees, directives=directives, tags=tags,
        author=clean_text(text.author), publisher=clean_text(text.publisher),
        url=clean_text(text.url), summary=summary, notes=notes + _source_notes(text))
