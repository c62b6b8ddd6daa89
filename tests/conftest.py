"""Shared helpers: run the real command line, copy fixture sites, walk built output."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest

# tests/browser.py is a plugin of the browser tests (pytest_plugins): its asserts explain themselves
pytest.register_assert_rewrite("browser")

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"

# Editors read Vietnamese by default (diplomacy_archive/i18n.py). Most tests check messages in
# English, the language the code writes them in: this process and every command it runs read
# English, unless a test asks for Vietnamese (the `vietnamese` fixture, or its own environment
# for a command, as tests/test_language.py does).
os.environ["LANGUAGE"] = "en"


@pytest.fixture
def vietnamese() -> Iterator[None]:
    """Messages in Vietnamese in this process for one test."""
    from diplomacy_archive.i18n import set_language
    set_language("vi")
    try:
        yield
    finally:
        set_language("en")


def missing_tool(missing: str, check: str, install: str) -> NoReturn:
    """A test that needs a tool this machine lacks: ``missing`` says what is not there,
    ``check`` the shell command a reader runs to see that for themselves, and ``install`` the
    command that puts it there.

    The check is run here first, and what it printed is part of the reason, so a skip shows
    its evidence. A check that succeeds means the test looked for the tool in the wrong place:
    that fails, never skips. Otherwise the test is skipped on a developer's machine (pytest -ra
    prints the reason); under CI=true, where .ci/run installs every tool, it fails instead
    (tests/test_project.py checks all three)."""
    if not missing.strip() or not check.strip() or not install.strip():
        raise ValueError("missing_tool needs what is missing, how to check it and how to "
                         "install it")
    shown = subprocess.run(check, shell=True, capture_output=True, text=True, timeout=60,
                           check=False)
    printed = [line.strip() for line in (shown.stdout + shown.stderr).splitlines()
               if line.strip()]
    said = printed[-1] if printed else f"exit status {shown.returncode}"
    if shown.returncode == 0:
        pytest.fail(f"{missing}, but its check `{check}` succeeds ({said}): the test looks "
                    "for it in the wrong place")
    if os.environ.get("CI") == "true":
        pytest.fail(f"{missing} (check: {check} -> {said}); CI=true requires this test to "
                    f"run: {install}")
    pytest.skip(reason=f"{missing} (check: {check} -> {said}); to run this test: {install} "
                       "(with CI=true it fails instead)")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path) -> Run:
    """Run ``python build.py ARGS`` in ``cwd``, as an editor or CI would."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    return Run(done.returncode, done.stdout, done.stderr)


def copy_example(target: Path) -> Path:
    """The repository's example archive (its config, content, data and static files) copied
    into ``target``."""
    target.mkdir(parents=True)
    for part in ("config.yaml", "content", "data", "static"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            shutil.copy(source, target / part)
    return target


@pytest.fixture
def copy_site(tmp_path: Path):
    """Copy a fixture site (or the example archive, 'example') into a temporary folder."""
    def copy(name: str) -> Path:
        target = tmp_path / name
        if name == "example":
            return copy_example(target)
        shutil.copytree(SITES / name, target)
        return target
    return copy


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its bytes and modification time."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def output_bytes(out: Path) -> dict[str, bytes]:
    """Every file's bytes (the search index's too: it is reproducible), but the record of the
    build (its id differs from build to build)."""
    from diplomacy_archive.output.write import MARKER
    return {k: v[0] for k, v in snapshot(out).items() if k != MARKER}


def clean_build(site: Path, out: Path, **options: Any) -> dict[str, bytes]:
    """The output of a build of ``site`` into ``out`` without the cache (``out`` emptied
    first), to compare an incremental build with."""
    from diplomacy_archive.build.pipeline import BuildOptions, build
    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(site=site, out=out, use_cache=False, **{"jobs": 1, **options}))
    return output_bytes(out)


def article_md(title: str, date: str, body: str = "Nội dung.", **fields: str) -> str:
    lines = ["---", f'title: "{title}"', f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join(lines + ["---", "", body, ""])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, timeout: float = 5) -> tuple[int, str, bytes]:
    """(status, content type, body) of one GET; HTTP errors are answers, not exceptions."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


@dataclass
class Served:
    url: str
    process: subprocess.Popen[str]
    output: str = ""


@contextlib.contextmanager
def serving(command: Sequence[str], cwd: Path, port: int, env: dict[str, str] | None = None,
            ) -> Iterator[Served]:
    """Run a ``serve`` command until its first page answers; Ctrl-C it afterwards. After the
    block, ``output`` holds what it printed."""
    process = subprocess.Popen(list(command), cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                               env={**(env or os.environ), "PYTHONIOENCODING": "utf-8"})
    served = Served(f"http://127.0.0.1:{port}/", process)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(served.url, timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"{' '.join(command)} did not serve:\n"
                                         f"{process.communicate()[0]}") from None
                time.sleep(0.1)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        served.output = process.communicate(timeout=30)[0]
