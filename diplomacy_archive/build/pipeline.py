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
from dataclasses import dataclass, field
from pathlib import Path

from diplomacy_archive import __version__
from diplomacy_archive.build.cache import (
    FORMAT,
    FileIndex,
    Inputs,
    cache_file,
    changed_files,
    clear_leftovers,
    file_records,
    known_digests,
    load,
    now_ns,
    save,
    scan,
)
from diplomacy_archive.build.memo import Memos
from diplomacy_archive.build.site_lock import site_lock
from diplomacy_archive.build.store import CacheUnreadable, Store
from diplomacy_archive.i18n import N_, _
from diplomacy_archive.output.files import CopiedFile, KeptFile, OutputFile, StagedFile
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
    Problem,
    Problems,
    SiteError,
    UsageError,
    os_problem,
)
from diplomacy_archive.source.addresses import AddressRules
from diplomacy_archive.source.cms_settings import editor_enabled
from diplomacy_archive.source.config import Config, base_url_problem, load_config
from diplomacy_archive.source.site_folders import (
    ADMIN_DIR,
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
    local_editor: bool = False  # /admin/ edits the working copy through the preview (serve)

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
    cards_drawn: int = 0  # sharing cards drawn (the others were in <site>/.cache/cards/)
    images_encoded: int = 0  # copies of pictures encoded (the others were in .cache/images/)
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
        raise UsageError(_("the site folder {folder} does not exist").format(
            folder=options.site))
    try:
        if not write:
            return _build_reading_cache(options, None, progress, step, started)
        with site_lock(options.site, "build"):
            staging = pages_staging(options.out_dir)  # rendered pages wait here to be published
            try:
                return _build_reading_cache(options, staging, progress, step, started)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise SiteError(_("{problem}; nothing in {out} was changed").format(
            problem=os_problem(exc), out=options.out_dir)) from exc
    except (ArchiveError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug: named by where it happened, detailed on request
        raise GeneratorFault("(build)", N_("building the site"), f"{type(exc).__name__}: {exc}",
                             traceback.format_exc()) from exc


def _build_reading_cache(options: BuildOptions, staging: Path | None,
                         progress: Progress | None, step: Step | None, started: float
                         ) -> BuildResult:
    """_build, once more without reading the cache if it turns out to be damaged midway (the
    cache is then saved afresh)."""
    try:
        return _build(options, staging, progress, step, started, read_cache=True)
    except CacheUnreadable:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)
        return _build(options, staging, progress, step, started, read_cache=False)


def _build(options: BuildOptions, staging: Path | None, progress: Progress | None,
           step: Step | None, started: float, read_cache: bool) -> BuildResult:
    """The stages in order; ``staging`` is where rendered pages wait to be published (None in a
    check, which writes nothing). Each stage reuses the last build's results through the memos
    it is given (build/memo.py); nothing else here knows about reuse."""
    write = staging is not None
    problems = Problems(strict=options.strict)
    config = load_site_config(options, problems)
    if write:
        check_output_folder(options.out_dir, options.site)
        recover(options.out_dir)  # what a killed build left beside the output
        clear_leftovers(options.site / CACHE_DIR)  # and in the cache folder

    inputs = scan(input_roots(options.site), options.site)
    store = Store(cache_file(options.site, cache_name(options)))
    settings = settings_digest(options, config)
    before = load(store, __version__, settings) if options.use_cache and read_cache else None
    changed, hashed = changed_files(inputs, before)
    trusted = before is not None and (not write or output_id(options.out_dir) == before.output_id)
    if before is not None and trusted and not changed and inputs.refused == before.refused:
        return replay(before, problems, started)
    problems.extend(inputs.refused)
    memos = Memos.load(store) if before is not None else None
    if memos is None:  # no cache, or one that cannot be read: everything is made again
        before, trusted, memos = None, False, Memos.new()
        changed, hashed = changed_files(inputs, None)
    # The stages and their libraries (Markdown, Jinja2, nh3...) load only when there is work:
    # a build with nothing changed is over before they would have been imported.
    from diplomacy_archive.build import stages
    from diplomacy_archive.build.cache_pruning import prune_cache

    jobs = options.jobs or stages.default_jobs()
    registries = stages.load_registries(options.site, config.tzinfo, problems,
                                        AddressRules.of(config))
    linker = stages.CitationLinker.of(registries.directives, config)
    digests = known_digests(inputs, before, changed, hashed)
    articles, bodies = stages.load_articles(
        options.site, config, linker, digests, jobs, memos.articles, memos.html, problems,
        progress)
    published = [a for a in articles if options.drafts or not a.draft]
    entities, index, index_inputs, same_index = stages.resolve_and_index(
        published, registries, config, memos.articles, memos.index, problems)
    rejected = stages.check_rejected(memos.articles, registries, options.drafts, problems)
    images = stages.article_images(
        options.site, config.image_widths, inputs.paths, digests, memos.articles, published,
        rejected, memos.images, options.site / CACHE_DIR, jobs, write, not options.use_cache,
        problems)
    linked, relinked = stages.link_bodies(published, bodies, linker, memos.html)
    specs = stages.pages_and_redirects(config, index, linked, registries, problems,
                                       options.local_editor, images.pictures)
    moved = stages.moved_addresses(memos.addresses, index_inputs, trusted, config, index,
                                   articles, registries, specs)
    problems.extend(moved)
    reuse = trusted and any(True for _ in memos.outputs.last_keys())
    pages, keys, rendered = stages.render_pages(
        options.site, config, specs, memos.outputs, memos.templates, reuse, same_index,
        edited(memos) | relinked | images.changed, jobs, problems, progress, staging)
    export = stages.export_articles(config, index, index_inputs, linked, memos.export)
    copied = stages.copied_files(options.site, inputs.paths,
                                 editor_enabled(config.cms, options.local_editor))
    cards, drawn = stages.card_images(config, index, images.pictures.leads, inputs.paths,
                                      options.site / CACHE_DIR, write, jobs)
    search, indexed = stages.search_index(
        options.out_dir, store.path.parent, store.path.with_suffix(".shards"), config, specs,
        pages, stages.page_dates(specs, published),
        (memos.search, memos.outputs, memos.shards, memos.search_files), reuse, jobs,
        options.search_shard_pages, problems
    ) if write and options.search and not problems.failed() else ([], 0)
    items = [*pages, export, *copied, *images.files, *cards, *(search or [])]
    problems.extend(check_outputs(items))
    plan = plan_output(options.out_dir, items) if write and not problems.failed() else None
    problems.extend(plan.problems if plan else [])
    problems.within(options.site)  # template problems name files by their absolute path
    if problems.failed():
        # The output is untouched: keep what describes it. Not when Pagefind failed (search is
        # None): the site is not at fault, and the next build must try again, not replay this.
        if write and options.use_cache and search is not None:
            memos.after_failure()
            save_cache(store, settings, inputs, before, hashed,
                       before.output_id if before and trusted else "", problems,
                       BuildResult(), memos)
        raise BuildFailed(problems)

    result = BuildResult(articles=len(published), drafts=sum(1 for a in published if a.draft),
                         pages=len(pages), rendered=rendered, reused=len(pages) - rendered,
                         copied=len(copied), indexed=indexed, cards_drawn=drawn,
                         images_encoded=images.encoded, problems=problems)
    if not write:
        result.seconds = time.perf_counter() - started
        return result
    assert plan is not None
    stats = publish(plan, items, __version__, step)
    result.written, result.deleted, result.foreign = stats.written, stats.deleted, stats.foreign
    record_output(memos, items, dict(zip((spec.path for spec in specs), keys, strict=True)))
    if options.use_cache:  # the moved pages are reported once: once published, they are gone
        save_cache(store, settings, inputs, before, hashed, stats.output_id, problems, result,
                   memos, forget=moved)
    prune_cache(options.site / CACHE_DIR, [item.source for item in (*images.files, *cards)],
                store.path)
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
        ("theme-admin", theme / ADMIN_DIR, theme),
    ]


def edited(memos: Memos) -> set[str]:
    """Articles whose file differs from the one the output was last built from."""
    parsed = memos.articles
    return {i for i in parsed.made if memos.shown.inputs(i) != parsed.inputs_now(i)}


def record_output(memos: Memos, items: list[OutputFile | KeptFile | StagedFile | CopiedFile],
                  page_keys: dict[str, str]) -> None:
    """What the output folder now holds: each file's digest (with the key of a page), and the
    file each article's pages were built from."""
    for item in items:
        memos.outputs.put(item.path, page_keys.get(item.path, ""), item_digest(item))
    for article_id in memos.articles.made:
        memos.shown.put(article_id, memos.articles.inputs_now(article_id), None)


def cache_name(options: BuildOptions) -> str:
    """One cache per output folder and per set of options that change the output. ``check``
    reads (never writes) the cache of the build into the same folder with the same options."""
    what = (f"{options.out_dir.resolve()}|{options.drafts}|"
            f"{options.base_url}|{options.search}|{options.local_editor}")
    return hashlib.blake2b(what.encode(), digest_size=8).hexdigest()


def settings_digest(options: BuildOptions, config: Config) -> str:
    """Changes when anything changes that every page depends on: generator, config, options."""
    data = pickle.dumps((__version__, config, options.drafts, options.base_url,
                         options.local_editor))
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def replay(before: FileIndex, problems: Problems, started: float) -> BuildResult:
    """Nothing changed: report what the last build reported, do nothing else."""
    problems.items = list(before.problems)
    if problems.failed():
        raise BuildFailed(problems)
    return BuildResult(articles=before.articles, drafts=before.drafts, pages=before.pages,
                       reused=before.pages, nothing_changed=True, problems=problems,
                       seconds=time.perf_counter() - started)


def save_cache(store: Store, settings: str, inputs: Inputs, before: FileIndex | None,
               hashed: dict[str, str], new_id: str, problems: Problems, result: BuildResult,
               memos: Memos, forget: list[Problem] | None = None) -> None:
    """Save what the next build reuses, with the problems a build with nothing changed
    replays (all but ``forget``). A cache that cannot be written (a full disk) costs the
    next build time, not correctness: it is reported as a warning, and the build goes on."""
    written_ns = now_ns()
    parsed = {f"{CONTENT_DIR}/{article_id}": memos.articles.inputs_now(article_id)
              for article_id in memos.articles.made}  # hashed while parsing: not read again
    try:
        save(store, FileIndex(f"{FORMAT}:{__version__}", settings,
                              file_records(inputs, before, {**parsed, **hashed}), written_ns,
                              new_id, [p for p in problems.items
                                       if not any(p is f for f in forget or ())],
                              result.articles, result.drafts,
                              result.pages, inputs.refused),
             memos, afresh=before is None)
    except OSError as exc:
        problems.warning(store.path.parent.name + "/", None, None,
                         N_("the build cache could not be saved ({reason})"),
                         N_("the next build will build everything again; free some disk space"),
                         args={"reason": os_problem(exc)})


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
            raise UsageError(_("--base-url: {why}; write a full address such as "
                               "{example}").format(why=why,
                                                   example="https://example.org/luu-tru/"))
        config = config.with_base_url(options.base_url)
    return config


