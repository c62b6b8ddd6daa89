"""Site settings: a typed, frozen Config read from config.yaml and validated like front matter."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from diplomacy_archive.problems import Problem, Problems, did_you_mean
from diplomacy_archive.source.site_files import outside_link
from diplomacy_archive.source.site_folders import CONFIG_FILE
from diplomacy_archive.source.yaml_positions import YamlDocument, YamlProblem, load_yaml

DEFAULT_URLS: dict[str, str] = {
    "article": "bai-viet/{slug}/",
    "page": "trang/{number}/",
    "tags": "chu-de/",
    "tag": "chu-de/{slug}/",
    "timeline": "dong-thoi-gian/",
    "year": "dong-thoi-gian/{year}/",
    "month": "dong-thoi-gian/{year}/{month}/",
    "speakers": "nhan-vat/",
    "speaker": "nhan-vat/{slug}/",
    "venues": "dia-diem/",
    "venue": "dia-diem/{slug}/",
    "directives": "van-ban/",
    "directive": "van-ban/{slug}/",
    "search": "tim-kiem/",
}
# The placeholders each URL pattern must contain (and may not go without).
URL_PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "article": ("slug",), "page": ("number",), "tags": (), "tag": ("slug",),
    "timeline": (), "year": ("year",), "month": ("year", "month"),
    "speakers": (), "speaker": ("slug",), "venues": (), "venue": ("slug",),
    "directives": (), "directive": ("slug",), "search": (),
}
_PLACEHOLDER = re.compile(r"\{([a-z]+)\}")
_URL_SEGMENT = re.compile(r"^[a-z0-9._~-]+$")


@dataclass(frozen=True)
class Config:
    """Every site setting with its default; see docs/configuration.md."""

    title: str
    base_url: str
    language: str = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    description: str = ""
    publisher: str = ""
    per_page: int = 10
    feed_limit: int = 20
    summary_length: int = 220
    trust_raw_html: bool = False
    name_order: str = "given"
    link_directives: bool = True
    urls: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_URLS))

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of base_url, always ending in '/': ``/luu-tru/``."""
        return urlsplit(self.base_url).path or "/"

    def with_base_url(self, base_url: str) -> Config:
        return replace(self, base_url=normalise_base_url(base_url))


REQUIRED_KEYS = ("title", "base_url")
KNOWN_KEYS = [f.name for f in fields(Config)]
_KEY_ALIASES = {"baseurl": "base_url", "url": "base_url", "site_url": "base_url",
                "lang": "language", "tz": "timezone", "paginate": "per_page",
                "pagination": "per_page", "rss_limit": "feed_limit", "name": "title",
                "tieu_de": "title"}


def normalise_base_url(url: str) -> str:
    url = url.strip()
    return url if url.endswith("/") else url + "/"


def base_url_problem(url: str) -> str:
    """Why ``url`` cannot be a base_url, or '' when it can."""
    if any(ch.isspace() or not ch.isprintable() for ch in url.strip()):
        return f"{url.strip()!r} contains spaces, line breaks or invisible characters"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"'{url}' is not a full web address"
    if parts.query or parts.fragment:
        return f"'{url}' must not contain '?' or '#'"
    return ""


def load_config(site: Path) -> tuple[Config | None, list[Problem]]:
    """Read and validate ``<site>/config.yaml``; returns the config (None on errors) and its
    problems."""
    path = site / CONFIG_FILE
    shown = CONFIG_FILE
    if not path.is_file():
        return None, [Problem(shown, None, None, "the site has no config.yaml",
                              "create it with at least 'title:' and 'base_url:'")]
    elsewhere = outside_link(path, site)
    if elsewhere is not None:
        return None, [Problem(shown, None, None, f"config.yaml is a symbolic link to {elsewhere}, "
                              "outside the site, and is not read",
                              "put the settings file itself in the site")]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(shown, None, None, "the file is not UTF-8 text",
                              "open it in a text editor and save it with the UTF-8 encoding")]
    try:
        doc = load_yaml(text, shown)
    except YamlProblem as exc:
        return None, [exc.problem]
    return validate_config(doc, shown)


def validate_config(doc: YamlDocument, shown: str) -> tuple[Config | None, list[Problem]]:
    """Check every key of a parsed config.yaml; the MkDocs-style schema check."""
    problems = Problems()
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        problems.error(shown, 1, 1, "config.yaml must be a list of 'key: value' lines",
                       "start with 'title: ...' and 'base_url: ...'")
        return None, problems.items
    values: dict[str, Any] = {}
    for key, value in data.items():
        line, col = doc.key_at((key,))
        if key not in KNOWN_KEYS:
            problems.warning(shown, line, col, f"unknown key '{key}'",
                             did_you_mean(str(key), KNOWN_KEYS, _KEY_ALIASES))
            continue
        vline, vcol = doc.value_at((key,))
        checked = _CHECKS[key](value, doc, shown, problems, vline, vcol)
        if checked is not None:
            values[key] = checked
    for key in REQUIRED_KEYS:
        if key not in data:
            problems.error(shown, 1, 1, "this required setting is missing",
                           f"add a line '{key}: ...'", key)
    if problems.errors:
        return None, problems.items
    return Config(**values), problems.items


Check = Callable[[Any, YamlDocument, str, Problems, "int | None", "int | None"], Any]


def _text(key: str, required: bool = False) -> Check:
    def check(value: Any, doc: YamlDocument, shown: str, problems: Problems,
              line: int | None, col: int | None) -> str | None:
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            problems.error(shown, line, col, "must be text", "put the value in double quotes", key)
            return None
        if required and not value.strip():
            problems.error(shown, line, col, "must not be empty", f"write the site's {key}", key)
            return None
        return value.strip()
    return check


def _number(key: str, low: int, high: int) -> Check:
    def check(value: Any, doc: YamlDocument, shown: str, problems: Problems,
              line: int | None, col: int | None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.error(shown, line, col,
                           f"'{value}' is not a whole number from {low} to {high}",
                           f"for example '{key}: {low if low > 1 else 10}'", key)
            return None
        return value
    return check


def _flag(key: str) -> Check:
    def check(value: Any, doc: YamlDocument, shown: str, problems: Problems,
              line: int | None, col: int | None) -> bool | None:
        if not isinstance(value, bool):
            problems.error(shown, line, col, f"'{value}' is not true or false",
                           f"write '{key}: true' or '{key}: false'", key)
            return None
        return value
    return check


def _choice(key: str, choices: tuple[str, ...]) -> Check:
    def check(value: Any, doc: YamlDocument, shown: str, problems: Problems,
              line: int | None, col: int | None) -> str | None:
        if value not in choices:
            problems.error(shown, line, col, f"'{value}' is not one of {', '.join(choices)}",
                           f"write '{key}: {choices[0]}'", key)
            return None
        return str(value)
    return check


def _check_base_url(value: Any, doc: YamlDocument, shown: str, problems: Problems,
                    line: int | None, col: int | None) -> str | None:
    why = base_url_problem(value) if isinstance(value, str) else "must be text"
    if why:
        problems.error(shown, line, col, why,
                       "write the address where the site is published, such as "
                       "'https://example.org/luu-tru/'", "base_url")
        return None
    return normalise_base_url(value)


def _check_timezone(value: Any, doc: YamlDocument, shown: str, problems: Problems,
                    line: int | None, col: int | None) -> str | None:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError, OSError):  # 'Asia' is a folder of the database
        problems.error(shown, line, col, f"'{value}' is not a known time zone",
                       "use a name such as 'Asia/Ho_Chi_Minh'", "timezone")
        return None
    return str(value)


def _check_language(value: Any, doc: YamlDocument, shown: str, problems: Problems,
                    line: int | None, col: int | None) -> str | None:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
        problems.error(shown, line, col, f"'{value}' is not a language code",
                       "use a code such as 'vi' or 'en'", "language")
        return None
    return value


def _check_urls(value: Any, doc: YamlDocument, shown: str, problems: Problems,
                line: int | None, col: int | None) -> dict[str, str] | None:
    if not isinstance(value, dict):
        problems.error(shown, line, col, "must be a list of 'page: pattern' lines",
                       "for example 'article: bai-viet/{slug}/'", "urls")
        return None
    urls = dict(DEFAULT_URLS)
    ok = True
    for name, pattern in value.items():
        kline, kcol = doc.key_at(("urls", name))
        vline, vcol = doc.value_at(("urls", name))
        if name not in DEFAULT_URLS:
            problems.warning(shown, kline, kcol, f"unknown page kind '{name}'",
                             did_you_mean(str(name), list(DEFAULT_URLS), kind="page kinds"),
                             "urls")
            continue
        why = url_pattern_problem(str(name), pattern)
        if why:
            problems.error(shown, vline, vcol, why, f"the default is '{DEFAULT_URLS[name]}'",
                           f"urls.{name}")
            ok = False
        else:
            urls[name] = pattern
    return urls if ok else None


def url_pattern_problem(name: str, pattern: object) -> str:
    """Why a URL pattern cannot be used (it must stay inside the output folder), or ''."""
    if not isinstance(pattern, str) or not pattern.endswith("/"):
        return f"'{pattern}' must be text ending with '/'"
    if pattern.startswith("/") or "\\" in pattern:
        return f"'{pattern}' must be relative to the site: no leading '/' or '\\'"
    needed = URL_PLACEHOLDERS[name]
    found = _PLACEHOLDER.findall(pattern)
    if sorted(found) != sorted(needed):
        wanted = ", ".join("{" + p + "}" for p in needed) or "no placeholder"
        return f"'{pattern}' must contain {wanted}"
    segments = _PLACEHOLDER.sub("x", pattern).rstrip("/").split("/") if pattern != "/" else []
    if ".." in segments:
        return f"'{pattern}' would write pages outside the output folder"
    for segment in segments:
        if segment in ("", ".", "..") or not _URL_SEGMENT.match(segment):
            return f"'{pattern}' has a folder name that is not allowed: '{segment}'"
    if URL_PLACEHOLDERS[name] and not segments:
        return f"'{pattern}' must contain a folder name"
    return ""


_CHECKS: dict[str, Check] = {
    "title": _text("title", required=True),
    "base_url": _check_base_url,
    "language": _check_language,
    "timezone": _check_timezone,
    "description": _text("description"),
    "publisher": _text("publisher"),
    "per_page": _number("per_page", 1, 1000),
    "feed_limit": _number("feed_limit", 0, 10000),
    "summary_length": _number("summary_length", 40, 2000),
    "trust_raw_html": _flag("trust_raw_html"),
    "name_order": _choice("name_order", ("given", "family")),
    "link_directives": _flag("link_directives"),
    "urls": _check_urls,
}
