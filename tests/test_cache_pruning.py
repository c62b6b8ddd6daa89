"""The cache under <site>/.cache/ does not grow without end: cards, picture copies, stores and
shards that no build used for 30 days are removed after a build (build/cache_pruning.py), and
nothing else."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from PIL import Image

from diplomacy_archive.build.cache_pruning import KEEP_DAYS, prune_cache
from diplomacy_archive.build.pipeline import BuildOptions, build

DAY = 86400


def age(path: Path, days: float) -> None:
    """Make ``path`` look last written ``days`` days ago."""
    then = time.time() - days * DAY
    os.utime(path, (then, then))


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def retitle(article: Path, title: str) -> None:
    text = article.read_text(encoding="utf-8")
    article.write_text(re.sub(r"^title: .*$", f'title: "{title}"', text, count=1, flags=re.M),
                       encoding="utf-8")


def test_a_build_removes_what_no_build_used_for_30_days(copy_site) -> None:
    site = copy_site("basic")
    cache = site / ".cache"
    build(BuildOptions(site, search=False))
    cards, copies = files(cache / "cards"), files(cache / "images")
    assert cards and copies
    # a new title is a new card, a new picture new copies: the old ones are used no more
    article = next(p for p in (site / "content").rglob("*.md")
                   if "images:" not in p.read_text(encoding="utf-8"))
    retitle(article, "Một tiêu đề khác hẳn")
    Image.new("RGB", (8, 6), (200, 30, 30)).save(site / "static" / "images" / "anh.jpg")
    second = build(BuildOptions(site, search=False))
    assert second.cards_drawn == 1 and second.images_encoded > 0
    # just made unused: kept (the preview, or the next build, may want them back)
    assert cards.keys() <= files(cache / "cards").keys()
    assert copies.keys() <= files(cache / "images").keys()
    used_cards = set(files(site / "public" / "anh-chia-se").values())
    old_card = [name for name, data in cards.items() if data not in used_cards]
    assert len(old_card) == 1
    new_copies = files(cache / "images").keys() - copies.keys()
    assert new_copies and all(name.endswith((".webp", ".avif", ".jpg")) for name in new_copies)

    # a month later: everything is old; what the generator did not name is not its to remove
    for path in cache.rglob("*"):
        if path.is_file():
            age(path, KEEP_DAYS + 1)
    (cache / "cards" / "ghi-chu.txt").write_text("của biên tập viên", encoding="utf-8")
    (cache / "images" / "anh-rieng.png").write_bytes(b"not ours")
    other = cache / "0123456789abcdef.sqlite"  # the store of a build into another folder
    other.write_bytes(b"SQLite format 3\x00")
    (cache / "0123456789abcdef.shards").mkdir()
    (cache / "0123456789abcdef.shards" / "2020-000.cbor").write_bytes(b"\xa0")
    recent = cache / "fedcba9876543210.sqlite"  # the preview's, written yesterday
    recent.write_bytes(b"SQLite format 3\x00")
    for path in (cache / "cards" / "ghi-chu.txt", cache / "images" / "anh-rieng.png", other):
        age(path, KEEP_DAYS + 5)
    age(recent, 1)
    stores = set(cache.glob("*.sqlite"))

    article.write_text(article.read_text(encoding="utf-8") + "\nThêm một câu.\n",
                       encoding="utf-8")
    third = build(BuildOptions(site, search=False))
    assert not third.nothing_changed and third.cards_drawn == 0 and third.images_encoded == 0
    left = files(cache / "cards")
    assert old_card[0] not in left
    assert set(left.values()) - {"của biên tập viên".encode()} == used_cards
    assert "ghi-chu.txt" in left
    assert not copies.keys() & files(cache / "images").keys()  # the old picture's copies
    assert new_copies <= files(cache / "images").keys()
    assert (cache / "images" / "anh-rieng.png").read_bytes() == b"not ours"
    assert not other.exists() and not (cache / "0123456789abcdef.shards").exists()
    assert set(cache.glob("*.sqlite")) == stores - {other}  # its own and the recent one
    assert files(site / "public" / "anh-chia-se").keys() == {
        p.name for p in (site / "public" / "anh-chia-se").iterdir()}
    # and the site builds the same from the pruned cache
    fourth = build(BuildOptions(site, search=False, out=site / "lan-nua"))
    assert fourth.cards_drawn == 0 and fourth.images_encoded == 0


def test_a_check_and_a_build_with_nothing_to_do_remove_nothing(copy_site) -> None:
    site = copy_site("basic")
    build(BuildOptions(site, search=False))
    cache = site / ".cache"
    unused = cache / "cards" / ("0" * 32 + ".png")
    unused.write_bytes(b"\x89PNG")
    age(unused, KEEP_DAYS + 1)
    assert build(BuildOptions(site, search=False)).nothing_changed
    from conftest import run_cli
    assert run_cli("check", "--site", str(site), cwd=site).code == 0
    assert unused.exists()


def test_pruning_passes_over_links_and_what_it_cannot_remove(tmp_path: Path) -> None:
    cache = tmp_path / ".cache"
    (cache / "cards").mkdir(parents=True)
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(b"an editor's")
    link = cache / "cards" / ("a" * 32 + ".png")
    link.symlink_to(outside)
    old = cache / "cards" / ("b" * 32 + ".png")
    old.write_bytes(b"x" * 10)
    used = cache / "cards" / ("c" * 32 + ".png")
    used.write_bytes(b"y")
    for path in (outside, old, used):
        age(path, KEEP_DAYS + 1)
    pruned = prune_cache(cache, [used], cache / "1111111111111111.sqlite")
    assert (pruned.files, pruned.bytes) == (1, 10)
    assert link.is_symlink() and outside.read_bytes() == b"an editor's"
    assert not old.exists() and used.exists()
    # a folder that cannot be read, or is missing, is passed over
    assert prune_cache(tmp_path / "missing", [], tmp_path / "x.sqlite").files == 0
