"""Faults and hostile input: nothing lost, nothing leaked, no traceback.

A build killed at any instant, a full or read-only disk, a second build at the same time, a
damaged cache, restored modification times, symbolic links of every kind, settings that cannot
work: each leaves the old or the new site intact and says what happened in plain words.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from conftest import SITES, run_cli, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplomacy_archive.build.pipeline import BuildOptions, build
from diplomacy_archive.build.site_lock import site_lock
from diplomacy_archive.output.manifest import MANIFEST
from diplomacy_archive.problems import BuildFailed, SiteError

GIO = "content/2021/gio.md"


def quick(site: Path, **options: object) -> BuildOptions:
    return BuildOptions(site=site, jobs=1, search=False, **options)  # type: ignore[arg-type]


def files(out: Path) -> dict[str, bytes]:
    return {k: v[0] for k, v in snapshot(out).items() if k != MANIFEST}


def clean(site: Path, tmp: Path) -> dict[str, bytes]:
    out = tmp / f"clean-{time.monotonic_ns()}"
    build(quick(site, out=out, use_cache=False))
    return files(out)


def edit(site: Path) -> None:
    """An edit that changes many pages: a title, a new article, a deleted one."""
    gio = site / GIO
    gio.write_text(gio.read_text(encoding="utf-8").replace("Buổi gặp mặt có giờ",
                                                           "Buổi gặp mặt đổi tên"),
                   encoding="utf-8")
    (site / "content" / "2022" / "moi.md").write_text(
        "---\ntitle: Bài mới\ndate: 2022-03-04\ntags: [mới]\n---\n\nNội dung mới.\n",
        encoding="utf-8")
    (site / "content" / "2020" / "nam.md").unlink()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(SITES / "basic", target)
    return target


# ---------------------------------------------------------------- killed at any instant

@pytest.mark.skipif(not hasattr(os, "fork"), reason="kill -9 is simulated with fork (POSIX)")
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kill_after=st.integers(min_value=0, max_value=90))
def test_a_build_killed_at_any_step_leaves_old_or_new_and_the_next_build_is_clean(
        tmp_path_factory: pytest.TempPathFactory, kill_after: int) -> None:
    tmp = tmp_path_factory.mktemp("killed")
    site = tmp / "site"
    shutil.copytree(SITES / "basic", site)
    build(quick(site))
    (site / "public" / "CNAME").write_text("luu-tru.example.org\n")
    old = files(site / "public")
    edit(site)
    new = {**clean(site, tmp), "CNAME": b"luu-tru.example.org\n"}

    child = os.fork()
    if child == 0:  # pragma: no cover - the child dies like kill -9 at step number kill_after
        seen = [0]

        def step(_name: str) -> None:
            seen[0] += 1
            if seen[0] > kill_after:
                os._exit(9)
        try:
            build(quick(site), step=step)
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    out = site / "public"
    if out.exists():
        assert files(out) in (old, new)
    result = build(quick(site))  # the next build
    assert files(out) == new
    assert not result.problems.errors
    assert [p.name for p in site.iterdir() if p.name.startswith(".public")] in (
        [], [".public.spare"])  # the previous site, kept to become the next one


# ---------------------------------------------------------------- the disk

@pytest.mark.parametrize(("code", "reason"), [
    (errno.ENOSPC, "the disk is full"), (errno.EACCES, "permission denied"),
    (errno.EROFS, "the folder is on a read-only disk"),
])
@pytest.mark.parametrize("at", ["index.html", "manifest", "swap"])
def test_a_disk_error_while_publishing_leaves_the_site_and_says_why(
        site: Path, code: int, reason: str, at: str) -> None:
    build(quick(site))
    before = snapshot(site / "public")
    edit(site)

    def step(name: str) -> None:
        if name == at:
            raise OSError(code, os.strerror(code), str(site / "public" / name))
    with pytest.raises(SiteError) as raised:
        build(quick(site), step=step)
    assert f": {reason}; nothing in {site / 'public'} was changed" in str(raised.value)
    assert snapshot(site / "public") == before
    assert [p.name for p in site.iterdir() if p.name.startswith(".public")] in (
        [], [".public.spare"])  # the previous site, kept to become the next one
    build(quick(site))  # the disk has room again
    assert files(site / "public") == clean(site, site.parent)


def test_the_command_line_says_the_disk_is_full_without_a_traceback(
        site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from diplomacy_archive.cli import program
    from diplomacy_archive.output import write

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(site / "public"))
    monkeypatch.setattr(write, "_update", full)
    monkeypatch.chdir(site)
    assert program.main(["build", "--no-search"], prog="build.py") == 1
    err = capsys.readouterr().err
    assert err == (f"error: {site / 'public'}: the disk is full; nothing in {site / 'public'} "
                   "was changed\n")


def test_a_cache_that_cannot_be_saved_is_a_warning(site: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from diplomacy_archive.build import pipeline

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(pipeline, "save", full)
    result = build(quick(site))
    assert [p.text for p in result.problems.warnings] == [
        "the build cache could not be saved (the disk is full)"]
    assert (site / "public" / "index.html").is_file()


# ---------------------------------------------------------------- two at once

def test_a_second_build_waits_for_the_first(site: Path) -> None:
    with site_lock(site, "build"):
        started = time.monotonic()
        with pytest.raises(SiteError, match=r"another build is using this site \(process "
                                            rf"{os.getpid()}, build, since "):
            build(quick(site))
        assert time.monotonic() - started >= 4  # it waited before giving up
    result = build(quick(site))  # released: it runs
    assert not result.nothing_changed


def test_a_build_started_while_another_runs_goes_on_when_it_ends(site: Path) -> None:
    lock = site_lock(site, "build")
    lock.__enter__()
    threading.Timer(1.0, lambda: lock.__exit__(None, None, None)).start()
    result = build(quick(site))
    assert result.articles == 5


def test_two_builds_from_the_command_line(site: Path) -> None:
    with site_lock(site, "serve"):
        run = run_cli("build", "--no-search", cwd=site)
    assert run.code == 1
    assert run.stderr.startswith("error: another build is using this site (process ")
    assert "Traceback" not in run.stderr
    assert not (site / "public").exists()


# ---------------------------------------------------------------- the cache

@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "pickle"])
def test_a_damaged_cache_is_ignored_and_the_output_is_right(site: Path, damage: str) -> None:
    build(quick(site))
    caches = sorted((site / ".cache").glob("*.sqlite"))
    assert caches
    edit(site)
    for cache in caches:
        data = cache.read_bytes()
        cache.write_bytes({"garbage": b"\x00\xffkhong phai", "truncated": data[:len(data) // 2],
                           "empty": b"",
                           "pickle": b"cos\nsystem\n(S'touch /tmp/pwned'\ntR."}[damage])
    result = build(quick(site))
    assert files(site / "public") == clean(site, site.parent)  # the deleted article is gone
    assert not (site / "public" / "bai-viet" / "nam" / "index.html").exists()
    assert not result.problems.errors


def test_a_restored_modification_time_does_not_hide_an_edit(site: Path) -> None:
    build(quick(site))
    gio = site / GIO
    info = gio.stat()
    text = gio.read_text(encoding="utf-8")
    same_size = text.replace("Thân bài có giờ.", "Thân bài CÓ GIỜ.")
    assert len(same_size.encode()) == len(text.encode())
    gio.write_text(same_size, encoding="utf-8")
    os.utime(gio, ns=(info.st_atime_ns, info.st_mtime_ns))  # as cp -p, rsync -a or tar do
    result = build(quick(site))
    assert not result.nothing_changed
    page = site / "public" / "bai-viet" / "buoi-gap-mat-co-gio" / "index.html"
    assert "Thân bài CÓ GIỜ." in page.read_text(encoding="utf-8")


def test_files_from_the_future_are_seen_when_they_change(site: Path) -> None:
    future = time.time_ns() + 365 * 24 * 3600 * 10**9
    gio = site / GIO
    os.utime(gio, ns=(future, future))
    build(quick(site))
    gio.write_text(gio.read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")
    os.utime(gio, ns=(future, future))
    build(quick(site))
    page = site / "public" / "bai-viet" / "buoi-gap-mat-co-gio" / "index.html"
    assert "Thêm." in page.read_text(encoding="utf-8")


def test_a_file_called_cache_is_a_message(site: Path) -> None:
    (site / ".cache").write_text("not a folder")
    run = run_cli("build", "--no-search", cwd=site)
    assert run.code == 1
    assert run.stderr == (f"error: {site / '.cache'} is a file, not a folder; the generator keeps "
                          "its cache there: move the file away or delete it\n")


def test_check_writes_nothing_into_the_site(site: Path) -> None:
    before = {k: v for k, v in snapshot(site).items()}
    run = run_cli("check", cwd=site)
    assert run.code == 0, run.stderr
    assert snapshot(site) == before  # not even a cache or a lock
    build(quick(site))
    edit(site)
    before = snapshot(site)
    assert run_cli("check", cwd=site).code == 0
    assert snapshot(site) == before


# ---------------------------------------------------------------- links

def test_links_out_of_the_site_publish_nothing_from_outside(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "bai").mkdir(parents=True)
    (outside / "bi-mat.txt").write_text("bí mật")
    (outside / "bai" / "ngoai.md").write_text("---\ntitle: Bài ngoài\ndate: 2021-01-01\n---\n\nx\n")
    (site / "static" / "passwd.txt").symlink_to("/etc/passwd")
    (site / "static" / "bi-mat.txt").symlink_to(outside / "bi-mat.txt")
    (site / "content" / "ngoai").symlink_to(outside / "bai")
    (site / "templates").mkdir()
    (site / "templates" / "404.html").symlink_to(outside / "bi-mat.txt")
    (site / "content" / "vong").symlink_to(site / "content")  # a loop
    (site / "content" / "chinh-no.md").symlink_to("chinh-no.md")  # a link to itself
    image = next((site / "static" / "images").iterdir())
    (site / "static" / "cung-anh.jpg").symlink_to(image)  # inside the site: followed
    run = run_cli("build", "--no-search", cwd=site)
    assert run.code == 0, run.stderr
    public = site / "public"
    assert not (public / "passwd.txt").exists() and not (public / "bi-mat.txt").exists()
    assert (public / "cung-anh.jpg").read_bytes() == image.read_bytes()
    everything = b"".join(p.read_bytes() for p in public.rglob("*") if p.is_file())
    assert "bí mật".encode() not in everything and b"root:" not in everything
    assert not (public / "bai-viet" / "bai-ngoai").exists()
    assert "Trang riêng" not in (public / "404.html").read_text(encoding="utf-8")
    assert (f"content/ngoai: warning: this is a symbolic link to {outside / 'bai'}, outside the "
            "site: it is left out (copy the file into the site instead of linking to it)"
            ) in run.stderr
    assert "static/passwd.txt: warning: this is a symbolic link to /etc/passwd" in run.stderr
    assert "templates/404.html: warning: this is a symbolic link to " in run.stderr
    assert "content/vong" in run.stderr and "loop" in run.stderr
    assert ("content/chinh-no.md: warning: this symbolic link leads in a loop (remove the link)"
            in run.stderr)
    strict = run_cli("build", "--no-search", "--strict", cwd=site)
    assert strict.code == 1


def test_a_link_planted_in_the_output_is_never_written_through(site: Path, tmp_path: Path
                                                               ) -> None:
    build(quick(site))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "giu-nguyen.txt").write_text("x")
    shutil.rmtree(site / "public" / "bai-viet")
    (site / "public" / "bai-viet").symlink_to(outside)
    edit(site)  # (with nothing changed, the build does not write at all)
    with pytest.raises(BuildFailed) as failed:
        build(quick(site))
    assert any("which this generator did not write" in p.text
               for p in failed.value.problems.errors)
    assert sorted(p.name for p in outside.iterdir()) == ["giu-nguyen.txt"]
    assert (site / "public" / "bai-viet").is_symlink()


def test_a_static_file_replaced_by_a_folder_builds(site: Path) -> None:
    image = site / "static" / "images" / "ban-do.jpg"  # a file no article names: not a picture
    image.write_bytes(b"jpeg")                          # an article shows (those must exist)
    build(quick(site))
    image.unlink()
    image.mkdir()
    (image / "anh.jpg").write_bytes(b"jpeg")
    result = build(quick(site, strict=False))
    assert (site / "public" / "images" / image.name / "anh.jpg").read_bytes() == b"jpeg"
    assert not result.problems.errors


# ---------------------------------------------------------------- settings and names

@pytest.mark.parametrize(("line", "message"), [
    ("timezone: Asia", "config.yaml:4:11: error: timezone: 'Asia' is not a known time zone"),
    ('base_url: "https://example.org/\\nDisallow: /"',
     "config.yaml:3:11: error: base_url: 'https://example.org/\\nDisallow: /' contains spaces, "
     "line breaks or invisible characters"),
])
def test_settings_that_cannot_work_are_messages(site: Path, line: str, message: str) -> None:
    config = site / "config.yaml"
    lines = config.read_text(encoding="utf-8").splitlines()
    key = line.split(":")[0]
    lines = [line if existing.startswith(f"{key}:") else existing for existing in lines]
    if not any(existing.startswith(f"{key}:") for existing in config.read_text().splitlines()):
        lines.append(line)
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_cli("build", "--no-search", cwd=site)
    assert run.code == 1
    assert "Traceback" not in run.stderr
    assert any(out.startswith(message.split(": error: ")[0].split(":")[0]) and
               message.split(": error: ")[1] in out for out in run.stderr.splitlines()), run.stderr


def test_long_slugs_are_messages(site: Path) -> None:
    gio = site / GIO
    gio.write_text(gio.read_text(encoding="utf-8").replace("slug: buoi-gap-mat-co-gio",
                                                           f"slug: {'a' * 300}"),
                   encoding="utf-8")
    run = run_cli("build", "--no-search", cwd=site)
    assert run.code == 1 and "Traceback" not in run.stderr
    assert ("content/2021/gio.md:9:7: error: slug: is 300 characters long; a web address part "
            "may have at most 120 (shorten it to a few words)") in run.stderr
    new = run_cli("new", "Bài", "--slug", "b" * 256, cwd=site)
    assert new.code == 1
    assert new.stderr == ("error: the slug is 256 characters long; give --slug with at most "
                          "120\n")


def test_control_characters_never_reach_pages_or_the_terminal(site: Path) -> None:
    gio = site / GIO
    gio.write_text(gio.read_text(encoding="utf-8").replace(
        "Thân bài có giờ.", "Thân bài\x00 có \x1b[31mgiờ\x1b[0m.\x07").replace(
        "title: Buổi gặp mặt có giờ", "title: Buổi gặp\x1b]0;x\x07 mặt có giờ"),
        encoding="utf-8")
    gio.write_text(gio.read_text(encoding="utf-8") + "\ndate_note: \x1b[2J\n", encoding="utf-8")
    run = run_cli("build", "--no-search", cwd=site)
    assert "\x1b" not in run.stdout + run.stderr and "\x00" not in run.stderr
    assert "content/2021/gio.md:2:" in run.stderr
    assert "invisible control characters (such as U+001B) were removed" in run.stderr
    for path in (site / "public").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8")
            assert not any(ch in text for ch in "\x00\x07\x1b"), path


# ---------------------------------------------------------------- machine-readable failures

def test_check_json_is_json_whatever_stops_it(site: Path, tmp_path: Path) -> None:
    missing = run_cli("check", "--format", "json", "--site", str(tmp_path / "khong-co"),
                      cwd=site)
    assert missing.code == 2
    assert json.loads(missing.stdout) == [{
        "path": "", "line": None, "col": None, "severity": "error", "field": "", "hint": "",
        "message": f"the site folder {tmp_path / 'khong-co'} does not exist"}]
    (site / "config.yaml").write_text("title: [\n", encoding="utf-8")
    broken = run_cli("check", "--format", "json", cwd=site)
    assert broken.code == 1 and json.loads(broken.stdout)[0]["path"] == "config.yaml"


def test_an_unexpected_error_names_the_article_being_read(
        site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from diplomacy_archive.cli import program
    from diplomacy_archive.source import bodies

    convert = bodies.MarkdownConverter.convert

    def broken(self, article):  # type: ignore[no-untyped-def]
        if article.path.endswith("gio.md"):
            raise ZeroDivisionError("chia cho không")
        return convert(self, article)
    monkeypatch.setattr(bodies.MarkdownConverter, "convert", broken)
    monkeypatch.chdir(site)
    assert program.main(["check", "--format", "json"], prog="build.py") == 1
    out = capsys.readouterr().out
    assert json.loads(out)[0]["path"] == GIO
    assert program.main(["build", "--no-search", "--jobs", "1"], prog="build.py") == 1
    err = capsys.readouterr().err
    assert err.startswith("build.py: unexpected error while reading and converting the article "
                          "(content/2021/gio.md): ZeroDivisionError: chia cho không. This is a "
                          "fault of the generator")
    assert "Traceback" not in err
    assert program.main(["build", "--no-search", "--jobs", "1", "--debug"], prog="build.py") == 1
    debug = capsys.readouterr().err
    assert debug.startswith("Traceback (most recent call last):") and "in broken" in debug


# ---------------------------------------------------------------- the preview

ALIAS_BOMB = ("---\ntitle: Bom\ndate: 2021-01-01\n"
              "a: &a [x, x, x, x, x, x, x, x, x]\n"
              + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
                        for i in range(8))
              + "---\n\nx\n")
HOSTILE = {
    "content/2021/bom.md": ALIAS_BOMB.encode(),
    "content/2021/sau.md": ("---\ntitle: Sâu\ndate: 2021-01-01\ntags: " + "[" * 2000 + "]" * 2000
                            + "\n---\n\nx\n").encode(),
    "content/2021/ngoac.md": ("---\ntitle: Ngoặc\ndate: 2021-01-01\n---\n\n" + "[" * 20000
                              + "\n").encode(),
    "content/2021/nhi-phan.md": b"---\ntitle: \xff\xfe\n---\n",
    "content/2021/ngay.md": "---\ntitle: Ngày\ndate: 31/02/2021\n---\n\nx\n".encode(),
}


def test_the_preview_survives_hostile_input_and_names_each_file(site: Path) -> None:
    import sys

    from conftest import ROOT, fetch, free_port, serving

    from diplomacy_archive.serve.panel import OVERLAY_ID

    def page() -> str:
        return fetch(served.url)[2].decode("utf-8")

    def wait_for(condition) -> str:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            text = page()
            if condition(text):
                return text
            time.sleep(0.2)
        raise AssertionError(f"the preview never showed it:\n{text[-2000:]}")
    port = free_port()
    with serving([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)], site,
                 port) as served:
        assert OVERLAY_ID not in page()
        for name, data in HOSTILE.items():
            path = site / name
            path.write_bytes(data)
            shown = wait_for(lambda text, name=name: OVERLAY_ID in text and name in text)
            assert "Traceback" not in shown
            path.unlink()
            wait_for(lambda text: OVERLAY_ID not in text)
    assert "Preview stopped" in served.output
    assert "Traceback" not in served.output


def test_settings_and_registries_that_link_out_of_the_site_are_not_read(site: Path,
                                                                         tmp_path: Path) -> None:
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "venues.yaml").write_text("- name: Bí Mật\n", encoding="utf-8")
    (site / "data" / "venues.yaml").unlink()
    (site / "data" / "venues.yaml").symlink_to(outside / "venues.yaml")
    run = run_cli("build", "--no-search", cwd=site)
    assert run.code == 0, run.stderr
    assert (f"data/venues.yaml: warning: this is a symbolic link to {outside / 'venues.yaml'}, "
            "outside the site: it is not read") in run.stderr
    (outside / "config.yaml").write_text((site / "config.yaml").read_text(encoding="utf-8"),
                                         encoding="utf-8")
    (site / "config.yaml").unlink()
    (site / "config.yaml").symlink_to(outside / "config.yaml")
    run = run_cli("build", "--no-search", "--site", ".", cwd=site)
    assert run.code == 1
    assert run.stderr.startswith(f"config.yaml: error: config.yaml is a symbolic link to "
                                 f"{outside / 'config.yaml'}, outside the site, and is not read")
