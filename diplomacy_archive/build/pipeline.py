"""The one build(): load, validate, convert, resolve, index, render, check, write, in order.

Every stage reuses what the cache in <site>/.cache/ says is still valid: files whose stamps did
not change are not parsed again, pages whose template and view-model did not change are not
rendered again, and files whose bytes did not change are not written again.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from diplomacy_archive import __version__
from diplomacy_archive.build.cache import (
    FORMAT,
    BuildState,
    FileIndex,
    Inputs,
    cache_file,
    changed_files,
    clear_leftovers,
    file_records,
    load,
    load_state,
    now_ns,
    save,
    scan,
)
from diplomacy_archive.build.site_lock import site_lock
from diplomacy_archive.output.manifest import output_id
from diplomacy_archive.output.write import (
    Step,
    check_output_folder,
    check_outputs,
    item_digest,
    pages_staging,
    plan_output,
    publish,
    recover,
)
from diplomacy_archive.problems import (
    ArchiveError,
    BuildFailed,
    GeneratorFault,
    Problems,
    SiteError,
    UsageError,
    os_problem,
)
from diplomacy_archive.source.config import Config, base_url_problem, load_config
from diplomacy_archive.source.site_folders import (
    ASSETS_DIR,
    CACHE_DIR,
    CONFIG_FILE,
    CONTENT_DIR,
    DATA_DIR,
    STATIC_DIR,
    TEMPLATES_DIR,
    default_theme,
)

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
    search: bool = True  # make the Pagefind index (the preview skips it unless asked)
    # The most pages in a shard of the search index: an edit at 10,000 articles took 6.75 s
    # with 250, 7.97 s with 500 (Pagefind over the shard and reading it back); tests use fewer.
    search_shard_pages: int = 250

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
    indexed: int = 0  # article pages Pagefind indexed (0 when the last search index was kept)
    foreign: int = 0  # files in the output this generator did not write (kept)
    seconds: float = 0.0
    nothing_changed: bool = False
    problems: Problems = field(default_factory=Problems)


def build(options: BuildOptions, write: bool = True, progress: Progress | None = None,
          step: Step | None = None) -> BuildResult:
    """Build the site at ``options.site``; raises BuildFailed (nothing written) on errors.

    With ``write=False`` every stage runs but nothing is written, not even the cache: that is
    ``check``, which may run on a read-only checkout. A build holds the site's lock (one build
    at a time); failures of the system (a full disk, a folder that cannot be written) become
    SiteError, and unexpected exceptions GeneratorFault naming the stage. ``step`` is called
    before each step of publishing (tests inject faults there).
    """
    started = time.perf_counter()
    if not options.site.is_dir():
        raise UsageError(f"the site folder {options.site} does not exist")
    try:
        if not write:
            return _build(options, None, progress, step, started)
        with site_lock(options.site, "build"):
            staging = pages_staging(options.out_dir)  # rendered pages wait here to be published
            try:
                return _build(options, staging, progress, step, started)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise SiteError(f"{os_problem(exc)}; nothing in {options.out_dir} was changed") from exc
    except (ArchiveError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug: named by where it happened, detailed on request
        raise GeneratorFault("(build)", "building the site", f"{type(exc).__name__}: {exc}",
                             traceback.format_exc()) from exc


def _build(options: BuildOptions, staging: Path | None, progress: Progress | None,
           step: Step | None, started: float) -> BuildResult:
    """The stages in order; ``staging`` is where rendered pages wait to be published (None in a
    check, which writes nothing)."""
    write = staging is not None
    problems = Problems(strict=options.strict)
    config = load_site_config(options, problems)
    if write:
        check_output_folder(options.out_dir, options.site)
        recover(options.out_dir)  # what a killed build left beside the output
        clear_leftovers(options.site / CACHE_DIR)  # and in the cache folder

    inputs = scan(input_roots(options.site), options.site)
    cache_path = cache_file(options.site, cache_name(options))
    settings = settings_digest(options, config)
    before = load(cache_path, __version__, settings) if options.use_cache else None
    changed, hashed = changed_files(inputs, before)
    trusted = before is not None and (not write or output_id(options.out_dir) == before.output_id)
    if before is not None and trusted and not changed and inputs.refused == before.refused:
        return replay(before, problems, started)
    problems.extend(inputs.refused)
    state = (load_state(cache_path) if before is not None else None) or BuildState(settings)
    last_good = replace(state)
    # The stages and their libraries (Markdown, Jinja2, nh3...) load only when there is work:
    # a build with nothing changed is over before they would have been imported.
    from diplomacy_archive.build import stages

    jobs = options.jobs or stages.default_jobs()
    registries = stages.load_registries(options.site, config.tzinfo, problems)
    linker = stages.CitationLinker.of(registries.directives, config)
    articles, bodies = stages.load_articles(options.site, config, linker, state, inputs.stamps,
                                            changed, jobs, problems, progress)
    published = [a for a in articles if options.drafts or not a.draft]
    entities, index, same_index = stages.resolve_and_index(published, registries, config, state,
                                                           problems)
    linked, relinked = stages.link_bodies(published, bodies, linker, state)
    specs = stages.page_specs(config, index, linked)
    pages, keys, rendered = stages.render_pages(
        options.site, stages.make_environment(options.site), config, specs, state,
        trusted and bool(state.outputs), same_index, state.edited() | relinked, jobs, problems,
        progress, staging)
    export = stages.export_articles(config, index, linked, state)
    copied = stages.copied_files(options.site, inputs.paths)
    stages.check_images(published, copied, problems)
    search, indexed = stages.search_index(
        options.out_dir, cache_path.parent, cache_path.with_suffix(".shards"), config, specs,
        pages, stages.page_dates(specs, published), state, trusted and bool(state.outputs),
        jobs, options.search_shard_pages, problems
    ) if write and options.search and not problems.failed() else ([], 0)
    items = [*pages, export, *copied, *(search or [])]
    problems.extend(check_outputs(items))
    plan = plan_output(options.out_dir, items) if write and not problems.failed() else None
    problems.extend(plan.problems if plan else [])
    problems.within(options.site)  # template problems name files by their absolute path
    if problems.failed():
        # The output is untouched: keep what describes it. Not when Pagefind failed (search is
        # None): the site is not at fault, and the next build must try again, not replay this.
        if write and options.use_cache and search is not None:
            save_cache(cache_path, settings, inputs, before, hashed,
                       before.output_id if before and trusted else "", problems, BuildResult(),
                       state.after_failure(last_good))
        raise BuildFailed(problems)

    result = BuildResult(articles=len(published), drafts=sum(1 for a in published if a.draft),
                         pages=len(pages), rendered=rendered, reused=len(pages) - rendered,
                         copied=len(copied), indexed=indexed, problems=problems)
    if not write:
        result.seconds = time.perf_counter() - started
        return result
    assert plan is not None
    stats = publish(plan, items, __version__, step)
    result.written, result.deleted, result.foreign = stats.written, stats.deleted, stats.foreign
    page_key = dict(zip((spec.path for spec in specs), keys, strict=True))
    state.outputs = {item.path: (page_key.get(item.path, ""), item_digest(item)) for item in items}
    state.built = {i: source.digest for i, source in state.sources.items()}
    if options.use_cache:
        save_cache(cache_path, settings, inputs, before, hashed, stats.output_id, problems,
                   result, state)
    result.seconds = time.perf_counter() - started
    return result


# ---------------------------------------------------------------- inputs and cache

def input_roots(site: Path) -> list[tuple[str, Path, Path]]:
    """Every place a build reads, by a label that names it, with the folder its symbolic links
    must stay inside: the site, or, for the default theme, the theme's own folder."""
    theme = default_theme()
    return [
        ("config", site / CONFIG_FILE, site), ("content", site / CONTENT_DIR, site),
        ("data", site / DATA_DIR, site), ("templates", site / TEMPLATES_DIR, site),
        ("assets", site / ASSETS_DIR, site), ("static", site / STATIC_DIR, site),
        ("theme-templates", theme / TEMPLATES_DIR, theme),
        ("theme-assets", theme / ASSETS_DIR, theme),
    ]


def _parsed(state: BuildState) -> dict[str, str]:
    """Content hashes the parsing stage computed anyway (no need to read those files again)."""
    return {f"{CONTENT_DIR}/{article_id}": source.digest
            for article_id, source in state.sources.items()}


def cache_name(options: BuildOptions) -> str:
    """One cache per output folder and per set of options that change the output. ``check``
    reads (never writes) the cache of the build into the same folder with the same options."""
    what = (f"{options.out_dir.resolve()}|{options.drafts}|"
            f"{options.base_url}|{options.search}")
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


def save_cache(path: Path, settings: str, inputs: Inputs, before: FileIndex | None,
               hashed: dict[str, str], new_id: str, problems: Problems, result: BuildResult,
               state: BuildState) -> None:
    """Save what the next build reuses. A cache that cannot be written (a full disk) costs the
    next build time, not correctness: it is reported as a warning, and the build goes on."""
    written_ns = now_ns()
    try:
        save(path, FileIndex(f"{FORMAT}:{__version__}", settings,
                             file_records(inputs, before, {**_parsed(state), **hashed}),
                             written_ns, new_id, problems.items, result.articles, result.drafts,
                             result.pages, inputs.refused),
             state)
    except OSError as exc:
        problems.warning(path.parent.name + "/", None, None,
                         f"the build cache could not be saved ({os_problem(exc)})",
                         "the next build will build everything again; free some disk space")


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


