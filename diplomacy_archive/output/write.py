"""Writing the output: refuse collisions and escapes, then publish the new site in one step.

Publishing never changes a file inside the output folder. Beside it (``.public.spare``) lies
the previous generation of the site; it is brought to the new one: a file it already holds as
needed is left alone, a file the live site holds as needed is hard-linked from there (so it
keeps its modification time and costs no copy), anything else is written as a new file (never
into an old one, which may be a link to the live site's), files no longer produced are removed,
and every file of someone else's in the output (``.git``, ``CNAME``...) is linked in too. The
work is proportional to what changed. The record of what we wrote (``manifest.MANIFEST``) goes
in last; everything is flushed to disk, and the two folders are swapped in one system call
(swap.exchange): the old site becomes the spare. Where the system cannot swap, three renames do
it, and ``recover`` sets right a build killed between them. Whatever instant a build dies, the
output folder is the old site or the new one; a spare changed half-way has no record, and the
next build makes it afresh.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from diplomacy_archive.i18n import N_, _
from diplomacy_archive.output.files import (
    CopiedFile,
    KeptFile,
    OutputFile,
    StagedFile,
    digest_bytes,
    escapes_output,
)
from diplomacy_archive.output.manifest import (
    MANIFEST,
    Manifest,
    Record,
    output_id,
    read_manifest,
    write_manifest,
)
from diplomacy_archive.output.swap import exchange
from diplomacy_archive.problems import Problem, UsageError, display_path, problem_args

MARKER = MANIFEST
# Files a host or a deploy tool puts beside a site; a folder holding only these (or hidden
# entries such as .git) may become an output folder, and they are kept there.
HOST_FILES = frozenset({"CNAME", "_headers", "_redirects", "netlify.toml", "vercel.json",
                        "web.config", "staticwebapp.config.json"})

Item = OutputFile | CopiedFile | KeptFile | StagedFile
PLACE_SUFFIX = ".diplomacy-archive-new"  # a file being put in place in the spare
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
                                    N_("{origin} would be written outside the output folder "
                                       "('{path}')"), N_("check the slug and the urls: settings"),
                                    args=problem_args({"origin": item.origin,
                                                       "path": item.path})))
            continue
        key = item.path.casefold()  # one file on case-insensitive disks (macOS, Windows)
        other = first_by_path.setdefault(key, item)
        if other is not item:
            problems.append(Problem(item.origin_path, None, None,
                                    N_("{origin} and {other} would both be written to '{path}'"),
                                    N_("rename or move one of them so each has its own address"),
                                    args=problem_args({"origin": item.origin,
                                                       "other": other.origin,
                                                       "path": item.path})))
    folders: set[str] = set()  # every folder a file is in (its parents added with it, once)
    for key in first_by_path:
        folder = key.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    for folder in sorted(folders & first_by_path.keys()):  # a file where others need a folder
        outer = first_by_path[folder]
        for key, item in first_by_path.items():
            if not key.startswith(folder + "/"):
                continue
            problems.append(Problem(item.origin_path, None, None,
                                    N_("{origin} would be written inside '{path}', which is "
                                       "{other}"),
                                    N_("rename or move one of them so each has its own address"),
                                    args=problem_args({"origin": item.origin,
                                                       "other": outer.origin,
                                                       "path": outer.path})))
            break  # one is enough to say so
    return problems


def check_output_folder(out: Path, site: Path) -> None:
    """Refuse an output folder whose use would put the site's own files at risk."""
    out_r, site_r = out.resolve(), site.resolve()
    if out.is_symlink():
        raise UsageError(_("the output folder {out} is a symbolic link to {target}; give that "
                           "folder with --out instead").format(out=display_path(out),
                                                               target=os.readlink(out)))
    if out_r == site_r or out_r in site_r.parents:
        raise UsageError(_("the output folder {out} contains the site itself; choose a folder "
                           "such as public/").format(out=display_path(out)))
    for protected in ("content", "data", "templates", "assets", "static", ".git", ".cache"):
        folder = site_r / protected
        # the preview builds into .cache/preview: only the cache folder itself is refused
        if out_r == folder or (folder in out_r.parents and protected != ".cache"):
            raise UsageError(_("the output folder {out} is inside {folder}/; choose a folder "
                               "such as public/").format(out=display_path(out),
                                                         folder=protected))
    if out.exists() and not out.is_dir():
        raise UsageError(_("{out} is a file, not a folder").format(out=display_path(out)))
    if out.is_dir() and not output_id(out):
        others = sorted(entry.name for entry in os.scandir(out) if not _host_entry(entry.name))
        if others:
            listed = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
            raise UsageError(_("{out} already holds files this generator did not write "
                               "({files}); choose an empty folder, or move those files away "
                               "first").format(out=display_path(out), files=listed))


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
    elif previous is not None:  # an older version's build, which kept no list: all but a
        ours = frozenset(p for p in present  # host's files and hidden ones are ours
                         if not _host_entry(p.split("/")[0]))
    elif (out / MANIFEST).exists():  # a record that cannot be read: what this build writes
        wanted = {item.path for item in items}  # is replaced, nothing else is touched
        ours = frozenset(p for p in present if p in wanted)
    else:
        ours = frozenset()
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
                N_("{origin} would replace {file}, which this generator did not write"),
                N_("move that file away, or give the page another address"),
                args=problem_args({"origin": item.origin,
                                   "file": display_path(out / clash)})))
    return problems


# ---------------------------------------------------------------- publishing

def pages_staging(out: Path) -> Path:
    """Where a build's rendered pages wait to be moved into the spare copy (beside the output,
    so on its file system: a move is a rename)."""
    return out.parent / f".{out.name}.pages-{os.getpid()}"


def spare_of(out: Path) -> Path:
    """The previous generation of the site, kept beside it to become the next one."""
    return out.parent / f".{out.name}.spare"


def publish(plan: Plan, items: list[Item], version: str, step: Step | None = None
            ) -> WriteStats:
    """Make ``plan.out`` hold exactly ``items`` plus the files someone else put there, in one
    swap. Raises OutputChanged when a reused page is no longer as the last build left it."""
    step = step or _no_step
    out = plan.out
    stats = WriteStats(output_id=uuid.uuid4().hex)
    out.parent.mkdir(parents=True, exist_ok=True)
    spare = spare_of(out)
    step("staging")
    known = _ready_spare(spare)
    try:
        records = _update(plan, items, spare, known, stats, step)
        _mirror_foreign(plan, spare, known, step)
        step("manifest")
        write_manifest(spare / MANIFEST, version, stats.output_id, records, plan.foreign)
        os.chmod(spare, 0o755)
        step("flush")
        if hasattr(os, "sync"):
            os.sync()  # all of the new site is on disk before it takes the old one's place
        step("swap")
    except BaseException:
        shutil.rmtree(spare, ignore_errors=True)  # half-changed: nothing useful is left beside
        raise
    _swap_in(spare, out, step)
    _sync_folder(out.parent)
    if plan.previous is not None and plan.previous.files is not None:
        stats.deleted = len(plan.ours - records.keys())
    stats.foreign = len(plan.foreign)
    return stats


def _no_step(_name: str) -> None:
    return None


def _ready_spare(spare: Path) -> Manifest | None:
    """The spare folder, marked as being changed (its record removed first: a build killed
    while changing it leaves no record, and the next one starts the spare afresh); returns
    the record it had, or None when it is new."""
    known = read_manifest(spare) if spare.is_dir() and not spare.is_symlink() else None
    if known is None or known.files is None:
        if spare.is_symlink() or spare.is_file():
            spare.unlink()
        elif spare.exists():
            shutil.rmtree(spare)
        spare.mkdir()
        return None
    (spare / MANIFEST).unlink()
    return known


def _update(plan: Plan, items: list[Item], spare: Path, known: Manifest | None,
            stats: WriteStats, step: Step) -> dict[str, Record]:
    """Bring the spare to the new site: a file it already holds as the new site needs is
    left alone, a file the live site holds as needed is linked from there, anything else is
    written; files of ours no longer produced are removed. Returns the record of ours."""
    live = plan.previous.files if plan.previous is not None and plan.previous.files else {}
    spare_files = known.files if known is not None and known.files else {}
    root, spare_root = str(plan.out), str(spare)
    records: dict[str, Record] = {}
    for item in items:
        step(item.path)
        digest = item_digest(item)
        in_spare = os.path.join(spare_root, item.path)  # plain strings: 20,000 Paths cost a second
        record = spare_files.get(item.path)
        if record is not None and record[0] == digest and _as_recorded(in_spare, record):
            records[item.path] = record  # the spare has it already (the same file as live)
            stats.unchanged += 1
            continue
        in_live = os.path.join(root, item.path)
        record = live.get(item.path)
        if record is not None and record[0] == digest and _as_recorded(in_live, record):
            _place_link(in_live, spare_root, item.path)
            records[item.path] = record
            stats.unchanged += 1
        elif record is None and _same_content(item, in_live, digest):
            # not in the record (an older version's output): the bytes decide
            _place_link(in_live, spare_root, item.path)
            info = os.stat(in_live)
            records[item.path] = (digest, info.st_size, info.st_mtime_ns)
            stats.unchanged += 1
        elif isinstance(item, KeptFile):
            raise OutputChanged(_("{file} was changed or removed by hand since the last build; "
                                  "build again with --no-cache to write every page").format(
                file=display_path(Path(in_live))))
        else:
            _place_new(item, spare_root, item.path)
            info = os.stat(in_spare)
            records[item.path] = (digest, info.st_size, info.st_mtime_ns)
            stats.written += 1
    gone = [path for path in spare_files if path not in records]
    _remove(spare_root, gone)
    return records


def _mirror_foreign(plan: Plan, spare: Path, known: Manifest | None, step: Step) -> None:
    """The spare holds the same files of someone else's as the live site (hard links to
    them), and no longer those that were removed from it."""
    root, spare_root = str(plan.out), str(spare)
    for path in plan.foreign:
        step(f"keep {path}")
        live, copy = os.path.join(root, path), os.path.join(spare_root, path)
        try:
            if os.path.samestat(os.lstat(live), os.lstat(copy)):
                continue
        except OSError:
            pass
        _place_link(live, spare_root, path)
    dropped = set(known.foreign if known is not None else ()) - set(plan.foreign)
    _remove(spare_root, sorted(dropped))


def _clear_way(root: str, rel: str) -> str:
    """The absolute path of ``rel`` under ``root``, with its folders made: a file (or link)
    where a folder must be, or a folder where the file must be, is removed first."""
    target = os.path.join(root, rel)
    parts = rel.split("/")
    folder = root
    for part in parts[:-1]:
        folder = os.path.join(folder, part)
        if os.path.islink(folder) or (os.path.exists(folder) and not os.path.isdir(folder)):
            os.unlink(folder)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)
    return target


def _place_new(item: OutputFile | CopiedFile | StagedFile, root: str, rel: str) -> None:
    """Write a new file at ``rel``: a fresh file renamed over the old name, never written into
    the old file, which may be a hard link to the live site's. A staged file is moved in."""
    target = _clear_way(root, rel)
    if isinstance(item, StagedFile):
        if item.file is None:
            raise ValueError(f"{item.path} was not staged")
        os.replace(item.file, target)
        return
    temp = f"{target}{PLACE_SUFFIX}"
    if isinstance(item, OutputFile):
        with open(temp, "wb") as handle:
            handle.write(item.content)
    else:
        shutil.copyfile(item.source, temp)
    os.replace(temp, target)


def _place_link(source: str, root: str, rel: str) -> None:
    """A hard link to ``source`` at ``rel`` (a link itself is linked, never followed), put in
    place by rename; a copy keeping its times where the file system has no hard links."""
    target = _clear_way(root, rel)
    temp = f"{target}{PLACE_SUFFIX}"
    try:
        os.link(source, temp, follow_symlinks=False)
    except OSError:
        if os.path.islink(source):
            os.symlink(os.readlink(source), temp)
        else:
            shutil.copy2(source, temp, follow_symlinks=False)
    os.replace(temp, target)


def _remove(root: str, paths: list[str]) -> None:
    """Remove files (never folders of someone else's) and the folders they leave empty."""
    folders = set()
    for rel in paths:
        target = os.path.join(root, rel)
        if os.path.lexists(target) and not (os.path.isdir(target)
                                            and not os.path.islink(target)):
            os.unlink(target)
        folders.add(os.path.dirname(target))
    for folder in sorted(folders, key=len, reverse=True):
        while folder != root and folder.startswith(root):
            try:
                os.rmdir(folder)
            except OSError:
                break
            folder = os.path.dirname(folder)


def _same_content(item: Item, path: str, digest: str) -> bool:
    """The regular file at ``path`` holds exactly what ``item`` would write."""
    try:
        info = os.lstat(path)
        if not os.path.isfile(path) or os.path.islink(path):
            return False
        if isinstance(item, OutputFile):
            return info.st_size == len(item.content) and Path(path).read_bytes() == item.content
        if isinstance(item, (KeptFile, StagedFile)):
            return digest_bytes(Path(path).read_bytes()) == digest
        source = item.source.stat()
        return (info.st_size == source.st_size
                and Path(path).read_bytes() == item.source.read_bytes())
    except OSError:
        return False


def _as_recorded(path: str, record: Record) -> bool:
    """The file is still the regular file the last build wrote (same size and time)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (info.st_size == record[1] and info.st_mtime_ns == record[2]
            and stat.S_ISREG(info.st_mode))


def _swap_in(spare: Path, out: Path, step: Step) -> None:
    """Put the spare in the place of ``out``; the old site becomes the spare."""
    if not out.exists():
        os.rename(spare, out)
        return
    if exchange(spare, out):
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(retired)
    os.rename(out, retired)
    step("between renames")
    os.rename(spare, out)
    step("after renames")
    os.rename(retired, spare)


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
    """Set right what a build killed while publishing left beside ``out``: if the old site had
    been renamed aside and the new one never took its place, put it back; a renamed-aside old
    site beside a complete new one becomes the spare. Folders of older versions' staging are
    removed. (A spare killed half-way is started afresh by the next publish.) Returns the
    names removed or renamed."""
    parent, name = out.parent, out.name
    if not parent.is_dir():
        return []
    touched = []
    retired = sorted(entry for entry in parent.iterdir()
                     if entry.name.startswith(f".{name}.old-") and entry.is_dir()
                     and not entry.is_symlink())
    spare = spare_of(out)
    for entry in retired:
        if not out.exists() and read_manifest(entry) is not None:
            os.rename(entry, out)
        elif not spare.exists():
            os.rename(entry, spare)
        else:
            shutil.rmtree(entry, ignore_errors=True)
        touched.append(entry.name)
    for entry in parent.iterdir():
        if (entry.name.startswith((f".{name}.new-", f".{name}.pages-")) and entry.is_dir()
                and not entry.is_symlink()):
            shutil.rmtree(entry, ignore_errors=True)  # pages of a killed build, or an older
            touched.append(entry.name)  # version's staging folder
    return touched


def item_digest(item: Item) -> str:
    """What identifies a file's content: its bytes' digest, or, for a copy, its source's
    stamp (modification and change times, size and inode: a restored mtime still changes the
    change time)."""
    if isinstance(item, (OutputFile, KeptFile, StagedFile)):
        return item.digest
    info = item.source.stat()
    return (f"copy:{item.source}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_size}:"
            f"{info.st_ino}")


__all__ = ["MARKER", "OutputChanged", "Plan", "WriteStats", "check_output_folder",
           "check_outputs", "item_digest", "output_id", "pages_staging", "plan_output", "publish",
           "recover", "spare_of"]
