"""The front page's view-model (the first home page): the newest article as the lead, with its
picture, the next ones for the grid, the speakers and directives most in the news in the newest
year with articles, and the timeline by year. Later home pages are plain lists."""

from __future__ import annotations

from diplomacy_archive.model.in_the_news import in_the_news
from diplomacy_archive.model.indexes import SiteIndex
from diplomacy_archive.site.charts import articles_per_year
from diplomacy_archive.site.urls import Urls
from diplomacy_archive.site.views import View, directive_link, name_link, year_link
from diplomacy_archive.source.articles import Article


def article_picture(article: Article, summary: View, urls: Urls, lead: bool = False
                    ) -> View | None:
    """What a card shows of an article's picture: the summary's ``lead_image`` when the image
    stage made one (site.images.lead_image), else the first of its ``images:``; None without.
    ``src``, ``alt`` (the caption: the card shows no caption of its own), ``width`` and
    ``height`` (None when not known), ``sources`` and ``sizes`` for <picture>, ``loading``."""
    made = summary.get("lead_image")
    if made:
        picture = dict(made)
    elif article.images:
        first = article.images[0]
        picture = {"src": urls.link(first.src.lstrip("/")), "alt": first.caption,
                   "width": None, "height": None, "sources": [], "sizes": ""}
    else:
        return None
    picture["loading"] = "eager" if lead else "lazy"
    picture["fetchpriority"] = "high" if lead else ""
    return picture


def front_page_view(shown: tuple[str, ...], index: SiteIndex, urls: Urls,
                    summaries: dict[str, View]) -> View:
    """``shown``: the articles of the first home page, newest first; the first is the lead, the
    others the grid."""
    def card(article_id: str, lead: bool = False) -> View:
        return {**summaries[article_id],
                "picture": article_picture(index.articles[article_id], summaries[article_id],
                                           urls, lead)}
    news = in_the_news(index)
    return {
        "lead": card(shown[0], lead=True) if shown else None,
        "grid": [card(i) for i in shown[1:]],
        "news_year": news.year,
        "speakers": [{**name_link(index.speaker_by_key[key], urls, "speaker"), "count": count}
                     for key, count in news.speakers],
        "directives": [{**directive_link(index.entities.directives[key], index, urls),
                        "year_count": count} for key, count in news.directives],
        "years": [year_link(y, urls) for y in index.years],
        "chart": articles_per_year(index.years, urls),
        "timeline_url": urls.link(urls.path("timeline")),
        "speakers_url": urls.link(urls.path("speakers")),
        "directives_url": urls.link(urls.path("directives")),
    }
