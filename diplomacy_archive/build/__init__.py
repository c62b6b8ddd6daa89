"""The one build(): runs the stages in order and reuses, through the cache under <site>/.cache/,
what did not change. Worker processes for per-article and per-page work."""

from diplomacy_archive.build.pipeline import BuildOptions, BuildResult, build

__all__ = ["BuildOptions", "BuildResult", "build"]
