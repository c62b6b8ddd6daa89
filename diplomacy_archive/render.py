"""Pages: the list of every HTML page of the site, each rendered from a template and a view-model.

No disk I/O here: pages come back as OutputFile objects for the writer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .bodylinks import link_citations
from .config import Config
from .content import Article
from .errors import Problem, display_path
from .files import OutputFile
from .indexes import SiteIndex, paginate
from .markup import Body
from .urls import Urls, output_file
from .views import (
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


@dataclass(frozen=True)
class RenderContext:
    """What every page renderer reads; nothing in it is changed while rendering."""

    env: jinja2.Environment
    config: Config
    urls: Urls
    index: SiteIndex
    bodies: dict[str, Body]
    site: View


class TemplateProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format_text())
        self.problem = problem


def render_site(env: jinja2.Environment, config: Config, index: SiteIndex,
                bodies: dict[str, Body]) -> tuple[list[OutputFile], list[Problem]]:
    """Every HTML page; a broken template is reported once, with its file and line."""
    urls = Urls.from_config(config)
    ctx = RenderContext(env, config, urls, index, bodies, site_view(config, urls))
    pages: list[OutputFile] = []
    try:
        for generate in (home_pages, article_pages, tag_pages, speaker_pages, venue_pages,
                         directive_pages, timeline_pages, not_found_page):
            pages.extend(generate(ctx))
    except TemplateProblem as exc:
        return pages, [exc.problem]
    return pages, []


def render_template(ctx: RenderContext, name: str, page: View, **values: Any) -> bytes:
    try:
        template = ctx.env.get_template(name)
        return template.render(site=ctx.site, page=page, **values).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(Problem(
            display_path(Path(exc.filename)) if exc.filename else name, exc.lineno, None,
            exc.message or "template syntax error",
            "fix the template tag on this line", "template")) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(Problem(
            f"templates/{exc.name}", None, None, "the template does not exist",
            "restore it, or remove the line that includes it", "template")) from None
    except Exception as exc:  # an error inside a template: undefined variable, bad filter use
        path, line = _template_frame(exc)
        raise TemplateProblem(Problem(
            path or f"templates/{name}", line, None, f"{type(exc).__name__}: {exc}",
            "check the variable names the template uses: docs/templates.md lists them",
            "template")) from None


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in a traceback (Jinja maps them to the source)."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".j2")):
            found = (display_path(Path(filename)), tb.tb_lineno)
        tb = tb.tb_next
    return found


def paged_list(ctx: RenderContext, template: str, kind: str, title: str, first_page: str,
               ids: tuple[str, ...], origin: str, origin_path: str = "config.yaml",
               **values: Any) -> Iterator[OutputFile]:
    """A list of articles split over pages: ``first_page``, then ``first_page/trang/2/``..."""
    chunks = paginate(ids, ctx.config.per_page)
    for number, chunk in enumerate(chunks, start=1):
        path = ctx.urls.paged(first_page, number)
        page_title = title if number == 1 else f"{title} – trang {number}"
        page = page_view(kind, page_title, path, ctx.urls)
        articles = list_page_view(chunk, ctx.bodies, ctx.index, ctx.urls)
        html = render_template(
            ctx, template, page, articles=articles, years=by_year(articles),
            pagination=pagination_view(first_page, number, len(chunks), ctx.urls),
            heading=title, **values)
        yield OutputFile(output_file(path), html, f"{origin}, page {number}", origin_path, chunk)


def home_pages(ctx: RenderContext) -> Iterator[OutputFile]:
    yield from paged_list(ctx, "index.html", "home", ctx.config.title, "",
                          ctx.index.newest_first, "the home page")


def article_pages(ctx: RenderContext) -> Iterator[OutputFile]:
    for article_id in ctx.index.newest_first:
        article = ctx.index.articles[article_id]
        body = ctx.bodies[article_id]
        path = ctx.urls.article(article.slug)
        page = page_view("article", article.title, path, ctx.urls, body.summary, article.lang)
        view = article_view(article, body, ctx.index, ctx.urls, ctx.config)
        if ctx.config.link_directives:
            view["body"] = Markup(link_citations(body.html, _citation_url(ctx, article)))
        html = render_template(ctx, "article.html", page, article=view)
        neighbours = ctx.index.neighbours[article_id]
        sources = (article_id,) + tuple(n for n in (neighbours.older, neighbours.newer) if n)
        yield OutputFile(output_file(path), html, f"the page of article {article.path}",
                         article.path, sources)


def _citation_url(ctx: RenderContext, article: Article) -> Callable[[str], str | None]:
    def url_for(text: str) -> str | None:
        directive_id = ctx.index.entities.known_directive(text, article.date)
        return None if directive_id is None else ctx.urls.link(
            ctx.urls.path("directive", slug=directive_id))
    return url_for


def speaker_pages(ctx: RenderContext) -> Iterator[OutputFile]:
    index_path = ctx.urls.path("speakers")
    page = page_view("speakers", "Nhân vật", index_path, ctx.urls)
    groups = speaker_groups(ctx.index.speakers, ctx.urls, ctx.config.name_order)
    yield OutputFile(output_file(index_path),
                     render_template(ctx, "speakers.html", page, groups=groups),
                     "the speakers index")
    for term in ctx.index.speakers:
        first = ctx.index.articles[term.article_ids[-1]]
        yield from paged_list(ctx, "speaker.html", "speaker", term.name,
                              ctx.urls.path("speaker", slug=term.slug), term.article_ids,
                              f"the page of speaker '{term.name}'", first.path,
                              person=speaker_view(term, ctx.index, ctx.urls))


def venue_pages(ctx: RenderContext) -> Iterator[OutputFile]:
    index_path = ctx.urls.path("venues")
    page = page_view("venues", "Địa điểm", index_path, ctx.urls)
    terms = [term_link(t, ctx.urls, "venue") for t in ctx.index.venues]
    yield OutputFile(output_file(index_path),
                     render_template(ctx, "venues.html", page, terms=terms), "the venues index")
    for term in ctx.index.venues:
        place = ctx.index.entities.places[term.key]
        first = ctx.index.articles[term.article_ids[-1]]
        yield from paged_list(ctx, "venue.html", "venue", term.name,
                              ctx.urls.path("venue", slug=term.slug), term.article_ids,
                              f"the page of venue '{term.name}'", first.path,
                              place={"name": place.name, "province": place.province,
                                     "count": len(term.article_ids),
                                     "index_url": ctx.urls.link(index_path)})


def directive_pages(ctx: RenderContext) -> Iterator[OutputFile]:
    index_path = ctx.urls.path("directives")
    page = page_view("directives", "Văn bản", index_path, ctx.urls)
    groups = directive_groups(ctx.index.directives, ctx.index, ctx.urls)
    yield OutputFile(output_file(index_path),
                     render_template(ctx, "directives.html", page, groups=groups),
                     "the directives index")
    for term in ctx.index.directives:
        directive = ctx.index.entities.directives[term.key]
        path = ctx.urls.path("directive", slug=term.key)
        view = directive_view(directive, ctx.index, ctx.urls)
        page = page_view("directive", directive.title, path, ctx.urls, directive.subject)
        citing = tuple(reversed(term.article_ids))
        html = render_template(ctx, "directive.html", page, directive=view,
                               articles=list_page_view(citing, ctx.bodies, ctx.index, ctx.urls),
                               index_url=ctx.urls.link(index_path))
        yield OutputFile(output_file(path), html, f"the page of directive '{directive.title}'",
                         sources=citing)


def tag_pages(ctx: RenderContext) -> Iterator[OutputFile]:
    tags_path = ctx.urls.path("tags")
    page = page_view("tags", "Chủ đề", tags_path, ctx.urls)
    html = render_template(ctx, "tags.html", page,
                           terms=[term_link(t, ctx.urls) for t in ctx.index.tags])
    yield OutputFile(output_file(tags_path), html, "the tag index")
    for term in ctx.index.tags:
        first = ctx.urls.tag(term.slug)
        first_article = ctx.index.articles[term.article_ids[-1]]
        yield from paged_list(ctx, "term.html", "tag", f"Chủ đề: {term.name}", first,
                              term.article_ids, f"the page of tag '{term.name}'",
                              first_article.path, term={"name": term.name, "count": len(term.article_ids),
                                    "kind_name": "Chủ đề",
                                    "index_url": ctx.urls.link(tags_path)})


def timeline_pages(ctx: RenderContext) -> Iterator[OutputFile]:
    timeline_path = ctx.urls.path("timeline")
    years = [{**year_link(y, ctx.urls), "months": [month_link(m, ctx.urls) for m in y.months]}
             for y in ctx.index.years]
    page = page_view("timeline", "Dòng thời gian", timeline_path, ctx.urls)
    yield OutputFile(output_file(timeline_path),
                     render_template(ctx, "timeline.html", page, years=years), "the timeline")
    for year in ctx.index.years:
        path = ctx.urls.year(year.year)
        page = page_view("year", f"Năm {year.year}", path, ctx.urls)
        html = render_template(
            ctx, "year.html", page, year=year_link(year, ctx.urls),
            months=[{**month_link(m, ctx.urls),
                     "articles": list_page_view(m.article_ids, ctx.bodies, ctx.index, ctx.urls)}
                    for m in year.months],
            undated=list_page_view(year.undated_ids, ctx.bodies, ctx.index, ctx.urls),
            timeline_url=ctx.urls.link(timeline_path))
        sources = tuple(i for m in year.months for i in m.article_ids) + year.undated_ids
        yield OutputFile(output_file(path), html, f"the timeline of {year.year}",
                         sources=sources)
        for month in year.months:
            first = ctx.urls.month(month.year, month.month)
            yield from paged_list(ctx, "month.html", "month",
                                  f"Tháng {month.month}/{month.year}", first,
                                  month.article_ids,
                                  f"the timeline of {month.month:02d}/{month.year}",
                                  year=year_link(year, ctx.urls),
                                  timeline_url=ctx.urls.link(timeline_path))


def not_found_page(ctx: RenderContext) -> Iterator[OutputFile]:
    page = page_view("404", "Không tìm thấy trang", "404.html", ctx.urls)
    yield OutputFile("404.html", render_template(ctx, "404.html", page), "the 404 page")
