from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import snapshot

from diplomacy_archive.output.files import CopiedFile, KeptFile, OutputFile, escapes_output
from diplomacy_archive.output.write import (
    MARKER,
    check_output_folder,
    check_outputs,
    output_id,
    sync_output,
)
from diplomacy_archive.problems import UsageError


def page(path: str, content: bytes) -> OutputFile:
    return OutputFile(path, content, f"page {path}")


def test_first_write_creates_the_folder_in_one_rename(tmp_path: Path) -> None:
    out = tmp_path / "public"
    stats = sync_output(out, [page("a/index.html", b"1"), page("404.html", b"x")], None, "t")
    assert (stats.written, stats.unchanged, stats.deleted) == (2, 0, 0)
    assert snapshot(out).keys() == {"a/index.html", "404.html", MARKER}
    assert output_id(out) == stats.output_id
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_only_changed_files_are_written_and_stale_ones_deleted(tmp_path: Path) -> None:
    out = tmp_path / "public"
    sync_output(out, [page("a/index.html", b"1"), page("b/index.html", b"2"),
                      page("old/x/index.html", b"o")], None, "t")
    before = snapshot(out)
    time.sleep(0.01)
    stats = sync_output(out, [page("a/index.html", b"1"), page("b/index.html", b"22")], None, "t")
    assert (stats.written, stats.unchanged, stats.deleted) == (1, 1, 1)
    after = snapshot(out)
    assert after["a/index.html"] == before["a/index.html"]  # same bytes, same mtime
    assert after["b/index.html"][0] == b"22"
    assert not (out / "old").exists()


def test_known_digests_skip_reading_the_output(tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = page("a/index.html", b"1")
    sync_output(out, [first], None, "t")
    kept = KeptFile("a/index.html", first.digest, "page a")
    stats = sync_output(out, [kept, page("b/index.html", b"2")],
                        {"a/index.html": first.digest}, "t")
    assert (stats.written, stats.unchanged) == (1, 1)
    (out / "a" / "index.html").unlink()
    with pytest.raises(UsageError, match="was removed by hand; build again with --no-cache"):
        sync_output(out, [kept], {"a/index.html": first.digest}, "t")


def test_a_write_that_fails_half_way_leaves_the_old_output(tmp_path: Path) -> None:
    out = tmp_path / "public"
    sync_output(out, [page("index.html", b"cu"), page("a/index.html", b"a")], None, "t")
    before = snapshot(out)
    broken = CopiedFile("assets/x.css", tmp_path / "missing.css", "asset", "assets/x.css")
    with pytest.raises(FileNotFoundError):
        sync_output(out, [page("index.html", b"moi"), broken], None, "t")
    assert snapshot(out) == before
    assert not [p for p in out.rglob("*") if p.name.startswith(".tmp-")]
    fresh = tmp_path / "fresh"
    with pytest.raises(FileNotFoundError):
        sync_output(fresh, [page("index.html", b"moi"), broken], None, "t")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


@pytest.mark.parametrize("path, escapes", [
    ("bai-viet/x/index.html", False), ("404.html", False), ("../x.html", True),
    ("/etc/passwd", True), ("a/../../x", True), ("a\\..\\x", True), ("", True), ("~/x", True),
])
def test_escapes_output(path: str, escapes: bool) -> None:
    assert escapes_output(path) is escapes


def test_collisions_and_escapes_are_errors() -> None:
    problems = check_outputs([
        OutputFile("bai-viet/x/index.html", b"", "the page of article content/a.md",
                   "content/a.md"),
        OutputFile("Bai-Viet/X/index.html", b"", "the page of article content/b.md",
                   "content/b.md"),
        OutputFile("../x.html", b"", "the page of article content/c.md", "content/c.md"),
    ])
    assert [p.format_text() for p in problems] == [
        "content/b.md: error: the page of article content/b.md and the page of article "
        "content/a.md would both be written to 'Bai-Viet/X/index.html' (rename or move one of "
        "them so each has its own address)",
        "content/c.md: error: the page of article content/c.md would be written outside the "
        "output folder ('../x.html') (check the slug and the urls: settings)",
    ]


def test_output_folder_rules(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    for bad in (site, tmp_path, site / "content", site / "content" / "out"):
        with pytest.raises(UsageError):
            check_output_folder(bad, site)
    check_output_folder(site / "public", site)  # new folder: fine
    (site / "public").mkdir()
    check_output_folder(site / "public", site)  # empty folder: fine
    (site / "public" / MARKER).write_text("t")
    (site / "public" / "index.html").write_text("x")
    check_output_folder(site / "public", site)  # made by us: fine
    (site / "public" / MARKER).unlink()
    with pytest.raises(UsageError):
        check_output_folder(site / "public", site)
