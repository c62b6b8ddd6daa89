"""Finding a site's files without leaving the site: symbolic links that lead outside it, or in a
loop, and files that are not regular files are left out, each with a warning naming it."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from diplomacy_archive.i18n import N_
from diplomacy_archive.problems import Args, Problem, Severity, problem_args, site_path

# (modification time, change time, size, inode): a restored modification time (cp -p, rsync -a,
# tar) still changes the change time, which no program can set.
Stamp = tuple[int, int, int, int]


def stamp_of(info: os.stat_result) -> Stamp:
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)


@dataclass
class Found:
    """The files under one root, by path relative to it (with where each is, as a string:
    a Path object costs 17 µs, which 10,000 files made a third of a build with nothing
    changed), and what was left out."""

    files: dict[str, tuple[str, Stamp]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def outside_link(path: Path, site: Path) -> str | None:
    """Where ``path`` leads when it is (or passes through) a symbolic link to a place outside
    ``site``; None when it stays inside."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None if not path.is_symlink() else os.readlink(path)
    if real.is_relative_to(site.resolve()):
        return None
    return str(real)


def find_files(root: Path, site: Path, inside: Path | None = None) -> Found:
    """Every regular file under ``root`` (a folder, or one file), hidden names left out. A
    symbolic link is followed only when it leads to a place inside ``inside`` (default: the
    site); folders are entered once, so a loop ends with a warning."""
    found = Found()
    boundary = (inside or site).resolve()
    try:
        info = os.lstat(root)
    except OSError:
        return found
    if stat.S_ISDIR(info.st_mode) or stat.S_ISLNK(info.st_mode):
        target = _follow(root, info, boundary, site, found)
        if target is None:
            return found
        root_real, info = target
        if stat.S_ISREG(info.st_mode):
            found.files[""] = (str(root), stamp_of(info))
            return found
        _walk_folder(root, "", {(info.st_dev, info.st_ino)}, boundary, site, found)
    elif stat.S_ISREG(info.st_mode):
        found.files[""] = (str(root), stamp_of(info))
    return found


def _walk_folder(folder: Path, prefix: str, seen: set[tuple[int, int]], boundary: Path,
                 site: Path, found: Found) -> None:
    pending = [(folder, prefix)]
    while pending:
        current, rel = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            _warn(found, current, site, N_("the folder cannot be read ({reason})"),
                  N_("check its permissions; its files are left out"), {"reason": exc.strerror})
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            key = rel + entry.name
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):  # most files: no Path made
                found.files[key] = (entry.path, stamp_of(info))
                continue
            path = Path(entry.path)
            if stat.S_ISLNK(info.st_mode):
                target = _follow(path, info, boundary, site, found)
                if target is None:
                    continue
                _, info = target
            if stat.S_ISDIR(info.st_mode):
                identity = (info.st_dev, info.st_ino)
                if identity in seen:
                    _warn(found, path, site, N_("this folder has been read already through "
                                                "another path: symbolic links lead in a loop"),
                          N_("remove the link"))
                    continue
                seen.add(identity)
                pending.append((path, key + "/"))
            elif stat.S_ISREG(info.st_mode):  # through a link
                found.files[key] = (entry.path, stamp_of(info))
            else:
                _warn(found, path, site,
                      N_("this is not a regular file (a device, pipe or socket)"),
                      N_("remove it from the site's folders"))


def _follow(path: Path, info: os.stat_result, boundary: Path, site: Path, found: Found
            ) -> tuple[Path, os.stat_result] | None:
    """The target of a symbolic link when it may be followed, else None and a warning."""
    if not stat.S_ISLNK(info.st_mode):
        return path, info
    try:
        real = path.resolve(strict=True)
        target_info = os.stat(real)
    except RuntimeError:
        _warn(found, path, site, _LOOP, N_("remove the link"))
        return None
    except OSError as exc:
        loop = exc.errno is not None and exc.errno == getattr(os, "ELOOP", 40)
        if loop:
            _warn(found, path, site, _LOOP, N_("remove the link"))
        else:
            _warn(found, path, site, N_("this symbolic link leads nowhere ({target})"),
                  N_("remove the link"), {"target": os.readlink(path)})
        return None
    if not real.is_relative_to(boundary):
        _warn(found, path, site, N_("this is a symbolic link to {target}, outside the site: it "
                                    "is left out"),
              N_("copy the file into the site instead of linking to it"), {"target": real})
        return None
    return real, target_info


_LOOP = N_("this symbolic link leads in a loop")


def _warn(found: Found, path: Path, site: Path, message: str, hint: str,
          args: Args | None = None) -> None:
    """A warning about ``path``; ``message`` and ``hint`` marked N_, filled from ``args``."""
    found.problems.append(Problem(site_path(path, site), None, None, message, hint,
                                  severity=Severity.WARNING, args=problem_args(args)))
