"""Writing the output: refuse collisions and escapes, build in a fresh folder, swap it in."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import Problem, UsageError, display_path
from .files import CopiedFile, OutputFile, escapes_output

MARKER = ".diplomacy-archive"  # marks a folder this generator made, so it may replace it


def check_outputs(files: list[OutputFile | CopiedFile]) -> list[Problem]:
    """Two files for one path, or a path outside the output folder, are errors naming both."""
    problems: list[Problem] = []
    first_by_path: dict[str, OutputFile | CopiedFile] = {}
    for item in files:
        if escapes_output(item.path):
            problems.append(Problem(item.origin_path, None, None,
                                    f"{item.origin} would be written outside the output folder "
                                    f"('{item.path}')", "check the slug and the urls: settings"))
            continue
        key = item.path.casefold()  # one file on case-insensitive disks (macOS, Windows)
        other = first_by_path.setdefault(key, item)
        if other is not item:
            problems.append(Problem(item.origin_path, None, None,
                                    f"{item.origin} and {other.origin} would both be written "
                                    f"to '{item.path}'",
                                    "rename or move one of them so each has its own address"))
    return problems


def check_output_folder(out: Path, site: Path) -> None:
    """Refuse an output folder whose replacement would delete anything an editor wrote."""
    out_r, site_r = out.resolve(), site.resolve()
    if out_r == site_r or out_r in site_r.parents:
        raise UsageError(f"the output folder {display_path(out)} contains the site itself; "
                         "choose a folder such as public/")
    for protected in ("content", "data", "templates", "assets", "static", ".git"):
        folder = (site_r / protected)
        if out_r == folder or folder in out_r.parents:
            raise UsageError(f"the output folder {display_path(out)} is inside {protected}/; "
                             "choose a folder such as public/")
    if out_r.exists() and not out_r.is_dir():
        raise UsageError(f"{display_path(out)} is a file, not a folder")
    if out_r.is_dir() and any(out_r.iterdir()) and not (out_r / MARKER).exists():
        raise UsageError(f"{display_path(out)} already holds files this generator did not write; "
                         "choose an empty folder, or move those files away first")


def write_site(out: Path, files: list[OutputFile | CopiedFile], version: str) -> int:
    """Write every file into a fresh folder beside ``out``, then swap it in; returns bytes written.

    If anything fails, the previous output stays exactly as it was.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        written = 0
        made: set[Path] = {fresh}
        for item in files:
            target = fresh / item.path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if isinstance(item, OutputFile):
                target.write_bytes(item.content)
                written += len(item.content)
            else:
                shutil.copyfile(item.source, target)
                written += target.stat().st_size
        (fresh / MARKER).write_text(f"{version}\n", encoding="utf-8")
        os.chmod(fresh, 0o755)
        swap_in(fresh, out)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return written


def swap_in(fresh: Path, out: Path) -> None:
    """Replace ``out`` with ``fresh`` by renames on one disk; the old folder is then removed."""
    if not out.exists():
        os.replace(fresh, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(old)
    os.replace(out, old)
    try:
        os.replace(fresh, out)
    except BaseException:
        os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
