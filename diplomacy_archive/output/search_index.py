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
put ASCII text into both. ``assets/search.js`` builds each excerpt itself from that Vietnamese
content, marking the words whose folded form starts with a folded query word, so "đối" is
marked for ``doi`` too.

How Pagefind is run: the article pages are linked into a staging folder under <site>/.cache/
and Pagefind's command line indexes them (``run_pagefind`` says why not the Python service);
its bundle's filter files are then rewritten in one order (``pagefind_files.canonicalize``), so
the same pages give the same bundle. Its files are read back as OutputFile items under
``pagefind/`` (the unused ready-made UI files left out), so they are published like every page,
and the staging folder is deleted.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from diplomacy_archive.output.files import OutputFile
from diplomacy_archive.output.pagefind_files import BundleFormatError, canonicalize
from diplomacy_archive.problems import Problem

BUNDLE_DIR = "pagefind"
ORIGIN = "the search index (Pagefind)"
# Pagefind's ready-made interfaces: the search page uses pagefind.js and its own script instead.
UNUSED_FILES = frozenset({
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
})
INSTALL_HINT = "install it with pip install 'pagefind[bin]' (the binary ships in the package)"
_INDEXED = re.compile(r"Indexed (\d+) pages?")


class SearchFailed(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format_text())
        self.problem = problem


def pagefind_version() -> str:
    """The versions of Pagefind's Python package and binary (part of what the bundle is made
    from); raises SearchFailed when Pagefind is not installed."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        found = f"pagefind {version('pagefind')}, binary {version('pagefind_bin')}"
    except PackageNotFoundError as exc:
        raise SearchFailed(failure(f"Pagefind is not installed ({exc.name} is missing)",
                                   INSTALL_HINT)) from None
    return f"{found}, {os.environ.get('PAGEFIND_BINARY_PATH', '')}"


def failure(message: str, hint: str) -> Problem:
    return Problem(f"{BUNDLE_DIR}/", None, None, f"the search index was not made: {message}",
                   hint)


def make_bundle(pages: Sequence[tuple[str, bytes | Path]], work_root: Path, language: str
                ) -> tuple[list[OutputFile], int]:
    """Index ``pages`` with Pagefind: each an output path such as ``bai-viet/x/index.html`` and
    its HTML, or the file that holds it (linked into the staging folder, not copied, if it can).

    Returns the bundle's files as output items under ``pagefind/`` and the number of pages
    Pagefind indexed. Result addresses are the pages' site-relative paths (``/bai-viet/x/``);
    the search page prefixes the base path. Raises SearchFailed with a Problem on any failure.
    """
    work_root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="search-", dir=work_root))
    try:
        site, bundle = work / "site", work / "bundle"
        for path, html in pages:
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(html, Path):
                try:
                    os.link(html, target)
                except OSError:  # another disk, or links not allowed
                    shutil.copyfile(html, target)
            else:
                target.write_bytes(html)
        site.mkdir(exist_ok=True)
        indexed = run_pagefind(site, bundle, language)
        try:
            canonicalize(bundle)  # the same bundle from the same pages, run after run
        except (BundleFormatError, OSError, KeyError, IndexError, TypeError, ValueError) as exc:
            raise SearchFailed(failure(f"its bundle is not in the expected form ({exc})",
                                       "install the pinned version: pip install -e .")
                               ) from None
        files = [OutputFile(f"{BUNDLE_DIR}/{p.relative_to(bundle).as_posix()}", p.read_bytes(),
                            ORIGIN)
                 for p in sorted(bundle.rglob("*"))
                 if p.is_file() and p.relative_to(bundle).as_posix() not in UNUSED_FILES]
    finally:
        shutil.rmtree(work, ignore_errors=True)
        with contextlib.suppress(OSError):
            work_root.rmdir()  # only when empty: a build without a cache leaves no .cache/
    if not any(f.path == f"{BUNDLE_DIR}/pagefind.js" for f in files):
        raise SearchFailed(failure("Pagefind wrote no pagefind.js", INSTALL_HINT))
    return files, indexed


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
        raise SearchFailed(failure("Pagefind is not installed", INSTALL_HINT)) from None
    executable = get_executable()
    if executable is None:
        raise SearchFailed(failure("Pagefind's program is not installed", INSTALL_HINT))
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("PAGEFIND_") or key == "PAGEFIND_BINARY_PATH"}
    site, bundle = site.resolve(), bundle.resolve()  # it runs in another folder
    command = [str(executable), "--site", str(site), "--output-path", str(bundle),
               "--force-language", language]
    try:
        done = subprocess.run(command, cwd=site.parent, env=environment, capture_output=True,
                              text=True, encoding="utf-8", errors="replace", check=False)
    except OSError as exc:  # no binary, or one that cannot be run
        raise SearchFailed(failure(f"Pagefind could not be started: {exc}", INSTALL_HINT)
                           ) from None
    if done.returncode != 0 or not (bundle / "pagefind-entry.json").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise SearchFailed(failure(f"Pagefind stopped with code {done.returncode}"
                                   + (f": {' '.join(detail)}" if detail else ""),
                                   "run the build again; if it keeps failing, reinstall "
                                   "pagefind[bin]"))
    counted = _INDEXED.search(done.stdout)
    return int(counted.group(1)) if counted else 0
