"""The one build(): load, validate, convert, index, render, check, write, in that order."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .config import Config, base_url_problem, load_config
from .content import Article, load_articles
from .entities import resolve_entities
from .errors import BuildFailed, Problem, Problems, UsageError
from .files import CopiedFile, OutputFile
from .indexes import SiteIndex, build_index
from .markup import Body, MarkdownConverter
from .outputs import data_export
from .registries import load_registries
from .render import render_site
from .theme import STATIC_DIR, copied_files, make_environment
from .write import check_output_folder, check_outputs, write_site


@dataclass(frozen=True)
class BuildOptions:
    site: Path
    out: Path | None = None
    drafts: bool = False
    strict: bool = False
    base_url: str | None = None

    @property
    def out_dir(self) -> Path:
        return self.out if self.out is not None else self.site / "public"


@dataclass
class BuildResult:
    articles: int = 0
    drafts: int = 0
    pages: int = 0
    copied: int = 0
    bytes_written: int = 0
    seconds: float = 0.0
    problems: Problems = field(default_factory=Problems)


def build(options: BuildOptions, write: bool = True) -> BuildResult:
    """Build the site at ``options.site``; raises BuildFailed (nothing written) on errors.

    With ``write=False`` every stage runs but nothing is written: that is ``check``.
    """
    started = time.perf_counter()
    problems = Problems(strict=options.strict)
    if not options.site.is_dir():
        raise UsageError(f"the site folder {options.site} does not exist")

    config = load_site_config(options, problems)
    articles = load_articles(options.site, config, problems)
    published = [a for a in articles if options.drafts or not a.draft]
    bodies = convert_bodies(published, config, problems)
    registries = load_registries(options.site, config.tzinfo, problems)
    entities = resolve_entities(published, registries, problems)
    index, index_problems = build_index(published, entities, config.name_order)
    problems.extend(index_problems)
    files = render_files(options.site, config, index, bodies, problems)
    copied = copied_files(options.site)
    check_images(published, copied, problems)
    problems.extend(check_outputs([*files, *copied]))
    if problems.failed():
        raise BuildFailed(problems)

    result = BuildResult(articles=len(published),
                         drafts=sum(1 for a in published if a.draft),
                         pages=sum(1 for f in files if f.path.endswith(".html")),
                         copied=len(copied), problems=problems)
    if write:
        check_output_folder(options.out_dir, options.site)
        result.bytes_written = write_site(options.out_dir, [*files, *copied], __version__)
    result.seconds = time.perf_counter() - started
    return result


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


def convert_bodies(articles: list[Article], config: Config, problems: Problems
                   ) -> dict[str, Body]:
    converter = MarkdownConverter(config.trust_raw_html, config.base_path, config.summary_length)
    bodies = {}
    for article in articles:
        body, body_problems = converter.convert(article)
        problems.extend(body_problems)
        bodies[article.id] = body
    return bodies


def render_files(site: Path, config: Config, index: SiteIndex, bodies: dict[str, Body],
                 problems: Problems) -> list[OutputFile]:
    pages, render_problems = render_site(make_environment(site), config, index, bodies)
    problems.extend(render_problems)
    return [*pages, data_export(config, index, bodies)]


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


__all__ = ["BuildOptions", "BuildResult", "Problem", "build"]
