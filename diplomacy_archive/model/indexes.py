"""Pure functions over validated articles: order, tags, timeline, pagination, neighbours.

Indexes hold article ids, never copies of articles.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from diplomacy_archive.i18n import N_
from diplomacy_archive.model.entities import Entities, distinct_slugs
from diplomacy_archive.problems import Problem, problem_args
from diplomacy_archive.source.articles import Article
from diplomacy_archive.text.dates import Precision
from diplomacy_archive.text.vietnamese import collation_key, name_key, person_sort_key, slugify

RELATED_LIMIT = 5
RELATED_WINDOW = 12  # per shared feature, only this many articles either side in time are scored
RELATED_WEIGHTS = {"directive": 4, "speaker": 3, "venue": 2, "tag": 1}


@dataclass(frozen=True)
class Term:
    """One tag, speaker, venue or directive: its key, the name shown, its URL slug and its
    articles, newest first."""

    key: str
    name: str
    slug: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class Year:
    """A year of the timeline; ``undated_ids`` are articles known only to the year."""

    year: int
    months: tuple[Month, ...]
    undated_ids: tuple[str, ...]

    @property
    def count(self) -> int:
        return sum(len(m.article_ids) for m in self.months) + len(self.undated_ids)


@dataclass(frozen=True)
class Neighbours:
    older: str | None
    newer: str | None


@dataclass(frozen=True)
class SiteIndex:
    """Everything the pages need to know about how articles relate to each other."""

    articles: dict[str, Article]
    entities: Entities
    newest_first: tuple[str, ...]
    tags: tuple[Term, ...]
    speakers: tuple[Term, ...]
    venues: tuple[Term, ...]
    directives: tuple[Term, ...]
    years: tuple[Year, ...]
    neighbours: dict[str, Neighbours]
    related: dict[str, tuple[str, ...]]
    tag_by_key: dict[str, Term]
    speaker_by_key: dict[str, Term]
    venue_by_key: dict[str, Term]
    directive_by_id: dict[str, Term]

    def tags_of(self, article_id: str) -> list[Term]:
        """The tag terms of one article, in the order the article lists them."""
        keys = (name_key(tag) for tag in self.articles[article_id].tags)
        return [self.tag_by_key[key] for key in keys if key in self.tag_by_key]


def chronological(articles: list[Article]) -> list[Article]:
    """Oldest first; partial dates sort at the start of their period (before a day that starts
    it too); ties by slug."""
    return sorted(articles,
                  key=lambda a: (a.date.moment, _PRECISION_RANK[a.date.precision], a.slug))


_PRECISION_RANK = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2, Precision.MINUTE: 3}


def build_index(articles: list[Article], entities: Entities, name_order: str = "given"
                ) -> tuple[SiteIndex, list[Problem]]:
    ordered = chronological(articles)
    newest_first = tuple(a.id for a in reversed(ordered))
    neighbours = {
        a.id: Neighbours(ordered[i - 1].id if i > 0 else None,
                         ordered[i + 1].id if i + 1 < len(ordered) else None)
        for i, a in enumerate(ordered)
    }
    tags, problems = build_tags(ordered)
    speakers, venues, directives = build_entity_terms(ordered, entities, name_order)
    index = SiteIndex(
        articles={a.id: a for a in articles},
        entities=entities,
        newest_first=newest_first,
        tags=tags,
        speakers=speakers,
        venues=venues,
        directives=directives,
        years=build_timeline(ordered),
        neighbours=neighbours,
        related=build_related(ordered, entities),
        tag_by_key={term.key: term for term in tags},
        speaker_by_key={term.key: term for term in speakers},
        venue_by_key={term.key: term for term in venues},
        directive_by_id={term.key: term for term in directives},
    )
    return index, problems


def build_entity_terms(ordered: list[Article], entities: Entities, name_order: str
                       ) -> tuple[tuple[Term, ...], tuple[Term, ...], tuple[Term, ...]]:
    """Speakers in person-name order, venues alphabetically, directives by type then date."""
    people: dict[str, list[str]] = {key: [] for key in entities.people}
    places: dict[str, list[str]] = {key: [] for key in entities.places}
    cited: dict[str, list[str]] = {key: [] for key in entities.directives}
    for article in reversed(ordered):
        found = entities.by_article[article.id]
        for appearance in found.speakers:
            people[appearance.person].append(article.id)
        if found.venue is not None:
            places[found.venue].append(article.id)
        for directive in found.directives:
            cited[directive].append(article.id)
    speakers = sorted(
        (Term(k, p.name, p.slug, tuple(dict.fromkeys(people[k])))
         for k, p in entities.people.items()),
        key=lambda t: (person_sort_key(t.name, name_order), t.key))
    venues = sorted(
        (Term(k, p.name, p.slug, tuple(places[k])) for k, p in entities.places.items()),
        key=lambda t: (collation_key(t.name), t.key))
    directives = sorted(
        (Term(k, d.title, k, tuple(cited[k])) for k, d in entities.directives.items()),
        key=lambda t: _directive_order(entities, t.key))
    return tuple(speakers), tuple(venues), tuple(directives)


def _directive_order(entities: Entities, directive_id: str) -> tuple[object, ...]:
    directive = entities.directives[directive_id]
    issued = directive.issued.moment.isoformat() if directive.issued else "9999"
    return (collation_key(directive.type), issued, collation_key(directive.title))


def build_related(ordered: list[Article], entities: Entities) -> dict[str, tuple[str, ...]]:
    """Up to five related articles each, by shared directives, speakers, venue and tags, ties by
    closeness in time. Each shared feature scores only the articles nearest in time that share it,
    so the work grows with the number of articles, not with the number of pairs."""
    position = {a.id: i for i, a in enumerate(ordered)}
    moments = [a.date.moment.timestamp() for a in ordered]
    postings: dict[tuple[str, str], list[int]] = {}
    features: dict[str, list[tuple[str, str]]] = {}
    for i, article in enumerate(ordered):
        found = entities.by_article[article.id]
        keys = [("directive", d) for d in found.directives]
        keys += [("speaker", s.person) for s in found.speakers]
        keys += [("venue", found.venue)] if found.venue else []
        keys += [("tag", name_key(t)) for t in article.tags]
        features[article.id] = list(dict.fromkeys(keys))
        for feature in features[article.id]:
            postings.setdefault(feature, []).append(i)
    related: dict[str, tuple[str, ...]] = {}
    for article in ordered:
        me = position[article.id]
        scores: Counter[int] = Counter()
        for feature in features[article.id]:
            posting = postings[feature]
            at = bisect_left(posting, me)
            for other in posting[max(0, at - RELATED_WINDOW): at + RELATED_WINDOW + 1]:
                if other != me:
                    scores[other] += RELATED_WEIGHTS[feature[0]]
        best = sorted(scores, key=lambda o: (-scores[o], abs(moments[o] - moments[me]), -o))
        related[article.id] = tuple(ordered[o].id for o in best[:RELATED_LIMIT])
    return related


def build_tags(ordered: list[Article]) -> tuple[tuple[Term, ...], list[Problem]]:
    """Tags merged case-insensitively after NFC; the most used spelling is shown."""
    spellings: dict[str, Counter[str]] = {}
    members: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for article in ordered:
        for tag in article.tags:
            key = name_key(tag)
            spellings.setdefault(key, Counter())[tag] += 1
            members.setdefault(key, []).append(article.id)
        problems.extend(tag_problems(article))
    names = {key: counts.most_common(1)[0][0] for key, counts in spellings.items()
             if slugify(counts.most_common(1)[0][0])}
    slugs = distinct_slugs(names)
    terms = [Term(key, name, slugs[key], tuple(reversed(list(dict.fromkeys(members[key])))))
             for key, name in names.items()]
    terms.sort(key=lambda t: (collation_key(t.name), t.key))
    return tuple(terms), problems


def tag_problems(article: Article) -> list[Problem]:
    """Tags that cannot have a page: without letters a-z or digits for its address."""
    return [Problem(article.path, article.lines.get("tags"), None,
                    N_("the tag '{tag}' has no letters a-z or digits for its web address"),
                    N_("write the tag with Vietnamese or Latin letters"), "tags",
                    args=problem_args({"tag": tag}))
            for tag in article.tags if not slugify(tag)]


def build_timeline(ordered: list[Article]) -> tuple[Year, ...]:
    """Years newest first, each with its months newest first."""
    by_year: dict[int, dict[int, list[str]]] = {}
    undated: dict[int, list[str]] = {}
    for article in reversed(ordered):
        year = article.date.year
        by_year.setdefault(year, {})
        if article.date.precision is Precision.YEAR:
            undated.setdefault(year, []).append(article.id)
        else:
            by_year[year].setdefault(article.date.moment.month, []).append(article.id)
    return tuple(
        Year(year,
             tuple(Month(year, month, tuple(ids))
                   for month, ids in sorted(by_year[year].items(), reverse=True)),
             tuple(undated.get(year, ())))
        for year in sorted(by_year, reverse=True)
    )


def paginate(ids: tuple[str, ...], per_page: int) -> list[tuple[str, ...]]:
    """Split a list into pages; an empty list still has one (empty) page."""
    pages = [ids[i:i + per_page] for i in range(0, len(ids), per_page)]
    return pages or [()]
