"""The record, kept inside the output folder, of every file this generator wrote there.

It is what makes a build safe without its cache: only files listed here are ever left out of a
new build (that is, deleted); anything else in the folder (``.git``, ``CNAME``, a host's
configuration) was put there by someone else and is carried into every new build as it is.

The file is three lines of JSON: a header ``{"generator", "version", "build"}``, the list of
files we wrote as ``[path, digest, size, mtime_ns]``, and the list of the paths of someone
else's files the folder holds (so the spare copy knows what to drop when one goes). One JSON
document per line keeps reading and writing 20,000 records to two calls of the C parser. Builds
before this format wrote one line, ``<version> <build id>``, and no list of files (``files`` is
None for those).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".diplomacy-archive"
GENERATOR = "diplomacy-archive"

Record = tuple[str, int, int]  # digest, size, mtime_ns


@dataclass(frozen=True)
class Manifest:
    build_id: str
    version: str
    files: dict[str, Record] | None  # None: written by an older version, which kept no list
    foreign: tuple[str, ...] = ()  # someone else's files the folder held when it was made


def header_line(version: str, build_id: str) -> str:
    return json.dumps({"generator": GENERATOR, "version": version, "build": build_id}) + "\n"


def write_manifest(path: Path, version: str, build_id: str, files: dict[str, Record],
                   foreign: tuple[str, ...]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(header_line(version, build_id))
        handle.write(json.dumps([[name, *record] for name, record in files.items()],
                                ensure_ascii=False) + "\n")
        handle.write(json.dumps(list(foreign), ensure_ascii=False) + "\n")


def output_id(out: Path) -> str:
    """The id of the build that last wrote ``out`` ('' when it holds no build of ours); reads
    the first line only."""
    try:
        with (out / MANIFEST).open(encoding="utf-8") as handle:
            first = handle.readline(4096)
    except (OSError, UnicodeDecodeError):
        return ""
    header = _header(first)
    if header is not None:
        return header[1]
    parts = first.split()
    return parts[-1] if len(parts) == 2 else ""


def read_manifest(out: Path) -> Manifest | None:
    """The record of ``out``, or None when there is none (or it cannot be read: then nothing
    in the folder is known to be ours, and nothing is deleted)."""
    try:
        lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if not lines:
        return None
    header = _header(lines[0])
    if header is None:
        parts = lines[0].split()
        return Manifest(parts[1], parts[0], None) if len(parts) == 2 else None
    try:
        entries = json.loads(lines[1]) if len(lines) > 1 else []
        foreign = json.loads(lines[2]) if len(lines) > 2 else []
    except ValueError:
        return None  # a damaged record: trust none of it
    if not (isinstance(entries, list) and isinstance(foreign, list)
            and all(isinstance(path, str) for path in foreign)):
        return None
    files: dict[str, Record] = {}
    for entry in entries:
        if not (isinstance(entry, list) and len(entry) == 4 and isinstance(entry[0], str)
                and isinstance(entry[1], str) and isinstance(entry[2], int)
                and isinstance(entry[3], int)):
            return None
        files[entry[0]] = (entry[1], entry[2], entry[3])
    return Manifest(header[1], header[0], files, tuple(foreign))


def _header(line: str) -> tuple[str, str] | None:
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if (isinstance(data, dict) and data.get("generator") == GENERATOR
            and isinstance(data.get("build"), str) and isinstance(data.get("version"), str)):
        return data["version"], data["build"]
    return None
