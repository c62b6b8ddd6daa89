"""The image stage: every picture of the site the articles name (in front matter or body) is
found in static/, measured and checked, and its smaller copies made (output.images), each only
once: the measure is kept in the ``images`` memo by the digest of the file, the copies in
<site>/.cache/images/ by that digest too. A picture missing or unreadable is an error at every
line that names it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from diplomacy_archive.build.cache import digest_file
from diplomacy_archive.build.memo import Memo, ParsedFile
from diplomacy_archive.build.workers import image_task, pool_imap
from diplomacy_archive.i18n import N_
from diplomacy_archive.output.files import CopiedFile
from diplomacy_archive.output.images import (
    IMAGES_CACHE,
    TOO_LARGE,
    ImageTask,
    cached_copy,
    copy_files,
    image_formats,
)
from diplomacy_archive.problems import Problems, site_path
from diplomacy_archive.site.images import Pictures, variant_widths
from diplomacy_archive.source.articles import Article
from diplomacy_archive.source.images import ImageInfo, ImageUse, static_key
from diplomacy_archive.source.site_folders import ASSETS_DIR, STATIC_DIR

# Raise it when what a measure holds changes (output.images.ImageInfo): every picture is then
# measured again (its copies are made again only if their names change).
MEASURE_VERSION = 1


@dataclass
class ImageStage:
    """What the stage hands on: the pictures the pages show, their copies to publish, the
    articles whose pictures are not the last build's (their pages are made again), and how
    many copies were encoded (0 when every one was in the cache)."""

    pictures: Pictures = field(default_factory=Pictures)
    files: list[CopiedFile] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)
    encoded: int = 0


def article_images(site: Path, widths: tuple[int, ...], paths: Mapping[str, Path],
                   digests: Mapping[str, str], parsed: Memo[ParsedFile],
                   published: list[Article], rejected: list[Article], memo: Memo[ImageInfo],
                   cache: Path, jobs: int, write: bool, again: bool, problems: Problems
                   ) -> ImageStage:
    """The pictures of ``published`` (made and copied) and of ``rejected`` (checked only).

    ``paths`` and ``digests`` are the build's input files and their digests where known
    (build.cache); ``cache`` the site's .cache/ folder, where copies are kept; ``write`` false
    in a check, which measures and checks every picture but writes no copy; ``again`` makes
    every copy again (``--no-cache``)."""
    formats = image_formats()
    if write:  # what a build killed while encoding left (the site's lock is held)
        for partial in (cache / IMAGES_CACHE).glob("*.part"):
            partial.unlink(missing_ok=True)
    uses: dict[str, list[tuple[Article, ImageUse]]] = {}
    shown = {article.id for article in published}
    for article in [*published, *rejected]:
        for use in parsed.get(article.id).images if article.id in parsed.made else ():
            uses.setdefault(static_key(use.src), []).append((article, use))
    infos: dict[str, ImageInfo] = {}
    tasks: list[ImageTask] = []
    inputs: dict[str, str] = {}
    found: dict[str, Path] = {}  # the file of each picture, by the key of its src
    for key, named in sorted(uses.items()):
        path = paths.get(key) or _theme_asset(key, paths)
        if path is None:
            for article, use in named:
                file = key.partition("/")[2]
                problems.error(article.path, use.line, None,
                               N_("the image '{src}' is not in the site's {static}/ folder"),
                               N_("save it as {static}/{file}"), use.field,
                               {"src": use.src, "static": STATIC_DIR, "file": file})
            continue
        found[key] = path
        digest = digests.get(key) or digest_file(path)
        # the formats too: pages made when this Pillow wrote other formats are made again
        inputs[key] = f"{digest}:{MEASURE_VERSION}:{','.join(formats)}"
        copies = write and any(article.id in shown for article, _ in named)
        info = memo.get(key) if memo.keep(key, inputs[key]) else None
        if (info is not None and not again
                and (not copies or _copies_cached(info, widths, formats, cache))):
            infos[key] = info
            continue
        tasks.append(ImageTask(key, path, digest, widths, formats, cache, copies, again))
    encoded = 0
    for result in pool_imap(image_task, tasks, jobs, min_items=2):
        encoded += result.encoded
        if result.info is not None:
            infos[result.key] = memo.put(result.key, inputs[result.key], result.info)
            continue
        file = site_path(found[result.key], site)
        hint = (N_("save a smaller copy of it: a few thousand pixels across are enough for a "
                   "web page") if result.problem == TOO_LARGE else
                N_("open it in an image editor and save it again as JPEG, PNG or WebP, or "
                   "correct the path"))
        for article, use in uses[result.key]:
            problems.error(article.path, use.line, None, result.problem, hint, use.field,
                           {"src": use.src, "file": file, "reason": result.reason})
    changed = {article.id for key, named in uses.items() if key in infos
               and memo.inputs(key) != inputs[key] for article, _ in named}
    published_keys = {key for key, named in uses.items() if key in infos
                      and any(a.id in shown for a, _ in named)}
    leads = {}
    for article in published:
        first = next((use for use in parsed.get(article.id).images
                      if static_key(use.src) in published_keys), None)
        if first is not None:
            leads[article.id] = first
    pictures = Pictures({key: infos[key] for key in published_keys}, widths, formats, leads)
    origins = {key: (uses[key][0][1].src, site_path(found[key], site)) for key in published_keys}
    return ImageStage(pictures, copy_files(pictures, origins, cache), changed, encoded)


def _theme_asset(key: str, paths: Mapping[str, Path]) -> Path | None:
    """The file of a picture of the theme (``/assets/logo.png``: the site's assets/, else the
    default theme's), which is published beside the static files."""
    rest = key.partition("/")[2]
    if not rest.startswith(f"{ASSETS_DIR}/"):
        return None
    return paths.get(rest) or paths.get(f"theme-{rest}")


def _copies_cached(info: ImageInfo, widths: tuple[int, ...], formats: tuple[str, ...],
                   cache: Path) -> bool:
    return all(cached_copy(cache, info.digest, width, kind).is_file()
               for kind in formats for width in variant_widths(info, widths))


__all__ = ["ImageStage", "article_images"]
