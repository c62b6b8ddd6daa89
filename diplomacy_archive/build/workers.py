"""Running per-article and per-page work on several cores.

Workers are started with ``fork`` where the platform has it, so they inherit what the build has
already computed instead of receiving a pickled copy. Each worker process keeps the objects its
tasks share (a Markdown converter, a Jinja environment) in ``_WORKER``, set by the pool's
initializer: that per-process state is the only module-level state of the package.
"""

from __future__ import annotations

import contextlib
import pickle
import traceback
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from diplomacy_archive.build.cache import digest_bytes
from diplomacy_archive.build.memo import ParsedFile
from diplomacy_archive.build.pool import default_jobs, pool_imap, pool_map
from diplomacy_archive.build.store import CacheUnreadable
from diplomacy_archive.i18n import N_, _
from diplomacy_archive.output.images import ImageResult, ImageTask, read_image
from diplomacy_archive.output.rendering import TemplateProblem, page_key, render_page
from diplomacy_archive.output.theme import make_environment
from diplomacy_archive.problems import (
    ArchiveError,
    GeneratorFault,
    Problem,
    Problems,
    site_path,
)
from diplomacy_archive.site.citation_links import CitationLinker
from diplomacy_archive.site.pages import PageSpec
from diplomacy_archive.source.articles import (
    Article,
    Rejected,
    SourceText,
    read_article,
    read_source,
)
from diplomacy_archive.source.bodies import Body, MarkdownConverter
from diplomacy_archive.source.config import Config
from diplomacy_archive.source.images import ImageUse, image_uses

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int], None]

_WORKER: dict[str, Any] = {}

__all__ = ["default_jobs", "pool_imap", "pool_map"]  # (build/pool.py; re-exported for stages)


# ---------------------------------------------------------------- articles

Parsed = tuple[str, str, ParsedFile, Body | None]  # (article id, file digest, result, body)


def init_articles(site: Path, config: Config, linker: CitationLinker) -> None:
    _WORKER.clear()
    _WORKER.update(site=site, config=config, linker=linker, converter=MarkdownConverter(
        config.trust_raw_html, config.base_path, config.summary_length))


def parse_file(path: Path) -> Parsed:
    """Read, validate and convert one article file: (id, digest of the file, the parsed file,
    the converted body). An unexpected exception becomes a GeneratorFault naming the file."""
    site: Path = _WORKER["site"]
    with fault_names(site_path(path, site), N_("reading and converting the article")):
        return _parse_file(site, path)


@contextlib.contextmanager
def fault_names(where: str, doing: str, **values: str) -> Iterator[None]:
    """Turn an unexpected exception in the block into a GeneratorFault naming ``where``.

    ``doing`` is marked N_ and translated where the fault is shown; a template with
    placeholders is filled from ``values`` when the fault is raised, in the language chosen
    then (the same in a worker, forked from the build), as a fault carries no placeholders."""
    try:
        yield
    except (ArchiveError, KeyboardInterrupt, CacheUnreadable):
        raise
    except Exception as exc:
        raise GeneratorFault(where, _(doing).format(**values) if values else doing,
                             f"{type(exc).__name__}: {exc}", traceback.format_exc()) from None


def _parse_file(site: Path, path: Path) -> Parsed:
    data = path.read_bytes()
    problems = Problems()
    article_id = path.relative_to(site / "content").as_posix()
    source = read_source(site, path, data)
    article: Article | None = None
    rejected: Rejected | None = None
    body: Body | None = None
    images: tuple[ImageUse, ...] = ()
    if isinstance(source, SourceText):
        problems.extend(list(source.warnings))
        read = read_article(source, _WORKER["config"], problems)
        if isinstance(read, Article):
            article = read
            body, body_problems = _WORKER["converter"].convert(article)
            problems.extend(body_problems)
            images = image_uses(article, body.html, _WORKER["config"].base_path)
            body = replace(body, html=_WORKER["linker"].link(body.html, article.date))
            article = replace(article, body="")  # converted: the Markdown is not needed again
        elif isinstance(read, Rejected):  # not published, but its body is checked all the same
            body_of_rejected, body_problems = _WORKER["converter"].convert(read.article)
            problems.extend(body_problems)
            images = image_uses(read.article, body_of_rejected.html,
                                _WORKER["config"].base_path)
            rejected = replace(read, article=replace(read.article, body=""))
    else:
        problems.extend([source])
    meta = digest_bytes(pickle.dumps(replace(article, body=""))) if article is not None else ""
    return (article_id, digest_bytes(data),
            ParsedFile(article, body.summary if body is not None else "", problems.items, meta,
                       rejected, images),
            body)


# ---------------------------------------------------------------- pages

def init_pages(site: Path, site_view: dict[str, Any], specs: list[PageSpec],
               fingerprints: dict[str, bytes]) -> None:
    _WORKER.clear()
    _WORKER.update(env=make_environment(site), site_view=site_view, specs=specs,
                   fingerprints=fingerprints)


def render_spec(task: tuple[int, str]) -> tuple[str, bytes | Problem | None]:
    """Make page ``number`` of the specs given to the initializer and key it: (key, its HTML),
    or (key, None) when the key is ``old_key`` (nothing to render), or (key, the problem)."""
    number, old_key = task
    spec: PageSpec = _WORKER["specs"][number]
    with fault_names(spec.origin_path, N_("making {origin}"), origin=spec.origin):
        values = spec.make()
        key = page_key(_WORKER["fingerprints"][spec.template], values)
        if key == old_key:
            return key, None
        try:
            return key, render_page(_WORKER["env"], _WORKER["site_view"], spec.template,
                                    values)
        except TemplateProblem as exc:
            return key, exc.problem


# ---------------------------------------------------------------- pictures

def image_task(task: ImageTask) -> ImageResult:
    """Read one picture of static/ and make its copies (output.images.read_image); an
    unexpected exception becomes a GeneratorFault naming the file."""
    with fault_names(task.key, N_("making smaller copies of the picture")):
        return read_image(task)
