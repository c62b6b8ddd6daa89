"""The command line contract: commands, exit codes, the `new` skeleton."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import run_cli


def test_new_writes_a_skeleton_that_builds(copy_site) -> None:
    site = copy_site("basic")
    run = run_cli("new", "Tọa đàm: “Đối ngoại nhân dân” 2026", "--site", ".", "--date", "2026-11-20",
                  cwd=site)
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
    assert "slug: buoi-gap-mat-lan-hai\n" in (path.parent / "buoi-gap-mat-lan-hai.md").read_text("utf-8")


def test_new_rejects_titles_without_letters(copy_site) -> None:
    site = copy_site("basic")
    run = run_cli("new", "中文", "--site", ".", cwd=site)
    assert run.code == 1
    assert run.stderr == "error: '' cannot be a file name; give --slug with a-z, 0-9 and '-'\n"


def test_usage_errors_exit_2(copy_site, tmp_path: Path) -> None:
    site = copy_site("basic")
    assert run_cli("build", "--no-such-flag", cwd=site).code == 2
    assert run_cli("check", "--format", "xml", cwd=site).code == 2
    assert run_cli("new", "x", "--date", "18/06/2021", cwd=site).code == 2
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
    assert run.stdout == "Checked 5 articles and 45 pages: no errors, 0 warnings.\n"
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
