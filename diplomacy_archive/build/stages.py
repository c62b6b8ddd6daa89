"""The stages build() runs when something changed: functions of their inputs, each reusing the
last build's results through the memos it is given (build/memo.py)."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from pathlib import Path

from diplomacy_archive.build.cache import digest_bytes
from diplomacy_archive.build.memo import Memo, ParsedFile
from diplomacy_archive.build.pictures import article_images
from diplomacy_archive.build.search_shards import sharded_bundle
from diplomacy_archive.build.workers import (
    default_jobs,
    init_articles,
    init_pages,
    parse_file,
    pool_imap,
    pool_map,
    render_spec,
)
from diplomacy_archive.i18n import N_, _
from diplomacy_archive.model.entities import Entities, check_citations, resolve_entities
from diplomacy_archive.model.indexes import SiteIndex, build_index, tag_problems
from diplomacy_archive.output.cards import (
    card_files,
    card_font,
    cards_to_draw,
    draw_into_cache,
)
from diplomacy_archive.output.export import data_export
from diplomacy_archive.output.files import CopiedFile, KeptFile, OutputFile, StagedFile
from diplomacy_archive.output.rendering import TemplateProblem, template_fingerprints
from diplomacy_archive.output.search_index import (
    ORIGIN,
    SearchFailed,
    SearchPage,
    pagefind_version,
)
from diplomacy_archive.output.theme import copied_files, make_environment
from diplomacy_archive.problems import Problem, Problems
from diplomacy_archive.site.cards import cards_needed
from diplomacy_archive.site.citation_links import CitationLinker
from diplomacy_archive.site.images import Pictures
from diplomacy_archive.site.pages import PageSpec, page_specs, site_view
from diplomacy_archive.site.redirects import (
    Address,
    moved_pages,
    published_addresses,
    redirect_specs,
)
from diplomacy_archive.site.urls import Urls
from diplomacy_archive.source.articles import Article, Rejected, is_article_path, unique_slugs
from diplomacy_archive.source.bodies import Body, StoredBody
from diplomacy_archive.source.config import Config
from diplomacy_archive.source.registries import Registries, load_registries
from diplomacy_archive.source.site_folders import CONTENT_DIR

Progress = Callable[[str, int], Callable[[int], None]]  # (stage, total) -> advance(n)
# (entities, indexes, problems found making them, digest of all three with the articles)
Indexed = tuple[object, object, list[Problem], str]
# the memos of the search index: its files, the output files' digests, its shards, its merge
SearchMemos = tuple[Memo[tuple[str, ...]], Memo[str], Memo[tuple[str, ...]], Memo[None]]
SITE = "site"  # the one key of the memo of the indexes
BUNDLE = "bundle"  # the one key of the memo of the search bundle

__all__ = ["CitationLinker", "article_images", "card_images", "check_rejected", "copied_files",
           "default_jobs",
           "export_articles", "link_bodies", "load_articles", "load_registries",
           "make_environment", "moved_addresses", "page_specs", "page_dates",
           "pages_and_redirects", "render_pages", "resolve_and_index", "search_index"]


def load_articles(site: Path, config: Config, linker: CitationLinker, files: dict[str, str],
                  jobs: int, parsed: Memo[ParsedFile], html: Memo[str], problems: Problems,
                  progress: Progress | None) -> tuple[list[Article], dict[str, Body]]:
    """Every valid article with its converted body. ``files`` gives each input file's digest
    when it is known without reading the file ("" when not); a file whose digest is that of
    the last build's parse is not read again."""
    fresh: list[Path] = []
    for key in sorted(files):
        label, _slash, article_id = key.partition("/")
        if label != "content" or not is_article_path(article_id):
            continue
        digest = files[key]
        if not (digest and parsed.keep(article_id, digest)
                and _body_kept(article_id, digest, parsed, html)):
            fresh.append(site / CONTENT_DIR / article_id)
    advance = progress(_("Reading articles"), len(fresh)) if progress and fresh else None
    converted: dict[str, Body] = {}
    for article_id, digest, result, body in pool_map(
            parse_file, fresh, jobs, init_articles, (site, config, linker), progress=advance):
        parsed.put(article_id, digest, result)
        if body is not None:
            converted[article_id] = body
            html.put(article_id, f"{digest}:{linker.digest}", body.html)
    articles: list[Article] = []
    bodies: dict[str, Body] = {}
    for article_id in sorted(parsed.made):
        result = parsed.get(article_id)
        problems.extend(result.problems)
        if result.article is not None:
            articles.append(result.article)  # type: ignore[arg-type]
            bodies[article_id] = converted.get(article_id) or StoredBody(
                summary=result.summary, fetch=html.fetcher(article_id))
    return unique_slugs(articles, problems), bodies


def check_rejected(parsed: Memo[ParsedFile], registries: Registries, drafts: bool,
                   problems: Problems) -> list[Article]:
    """Articles with errors are not published, but their citations and tags are checked as a
    published article's are (a draft's only when drafts are), so that one build reports every
    problem of a file; returns them as they could be read, for the check of images."""
    rejected = [r for r in (parsed.get(article_id).rejected for article_id in sorted(parsed.made))
                if isinstance(r, Rejected) and (drafts or not r.article.draft)]
    check_citations([(r.article, r.dated) for r in rejected], registries, problems)
    for r in rejected:
        problems.extend(tag_problems(r.article))
    return [r.article for r in rejected]


def _body_kept(article_id: str, digest: str, parsed: Memo[ParsedFile], html: Memo[str]) -> bool:
    """Whether the HTML of a kept article is kept too (linked against any registry)."""
    if parsed.get(article_id).article is None:
        return True
    inputs = html.inputs(article_id)
    return (inputs is not None and inputs.partition(":")[0] == digest
            and html.keep(article_id, inputs))


def resolve_and_index(published: list[Article], registries: Registries, config: Config,
                      parsed: Memo[ParsedFile], memo: Memo[Indexed], problems: Problems
                      ) -> tuple[Entities, SiteIndex, str, bool]:
    """Entities and indexes, reused when no article's front matter and no registry changed
    (an edit of an article's text does not change them), with the digest of what they are
    made from. The flag says they are those of the last build: reused, or made again and found
    equal (a registry entry no article uses, an alias added). The memo holds the indexes with
    their articles by id (the articles are in ``parsed``)."""
    inputs = hashlib.blake2b(pickle.dumps((
        [(a.id, parsed.get(a.id).meta) for a in published], registries, config.name_order)),
        digest_size=16).hexdigest()
    by_id = {article.id: article for article in published}
    last = memo.previous(SITE)
    if memo.keep(SITE, inputs) and len(memo.get(SITE)) == 4:
        entities, stored, found, _ = memo.get(SITE)
        index = _attached(stored, by_id)
        if index is not None and isinstance(entities, Entities):
            problems.extend(found)
            return entities, index, inputs, True
    found_problems = Problems()
    entities = resolve_entities(published, registries, found_problems)
    index, index_problems = build_index(published, entities, config.name_order)
    found_problems.extend(index_problems)
    problems.extend(found_problems.items)
    # what the pages show of it, articles included: equal to the last build's, no page changes
    shown = hashlib.blake2b(pickle.dumps((entities, index, found_problems.items)),
                            digest_size=16).hexdigest()
    apart = replace(index, articles=dict.fromkeys(index.articles))  # type: ignore[arg-type]
    memo.put(SITE, inputs, (entities, apart, found_problems.items, shown))
    return entities, index, inputs, last is not None and last[-1] == shown


def _attached(stored: object, articles: dict[str, Article]) -> SiteIndex | None:
    """The stored indexes with their articles (by id in the store); None when they cannot be."""
    if not isinstance(stored, SiteIndex) or not all(i in articles for i in stored.articles):
        return None
    return replace(stored, articles={i: articles[i] for i in stored.articles})


def link_bodies(articles: list[Article], bodies: dict[str, Body], linker: CitationLinker,
                html: Memo[str]) -> tuple[dict[str, Body], set[str]]:
    """Bodies linked against the current registry: those parsed in this build already are; the
    others are linked again only when the registry changed. Also the articles whose body HTML
    linking changed."""
    linked = {}
    relinked = set()
    for article in articles:
        body = bodies[article.id]
        digest, _, linked_against = html.inputs_now(article.id).partition(":")
        if linked_against != linker.digest:
            text = linker.relink(body.html, linked_against, article.date)
            if text != body.html:
                relinked.add(article.id)
            body = replace(body, html=text)
            html.put(article.id, f"{digest}:{linker.digest}", text)
        linked[article.id] = body
    return linked, relinked


def export_articles(config: Config, index: SiteIndex, index_inputs: str,
                    bodies: dict[str, Body], lines: Memo[str]) -> OutputFile:
    """The data export, reusing the lines of articles whose summary and index did not change."""
    def line_of(article_id: str, summary: str, make: Callable[[], str]) -> str:
        inputs = hashlib.blake2b(f"{index_inputs}\0{summary}".encode(),
                                 digest_size=16).hexdigest()
        return lines.make(article_id, inputs, make)
    return data_export(config, index, bodies, line_of)


def render_pages(site: Path, config: Config, specs: list[PageSpec], outputs: Memo[str],
                 templates: Memo[None], reuse: bool, unchanged_index: bool, changed: set[str],
                 jobs: int,
                 problems: Problems, progress: Progress | None, staging: Path | None
                 ) -> tuple[list[StagedFile | KeptFile], list[str], int]:
    """Pages whose key changed are rendered (on several cores when many); the rest are kept.

    ``outputs`` holds the key and digest of each page of the last build, used when ``reuse``
    says the output folder is that build's. When the indexes are those of the last build, a
    page whose template did not change and that shows none of the ``changed`` articles is kept
    without even making its view-model. Other pages are made, keyed and, if their key
    changed, rendered, in the workers. Each rendered page is written to ``staging`` as it
    arrives (its bytes are not kept), or, in a check (``staging`` None), only its digest is
    kept.
    """
    env = make_environment(site)
    try:
        fingerprints = template_fingerprints(env, {s.template for s in specs})
    except TemplateProblem as exc:
        problems.extend([exc.problem])
        return [], [], 0
    digests = {name: hashlib.blake2b(fp, digest_size=16).hexdigest()
               for name, fp in fingerprints.items()}
    keys: list[str] = [""] * len(specs)
    tasks: list[tuple[int, str]] = []
    same_template = {name: templates.inputs(name) == digest for name, digest in digests.items()}
    for number, spec in enumerate(specs):
        old = outputs.inputs(spec.path) if reuse else None
        if (old is not None and unchanged_index and same_template[spec.template]
                and changed.isdisjoint(spec.sources)):
            keys[number] = old
        else:
            tasks.append((number, old or ""))
    for name, digest in digests.items():
        templates.put(name, digest, None)
    advance = progress(_("Rendering pages"), len(tasks)) if progress and tasks else None
    site_values = site_view(config, Urls.from_config(config))
    results = pool_imap(render_spec, tasks, jobs, init_pages,
                        (site, site_values, specs, fingerprints), min_items=200,
                        progress=advance)
    staged: dict[int, StagedFile] = {}
    made: set[Path] = set()
    for (number, _old_key), (key, html) in zip(tasks, results, strict=True):
        if isinstance(html, Problem):
            problems.extend([html])
            return [], keys, 0
        keys[number] = key
        if html is not None:
            spec = specs[number]
            target = staging / spec.path if staging is not None else None
            if target is not None:
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                target.write_bytes(html)
            staged[number] = StagedFile(spec.path, target, digest_bytes(html), spec.origin,
                                        spec.origin_path, spec.sources)
    pages: list[StagedFile | KeptFile] = [
        staged[n] if n in staged else
        KeptFile(spec.path, outputs.previous(spec.path) or "", spec.origin, spec.origin_path)
        for n, spec in enumerate(specs)]
    return pages, keys, len(staged)


def pages_and_redirects(config: Config, index: SiteIndex, bodies: dict[str, Body],
                        registries: Registries, problems: Problems,
                        local_editor: bool = False, pictures: Pictures | None = None
                        ) -> list[PageSpec]:
    """Every page of the site, then the redirect pages of the old addresses of its articles
    and entities (after the sitemap, which leaves them out); ``pictures`` are what the image
    stage measured (build.pictures)."""
    specs = page_specs(config, index, bodies, local_editor, pictures)
    redirects, found = redirect_specs(config, index, registries, specs)
    problems.extend(found)
    return [*specs, *redirects]


def moved_addresses(memo: Memo[dict[str, Address]], index_inputs: str, trusted: bool,
                    config: Config, index: SiteIndex, articles: list[Article],
                    registries: Registries, specs: list[PageSpec]) -> list[Problem]:
    """Warnings for the pages of the last build whose article or entity this build publishes
    at another address, with no old address keeping the last one (site/redirects.py). The
    memo holds the pages of the build whose output is in place (it is carried over by a build
    that fails); a build whose indexes are made from the same front matter and registries
    (``index_inputs``) moved nothing. Nothing to compare with on a first build, without the
    cache, or when the output folder is not that build's (not ``trusted``)."""
    if memo.keep(SITE, index_inputs):
        return []
    last = memo.previous(SITE) if trusted else None
    now = published_addresses(index, Urls.from_config(config))
    memo.put(SITE, index_inputs, now)
    if not isinstance(last, dict):
        return []
    last = {path: value for path, value in last.items()  # (the cache is untrusted input)
            if isinstance(value, tuple) and len(value) == 3
            and all(isinstance(part, str) for part in value)}
    return moved_pages(last, now, {spec.path for spec in specs}, index,
                       {article.id for article in articles}, registries)


def card_images(config: Config, index: SiteIndex, pictured: Collection[str],
                inputs: Mapping[str, Path], cache: Path, draw: bool, jobs: int
                ) -> tuple[list[CopiedFile], int]:
    """The sharing cards the pages show (site.cards; ``pictured``: the articles that share a
    picture of their own), drawn on the worker processes where the
    cache in ``cache`` has none yet (output.cards), never in a check (``draw`` false: nothing
    is written, the files are only checked against the others); none when the theme has no
    card font. Returns the files and how many cards were drawn."""
    font = card_font(inputs)
    if font is None:
        return [], 0
    cards = cards_needed(config, index, pictured)
    drawn = 0
    if draw:
        tasks = cards_to_draw(cards, font, cache)
        drawn = sum(1 for _ in pool_imap(draw_into_cache, tasks, jobs, min_items=16))
    return card_files(cards, font, cache), drawn


def page_dates(specs: list[PageSpec], articles: list[Article]) -> dict[str, str]:
    """The date (ISO) of each article page, by output path: it places the page among the
    search index's shards."""
    dates = {article.id: article.date.iso() for article in articles}
    return {spec.path: dates.get(spec.dated_by[0], "") for spec in specs
            if spec.template == "article.html" and spec.dated_by}


def search_index(out: Path, work: Path, store: Path, config: Config, specs: list[PageSpec],
                 pages: list[StagedFile | KeptFile], dates: dict[str, str], memos: SearchMemos,
                 reuse: bool, jobs: int, shard_pages: int, problems: Problems
                 ) -> tuple[list[OutputFile | KeptFile] | None, int]:
    """The Pagefind bundle of the article pages, and how many pages Pagefind indexed; None
    and a Problem when Pagefind is missing or failed.

    ``memos`` are the bundle's files, the digests of the output files, the shards' fields and
    the digests of the merged files, as the last build left them. When no article page's bytes
    changed since the last build (and Pagefind did not either),
    the last bundle is kept as it is; otherwise the shards whose pages changed are indexed
    again (build/search_shards.py; kept pages are read from the output folder) in staging
    folders under ``work``, and merged with the others, kept in ``store``. ``dates`` gives
    each article page's date (ISO). ``reuse`` says the output folder holds the last build;
    when it does not, a kept bundle is checked file by file, and every shard is indexed again.
    """
    articles = [page for spec, page in zip(specs, pages, strict=True)
                if spec.template == "article.html"]
    language = config.language.split("-")[0].lower() or "vi"
    try:
        version = pagefind_version()
    except SearchFailed as exc:
        problems.extend([exc.problem])
        return None, 0
    inputs = hashlib.blake2b(pickle.dumps((version, language, shard_pages,
                                           [(p.path, p.digest) for p in articles])),
                             digest_size=16).hexdigest()
    bundle, outputs, shards, made = memos
    previous = bundle.previous(BUNDLE) or ()
    last = {path: (outputs.inputs(path) or "", outputs.previous(path) or "")
            for path in previous if outputs.inputs(path) is not None}
    if (bundle.inputs(BUNDLE) == inputs and len(last) == len(previous)
            and _bundle_in_place(out, last, reuse)):
        bundle.keep(BUNDLE, inputs)
        shards.carry_all()
        made.carry_all()
        return [KeptFile(path, digest, ORIGIN) for path, (_, digest) in last.items()], 0
    search_pages = [SearchPage(p.path, p.file if isinstance(p, StagedFile) and p.file
                               else out / p.path, p.digest, dates.get(p.path, ""))
                    for p in articles]
    missing = [page.html for page in search_pages
               if isinstance(page.html, Path) and not page.html.is_file()]
    if missing:
        problems.error(Path(missing[0]).as_posix(), None, None,
                       N_("an article page of the last build was removed by hand"),
                       N_("build again with --no-cache to write every page"))
        return None, 0
    try:
        result = sharded_bundle(
            search_pages, version, language, work, store,
            {key: (shards.inputs(key) or "", shards.previous(key) or ())
             for key in shards.last_keys()},
            {name: made.inputs(name) or "" for name in made.last_keys()},
            last if reuse else _intact(out, last), jobs, shard_pages)
    except SearchFailed as exc:
        problems.extend([exc.problem])
        return None, 0
    bundle.put(BUNDLE, inputs, tuple(f.path for f in result.files))
    for key, (shard_inputs, fields) in result.records.items():
        shards.put(key, shard_inputs, fields)
    for name, digest in result.made.items():
        made.put(name, digest, None)
    return result.files, result.indexed


def _intact(out: Path, last: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """The files of the last search bundle still in ``out`` with the bytes it wrote (an
    output folder that cannot be trusted to be the last build's is checked file by file)."""
    intact = {}
    for path, record in last.items():
        try:
            if digest_bytes((out / path).read_bytes()) == record[1]:
                intact[path] = record
        except OSError:
            continue
    return intact


def _bundle_in_place(out: Path, last: dict[str, tuple[str, str]], trusted: bool) -> bool:
    """Whether ``out`` still holds the last search bundle: by the cache's word when the folder
    is the last build's, else by the digests of the files themselves (Pagefind does not write
    the same bytes twice, so a bundle made again would differ from the one in place)."""
    if trusted:
        return True
    try:
        return all(digest_bytes((out / path).read_bytes()) == digest
                   for path, (_, digest) in last.items())
    except OSError:
        return False
