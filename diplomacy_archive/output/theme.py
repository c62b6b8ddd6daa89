"""The theme a site is rendered with: the default theme's templates/ and assets/ (packaged with
the generator), overridden file by file by the site's own; the Jinja2 environment over them; and
the files copied as they are (assets, and the site's static/ folder)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import jinja2

from diplomacy_archive.i18n import N_, kept_message
from diplomacy_archive.output.files import CopiedFile
from diplomacy_archive.problems import site_path
from diplomacy_archive.source.site_files import outside_link
from diplomacy_archive.source.site_folders import (
    ADMIN_DIR,
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


class ThemeLoader(jinja2.FileSystemLoader):
    """Templates from the site's folder, then the default theme's; a template that is a
    symbolic link to a place outside its folder's site or theme is not read."""

    def __init__(self, site: Path) -> None:
        self.bounds = [(folder, site if folder.is_relative_to(site) else folder.parent)
                       for folder in template_dirs(site)]
        super().__init__([str(folder) for folder, _ in self.bounds])

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        """The first folder's file of that name; a link out of the site is passed over (the
        build warned about it when it looked for the site's files)."""
        pieces = jinja2.loaders.split_template_path(template)
        for folder, bound in self.bounds:
            path = folder.joinpath(*pieces)
            if not path.is_file() or outside_link(path, bound) is not None:
                continue
            source = path.read_text(encoding="utf-8")
            mtime = path.stat().st_mtime

            def uptodate(path: Path = path, mtime: float = mtime) -> bool:
                try:
                    return path.stat().st_mtime == mtime
                except OSError:
                    return False
            return source, str(path), uptodate
        raise jinja2.TemplateNotFound(template)


def make_environment(site: Path) -> jinja2.Environment:
    """Autoescaping, StrictUndefined Jinja2: a missing variable is an error, never blank text.

    Filters of our own: ``folded_words`` (text.vietnamese.folded_words: the distinct words of a
    text, ASCII-folded, for the search index).
    """
    env = jinja2.Environment(
        loader=ThemeLoader(site),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["folded_words"] = folded_words
    return env


def copied_files(site: Path, inputs: Mapping[str, Path], editor: bool = False
                 ) -> list[CopiedFile]:
    """Theme assets (site assets win over the default ones) into assets/, static/ into the
    root, and with ``editor`` the web editor's files (the theme's admin/) into admin/.
    ``inputs`` are the files the build found (build.cache.scan), by key such as
    'static/images/a.jpg': symbolic links out of the site are not among them."""
    assets: dict[str, CopiedFile] = {}
    for label, origin in (("theme-assets", N_("default theme file {path}")),
                          (ASSETS_DIR, N_("site assets file {path}"))):
        prefix = f"{label}/"
        for key in sorted(k for k in inputs if k.startswith(prefix)):
            rel = f"{ASSETS_DIR}/{key[len(prefix):]}"
            path = inputs[key]
            assets[rel] = CopiedFile(rel, path, kept_message(origin, path=rel),
                                      site_path(path, site))
    if editor:
        prefix = "theme-admin/"
        for key in sorted(k for k in inputs if k.startswith(prefix)):
            rel = f"{ADMIN_DIR}/{key[len(prefix):]}"
            if rel.endswith("/VENDOR.json"):
                continue  # the record of the vendored files, for the tests
            assets[rel] = CopiedFile(rel, inputs[key],
                                     kept_message(N_("default theme file {path}"), path=rel),
                                     site_path(inputs[key], site))
    prefix = f"{STATIC_DIR}/"
    static = [CopiedFile(key[len(prefix):], inputs[key],
                         kept_message(N_("the static file {path}"),
                                      path=site_path(inputs[key], site)),
                         site_path(inputs[key], site))
              for key in sorted(k for k in inputs if k.startswith(prefix))]
    return list(assets.values()) + static + root_icon(assets, inputs)


FAVICON = "favicon.ico"


def root_icon(assets: Mapping[str, CopiedFile], inputs: Mapping[str, Path]) -> list[CopiedFile]:
    """The theme's icon (assets/favicon.ico, a site's own first) at the site's root as well,
    where browsers and feed readers ask for it; a site's static/favicon.ico is there already."""
    icon = assets.get(f"{ASSETS_DIR}/{FAVICON}")
    if icon is None or f"{STATIC_DIR}/{FAVICON}" in inputs:
        return []
    return [CopiedFile(FAVICON, icon.source, icon.origin, icon.origin_path)]
