"""The search index in shards: merged, it holds what one Pagefind run over every page holds;
made again only where pages changed, it equals a clean build's, byte for byte.

No browser here: tests/test_search_browser.py compares searches of both in Chromium.
"""

from __future__ import annotations

import gzip
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from bundles import decoded
from conftest import SITES, article_md, clean_build, copy_example, output_bytes, snapshot

from diplomacy_archive.build.pipeline import BuildOptions, build
from diplomacy_archive.output import pagefind_merge as pf
from diplomacy_archive.output import search_index as search


def article_pages(out: Path) -> list[search.SearchPage]:
    return [search.SearchPage(p.relative_to(out).as_posix(), p, "", "")
            for p in sorted((out / "bai-viet").glob("*/index.html"))]


def dates_of(index: dict[str, Any], out: Path) -> list[str]:
    """The dates of the pages in the order of the date sort."""
    found = []
    for url in index["sorts"]["date"]:
        page = (out / url.lstrip("/") / "index.html").read_text(encoding="utf-8")
        found.append(page.split('data-pagefind-sort="date[datetime]"')[0]
                     .rsplit('datetime="', 1)[1].split('"')[0])
    return found


@pytest.mark.parametrize("shard_pages", [1, 2, 500])
def test_the_merged_shards_hold_what_one_index_holds(tmp_path: Path, shard_pages: int) -> None:
    site = copy_example(tmp_path / "site")
    out = tmp_path / "out"
    build(BuildOptions(site=site, out=out, search_shard_pages=shard_pages, jobs=2))
    shards = next((site / ".cache").glob("*.shards"))
    assert len(list(shards.iterdir())) == {1: 9, 2: 6, 500: 4}[shard_pages]
    one, _ = search.index_pages(article_pages(out), tmp_path / "one", "vi")
    merged, single = decoded(out / "pagefind"), decoded(one)
    assert merged["page_count"] == single["page_count"] == 9
    for part in ("pages", "words", "filters", "fields"):
        assert merged[part] == single[part], part
    assert len(merged["words"]) > 400 and any(v for _, v in merged["words"].values())
    # by date, oldest first, as one index sorts them
    assert dates_of(merged, out) == sorted(dates_of(merged, out)) == dates_of(single, out)


def test_merging_one_shard_gives_back_pagefinds_own_files(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    build(BuildOptions(site=site, jobs=1, search=False))
    bundle, indexed = search.index_pages(article_pages(site / "public"), tmp_path / "one", "vi")
    assert indexed == 9
    shard = pf.read_shard(bundle, "all", "inputs")
    again = pf.PlacedShard.from_bytes(shard.to_bytes())
    assert again == shard
    files = pf.merge([again], "vi")

    def raw(path: Path) -> bytes:
        return gzip.decompress(path.read_bytes())
    # the word index byte for byte, the meta file but for the filters' names and order
    assert {raw(p) for p in (bundle / "index").iterdir()} == {
        data for name, data in files.items() if name.startswith("index/")}
    theirs = pf.read_cbor(next(bundle.glob("*.pf_meta")).read_bytes())
    [ours] = [pf.cbor2.loads(data[len(pf.SIGNATURE):]) for name, data in files.items()
              if name.endswith(".pf_meta")]
    assert ours[:3] == theirs[:3] and ours[4:] == theirs[4:]
    assert sorted(name for name, _ in ours[3]) == sorted(name for name, _ in theirs[3])


def test_a_shard_placed_elsewhere_moves_its_pages_and_fields(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    build(BuildOptions(site=site, jobs=1, search=False))
    bundle, _ = search.index_pages(article_pages(site / "public"), tmp_path / "one", "vi")
    shard = pf.read_shard(bundle, "all", "inputs")
    fields = shard.fields
    wider = ["a-field-first", *fields]
    moved = shard.placed(7, wider)
    assert moved.offset == 7 and moved.fields == wider
    assert moved.sorts["date"] == [p + 7 for p in shard.sorts["date"]]
    assert all(v == [p + 7 for p in shard.filters["year"][k]]
               for k, v in moved.filters["year"].items())
    def named(run: list[Any], names: list[str]) -> list[Any]:
        count, first, last, head, rest = run
        if not count:
            return []
        entries = [[first, *pf._array(2, head)], *pf._array(count - 1, rest)]
        return [[page, locations, [names[-1 - v] if v < 0 else v for v in meta]]
                for page, locations, meta in entries] + [last]
    for before, after in zip(shard.words, moved.words, strict=True):
        assert after[2][1:3] == ([before[2][1] + 7, before[2][2] + 7] if before[2][0] else
                                 [0, 0])
        renamed = named(after[2], wider)
        if renamed:
            renamed[0][0] -= 7
            renamed[-1] -= 7
        assert renamed == named(before[2], fields)
    assert moved.placed(0, fields) == shard  # and back


def test_a_damaged_shard_in_the_cache_is_made_again(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    build(BuildOptions(site=site, jobs=1))
    before = snapshot(site / "public")
    store = next((site / ".cache").glob("*.shards"))
    (store / "2020-000.cbor").write_bytes(b"\x9f\xff not a shard")
    (store / "2019-000.cbor").write_bytes(pf.cbor2.dumps([1, "2019-000", "x"]))
    page = next((site / "content" / "2021").glob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    result = build(BuildOptions(site=site, jobs=1))
    assert result.indexed == 2 + 5 + 1  # the damaged shards and the one whose page changed
    after = snapshot(site / "public")
    assert {p for p in before if p.startswith("pagefind/index/")} != \
        {p for p in after if p.startswith("pagefind/index/")}
    assert output_bytes(site / "public") == clean_build(site, tmp_path / "clean")


def test_incremental_builds_equal_clean_ones_under_random_edits(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    options = BuildOptions(site=site, search_shard_pages=2, jobs=2)
    build(options)
    rng = random.Random(12)
    content = site / "content"
    made = 0
    for step in range(10):
        articles = sorted(content.rglob("*.md"))
        kind = rng.choice(["body", "tags", "new", "remove", "move", "title"])
        if kind == "body":
            page = rng.choice(articles)
            page.write_text(page.read_text(encoding="utf-8") + f"\nĐoạn thêm số {step}.\n",
                            encoding="utf-8")
        elif kind == "tags":
            page = rng.choice(articles)
            text = page.read_text(encoding="utf-8")
            if "\ntags: [" in text:
                text = text.replace("\ntags: [", f"\ntags: [thử nghiệm {step}, ", 1)
            else:
                text = text.replace("---\n", f"---\ntags: [thử nghiệm {step}]\n", 1)
            page.write_text(text, encoding="utf-8")
        elif kind in ("new", "move"):
            year = rng.choice([2019, 2020, 2021, 2023])
            target = content / str(year) / f"bai-moi-{step}.md"
            target.parent.mkdir(exist_ok=True)
            target.write_text(article_md(f"Bài mới số {step} về đối ngoại nhân dân",
                                         f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                                         f"Hội hữu nghị gặp gỡ bạn bè lần thứ {step}."),
                              encoding="utf-8")
            if kind == "move" and len(articles) > 3:
                rng.choice(articles).unlink()
        elif kind == "remove" and len(articles) > 3:
            rng.choice(articles).unlink()
        elif kind == "title":
            page = rng.choice(articles)
            text = page.read_text(encoding="utf-8")
            page.write_text(text.replace("title: ", f"title: Đổi {step} ", 1), encoding="utf-8")
        result = build(options)
        made += result.indexed
        assert output_bytes(site / "public") == clean_build(
            site, tmp_path / "clean", search_shard_pages=2, jobs=2), kind
    assert 0 < made < 10 * 9  # shards were made again, never all of them each time


def test_the_search_site_in_shards_by_year(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "search", site)
    build(BuildOptions(site=site, jobs=1, search_shard_pages=1))
    store = next((site / ".cache").glob("*.shards"))
    assert sorted(p.name for p in store.iterdir()) == [
        "2020-000.cbor", "2021-000.cbor", "2021-001.cbor", "2022-000.cbor", "2022-001.cbor"]
