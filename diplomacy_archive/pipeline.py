"""The one build(): load, validate, convert, resolve, index, render, check, write, in order.

Every stage reuses what the cache in <site>/.cache/ says is still valid: files whose stamps did
not change are not parsed again, pages whose template and view-model did not change are not
rendered again, and files whose bytes did not change are not written again.
"""

from __future__ import annotations

import hashlib
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__
from .bodylinks import link_citations, unlink_citations
from .cache import (FORMAT, BuildState, CachedSource, FileIndex, Stamp, cache_file, changed_files,
                    file_records, load, load_state, now_ns, save, scan)
from .config import CONFIG_FILE, Config, base_url_problem, load_config
from .content import CONTENT_DIR, Article, is_article_path, unique_slugs
from .entities import Entities, resolve_entities
from .errors import BuildFailed, Problem, Problems, UsageError
from .files import CopiedFile, KeptFile, OutputFile
from .indexes import SiteIndex, build_index
from .markup import Body
from .outputs import data_export
from .parallel import default_jobs, init_articles, init_pages, parse_file, pool_map, render_spec
from .registries import DATA_DIR, Registries, load_registries
from .render import PageSpec, TemplateProblem, page_specs, site_view, template_fingerprints
from .theme import (ASSETS_DIR, DEFAULT_THEME, STATIC_DIR, TEMPLATES_DIR, copied_files,
                    make_environment)
from .urls import Urls
from .write import check_output_folder, check_outputs, item_digest, output_id, sync_output

Progress = Callable[[str, int], Callable[[int], None]]  # (stage, total) -> advance(n)


@dataclass(frozen=True)
class BuildOptions:
    site: Path
    out: Path | None = None
    drafts: bool = False
    strict: bool = False
    base_url: str | None = None
    jobs: int = 0  # 0: one per core
    use_cache: bool = True

    @property
    def out_dir(self) -> Path:
        return self.out if self.out is not None else self.site / "public"


@dataclass
class BuildResult:
    articles: int = 0
    drafts: int = 0
    pages: int = 0
    rendered: int = 0
    reused: int = 0
    written: int = 0
    deleted: int = 0
    copied: int = 0
    seconds: float = 0.0
    nothing_changed: bool = False
    problems: Problems = field(default_factory=Problems)


def build(options: BuildOptions, write: bool = True, progress: Progress | None = None
          ) -> BuildResult:
    """Build the site at ``options.site``; raises BuildFailed (nothing written) on errors.

    With ``write=False`` every stage runs but nothing is written: that is ``check``.
    """
    started = time.perf_counter()
    if not options.site.is_dir():
        raise UsageError(f"the site folder {options.site} does not exist")
    problems = Problems(strict=options.strict)
    config = load_site_config(options, problems)
    if write:
        check_output_folder(options.out_dir, options.site)
    jobs = options.jobs or default_jobs()

    inputs = input_roots(options.site)
    stamps = scan(inputs)
    cache_path = cache_file(options.site, cache_name(options, write))
    settings = settings_digest(options, config)
    before, _ = load(cache_path, __version__, settings) if options.use_cache else (None, cache_path)
    resolve = resolver_of(inputs, stamps)
    changed = changed_files(stamps, before, resolve)
    trusted = before is not None and (not write or output_id(options.out_dir) == before.output_id)
    if before is not None and trusted and not changed:
        return replay(before, problems, started)
    state = (load_state(cache_path) if before is not None else None) or BuildState(settings)

    articles, bodies = load_articles(options.site, config, state, stamps, changed, jobs,
                                     problems, progress)
    published = [a for a in articles if options.drafts or not a.draft]
    registries = load_registries(options.site, config.tzinfo, problems)
    entities, index = resolve_and_index(published, registries, config, state, problems)
    linked = link_bodies(published, bodies, entities, config, state)

    env = make_environment(options.site)
    specs = page_specs(config, index, linked)
    pages, keys, rendered = render_pages(options.site, env, config, specs, state,
                                         trusted and bool(state.outputs), jobs, problems, progress)
    reuse_lines = state.export[1] if state.export and state.index and \
        state.export[0] == state.index[0] else None
    export, lines = data_export(config, index, linked, reuse_lines)
    state.export = (state.index[0] if state.index else "", lines)
    copied = copied_files(options.site)
    check_images(published, copied, problems)
    problems.extend(check_outputs([*pages, export, *copied]))
    if problems.failed():
        if options.use_cache:  # keep the parsed articles, but nothing says the output is current
            state.outputs = {}
            save_cache(cache_path, settings, stamps, resolve, "", problems, BuildResult(), state)
        raise BuildFailed(problems)

    result = BuildResult(articles=len(published), drafts=sum(1 for a in published if a.draft),
                         pages=len(pages), rendered=rendered, reused=len(pages) - rendered,
                         copied=len(copied), problems=problems)
    new_id = before.output_id if before is not None else ""
    items = [*pages, export, *copied]
    if write:
        known = {path: digest for path, (_, digest) in state.outputs.items()} if trusted else None
        stats = sync_output(options.out_dir, items, known, __version__)
        result.written, result.deleted, new_id = stats.written, stats.deleted, stats.output_id
    page_key = dict(zip((spec.path for spec in specs), keys))
    state.outputs = {item.path: (page_key.get(item.path, ""), item_digest(item)) for item in items}
    if options.use_cache:
        save_cache(cache_path, settings, stamps, resolve, new_id, problems, result, state)
    result.seconds = time.perf_counter() - started
    return result


# ---------------------------------------------------------------- inputs and cache

def input_roots(site: Path) -> list[tuple[str, Path]]:
    """Every file a build reads, by a label that names where it came from."""
    return [
        ("config", site / CONFIG_FILE), ("content", site / CONTENT_DIR), ("data", site / DATA_DIR),
        ("templates", site / TEMPLATES_DIR), ("assets", site / ASSETS_DIR),
        ("static", site / STATIC_DIR), ("theme-templates", DEFAULT_THEME / TEMPLATES_DIR),
        ("theme-assets", DEFAULT_THEME / ASSETS_DIR),
    ]


def resolver_of(inputs: list[tuple[str, Path]], stamps: dict[str, Stamp]) -> dict[str, Path]:
    roots = dict(inputs)
    resolved = {}
    for key in stamps:
        label, _, rest = key.partition("/")
        resolved[key] = roots[label] / rest if rest else roots[label]
    return resolved


def cache_name(options: BuildOptions, write: bool) -> str:
    """One cache per output folder and per set of options that change the output."""
    what = f"{options.out_dir.resolve() if write else 'check'}|{options.drafts}|{options.base_url}"
    return hashlib.blake2b(what.encode(), digest_size=8).hexdigest()


def settings_digest(options: BuildOptions, config: Config) -> str:
    """Changes when anything changes that every page depends on: generator, config, options."""
    data = pickle.dumps((__version__, config, options.drafts, options.base_url))
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def replay(before: FileIndex, problems: Problems, started: float) -> BuildResult:
    """Nothing changed: report what the last build reported, do nothing else."""
    problems.items = list(before.problems)
    if problems.failed():
        raise BuildFailed(problems)
    return BuildResult(articles=before.articles, drafts=before.drafts, pages=before.pages,
                       reused=before.pages, nothing_changed=True, problems=problems,
                       seconds=time.perf_counter() - started)


def save_cache(path: Path, settings: str, stamps: dict[str, Stamp], resolve: dict[str, Path],
               new_id: str, problems: Problems, result: BuildResult, state: BuildState) -> None:
    written_ns = now_ns()
    save(path, FileIndex(f"{FORMAT}:{__version__}", settings,
                         file_records(stamps, resolve, written_ns), written_ns, new_id,
                         problems.items, result.articles, result.drafts, result.pages), state)


# ---------------------------------------------------------------- stages

def load_site_config(options: BuildOptions, problems: Problems) -> Config:
    """config.yaml, with --base-url applied; a config that cannot be used stops the build."""
    config, config_problems = load_config(options.site)
    problems.extend(config_problems)
    if config is None:
        raise BuildFailed(problems)
    if options.base_url is not None:
        why = base_url_problem(options.base_url)
        if why:
            raise UsageError(f"--base-url: {why}; write a full address such as "
                             "https://example.org/luu-tru/")
        config = config.with_base_url(options.base_url)
    return config


def load_articles(site: Path, config: Config, state: BuildState, stamps: dict[str, Stamp],
                  changed: set[str], jobs: int, problems: Problems, progress: Progress | None
                  ) -> tuple[list[Article], dict[str, Body]]:
    """Every valid article with its converted body; unchanged files come from the cache."""
    fresh: list[Path] = []
    kept: dict[str, CachedSource] = {}
    for key in sorted(stamps):
        label, _, article_id = key.partition("/")
        if label != "content" or not is_article_path(article_id):
            continue
        path = site / CONTENT_DIR / article_id
        cached = state.sources.get(article_id)
        if cached is not None and f"content/{article_id}" not in changed:
            kept[article_id] = cached
        else:
            fresh.append(path)
    advance = progress("Đọc bài viết", len(fresh)) if progress and fresh else None
    for article_id, stamp, digest, meta, article, body, file_problems in pool_map(
            parse_file, fresh, jobs, init_articles, (site, config), progress=advance):
        cached = state.sources.get(article_id)
        if cached is not None and cached.digest == digest:  # touched, not changed
            kept[article_id] = replace(cached, stamp=stamp)
        else:
            kept[article_id] = CachedSource(stamp, digest, article, body, file_problems, meta=meta)
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
                      state: BuildState, problems: Problems) -> tuple[Entities, SiteIndex]:
    """Entities and indexes, reused from the cache when no article's front matter and no
    registry changed (an edit of an article's text does not change them)."""
    inputs = hashlib.blake2b(pickle.dumps((
        [(a.id, state.sources[a.id].meta) for a in published], registries, config.name_order)),
        digest_size=16).hexdigest()
    if state.index is not None and state.index[0] == inputs:
        _, entities, index, found = state.index
        problems.extend(found)
        return entities, index  # type: ignore[return-value]
    found_problems = Problems()
    entities = resolve_entities(published, registries, found_problems)
    index, index_problems = build_index(published, entities, config.name_order)
    found_problems.extend(index_problems)
    problems.extend(found_problems.items)
    state.index = (inputs, entities, index, found_problems.items)
    return entities, index


def link_bodies(articles: list[Article], bodies: dict[str, Body], entities: Entities,
                config: Config, state: BuildState) -> dict[str, Body]:
    """Bodies with citations of registered documents linked to their pages. The cache keeps one
    copy of each body, linked against the registry it records."""
    linking = config.link_directives and bool(entities.resolver.records)
    registry = hashlib.blake2b(pickle.dumps(entities.resolver.records),
                               digest_size=16).hexdigest() if linking else ""
    urls = Urls.from_config(config)
    numbers = entities.numbers
    linked = {}
    for article in articles:
        source = state.sources[article.id]
        body = bodies[article.id]
        if source.linked != registry:
            html = unlink_citations(body.html) if source.linked else body.html
            if linking:
                def url_for(text: str, when: object = article.date) -> str | None:
                    found = entities.known_directive(text, when)  # type: ignore[arg-type]
                    return None if found is None else urls.link(urls.path("directive", slug=found))
                html = link_citations(html, url_for, numbers)
            body = replace(body, html=html)
            source.body, source.linked = body, registry
        linked[article.id] = body
    return linked


def page_keys(specs: list[PageSpec], env: object, config: Config) -> list[str]:
    """What each page is made from: its templates' sources and its view-model."""
    fingerprints = template_fingerprints(env, {spec.template for spec in specs})  # type: ignore[arg-type]
    keys = []
    for spec in specs:
        data = fingerprints[spec.template] + pickle.dumps(spec.values, pickle.HIGHEST_PROTOCOL)
        keys.append(hashlib.blake2b(data, digest_size=16).hexdigest())
    return keys


def render_pages(site: Path, env: object, config: Config, specs: list[PageSpec],
                 state: BuildState, reuse: bool, jobs: int, problems: Problems,
                 progress: Progress | None) -> tuple[list[OutputFile | KeptFile], list[str], int]:
    """Pages whose key changed are rendered (on several cores when many); the rest are kept."""
    try:
        keys = page_keys(specs, env, config)
    except TemplateProblem as exc:
        problems.extend([exc.problem])
        return [], [], 0
    todo = [i for i, (spec, key) in enumerate(zip(specs, keys))
            if not reuse or state.outputs.get(spec.path, ("", ""))[0] != key]
    advance = progress("Dựng trang", len(todo)) if progress and todo else None
    urls_site = site_view(config, Urls.from_config(config))
    rendered = pool_map(render_spec, todo, jobs, init_pages, (site, urls_site, specs),
                        min_items=200, progress=advance)
    html_of = dict(zip(todo, rendered))
    pages: list[OutputFile | KeptFile] = []
    for number, (spec, key) in enumerate(zip(specs, keys)):
        html = html_of.get(number)
        if isinstance(html, Problem):
            problems.extend([html])
            return pages, keys, len(todo)
        if html is None:
            pages.append(KeptFile(spec.path, state.outputs[spec.path][1], spec.origin,
                                  spec.origin_path))
        else:
            pages.append(OutputFile(spec.path, html, spec.origin, spec.origin_path, spec.sources))
    return pages, keys, len(todo)


def check_images(articles: list[Article], copied: list[CopiedFile], problems: Problems) -> None:
    """An image named in front matter must be in static/, or readers see a broken picture."""
    available = {c.path for c in copied}
    for article in articles:
        for number, image in enumerate(article.images):
            if image.src.lstrip("/").split("?")[0] not in available:
                problems.warning(article.path, article.lines.get("images"), None,
                                 f"the image '{image.src}' is not in the site's {STATIC_DIR}/ folder",
                                 f"save it as {STATIC_DIR}/{image.src.lstrip('/')}",
                                 f"images[{number}]")
