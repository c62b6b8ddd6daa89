"""Site search: the Pagefind bundle of the article pages, made after they are rendered.

What Pagefind 1.5 makes searchable (found by experiment with pagefind[bin] 1.5.2, indexing
pages and querying pagefind.js in Chromium):

- the text inside ``data-pagefind-body``, including elements with the ``hidden`` attribute,
  ``display: none`` or ``aria-hidden`` (only ``<template>`` is skipped); text inside
  ``data-pagefind-ignore`` is not indexed, but the filters and meta inside it still count;
- the values of ``data-pagefind-meta`` fields, also when taken from an attribute
  (``folded[data-folded]``) and when the value is long: a word found only there makes the page
  a result, with a low score and no word position, so Pagefind marks nothing for it;
- words with their accents removed on both sides (NFD, combining marks dropped): ``hoa binh``
  finds "hòa bình" and "hoà bình", ``Khanh Hoa`` finds "Khánh Hòa"; but ``đ`` has no
  decomposition, so ``doi`` does not find "đối" and ``da nang`` does not find "Đà Nẵng".

So each article page carries, in a meta field that is searched but never shown (``folded``),
the words of its title, facts and text that Pagefind cannot find without their accents: those
with ``đ``, ASCII-folded ("đối" -> "doi"), each once (``folded_words``; meta search has no word
positions, so order and repeats would only add bytes). Every other accent Pagefind drops itself
(search.js does not turn that off). Folding every word instead was measured on 1,000 generated
articles: 1.26 MB of folded words in the pages instead of 0.09 MB, and Pagefind's peak memory
540 MB instead of 380 MB, for not one result more. The page's text stays Vietnamese, so the
content Pagefind stores, and the excerpt, stay Vietnamese; a ``hidden`` copy in the body would
put ASCII text into both.

Pagefind only finds the candidates: it matches the start of words, ranks "lao" in "lao động" with
"Lào", and forgets a query word it finds nowhere. ``assets/search.js`` reads the Vietnamese
content of the first candidates and applies the search's own rules to it: every query word must
be a whole word of the article, with its accents or folded (so "doi" is "đối"); quoted words must
follow each other; exact matches rank before folded ones; and each excerpt, made there, marks
only what matched (the phrase "đối ngoại" for ``doi ngoai``, not the "Đổi" of "Đổi mới").

How Pagefind is run: the article pages are put in shards of a few hundred, by date
(``assign_shards``), and each shard whose pages changed is indexed by Pagefind's command line
(``index_pages``; ``run_pagefind`` says why not the Python service) in a staging folder under
<site>/.cache/; output/pagefind_merge.py merges the shards into the one bundle the site
publishes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from diplomacy_archive.i18n import N_, kept_message
from diplomacy_archive.problems import Args, Problem, problem_args

BUNDLE_DIR = "pagefind"
ORIGIN = kept_message(N_("the search index (Pagefind)"))
# Pagefind's ready-made interfaces: the search page uses pagefind.js and its own script instead.
UNUSED_FILES = frozenset({
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
})
INSTALL_HINT = N_("install it with pip install 'pagefind[bin]' (the binary ships in the package)")
_INDEXED = re.compile(r"Indexed (\d+) pages?")


class SearchFailed(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format_text())
        self.problem = problem

    def __reduce__(self) -> tuple[type[SearchFailed], tuple[Problem]]:
        return SearchFailed, (self.problem,)  # raised in a worker process, read in the build


def pagefind_version() -> str:
    """The versions of Pagefind's Python package and binary (part of what the bundle is made
    from); raises SearchFailed when Pagefind is not installed."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        found = f"pagefind {version('pagefind')}, binary {version('pagefind_bin')}"
    except PackageNotFoundError as exc:
        raise SearchFailed(failure(N_("the search index was not made: Pagefind is not installed "
                                      "({package} is missing)"), INSTALL_HINT,
                                   {"package": exc.name})) from None
    return f"{found}, {os.environ.get('PAGEFIND_BINARY_PATH', '')}"


def failure(message: str, hint: str, args: Args | None = None) -> Problem:
    """The problem of a search index not made: ``message`` and ``hint`` marked N_, each saying
    "the search index was not made: ..." in full, their placeholders filled from ``args``."""
    return Problem(f"{BUNDLE_DIR}/", None, None, message, hint, args=problem_args(args))


@dataclass(frozen=True)
class SearchPage:
    """An article page to index: its output path (``bai-viet/x/index.html``), its HTML or the
    file that holds it, the digest of its bytes, and its date in ISO form (``2021-06-18``,
    ``2021``), which places it among the shards."""

    path: str
    html: bytes | Path
    digest: str
    date: str


@dataclass(frozen=True)
class Shard:
    """Pages indexed together: ``key`` orders the shards (``2021-000``, ``2021-001``...)."""

    key: str
    pages: tuple[SearchPage, ...]


def assign_shards(pages: Sequence[SearchPage], size: int) -> list[Shard]:
    """The pages in shards of the same year, in runs of at most ``size`` in date order, the
    shards in date order. A page changed touches one shard; a new article, usually the latest,
    the last shard of its year; and the shards' pages follow each other in date order, so that
    merged they are sorted by date as one index would be."""
    shards: list[Shard] = []
    ordered = sorted(pages, key=lambda page: (page.date, page.path))
    for year, group in groupby(ordered, key=lambda page: page.date[:4]):
        found = list(group)
        for number, start in enumerate(range(0, len(found), max(1, size))):
            shards.append(Shard(f"{year}-{number:03d}", tuple(found[start:start + size])))
    return shards


def index_pages(pages: Sequence[SearchPage], work: Path, language: str) -> tuple[Path, int]:
    """Index ``pages`` with Pagefind in the new folder ``work`` (its caller removes it): the
    pages are linked into ``work/site`` (copied when they cannot be linked) and the bundle is
    written to ``work/bundle``. Returns the bundle's folder and the number of pages Pagefind
    indexed; raises SearchFailed with a Problem on any failure. Result addresses are the
    pages' site-relative paths (``/bai-viet/x/``); the search page prefixes the base path.
    """
    site, bundle = work / "site", work / "bundle"
    site.mkdir(parents=True)
    for page in pages:
        target = site / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(page.html, Path):
            try:
                os.link(page.html, target)
            except OSError:  # another disk, or links not allowed
                shutil.copyfile(page.html, target)
        else:
            target.write_bytes(page.html)
    indexed = run_pagefind(site, bundle, language)
    if not (bundle / "pagefind.js").is_file():
        raise SearchFailed(failure(N_("the search index was not made: Pagefind wrote no "
                                      "pagefind.js"), INSTALL_HINT))
    return bundle, indexed


def run_pagefind(site: Path, bundle: Path, language: str) -> int:
    """Run Pagefind's command line over the HTML files under ``site``, writing the bundle to
    ``bundle``; the number of pages indexed.

    The command line, not the Python service API: the service answers ``write_files`` before
    its files are all written, and closing it then terminates the process, which left an empty
    ``pagefind-entry.json`` now and then (seen in benchmark runs); the command line writes
    everything and exits. It is also faster (10,000 pages: 24.6 s instead of 31.1 s, measured).
    It runs in the staging folder, so that no pagefind.yml of the site is read, and without
    the PAGEFIND_* settings of the environment but the binary's location.
    """
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise SearchFailed(failure(N_("the search index was not made: Pagefind is not "
                                      "installed"), INSTALL_HINT)) from None
    executable = get_executable()
    if executable is None:
        raise SearchFailed(failure(N_("the search index was not made: Pagefind's program is "
                                      "not installed"), INSTALL_HINT))
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("PAGEFIND_") or key == "PAGEFIND_BINARY_PATH"}
    site, bundle = site.resolve(), bundle.resolve()  # it runs in another folder
    command = [str(executable), "--site", str(site), "--output-path", str(bundle),
               "--force-language", language]
    try:
        done = subprocess.run(command, cwd=site.parent, env=environment, capture_output=True,
                              text=True, encoding="utf-8", errors="replace", check=False)
    except OSError as exc:  # no binary, or one that cannot be run
        raise SearchFailed(failure(N_("the search index was not made: Pagefind could not be "
                                      "started: {error}"), INSTALL_HINT, {"error": exc})
                           ) from None
    if done.returncode != 0 or not (bundle / "pagefind-entry.json").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        hint = N_("run the build again; if it keeps failing, reinstall pagefind[bin]")
        if detail:
            raise SearchFailed(failure(N_("the search index was not made: Pagefind stopped "
                                          "with code {code}: {detail}"), hint,
                                       {"code": done.returncode, "detail": " ".join(detail)}))
        raise SearchFailed(failure(N_("the search index was not made: Pagefind stopped with "
                                      "code {code}"), hint, {"code": done.returncode}))
    counted = _INDEXED.search(done.stdout)
    return int(counted.group(1)) if counted else 0
