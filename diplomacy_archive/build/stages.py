"""The stages build() runs when something changed: each reads what it can from the cache."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from diplomacy_archive.build.cache import BuildState, CachedSource, Stamp, digest_bytes
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
from diplomacy_archive.model.entities import Entities, resolve_entities
from diplomacy_archive.model.indexes import SiteIndex, build_index
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
from diplomacy_archive.site.citation_links import CitationLinker
from diplomacy_archive.site.pages import PageSpec, page_specs, site_view
from diplomacy_archive.site.urls import Urls
from diplomacy_archive.source.articles import Article, is_article_path, unique_slugs
from diplomacy_archive.source.bodies import Body
from diplomacy_archive.source.config import Config
from diplomacy_archive.source.registries import Registries, load_registries
from diplomacy_archive.source.site_folders import CONTENT_DIR, STATIC_DIR

Progress = Callable[[str, int], Callable[[int], None]]  # (stage, total) -> advance(n)

__all__ = ["CitationLinker", "check_images", "copied_files", "default_jobs", "export_articles",
           "link_bodies", "load_articles", "load_registries", "make_environment", "page_specs",
           "page_dates", "render_pages", "resolve_and_index", "search_index"]


def load_articles(site: Path, config: Config, linker: CitationLinker, state: BuildState,
                  stamps: dict[str, Stamp], changed: set[str], jobs: int, problems: Problems,
                  progress: Progress | None) -> tuple[list[Article], dict[str, Body]]:
    """Every valid article with its converted body; unchanged files come from the cache."""
    fresh: list[Path] = []
    kept: dict[str, CachedSource] = {}
    for key in sorted(stamps):
        label, _, article_id = key.partition("/")
        if label != "content" or not is_article_path(article_id):
            continue
        cached = state.sources.get(article_id)
        if cached is not None and key not in changed:
            kept[article_id] = cached
        else:
            fresh.append(site / CONTENT_DIR / article_id)
    advance = progress("Đọc bài viết", len(fresh)) if progress and fresh else None
    for article_id, stamp, digest, meta, article, body, file_problems in pool_map(
            parse_file, fresh, jobs, init_articles, (site, config, linker), progress=advance):
        cached = state.sources.get(article_id)
        if cached is not None and cached.digest == digest:  # touched, not changed
            kept[article_id] = replace(cached, stamp=stamp)
        else:
            kept[article_id] = CachedSource(stamp, digest, article, body, file_problems,
                                            linker.digest, meta)
    state.sources = {i: kept[i] for i in sorted(kept)}
    articles: list[Article] = []
    bodies: dict[str, Body] = {}
    for article_id, source in state.sources.items():
        problems.extend(source.problems)
        if source.article is not None:
            articles.append(source.article)  # type: ignore[arg-type]
            bodies[article_id] = source.body  # type: ignore[assignment]
    return unique_slugs(articles, problems), bodies


def resolve_and_index(published: list[Article], registries: Registries, config: Config,
                      state: BuildState, problems: Problems) -> tuple[Entities, SiteIndex, bool]:
    """Entities and indexes, reused from the cache when no article's front matter and no
    registry changed (an edit of an article's text does not change them). The flag says they
    are those of the last build: reused, or made again and found equal (a registry entry no
    article uses, an alias added)."""
    inputs = hashlib.blake2b(pickle.dumps((
        [(a.id, state.sources[a.id].meta) for a in published], registries, config.name_order)),
        digest_size=16).hexdigest()
    if state.index is not None and state.index[0] == inputs:
        _, entities, index, found = state.index
        problems.extend(found)
        return entities, index, True  # type: ignore[return-value]
    found_problems = Problems()
    entities = resolve_entities(published, registries, found_problems)
    index, index_problems = build_index(published, entities, config.name_order)
    found_problems.extend(index_problems)
    problems.extend(found_problems.items)
    same = (state.index is not None and state.index[1] == entities and state.index[2] == index
            and state.index[3] == found_problems.items)
    state.index = (inputs, entities, index, found_problems.items)
    return entities, index, same


def link_bodies(articles: list[Article], bodies: dict[str, Body], linker: CitationLinker,
                state: BuildState) -> tuple[dict[str, Body], set[str]]:
    """Bodies linked against the current registry: those parsed in this build already are; the
    others are linked again only when the registry changed. The cache keeps one copy of each.
    Also the articles whose body HTML linking changed."""
    linked = {}
    relinked = set()
    for article in articles:
        source = state.sources[article.id]
        body = bodies[article.id]
        if source.linked != linker.digest:
            html = linker.relink(body.html, source.linked, article.date)
            if html != body.html:
                relinked.add(article.id)
            body = replace(body, html=html)
            source.body, source.linked = body, linker.digest
        linked[article.id] = body
    return linked, relinked


def export_articles(config: Config, index: SiteIndex, bodies: dict[str, Body],
                    state: BuildState) -> OutputFile:
    """The data export, reusing the lines of articles whose summary and index did not change."""
    inputs = state.index[0] if state.index else ""
    previous = state.export[1] if state.export and state.export[0] == inputs else None
    export, lines = data_export(config, index, bodies, previous)
    state.export = (inputs, lines)
    return export


def render_pages(site: Path, env: object, config: Config, specs: list[PageSpec],
                 state: BuildState, reuse: bool, unchanged_index: bool, changed: set[str],
                 jobs: int, problems: Problems, progress: Progress | None,
                 staging: Path | None) -> tuple[list[StagedFile | KeptFile], list[str], int]:
    """Pages whose key changed are rendered (on several cores when many); the rest are kept.

    When the indexes are those of the last build, a page whose template did not change and
    that shows none of the ``changed`` articles is kept without even making its view-model.
    Other pages are made, keyed and, if their key changed, rendered, in the workers. Each
    rendered page is written to ``staging`` as it arrives (its bytes are not kept), or, in a
    check (``staging`` None), only its digest is kept.
    """
    try:
        fingerprints = template_fingerprints(env, {s.template for s in specs})  # type: ignore[arg-type]
    except TemplateProblem as exc:
        problems.extend([exc.problem])
        return [], [], 0
    templates = {name: hashlib.blake2b(fp, digest_size=16).hexdigest()
                 for name, fp in fingerprints.items()}
    keys: list[str] = [""] * len(specs)
    tasks: list[tuple[int, str]] = []
    for number, spec in enumerate(specs):
        old = state.outputs.get(spec.path) if reuse else None
        if (old is not None and unchanged_index
                and state.templates.get(spec.template) == templates[spec.template]
                and changed.isdisjoint(spec.sources)):
            keys[number] = old[0]
        else:
            tasks.append((number, old[0] if old else ""))
    state.templates = templates
    advance = progress("Dựng trang", len(tasks)) if progress and tasks else None
    site_values = site_view(config, Urls.from_config(config))
    results = pool_imap(render_spec, tasks, jobs, init_pages,
                        (site, site_values, specs, fingerprints), min_items=200,
                        progress=advance)
    staged: dict[int, StagedFile] = {}
    made: set[Path] = set()
    for (number, _), (key, html) in zip(tasks, results, strict=True):
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
        KeptFile(spec.path, state.outputs[spec.path][1], spec.origin, spec.origin_path)
        for n, spec in enumerate(specs)]
    return pages, keys, len(staged)


def check_images(articles: list[Article], copied: list[CopiedFile], problems: Problems) -> None:
    """An image named in front matter must be in static/, or readers see a broken picture."""
    available = {c.path for c in copied}
    for article in articles:
        for number, image in enumerate(article.images):
            if image.src.lstrip("/").split("?")[0] not in available:
                problems.warning(article.path, article.lines.get("images"), None,
                                 f"the image '{image.src}' is not in the site's {STATIC_DIR}/ "
                                 "folder",
                                 f"save it as {STATIC_DIR}/{image.src.lstrip('/')}",
                                 f"images[{number}]")


def page_dates(specs: list[PageSpec], articles: list[Article]) -> dict[str, str]:
    """The date (ISO) of each article page, by output path: it places the page among the
    search index's shards."""
    dates = {article.id: article.date.iso() for article in articles}
    return {spec.path: dates.get(spec.dated_by[0], "") for spec in specs
            if spec.template == "article.html" and spec.dated_by}


def search_index(out: Path, work: Path, store: Path, config: Config, specs: list[PageSpec],
                 pages: list[StagedFile | KeptFile], dates: dict[str, str], state: BuildState,
                 reuse: bool, jobs: int, shard_pages: int, problems: Problems
                 ) -> tuple[list[OutputFile | KeptFile] | None, int]:
    """The Pagefind bundle of the article pages, and how many pages Pagefind indexed; None
    and a Problem when Pagefind is missing or failed.

    When no article page's bytes changed since the last build (and Pagefind did not either),
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
    previous = state.search
    if (previous is not None and previous[0] == inputs
            and _bundle_in_place(out, previous[1], state.outputs, reuse)):
        return [KeptFile(path, state.outputs[path][1], ORIGIN) for path in previous[1]], 0
    search_pages = [SearchPage(p.path, p.file if isinstance(p, StagedFile) and p.file
                               else out / p.path, p.digest, dates.get(p.path, ""))
                    for p in articles]
    missing = [page.html for page in search_pages
               if isinstance(page.html, Path) and not page.html.is_file()]
    if missing:
        problems.error(Path(missing[0]).as_posix(), None, None,
                       "an article page of the last build was removed by hand",
                       "build again with --no-cache to write every page")
        return None, 0
    try:
        made = sharded_bundle(search_pages, version, language, work, store,
                              state.search_shards, state.search_made,
                              state.outputs if reuse else _intact(out, previous, state.outputs),
                              jobs, shard_pages)
    except SearchFailed as exc:
        problems.extend([exc.problem])
        return None, 0
    state.search = (inputs, tuple(f.path for f in made.files))
    state.search_shards, state.search_made = made.records, made.made
    return made.files, made.indexed


def _intact(out: Path, previous: tuple[str, tuple[str, ...]] | None,
            outputs: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """The files of the last search bundle still in ``out`` with the bytes it wrote (an
    output folder that cannot be trusted to be the last build's is checked file by file)."""
    intact = {}
    for path in previous[1] if previous else ():
        try:
            if path in outputs and digest_bytes((out / path).read_bytes()) == outputs[path][1]:
                intact[path] = outputs[path]
        except OSError:
            continue
    return intact


def _bundle_in_place(out: Path, paths: tuple[str, ...], outputs: dict[str, tuple[str, str]],
                     trusted: bool) -> bool:
    """Whether ``out`` still holds the last search bundle: by the cache's word when the folder
    is the last build's, else by the digests of the files themselves (Pagefind does not write
    the same bytes twice, so a bundle made again would differ from the one in place)."""
    if not all(path in outputs for path in paths):
        return False
    if trusted:
        return True
    try:
        return all(digest_bytes((out / path).read_bytes()) == outputs[path][1] for path in paths)
    except OSError:
        return False
