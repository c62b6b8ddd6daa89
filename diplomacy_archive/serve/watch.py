"""What the preview watches: the site's sources, scanned by polling (standard library only)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from diplomacy_archive.i18n import _
from diplomacy_archive.problems import display_path
from diplomacy_archive.source.site_folders import (
    ASSETS_DIR,
    CONFIG_FILE,
    CONTENT_DIR,
    DATA_DIR,
    STATIC_DIR,
    TEMPLATES_DIR,
)

WATCHED = (CONTENT_DIR, DATA_DIR, TEMPLATES_DIR, ASSETS_DIR, STATIC_DIR, CONFIG_FILE)

Stamp = tuple[int, int, int]  # modification time (ns), size, inode of one watched file


def watch_paths(site: Path) -> list[Path]:
    """The sources of a site that a rebuild depends on."""
    return [site / name for name in WATCHED]


def scan(paths: Iterable[Path], skip: Path | None = None) -> dict[Path, Stamp]:
    """Every watched file with its stamp; hidden files, backups and the ``skip`` folder left out."""
    found: dict[Path, Stamp] = {}
    skipped = os.path.abspath(skip) if skip is not None else ""
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode):
            _scan_folder(path, found, skipped)
        else:
            found[path] = (info.st_mtime_ns, info.st_size, info.st_ino)
    return found


def _scan_folder(folder: Path, found: dict[Path, Stamp], skipped: str) -> None:
    """Add the visible files under ``folder`` to ``found`` (symlinked folders are not followed)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if ignored_name(entry.name):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                if os.path.abspath(entry.path) != skipped:  # the output, if it is watched
                    _scan_folder(folder / entry.name, found, skipped)
            else:
                info = entry.stat()
                found[folder / entry.name] = (info.st_mtime_ns, info.st_size, info.st_ino)
        except OSError:
            continue


def ignored_name(name: str) -> bool:
    """Hidden files (the generator skips them; editors' swap and lock files) and ``~`` backups."""
    return name.startswith(".") or name.endswith("~")


def changed_paths(before: dict[Path, Stamp], after: dict[Path, Stamp]) -> set[Path]:
    """Paths added, removed or modified between two scans."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def describe_changes(changed: set[Path]) -> str:
    """The changed paths in one short line."""
    names = sorted(display_path(path) for path in changed)
    if len(names) > 3:
        return _("{files} and {more} more").format(files=", ".join(names[:3]),
                                                   more=len(names) - 3)
    return ", ".join(names)
