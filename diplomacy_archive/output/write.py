"""Writing the output: refuse collisions and escapes, then publish the new site in one step.

Publishing never changes a file inside the output folder. The new site is assembled in a hidden
folder beside it (``.public.new-*``): files whose bytes did not change are hard links to the
ones in place (so they keep their modification time and cost no copy), changed files are
written there, and every file this generator did not write (``.git``, ``CNAME``...) is linked
in too. The record of what we wrote (``manifest.MANIFEST``) goes in last; then everything is
flushed to disk and the two folders are swapped in one system call (swap.exchange), and the old
one is deleted. Where the system cannot swap, the old folder is renamed aside and the new one
renamed into place; a build killed between those two renames leaves the old site aside, and
the next build (``recover``) puts it back. Whatever instant a build dies, the output folder is
the old site or the new one, and the next build removes what the dead one left beside it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from diplomacy_archive.output.files import (
    CopiedFile,
    KeptFile,
    OutputFile,
    digest_bytes,
    escapes_output,
)
from diplomacy_archive.output.manifest import (
    MANIFEST,
    Manifest,
    Record,
    file_line,
    header_line,
    output_id,
    read_manifest,
)
from diplomacy_archive.output.swap import exchange
from diplomacy_archive.problems import Problem, UsageError, display_path

MARKER = MANIFEST
# Files a host or a deploy tool puts beside a site; a folder holding only these (or hidden
# entries such as .git) may become an output folder, and they are kept there.
HOST_FILES = frozenset({"CNAME", "_headers", "_redirects", "netlify.toml", "vercel.json",
                        "web.config", "staticwebapp.config.json"})

Item = OutputFile | CopiedFile | KeptFile
Step = Callable[[str], None]  # called before each step of publishing (tests inject faults)


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    deleted: int = 0
    foreign: int = 0  # files kept that this generator did not write
    output_id: str = ""


@dataclass(frozen=True)
class Plan:
    """What publishing will do with the output folder as it is now."""

    out: Path
    previous: Manifest | None
    ours: frozenset[str]  # files there that the last build recorded writing
    foreign: tuple[str, ...]  # files (and links) there that someone else put
    problems: list[Problem] = field(default_factory=list)


class OutputChanged(UsageError):
    """A page the build reuses was changed or removed in the output folder by hand."""


def check_outputs(files: list[Item]) -> list[Problem]:
    """Two files for one path, or a path outside the output folder, are errors naming both."""
    problems: list[Problem] = []
    first_by_path: dict[str, Item] = {}
    for item in files:
        if escapes_output(item.path) or item.path == MANIFEST:
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
    """Refuse an output folder whose use would put the site's own files at risk."""
    out_r, site_r = out.resolve(), site.resolve()
    if out.is_symlink():
        raise UsageError(f"the output folder {display_path(out)} is a symbolic link to "
                         f"{os.readlink(out)}; give that folder with --out instead")
    if out_r == site_r or out_r in site_r.parents:
        raise UsageError(f"the output folder {display_path(out)} contains the site itself; "
                         "choose a folder such as public/")
    for protected in ("content", "data", "templates", "assets", "static", ".git", ".cache"):
        folder = site_r / protected
        # the preview builds into .cache/preview: only the cache folder itself is refused
        if out_r == folder or (folder in out_r.parents and protected != ".cache"):
            raise UsageError(f"the output folder {display_path(out)} is inside {protected}/; "
                             "choose a folder such as public/")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{display_path(out)} is a file, not a folder")
    if out.is_dir() and read_manifest(out) is None:
        others = sorted(entry.name for entry in os.scandir(out) if not _host_entry(entry.name))
        if others:
            raise UsageError(f"{display_path(out)} already holds files this generator did not "
                             f"write ({', '.join(others[:3])}{', ...' if len(others) > 3 else ''}"
                             "); choose an empty folder, or move those files away first")


def _host_entry(name: str) -> bool:
    return name.startswith(".") or name in HOST_FILES


# ---------------------------------------------------------------- planning

def plan_output(out: Path, items: list[Item]) -> Plan:
    """Which files in ``out`` are ours (listed in its manifest) and which are someone else's,
    and the problems of items that would replace someone else's file."""
    previous = read_manifest(out) if out.is_dir() else None
    present = _files_in(out) if out.is_dir() else []
    if previous is not None and previous.files is not None:
        ours = frozenset(previous.files)
    else:  # a build of an older version, which kept no list: all but a host's files are ours
        ours = frozenset(p for p in present if not _host_entry(p.split("/")[0])
                         ) if previous is not None else frozenset()
    foreign = tuple(p for p in present if p not in ours and p != MANIFEST)
    return Plan(out, previous, ours, foreign, _conflicts(items, foreign, out))


def _files_in(out: Path) -> list[str]:
    """Every file and symbolic link under ``out``, relative, without following links."""
    found: list[str] = []
    pending = [("", str(out))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((rel + "/", entry.path))
                else:
                    found.append(rel)
    return sorted(found)


def _conflicts(items: list[Item], foreign: tuple[str, ...], out: Path) -> list[Problem]:
    """An item on the path of a file we did not write, or where such a file needs a folder."""
    if not foreign:
        return []
    theirs = {path.casefold(): path for path in foreign}
    their_folders = {path.casefold().rsplit("/", 1)[0] for path in foreign if "/" in path}
    problems = []
    for item in items:
        key = item.path.casefold()
        parents = key.split("/")[:-1]
        clash = theirs.get(key) or next((theirs[p] for p in (
            "/".join(parents[:n]) for n in range(1, len(parents) + 1)) if p in theirs), None)
        if clash is None and key in their_folders:
            clash = next(p for p in foreign if p.casefold().startswith(key + "/"))
        if clash is not None:
            problems.append(Problem(
                item.origin_path, None, None,
                f"{item.origin} would replace {display_path(out / clash)}, which this "
                "generator did not write", "move that file away, or give the page another "
                "address"))
    return problems


# ---------------------------------------------------------------- publishing

def publish(plan: Plan, items: list[Item], version: str, step: Step | None = None
            ) -> WriteStats:
    """Make ``plan.out`` hold exactly ``items`` plus the files someone else put there, in one
    swap. Raises OutputChanged when a reused page is no longer as the last build left it."""
    step = step or _no_step
    out = plan.out
    stats = WriteStats(output_id=uuid.uuid4().hex)
    out.parent.mkdir(parents=True, exist_ok=True)
    step("staging")
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        records = _assemble(plan, items, staging, stats, step)
        step("manifest")
        with open(staging / MANIFEST, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(header_line(version, stats.output_id))
            handle.writelines(file_line(path, record) for path, record in records.items())
        os.chmod(staging, 0o755)
        step("flush")
        if hasattr(os, "sync"):
            os.sync()  # everything of the new site is on disk before it takes the old one's place
        step("swap")
        retired = _swap_in(staging, out, step)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    step("cleanup")
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
    _sync_folder(out.parent)
    if plan.previous is not None and plan.previous.files is not None:
        stats.deleted = len(plan.ours - records.keys())
    stats.foreign = len(plan.foreign)
    return stats


def _no_step(_name: str) -> None:
    return None


def _assemble(plan: Plan, items: list[Item], staging: Path, stats: WriteStats, step: Step
              ) -> dict[str, Record]:
    """The new site in ``staging``: unchanged files linked, changed ones written, someone
    else's files linked; returns the record of ours."""
    old = plan.previous.files if plan.previous is not None and plan.previous.files else {}
    root, new_root = str(plan.out), str(staging)
    made: set[str] = {new_root}
    records: dict[str, Record] = {}
    for item in items:
        step(item.path)
        source = os.path.join(root, item.path)  # plain strings: 20,000 Paths cost a second
        target = os.path.join(new_root, item.path)
        _make_parent(target, made)
        record = old.get(item.path)
        digest = item_digest(item)
        if record is not None and record[0] == digest and _as_recorded(source, record):
            _link_or_copy(source, target)
            records[item.path] = record
            stats.unchanged += 1
        elif record is None and _same_content(item, source, digest):
            # not in the record (an older version's output): the bytes decide
            _link_or_copy(source, target)
            info = os.stat(target)
            records[item.path] = (digest, info.st_size, info.st_mtime_ns)
            stats.unchanged += 1
        elif isinstance(item, KeptFile):
            raise OutputChanged(f"{display_path(Path(source))} was changed or removed by hand "
                                "since the last build; build again with --no-cache to write "
                                "every page")
        else:
            if isinstance(item, OutputFile):
                with open(target, "wb") as handle:
                    handle.write(item.content)
            else:
                shutil.copyfile(item.source, target)
            info = os.stat(target)
            records[item.path] = (digest, info.st_size, info.st_mtime_ns)
            stats.written += 1
    for path in plan.foreign:
        step(f"keep {path}")
        target = os.path.join(new_root, path)
        _make_parent(target, made)
        _link_or_copy(os.path.join(root, path), target)
    return records


def _make_parent(target: str, made: set[str]) -> None:
    parent = os.path.dirname(target)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)


def _as_recorded(path: str, record: Record) -> bool:
    """The file is still the regular file the last build wrote (same size and time)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (info.st_size == record[1] and info.st_mtime_ns == record[2]
            and not os.path.islink(path) and os.path.isfile(path))


def _same_content(item: Item, path: str, digest: str) -> bool:
    """The regular file at ``path`` holds exactly what ``item`` would write."""
    try:
        info = os.lstat(path)
        if not os.path.isfile(path) or os.path.islink(path):
            return False
        if isinstance(item, OutputFile):
            return info.st_size == len(item.content) and Path(path).read_bytes() == item.content
        if isinstance(item, KeptFile):
            return digest_bytes(Path(path).read_bytes()) == digest
        source = item.source.stat()
        return (info.st_size == source.st_size
                and Path(path).read_bytes() == item.source.read_bytes())
    except OSError:
        return False


def _link_or_copy(source: str, target: str) -> None:
    """A hard link to ``source`` (a link itself is linked, never followed); a copy keeping its
    times where the file system has no hard links."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        if os.path.islink(source):
            os.symlink(os.readlink(source), target)
        else:
            shutil.copy2(source, target, follow_symlinks=False)


def _swap_in(staging: Path, out: Path, step: Step) -> Path | None:
    """Put ``staging`` in the place of ``out``; returns where the old site now is."""
    if not out.exists():
        os.rename(staging, out)
        return None
    if exchange(staging, out):
        return staging  # the old site, under the staging name
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(retired)
    os.rename(out, retired)
    step("between renames")
    os.rename(staging, out)
    return retired


def _sync_folder(folder: Path) -> None:
    """Make the folder's entries (a rename) durable, where the system allows it."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def recover(out: Path) -> list[str]:
    """Clear what a build killed while publishing left beside ``out``: put the old site back
    if it had been renamed aside and the new one never took its place, then delete the
    half-assembled and retired copies (every file in them we did not write is also in ``out``,
    as a hard link). Returns the names removed."""
    parent, name = out.parent, out.name
    if not parent.is_dir():
        return []
    leftovers = sorted(entry for entry in parent.iterdir()
                       if entry.name.startswith((f".{name}.new-", f".{name}.old-"))
                       and entry.is_dir() and not entry.is_symlink())
    if not out.exists():
        retired = [entry for entry in leftovers if entry.name.startswith(f".{name}.old-")
                   and read_manifest(entry) is not None]
        if retired:
            os.rename(retired[-1], out)
            leftovers.remove(retired[-1])
    if not out.exists():
        leftovers = [entry for entry in leftovers if entry.name.startswith(f".{name}.new-")]
    for entry in leftovers:
        shutil.rmtree(entry, ignore_errors=True)
    return [entry.name for entry in leftovers]


def item_digest(item: Item) -> str:
    """What identifies a file's content: its bytes' digest, or, for a copy, its source's
    stamp (modification and change times, size and inode: a restored mtime still changes the
    change time)."""
    if isinstance(item, (OutputFile, KeptFile)):
        return item.digest
    info = item.source.stat()
    return (f"copy:{item.source}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_size}:"
            f"{info.st_ino}")


__all__ = ["MARKER", "OutputChanged", "Plan", "WriteStats", "check_output_folder",
           "check_outputs", "item_digest", "output_id", "plan_output", "publish", "recover"]
