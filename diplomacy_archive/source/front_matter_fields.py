"""The fields of an article's front matter: one table that the validator (source.articles) and
the web editor's configuration (site.cms_config) are both made from.

Each field names its key, what kind of value it holds, whether an article needs it, and the
label and hint an editor sees in the web editor (marked for translation). The validator reads
each key with its own reader; what it accepts as a key, and which keys it requires, come from
here, so a key the web editor does not offer cannot exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from diplomacy_archive.i18n import N_


class FieldKind(Enum):
    """What a front-matter value is, as the web editor offers it."""

    TEXT = "text"  # one line of text
    LONG_TEXT = "long-text"  # a sentence or more
    DATE = "date"  # a full or partial date: 2024-03-09, 2024-03, 2024
    PLACE = "place"  # a place, the registry's offered, any other allowed
    PEOPLE = "people"  # a list of {name, role}
    DOCUMENTS = "documents"  # a list of citations, the registry's codes offered
    TAGS = "tags"  # a list of tags, the site's tags offered
    SOURCE = "source"  # {publisher, url}
    IMAGES = "images"  # a list of {src, caption, credit}
    DRAFT = "draft"  # true or false
    SLUG = "slug"  # the article's address: a-z, 0-9 and '-'
    ADDRESSES = "addresses"  # a list of old addresses that lead to the article
    LANGUAGE = "language"  # a language code: vi, en
    NOTES = "notes"  # a list of lines (the importer's notes)


@dataclass(frozen=True)
class FrontMatterField:
    key: str
    kind: FieldKind
    label: str  # marked N_: what the web editor shows
    hint: str = ""  # marked N_
    required: bool = False


FRONT_MATTER_FIELDS: tuple[FrontMatterField, ...] = (
    FrontMatterField("title", FieldKind.TEXT, N_("Title"),
                     N_("the headline of the article"), required=True),
    FrontMatterField("date", FieldKind.DATE, N_("Date of the event"),
                     N_("2024-03-09; when only the month or the year is known: 2024-03 or "
                        "2024; with the time: 2024-03-09 14:30"), required=True),
    FrontMatterField("updated", FieldKind.DATE, N_("Last revised"),
                     N_("the day the text was last changed, if it was changed after it was "
                        "published")),
    FrontMatterField("date_note", FieldKind.TEXT, N_("Note on the date"),
                     N_("how the date is known, if it is not certain")),
    FrontMatterField("venue", FieldKind.PLACE, N_("Place"),
                     N_("the province or city where the event was, such as Hà Nội")),
    FrontMatterField("speakers", FieldKind.PEOPLE, N_("Speakers"),
                     N_("the people who spoke, each with the role held on that day")),
    FrontMatterField("attendees", FieldKind.PEOPLE, N_("Attendees"),
                     N_("other people named as present")),
    FrontMatterField("directives", FieldKind.DOCUMENTS, N_("Documents cited"),
                     N_("such as Chỉ thị 12-CT/TW or Công văn 297-CV/BĐNTW")),
    FrontMatterField("tags", FieldKind.TAGS, N_("Tags"),
                     N_("topics of the article, such as tọa đàm")),
    FrontMatterField("summary", FieldKind.LONG_TEXT, N_("Summary"),
                     N_("one sentence; without it the first paragraph is used")),
    FrontMatterField("author", FieldKind.TEXT, N_("Author")),
    FrontMatterField("source", FieldKind.SOURCE, N_("Source"),
                     N_("the newspaper or website the article comes from, and its address")),
    FrontMatterField("images", FieldKind.IMAGES, N_("Images"),
                     N_("pictures of the event, each with its caption and the photographer")),
    FrontMatterField("lang", FieldKind.LANGUAGE, N_("Language"),
                     N_("only for an article not written in the site's language: en, fr...")),
    FrontMatterField("slug", FieldKind.SLUG, N_("Address"),
                     N_("the last part of the article's address, a-z, 0-9 and '-'; made from "
                        "the title when left empty; do not change it once published")),
    FrontMatterField("aliases", FieldKind.ADDRESSES, N_("Old addresses"),
                     N_("addresses the article had before, which lead to it")),
    FrontMatterField("draft", FieldKind.DRAFT, N_("Draft"),
                     N_("a draft is not published; turn this off to publish")),
    FrontMatterField("import_notes", FieldKind.NOTES, N_("Import notes"),
                     N_("what the importer guessed or did not find; delete each note once "
                        "checked")),
)

FRONT_MATTER_KEYS = [field.key for field in FRONT_MATTER_FIELDS]
REQUIRED_KEYS = tuple(field.key for field in FRONT_MATTER_FIELDS if field.required)
