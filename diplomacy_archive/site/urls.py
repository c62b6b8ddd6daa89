"""Where each page lives: output paths and links, all under the site's base_url."""

from __future__ import annotations

from dataclasses import dataclass

from diplomacy_archive.source.config import Config


@dataclass(frozen=True)
class Urls:
    """Builds site-relative paths (``bai-viet/x/``), links (``/luu-tru/bai-viet/x/``) and
    absolute URLs (``https://example.org/luu-tru/bai-viet/x/``) from the config's patterns."""

    patterns: dict[str, str]
    base_url: str
    base_path: str

    @classmethod
    def from_config(cls, config: Config) -> Urls:
        return cls(dict(config.urls), config.base_url, config.base_path)

    def path(self, kind: str, **params: object) -> str:
        return "" if kind == "home" else self.patterns[kind].format(**params)

    def article(self, slug: str) -> str:
        return self.path("article", slug=slug)

    def tag(self, slug: str) -> str:
        return self.path("tag", slug=slug)

    def year(self, year: int) -> str:
        return self.path("year", year=f"{year:04d}")

    def month(self, year: int, month: int) -> str:
        return self.path("month", year=f"{year:04d}", month=f"{month:02d}")

    def paged(self, first_page: str, number: int) -> str:
        """Page ``number`` of a list whose first page is ``first_page``."""
        return first_page if number == 1 else first_page + self.path("page", number=number)

    def link(self, path: str) -> str:
        """A link for use inside the site: the base path plus the site-relative path."""
        return self.base_path + path

    def absolute(self, path: str) -> str:
        return self.base_url + path


def output_file(path: str) -> str:
    """The file a page path is written to: ``bai-viet/x/`` -> ``bai-viet/x/index.html``."""
    return path + "index.html" if path == "" or path.endswith("/") else path
