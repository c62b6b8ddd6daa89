"""Pagefind's bundle made the same from run to run (Pagefind issue #638).

Pagefind 1.5 writes each filter file (``filter/<lang>_<hash>.pf_filter``) with its values in
hash-map order, and lists the filters in the language's meta file (``pagefind.<lang>_<hash>.
pf_meta``) in hash-map order too; 1.5.2's hash maps are seeded per process, so every run of it
over the same pages writes those files differently (and names them differently: the names are
hashes of the content). Everything else (fragments, word index) is already reproducible.
Sorting the input does not help (measured); rewriting does: ``canonicalize`` sorts each filter's
values and the list of filters, names the files the way Pagefind names them, and rewrites the
meta file and ``pagefind-entry.json`` to match. The browser reads them as before.

The files are gzip (mtime 0 here) of a signature and CBOR; a small CBOR codec for what they hold
(definite-length arrays and maps, text and byte strings, integers, booleans, null) is here, as
a library would be more code than the codec. Made with Pagefind 1.5.2's formats, which
pyproject.toml pins.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class BundleFormatError(ValueError):
    """A file of the bundle is not what this version of Pagefind writes."""


# ---------------------------------------------------------------- CBOR

def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | extra]) + number.to_bytes(size, "big")
    raise BundleFormatError("integer too large")


def cbor_encode(value: Any) -> bytes:
    if value is False:
        return b"\xf4"
    if value is True:
        return b"\xf5"
    if value is None:
        return b"\xf6"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode()
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(cbor_encode(k) + cbor_encode(v)
                                                for k, v in value.items())
    raise BundleFormatError(f"cannot write a {type(value).__name__} as CBOR")


def cbor_decode(data: bytes) -> Any:
    value, end = _decode(data, 0)
    if end != len(data):
        raise BundleFormatError("trailing bytes after the CBOR value")
    return value


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    # Pagefind's filter and meta files nest three or four deep: recursion is bounded by them.
    if at >= len(data):
        raise BundleFormatError("the CBOR value ends early")
    first = data[at]
    major, info = first >> 5, first & 31
    at += 1
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info not in simple:
            raise BundleFormatError(f"CBOR simple value {info} is not supported")
        return simple[info], at
    if info < 24:
        number = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        number = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise BundleFormatError("indefinite CBOR lengths are not supported")
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major == 2:
        return bytes(data[at:at + number]), at + number
    if major == 3:
        return data[at:at + number].decode(), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(number):
            key, at = _decode(data, at)
            mapping[key], at = _decode(data, at)
        return mapping, at
    raise BundleFormatError(f"CBOR major type {major} is not supported")


# ---------------------------------------------------------------- the bundle's files

def pagefind_hash(data: bytes) -> str:
    """Pagefind's name hash: sha1, each byte in hex without zero padding."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(data).digest())


def read_cbor(path: Path) -> bytes:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise BundleFormatError(f"{path.name} has no Pagefind signature")
    return raw[len(SIGNATURE):]


def write_cbor(path: Path, cbor: bytes) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + cbor, compresslevel=9, mtime=0))


def canonicalize(bundle: Path) -> None:
    """Rewrite the filter files, the meta file and pagefind-entry.json of ``bundle`` in one
    order, whatever order Pagefind wrote them in."""
    entry_path = bundle / "pagefind-entry.json"
    entry_text = entry_path.read_text(encoding="utf-8")
    entry = json.loads(entry_text)
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = cbor_decode(read_cbor(meta_path))
        # [version, pages, index chunks, filters, sorts, ...]: filters are [name, file hash]
        filters = meta[3]
        renamed: dict[str, str] = {}
        taken: set[str] = set()
        for name, old in sorted(filters):
            path = bundle / "filter" / f"{old}.pf_filter"
            data = cbor_decode(read_cbor(path))
            data[1].sort(key=lambda value: value[0])  # [filter name, [[value, pages]...]]
            cbor = cbor_encode(data)
            full = f"{language}_{pagefind_hash(cbor)}"
            short = full[:len(language) + 8]
            while short in taken and len(short) < len(full):
                short = full[:len(short) + 1]
            taken.add(short)
            path.unlink()
            write_cbor(bundle / "filter" / f"{short}.pf_filter", cbor)
            renamed[name] = short
        meta[3] = [[name, renamed[name]] for name, _ in sorted(filters)]
        cbor = cbor_encode(meta)
        new_hash = f"{language}_{pagefind_hash(cbor)[:len(language) + 8]}"
        meta_path.unlink()
        write_cbor(bundle / f"pagefind.{new_hash}.pf_meta", cbor)
        entry_text = entry_text.replace(f'"{info["hash"]}"', f'"{new_hash}"')
    entry_path.write_text(entry_text, encoding="utf-8")
