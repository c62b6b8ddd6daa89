"""Pure functions over validated articles: order, tags, timeline, pagination, neighbours.

Indexes hold article ids, never copies of articles.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .content import Article
from .dates import Precision
from .errors import Problem
from .vietnamese import collation_key, fold_key, slugify


@dataclass(frozen=True)
class Term:
    """One tag: the name shown, its URL slug and its articles, newest first."""

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
    newest_first: tuple[str, ...]
    tags: tuple[Term, ...]
    years: tuple[Year, ...]
    neighbours: dict[str, Neighbours]
    tag_by_key: dict[str, Term]

    def tags_of(self, article_id: str) -> list[Term]:
        """The tag terms of one article, in the order the article lists them."""
        keys = (fold_key(tag) for tag in self.articles[article_id].tags)
        return [self.tag_by_key[key] for key in keys if key in self.tag_by_key]


def chronological(articles: list[Article]) -> list[Article]:
    """Oldest first; partial dates sort at the start of their period; ties by title then slug."""
    return sorted(articles, key=lambda a: (a.date.moment, collation_key(a.title), a.slug))


def build_index(articles: list[Article]) -> tuple[SiteIndex, list[Problem]]:
    ordered = chronological(articles)
    newest_first = tuple(a.id for a in reversed(ordered))
    neighbours = {
        a.id: Neighbours(ordered[i - 1].id if i > 0 else None,
                         ordered[i + 1].id if i + 1 < len(ordered) else None)
        for i, a in enumerate(ordered)
    }
    tags, problems = build_tags(ordered)
    index = SiteIndex(
        articles={a.id: a for a in articles},
        newest_first=newest_first,
        tags=tags,
        years=build_timeline(ordered),
        neighbours=neighbours,
        tag_by_key={term.key: term for term in tags},
    )
    return index, problems


def build_tags(ordered: list[Article]) -> tuple[tuple[Term, ...], list[Problem]]:
    """Tags merged case-insensitively after NFC; the most used spelling is shown."""
    spellings: dict[str, Counter[str]] = {}
    members: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for article in ordered:
        for tag in article.tags:
            key = fold_key(tag)
            spellings.setdefault(key, Counter())[tag] += 1
            members.setdefault(key, []).append(article.id)
            if not slugify(tag):
                problems.append(Problem(
                    article.path, article.lines.get("tags"), None,
                    f"the tag '{tag}' has no letters a-z or digits for its web address",
                    "write the tag with Vietnamese or Latin letters", "tags"))
    terms = []
    for key, counts in spellings.items():
        name = counts.most_common(1)[0][0]
        slug = slugify(name)
        if slug:
            terms.append(Term(key, name, slug, tuple(reversed(members[key]))))
    terms.sort(key=lambda t: (collation_key(t.name), t.key))
    return tuple(terms), problems


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
