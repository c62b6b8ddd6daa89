"""The command line contract: commands, exit codes, the `new` skeleton."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT, Run, run_cli


def test_new_writes_a_skeleton_that_builds(copy_site) -> None:
    site = copy_site("basic")
    run = run_cli("new", "Tọa đàm: “Đối ngoại nhân dân” 2026", "--site", ".",
                  "--date", "2026-11-20", cwd=site)
    assert run.code == 0, run.stderr
    path = site / "content" / "2026" / "toa-dam-doi-ngoai-nhan-dan-2026.md"
    assert run.stdout.startswith("Created content/2026/toa-dam-doi-ngoai-nhan-dan-2026.md: ")
    text = path.read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Tọa đàm: “Đối ngoại nhân dân” 2026"\ndate: 2026-11-20 ')
    assert "draft: true" in text
    build = run_cli("build", "--site", ".", "--drafts", "--strict", cwd=site)
    assert build.code == 0, build.stderr
    page = site / "public" / "bai-viet" / "toa-dam-doi-ngoai-nhan-dan-2026" / "index.html"
    assert "Tọa đàm: “Đối ngoại nhân dân” 2026" in page.read_text(encoding="utf-8")


def test_new_uses_today_in_the_site_time_zone(copy_site) -> None:
    site = copy_site("basic")
    assert run_cli("new", "Bài hôm nay", "--site", ".", cwd=site).code == 0
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    path = site / "content" / f"{today.year}" / "bai-hom-nay.md"
    assert f"date: {today.isoformat()}" in path.read_text(encoding="utf-8")


def test_new_never_overwrites(copy_site) -> None:
    site = copy_site("basic")
    path = site / "content" / "2021" / "buoi-gap-mat-co-gio.md"
    path.write_text("bài của biên tập viên", encoding="utf-8")
    run = run_cli("new", "Buổi gặp mặt có giờ", "--site", ".", "--date", "2021-01-01", cwd=site)
    assert run.code == 1
    assert run.stderr == ("error: content/2021/buoi-gap-mat-co-gio.md already exists and was left "
                          "as it is; choose another title or give --slug\n")
    assert path.read_text(encoding="utf-8") == "bài của biên tập viên"
    other = run_cli("new", "Buổi gặp mặt có giờ", "--site", ".", "--date", "2021-01-01",
                    "--slug", "buoi-gap-mat-lan-hai", cwd=site)
    assert other.code == 0
    second = (path.parent / "buoi-gap-mat-lan-hai.md").read_text("utf-8")
    assert "slug: buoi-gap-mat-lan-hai\n" in second


def test_new_rejects_titles_without_letters(copy_site) -> None:
    site = copy_site("basic")
    run = run_cli("new", "中文", "--site", ".", cwd=site)
    assert run.code == 1
    assert run.stderr == "error: '' cannot be a file name; give --slug with a-z, 0-9 and '-'\n"


def test_usage_errors_exit_2(copy_site, tmp_path: Path) -> None:
    site = copy_site("basic")
    assert run_cli("build", "--no-such-flag", cwd=site).code == 2
    assert run_cli("check", "--format", "xml", cwd=site).code == 2
    assert run_cli("new", "x", "--date", "18/06/21", cwd=site).code == 2
    missing = run_cli("build", "--site", str(tmp_path / "khong-co"), cwd=site)
    assert missing.code == 2
    assert "does not exist" in missing.stderr


def test_options_without_a_command_build(copy_site) -> None:
    site = copy_site("basic")
    run = run_cli("--site", ".", cwd=site)
    assert run.code == 0
    assert run.stdout.startswith("Built 5 articles into public: ")


def test_check_writes_nothing(copy_site) -> None:
    site = copy_site("basic")
    run = run_cli("check", "--site", ".", cwd=site)
    assert run.code == 0
    assert run.stdout == "Checked 5 articles and 47 pages: no errors, 0 warnings.\n"
    assert not (site / "public").exists()


def test_site_without_config_is_explained(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    run = run_cli("build", "--site", ".", cwd=tmp_path)
    assert run.code == 1
    assert run.stderr.startswith("config.yaml: error: the site has no config.yaml (create it with "
                                 "at least 'title:' and 'base_url:')\n")


def test_serve_previews_the_site_and_stops_on_ctrl_c(copy_site) -> None:
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from conftest import ROOT
    site = copy_site("basic")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--site", ".",
                                "--port", str(port)], cwd=site, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    try:
        page = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/bai-viet/ban-nhap-chua-dang/",
                                            timeout=2) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.1)
        assert "Bản nháp – chưa xuất bản" in page  # drafts are shown, with their badge
        assert f'href="http://127.0.0.1:{port}/assets/style.css"' not in page
        assert 'href="/assets/style.css"' in page and "/livereload.js" in page
        assert not (site / "public").exists()  # the preview never touches the published output
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Preview stopped" in out


# ---------------------------------------------------------------- the site is where you stand

def test_the_site_is_the_current_folder(copy_site) -> None:
    site = copy_site("basic")
    run = run_cli("build", cwd=site)
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("Built 5 articles into public: ")
    assert run_cli("check", cwd=site).stdout.startswith("Checked 5 articles")


def test_outside_a_site_the_error_names_the_folder_and_init(tmp_path: Path) -> None:
    for command in ("build", "check", "serve"):
        run = run_cli(command, cwd=tmp_path)
        assert run.code == 2, command
        assert run.stderr == (f"error: there is no config.yaml in {tmp_path}, so it is not an "
                              "archive site; run the command in the site's folder, give --site "
                              "DIR, or create a site with 'build.py init DIR'\n")
    assert list(tmp_path.iterdir()) == []


def test_problem_paths_are_shown_from_the_folder_the_command_runs_in(copy_site) -> None:
    site = copy_site("basic")
    article = site / "content" / "2021" / "gio.md"
    article.write_text(article.read_text(encoding="utf-8").replace("---\n", "---\nspeaker: x\n", 1),
                       encoding="utf-8")
    parent = site.parent
    for _ in range(2):  # built, then replayed from the cache with nothing changed
        run = run_cli("build", "--site", site.name, cwd=parent)
        assert run.code == 0, run.stderr
        assert run.stderr.startswith(f"{site.name}/content/2021/gio.md:2:1: "
                                     "warning: unknown key 'speaker'"), run.stderr
    assert "Nothing changed" in run.stdout
    inside = run_cli("build", cwd=site)  # the same cache, replayed from inside the site
    assert inside.stderr.startswith("content/2021/gio.md:2:1: warning: ")
    assert "Nothing changed" in inside.stdout


def test_version_and_program_names(tmp_path: Path) -> None:
    from diplomacy_archive import __version__
    version = run_cli("--version", cwd=tmp_path)
    assert version.code == 0 and version.stdout == f"diplomacy-archive {__version__}\n"
    assert run_cli("--help", cwd=tmp_path).stdout.startswith("usage: build.py ")
    assert run_cli("init", "--help", cwd=tmp_path).stdout.startswith("usage: build.py init ")
    module = subprocess.run([sys.executable, "-m", "diplomacy_archive", "new", "--help"],
                            cwd=tmp_path, capture_output=True, text=True, check=False)
    assert module.returncode == 0
    assert module.stdout.startswith("usage: python -m diplomacy_archive new ")


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_works_on_every_command(copy_site, tmp_path: Path, where: str) -> None:
    def quiet(*args: str, cwd: Path) -> Run:
        argv = ["-q", *args] if where == "before" else [*args, "-q"]
        run = run_cli(*argv, cwd=cwd)
        assert run.code == 0, (args, run.stderr)
        assert run.stdout == "", args
        return run
    quiet("init", "moi", cwd=tmp_path)
    site = copy_site("basic")
    quiet("build", cwd=site)
    quiet("build", cwd=site)  # nothing changed
    quiet("check", cwd=site)
    quiet("new", "Bài viết mới", "--date", "2024-01-02", cwd=site)
    raw = tmp_path / "trang.txt"
    raw.write_text("Tọa đàm về công tác đối ngoại nhân dân năm 2023 tại Hà Nội\n"
                   "Ngày 5/6/2023, tại Hà Nội, Liên hiệp tổ chức tọa đàm.\n", encoding="utf-8")
    quiet("import", str(raw), cwd=site)
    assert (site / "content" / "2024" / "bai-viet-moi.md").is_file()
    assert list((site / "content" / "2023").glob("*.md"))


def test_quiet_preview_prints_only_problems(copy_site) -> None:
    from conftest import free_port, serving
    site = copy_site("basic")
    article = site / "content" / "2021" / "gio.md"
    article.write_text(article.read_text(encoding="utf-8").replace("---\n", "---\nspeaker: x\n", 1),
                       encoding="utf-8")
    port = free_port()
    with serving([sys.executable, str(ROOT / "build.py"), "serve", "-q", "--port", str(port)],
                 site, port) as served:
        pass
    assert served.output.splitlines() == [
        "content/2021/gio.md:2:1: warning: unknown key 'speaker' (did you mean "
        "'speakers'?)"]


def test_an_unexpected_error_is_one_paragraph_and_debug_shows_where(monkeypatch, capsys,
                                                                    copy_site) -> None:
    from diplomacy_archive.cli import commands, program

    def broken(*_args: object) -> int:
        raise RuntimeError("bộ đếm bị hỏng")
    monkeypatch.setitem(commands.RUNNERS, "check", broken)
    monkeypatch.chdir(copy_site("basic"))
    assert program.main(["check"], prog="diplomacy-archive") == 1
    err = capsys.readouterr().err
    assert err.startswith("diplomacy-archive: unexpected error while running 'check': "
                          "RuntimeError: bộ đếm bị hỏng. This is a fault of the generator")
    assert "Traceback" not in err and err.count("\n") == 1
    assert program.main(["check", "--debug"], prog="diplomacy-archive") == 1
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):") and "in broken" in err
