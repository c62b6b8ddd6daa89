"""Who and what was most in the news in a year: the speakers named in the most articles, the
directives cited by the most, counted over the articles of the newest year that has any (what
the front page shows). Ids and counts only, computed from the index."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from diplomacy_archive.model.indexes import SiteIndex, Term, Year

SPEAKERS_SHOWN = 6
DIRECTIVES_SHOWN = 5


@dataclass(frozen=True)
class InTheNews:
    """``year`` (None for a site without articles) and, for it, speaker keys and directive ids
    with the number of its articles that name or cite each, most first (ties in the order of
    the speakers and directives indexes)."""

    year: int | None
    speakers: tuple[tuple[str, int], ...] = ()
    directives: tuple[tuple[str, int], ...] = ()


def year_article_ids(year: Year) -> tuple[str, ...]:
    """Every article of a year, the undated ones too."""
    return tuple(i for m in year.months for i in m.article_ids) + year.undated_ids


def _ranked(counts: Counter[str], order: tuple[Term, ...], limit: int
            ) -> tuple[tuple[str, int], ...]:
    position = {term.key: n for n, term in enumerate(order)}
    ranked = sorted(counts.items(), key=lambda kc: (-kc[1], position.get(kc[0], len(position))))
    return tuple(ranked[:limit])


def in_the_news(index: SiteIndex, speakers: int = SPEAKERS_SHOWN,
                directives: int = DIRECTIVES_SHOWN) -> InTheNews:
    """The speakers and directives of the newest year with articles, each counted once per
    article, at most ``speakers`` and ``directives`` of them."""
    if not index.years:
        return InTheNews(None)
    year = index.years[0]
    people: Counter[str] = Counter()
    cited: Counter[str] = Counter()
    for article_id in year_article_ids(year):
        found = index.entities.by_article[article_id]
        people.update({a.person for a in found.speakers})
        cited.update(set(found.directives))
    return InTheNews(year.year, _ranked(people, index.speakers, speakers),
                     _ranked(cited, index.directives, directives))
