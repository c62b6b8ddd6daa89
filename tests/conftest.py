"""Shared helpers: run the real command line, copy fixture sites, walk built output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

# tests/browser.py is a plugin of the browser tests (pytest_plugins): its asserts explain themselves
pytest.register_assert_rewrite("browser")

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"


def missing_tool(reason: str) -> NoReturn:
    """A test that needs a tool this machine lacks: skipped, with ``reason`` saying what to
    install, except under CI=true, where .ci/run installs every tool and the test must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true requires this test to run (.ci/run installs it)")
    pytest.skip(f"{reason} (under CI=true this fails instead)")


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


@pytest.fixture
def copy_site(tmp_path: Path):
    """Copy a fixture site (or the example archive, 'example') into a temporary folder."""
    def copy(name: str) -> Path:
        target = tmp_path / name
        if name == "example":
            target.mkdir()
            for part in ("config.yaml", "content", "data", "static"):
                source = ROOT / part
                if source.is_dir():
                    shutil.copytree(source, target / part)
                elif source.is_file():
                    shutil.copy(source, target / part)
        else:
            shutil.copytree(SITES / name, target)
        return target
    return copy


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its bytes and modification time."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def article_md(title: str, date: str, body: str = "Nội dung.", **fields: str) -> str:
    lines = ["---", f'title: "{title}"', f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join(lines + ["---", "", body, ""])
