"""Writing the output: refuse collisions and escapes, then bring the output folder in line with
the new files, rewriting only files whose bytes changed.

A first build writes a fresh folder beside the output and renames it into place. Later builds
write every changed file to a temporary name next to it first, and only when all of them are
written rename them over the old ones (``os.replace``) and delete the files no page produces any
more: a build that fails, even half-way through writing, leaves the previous output as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from diplomacy_archive.output.files import CopiedFile, KeptFile, OutputFile, escapes_output
from diplomacy_archive.problems import Problem, UsageError, display_path

MARKER = ".diplomacy-archive"  # marks a folder this generator made; holds the build's id
TEMP_PREFIX = ".tmp-"

Item = OutputFile | CopiedFile | KeptFile


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    deleted: int = 0
    output_id: str = ""


def check_outputs(files: list[Item]) -> list[Problem]:
    """Two files for one path, or a path outside the output folder, are errors naming both."""
    problems: list[Problem] = []
    first_by_path: dict[str, Item] = {}
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
        folder = site_r / protected
        if out_r == folder or folder in out_r.parents:
            raise UsageError(f"the output folder {display_path(out)} is inside {protected}/; "
                             "choose a folder such as public/")
    if out_r.exists() and not out_r.is_dir():
        raise UsageError(f"{display_path(out)} is a file, not a folder")
    if out_r.is_dir() and any(out_r.iterdir()) and not (out_r / MARKER).exists():
        raise UsageError(f"{display_path(out)} already holds files this generator did not write; "
                         "choose an empty folder, or move those files away first")


def output_id(out: Path) -> str:
    """The id of the build that last wrote ``out`` ('' when it holds no build of ours)."""
    try:
        return (out / MARKER).read_text(encoding="utf-8").split()[-1]
    except (OSError, IndexError):
        return ""


def sync_output(out: Path, items: list[Item], known: dict[str, str] | None, version: str
                ) -> WriteStats:
    """Make ``out`` hold exactly ``items``. ``known`` maps paths to the digests of the files the
    previous build wrote there (when the folder still holds that build); an item whose digest
    matches is left alone, so unchanged files keep their modification time."""
    out = out.resolve()
    stats = WriteStats(output_id=uuid.uuid4().hex)
    if not out.exists():
        _write_fresh(out, items, stats, version)
        return stats
    staged: list[tuple[Path, Path]] = []
    try:
        root = str(out)
        for item in items:
            target = os.path.join(root, item.path)  # plain strings: 20,000 Paths cost a second
            if _unchanged(item, target, known):
                stats.unchanged += 1
                continue
            assert not isinstance(item, KeptFile)
            staged.append((_stage(item, Path(target)), Path(target)))
        for temp, final in staged:
            os.replace(temp, final)
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    stats.written = len(staged)
    keep = {item.path for item in items}
    if known is not None:
        stats.deleted = _delete_listed(out, [path for path in known if path not in keep])
    else:
        stats.deleted = _delete_stale(out, keep)
    previous_id = output_id(out)
    if stats.written == stats.deleted == 0 and previous_id:
        stats.output_id = previous_id  # the folder is exactly what that build left
    else:
        (out / MARKER).write_text(f"{version} {stats.output_id}\n", encoding="utf-8")
    return stats


def _unchanged(item: Item, target: str, known: dict[str, str] | None) -> bool:
    if isinstance(item, KeptFile):
        if not os.path.isfile(target):
            raise UsageError(f"{display_path(Path(target))} was removed by hand; build again "
                             "with --no-cache to write every page")
        return True
    if known is not None:
        return known.get(item.path) == item_digest(item) and os.path.isfile(target)
    if not os.path.isfile(target):
        return False
    new = item.content if isinstance(item, OutputFile) else item.source.read_bytes()
    return os.path.getsize(target) == len(new) and Path(target).read_bytes() == new


def item_digest(item: Item) -> str:
    """What identifies a file's content: its bytes' digest, or its source's stamp for copies."""
    if isinstance(item, (OutputFile, KeptFile)):
        return item.digest
    info = item.source.stat()
    return f"copy:{item.source}:{info.st_mtime_ns}:{info.st_size}"


def _stage(item: OutputFile | CopiedFile, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f"{TEMP_PREFIX}{target.name}.{os.getpid()}")
    if isinstance(item, OutputFile):
        temp.write_bytes(item.content)
    else:
        shutil.copyfile(item.source, temp)
    return temp


def _write_fresh(out: Path, items: list[Item], stats: WriteStats, version: str) -> None:
    """The first build: everything into a new folder beside ``out``, then one rename."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        made: set[Path] = {fresh}
        for item in items:
            if isinstance(item, KeptFile):
                raise UsageError(f"{display_path(out)} is missing; build again with --no-cache")
            target = fresh / item.path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if isinstance(item, OutputFile):
                target.write_bytes(item.content)
            else:
                shutil.copyfile(item.source, target)
        (fresh / MARKER).write_text(f"{version} {stats.output_id}\n", encoding="utf-8")
        os.chmod(fresh, 0o755)
        os.replace(fresh, out)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    stats.written = len(items)


def _delete_listed(out: Path, paths: list[str]) -> int:
    """Remove files the previous build wrote and this one does not, and folders left empty."""
    for path in paths:
        target = out / path
        target.unlink(missing_ok=True)
        folder = target.parent
        while folder != out and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return len(paths)


def _delete_stale(out: Path, keep: set[str]) -> int:
    """Remove files no item produces any more, and folders left empty."""
    deleted = 0
    for folder, _dirs, files in os.walk(out, topdown=False):
        base = Path(folder)
        rel = base.relative_to(out).as_posix()
        for name in files:
            path = name if rel == "." else f"{rel}/{name}"
            if path not in keep and path != MARKER:
                (base / name).unlink()
                deleted += 1
        if base != out and not any(base.iterdir()):
            base.rmdir()
    return deleted
