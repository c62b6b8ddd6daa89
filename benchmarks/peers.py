#!/usr/bin/env python3
"""Convert a corpus site (from corpus.py) into a Hugo site and a Pelican site doing comparable work.

    python benchmarks/peers.py SITE_DIR [--hugo HUGO_DIR] [--pelican PELICAN_DIR]

Both peers get every article page, the four taxonomies (tags, speakers, venues, directives),
year and month archives, a home page paginated 10 per page and one feed of the whole site, with a
minimal theme that loads nothing from the network. Hugo's article pages carry Pagefind's attributes
(body, title, date sort, filters for year, venue, speakers, documents and tags) as ours do, for
the benchmark's hugo+pagefind build. The work our generator does itself (one page
per document however it is cited, honorifics and aliases dropped from names, venue aliases) is
done here, once, by the converter: the peers receive clean, canonical names. What each peer does
differently is listed in benchmarks/README.md ("Approximations in the peer sites").
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import (
    PROVINCES,
    SPEAKER_PREFIXES,
    Directive,
    citation_forms,
    registry_flags,
    venue_forms,
)

try:
    _Loader: type = yaml.CBaseLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.BaseLoader


@dataclass
class Entry:
    """One article with canonical names, as the peers receive it."""

    title: str
    slug: str
    year: int
    day: date
    time: str                # "09:30" or ""
    precision: str           # day, minute, month, year
    venue: str
    speakers: list[tuple[str, str]]  # (canonical name, role or "")
    directives: list[str]    # display names: "Chỉ thị 38-CT/TW"
    tags: list[str]
    summary: str
    author: str
    body: str
    source: str = field(default="")


_PARTY = re.compile(r"(\d+)-([^/]+)/(.+)")
_STATE = re.compile(r"(\d+)(?:/(\d{4}))?/([^-/]+)-(.+)")


def _load_yaml(path: Path) -> object:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def read_directives(site: Path) -> dict[str, str]:
    """Every citation form of every registered document -> the document's display name."""
    records: list[Directive] = []
    for item in _load_yaml(site / "data" / "directives.yaml") or []:  # type: ignore[union-attr]
        code = item["code"]
        party = _PARTY.fullmatch(code)
        if party:
            number, year, abbr, issuer_code = int(party[1]), None, party[2], party[3]
        else:
            state = _STATE.fullmatch(code)
            if state is None:
                raise SystemExit(f"cannot read the code {code!r} of data/directives.yaml")
            number = int(state[1])
            year = int(state[2]) if state[2] else None
            abbr, issuer_code = state[3], state[4]
        issued = date.fromisoformat(item["issued"]) if item.get("issued") else None
        records.append(Directive(code, item["type"], number, abbr, issuer_code, year,
                                 item.get("issuer", ""), issued, item.get("subject", ""),
                                 bool(party)))
    short_ok, needs_date = registry_flags(records)
    forms: dict[str, str] = {}
    for i, record in enumerate(records):
        name = f"{record.type} {record.code}"
        if needs_date[i] and record.issued:
            name += f" ({record.issued.year})"
        for form in citation_forms(record, short_ok[i], needs_date[i]):
            other = forms.setdefault(form, name)
            if other != name:
                raise SystemExit(f"the citation {form!r} names both {other} and {name}")
    return forms


def read_speakers(site: Path) -> dict[str, str]:
    """Registered names and aliases (case-folded) -> the name pages show."""
    names: dict[str, str] = {}
    for item in _load_yaml(site / "data" / "speakers.yaml") or []:  # type: ignore[union-attr]
        for text in [item["name"], *item.get("aliases", [])]:
            names[text.casefold()] = item["name"]
    return names


def read_venues(site: Path) -> dict[str, str]:
    venues: dict[str, str] = {}
    for province in PROVINCES:
        for form in venue_forms(province):
            venues[form.casefold()] = province
    for item in _load_yaml(site / "data" / "venues.yaml") or []:  # type: ignore[union-attr]
        for text in [item["name"], *item.get("aliases", [])]:
            venues[text.casefold()] = item["name"]
    return venues


_PREFIXES = sorted(SPEAKER_PREFIXES, key=len, reverse=True)


def canonical_speaker(text: str, names: dict[str, str]) -> tuple[str, str]:
    """(registered name, role written in front of it) for 'ông X', 'Chủ tịch X', an alias..."""
    found = names.get(text.casefold())
    if found:
        return found, ""
    for prefix in _PREFIXES:
        if text.casefold().startswith(prefix.casefold() + " "):
            name, _ = canonical_speaker(text[len(prefix) + 1:], names)
            role = "" if prefix in ("ông", "bà", "đồng chí") else prefix
            return name, role
    return text, ""


_DATE_FORMATS = (
    (re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2})"), "minute"),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), "day"),
    (re.compile(r"(\d{2})/(\d{2})/(\d{4})"), "dmy"),
    (re.compile(r"(\d{4})-(\d{2})"), "month"),
    (re.compile(r"(\d{4})"), "year"),
)


def parse_date(text: str) -> tuple[date, str, str]:
    """(day, time "HH:MM" or "", precision) of a date as corpus.py writes it."""
    for pattern, kind in _DATE_FORMATS:
        m = pattern.fullmatch(text.strip())
        if not m:
            continue
        if kind == "minute":
            return (date(int(m[1]), int(m[2]), int(m[3])), f"{int(m[4]):02d}:{m[5]}", "minute")
        if kind == "day":
            return date(int(m[1]), int(m[2]), int(m[3])), "", "day"
        if kind == "dmy":
            return date(int(m[3]), int(m[2]), int(m[1])), "", "day"
        if kind == "month":
            return date(int(m[1]), int(m[2]), 1), "", "month"
        return date(int(m[1]), 1, 1), "", "year"
    raise SystemExit(f"cannot read the date {text!r}")


def read_site(site: Path) -> tuple[dict[str, str], list[Entry]]:
    """config.yaml and every article of a corpus site, with canonical names."""
    config = _load_yaml(site / "config.yaml")
    directives, speakers, venues = read_directives(site), read_speakers(site), read_venues(site)
    entries: list[Entry] = []
    unknown: list[str] = []
    for path in sorted((site / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        fm = yaml.load(front, Loader=_Loader) or {}
        day, clock, precision = parse_date(str(fm["date"]))
        people = []
        for item in fm.get("speakers") or []:
            if isinstance(item, dict):
                written, role = item["name"], item.get("role", "")
            else:
                written, role = item, ""
            name, role_in_front = canonical_speaker(written, speakers)
            people.append((name, role or role_in_front))
        cited = []
        for form in fm.get("directives") or []:
            if form not in directives:
                unknown.append(f"{path}: {form}")
            cited.append(directives.get(form, form))
        venue = fm.get("venue") or ""
        source = fm.get("source")
        entries.append(Entry(
            title=fm["title"], slug=fm.get("slug") or path.stem, year=day.year, day=day,
            time=clock, precision=precision, venue=venues.get(venue.casefold(), venue),
            speakers=people, directives=cited, tags=list(fm.get("tags") or []),
            summary=fm.get("summary", ""), author=fm.get("author", ""), body=body.lstrip("\n"),
            source=source.get("publisher", "") if isinstance(source, dict) else ""))
    if unknown:
        raise SystemExit("citations not in the registry:\n" + "\n".join(unknown[:20]))
    return config, entries  # type: ignore[return-value]


def _q(value: object) -> str:
    """A YAML value as JSON (JSON is YAML): no quoting surprises."""
    return json.dumps(value, ensure_ascii=False)


def _write(path: Path, text: str) -> None:
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))


# ----------------------------------------------------------------------------- Hugo

HUGO_CONFIG = """\
baseURL = {base_url}
locale = "vi"
defaultContentLanguage = "vi"
capitalizeListTitles = false
title = {title}
timeZone = "Asia/Ho_Chi_Minh"
# comparable outputs: no sitemap or robots.txt (our generator writes neither), one RSS feed
disableKinds = ["sitemap", "robotstxt"]
# keep everything local: caches inside the site folder, removed before each cold build
cacheDir = {cache_dir}
enableGitInfo = false
enableRobotsTXT = false

[pagination]
  pagerSize = 10

[outputs]
  home = ["html", "rss"]
  section = ["html"]
  taxonomy = ["html"]
  term = ["html"]
  page = ["html"]

[services.rss]
  limit = -1

[taxonomies]
  tag = "tags"
  speaker = "speakers"
  venue = "venues"
  directive = "directives"
  month = "months"

[markup.goldmark.renderer]
  unsafe = false
"""

# Hugo's related content, weighted like ours; off unless asked for (--hugo-related): Hugo scores
# every page sharing a keyword, so with popular tags it costs time in proportion to N squared.
HUGO_RELATED = """
[related]
  includeNewer = true
  threshold = 1
  toLower = false
  [[related.indices]]
    name = "directives"
    weight = 4
  [[related.indices]]
    name = "speakers"
    weight = 3
  [[related.indices]]
    name = "venues"
    weight = 2
  [[related.indices]]
    name = "tags"
    weight = 1
"""

# Where Hugo writes the article pages: <yyyy>/<slug>/index.html (each year folder is a section whose
# own page is <yyyy>/index.html, unpaginated; nothing else goes under a year folder). Pagefind is
# given this glob (--glob) so that, like ours, it indexes the article pages only.
HUGO_ARTICLE_GLOB = "[0-9][0-9][0-9][0-9]/*/index.html"

# A backslash at the end of a line joins it to the next one: the layouts keep their long lines.
HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{ with site.Home.OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" \
href="{{ .RelPermalink }}" title="{{ site.Title }}">{{ end }}
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav><a href="{{ "tags/" | relURL }}">Chủ đề</a> <a href="{{ "speakers/" | relURL }}">Nhân vật</a>
<a href="{{ "venues/" | relURL }}">Địa điểm</a> <a href="{{ "directives/" | relURL }}">Văn bản</a>
<a href="{{ "months/" | relURL }}">Dòng thời gian</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}
<article data-pagefind-body>
<h1 data-pagefind-meta="title">{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}" data-pagefind-meta="date" \
data-pagefind-sort="date[datetime]" data-pagefind-filter="year:{{ .Date.Format "2006" }}">\
{{ .Params.date_text }}</time>
{{ with .GetTerms "venues" }} · {{ range . }}\
<a href="{{ .RelPermalink }}" data-pagefind-filter="venue">{{ .LinkTitle }}</a>{{ end }}\
{{ end }}</p>
{{ with .Params.speaker_roles }}\
<ul class="speakers">{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with .GetTerms "speakers" }}<p>Nhân vật: {{ range . }}\
<a href="{{ .RelPermalink }}" data-pagefind-filter="speaker">{{ .LinkTitle }}</a> {{ end }}\
</p>{{ end }}
{{ with .GetTerms "directives" }}<p>Văn bản: {{ range . }}\
<a href="{{ .RelPermalink }}" data-pagefind-filter="directive">{{ .LinkTitle }}</a> {{ end }}\
</p>{{ end }}
{{ .Content }}
{{ with .GetTerms "tags" }}<p data-pagefind-ignore>Chủ đề: {{ range . }}\
<a href="{{ .RelPermalink }}" data-pagefind-filter="tag">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
<nav class="neighbours" data-pagefind-ignore>\
{{ with .Next }}<a href="{{ .RelPermalink }}">← {{ .Title }}</a>{{ end }}
{{ with .Prev }}<a href="{{ .RelPermalink }}">{{ .Title }} →</a>{{ end }}</nav>
{{ if site.Params.related }}{{ with site.RegularPages.Related . | first 5 }}\
<div data-pagefind-ignore><h2>Bài liên quan</h2><ul>\
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}\
</ul></div>{{ end }}{{ end }}
</article>
{{ end }}
""",
    "home.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ $pager := .Paginate site.RegularPages }}
{{ range $pager.Pages }}{{ partial "item.html" . }}{{ end }}
{{ partial "pager.html" $pager }}
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ range .Pages.GroupByDate "01/2006" }}<h2>Tháng {{ .Key }}</h2>\
{{ range .Pages }}{{ partial "item.html" . }}{{ end }}{{ end }}
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">{{ range .Data.Terms.Alphabetical }}\
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>\
{{ end }}</ul>
{{ end }}
""",
    "term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
{{ range $pager.Pages }}{{ partial "item.html" . }}{{ end }}
{{ partial "pager.html" $pager }}
{{ end }}
""",
    "_partials/item.html": """\
<article class="item"><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p class="meta">{{ .Params.date_text }}\
{{ with .GetTerms "venues" }} · {{ range . }}{{ .LinkTitle }}{{ end }}{{ end }}</p>
<p>{{ .Summary | plainify | truncate 220 }}</p></article>
""",
    "_partials/pager.html": """\
{{ if gt .TotalPages 1 }}<nav class="pagination">
{{ with .Prev }}<a href="{{ .URL }}">← Mới hơn</a>{{ end }}
<span>Trang {{ .PageNumber }}/{{ .TotalPages }}</span>
{{ with .Next }}<a href="{{ .URL }}">Cũ hơn →</a>{{ end }}
</nav>{{ end }}
""",
}

STYLE_CSS = "body{font-family:sans-serif;max-width:48rem;margin:auto;line-height:1.5}\n"


def _date_text(e: Entry) -> str:
    if e.precision == "year":
        return f"Năm {e.year}"
    if e.precision == "month":
        return f"Tháng {e.day.month}/{e.year}"
    return f"{e.day.day}/{e.day.month}/{e.year}" + (f" {e.time}" if e.time else "")


def write_hugo(config: dict[str, str], entries: list[Entry], out: Path,
               related: bool = False) -> None:
    """A Hugo site: hugo.toml, layouts/ of our own, content/<yyyy>/<slug>.md (YAML front matter).

    ``related``: article pages also list five related articles (Hugo's related content).
    """
    shutil.rmtree(out, ignore_errors=True)
    (out / "layouts" / "_partials").mkdir(parents=True)
    (out / "static").mkdir()
    _write(out / "hugo.toml", HUGO_CONFIG.format(
        base_url=_q(config["base_url"]), title=_q(config["title"]),
        cache_dir=_q(str((out / ".hugo_cache").resolve())))
        + (f"\n[params]\n  related = true\n{HUGO_RELATED}" if related else ""))
    for name, text in HUGO_LAYOUTS.items():
        _write(out / "layouts" / name, text)
    _write(out / "static" / "style.css", STYLE_CSS)
    years = sorted({e.year for e in entries})
    for year in years:
        (out / "content" / str(year)).mkdir(parents=True)
        _write(out / "content" / str(year) / "_index.md",
               f"---\ntitle: {_q(f'Năm {year}')}\n---\n")
    for e in entries:
        when = e.day.isoformat() + (f"T{e.time}:00+07:00" if e.time else "")
        fm = [f"title: {_q(e.title)}", f"date: {when}", f"slug: {e.slug}",
              f"date_text: {_q(_date_text(e))}",
              f"tags: {_q(e.tags)}",
              f"speakers: {_q([name for name, _ in e.speakers])}",
              f"speaker_roles: {_q([f'{n}, {r}' if r else n for n, r in e.speakers])}",
              f"directives: {_q(e.directives)}"]
        if e.venue:
            fm.append(f"venues: {_q([e.venue])}")
        if e.precision != "year":
            fm.append(f"months: {_q([f'{e.year}-{e.day.month:02d}'])}")
        if e.summary:
            fm.append(f"summary: {_q(e.summary)}")
        if e.author:
            fm.append(f"author: {_q(e.author)}")
        _write(out / "content" / str(e.year) / f"{e.slug}.md",
               "---\n" + "\n".join(fm) + "\n---\n\n" + e.body)


# ----------------------------------------------------------------------------- Pelican

PELICAN_CONFIG = """\
# Pelican settings for the benchmark corpus (written by benchmarks/peers.py).
AUTHOR = "Ban biên tập"
SITENAME = {title}
SITEURL = {site_url}
PATH = "content"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
THEME = "simple"  # Pelican's built-in minimal theme: no network, no static files
DEFAULT_PAGINATION = 10
USE_FOLDER_AS_CATEGORY = False  # the category is the venue, given in each article
DEFAULT_CATEGORY = "Không rõ địa điểm"
ARTICLE_URL = "bai-viet/{{slug}}/"
ARTICLE_SAVE_AS = "bai-viet/{{slug}}/index.html"
YEAR_ARCHIVE_URL = "dong-thoi-gian/{{date:%Y}}/"
YEAR_ARCHIVE_SAVE_AS = "dong-thoi-gian/{{date:%Y}}/index.html"
MONTH_ARCHIVE_URL = "dong-thoi-gian/{{date:%Y}}/{{date:%m}}/"
MONTH_ARCHIVE_SAVE_AS = "dong-thoi-gian/{{date:%Y}}/{{date:%m}}/index.html"
# one feed of the whole site, summaries only (like Hugo's RSS), every article
FEED_DOMAIN = SITEURL
FEED_ALL_RSS = "feeds/all.rss.xml"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
FEED_MAX_ITEMS = None
RSS_FEED_SUMMARY_ONLY = True
STATIC_PATHS = []
# Off by default in Pelican; on here so that its second build may reuse parsed articles.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
"""


def write_pelican(config: dict[str, str], entries: list[Entry], out: Path) -> None:
    """A Pelican site: pelicanconf.py and content/<yyyy>/<slug>.md (Pelican metadata)."""
    shutil.rmtree(out, ignore_errors=True)
    (out / "content").mkdir(parents=True)
    _write(out / "pelicanconf.py", PELICAN_CONFIG.format(
        title=repr(config["title"]), site_url=repr(config["base_url"].rstrip("/"))))
    for year in sorted({e.year for e in entries}):
        (out / "content" / str(year)).mkdir()
    for e in entries:
        when = e.day.isoformat() + (f" {e.time}" if e.time else "")
        # directives become extra tags: Pelican has no custom taxonomies without plugins
        tags = [t.replace(",", " ") for t in [*e.tags, *e.directives]]
        meta = [f"Title: {e.title}", f"Date: {when}", f"Slug: {e.slug}"]
        if e.venue:
            meta.append(f"Category: {e.venue}")
        if tags:
            meta.append("Tags: " + ", ".join(tags))
        if e.speakers:
            meta.append("Authors: " + ", ".join(name for name, _ in e.speakers))
        if e.summary:
            meta.append(f"Summary: {e.summary}")
        _write(out / "content" / str(e.year) / f"{e.slug}.md", "\n".join(meta) + "\n\n" + e.body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a site folder written by corpus.py")
    parser.add_argument("--hugo", type=Path, help="write the Hugo site here (replaced)")
    parser.add_argument("--pelican", type=Path, help="write the Pelican site here (replaced)")
    parser.add_argument("--hugo-related", action="store_true",
                        help="Hugo's article pages also list related articles (slow in Hugo)")
    args = parser.parse_args(argv)
    if not (args.hugo or args.pelican):
        parser.error("give --hugo DIR, --pelican DIR or both")
    started = time.perf_counter()
    config, entries = read_site(args.site)
    if args.hugo:
        write_hugo(config, entries, args.hugo, args.hugo_related)
    if args.pelican:
        write_pelican(config, entries, args.pelican)
    print(f"Converted {len(entries)} articles in {time.perf_counter() - started:.2f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
