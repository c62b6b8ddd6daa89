"""A union's path, as the README gives it: install the generator from this repository into a
fresh environment, `init` an archive outside the repository, and use every command from inside
it. Also the wheel's contents, and the README's way to look at the example archive."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import ROOT, copy_example, fetch, free_port, serving

README = ROOT / "README.md"
RAW_PAGE = """Trang chủ | Tin tức | Hoạt động đối ngoại | Liên hệ
Hội hữu nghị Việt Nam - Lào tỉnh Khánh Hòa gặp mặt kỷ niệm ngày thành lập
Ngày 12/9/2023, tại Nha Trang, Hội hữu nghị Việt Nam - Lào tỉnh Khánh Hòa tổ chức buổi gặp mặt.
Ông Lê Trung Hưng, Chủ tịch Liên hiệp các tổ chức hữu nghị tỉnh, phát biểu tại buổi gặp mặt.
Các hội viên nhắc lại yêu cầu của Chỉ thị 12-CT/TW về đối ngoại nhân dân trong tình hình mới.
"""


def readme_block(heading: str) -> list[str]:
    section = README.read_text(encoding="utf-8").split(f"## {heading}", 1)[1].split("\n## ")[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, f"README's '{heading}' section has a sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def pip_cache() -> str:
    done = subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True,
                          text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else ""


@pytest.fixture(scope="module")
def union(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The README's first two lines run as written, with HOME in a temporary folder: the
    generator installed (not editable) into ~/archive-env, a new archive in ~/hoi-huu-nghi.
    Returns the environment they ran in."""
    home = tmp_path_factory.mktemp("home")
    env = {**os.environ, "HOME": str(home), "PYTHONIOENCODING": "utf-8",
           "PIP_CACHE_DIR": pip_cache() or str(home / "pip-cache")}
    env.pop("PYTHONPATH", None)
    lines = readme_block("Start an archive of your own")
    assert len(lines) == 3 and "pip install ." in lines[0] and " init " in lines[1]
    for line in lines[:2]:
        done = subprocess.run(["bash", "-c", line], cwd=ROOT, env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=600, check=False)
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
    return env


def command(env: dict[str, str], *args: str, cwd: Path | None = None
            ) -> subprocess.CompletedProcess[str]:
    """The installed `diplomacy-archive`, run from inside the new site unless told otherwise."""
    home = Path(env["HOME"])
    return subprocess.run([str(home / "archive-env" / "bin" / "diplomacy-archive"), *args],
                          cwd=cwd or home / "hoi-huu-nghi", env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300, check=False)


def test_the_installed_generator_is_the_wheel_not_the_checkout(union: dict[str, str]) -> None:
    home = Path(union["HOME"])
    done = subprocess.run([str(home / "archive-env" / "bin" / "python"), "-c",
                           "import diplomacy_archive as d; from diplomacy_archive.source."
                           "site_folders import default_theme as t; print(d.__file__); print(t())"],
                          cwd=home, env=union, capture_output=True, text=True, check=True)
    package, theme = done.stdout.splitlines()
    assert "site-packages" in package and not package.startswith(str(ROOT))
    assert theme.endswith("site-packages/diplomacy_archive/theme")
    version = command(union, "--version")
    assert version.returncode == 0 and re.fullmatch(r"diplomacy-archive \d+\.\d+\.\d+\n",
                                                    version.stdout)
    usage = command(union, "build", "--help")
    assert usage.stdout.startswith("usage: diplomacy-archive build ")


def test_every_command_works_from_inside_the_new_archive(union: dict[str, str]) -> None:
    site = Path(union["HOME"]) / "hoi-huu-nghi"
    built = command(union, "build", "--strict")
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Built 1 article into public: ") and built.stderr == ""
    checked = command(union, "check", "--strict")
    assert checked.returncode == 0 and "no errors, 0 warnings" in checked.stdout

    new = command(union, "new", "Tọa đàm giao lưu hữu nghị", "--date", "2024-05-01")
    assert new.returncode == 0, new.stderr
    assert (site / "content" / "2024" / "toa-dam-giao-luu-huu-nghi.md").is_file()
    raw = site.parent / "trang-cu.txt"
    raw.write_text(RAW_PAGE, encoding="utf-8")
    imported = command(union, "import", str(raw))
    assert imported.returncode == 0, imported.stderr
    drafts = list((site / "content" / "2023").glob("*.md"))
    assert len(drafts) == 1 and "draft: true" in drafts[0].read_text(encoding="utf-8")
    reviewed = command(union, "check")
    assert reviewed.returncode == 0 and "1 draft still to review" in reviewed.stdout

    rebuilt = command(union, "build", "--strict", "--drafts", "-q")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert rebuilt.stdout == ""
    public = site / "public"
    for page in ("bai-viet/hoi-nghi-toan-quoc-doi-ngoai-nhan-dan-2022/index.html",
                 "bai-viet/toa-dam-giao-luu-huu-nghi/index.html",
                 "chu-de/hoi-nghi/index.html", "dong-thoi-gian/2022/index.html",
                 "dong-thoi-gian/2023/09/index.html", "nhan-vat/nguyen-phuong-nga/index.html",
                 "nhan-vat/le-trung-hung/index.html", "dia-diem/cao-bang/index.html",
                 "van-ban/12-ct-tw/index.html", "assets/style.css", "pagefind/pagefind.js"):
        assert (public / page).is_file(), page


def test_the_readme_serve_line_previews_the_new_archive(union: dict[str, str]) -> None:
    line = readme_block("Start an archive of your own")[2]
    assert line.endswith("diplomacy-archive serve")
    port = free_port()
    with serving(["bash", "-c", f"{line} --port {port}"], Path(union["HOME"]), port,
                 env=union) as served:
        assert_styled_and_linked(served.url)
    assert "Preview stopped" in served.output


def test_outside_a_site_the_command_says_where_it_looked(union: dict[str, str]) -> None:
    home = Path(union["HOME"])
    done = command(union, "build", cwd=home)
    assert done.returncode == 2
    assert done.stderr == (f"error: there is no config.yaml in {home}, so it is not an archive "
                           "site; run the command in the site's folder, give --site DIR, or "
                           "create a site with 'diplomacy-archive init DIR'\n")


def test_the_wheel_holds_the_package_the_theme_the_skeleton_and_the_guide(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
                           "-w", str(tmp_path), "-q"], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("diplomacy_archive-*.whl")
    names = {n for n in zipfile.ZipFile(wheel).namelist() if ".dist-info/" not in n}
    expected = {p.relative_to(ROOT).as_posix() for p in (ROOT / "diplomacy_archive").rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    for folder in ("templates", "assets", "admin"):  # admin/: the web editor, vendored
        expected |= {f"diplomacy_archive/theme/{p.relative_to(ROOT).as_posix()}"
                     for p in (ROOT / folder).rglob("*") if p.is_file()}
    expected |= {f"diplomacy_archive/guide/{p.name}" for p in (ROOT / "docs" / "vi").iterdir()}
    assert names == expected
    metadata = zipfile.ZipFile(wheel).read(
        next(n for n in zipfile.ZipFile(wheel).namelist() if n.endswith("METADATA"))).decode()
    for dependency in ("Jinja2", "tornado", "MarkupSafe", "trafilatura", "pagefind"):
        assert re.search(rf"^Requires-Dist: {dependency}\b", metadata,
                         re.MULTILINE | re.IGNORECASE), dependency
    assert "diplomacy-archive = diplomacy_archive.cli:main" in zipfile.ZipFile(wheel).read(
        next(n for n in zipfile.ZipFile(wheel).namelist() if n.endswith("entry_points.txt"))
    ).decode()


# ---------------------------------------------------------------- the README's way to look

class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.found.append((tag if tag != "link" else f"link {values.get('rel')}",
                                   str(values[name])))


def assert_styled_and_linked(home: str) -> None:
    """The page has the theme's stylesheet, and every link and resource on it answers."""
    status, kind, body = fetch(home)
    assert status == 200 and kind.startswith("text/html")
    links = Links()
    links.feed(body.decode("utf-8"))
    stylesheets = [url for tag, url in links.found if tag == "link stylesheet"]
    assert stylesheets, "the page has a stylesheet"
    origin = urlsplit(home).netloc
    checked = 0
    for tag, url in links.found:
        target = urljoin(home, url)
        if urlsplit(target).netloc != origin or urlsplit(target).scheme not in ("http", "https"):
            continue
        status, kind, _ = fetch(target.split("#")[0])
        assert status == 200, f"{tag} {url} answers {status}"
        if tag == "link stylesheet":
            assert kind.startswith("text/css"), url
        checked += 1
    assert checked >= 10


def test_the_readme_way_to_look_at_the_example_shows_it_styled(tmp_path: Path) -> None:
    readme = README.read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    look = re.search(r"run `([^`]*serve[^`]*)` and open\s+(http://\S+?/)[:\s]", quick)
    assert look, "the Quick start says how to look at the example"
    words = shlex.split(look.group(1))
    assert words[:2] == [".venv/bin/python", "build.py"] and words[-1] == "serve"
    assert look.group(2) == "http://127.0.0.1:8000/"
    site = copy_example(tmp_path / "example")  # the repository's example archive, copied
    port = free_port()  # the README's 8000 may be taken on this machine
    with serving([sys.executable, str(ROOT / "build.py"), *words[2:], "--port", str(port)],
                 site, port) as served:
        assert_styled_and_linked(served.url)
