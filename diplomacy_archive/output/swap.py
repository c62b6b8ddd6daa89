"""Swapping two folders in one step, where the system can: Linux renameat2(RENAME_EXCHANGE),
macOS renamex_np(RENAME_SWAP). Elsewhere (or on a file system that refuses), the caller falls
back to two renames."""

from __future__ import annotations

import ctypes
import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 2  # macOS sys/stdio.h
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap two existing paths on one file system. False when the system cannot
    (nothing was changed then); raises OSError for any other failure."""
    function, args = _swap_call(first, second)
    if function is None:
        return False
    if function(*args) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def _swap_call(first: Path, second: Path) -> tuple[Callable[..., int] | None, tuple[object, ...]]:
    if sys.platform.startswith("linux"):
        function = _libc_function("renameat2")
        return function, (_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                          _RENAME_EXCHANGE)
    if sys.platform == "darwin":
        function = _libc_function("renamex_np")
        return function, (os.fsencode(first), os.fsencode(second), _RENAME_SWAP)
    return None, ()


def _libc_function(name: str) -> Callable[..., int] | None:
    try:
        function: Callable[..., int] = getattr(ctypes.CDLL(None, use_errno=True), name)
    except (AttributeError, OSError):
        return None
    return function
