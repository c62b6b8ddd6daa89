"""The names of a site's files and folders, and where the default theme is."""

from __future__ import annotations

from pathlib import Path

CONFIG_FILE = "config.yaml"
CONTENT_DIR = "content"
DATA_DIR = "data"
TEMPLATES_DIR = "templates"
ASSETS_DIR = "assets"
STATIC_DIR = "static"
ADMIN_DIR = "admin"  # the default theme's web editor files; where a site publishes the editor
CACHE_DIR = ".cache"
OUTPUT_DIR = "public"

_PACKAGE = Path(__file__).resolve().parent.parent
# In an installed wheel the theme is package data: the wheel build copies the repository's
# templates/ and assets/ into diplomacy_archive/theme/ (pyproject.toml, force-include).
PACKAGED_THEME = _PACKAGE / "theme"
# In a checkout (an editable install) they are the repository's own, beside the package.
CHECKOUT_THEME = _PACKAGE.parent


# The editor's guide in Vietnamese: docs/vi/ of the repository, diplomacy_archive/guide/ in a
# wheel (hatch_build.py); `init` copies it into every new site.
PACKAGED_GUIDE = _PACKAGE / "guide"
CHECKOUT_GUIDE = _PACKAGE.parent / "docs" / "vi"
GUIDE_DIR = "huong-dan"  # where a new site keeps its copy


def editor_guide() -> Path:
    """The folder holding the editor's guide (its pages, README.md first)."""
    return PACKAGED_GUIDE if (PACKAGED_GUIDE / "README.md").is_file() else CHECKOUT_GUIDE


def default_theme() -> Path:
    """The folder holding the default theme's templates/ and assets/."""
    if (PACKAGED_THEME / TEMPLATES_DIR).is_dir():
        return PACKAGED_THEME
    return CHECKOUT_THEME
