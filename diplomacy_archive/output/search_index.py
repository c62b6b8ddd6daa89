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

How Pagefind is run: the Python API's per-file calls are unusable at our sizes (its service
client reads one answer per 0.1 s, so 1,000 pages take 100 s), so the article pages are
written to a staging folder under <site>/.cache/ and indexed with one ``add_directory`` call;
``write_files`` writes the bundle next to them. Its files are read back as OutputFile items
under ``pagefind/`` (the unused ready-made UI files left out), so they go through the same
staged, atomic ``write.sync_output`` as every page, and the staging folder is deleted.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from diplomacy_archive.output.files import OutputFile
from diplomacy_archive.problems import Problem

BUNDLE_DIR = "pagefind"
ORIGIN = "the search index (Pagefind)"
# Pagefind's ready-made interfaces: the search page uses pagefind.js and its own script instead.
UNUSED_FILES = frozenset({
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
})
INSTALL_HINT = "install it with pip install 'pagefind[bin]' (the binary ships in the package)"


class SearchFailed(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format_text())
        self.problem = problem


def reproducible(path: str) -> bool:
    """False for the output files Pagefind writes differently from one run to the next over the
    same pages: the filter files (values in hash-map order, Pagefind issue #638) and the two
    files naming them. Everything else, fragments and word index included, is the same."""
    name = path.removeprefix(f"{BUNDLE_DIR}/")
    return name == path or not (name.startswith("filter/") or name == "pagefind-entry.json"
                                or (name.startswith("pagefind.") and name.endswith(".pf_meta")))


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
    """Run Pagefind's service over the HTML files under ``site``, writing the bundle to
    ``bundle``; the number of pages indexed. Works inside a running event loop too (a preview
    server's), by running in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_index(site, bundle, language))
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _index(site, bundle, language)).result()


async def _index(site: Path, bundle: Path, language: str) -> int:
    try:
        from pagefind.service import PagefindService
    except ImportError:
        raise SearchFailed(failure("Pagefind is not installed", INSTALL_HINT)) from None
    try:
        service = PagefindService()
        await service.launch()
    except (OSError, ValueError) as exc:  # no binary, or one that cannot be run
        raise SearchFailed(failure(f"Pagefind could not be started: {exc}", INSTALL_HINT)
                           ) from None
    finished = False
    try:
        index = await _answer(service, service.create_index({"force_language": language}))
        added = await _answer(service, index.add_directory(str(site)))
        await _answer(service, index.write_files(output_path=str(bundle)))
        finished = True
    finally:
        await _stop(service, finished)
    return int(added.get("page_count", 0))


async def _answer(service: Any, request: Any) -> Any:
    """The answer to one request; a clear SearchFailed if Pagefind answers with an error or
    stops. The client library itself would wait forever for a service that died: its reading
    task (``_poll_task``, an internal of pagefind 1.5) ends then, and is watched here."""
    work = asyncio.ensure_future(request)
    reader = getattr(service, "_poll_task", None)
    await asyncio.wait({work} if reader is None else {work, reader},
                       return_when=asyncio.FIRST_COMPLETED)
    if not work.done():
        work.cancel()
        raise SearchFailed(failure("the Pagefind process stopped unexpectedly",
                                   "run the build again; if it keeps failing, reinstall "
                                   "pagefind[bin]"))
    error = work.exception()
    if error is None:
        return work.result()
    if isinstance(error, SearchFailed):
        raise error
    if isinstance(error, (OSError, EOFError)):  # the pipe closed: ConnectionResetError...
        raise SearchFailed(failure(f"the Pagefind process stopped unexpectedly ({error})",
                                   "run the build again; if it keeps failing, reinstall "
                                   "pagefind[bin]")) from None
    detail = error.args[0] if error.args and isinstance(error.args[0], str) else error
    raise SearchFailed(failure(f"Pagefind reported: {detail}",
                               "run the build again; if it keeps failing, reinstall "
                               "pagefind[bin]")) from None


async def _stop(service: Any, finished: bool) -> None:
    """Close the service; after a failure, without the client's five-second wait for answers
    that will never come."""
    if finished:
        await service.close()
        return
    reader, backend = getattr(service, "_poll_task", None), getattr(service, "_backend", None)
    if reader is not None:
        if reader.done() and not reader.cancelled():
            reader.exception()  # retrieved: the reason is already reported as a Problem
        reader.cancel()
    if backend is not None and backend.returncode is None:
        backend.kill()
    if backend is not None:
        await backend.wait()
