"""Shared fixtures and helpers of the browser tests (tests/test_browser.py).

The example archive is built once per session, with a sub-path base URL, and served by a threaded
http.server on 127.0.0.1 the way a web host would serve it under /luu-tru/. One headless Chromium
(Debian's, through Playwright for Python) serves every test; each test gets a fresh context.
axe-core comes from npm (package.json, package-lock.json: `npm ci`).

Without Chromium, Playwright or axe-core these tests skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, copy_example, missing_tool, run_cli

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Response

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
SUB_PATH = "/luu-tru/"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

# One article added to the copy of the example archive, to put in front of a phone what the
# example lacks: a wide table, a very long title, long unbroken words and addresses.
STRESS_SLUG = "kiem-tra-giao-dien-bang-rong-va-tieu-de-rat-dai"
STRESS_ARTICLE = """---
title: "Liên hiệp các tổ chức hữu nghị tỉnh Thừa Thiên Huế và Hội Hữu nghị Việt Nam – Cộng hòa \
Dân chủ Nhân dân Lào ký kết biên bản ghi nhớ hợp tác giai đoạn 2018–2023: \
LiênhiệpcáctổchứchữunghịThừaThiênHuế"
date: 2018-03-02
slug: kiem-tra-giao-dien-bang-rong-va-tieu-de-rat-dai
tags: [hữu nghị, kiểm tra giao diện với một chủ đề có tên rất dài không ngắt được]
source:
  publisher: Báo điện tử Hữu nghị
  url: "https://example.org/tin-tuc/lien-hiep-cac-to-chuc-huu-nghi-tinh-thua-thien-hue-ky-ket-\
bien-ban-ghi-nho-hop-tac-giai-doan-2018-2023.html"
---

Đoạn mở đầu, với một địa chỉ dài: \
<https://example.org/tai-lieu/bien-ban-ghi-nho-hop-tac-huu-nghi-giai-doan-2018-2023-\
ban-chinh-thuc.pdf> và [một liên kết](https://example.org/lien-ket).

| Tỉnh, thành phố | Năm 2018 | Năm 2019 | Năm 2020 | Năm 2021 | Năm 2022 | Năm 2023 | Ghi chú |
|:--|--:|--:|--:|--:|--:|--:|:--|
| Thừa Thiên Huế | 12 | 14 | 9 | 11 | 15 | 18 | Hội Hữu nghị Việt Nam – Lào cấp tỉnh |
| Thành phố Hồ Chí Minh | 40 | 42 | 30 | 33 | 45 | 51 | Tổng hợp từ báo cáo của các hội thành viên |

Đoạn cuối.
"""


@dataclass
class Site:
    """The built example archive, served at ``url`` (http://127.0.0.1:PORT/luu-tru/)."""

    out: Path
    url: str

    def url_for(self, path: str = "") -> str:
        """The address of ``path``, relative to the archive's root (no leading slash)."""
        return self.url + path.lstrip("/")


class SubPathHandler(SimpleHTTPRequestHandler):
    """Serve the output folder at SUB_PATH, with 404.html for anything missing."""

    def translate_path(self, path: str) -> str:
        if not urlsplit(path).path.startswith(SUB_PATH):
            return str(Path(self.directory) / ".outside-the-sub-path")  # never built: 404
        return super().translate_path("/" + path[len(SUB_PATH):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def served(out: Path) -> Iterator[str]:
    """Serve ``out`` under SUB_PATH on a free port while the block runs; yields its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(SubPathHandler, directory=str(out)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@contextlib.contextmanager
def built_and_served(source: Path, out: Path) -> Iterator[Site]:
    """The site at ``source`` built into ``out`` for the address it is served at (under
    SUB_PATH) while the block runs."""
    out.mkdir(exist_ok=True)
    with served(out) as url:
        done = run_cli("build", "--site", str(source), "--out", str(out), "--base-url", url,
                       "--quiet", cwd=source)
        assert done.code == 0, done.stdout + done.stderr
        yield Site(out, url)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The example archive (plus STRESS_ARTICLE), built once and served under a sub-path."""
    folder = tmp_path_factory.mktemp("browser")
    source, out = folder / "example", folder / "public"
    copy_example(source)
    (source / "content" / "2018").mkdir(parents=True, exist_ok=True)
    (source / "content" / "2018" / f"{STRESS_SLUG}.md").write_text(STRESS_ARTICLE, "utf-8")
    with built_and_served(source, out) as built:
        yield built


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for a whole test module.

    Not for the session: while Playwright's sync API runs, its event loop counts as running in
    this thread, and later tests' asyncio.run() would fail.
    """
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        missing_tool("Playwright for Python is not installed",
                     f"{sys.executable} -c 'import playwright'", "pip install -e '.[test]'")
    if not CHROMIUM.exists():
        missing_tool(f"{CHROMIUM} is not installed", f"ls -l {CHROMIUM}",
                     "apt-get install chromium")
    playwright = sync_playwright().start()
    try:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                  args=CHROMIUM_ARGS)
        except Error as exc:
            # installed but broken is not a missing tool: the tests must say so, not skip
            pytest.fail(f"{CHROMIUM} is installed but does not start under Playwright: {exc}")
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="module")
def browser_context(browser: Browser) -> Iterator[BrowserContext]:
    """One context for the module: the archive keeps no state in the browser."""
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture(scope="module")
def tab(browser_context: BrowserContext) -> Page:
    """The one tab the tests share: opening a new one for each test costs more than a test."""
    return browser_context.new_page()


@pytest.fixture
def page(tab: Page) -> Page:
    """The shared tab, back at desktop size on screen in the light scheme."""
    tab.set_viewport_size(DESKTOP)
    tab.emulate_media(media="screen", color_scheme="light")
    return tab


def visit(page: Page, site: Site, path: str = "") -> Response:
    """Open ``path`` of the archive and check it was found."""
    response = page.goto(site.url_for(path))
    assert response is not None and response.status == 200, (path, response)
    return response


@pytest.fixture(scope="session")
def axe_source() -> Path:
    """node_modules/axe-core/axe.min.js, after `npm ci` if needed and npm exists."""
    why = ""
    if not AXE.is_file() and shutil.which("npm"):
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, timeout=300,
                              capture_output=True, text=True, check=False)
        lines = [line for line in (done.stderr + done.stdout).splitlines()
                 if "error" in line and "complete log" not in line]
        why = f" (`npm ci` said: {lines[0]})" if done.returncode and lines else ""
    if not AXE.is_file():
        missing_tool(f"{AXE.relative_to(ROOT)} is missing{why}", f"ls -l {AXE}",
                     f"cd {ROOT} && npm ci")
    return AXE


def axe_violations(page: Page, axe: Path, rules: list[str] | None = None,
                   impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """Run axe-core (all its rules, or only ``rules``) on the open page: the violations of the
    given impacts."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe))
    result = page.evaluate("options => axe.run(document, options)",
                           {"resultTypes": ["violations"], **({"runOnly": rules} if rules else {})})
    return [v for v in result["violations"] if v.get("impact") in impacts]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One paragraph per violation: id, impact, help text and link, the elements at fault."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} "
                     f"<{violation['helpUrl']}>")
        for node in violation["nodes"][:8]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as a test artefact, test-artifacts/screenshots/NAME.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def horizontal_overflow(page: Page) -> list[str]:
    """What sticks out past the viewport's right edge (empty when the page does not scroll)."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width) return [];
        const wide = [];
        for (const el of document.body.querySelectorAll('*')) {
            const box = el.getBoundingClientRect();
            if (box.right > width + 0.5 || box.left < -0.5) {
                wide.push(`${el.tagName.toLowerCase()}.${el.className} ` +
                          `(${Math.round(box.left)}..${Math.round(box.right)})`);
            }
        }
        return [`scrollWidth ${document.documentElement.scrollWidth} > ${width}`, ...wide];
    }""")


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two computed CSS colours (rgb() or rgba(), opaque)."""
    def luminance(colour: str) -> float:
        values = colour[colour.index("(") + 1:colour.index(")")].replace("/", " ")
        red, green, blue = (float(v) / 255 for v in values.replace(",", " ").split()[:3])

        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
