"""Publishing the output: one swap, links for unchanged files, nothing of anyone else's lost."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import snapshot

from diplomacy_archive.output import write
from diplomacy_archive.output.files import CopiedFile, KeptFile, OutputFile, escapes_output
from diplomacy_archive.output.manifest import read_manifest
from diplomacy_archive.output.write import (
    MARKER,
    OutputChanged,
    check_output_folder,
    check_outputs,
    output_id,
    plan_output,
    publish,
    recover,
)
from diplomacy_archive.problems import UsageError


def page(path: str, content: bytes) -> OutputFile:
    return OutputFile(path, content, f"page {path}")


def put(out: Path, items: list, step=None) -> write.WriteStats:  # type: ignore[no-untyped-def]
    plan = plan_output(out, items)
    assert plan.problems == []
    return publish(plan, items, "t", step)


def leftovers(out: Path) -> list[str]:
    """What lies beside the output but the spare copy (the previous site, kept to become the
    next one)."""
    return sorted(p.name for p in out.parent.iterdir()
                  if p.name not in (out.name, write.spare_of(out).name))


def test_first_write_creates_the_folder_with_its_record(tmp_path: Path) -> None:
    out = tmp_path / "public"
    stats = put(out, [page("a/index.html", b"1"), page("404.html", b"x")])
    assert (stats.written, stats.unchanged, stats.deleted) == (2, 0, 0)
    assert snapshot(out).keys() == {"a/index.html", "404.html", MARKER}
    assert output_id(out) == stats.output_id
    manifest = read_manifest(out)
    assert manifest is not None and manifest.files is not None
    assert set(manifest.files) == {"a/index.html", "404.html"}
    assert leftovers(out) == []


def test_unchanged_files_are_linked_not_written_and_stale_ones_left_out(tmp_path: Path) -> None:
    out = tmp_path / "public"
    put(out, [page("a/index.html", b"1"), page("b/index.html", b"2"),
              page("old/x/index.html", b"o")])
    before = snapshot(out)
    inode = (out / "a" / "index.html").stat().st_ino
    time.sleep(0.01)
    stats = put(out, [page("a/index.html", b"1"), page("b/index.html", b"22")])
    assert (stats.written, stats.unchanged, stats.deleted) == (1, 1, 1)
    after = snapshot(out)
    assert after["a/index.html"] == before["a/index.html"]  # same bytes, same mtime
    assert (out / "a" / "index.html").stat().st_ino == inode  # the same file, linked
    assert after["b/index.html"][0] == b"22"
    assert not (out / "old").exists()
    assert leftovers(out) == []


def test_files_we_did_not_write_stay_through_every_build(tmp_path: Path) -> None:
    out = tmp_path / "public"
    put(out, [page("index.html", b"1")])
    (out / "CNAME").write_text("luu-tru.example.org\n")
    (out / ".nojekyll").write_text("")
    (out / ".git" / "objects").mkdir(parents=True)
    (out / ".git" / "objects" / "ab").write_bytes(b"git object")
    (out / "danh-sach").mkdir()
    os.symlink("/etc/hostname", out / "danh-sach" / "lien-ket")
    theirs = {k: v for k, v in snapshot(out).items() if k not in ("index.html", MARKER)}
    stats = put(out, [page("index.html", b"2"), page("moi/index.html", b"3")])
    assert stats.foreign == 4
    assert {k: v for k, v in snapshot(out).items() if k in theirs} == theirs
    assert os.readlink(out / "danh-sach" / "lien-ket") == "/etc/hostname"  # kept as a link
    put(out, [page("index.html", b"2")])  # and again, with a page gone
    assert {k: v for k, v in snapshot(out).items() if k in theirs} == theirs
    assert not (out / "moi").exists()


def test_a_page_on_the_path_of_someone_elses_file_is_an_error_naming_both(tmp_path: Path
                                                                          ) -> None:
    out = tmp_path / "public"
    put(out, [page("index.html", b"1")])
    (out / "CNAME").write_text("x")
    (out / "gioi-thieu").write_text("not a folder")
    items = [page("CNAME", b"ours"), page("gioi-thieu/index.html", b"x"), page("index.html", b"1")]
    plan = plan_output(out, items)
    messages = [p.text for p in plan.problems]
    assert messages == [f"page CNAME would replace {out / 'CNAME'}, which this generator did "
                        "not write",
                        f"page gioi-thieu/index.html would replace {out / 'gioi-thieu'}, which "
                        "this generator did not write"]


def test_a_write_that_fails_half_way_leaves_the_old_output_and_nothing_beside(
        tmp_path: Path) -> None:
    out = tmp_path / "public"
    put(out, [page("index.html", b"cu"), page("a/index.html", b"a")])
    before = snapshot(out)
    broken = CopiedFile("assets/x.css", tmp_path / "missing.css", "asset", "assets/x.css")
    with pytest.raises(FileNotFoundError):
        put(out, [page("index.html", b"moi"), broken])
    assert snapshot(out) == before
    assert leftovers(out) == []
    fresh = tmp_path / "fresh"
    with pytest.raises(FileNotFoundError):
        put(fresh, [page("index.html", b"moi"), broken])
    assert not fresh.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_kept_page_changed_by_hand_stops_the_build(tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = page("a/index.html", b"1")
    put(out, [first])
    kept = KeptFile("a/index.html", first.digest, "page a")
    stats = put(out, [kept, page("b/index.html", b"2")])
    assert (stats.written, stats.unchanged) == (1, 1)
    (out / "a" / "index.html").write_bytes(b"sua tay")
    with pytest.raises(OutputChanged, match="was changed or removed by hand"):
        put(out, [kept])
    assert (out / "a" / "index.html").read_bytes() == b"sua tay"


def test_an_older_versions_output_is_upgraded_keeping_unchanged_files(tmp_path: Path) -> None:
    out = tmp_path / "public"
    (out / "a").mkdir(parents=True)
    (out / "a" / "index.html").write_bytes(b"1")
    (out / "cu" / "index.html").parent.mkdir()
    (out / "cu" / "index.html").write_bytes(b"old page")
    (out / "CNAME").write_text("x")
    (out / MARKER).write_text("0.1.0 abc\n")  # the old one-line marker, no list of files
    mtime = (out / "a" / "index.html").stat().st_mtime_ns
    stats = put(out, [page("a/index.html", b"1")])
    assert (stats.written, stats.unchanged) == (0, 1)
    assert (out / "a" / "index.html").stat().st_mtime_ns == mtime
    assert not (out / "cu").exists()  # ours, as everything but a host's files was
    assert (out / "CNAME").read_text() == "x"


def killed_at(kill_at: str, work) -> None:  # type: ignore[no-untyped-def]
    """Run ``work(step)`` in a forked process that dies like kill -9 (no cleanup, no finally)
    when publishing reaches step ``kill_at``."""
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        def step(name: str) -> None:
            if name == kill_at:
                os._exit(9)
        try:
            work(step)
        finally:
            os._exit(0)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 9, f"never reached step {kill_at!r}"


STEPS = ["staging", "a/index.html", "b/index.html", "keep CNAME", "manifest", "flush", "swap",
         "between renames", "after renames"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kill -9 is simulated with fork (POSIX)")
@pytest.mark.parametrize("kill_at", STEPS)
def test_a_build_killed_at_any_step_leaves_the_old_or_the_new_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kill_at: str) -> None:
    out = tmp_path / "public"
    put(out, [page("index.html", b"cu"), page("a/index.html", b"a-cu")])
    (out / "CNAME").write_text("x")
    old = {k: v[0] for k, v in snapshot(out).items()}
    new_items = [page("index.html", b"moi"), page("a/index.html", b"a-moi"),
                 page("b/index.html", b"b")]
    if kill_at in ("between renames", "after renames"):  # where folders cannot be swapped
        monkeypatch.setattr(write, "exchange", lambda a, b: False)
    killed_at(kill_at, lambda step: put(out, new_items, step))
    new = {"index.html": b"moi", "a/index.html": b"a-moi", "b/index.html": b"b", "CNAME": b"x"}
    if out.exists():
        state = {k: v[0] for k, v in snapshot(out).items()}
        assert state == old or {k: v for k, v in state.items() if k != MARKER} == new
    else:  # killed between the two renames: the old site waits beside, for recover()
        assert kill_at == "between renames"
    recover(out)  # what the next build does first
    assert {k: v[0] for k, v in snapshot(out).items()} in (old, {**new, MARKER: (
        out / MARKER).read_bytes()})
    assert leftovers(out) == []
    put(out, new_items)
    assert {k: v[0] for k, v in snapshot(out).items() if k != MARKER} == new


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
        OutputFile(MARKER, b"", "the static file static/.diplomacy-archive", "static"),
    ])
    assert [p.format_text() for p in problems] == [
        "content/b.md: error: the page of article content/b.md and the page of article "
        "content/a.md would both be written to 'Bai-Viet/X/index.html' (rename or move one of "
        "them so each has its own address)",
        "content/c.md: error: the page of article content/c.md would be written outside the "
        "output folder ('../x.html') (check the slug and the urls: settings)",
        "static: error: the static file static/.diplomacy-archive would be written outside the "
        "output folder ('.diplomacy-archive') (check the slug and the urls: settings)",
    ]


def test_output_folder_rules(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    for bad in (site, tmp_path, site / "content", site / "content" / "out", site / ".cache"):
        with pytest.raises(UsageError):
            check_output_folder(bad, site)
    check_output_folder(site / ".cache" / "preview", site)  # where serve builds
    check_output_folder(site / "public", site)  # new folder: fine
    (site / "public").mkdir()
    check_output_folder(site / "public", site)  # empty folder: fine
    (site / "public" / "CNAME").write_text("x")
    (site / "public" / ".git").mkdir()
    check_output_folder(site / "public", site)  # only a host's files: fine, and kept
    (site / "public" / MARKER).write_text("t x\n")
    (site / "public" / "index.html").write_text("x")
    check_output_folder(site / "public", site)  # made by us: fine
    (site / "public" / MARKER).unlink()
    with pytest.raises(UsageError, match=r"already holds files this generator did not write "
                                         r"\(index.html\)"):
        check_output_folder(site / "public", site)
    (site / "elsewhere").mkdir()
    (site / "link").symlink_to(site / "elsewhere")
    with pytest.raises(UsageError, match="is a symbolic link"):
        check_output_folder(site / "link", site)


def test_two_folders_are_swapped_in_one_step(tmp_path: Path) -> None:
    import sys

    from diplomacy_archive.output.swap import exchange
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "x").write_text("a")
    (second / "x").write_text("b")
    swapped = exchange(first, second)
    if sys.platform.startswith("linux") or sys.platform == "darwin":
        assert swapped  # renameat2 / renamex_np
    if swapped:
        assert (first / "x").read_text() == "b" and (second / "x").read_text() == "a"
    else:
        assert (first / "x").read_text() == "a"
