"""One build at a time per site: an exclusive lock on <site>/.cache/lock.

The lock is the operating system's (flock on POSIX, msvcrt on Windows), so it is released when
the process ends, even by kill -9; the file only says who holds it, for the message.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from diplomacy_archive.i18n import _
from diplomacy_archive.problems import SiteError
from diplomacy_archive.source.site_folders import CACHE_DIR

LOCK_FILE = "lock"
_RECORD = re.compile(r"process (?P<pid>\d+), (?P<command>.+), since (?P<time>\S+)")

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class SiteBusy(SiteError):
    """Another process is building this site."""


def cache_folder(site: Path) -> Path:
    """<site>/.cache, created if missing; a clear error when something else has that name."""
    folder = site / CACHE_DIR
    if folder.is_symlink():
        raise SiteError(_("{folder} is a symbolic link (to {target}); the generator keeps its "
                          "cache in a folder of the site: remove the link").format(
            folder=folder, target=os.readlink(folder)))
    if folder.exists() and not folder.is_dir():
        raise SiteError(_("{folder} is a file, not a folder; the generator keeps its cache "
                          "there: move the file away or delete it").format(folder=folder))
    folder.mkdir(exist_ok=True)
    return folder


@contextlib.contextmanager
def site_lock(site: Path, what: str, wait: float = 5.0) -> Iterator[None]:
    """Hold the site's lock while the block runs; wait up to ``wait`` seconds for another
    process to release it, then raise SiteBusy naming that process."""
    path = cache_folder(site) / LOCK_FILE
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise SiteBusy(_("another build is using this site ({holder}); wait for it "
                                 "to finish, or stop it, then run the command again").format(
                    holder=_holder(path)))
            time.sleep(0.1)
        os.ftruncate(handle, 0)
        # a record, not a message: the process that reads it shows it in its own language
        os.write(handle, f"process {os.getpid()}, {what}, since "
                         f"{datetime.now().strftime('%H:%M:%S')}\n".encode())
        try:
            yield
        finally:
            os.ftruncate(handle, 0)
            _unlock(handle)
    finally:
        os.close(handle)


def _try_lock(handle: int) -> bool:
    if fcntl is not None:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    import msvcrt  # pragma: no cover - Windows
    try:
        msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _unlock(handle: int) -> None:
    if fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_UN)
        return
    import msvcrt  # pragma: no cover - Windows
    os.lseek(handle, 0, os.SEEK_SET)
    msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)


def _holder(path: Path) -> str:
    """Who holds the lock, from the record it wrote, in the chosen language."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    record = _RECORD.fullmatch(text)
    if record is not None:
        return _("process {pid}, {command}, since {time}").format(
            pid=record["pid"], command=record["command"], time=record["time"])
    return text or _("a process that has just started")
