"""Old addresses: the redirect pages that keep them working, and the pages that would lose
theirs.

An article's ``aliases:`` and a speaker's, venue's or directive's ``old_addresses:`` (in
data/, source/addresses.py reads both) each become a tiny page at the old address
(templates/redirect.html: a meta refresh and a canonical link to the page, no script). They
are not pages of the archive: the sitemap, the feeds, the search index and the data export
leave them out. An old address that is the address of a real page, or that two pages claim,
is an error naming the line.

``moved_pages`` compares the pages the last build published (``published_addresses``, kept by
the build) with this build's: an article or entity page whose address changed, with no old
address keeping the last one, is a warning that names the file to edit and the exact line to
add. A page that went because its article was deleted or became a draft, or because no
article names a person any more, went on purpose and is not reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from diplomacy_archive.i18n import N_, kept_message
from diplomacy_archive.model.indexes import SiteIndex
from diplomacy_archive.problems import Args, Problem, Severity, problem_args
from diplomacy_archive.site.pages import PageSpec
from diplomacy_archive.site.urls import Urls, output_file
from diplomacy_archive.source.config import Config
from diplomacy_archive.source.registries import (
    DirectiveRecord,
    Registries,
    SpeakerRecord,
    VenueRecord,
    name_variants,
)
from diplomacy_archive.source.site_folders import CONTENT_DIR, DATA_DIR
from diplomacy_archive.text.vietnamese import name_key

REDIRECT_TEMPLATE = "redirect.html"
# A page an editor may move: (kind, what it shows: an article's id, an entity's key, a
# directive's id; its title or name), by output path.
Address = tuple[str, str, str]
_REGISTRY = {"speaker": "speakers.yaml", "venue": "venues.yaml", "directive": "directives.yaml"}
_PAGE_OF = {"speaker": N_("the page of speaker '{name}'"), "venue": N_("the page of venue "
                                                                         "'{name}'"),
            "directive": N_("the page of directive '{name}'")}  # what a redirect leads to
Record = SpeakerRecord | VenueRecord | DirectiveRecord

# The messages that name the kind of a page, one whole sentence for each kind (the word order
# of a translation differs with the noun).
_OWN_ADDRESS = {
    "article": N_("'{address}' is the address of this article itself"),
    "speaker": N_("'{address}' is the address of this speaker's page itself"),
    "venue": N_("'{address}' is the address of this venue's page itself"),
    "directive": N_("'{address}' is the address of this document's page itself"),
}
_CLAIMED = {  # {other}: the other article's file, or the other entity's name
    "article": N_("'{address}' is also an old address of the article {other}"),
    "speaker": N_("'{address}' is also an old address of the speaker '{other}'"),
    "venue": N_("'{address}' is also an old address of the venue '{other}'"),
    "directive": N_("'{address}' is also an old address of the document '{other}'"),
}
_ENTITY_MOVED = {
    "speaker": N_("the page of the speaker '{name}' was at {old} in the last build and is now "
                  "at {new}: links to {old} would break"),
    "venue": N_("the page of the venue '{name}' was at {old} in the last build and is now at "
                "{new}: links to {old} would break"),
    "directive": N_("the page of the document '{name}' was at {old} in the last build and is "
                    "now at {new}: links to {old} would break"),
}
_ENTITY_MOVED_TO_SEVERAL = {  # several pages show it now: {new} or {other}
    "speaker": N_("the page of the speaker '{name}' was at {old} in the last build and is now "
                  "at {new} or {other}: links to {old} would break"),
    "venue": N_("the page of the venue '{name}' was at {old} in the last build and is now at "
                "{new} or {other}: links to {old} would break"),
    "directive": N_("the page of the document '{name}' was at {old} in the last build and is "
                    "now at {new} or {other}: links to {old} would break"),
}
_ADD_TO_WHICH_ENTRY = {  # several entries could keep it; {line}: 'old_addresses: [/x/]'
    "speaker": N_("add '{line}' to the entry of the speaker the old page was about, so that "
                  "the old address leads to its page"),
    "venue": N_("add '{line}' to the entry of the venue the old page was about, so that the "
                "old address leads to its page"),
    "directive": N_("add '{line}' to the entry of the document the old page was about, so that "
                    "the old address leads to its page"),
}
# How to keep an article's old address, by (renamed file, aliases already there): {line} is
# the exact line, such as 'aliases: [/bai-viet/cu/]', {key} its key.
_ARTICLE_MOVED_HINT = {
    (True, False): N_("if the move is meant, add the line '{line}' to the front matter so that "
                      "the old address leads here; if not, give the file back its old name"),
    (True, True): N_("if the move is meant, change the line '{key}:' of the front matter to "
                     "'{line}' so that the old address leads here; if not, give the file back "
                     "its old name"),
    (False, False): N_("if the move is meant, add the line '{line}' to the front matter so that "
                       "the old address leads here; if not, give back its old 'slug:'"),
    (False, True): N_("if the move is meant, change the line '{key}:' of the front matter to "
                      "'{line}' so that the old address leads here; if not, give back its old "
                      "'slug:'"),
}


@dataclass(frozen=True)
class _Wanted:
    """One old address, where it was written and the page it leads to."""

    address: str  # as kept: '/bai-viet/ten-cu/' or 'ten-cu'
    number: int  # its place in the list, for the message's field
    kind: str
    target: str  # the page's path in the site
    title: str  # the page's title or name
    owner: str  # 'article content/x.md', "speaker 'Nguyễn Văn A'"
    own: str  # the output file of the page itself
    path: str  # the file it is written in, with its line and key
    line: int | None
    key: str


def old_address_file(address: str, kind: str, urls: Urls) -> str:
    """The output file an old address names: '/bai-viet/x/' -> 'bai-viet/x/index.html',
    '/tin/x.html' -> 'tin/x.html', a slug alone -> its page under the kind's URL pattern."""
    path = address[1:] if address.startswith("/") else urls.path(kind, slug=address)
    return output_file(path)


def redirect_specs(config: Config, index: SiteIndex, registries: Registries,
                   pages: list[PageSpec]) -> tuple[list[PageSpec], list[Problem]]:
    """A redirect page for every old address of a published article or of an entity's page,
    and the problems of those that cannot be made (the address of a real page, or of two)."""
    urls = Urls.from_config(config)
    taken = {page.path.casefold(): page for page in pages}
    made: dict[str, tuple[PageSpec, _Wanted]] = {}
    specs: list[PageSpec] = []
    problems: list[Problem] = []
    for wanted in _wanted(index, registries, urls):
        file = old_address_file(wanted.address, wanted.kind, urls)
        why = _refused(file, wanted, taken, made)
        if why is not None:
            message, hint, args = why
            problems.append(Problem(wanted.path, wanted.line, None, message, hint,
                                    f"{wanted.key}[{wanted.number}]",
                                    args=problem_args(args)))
            continue
        spec = PageSpec(file, REDIRECT_TEMPLATE, _values(urls, wanted),
                        kept_message(N_("the redirect from '{address}' to {owner}"),
                                     address=wanted.address, owner=wanted.owner),
                        wanted.path)
        made[file.casefold()] = (spec, wanted)
        specs.append(spec)
    return specs, problems


def _refused(file: str, wanted: _Wanted, taken: dict[str, PageSpec],
             made: dict[str, tuple[PageSpec, _Wanted]]) -> tuple[str, str, Args] | None:
    """Why an old address cannot lead to its page, as (message, hint, args): templates
    marked N_ and their placeholders; None when it can."""
    folded = file.casefold()
    args: Args = {"address": wanted.address, "key": wanted.key}
    if folded == wanted.own.casefold():
        return (_OWN_ADDRESS[wanted.kind], N_("remove it from '{key}:'"), args)
    if folded in made:
        other = made[folded][1]  # an article by its file, an entity by its name
        return (_CLAIMED[other.kind],
                N_("an old address can lead to one page only: keep it in one of the two"),
                {**args, "other": other.path if other.kind == "article" else other.title})
    page = taken.get(folded)
    if page is None:  # a page whose file would be a folder of the redirect's?
        parents = folded.split("/")[:-1]
        page = next((taken[p] for p in ("/".join(parents[:n]) for n in range(1, len(parents) + 1))
                     if p in taken), None)
    if page is not None:  # (the origin is a description in English)
        return (N_("'{address}' is the address of {page}"),
                N_("remove it from '{key}:': a redirect there would replace that page"),
                {**args, "page": page.origin})
    return None


def _values(urls: Urls, wanted: _Wanted) -> Callable[[], dict[str, Any]]:
    """How to make a redirect page's values (when it is rendered)."""
    def make() -> dict[str, Any]:
        link, canonical = urls.link(wanted.target), urls.absolute(wanted.target)
        return {"page": {"kind": "redirect", "title": wanted.title, "url": link, "lang": "",
                         "canonical": canonical, "description": "", "feed": None},
                "redirect": {"kind": wanted.kind, "title": wanted.title, "url": link,
                             "canonical": canonical}}
    return make


def _wanted(index: SiteIndex, registries: Registries, urls: Urls) -> Iterator[_Wanted]:
    """Every old address of a page of this build, in a stable order: articles newest first,
    then speakers, venues and directives as their indexes list them."""
    for article_id in index.newest_first:
        article = index.articles[article_id]
        target = urls.article(article.slug)
        for number, address in enumerate(article.aliases):
            yield _Wanted(address, number, "article", target, article.title,
                          kept_message(N_("the page of article {path}"), path=article.path),
                          output_file(target), article.path,
                          article.lines.get("aliases"), "aliases")
    entities = index.entities
    for kind, terms in (("speaker", index.speakers), ("venue", index.venues),
                        ("directive", index.directives)):
        records = _records(registries, kind)
        for term in terms:
            entity = (entities.people if kind == "speaker" else entities.places
                      if kind == "venue" else entities.directives)[term.key]
            if not entity.old_addresses:
                continue
            record = records.get(_record_key(kind, entity))
            if record is None:  # (old addresses come from an entry: never so)
                continue
            target = urls.path(kind, slug=term.slug)
            for number, address in enumerate(entity.old_addresses):
                yield _Wanted(address, number, kind, target, term.name,
                              kept_message(_PAGE_OF[kind], name=term.name), output_file(target),
                              record.path,
                              record.line, "old_addresses")


def _records(registries: Registries, kind: str) -> dict[object, Record]:
    """A registry's entries by what finds them from an entity: a person's or place's name key,
    a document's code and date of issue."""
    if kind == "directive":
        return {(r.code, r.issued.iso() if r.issued else ""): r for r in registries.directives}
    return {name_key(r.name): r for r in (registries.speakers if kind == "speaker"
                                           else registries.venues)}


def _record_key(kind: str, entity: Any) -> object:
    if kind == "directive":
        return (entity.code, entity.issued.iso() if entity.issued else "")
    return entity.key


# ---------------------------------------------------------------- pages that would move

def published_addresses(index: SiteIndex, urls: Urls) -> dict[str, Address]:
    """The pages of this build an editor may move by accident (an article's, a speaker's, a
    venue's, a directive's), by output file: what the next build compares its own with."""
    addresses: dict[str, Address] = {}
    for article_id in index.newest_first:
        article = index.articles[article_id]
        addresses[output_file(urls.article(article.slug))] = ("article", article.id,
                                                             article.title)
    for kind, terms in (("speaker", index.speakers), ("venue", index.venues),
                        ("directive", index.directives)):
        for term in terms:
            addresses[output_file(urls.path(kind, slug=term.slug))] = (kind, term.key, term.name)
    return addresses


def moved_pages(last: dict[str, Address], now: dict[str, Address], outputs: set[str],
                index: SiteIndex, parsed: set[str], registries: Registries
                ) -> list[Problem]:
    """A warning for each page of the last build (``last``) that this build no longer writes
    (``outputs`` are its files, redirects included) while what it showed is still published
    elsewhere (``now``). ``parsed`` are the ids of every article read, drafts included."""
    where_now = {(kind, key): path for path, (kind, key, _) in now.items()}
    last_articles = {key for kind, key, _ in last.values() if kind == "article"}
    problems: list[Problem] = []
    for path, (kind, key, name) in sorted(last.items()):
        if path in outputs:
            continue
        old = _address(path)
        if kind == "article":
            problem = _moved_article(old, key, name, index, parsed, last_articles, where_now)
        else:
            problem = _moved_entity(old, kind, key, name, index, registries, now, where_now)
        if problem is not None:
            problems.append(problem)
    return problems


def _address(file: str) -> str:
    """An output file as an old address is written: 'bai-viet/x/index.html' -> '/bai-viet/x/'."""
    return "/" + file.removesuffix("index.html")


def _moved_article(old: str, article_id: str, title: str, index: SiteIndex, parsed: set[str],
                   last_articles: set[str], where_now: dict[tuple[str, str], str]
                   ) -> Problem | None:
    article = index.articles.get(article_id)
    renamed = article is None
    if article is None:
        if article_id in parsed:  # a draft now: out of the site on purpose
            return None
        title_key = name_key(title)  # its file renamed? The new file that has its title
        article = next((a for i in index.newest_first
                        if (a := index.articles[i]).id not in last_articles
                        and name_key(a.title) == title_key), None)
        if article is None:  # deleted on purpose
            return None
    new = _address(where_now[("article", article.id)])
    if renamed:
        message = N_("{file} was at {old} in the last build; this file has its title and is "
                     "at {new}: links to {old} would break")
    else:
        message = N_("this article was at {old} in the last build and is now at {new}: links "
                     "to {old} would break")
    line = article.lines.get("slug")
    change, line_args = _line_to_add(old, "aliases", article.aliases)
    args = {**line_args, "file": f"{CONTENT_DIR}/{article_id}", "old": old, "new": new}
    return Problem(article.path, line, None, message, _ARTICLE_MOVED_HINT[(renamed, change)],
                   "slug" if line is not None else "", Severity.WARNING, problem_args(args))


def _moved_entity(old: str, kind: str, key: str, name: str, index: SiteIndex,
                  registries: Registries, now: dict[str, Address],
                  where_now: dict[tuple[str, str], str]) -> Problem | None:
    """A speaker's, venue's or directive's page at a new address: its registry entry is the
    place to keep the old one. Found by its key, or by its old name among an entry's aliases,
    or, for a directive, by its title (its code)."""
    if (kind, key) in where_now:
        found = [key]
    elif kind == "directive":
        found = [k for kd, k, n in now.values() if kd == kind and n == name]
    else:
        found = [name_key(r.name) for r in (registries.speakers if kind == "speaker"
                                            else registries.venues)
                 if key in name_variants(r.name, r.aliases)
                 and (kind, name_key(r.name)) in where_now]
    if not found:  # no page shows it any more: gone on purpose
        return None
    registry = f"{DATA_DIR}/{_REGISTRY[kind]}"
    news = [_address(where_now[(kind, k)]) for k in found]
    # (three pages or more: the ones after the first are joined with an English ' or ')
    args: Args = {"name": name, "old": old, "new": news[0], "other": " or ".join(news[1:])}
    message = _ENTITY_MOVED_TO_SEVERAL[kind] if len(news) > 1 else _ENTITY_MOVED[kind]
    record = _record(index, registries, kind, found[0]) if len(found) == 1 else None
    if record is not None:
        change, line_args = _line_to_add(old, "old_addresses", record.old_addresses)
        hint = (N_("if the move is meant, change the line '{key}:' of this entry to '{line}' so "
                   "that the old address leads to the new page") if change
                else N_("if the move is meant, add the line '{line}' to this entry so that the "
                        "old address leads to the new page"))
        return Problem(record.path, record.line, None, message, hint, "", Severity.WARNING,
                       problem_args({**args, **line_args}))
    _, line_args = _line_to_add(old, "old_addresses", ())
    if len(found) > 1:
        hint = _ADD_TO_WHICH_ENTRY[kind]
    else:
        shown = now[where_now[(kind, found[0])]][2]  # the name its page shows now
        hint = N_("to keep the old address, add an entry to {file}: '{name_line}' with "
                  "'{line}'")
        line_args = {**line_args, "file": registry, "name_line": f"- name: {shown}"}
    return Problem(registry, None, None, message, hint, "", Severity.WARNING,
                   problem_args({**args, **line_args}))


def _record(index: SiteIndex, registries: Registries, kind: str, key: str) -> Record | None:
    """The registry entry of an entity of this build, if it has one."""
    entities = index.entities
    entity = (entities.people if kind == "speaker" else entities.places if kind == "venue"
              else entities.directives)[key]
    return _records(registries, kind).get(_record_key(kind, entity))


def _line_to_add(old: str, key: str, present: tuple[str, ...]) -> tuple[bool, Args]:
    """The exact line that adds ``old`` to the list ``key``: whether a line '{key}:' is there
    to change (else one to add), and the placeholders ``key`` and ``line`` of the hint that
    says so, such as 'aliases: [/bai-viet/cu/]'."""
    return bool(present), {"key": key, "line": f"{key}: [{', '.join((*present, old))}]"}
