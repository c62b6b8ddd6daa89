"""Speakers, venues and directives resolved against the registries into one entity per thing."""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TypeVar

from diplomacy_archive.i18n import N_, render
from diplomacy_archive.problems import Problems
from diplomacy_archive.source.articles import Article
from diplomacy_archive.source.registries import (
    DirectiveRecord,
    Registries,
    SpeakerRecord,
    VenueRecord,
    name_variants,
)
from diplomacy_archive.text.citations import Citation, parse_citation
from diplomacy_archive.text.dates import EventDate, Precision
from diplomacy_archive.text.person_names import FAMILY_NAMES, HONORIFICS, TITLE_WORDS
from diplomacy_archive.text.vietnamese import (
    clean_text,
    collation_key,
    name_key,
    normalise_tones,
    slugify,
)


@dataclass(frozen=True)
class Directive:
    """A cited document: from the registry when known, else from what the citation says."""

    id: str
    code: str
    type: str
    title: str
    known: bool
    issuer: str = ""
    issued: EventDate | None = None
    subject: str = ""
    supersedes: tuple[tuple[str, str], ...] = ()  # (id, code) of related documents
    superseded_by: tuple[tuple[str, str], ...] = ()
    old_addresses: tuple[str, ...] = ()  # from the registry: addresses that lead to its page


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    slug: str
    bio: str = ""
    old_addresses: tuple[str, ...] = ()  # from the registry: addresses that lead to its page


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    slug: str
    province: str = ""
    old_addresses: tuple[str, ...] = ()  # from the registry: addresses that lead to its page


@dataclass(frozen=True)
class Appearance:
    """A speaker in one article, with the role written there (empty when none was given)."""

    person: str
    role: str


@dataclass(frozen=True)
class ArticleEntities:
    venue: str | None = None
    speakers: tuple[Appearance, ...] = ()
    directives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entities:
    directives: dict[str, Directive]
    people: dict[str, Person]
    places: dict[str, Place]
    by_article: dict[str, ArticleEntities]


# ---------------------------------------------------------------- directives

@dataclass
class DirectiveResolver:
    """Finds the registry entry a citation names; numbers restart each Party term, so one code
    may name several documents, told apart by the date in the citation or the article's date."""

    records: tuple[DirectiveRecord, ...]
    by_key: dict[tuple[object, ...], list[DirectiveRecord]] = field(default_factory=dict)
    by_alias: dict[str, DirectiveRecord] = field(default_factory=dict)
    ids: dict[tuple[object, ...], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for record in self.records:
            self.by_key.setdefault(record.key, []).append(record)
            for alias in record.aliases:
                self.by_alias[name_key(alias)] = record
        for records in self.by_key.values():
            for record in records:
                slug = slugify(record.code)
                if len(records) > 1 and record.issued is not None:
                    slug += f"-{record.issued.year}"
                self.ids[self._identity(record)] = slug

    @staticmethod
    def _identity(record: DirectiveRecord) -> tuple[object, ...]:
        return record.key, record.issued.iso() if record.issued else ""

    def record_id(self, record: DirectiveRecord) -> str:
        return self.ids[self._identity(record)]

    def candidates(self, citation: Citation) -> list[DirectiveRecord]:
        if not citation.is_short:
            return list(self.by_key.get(citation.key, ()))
        return [r for r in self.records
                if r.number == citation.number and name_key(r.type) == name_key(citation.type)]

    def resolve(self, text: str, when: EventDate | None) -> tuple[DirectiveRecord | None,
                                                                   Citation | None, str]:
        """(record, citation, problem): the problem names the candidates of an ambiguous
        citation, in the chosen language ('' when there is none)."""
        record, citation, ambiguous = self.find(text, when)
        if ambiguous:
            return None, citation, render(N_("could be any of {candidates}"),
                                          {"candidates": candidate_list(ambiguous)})
        return record, citation, ""

    def find(self, text: str, when: EventDate | None) -> tuple[
            DirectiveRecord | None, Citation | None, list[DirectiveRecord]]:
        """(record, citation, candidates): the candidates are the entries an ambiguous
        citation could name (the record is None then), empty when it is not ambiguous."""
        alias = self.by_alias.get(name_key(text))
        citation = parse_citation(text)
        if alias is not None:
            return alias, citation, []
        if citation is None:
            return None, None, []
        found = self.candidates(citation)
        if len(found) > 1 and citation.date is not None:
            found = [r for r in found if r.issued and r.issued.moment.date() == citation.date]
        if len(found) > 1 and when is not None:
            found = [r for r in found if r.issued is None or r.issued.moment <= _end_of(when)]
        if len(found) > 1:
            return None, citation, found
        return (found[0] if found else None), citation, []


def candidate_list(records: list[DirectiveRecord]) -> str:
    """The documents an ambiguous citation could name, in words of no language (so that a
    problem made and cached in one language is shown whole in the other): each code with its
    date of issue and its issuer, as far as the registry has them, ``04-CT/TW (2011-07-06),
    04-CT/TW (2021-08-10, Ban Bí thư)``."""
    names = []
    for r in records:
        known = [part for part in (r.issued.iso() if r.issued else "", r.issuer) if part]
        names.append(f"{r.code} ({', '.join(known)})" if known else r.code)
    return ", ".join(names)


def _end_of(date: EventDate) -> datetime:
    """The last minute an event of this precision may have happened (for 'issued before')."""
    moment = date.moment
    if date.precision is Precision.YEAR:
        return moment.replace(month=12, day=31, hour=23, minute=59)
    if date.precision is Precision.MONTH:
        last = calendar.monthrange(moment.year, moment.month)[1]
        return moment.replace(day=last, hour=23, minute=59)
    return moment.replace(hour=23, minute=59)


def directive_from_record(record: DirectiveRecord, resolver: DirectiveResolver) -> Directive:
    return Directive(
        id=resolver.record_id(record), code=record.code, type=record.type,
        title=f"{record.type} {record.code}", known=True, issuer=record.issuer,
        issued=record.issued, subject=record.subject,
        supersedes=tuple(_linked(code, resolver) for code in record.supersedes),
        superseded_by=tuple(_linked(code, resolver) for code in record.superseded_by),
        old_addresses=record.old_addresses)


def _linked(code: str, resolver: DirectiveResolver) -> tuple[str, str]:
    """(id, code) of a document named by supersedes / superseded_by; id '' when not registered."""
    record, _, _ = resolver.find(code, None)
    return (resolver.record_id(record), record.code) if record is not None else ("", code)


def directive_from_citation(text: str, citation: Citation | None) -> Directive:
    """A page for a document the registry does not know, from what the citation says."""
    if citation is None:
        return Directive(id=slugify(text), code="", type="", title=text, known=False)
    code = "" if citation.is_short else citation.canonical_code()
    return Directive(id=slugify(code or citation.display()), code=code, type=citation.type,
                     title=citation.display(), known=False)


# ---------------------------------------------------------------- people and places

def split_title(text: str) -> tuple[str, str]:
    """(name, role in front): 'ông Nguyễn Văn A' -> ('Nguyễn Văn A', ''),
    'Chủ tịch Nguyễn Phương Nga' -> ('Nguyễn Phương Nga', 'Chủ tịch')."""
    text = HONORIFICS.sub("", clean_text(text)).strip()
    lowered = text.lower()
    if not any(lowered.startswith(word + " ") for word in TITLE_WORDS):
        return text, ""
    words = text.split(" ")
    for start in range(1, len(words) - 1):
        rest = words[start:]
        if (name_key(rest[0]) in FAMILY_NAMES and 2 <= len(rest) <= 4
                and all(w[:1].isupper() for w in rest)):
            return " ".join(rest), " ".join(words[:start])
    return text, ""


# A name given to two entries of a registry, by the registry's ``what`` (NameResolver.of).
_ALSO_A_NAME_OF = {
    "speaker": N_("'{name}' is also a name of the speaker '{other}' (line {line})"),
    "venue": N_("'{name}' is also a name of the venue '{other}' (line {line})"),
}


@dataclass
class NameResolver:
    """Registry names and aliases -> the registry entry; anything else is its own entity."""

    entries: dict[str, SpeakerRecord | VenueRecord] = field(default_factory=dict)

    @classmethod
    def of(cls, records: tuple[SpeakerRecord, ...] | tuple[VenueRecord, ...], problems: Problems,
           what: str) -> NameResolver:
        resolver = cls()
        for record in records:
            for key in name_variants(record.name, record.aliases):
                other = resolver.entries.setdefault(key, record)
                if other is not record:
                    problems.error(record.path, record.line, None, _ALSO_A_NAME_OF[what],
                                   N_("a name or alias may belong to one entry only"),
                                   "aliases", {"name": key, "other": other.name,
                                               "line": other.line})
        return resolver

    def find(self, text: str) -> SpeakerRecord | VenueRecord | None:
        return self.entries.get(name_key(text))

    def find_suffix(self, text: str) -> tuple[SpeakerRecord | VenueRecord, str] | None:
        """A registry name at the end of ``text``, with what stands before it."""
        words = clean_text(text).split(" ")
        for start in range(len(words)):
            record = self.find(" ".join(words[start:]))
            if record is not None:
                return record, " ".join(words[:start])
        return None


def resolve_speaker(text: str, role: str, people: NameResolver
                    ) -> tuple[str, str, SpeakerRecord | None]:
    """(display name, role, registry entry) for a speaker as an article writes it."""
    found = people.find(text)
    if found is not None:
        return found.name, role, found  # type: ignore[return-value]
    stripped = HONORIFICS.sub("", clean_text(text)).strip()
    suffix = people.find_suffix(stripped)
    if suffix is not None:
        record, before = suffix
        return record.name, role or before, record  # type: ignore[return-value]
    name, title = split_title(stripped)
    return name, role or title, None


# ---------------------------------------------------------------- all articles

def check_directive_registry(resolver: DirectiveResolver, problems: Problems) -> None:
    """One document listed twice, or a related document that is not listed, is reported."""
    for records in resolver.by_key.values():
        seen: dict[str, DirectiveRecord] = {}
        for record in records:
            issued = record.issued.iso() if record.issued else ""
            other = seen.setdefault(issued, record)
            if other is not record:
                problems.error(record.path, record.line, None,
                               N_("{code} is listed twice (also on line {line})"),
                               N_("keep one entry; two documents with one number need their "
                                  "'issued:' dates"), "code",
                               {"code": record.code, "line": other.line})
    for record in resolver.records:
        for key, codes in (("supersedes", record.supersedes),
                           ("superseded_by", record.superseded_by)):
            for code in codes:
                found, _, _ = resolver.find(code, None)
                if found is None:
                    problems.warning(record.path, record.line, None,
                                     N_("'{code}' is not listed in this file"),
                                     N_("add an entry for it, or check the code"), key,
                                     {"code": code})


def resolve_entities(articles: list[Article], registries: Registries, problems: Problems
                     ) -> Entities:
    """Resolve every speaker, venue and directive of every article to one entity each."""
    directives = DirectiveResolver(registries.directives)
    check_directive_registry(directives, problems)
    people = NameResolver.of(registries.speakers, problems, "speaker")
    places = NameResolver.of(registries.venues, problems, "venue")
    known_directives = {directives.record_id(r): directive_from_record(r, directives)
                        for r in registries.directives}
    found_directives: dict[str, Directive] = {}
    spellings: dict[str, Counter[str]] = {}
    person_records: dict[str, SpeakerRecord] = {}
    place_records: dict[str, VenueRecord] = {}
    place_spellings: dict[str, Counter[str]] = {}
    by_article: dict[str, ArticleEntities] = {}

    for article in articles:
        cited = []
        for index, text in enumerate(article.directives):
            directive = _resolve_directive(article, index, text, directives, known_directives,
                                           problems)
            if directive is not None:
                found_directives.setdefault(directive.id, directive)
                cited.append(directive.id)
        appearances = []
        for speaker in article.speakers:
            name, role, record = resolve_speaker(speaker.name, speaker.role, people)
            key = name_key(record.name if record else name)
            if record is not None:
                person_records[key] = record
            spellings.setdefault(key, Counter())[name] += 1
            appearances.append(Appearance(key, role))
        venue_key = None
        if article.venue:
            place = places.find(article.venue)
            venue_key = name_key(place.name if place else article.venue)
            if isinstance(place, VenueRecord):
                place_records[venue_key] = place
            place_spellings.setdefault(venue_key, Counter())[article.venue] += 1
        by_article[article.id] = ArticleEntities(
            venue_key, tuple(dict.fromkeys(appearances)), tuple(dict.fromkeys(cited)))

    return Entities(
        directives={**known_directives, **found_directives},
        people=_with_distinct_slugs({key: _person(key, counts, person_records.get(key))
                                     for key, counts in spellings.items()}),
        places=_with_distinct_slugs({key: _place(key, counts, place_records.get(key))
                                     for key, counts in place_spellings.items()}),
        by_article=by_article)


def check_citations(articles: list[tuple[Article, bool]], registries: Registries,
                    problems: Problems) -> None:
    """The problems resolve_entities finds in the citations of articles it is not given (they
    have errors, and are not published), each with whether its date could be read: without it,
    a citation that names several documents is not one, since the article's date may tell."""
    if not articles:
        return
    directives = DirectiveResolver(registries.directives)
    known = {directives.record_id(r): directive_from_record(r, directives)
             for r in registries.directives}
    for article, dated in articles:
        for index, text in enumerate(article.directives):
            _resolve_directive(article, index, text, directives, known, problems, dated)


def _resolve_directive(article: Article, index: int, text: str, resolver: DirectiveResolver,
                       known: dict[str, Directive], problems: Problems, dated: bool = True
                       ) -> Directive | None:
    record, citation, ambiguous = resolver.find(text, article.date if dated else None)
    line = article.lines.get("directives")
    where = f"directives[{index}]"
    if ambiguous:
        if dated:
            problems.error(article.path, line, None,
                           N_("'{text}' could be any of {candidates}"),
                           N_("add the date of the document, such as 'Chỉ thị 04-CT/TW ngày "
                              "6/7/2011'"), where,
                           {"text": text, "candidates": candidate_list(ambiguous)})
        return None
    if record is not None:
        return known[resolver.record_id(record)]
    if citation is None:
        problems.warning(article.path, line, None, N_("'{text}' is not a document citation"),
                         N_("write the type and the code, such as 'Chỉ thị 04-CT/TW'"), where,
                         {"text": text})
    else:
        problems.warning(article.path, line, None,
                         N_("'{text}' is not in data/directives.yaml"),
                         N_("add it there so its page shows the issuer, the date and the "
                            "subject"), where, {"text": text})
    return directive_from_citation(text, citation)


def distinct_slugs(names: dict[str, str]) -> dict[str, str]:
    """Slugs for keyed names; names that differ only in tones ('Hòa', 'Hoa') share a slug, so
    the first in Vietnamese order keeps it and the others get '-2', '-3'..."""
    slugs: dict[str, str] = {}
    taken: Counter[str] = Counter()
    for key in sorted(names, key=lambda k: (collation_key(names[k]), k)):
        base = slugify(names[key]) or "x"
        taken[base] += 1
        slugs[key] = base if taken[base] == 1 else f"{base}-{taken[base]}"
    return slugs


Entity = TypeVar("Entity", Person, Place)


def _with_distinct_slugs(entities: dict[str, Entity]) -> dict[str, Entity]:
    slugs = distinct_slugs({key: entity.name for key, entity in entities.items()})
    return {key: replace(entity, slug=slugs[key]) for key, entity in entities.items()}


def preferred_spelling(counts: Counter[str]) -> str:
    """The most used spelling; among equals, one with capitals and the tone placement name_key
    uses (Khánh Hòa before Khánh Hoà or khánh hòa), then the first seen."""
    order = {spelling: i for i, spelling in enumerate(counts)}
    return min(counts, key=lambda s: (-counts[s], not s[:1].isupper(),
                                      normalise_tones(s) != s, order[s]))


def _person(key: str, counts: Counter[str], record: SpeakerRecord | None) -> Person:
    name = record.name if record else preferred_spelling(counts)
    return Person(key, name, slugify(name), record.bio if record else "",
                  record.old_addresses if record else ())


def _place(key: str, counts: Counter[str], record: VenueRecord | None) -> Place:
    name = record.name if record else preferred_spelling(counts)
    return Place(key, name, slugify(name), record.province if record else "",
                 record.old_addresses if record else ())
