"""Smaller copies of the site's pictures, made with Pillow, each once: kept in
<site>/.cache/images/ by the digest of the picture's bytes, the width, the format and the
encoder's settings, and copied into the output from there (the original is copied as it is,
from static/). One task reads one picture: its size (after its EXIF orientation), a check that
the file is a picture Pillow can read, and the copies the cache does not hold yet."""

from __future__ import annotations

import functools
import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageOps, features

from diplomacy_archive.i18n import N_, kept_message
from diplomacy_archive.output.files import CopiedFile
from diplomacy_archive.site.images import (
    Pictures,
    variant_height,
    variant_path,
    variant_widths,
    variants,
)
from diplomacy_archive.source.images import ImageInfo, is_vector

IMAGES_CACHE = "images"
# Raise it whenever the way copies are made changes: every copy is then made again.
ENCODER_VERSION = 1
WEBP_OPTIONS = {"quality": 80, "method": 4}
# speed 8 of 10: half the time of the default 6 for the same size within 2 % (measured on a
# 1200-pixel drawing: 0.58 s instead of 1.18 s); AVIF still takes about ten times WebP's time.
AVIF_OPTIONS = {"quality": 60, "speed": 8}
OPTIONS = {"webp": WEBP_OPTIONS, "avif": AVIF_OPTIONS}
PIL_FORMATS = {"webp": "WEBP", "avif": "AVIF"}
# Why a picture cannot be used; placeholders: the src an article names, its file, the reason.
UNREADABLE = N_("the image '{src}' ({file}) is not a picture that can be read: {reason}")
TOO_LARGE = N_("the image '{src}' ({file}) has too many pixels to be read safely: {reason}")


def image_formats() -> tuple[str, ...]:
    """The formats of the copies, best first: AVIF where this Pillow can write it, and WebP."""
    return tuple(kind for kind in ("avif", "webp") if features.check(kind))


@functools.cache  # (the same for the whole run: it names every copy of every picture)
def encoder_digest() -> str:
    """What the bytes of a copy depend on besides the picture, its width and its format."""
    what = f"{ENCODER_VERSION}:{PIL.__version__}:{sorted(WEBP_OPTIONS.items())}:" \
           f"{sorted(AVIF_OPTIONS.items())}"
    return hashlib.blake2b(what.encode(), digest_size=8).hexdigest()


@dataclass(frozen=True)
class ImageTask:
    """One picture to read: its input key, file and digest, the copies to make (width and
    format), where the cache keeps them, and whether to write them (never in a check) or to
    make them again even when the cache has them (``--no-cache``)."""

    key: str
    path: Path
    digest: str
    widths: tuple[int, ...]
    formats: tuple[str, ...]
    cache: Path
    write: bool = True
    again: bool = False


@dataclass(frozen=True)
class ImageResult:
    """A picture read: its measure, or why it cannot be read (UNREADABLE or TOO_LARGE, and
    the reason Pillow gives), and how many copies were encoded."""

    key: str
    info: ImageInfo | None
    problem: str = ""
    reason: str = ""
    encoded: int = 0


def cached_copy(cache: Path, digest: str, width: int, kind: str) -> Path:
    return cache / IMAGES_CACHE / f"{digest}-{encoder_digest()}-{width}.{kind}"


def read_image(task: ImageTask) -> ImageResult:
    """Measure the picture, check that it can be decoded, and make the copies the cache does
    not have (with ``task.write``)."""
    if is_vector(task.key):
        return ImageResult(task.key, ImageInfo(task.digest, 0, 0, resizable=False))
    try:
        with warnings.catch_warnings():
            # a warning only (above 89 million pixels): such a picture is read; twice that is
            # refused (DecompressionBombError), since a small file could then fill the memory
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(task.path) as opened:
                animated = bool(getattr(opened, "is_animated", False))
                image = ImageOps.exif_transpose(opened)  # also decodes: a damaged file fails
                image.load()
    except Image.DecompressionBombError as exc:
        return ImageResult(task.key, None, TOO_LARGE, str(exc))
    except (OSError, ValueError, SyntaxError, EOFError) as exc:  # what Pillow raises
        reason = str(exc).replace(f" '{task.path}'", "").replace(str(task.path), "")
        return ImageResult(task.key, None, UNREADABLE, reason or type(exc).__name__)
    info = ImageInfo(task.digest, image.width, image.height, resizable=not animated)
    encoded = 0
    if task.write:
        for kind, width in ((k, w) for k in task.formats
                            for w in variant_widths(info, task.widths)):
            target = cached_copy(task.cache, task.digest, width, kind)
            if target.is_file() and not task.again:
                continue
            _encode(image, width, variant_height(info, width), kind, target)
            encoded += 1
    return ImageResult(task.key, info, encoded=encoded)


def _encode(image: Image.Image, width: int, height: int, kind: str, target: Path) -> None:
    """Write one copy, whole or not at all (a build killed midway leaves no half copy)."""
    if image.mode not in ("RGB", "RGBA"):
        has_alpha = image.mode in ("LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    small = image if image.size == (width, height) else image.resize(
        (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    out = io.BytesIO()
    options: dict[str, object] = dict(OPTIONS[kind])
    profile = image.info.get("icc_profile")
    if profile:
        options["icc_profile"] = profile
    small.save(out, PIL_FORMATS[kind], **options)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    partial.write_bytes(out.getvalue())
    os.replace(partial, target)


def copy_files(pictures: Pictures, origins: dict[str, tuple[str, str]], cache: Path
               ) -> list[CopiedFile]:
    """The copies of every picture, as files copied into the output from the cache, each
    path once; ``origins`` gives, by input key, a src naming the picture and the file (under
    the site) it comes from."""
    files: dict[str, CopiedFile] = {}
    for key, info in sorted(pictures.infos.items()):
        src, origin_path = origins[key]
        for path, width, kind in variants(src, info, pictures):
            if path not in files:
                files[path] = CopiedFile(
                    path, cached_copy(cache, info.digest, width, kind),
                    kept_message(N_("a {width}-pixel copy of {path}"), width=width,
                                 path=origin_path), origin_path)
    return list(files.values())


__all__ = ["TOO_LARGE", "UNREADABLE", "ImageResult", "ImageTask", "copy_files",
           "encoder_digest", "image_formats", "read_image", "variant_path"]
