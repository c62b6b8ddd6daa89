"""The live preview: watch the site's files, rebuild after each burst of saves, serve the last good
build on localhost with an error panel, and reload open tabs (LiveReload protocol); and the web
editor's access to the working copy (editor_api)."""

from diplomacy_archive.serve.editor_api import LocalEditor
from diplomacy_archive.serve.server import BuildOutcome, serve
from diplomacy_archive.serve.watch import watch_paths

__all__ = ["BuildOutcome", "LocalEditor", "serve", "watch_paths"]
