"""The unit every stage hands to the writer: one file of the output, and where it came from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path


def digest_bytes(data: bytes) -> str:
    """The digest that identifies a file's content everywhere in the build."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class OutputFile:
    """``path`` is relative to the output folder, with '/' separators (``bai-viet/x/index.html``).

    ``origin`` names what produced it and ``origin_path`` the file an editor would change, for
    messages about two files on one path (pages made from URL patterns point at config.yaml);
    ``sources`` are the article ids it was built from.
    """

    path: str
    content: bytes
    origin: str
    origin_path: str = "config.yaml"
    sources: tuple[str, ...] = ()

    @cached_property
    def digest(self) -> str:
        return digest_bytes(self.content)


@dataclass(frozen=True)
class KeptFile:
    """A page whose inputs did not change since the build that wrote it: it is not rendered
    again, and the writer leaves the file in the output as it is."""

    path: str
    digest: str
    origin: str
    origin_path: str = "config.yaml"


@dataclass(frozen=True)
class StagedFile:
    """A file already written to a staging folder (a rendered page, a file of the search
    index): publishing moves it into place, so that the bytes of every page are never held in
    memory at once. ``file`` is None in a check, which writes nothing."""

    path: str
    file: Path | None
    digest: str
    origin: str
    origin_path: str = "config.yaml"
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class CopiedFile:
    """A file copied as it is (theme assets, static files) from ``source`` to ``path``."""

    path: str
    source: Path
    origin: str
    origin_path: str


def escapes_output(path: str) -> bool:
    """True when a relative output path would land outside the output folder."""
    if not path or "\\" in path or "\x00" in path or path.startswith(("/", "~")):
        return True
    return ".." in path.split("/")
