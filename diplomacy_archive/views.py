"""View-models: the plain, serialisable dicts templates receive instead of internal objects."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from .config import Config
from .content import Article
from .dates import EventDate
from .indexes import Month, SiteIndex, Term, Year
from .markup import Body
from .urls import Urls

MONTH_NAMES = {m: f"Tháng {m}" for m in range(1, 13)}

View = dict[str, Any]


def site_view(config: Config, urls: Urls) -> View:
    return {
        "title": config.title,
        "description": config.description,
        "publisher": config.publisher or config.title,
        "language": config.language,
        "base_url": config.base_url,
        "home_url": urls.link(""),
        "stylesheet": urls.link("assets/style.css"),
        "nav": [
            {"name": "Trang chủ", "url": urls.link(""), "kind": "home"},
            {"name": "Dòng thời gian", "url": urls.link(urls.path("timeline")), "kind": "timeline"},
            {"name": "Chủ đề", "url": urls.link(urls.path("tags")), "kind": "tags"},
        ],
    }


def page_view(kind: str, title: str, path: str, urls: Urls, description: str = "",
              lang: str = "") -> View:
    """What every page has: its kind, title, language, links and canonical address."""
    return {"kind": kind, "title": title, "url": urls.link(path), "lang": lang,
            "canonical": urls.absolute(path), "description": description}


def date_view(date: EventDate) -> View:
    return {"iso": date.iso(), "text": date.vietnamese(), "precision": date.precision.value}


def term_link(term: Term, urls: Urls) -> View:
    return {"name": term.name, "url": urls.link(urls.tag(term.slug)), "count": len(term.article_ids)}


def article_summary(article: Article, body: Body, index: SiteIndex, urls: Urls) -> View:
    """An article as lists show it."""
    return {
        "title": article.title,
        "url": urls.link(urls.article(article.slug)),
        "date": date_view(article.date),
        "venue": article.venue,
        "summary": body.summary,
        "tags": [term_link(t, urls) for t in index.tags_of(article.id)],
        "draft": article.draft,
    }


def neighbour_link(article_id: str | None, index: SiteIndex, urls: Urls) -> View | None:
    if article_id is None:
        return None
    article = index.articles[article_id]
    return {"title": article.title, "url": urls.link(urls.article(article.slug)),
            "date": date_view(article.date)}


def article_view(article: Article, body: Body, index: SiteIndex, urls: Urls, config: Config
                 ) -> View:
    """Everything an article page shows, including the JSON-LD data for search engines."""
    neighbours = index.neighbours[article.id]
    date = article.date
    if date.month:
        timeline = {"name": f"Tháng {date.month}/{date.year}",
                    "url": urls.link(urls.month(date.year, date.month))}
    else:
        timeline = {"name": f"Năm {date.year}", "url": urls.link(urls.year(date.year))}
    view = {
        **article_summary(article, body, index, urls),
        "lang": article.lang,
        "date_note": article.date_note,
        "timeline": timeline,
        "speakers": [{"name": s.name, "role": s.role} for s in article.speakers],
        "directives": [{"code": d} for d in article.directives],
        "author": article.author,
        "source": ({"publisher": article.source.publisher, "url": article.source.url}
                   if article.source else None),
        "images": [{"src": urls.link(i.src.lstrip("/")),
                    "caption": i.caption, "credit": i.credit} for i in article.images],
        "body": Markup(body.html),
        "older": neighbour_link(neighbours.older, index, urls),
        "newer": neighbour_link(neighbours.newer, index, urls),
    }
    view["json_ld"] = article_json_ld(article, body, urls, config)
    return view


def article_json_ld(article: Article, body: Body, urls: Urls, config: Config) -> View:
    """schema.org NewsArticle; rendered with |tojson, which escapes '<' so '</script>' is inert."""
    data: View = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.date.iso(),
        "inLanguage": article.lang,
        "url": urls.absolute(urls.article(article.slug)),
        "publisher": {"@type": "Organization", "name": config.publisher or config.title},
    }
    if body.summary:
        data["description"] = body.summary
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    if article.venue:
        data["contentLocation"] = {"@type": "Place", "name": article.venue}
    if article.tags:
        data["keywords"] = list(article.tags)
    return data


def list_page_view(ids: tuple[str, ...], bodies: dict[str, Body], index: SiteIndex, urls: Urls
                   ) -> list[View]:
    return [article_summary(index.articles[i], bodies[i], index, urls) for i in ids]


def pagination_view(first_page: str, number: int, total: int, urls: Urls) -> View:
    def link(n: int) -> str:
        return urls.link(urls.paged(first_page, n))
    return {
        "number": number,
        "total": total,
        "previous": link(number - 1) if number > 1 else None,
        "next": link(number + 1) if number < total else None,
        "pages": [{"number": n, "url": link(n), "current": n == number}
                  for n in range(1, total + 1)],
    }


def month_link(month: Month, urls: Urls) -> View:
    return {"name": f"{MONTH_NAMES[month.month]}/{month.year}", "month": month.month,
            "url": urls.link(urls.month(month.year, month.month)),
            "count": len(month.article_ids)}


def year_link(year: Year, urls: Urls) -> View:
    return {"name": f"Năm {year.year}", "year": year.year, "url": urls.link(urls.year(year.year)),
            "count": year.count}


def export_article(article: Article, body: Body, index: SiteIndex, urls: Urls) -> View:
    """One article of /data/articles.json (names as written until the registries land)."""
    return {
        "url": urls.absolute(urls.article(article.slug)),
        "title": article.title,
        "date": article.date.iso(),
        "lang": article.lang,
        "venue": {"name": article.venue, "url": None} if article.venue else None,
        "speakers": [{"name": s.name, "role": s.role or None, "url": None}
                     for s in article.speakers],
        "directives": [{"code": d, "type": None, "title": None, "url": None}
                       for d in article.directives],
        "tags": [{"name": t.name, "url": urls.absolute(urls.tag(t.slug))}
                 for t in index.tags_of(article.id)],
        "summary": body.summary,
    }
