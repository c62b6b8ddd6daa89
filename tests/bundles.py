"""Reading a Pagefind bundle back, for the tests of the search index in shards."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from diplomacy_archive.output import pagefind_merge as pf


def decoded(bundle: Path) -> dict[str, Any]:
    """A bundle's index with page numbers replaced by the pages' addresses and meta field
    numbers by names: what searching it can give, whatever the numbering and the chunks."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    (_, info), = entry["languages"].items()
    meta = pf.read_cbor((bundle / f"pagefind.{info['hash']}.pf_meta").read_bytes())
    _, pages, chunks, filters, sorts, fields = meta
    urls = []
    for fragment, _count in pages:
        data = gzip.decompress((bundle / "fragment" / f"{fragment}.pf_fragment").read_bytes())
        urls.append(json.loads(data[len(pf.SIGNATURE):])["url"])

    def places(found: list[Any]) -> list[tuple[Any, ...]]:
        at, listed = 0, []
        for delta, locations, meta_locations in found:  # page numbers are deltas
            at += delta
            listed.append((urls[at], tuple(locations),
                           tuple(fields[-1 - v] if v < 0 else v for v in meta_locations)))
        return sorted(listed)

    words: dict[str, Any] = {}
    forms: dict[str, list[str]] = {}
    for start, end, name in chunks:
        (entries,) = pf.read_cbor((bundle / "index" / f"{name}.pf_index").read_bytes())
        for word, found, variants in entries:
            assert start <= word and (word <= end or word.startswith(end)), (start, word, end)
            assert word not in words  # each word in one chunk
            words[word] = (places(found), sorted((w, tuple(places(f))) for w, f in variants))
            forms[word] = [w for w, _ in variants]  # in their order: it changes scores
    values = {}
    for name, file_hash in filters:
        filter_name, found = pf.read_cbor((bundle / "filter" / f"{file_hash}.pf_filter")
                                          .read_bytes())
        assert filter_name == name
        values[name] = {value: sorted(urls[p] for p in pages_of) for value, pages_of in found}
    return {"pages": sorted(zip(urls, (count for _, count in pages), strict=True)),
            "words": words, "forms": forms, "filters": values, "fields": fields,
            "sorts": {name: [urls[p] for p in order] for name, order in sorts},
            "page_count": info["page_count"]}
