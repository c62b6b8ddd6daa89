"""The names of a site's files and folders, and where the default theme lives."""

from __future__ import annotations

from pathlib import Path

CONFIG_FILE = "config.yaml"
CONTENT_DIR = "content"
DATA_DIR = "data"
TEMPLATES_DIR = "templates"
ASSETS_DIR = "assets"
STATIC_DIR = "static"
CACHE_DIR = ".cache"
DEFAULT_THEME = Path(__file__).resolve().parent.parent  # the repository's templates/ and assets/
