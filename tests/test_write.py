from __future__ import annotations

from pathlib import Path

import pytest
from conftest import snapshot

from diplomacy_archive.errors import UsageError
from diplomacy_archive.files import CopiedFile, OutputFile, escapes_output
from diplomacy_archive.write import MARKER, check_output_folder, check_outputs, write_site


def test_write_replaces_the_whole_folder(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(out, [OutputFile("a/index.html", b"1", "a"), OutputFile("old.html", b"x", "o")], "t")
    write_site(out, [OutputFile("a/index.html", b"2", "a")], "t")
    assert snapshot(out).keys() == {"a/index.html", MARKER}
    assert (out / "a" / "index.html").read_bytes() == b"2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_write_that_fails_half_way_leaves_the_old_output(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(out, [OutputFile("index.html", b"cu", "home")], "t")
    before = snapshot(out)
    broken = CopiedFile("assets/x.css", tmp_path / "missing.css", "asset", "assets/x.css")
    with pytest.raises(FileNotFoundError):
        write_site(out, [OutputFile("index.html", b"moi", "home"), broken], "t")
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


@pytest.mark.parametrize("path, escapes", [
    ("bai-viet/x/index.html", False), ("404.html", False), ("../x.html", True),
    ("/etc/passwd", True), ("a/../../x", True), ("a\\..\\x", True), ("", True), ("~/x", True),
])
def test_escapes_output(path: str, escapes: bool) -> None:
    assert escapes_output(path) is escapes


def test_collisions_and_escapes_are_errors() -> None:
    problems = check_outputs([
        OutputFile("bai-viet/x/index.html", b"", "the page of article content/a.md", "content/a.md"),
        OutputFile("Bai-Viet/X/index.html", b"", "the page of article content/b.md", "content/b.md"),
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
