"""View-models: the plain, serialisable dicts templates receive instead of internal objects."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from diplomacy_archive.model.entities import Directive
from diplomacy_archive.model.indexes import Month, SiteIndex, Term, Year
from diplomacy_archive.site.cards import article_image, logo_image, site_image
from diplomacy_archive.site.charts import citations_per_year
from diplomacy_archive.site.images import Pictures, body_pictures, lead_image, picture_view
from diplomacy_archive.site.structured_data import (
    citation_meta,
    image_object,
    legislation,
    publisher,
    trim_headline,
)
from diplomacy_archive.site.urls import Urls
from diplomacy_archive.source.articles import Article
from diplomacy_archive.source.bodies import Body
from diplomacy_archive.source.config import Config
from diplomacy_archive.text.citations import parse_citation
from diplomacy_archive.text.dates import EventDate, Precision
from diplomacy_archive.text.vietnamese import initial_letter, name_key

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
            {"name": "Nhân vật", "url": urls.link(urls.path("speakers")), "kind": "speakers"},
            {"name": "Địa điểm", "url": urls.link(urls.path("venues")), "kind": "venues"},
            {"name": "Văn bản", "url": urls.link(urls.path("directives")), "kind": "directives"},
            {"name": "Chủ đề", "url": urls.link(urls.path("tags")), "kind": "tags"},
            {"name": "Tìm kiếm", "url": urls.link(urls.path("search")), "kind": "search"},
        ],
        "search_url": urls.link(urls.path("search")),
        "feed_url": urls.link("atom.xml"),
        "locale": og_locale(config.language),
        "json_ld": website_json_ld(config, urls),
        "pagefind_url": urls.link("pagefind/"),
        "image": site_image(urls, config),  # what pages other than articles share
        "logo": urls.link(config.logo.lstrip("/") if config.logo else DEFAULT_LOGO),
        "icons": icon_links(config, urls),
    }


DEFAULT_LOGO = "assets/logo.svg"  # the default theme's, drawn for it (docs/configuration.md)
ICON_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}


def icon_links(config: Config, urls: Urls) -> list[View]:
    """The <link> elements of the site's icons (``rel``, ``href``, ``type``, ``sizes``):
    ``favicon:`` when set; else the theme's favicon.ico at the site's root, its SVG for
    browsers that take one, and the touch icon phones put on their home screens."""
    if config.favicon:
        kind = ICON_TYPES[config.favicon[config.favicon.rfind("."):].lower()]
        return [{"rel": "icon", "href": urls.link(config.favicon.lstrip("/")), "type": kind,
                 "sizes": "any" if kind == "image/svg+xml" else ""}]
    return [{"rel": "icon", "href": urls.link("favicon.ico"), "type": "", "sizes": "32x32"},
            {"rel": "icon", "href": urls.link("assets/favicon.svg"), "type": "image/svg+xml",
             "sizes": "any"},
            {"rel": "apple-touch-icon", "href": urls.link("assets/apple-touch-icon.png"),
             "type": "", "sizes": ""}]


LOCALES = {"vi": "vi_VN", "en": "en_US", "fr": "fr_FR", "ru": "ru_RU", "zh": "zh_CN",
           "ja": "ja_JP", "ko": "ko_KR", "lo": "lo_LA", "km": "km_KH", "de": "de_DE"}


def og_locale(language: str) -> str:
    """Open Graph's locale for a language code: ``vi`` -> ``vi_VN``, ``en-GB`` -> ``en_GB``."""
    lang, _, region = language.partition("-")
    return f"{lang.lower()}_{region.upper()}" if region else LOCALES.get(lang.lower(), lang)


def website_json_ld(config: Config, urls: Urls) -> View:
    """schema.org WebSite with the search page as its SearchAction (the home page has it)."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": config.title,
        "url": urls.absolute(""),
        "inLanguage": config.language,
        "image": site_image(urls, config)["url"],
        "publisher": publisher(config, urls, logo_image(urls, config)),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint",
                       "urlTemplate": urls.absolute(urls.path("search"))
                       + "?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        },
    }


def page_view(kind: str, title: str, path: str, urls: Urls, description: str = "",
              lang: str = "", feed: View | None = None) -> View:
    """What every page has: its kind, title, language, links, canonical address and, for the
    pages of a tag, speaker, venue or directive, the feed that follows it."""
    return {"kind": kind, "title": title, "url": urls.link(path), "lang": lang,
            "canonical": urls.absolute(path), "description": description, "feed": feed,
            "section": SECTIONS.get(kind, kind)}


# The entry of the main navigation (its ``kind``) each kind of page belongs to: the header
# marks it as the current section (and as the current page on that entry's own page).
SECTIONS = {"article": "home", "speaker": "speakers", "venue": "venues",
            "directive": "directives", "tag": "tags", "year": "timeline", "month": "timeline"}


def date_view(date: EventDate) -> View:
    return {"iso": date.iso(), "text": date.vietnamese(), "short": date.short(),
            "precision": date.precision.value}


def term_link(term: Term, urls: Urls, kind: str = "tag") -> View:
    """A link to the page of a tag, speaker, venue or directive, with its article count."""
    return {"name": term.name, "url": urls.link(urls.path(kind, slug=term.slug)),
            "count": len(term.article_ids)}


def name_link(term: Term, urls: Urls, kind: str = "tag") -> View:
    """A link to a tag, speaker or venue page, without the count (which changes with every
    article added elsewhere, and would make every page showing the link change with it)."""
    return {"name": term.name, "url": urls.link(urls.path(kind, slug=term.slug))}


def article_summary(article: Article, body: Body, index: SiteIndex, urls: Urls,
                    pictures: Pictures | None = None) -> View:
    """An article as lists show it; ``lead_image`` is its first picture (site.images.lead_image:
    ``url``, ``width``, ``height``, ``alt``, ``srcset``...), or None."""
    return {
        "title": article.title,
        "url": urls.link(urls.article(article.slug)),
        "date": date_view(article.date),
        "venue": venue_link(article.id, index, urls),
        "summary": body.summary,
        "tags": [name_link(t, urls) for t in index.tags_of(article.id)],
        "draft": article.draft,
        "lead_image": lead_image(article.id, pictures or Pictures(), urls, article.title),
    }


class Summaries(dict[str, View]):
    """Articles as lists show them, each made when first asked for and then shared by every
    page that lists it."""

    def __init__(self, index: SiteIndex, bodies: Mapping[str, Body], urls: Urls,
                 pictures: Pictures | None = None) -> None:
        super().__init__()
        self.index, self.bodies, self.urls = index, bodies, urls
        self.pictures = pictures or Pictures()

    def __missing__(self, article_id: str) -> View:
        view = article_summary(self.index.articles[article_id], self.bodies[article_id],
                               self.index, self.urls, self.pictures)
        self[article_id] = view
        return view


def venue_link(article_id: str, index: SiteIndex, urls: Urls) -> View | None:
    key = index.entities.by_article[article_id].venue
    return None if key is None else name_link(index.venue_by_key[key], urls, "venue")


def neighbour_link(article_id: str | None, summaries: dict[str, View]) -> View | None:
    """Title, address and date of an article (for previous/next and related links)."""
    if article_id is None:
        return None
    summary = summaries[article_id]
    return {"title": summary["title"], "url": summary["url"], "date": summary["date"]}


def article_view(article: Article, body: Body, index: SiteIndex, urls: Urls, config: Config,
                 summaries: dict[str, View], pictures: Pictures | None = None) -> View:
    """Everything an article page shows, including the JSON-LD data for search engines; its
    pictures responsive where ``pictures`` measured them (site.images), the first one fetched
    at once."""
    pictures = pictures or Pictures()
    neighbours = index.neighbours[article.id]
    date = article.date
    if date.month:
        timeline = {"name": f"Tháng {date.month}/{date.year}",
                    "url": urls.link(urls.month(date.year, date.month))}
    else:
        timeline = {"name": f"Năm {date.year}", "url": urls.link(urls.year(date.year))}
    view = {
        **summaries[article.id],
        "lang": article.lang,
        "date_note": article.date_note,
        "timeline": timeline,
        "speakers": [{**name_link(index.speaker_by_key[a.person], urls, "speaker"), "role": a.role}
                     for a in index.entities.by_article[article.id].speakers],
        "attendees": [{"name": a.name, "role": a.role} for a in article.attendees],
        "directives": [directive_link(index.entities.directives[d], index, urls)
                       for d in index.entities.by_article[article.id].directives],
        "related": [neighbour_link(i, summaries) for i in index.related[article.id]],
        "author": article.author,
        "source": ({"publisher": article.source.publisher, "url": article.source.url}
                   if article.source else None),
        "images": [{**picture_view(i.src, pictures, urls, i.caption, lead=number == 0),
                    "caption": i.caption, "credit": i.credit}
                   for number, i in enumerate(article.images)],
        "body": Markup(body_pictures(body.html, pictures, urls)),
        "older": neighbour_link(neighbours.older, summaries),
        "newer": neighbour_link(neighbours.newer, summaries),
    }
    view["share_image"] = article_image(article, urls, config, view.get("lead_image"))
    view["json_ld"] = article_json_ld(article, body, index, urls, config, view["share_image"])
    view["meta"] = article_meta(article, urls, index, view["share_image"])
    view["citation_meta"] = citation_meta(article, view["meta"]["tags"], urls, config)
    return view


def article_json_ld(article: Article, body: Body, index: SiteIndex, urls: Urls, config: Config,
                    image: View | None = None) -> View:
    """schema.org NewsArticle; rendered with |tojson, which escapes '<' so '</script>' is inert.
    ``image`` is what the article shares (site.cards.article_image); the headline is cut to
    the 110 characters Google shows."""
    url = urls.absolute(urls.article(article.slug))
    organisation = publisher(config, urls, logo_image(urls, config))
    data: View = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": trim_headline(article.title),
        "datePublished": article.date.timestamp(),
        "dateModified": (article.updated or article.date).timestamp(),
        "inLanguage": article.lang,
        "url": url,
        "mainEntityOfPage": url,
        "author": ({"@type": "Person", "name": article.author} if article.author
                   else organisation),
        "publisher": organisation,
    }
    if body.summary:
        data["description"] = body.summary
    shared = image or article_image(article, urls, config)
    others = [urls.absolute(i.src.lstrip("/")) for i in article.images[1:]]
    data["image"] = [image_object(shared), *others] if others else image_object(shared)
    entities = index.entities.by_article[article.id]
    about: list[View] = [
        legislation(d.title, urls.absolute(urls.path("directive", slug=d.id)), d.code)
        for d in (index.entities.directives[i] for i in entities.directives)]
    if entities.venue is not None:
        place = index.entities.places[entities.venue]
        place_view = {"@type": "Place", "name": place.name,
                      "url": urls.absolute(urls.path("venue", slug=place.slug))}
        data["contentLocation"] = place_view
        about.append(place_view)
    if about:
        data["about"] = about
    if entities.speakers:
        data["mentions"] = [{"@type": "Person", "name": index.speaker_by_key[a.person].name}
                            for a in entities.speakers]
    if article.tags:
        data["keywords"] = list(article.tags)
    return data


def article_meta(article: Article, urls: Urls, index: SiteIndex, image: View) -> View:
    """Open Graph's article properties: dates with their offset, the image (its first, else
    its card: every article has one), the tags."""
    return {
        "published": article.date.timestamp(),
        "modified": article.updated.timestamp() if article.updated else "",
        "image": image["url"],
        "image_width": image["width"] or "",
        "image_height": image["height"] or "",
        "image_alt": image["alt"],
        "tags": [t.name for t in index.tags_of(article.id)],
    }


def list_page_view(ids: tuple[str, ...], summaries: dict[str, View]) -> list[View]:
    return [summaries[i] for i in ids]


def pagination_view(first_page: str, number: int, total: int, urls: Urls) -> View:
    """Links to the first and last pages and to two either side of this one; ``gap`` marks
    where numbers are left out (so a list of 1,000 pages does not link all of them)."""
    def link(n: int) -> str:
        return urls.link(urls.paged(first_page, n))
    shown = sorted({1, total, *range(max(1, number - 2), min(total, number + 2) + 1)})
    pages: list[View] = []
    for n in shown:
        if pages and n - pages[-1]["number"] > 1:
            pages.append({"number": 0, "url": "", "current": False, "gap": True})
        pages.append({"number": n, "url": link(n), "current": n == number, "gap": False})
    return {
        "number": number,
        "total": total,
        "previous": link(number - 1) if number > 1 else None,
        "next": link(number + 1) if number < total else None,
        "pages": pages,
    }


def month_link(month: Month, urls: Urls) -> View:
    return {"name": f"{MONTH_NAMES[month.month]}/{month.year}", "month": month.month,
            "url": urls.link(urls.month(month.year, month.month)),
            "count": len(month.article_ids)}


def year_link(year: Year, urls: Urls) -> View:
    return {"name": f"Năm {year.year}", "year": year.year, "url": urls.link(urls.year(year.year)),
            "count": year.count}


def export_article(article: Article, body: Body, index: SiteIndex, urls: Urls) -> View:
    """One article of /data/articles.json: canonical names and codes with their addresses."""
    found = index.entities.by_article[article.id]
    venue = index.venue_by_key[found.venue] if found.venue else None
    return {
        "url": urls.absolute(urls.article(article.slug)),
        "title": article.title,
        "date": article.date.iso(),
        "lang": article.lang,
        "venue": ({"name": venue.name, "url": urls.absolute(urls.path("venue", slug=venue.slug))}
                  if venue else None),
        "speakers": [{"name": index.speaker_by_key[a.person].name, "role": a.role or None,
                      "url": urls.absolute(urls.path(
                          "speaker", slug=index.speaker_by_key[a.person].slug))}
                     for a in found.speakers],
        "directives": [{"code": d.code or None, "type": d.type or None,
                        "title": d.subject or d.title,
                        "url": urls.absolute(urls.path("directive", slug=d.id))}
                       for d in (index.entities.directives[i] for i in found.directives)],
        "tags": [{"name": t.name, "url": urls.absolute(urls.tag(t.slug))}
                 for t in index.tags_of(article.id)],
        "summary": body.summary,
    }


def document_date_view(date: EventDate) -> View:
    """A document's date, without the weekday an event's date has: ``text`` as a value
    (``02/12/2008``, ``Tháng 12/2008``, ``Năm 2008``) and ``phrase`` after a name
    (``ngày 02/12/2008``, ``tháng 12/2008``, ``năm 2008``)."""
    if date.precision is Precision.YEAR:
        text, phrase = f"Năm {date.year}", f"năm {date.year}"
    elif date.precision is Precision.MONTH:
        text, phrase = f"Tháng {date.short()}", f"tháng {date.short()}"
    else:
        text, phrase = date.short(), f"ngày {date.short()}"
    return {"iso": date.iso()[:10], "text": text, "phrase": phrase}


def document_name(code: str, directive: Directive | None) -> str:
    """A related document as a reader names it, its type before its code: ``Chỉ thị
    12-CT/TW`` (the registry's title when it has the document, else the type its code
    implies; the bare code when none)."""
    if directive is not None and directive.type:
        return f"{directive.type} {directive.code or code}"
    citation = parse_citation(code)
    return citation.display() if citation is not None and citation.type else code


def directive_link(directive: Directive, index: SiteIndex, urls: Urls) -> View:
    return {"code": directive.code, "title": directive.title, "subject": directive.subject,
            "known": directive.known,
            "issued": document_date_view(directive.issued) if directive.issued else None,
            "url": urls.link(urls.path("directive", slug=directive.id)),
            "count": len(index.directive_by_id[directive.id].article_ids)}


def directive_view(directive: Directive, index: SiteIndex, urls: Urls) -> View:
    """A directive page: what the registry knows, related documents, and where it was cited."""
    def related(pairs: tuple[tuple[str, str], ...]) -> list[View]:
        return [{"code": code, "name": document_name(code, index.entities.directives.get(i)),
                 "url": urls.link(urls.path("directive", slug=i))
                 if i in index.directive_by_id else None} for i, code in pairs]
    citing = tuple(reversed(index.directive_by_id[directive.id].article_ids))
    per_year = Counter(index.articles[i].date.year for i in citing)
    return {
        **directive_link(directive, index, urls),
        "type": directive.type,
        "issuer": directive.issuer,
        "supersedes": related(directive.supersedes),
        "superseded_by": related(directive.superseded_by),
        "chart": citations_per_year(per_year) if per_year else None,
    }


def roles_over_time(person_key: str, index: SiteIndex) -> list[View]:
    """The roles an article gave a person, each with the first and last date it was given."""
    roles: dict[str, dict[str, object]] = {}
    for article_id in reversed(index.speaker_by_key[person_key].article_ids):
        for appearance in index.entities.by_article[article_id].speakers:
            if appearance.person != person_key or not appearance.role:
                continue
            date = index.articles[article_id].date
            entry = roles.setdefault(name_key(appearance.role),
                                     {"role": appearance.role, "first": date, "count": 0})
            entry["last"] = date
            entry["count"] = int(entry["count"]) + 1  # type: ignore[call-overload]
    return [{"role": r["role"], "first": date_view(r["first"]),  # type: ignore[arg-type]
             "last": date_view(r["last"]), "count": r["count"]}  # type: ignore[arg-type]
            for r in roles.values()]


def speaker_view(term: Term, index: SiteIndex, urls: Urls) -> View:
    person = index.entities.people[term.key]
    newest, oldest = index.articles[term.article_ids[0]], index.articles[term.article_ids[-1]]
    return {"name": person.name, "bio": person.bio, "count": len(term.article_ids),
            "roles": roles_over_time(term.key, index),
            "first": {**date_view(oldest.date), "title": oldest.title,
                      "url": urls.link(urls.article(oldest.slug))},
            "last": {**date_view(newest.date), "title": newest.title,
                     "url": urls.link(urls.article(newest.slug))},
            "index_url": urls.link(urls.path("speakers"))}


def by_year(articles: list[View]) -> list[View]:
    """Consecutive articles of one year grouped together (lists are in time order)."""
    groups: list[View] = []
    for item in articles:
        year = int(item["date"]["iso"][:4])
        if not groups or groups[-1]["year"] != year:
            groups.append({"year": year, "articles": []})
        groups[-1]["articles"].append(item)
    return groups


def speaker_groups(terms: tuple[Term, ...], urls: Urls, name_order: str) -> list[View]:
    """The speakers index: people under the initial of the name they are sorted by."""
    groups: list[View] = []
    for term in terms:
        letter = initial_letter(term.name, name_order)
        if not groups or groups[-1]["letter"] != letter:
            groups.append({"letter": letter, "people": []})
        groups[-1]["people"].append(term_link(term, urls, "speaker"))
    return groups


def directive_groups(terms: tuple[Term, ...], index: SiteIndex, urls: Urls) -> list[View]:
    """The directives index: grouped by type, each group in order of issue date."""
    groups: list[View] = []
    for term in terms:
        directive = index.entities.directives[term.key]
        kind = directive.type or "Văn bản khác"
        if not groups or groups[-1]["type"] != kind:
            groups.append({"type": kind, "directives": []})
        groups[-1]["directives"].append(directive_link(directive, index, urls))
    return groups
