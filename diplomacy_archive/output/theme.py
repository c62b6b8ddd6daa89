"""The theme a site is rendered with: the default theme's templates/ and assets/ (packaged with
the generator), overridden file by file by the site's own; the Jinja2 environment over them; and
the files copied as they are (assets, and the site's static/ folder)."""

from __future__ import annotations

from pathlib import Path

import jinja2

from diplomacy_archive.output.files import CopiedFile
from diplomacy_archive.problems import site_path
from diplomacy_archive.source.site_folders import (
    ASSETS_DIR,
    STATIC_DIR,
    TEMPLATES_DIR,
    default_theme,
)
from diplomacy_archive.text.vietnamese import folded_words


def template_dirs(site: Path) -> list[Path]:
    """The site's templates/ first, then the default theme's; each folder once."""
    dirs = [site / TEMPLATES_DIR, default_theme() / TEMPLATES_DIR]
    unique: list[Path] = []
    for folder in dirs:
        if folder.is_dir() and folder.resolve() not in [d.resolve() for d in unique]:
            unique.append(folder)
    return unique


def make_environment(site: Path) -> jinja2.Environment:
    """Autoescaping, StrictUndefined Jinja2: a missing variable is an error, never blank text.

    Filters of our own: ``folded_words`` (text.vietnamese.folded_words: the distinct words of a
    text,
    ASCII-folded, for the search index).
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(site)]),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["folded_words"] = folded_words
    return env


def _files_under(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(root).parts))


def copied_files(site: Path) -> list[CopiedFile]:
    """Theme assets (site assets win over the default ones) into assets/, static/ into the root."""
    assets: dict[str, CopiedFile] = {}
    for root, origin in ((default_theme() / ASSETS_DIR, "default theme"),
                         (site / ASSETS_DIR, "site assets")):
        for path in _files_under(root):
            rel = f"{ASSETS_DIR}/{path.relative_to(root).as_posix()}"
            assets[rel] = CopiedFile(rel, path, f"{origin} file {rel}", site_path(path, site))
    static = [CopiedFile(p.relative_to(site / STATIC_DIR).as_posix(), p,
                         f"the static file {site_path(p, site)}", site_path(p, site))
              for p in _files_under(site / STATIC_DIR)]
    return list(assets.values()) + static
