"""Pages: the list of every page, feed and sitemap of the site, as specs (where it goes, its
template, how to make its view-model, which articles it shows). Rendering is output.rendering."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache, partial
from typing import Any

from diplomacy_archive.i18n import N_, kept_message
from diplomacy_archive.model.entities import Directive, Place
from diplomacy_archive.model.indexes import SiteIndex, Term, Year, paginate
from diplomacy_archive.site.admin_pages import admin_specs
from diplomacy_archive.site.charts import articles_per_month, year_by_month
from diplomacy_archive.site.feeds import entry_view, feed_link, feed_path, feed_view
from diplomacy_archive.site.front_page import front_page_view
from diplomacy_archive.site.images import Pictures
from diplomacy_archive.site.sitemap import (
    ROBOTS_FILE,
    SITEMAP_FILE,
    last_changed,
    sitemap_files,
    sitemap_views,
)
from diplomacy_archive.site.structured_data import collection_page, legislation, person, place
from diplomacy_archive.site.urls import Urls, output_file
from diplomacy_archive.site.views import (
    Summaries,
    View,
    article_view,
    by_year,
    directive_groups,
    directive_view,
    list_page_view,
    month_link,
    page_view,
    pagination_view,
    site_view,
    speaker_groups,
    speaker_view,
    term_link,
    year_link,
)
from diplomacy_archive.source.articles import Article
from diplomacy_archive.source.bodies import Body
from diplomacy_archive.source.config import Config


@dataclass(frozen=True, eq=False)
class PageSpec:
    """One page before rendering: where it goes, its template, and how to make its values.

    ``origin`` names what produced it and ``origin_path`` the file an editor would change, for
    messages about two pages on one path; ``sources`` are the articles whose text it shows (a
    page whose sources did not change, in a build whose indexes did not change, is not even
    made again). ``make()`` makes its view-model each time it is called, and nothing keeps it:
    a page is rendered once, and view-models kept on their specs added up, at 10,000 articles,
    to 400 MB in each worker that rendered them.
    """

    path: str
    template: str
    make: Callable[[], dict[str, Any]] = field(repr=False)
    origin: str
    origin_path: str = "config.yaml"
    sources: tuple[str, ...] = ()
    dated_by: tuple[str, ...] | None = None  # whose dates say when it changed; None: sources


@dataclass(frozen=True)
class RenderContext:
    """What every page builder reads; nothing in it is changed while pages are listed."""

    config: Config
    urls: Urls
    index: SiteIndex
    bodies: dict[str, Body]
    summaries: dict[str, View]
    pictures: Pictures


def page_specs(config: Config, index: SiteIndex, bodies: dict[str, Body],
               local_editor: bool = False, pictures: Pictures | None = None
               ) -> list[PageSpec]:
    """Every HTML page of the site, in a stable order; the web editor's pages last (after
    the sitemap, which leaves them out). ``local_editor``: the preview's editing of the
    working copy (site.admin_pages). ``pictures``: the measured pictures the pages show
    (build.pictures); without them, pictures are shown as they are."""
    urls = Urls.from_config(config)
    pictures = pictures or Pictures()
    ctx = RenderContext(config, urls, index, bodies, Summaries(index, bodies, urls, pictures),
                        pictures)
    specs: list[PageSpec] = []
    for pages in (home_pages, article_pages, tag_pages, speaker_pages, venue_pages,
                  directive_pages, timeline_pages, search_page, not_found_page):
        specs.extend(pages(ctx))
    specs.extend(feed_specs(ctx))
    specs.extend(sitemap_specs(ctx, specs))
    specs.extend(PageSpec(path, template, make, origin)
                 for path, template, make, origin in admin_specs(config, urls, index,
                                                                 local_editor))
    return specs


def paged_list(ctx: RenderContext, template: str, kind: str, title: str, first_page: str,
               ids: tuple[str, ...], origin: str, origin_path: str = "config.yaml",
               extra: Callable[[], dict[str, Any]] = dict, feed: View | None = None,
               trail: Trail = (), about: Callable[[], View | None] = lambda: None
               ) -> Iterator[PageSpec]:
    """A list of articles split over pages: ``first_page``, then ``first_page/trang/2/``...

    ``extra`` makes the values every page of the list shares (made once, when first needed);
    ``feed`` is the feed its pages announce; ``trail`` the pages above it (name, path) for its
    JSON-LD breadcrumbs, and ``about`` what the list is about (a Person, a Place).
    """
    chunks = paginate(ids, ctx.config.per_page)
    shared = cache(extra)
    for number, chunk in enumerate(chunks, start=1):
        def make(number: int = number, chunk: tuple[str, ...] = chunk) -> dict[str, Any]:
            path = ctx.urls.paged(first_page, number)
            page_title = title if number == 1 else f"{title} – trang {number}"
            articles = list_page_view(chunk, ctx.summaries)
            ld = None if kind == "home" and number == 1 else _list_ld(
                ctx, page_title, path, [(a["title"], a["url"]) for a in articles],
                (*trail, (page_title, path)), about())
            return {"page": page_view(kind, page_title, path, ctx.urls, feed=feed),
                    "json_ld": ld, "articles": articles, "years": by_year(articles),
                    "pagination": pagination_view(first_page, number, len(chunks), ctx.urls),
                    "heading": title, **shared()}
        yield PageSpec(output_file(ctx.urls.paged(first_page, number)), template, make,
                       kept_message(N_("{origin}, page {number}"), origin=origin,
                                    number=number), origin_path, chunk)


Trail = tuple[tuple[str, str], ...]  # (name, site-relative path) of the pages above a page


def _absolute(ctx: RenderContext, link: str) -> str:
    """A link inside the site (``/luu-tru/x/``) as an absolute URL."""
    return ctx.urls.absolute(link.removeprefix(ctx.urls.base_path))


def _list_ld(ctx: RenderContext, name: str, path: str, links: list[tuple[str, str]],
             trail: Trail, about: View | None = None) -> View:
    """A list page's JSON-LD: a CollectionPage of the (name, link) items it shows."""
    return collection_page(name, path, [(n, _absolute(ctx, link)) for n, link in links],
                           ctx.urls, ctx.config, [("Trang chủ", ""), *trail], about)


def single(ctx: RenderContext, template: str, kind: str, title: str, path: str, origin: str,
           make: Callable[[], dict[str, Any]], description: str = "",
           sources: tuple[str, ...] = (), feed: View | None = None) -> PageSpec:
    """A page that is not a list; ``make`` gives its values besides ``page``."""
    return PageSpec(output_file(path), template,
                    lambda: {"page": page_view(kind, title, path, ctx.urls, description,
                                               feed=feed),
                             **make()}, origin, sources=sources)


def home_pages(ctx: RenderContext) -> Iterator[PageSpec]:
    """The home pages; the first is the front page (site.front_page), the others lists."""
    for number, spec in enumerate(paged_list(ctx, "index.html", "home", ctx.config.title, "",
                                             ctx.index.newest_first,
                                             kept_message(N_("the home page"))), start=1):
        yield replace(spec, make=partial(_front_values, ctx, spec.make, spec.sources)) \
            if number == 1 else spec


def _front_values(ctx: RenderContext, make: Callable[[], dict[str, Any]],
                  shown: tuple[str, ...]) -> dict[str, Any]:
    return {**make(), "front": front_page_view(shown, ctx.index, ctx.urls, ctx.summaries)}


def article_pages(ctx: RenderContext) -> Iterator[PageSpec]:
    for article_id in ctx.index.newest_first:
        article = ctx.index.articles[article_id]
        neighbours = ctx.index.neighbours[article_id]
        shown = (article_id, *(n for n in (neighbours.older, neighbours.newer) if n),
                 *ctx.index.related[article_id])

        def make(article: Article = article) -> dict[str, Any]:
            body = ctx.bodies[article.id]
            path = ctx.urls.article(article.slug)
            return {"page": page_view("article", article.title, path, ctx.urls, body.summary,
                                      article.lang),
                    "article": article_view(article, body, ctx.index, ctx.urls, ctx.config,
                                            ctx.summaries, ctx.pictures)}
        yield PageSpec(output_file(ctx.urls.article(article.slug)), "article.html", make,
                       kept_message(N_("the page of article {path}"), path=article.path),
                       article.path, shown, (article_id,))


def speaker_pages(ctx: RenderContext) -> Iterator[PageSpec]:
    index_path = ctx.urls.path("speakers")
    yield single(ctx, "speakers.html", "speakers", "Nhân vật", index_path,
                 kept_message(N_("the speakers index")),
                 lambda: {"groups": speaker_groups(ctx.index.speakers, ctx.urls,
                                                   ctx.config.name_order),
                          "json_ld": _terms_ld(ctx, "Nhân vật", index_path,
                                               ctx.index.speakers, "speaker")})
    for term in ctx.index.speakers:
        first = ctx.index.articles[term.article_ids[-1]]
        path = ctx.urls.path("speaker", slug=term.slug)
        yield from paged_list(ctx, "speaker.html", "speaker", term.name, path, term.article_ids,
                              kept_message(N_("the page of speaker '{name}'"), name=term.name),
                              first.path,
                              partial(_speaker_values, ctx, term),
                              feed_link(f"Bài viết về {term.name}", path, ctx.urls),
                              (("Nhân vật", index_path),), partial(_person_ld, ctx, term))


def venue_pages(ctx: RenderContext) -> Iterator[PageSpec]:
    index_path = ctx.urls.path("venues")
    yield single(ctx, "venues.html", "venues", "Địa điểm", index_path,
                 kept_message(N_("the venues index")),
                 lambda: {"terms": [term_link(t, ctx.urls, "venue") for t in ctx.index.venues],
                          "json_ld": _terms_ld(ctx, "Địa điểm", index_path, ctx.index.venues,
                                               "venue")})
    for term in ctx.index.venues:
        place = ctx.index.entities.places[term.key]
        first = ctx.index.articles[term.article_ids[-1]]
        path = ctx.urls.path("venue", slug=term.slug)
        yield from paged_list(ctx, "venue.html", "venue", term.name, path, term.article_ids,
                              kept_message(N_("the page of venue '{name}'"), name=term.name),
                              first.path,
                              partial(_venue_values, ctx, place, term, index_path),
                              feed_link(f"Bài viết tại {term.name}", path, ctx.urls),
                              (("Địa điểm", index_path),),
                              partial(_place_ld, ctx, place, path))


def directive_pages(ctx: RenderContext) -> Iterator[PageSpec]:
    index_path = ctx.urls.path("directives")
    yield single(ctx, "directives.html", "directives", "Văn bản", index_path,
                 kept_message(N_("the directives index")),
                 lambda: {"groups": directive_groups(ctx.index.directives, ctx.index, ctx.urls),
                          "json_ld": _terms_ld(ctx, "Văn bản", index_path,
                                               ctx.index.directives, "directive")})
    for term in ctx.index.directives:
        directive = ctx.index.entities.directives[term.key]
        citing = tuple(reversed(term.article_ids))
        path = ctx.urls.path("directive", slug=term.key)
        yield single(ctx, "directive.html", "directive", directive.title, path,
                     kept_message(N_("the page of directive '{name}'"), name=directive.title),
                     partial(_directive_values, ctx, directive, citing, index_path),
                     directive.subject, citing,
                     feed_link(f"Bài viết dẫn {directive.title}", path, ctx.urls)
                     if citing else None)


def tag_pages(ctx: RenderContext) -> Iterator[PageSpec]:
    tags_path = ctx.urls.path("tags")
    yield single(ctx, "tags.html", "tags", "Chủ đề", tags_path,
                 kept_message(N_("the tag index")),
                 lambda: {"terms": [term_link(t, ctx.urls) for t in ctx.index.tags],
                          "json_ld": _terms_ld(ctx, "Chủ đề", tags_path, ctx.index.tags,
                                               "tag")})
    for term in ctx.index.tags:
        first_article = ctx.index.articles[term.article_ids[-1]]
        path = ctx.urls.tag(term.slug)
        yield from paged_list(ctx, "term.html", "tag", f"Chủ đề: {term.name}", path,
                              term.article_ids,
                              kept_message(N_("the page of tag '{name}'"), name=term.name),
                              first_article.path,
                              partial(_tag_values, ctx, term, tags_path),
                              feed_link(f"Chủ đề: {term.name}", path, ctx.urls),
                              (("Chủ đề", tags_path),))


def timeline_pages(ctx: RenderContext) -> Iterator[PageSpec]:
    timeline_path = ctx.urls.path("timeline")
    yield single(ctx, "timeline.html", "timeline", "Dòng thời gian", timeline_path,
                 kept_message(N_("the timeline")),
                 lambda: {"years": [{**year_link(y, ctx.urls),
                                     "months": [month_link(m, ctx.urls) for m in y.months]}
                                    for y in ctx.index.years],
                          "chart": articles_per_month(ctx.index.years, ctx.urls),
                          "json_ld": _list_ld(
                              ctx, "Dòng thời gian", timeline_path,
                              [(f"Năm {y.year}", ctx.urls.link(ctx.urls.year(y.year)))
                               for y in ctx.index.years],
                              (("Dòng thời gian", timeline_path),))})
    for year in ctx.index.years:
        shown = tuple(i for m in year.months for i in m.article_ids) + year.undated_ids
        yield single(ctx, "year.html", "year", f"Năm {year.year}", ctx.urls.year(year.year),
                     kept_message(N_("the timeline of {year}"), year=year.year),
                     partial(_year_values, ctx, year, timeline_path),
                     sources=shown)
        for month in year.months:
            yield from paged_list(ctx, "month.html", "month", f"Tháng {month.month}/{month.year}",
                                  ctx.urls.month(month.year, month.month), month.article_ids,
                                  kept_message(N_("the timeline of {month}/{year}"),
                                                  month=f"{month.month:02d}", year=month.year),
                                  extra=partial(_month_extra, ctx, year, timeline_path),
                                  trail=(("Dòng thời gian", timeline_path),
                                         (f"Năm {year.year}", ctx.urls.year(year.year))))


# ---------------------------------------------------------------- values of the pages above

def _terms_ld(ctx: RenderContext, name: str, path: str, terms: tuple[Term, ...], kind: str
              ) -> View:
    return _list_ld(ctx, name, path,
                    [(t.name, ctx.urls.link(ctx.urls.path(kind, slug=t.slug))) for t in terms],
                    ((name, path),))


def _person_ld(ctx: RenderContext, term: Term) -> View:
    bio = ctx.index.entities.people[term.key].bio
    return person(term.name, ctx.urls.absolute(ctx.urls.path("speaker", slug=term.slug)), bio)


def _place_ld(ctx: RenderContext, venue: Place, path: str) -> View:
    return place(venue.name, ctx.urls.absolute(path), venue.province)


def _speaker_values(ctx: RenderContext, term: Term) -> dict[str, Any]:
    return {"person": speaker_view(term, ctx.index, ctx.urls)}


def _venue_values(ctx: RenderContext, place: Place, term: Term, index_path: str
                  ) -> dict[str, Any]:
    return {"place": {"name": place.name, "province": place.province,
                      "count": len(term.article_ids), "index_url": ctx.urls.link(index_path)}}


def _directive_values(ctx: RenderContext, directive: Directive, citing: tuple[str, ...],
                      index_path: str) -> dict[str, Any]:
    path = ctx.urls.path("directive", slug=directive.id)
    articles = list_page_view(citing, ctx.summaries)
    document = legislation(directive.title, ctx.urls.absolute(path), directive.code,
                           directive.type, directive.issuer, directive.issued,
                           directive.subject)
    return {"directive": directive_view(directive, ctx.index, ctx.urls),
            "articles": articles, "index_url": ctx.urls.link(index_path),
            "json_ld": _list_ld(ctx, directive.title, path,
                                [(a["title"], a["url"]) for a in articles],
                                (("Văn bản", index_path), (directive.title, path)), document)}


def _tag_values(ctx: RenderContext, term: Term, tags_path: str) -> dict[str, Any]:
    return {"term": {"name": term.name, "count": len(term.article_ids), "kind_name": "Chủ đề",
                     "index_url": ctx.urls.link(tags_path)}}


def _year_values(ctx: RenderContext, year: Year, timeline_path: str) -> dict[str, Any]:
    path = ctx.urls.year(year.year)
    return {"year": year_link(year, ctx.urls),
            "json_ld": _list_ld(ctx, f"Năm {year.year}", path,
                                [(f"Tháng {m.month}/{m.year}",
                                  ctx.urls.link(ctx.urls.month(m.year, m.month)))
                                 for m in year.months],
                                (("Dòng thời gian", timeline_path), (f"Năm {year.year}", path))),
            "chart": year_by_month(year, ctx.urls),
            "months": [{**month_link(m, ctx.urls),
                        "articles": list_page_view(m.article_ids, ctx.summaries)}
                       for m in year.months],
            "undated": list_page_view(year.undated_ids, ctx.summaries),
            "timeline_url": ctx.urls.link(timeline_path)}


def _month_extra(ctx: RenderContext, year: Year, timeline_path: str) -> dict[str, Any]:
    return {"year": year_link(year, ctx.urls), "timeline_url": ctx.urls.link(timeline_path)}


def search_page(ctx: RenderContext) -> Iterator[PageSpec]:
    """The search page, and the order its filters list their names in; the index it queries
    is made by Pagefind after the pages are rendered."""
    path = ctx.urls.path("search")
    folder = output_file(path).rpartition("/")[0]
    order_path = f"{folder}/{SEARCH_FILTER_ORDER}" if folder else SEARCH_FILTER_ORDER
    yield single(ctx, "search.html", "search", "Tìm kiếm", path,
                 kept_message(N_("the search page")),
                 lambda: {"filter_order_url": ctx.urls.link(order_path)})
    yield PageSpec(order_path, "search-filters.json",
                   lambda: {"order": search_filter_order(ctx.index)},
                   kept_message(N_("the search page")))


SEARCH_FILTER_ORDER = "thu-tu-bo-loc.json"  # beside the search page (assets/search.js reads it)


def search_filter_order(index: SiteIndex) -> str:
    """The names each search filter can list (those of at least one article), as JSON, in the
    order of the site's own index pages: speakers by name as ``name_order`` says, places
    alphabetically, documents by type then date, topics alphabetically. The browser could only
    sort them itself with a collator, and making the first one costs ~20 ms of the page's
    main thread (80 ms on a slow phone), longer than anything else the search page does."""
    order = {kind: [term.name for term in terms if term.article_ids]
             for kind, terms in (("speaker", index.speakers), ("venue", index.venues),
                                 ("directive", index.directives), ("tag", index.tags))}
    return json.dumps(order, ensure_ascii=False, separators=(",", ":"))


def not_found_page(ctx: RenderContext) -> Iterator[PageSpec]:
    yield single(ctx, "404.html", "404", "Không tìm thấy trang", "404.html",
                 kept_message(N_("the 404 page")), dict)


# ---------------------------------------------------------------- feeds, sitemap, robots

def feed_specs(ctx: RenderContext) -> Iterator[PageSpec]:
    """The archive's Atom feed, then one for each tag, speaker, venue and directive."""
    limit = ctx.config.feed_limit or None
    index = ctx.index
    feeds: list[tuple[str, str, str, tuple[str, ...], str]] = [
        ("", ctx.config.title, ctx.config.description, index.newest_first, "config.yaml")]
    for kind, terms, title in (("tag", index.tags, "Chủ đề: {}"),
                               ("speaker", index.speakers, "Bài viết về {}"),
                               ("venue", index.venues, "Bài viết tại {}")):
        for term in terms:
            feeds.append((ctx.urls.path(kind, slug=term.slug), title.format(term.name), "",
                          term.article_ids, index.articles[term.article_ids[-1]].path))
    for term in index.directives:
        if not term.article_ids:  # in the registry, cited by no article: no feed to follow
            continue
        directive = index.entities.directives[term.key]
        feeds.append((ctx.urls.path("directive", slug=term.key),
                      f"Bài viết dẫn {directive.title}", directive.subject, term.article_ids,
                      index.articles[term.article_ids[-1]].path))
    for page_path, title, subtitle, ids, origin_path in feeds:
        shown = ids[:limit]

        def make(page_path: str = page_path, title: str = title, subtitle: str = subtitle,
                 shown: tuple[str, ...] = shown) -> dict[str, Any]:
            entries = [entry_view(index.articles[i], ctx.bodies[i], index.tags_of(i), ctx.urls,
                                  ctx.config, full_text=page_path == "") for i in shown]
            return {"feed": feed_view(title, page_path, entries, ctx.urls, ctx.config, subtitle)}
        yield PageSpec(feed_path(page_path), "atom.xml", make,
                       kept_message(N_("the feed of '{title}'"), title=title),
                       origin_path, shown)


def sitemap_specs(ctx: RenderContext, specs: list[PageSpec]) -> Iterator[PageSpec]:
    """sitemap.xml (an index of several files above 50,000 pages) and robots.txt.

    Made from the list of pages and the articles' dates, which change only with the indexes.
    """
    newest = cache(lambda: last_changed(a.updated or a.date
                                        for a in ctx.index.articles.values()))

    def lastmod(spec: PageSpec) -> datetime | None:
        """The newest change of the articles a page shows; for a page that shows none by name
        (the indexes of speakers, venues, tags and documents, the timeline, search), the
        newest of the site's, whose names and counts those pages list."""
        ids = spec.sources if spec.dated_by is None else spec.dated_by
        articles = (ctx.index.articles[i] for i in ids)
        return last_changed(a.updated or a.date for a in articles) or newest()

    pages = [(spec.path.removesuffix("index.html"), spec) for spec in specs
             if spec.path.endswith("index.html")]
    views = cache(lambda: sitemap_views([(path, lastmod(spec)) for path, spec in pages], ctx.urls))
    for number, (path, template) in enumerate(sitemap_files(len(pages))):
        yield PageSpec(path, template, partial(lambda n: views()[n][2], number),
                       kept_message(N_("the sitemap")))
    yield PageSpec(ROBOTS_FILE, "robots.txt",
                   lambda: {"sitemap_url": ctx.urls.absolute(SITEMAP_FILE)}, "robots.txt")


__all__ = ["PageSpec", "page_specs", "site_view"]
