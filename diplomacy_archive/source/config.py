"""Site settings: a typed, frozen Config read from config.yaml and validated like front matter."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from diplomacy_archive.i18n import N_, render
from diplomacy_archive.problems import Args, Problem, Problems, did_you_mean, problem_args
from diplomacy_archive.source.cms_settings import CmsSettings, check_cms
from diplomacy_archive.source.site_files import outside_link
from diplomacy_archive.source.site_folders import CONFIG_FILE, STATIC_DIR
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
TAG_YEAR = 2024  # the default date of feed ids' tagging entity: see Config.tag_authority
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
    # What a page shared on a social network shows when it has no picture of its own: a file
    # under static/ ("/images/chia-se.png"); "" draws a card with the site's title.
    image: str = ""
    # The tagging entity of feed ids (tag: URIs, RFC 4151): "example.org,2024"; "" takes the
    # host of base_url in config.yaml. Ids must never change: see docs/configuration.md.
    feed_id_authority: str = ""
    # The logo in the header and the icon browsers show in tabs: files under static/
    # ("/images/logo.svg", "/favicon.png"); "" takes the default theme's (assets/).
    logo: str = ""
    favicon: str = ""
    # The widths, in pixels, of the smaller copies made of each article picture (never wider
    # than the picture itself); [] makes none. See docs/configuration.md.
    image_widths: tuple[int, ...] = (480, 800, 1200)
    urls: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_URLS))
    cms: CmsSettings = field(default_factory=CmsSettings)  # the web editor at /admin/

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of base_url, always ending in '/': ``/luu-tru/``."""
        return urlsplit(self.base_url).path or "/"

    @property
    def tag_authority(self) -> str:
        """The tagging entity of feed ids (``example.org,2024``): ``feed_id_authority``, else
        the host of base_url with the year this generator first shipped."""
        return self.feed_id_authority or f"{urlsplit(self.base_url).hostname},{TAG_YEAR}"

    def with_base_url(self, base_url: str) -> Config:
        """The site published at another address (``--base-url``): its feed ids stay those of
        config.yaml's address, so a preview or a mirror never changes them."""
        return replace(self, base_url=normalise_base_url(base_url),
                       feed_id_authority=self.tag_authority)


REQUIRED_KEYS = ("title", "base_url")
KNOWN_KEYS = [f.name for f in fields(Config)]
_KEY_ALIASES = {"baseurl": "base_url", "url": "base_url", "site_url": "base_url",
                "lang": "language", "tz": "timezone", "paginate": "per_page",
                "pagination": "per_page", "rss_limit": "feed_limit", "name": "title",
                "tieu_de": "title"}


def normalise_base_url(url: str) -> str:
    url = url.strip()
    return url if url.endswith("/") else url + "/"


def base_url_reason(url: str) -> tuple[str, Args] | None:
    """Why ``url`` cannot be a base_url, as a message template (marked N_) and its
    placeholders; None when it can."""
    if any(ch.isspace() or not ch.isprintable() for ch in url.strip()):
        return (N_("{url} contains spaces, line breaks or invisible characters"),
                {"url": repr(url.strip())})
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return N_("'{url}' is not a full web address"), {"url": url}
    if parts.query or parts.fragment:
        return N_("'{url}' must not contain '?' or '#'"), {"url": url}
    return None


def base_url_problem(url: str) -> str:
    """Why ``url`` cannot be a base_url, in the chosen language (for text shown at once, such
    as a command-line error), or '' when it can."""
    reason = base_url_reason(url)
    return render(*reason) if reason else ""


def load_config(site: Path) -> tuple[Config | None, list[Problem]]:
    """Read and validate ``<site>/config.yaml``; returns the config (None on errors) and its
    problems."""
    path = site / CONFIG_FILE
    shown = CONFIG_FILE
    if not path.is_file():
        return None, [Problem(shown, None, None, N_("the site has no config.yaml"),
                              N_("create it with at least 'title:' and 'base_url:'"))]
    elsewhere = outside_link(path, site)
    if elsewhere is not None:
        return None, [Problem(shown, None, None,
                              N_("config.yaml is a symbolic link to {target}, outside the site, "
                                 "and is not read"),
                              N_("put the settings file itself in the site"),
                              args=problem_args({"target": elsewhere}))]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(shown, None, None, N_("the file is not UTF-8 text"),
                              N_("open it in a text editor and save it with the UTF-8 "
                                 "encoding"))]
    try:
        doc = load_yaml(text, shown)
    except YamlProblem as exc:
        return None, [exc.problem]
    config, problems = validate_config(doc, shown)
    missing = static_file_problems(config, doc, shown, site) if config else []
    return (None if missing else config), problems + missing


# The settings that name a file of static/.
STATIC_FILE_KEYS = ("logo", "favicon", "image")


def static_file_problems(config: Config, doc: YamlDocument, shown: str, site: Path
                         ) -> list[Problem]:
    """An error for each of ``logo:``, ``favicon:`` and ``image:`` whose file is not in the
    site's static/ folder (or is a link that leads out of the site)."""
    problems = Problems()
    for key in STATIC_FILE_KEYS:
        value = getattr(config, key)
        if not value:
            continue
        path = site / STATIC_DIR / value.lstrip("/")
        if path.is_file() and outside_link(path, site) is None:
            continue
        line, col = doc.value_at((key,))
        problems.error(shown, line, col,
                       N_("'{value}' is not a file in the site's static/ folder"),
                       N_("put the file at {path} or change '{key}:' in config.yaml"), key,
                       {"value": value, "path": f"{STATIC_DIR}/{value.lstrip('/')}",
                        "key": key})
    return problems.items


def validate_config(doc: YamlDocument, shown: str) -> tuple[Config | None, list[Problem]]:
    """Check every key of a parsed config.yaml; the MkDocs-style schema check."""
    problems = Problems()
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        problems.error(shown, 1, 1, N_("config.yaml must be a list of 'key: value' lines"),
                       N_("start with 'title: ...' and 'base_url: ...'"))
        return None, problems.items
    values: dict[str, Any] = {}
    for key, value in data.items():
        line, col = doc.key_at((key,))
        if key not in KNOWN_KEYS:
            hint, args = did_you_mean(str(key), KNOWN_KEYS, _KEY_ALIASES)
            problems.warning(shown, line, col, N_("unknown key '{key}'"), hint, "",
                             {"key": key, **args})
            continue
        vline, vcol = doc.value_at((key,))
        checked = _CHECKS[key](value, doc, shown, problems, vline, vcol)
        if checked is not None:
            values[key] = checked
    for key in REQUIRED_KEYS:
        if key not in data:
            problems.error(shown, 1, 1, N_("this required setting is missing"),
                           N_("add a line '{key}: ...'"), key, {"key": key})
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
            problems.error(shown, line, col, N_("must be text"),
                           N_("put the value in double quotes"), key)
            return None
        if required and not value.strip():
            problems.error(shown, line, col, N_("must not be empty"),
                           N_("write the site's {key}"), key, {"key": key})
            return None
        return value.strip()
    return check


def _number(key: str, low: int, high: int) -> Check:
    def check(value: Any, doc: YamlDocument, shown: str, problems: Problems,
              line: int | None, col: int | None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.error(shown, line, col,
                           N_("'{value}' is not a whole number from {low} to {high}"),
                           N_("for example '{key}: {example}'"), key,
                           {"value": value, "low": low, "high": high, "key": key,
                            "example": low if low > 1 else 10})
            return None
        return value
    return check


def _flag(key: str) -> Check:
    def check(value: Any, doc: YamlDocument, shown: str, problems: Problems,
              line: int | None, col: int | None) -> bool | None:
        if not isinstance(value, bool):
            problems.error(shown, line, col, N_("'{value}' is not true or false"),
                           N_("write '{key}: true' or '{key}: false'"), key,
                           {"value": value, "key": key})
            return None
        return value
    return check


def _choice(key: str, choices: tuple[str, ...]) -> Check:
    def check(value: Any, doc: YamlDocument, shown: str, problems: Problems,
              line: int | None, col: int | None) -> str | None:
        if value not in choices:
            problems.error(shown, line, col, N_("'{value}' is not one of {choices}"),
                           N_("write '{key}: {first}'"), key,
                           {"value": value, "choices": ", ".join(choices), "key": key,
                            "first": choices[0]})
            return None
        return str(value)
    return check


def _check_base_url(value: Any, doc: YamlDocument, shown: str, problems: Problems,
                    line: int | None, col: int | None) -> str | None:
    why = base_url_reason(value) if isinstance(value, str) else (N_("must be text"), {})
    if why:
        message, args = why
        problems.error(shown, line, col, message,
                       N_("write the address where the site is published, such as "
                          "'https://example.org/luu-tru/'"), "base_url", args)
        return None
    return normalise_base_url(value)


def _check_timezone(value: Any, doc: YamlDocument, shown: str, problems: Problems,
                    line: int | None, col: int | None) -> str | None:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError, OSError):  # 'Asia' is a folder of the database
        problems.error(shown, line, col, N_("'{value}' is not a known time zone"),
                       N_("use a name such as 'Asia/Ho_Chi_Minh'"), "timezone",
                       {"value": value})
        return None
    return str(value)


def _check_language(value: Any, doc: YamlDocument, shown: str, problems: Problems,
                    line: int | None, col: int | None) -> str | None:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
        problems.error(shown, line, col, N_("'{value}' is not a language code"),
                       N_("use a code such as 'vi' or 'en'"), "language", {"value": value})
        return None
    return value


def _check_urls(value: Any, doc: YamlDocument, shown: str, problems: Problems,
                line: int | None, col: int | None) -> dict[str, str] | None:
    if not isinstance(value, dict):
        # no args: the hint's '{slug}' is shown as written
        problems.error(shown, line, col, N_("must be a list of 'page: pattern' lines"),
                       N_("for example 'article: bai-viet/{slug}/'"), "urls")
        return None
    urls = dict(DEFAULT_URLS)
    ok = True
    for name, pattern in value.items():
        kline, kcol = doc.key_at(("urls", name))
        vline, vcol = doc.value_at(("urls", name))
        if name not in DEFAULT_URLS:
            hint, args = did_you_mean(str(name), list(DEFAULT_URLS),
                                      known=N_("known page kinds: {known}"))
            problems.warning(shown, kline, kcol, N_("unknown page kind '{kind}'"), hint,
                             "urls", {"kind": name, **args})
            continue
        why = url_pattern_reason(str(name), pattern)
        if why:
            message, args = why
            problems.error(shown, vline, vcol, message, N_("the default is '{default}'"),
                           f"urls.{name}", {"default": DEFAULT_URLS[name], **args})
            ok = False
        else:
            urls[name] = pattern
    return urls if ok else None


def url_pattern_reason(name: str, pattern: object) -> tuple[str, Args] | None:
    """Why a URL pattern cannot be used (it must stay inside the output folder), as a message
    template (marked N_) and its placeholders; None when it can."""
    args: Args = {"pattern": pattern}
    if not isinstance(pattern, str) or not pattern.endswith("/"):
        return N_("'{pattern}' must be text ending with '/'"), args
    if pattern.startswith("/") or "\\" in pattern:
        return N_("'{pattern}' must be relative to the site: no leading '/' or '\\'"), args
    needed = URL_PLACEHOLDERS[name]
    found = _PLACEHOLDER.findall(pattern)
    if sorted(found) != sorted(needed):
        if not needed:
            return N_("'{pattern}' must contain no placeholder"), args
        return N_("'{pattern}' must contain {placeholders}"), {
            **args, "placeholders": ", ".join("{" + p + "}" for p in needed)}
    segments = _PLACEHOLDER.sub("x", pattern).rstrip("/").split("/") if pattern != "/" else []
    if ".." in segments:
        return N_("'{pattern}' would write pages outside the output folder"), args
    for segment in segments:
        if segment in ("", ".", "..") or not _URL_SEGMENT.match(segment):
            return (N_("'{pattern}' has a folder name that is not allowed: '{segment}'"),
                    {**args, "segment": segment})
    if URL_PLACEHOLDERS[name] and not segments:
        return N_("'{pattern}' must contain a folder name"), args
    return None


_TAG_AUTHORITY = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
    r"|[^@\s,]+@[a-z0-9.-]+),\d{4}(?:-\d\d(?:-\d\d)?)?")


# The kinds of file each setting takes (what browsers show as a logo, as a tab's icon).
STATIC_FILE_TYPES = {"logo": (".svg", ".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif"),
                     "favicon": (".svg", ".png", ".ico"),
                     # what social networks show: raster pictures only
                     "image": (".png", ".jpg", ".jpeg", ".webp", ".gif")}


def _static_file(key: str, example: str) -> Check:
    """A file of the site's static/ folder, written as its address from the site's root
    (``/images/logo.svg``); whether it is there is checked by load_config."""
    def check(value: Any, doc: YamlDocument, shown: str, problems: Problems,
              line: int | None, col: int | None) -> str | None:
        if value is None:
            return ""
        parts = urlsplit(value) if isinstance(value, str) else None
        if (parts is None or parts.scheme or parts.netloc or parts.query or parts.fragment
                or not value.startswith("/") or value.endswith("/")
                or ".." in value.split("/") or "\\" in value):
            problems.error(shown, line, col, N_("'{value}' is not a file of the site"),
                           N_("put the file in static/ and write its path, such as "
                              "'{example}'"), key, {"value": value, "example": example})
            return None
        types = STATIC_FILE_TYPES[key]
        if not value.lower().endswith(types):
            problems.error(shown, line, col, N_("'{value}' cannot be used as the site's {key}"),
                           N_("use a file ending in {types}"), key,
                           {"value": value, "key": key, "types": ", ".join(types)})
            return None
        return str(value)
    return check


def _check_feed_authority(value: Any, doc: YamlDocument, shown: str, problems: Problems,
                          line: int | None, col: int | None) -> str | None:
    if value is None:
        return ""
    if not isinstance(value, str) or not _TAG_AUTHORITY.fullmatch(value.strip().lower()):
        problems.error(shown, line, col, N_("'{value}' is not a domain name and a date"),
                       N_("write the site's domain and the year it was first published, "
                          "such as 'example.org,2024'"), "feed_id_authority", {"value": value})
        return None
    return value.strip().lower()


MAX_IMAGE_WIDTHS = 8


def _check_image_widths(value: Any, doc: YamlDocument, shown: str, problems: Problems,
                        line: int | None, col: int | None) -> tuple[int, ...] | None:
    if value is None:
        return ()
    if (not isinstance(value, list) or len(value) > MAX_IMAGE_WIDTHS
            or not all(isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 4000
                       for w in value)):
        problems.error(shown, line, col,
                       N_("must be a list of at most {count} widths in pixels, each from 16 "
                          "to 4000"),
                       N_("for example 'image_widths: [480, 800, 1200]'"), "image_widths",
                       {"count": MAX_IMAGE_WIDTHS})
        return None
    return tuple(sorted(set(value)))


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
    "image": _static_file("image", "/images/chia-se.png"),
    "feed_id_authority": _check_feed_authority,
    "logo": _static_file("logo", "/images/logo.svg"),
    "favicon": _static_file("favicon", "/images/favicon.svg"),
    "image_widths": _check_image_widths,
    "urls": _check_urls,
    "cms": check_cms,
}
