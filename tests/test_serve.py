"""The live preview: pages, 404, the LiveReload client and protocol, the error panel, debouncing."""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import missing_tool
from tornado.httpclient import HTTPClientError
from tornado.websocket import WebSocketClientConnection, websocket_connect

from diplomacy_archive.problems import Problem, Severity, UsageError
from diplomacy_archive.serve import BuildOutcome, serve, watch_paths
from diplomacy_archive.serve.panel import OVERLAY_ID, inject, livereload_client, overlay_html
from diplomacy_archive.serve.server import LIVERELOAD_PROTOCOL, resolve_request
from diplomacy_archive.serve.watch import changed_paths, scan

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
HEADING = "There are errors in the articles"  # tests read English (conftest.py)
BROKEN = Problem("content/2021/toa-dam.md", 3, 7, "'31/02/2021' is not a real date <b>x</b>",
                 hint="month 2 of 2021 has 28 days", field="date")


class FakeSite:
    """A rebuild callable that writes a tiny site, or fails with the problems it is given."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.calls: list[set[Path]] = []
        self.fail_with: list[Problem] | None = None
        self.warnings: list[Problem] = []
        self.crash: Exception | None = None
        self.slow = 0.0
        self.version = 0

    def __call__(self, changed: set[Path]) -> BuildOutcome:
        self.calls.append(set(changed))
        number = len(self.calls)
        if self.crash is not None:
            raise self.crash
        if self.fail_with is not None:
            return BuildOutcome(False, list(self.fail_with), f"build {number} failed")
        self.version += 1
        self.write(self.version)
        return BuildOutcome(True, list(self.warnings), f"build {number} ok")

    def write(self, version: int) -> None:
        """Write the pages; with ``slow`` set, non-atomically and with a pause half way."""
        shutil.rmtree(self.output, ignore_errors=True)
        (self.output / "bai-viet").mkdir(parents=True)
        time.sleep(self.slow)
        page = "<!DOCTYPE html><html><head><title>t</title></head><body><p>{}</p></body></html>"
        (self.output / "index.html").write_text(page.format(f"phiên bản {version}"), "utf-8")
        (self.output / "bai-viet" / "index.html").write_text(page.format("bài viết"), "utf-8")
        (self.output / "404.html").write_text(page.format("Không tìm thấy trang"), "utf-8")
        (self.output / "style.css").write_text("body{color:#000}</body>", "utf-8")


@dataclass
class Running:
    """A preview served from a background thread, and what the test needs to talk to it."""

    site: FakeSite
    source: Path
    lines: list[str]
    stop: threading.Event
    thread: threading.Thread
    port: int = 0
    errors: list[BaseException] = field(default_factory=list)

    def get(self, path: str, method: str = "GET") -> tuple[int, dict[str, str], str]:
        """Status, headers and text of one request (no proxy, no redirects followed)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path)
            response = connection.getresponse()
            body = response.read().decode("utf-8")
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            connection.close()

    def save(self, name: str, text: str = "") -> None:
        """Save a file in the watched source folder, as an editor does."""
        path = self.source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text or f"{time.time_ns()}", "utf-8")

    def wait_line(self, text: str, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until ``count`` report lines contain ``text``."""
        wait_until(lambda: sum(text in line for line in self.lines) >= count, timeout,
                   f"{count} x {text!r} in {self.lines}")


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def start_preview(tmp_path: Path, debounce: float = 0.2) -> Running:
    """Start serve() on a free port of 127.0.0.1 and wait for the first build."""
    source = tmp_path / "content"
    source.mkdir()
    (source / "a.md").write_text("a", "utf-8")
    site = FakeSite(tmp_path / "public")
    lines: list[str] = []
    stop = threading.Event()
    running = Running(site, source, lines, stop, threading.Thread())

    def target() -> None:
        try:
            serve(site, site.output, [source, tmp_path / "config.yaml"], "127.0.0.1", 0,
                  lines.append, debounce, stop=stop, poll_interval=0.05)
        except BaseException as exc:  # noqa: BLE001 (surfaced by the fixture)
            running.errors.append(exc)

    running.thread = threading.Thread(target=target, daemon=True)
    running.thread.start()
    running.wait_line("build 1 ")
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", lines[0])
    assert match, lines
    running.port = int(match.group(1))
    return running


@contextmanager
def running_preview(tmp_path: Path, debounce: float = 0.2) -> Iterator[Running]:
    """A started preview, stopped (and checked to have stopped cleanly) afterwards."""
    running = start_preview(tmp_path, debounce)
    try:
        yield running
    finally:
        running.stop.set()
        running.thread.join(5)
    assert not running.thread.is_alive()
    assert not running.errors
    assert running.lines[-1].startswith("Preview stopped")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Running]:
    with running_preview(tmp_path) as running:
        yield running


# --- pure functions ------------------------------------------------------------------------------

def test_overlay_escapes_every_problem_and_needs_nothing_external() -> None:
    panel = overlay_html([BROKEN, Problem("data/x.yaml", None, None, 'a & "b"', "<fix>")])
    assert HEADING in panel and f'id="{OVERLAY_ID}"' in panel
    assert "content/2021/toa-dam.md:3: error: date: &#x27;31/02/2021&#x27; is not a real " \
           "date &lt;b&gt;x&lt;/b&gt; (month 2 of 2021 has 28 days)" in panel
    assert "data/x.yaml: error: a &amp; &quot;b&quot; (&lt;fix&gt;)" in panel
    assert "<b>" not in panel and "http" not in panel and "<script" not in panel
    assert 'method="dialog"' in panel  # the close button needs no script
    assert "position:fixed" in panel


def test_inject_goes_before_the_last_body_end_or_at_the_end() -> None:
    assert inject(b"<p></BODY></html>", "<x>") == b"<p><x></BODY></html>"
    assert inject(b"<p>no body", "<x>") == b"<p>no body<x>"


def test_resolve_request_stays_inside_the_output(tmp_path: Path) -> None:
    (tmp_path / "out" / "a").mkdir(parents=True)
    (tmp_path / "out" / "a" / "index.html").write_text("x")
    (tmp_path / "out" / ".diplomacy-archive").write_text("x")
    (tmp_path / "secret.txt").write_text("x")
    out = tmp_path / "out"
    assert resolve_request(out, "a/") == ("file", out / "a" / "index.html")
    assert resolve_request(out, "a") == ("redirect", None)
    for bad in ("../secret.txt", "a/../../secret.txt", f"/{tmp_path}/secret.txt",
                ".diplomacy-archive"):
        assert resolve_request(out, bad) == ("missing", None), bad


def test_scan_skips_hidden_and_backup_files_and_sees_every_change(tmp_path: Path) -> None:
    (tmp_path / "content" / ".git").mkdir(parents=True)
    (tmp_path / "content" / ".git" / "x").write_text("x")
    (tmp_path / "content" / ".a.md.swp").write_text("x")
    (tmp_path / "content" / "a.md~").write_text("x")
    (tmp_path / "content" / "a.md").write_text("x")
    (tmp_path / "config.yaml").write_text("x")
    before = scan(watch_paths(tmp_path))
    assert set(before) == {tmp_path / "content" / "a.md", tmp_path / "config.yaml"}
    (tmp_path / "content" / "public").mkdir()
    (tmp_path / "content" / "public" / "index.html").write_text("x")
    assert scan([tmp_path / "content"], skip=tmp_path / "content" / "public") == {
        tmp_path / "content" / "a.md": before[tmp_path / "content" / "a.md"]}
    shutil.rmtree(tmp_path / "content" / "public")
    (tmp_path / "content" / "a.md").write_text("longer")
    (tmp_path / "config.yaml").unlink()
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "b.png").write_bytes(b"x")
    assert changed_paths(before, scan(watch_paths(tmp_path))) == {
        tmp_path / "content" / "a.md", tmp_path / "config.yaml", tmp_path / "static" / "b.png"}


# --- over HTTP -----------------------------------------------------------------------------------

def test_pages_folders_and_the_site_404_page(preview: Running) -> None:
    status, headers, body = preview.get("/")
    assert status == 200 and "phiên bản 1" in body
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-store"
    assert preview.get("/bai-viet/")[2].count("bài viết") == 1
    status, headers, _ = preview.get("/bai-viet?x=1")
    assert status in (301, 302) and headers["location"] == "/bai-viet/?x=1"
    (preview.site.output / "evil.example").mkdir()
    assert preview.get("//evil.example")[1]["location"] == "/evil.example/"
    status, _, body = preview.get("/khong-co/")
    assert status == 404 and "Không tìm thấy trang" in body and "livereload.js" in body
    assert preview.get("/%2e%2e/%2e%2e/etc/passwd")[0] == 404
    status, headers, body = preview.get("/style.css")
    assert status == 200 and headers["content-type"].startswith("text/css")
    assert body == "body{color:#000}</body>"  # only HTML pages are changed
    status, headers, body = preview.get("/", method="HEAD")
    assert status == 200 and body == "" and int(headers["content-length"]) > 0
    assert preview.site.calls == [set()]
    first = preview.lines[0]
    assert first.startswith("Live preview of ") and f"http://127.0.0.1:{preview.port}/" in first


def test_the_livereload_client_is_injected_and_served_locally(preview: Running) -> None:
    body = preview.get("/")[2]
    tag = f'<script src="/livereload.js?port={preview.port}"></script>'
    assert body.endswith(tag + "</body></html>")
    assert "//" not in tag.split("src=")[1]  # same server, never a CDN
    status, headers, script = preview.get("/livereload.js?port=1")
    assert status == 200 and headers["content-type"].startswith("application/javascript")
    assert script.encode("utf-8") == livereload_client()
    assert "LiveReload" in script


def test_server_binds_only_to_the_given_host(preview: Running) -> None:
    others = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    for address in {"127.0.0.2", *others} - {"127.0.0.1"}:  # other addresses of this machine
        with pytest.raises(OSError):
            socket.create_connection((address, preview.port), timeout=1).close()
    socket.create_connection(("127.0.0.1", preview.port), timeout=1).close()


def test_a_failed_build_shows_the_panel_over_the_last_good_site_until_fixed(
        preview: Running) -> None:
    warning = Problem("content/b.md", 1, None, "warn", severity=Severity.WARNING)
    preview.site.fail_with = [BROKEN, warning]
    preview.save("a.md", "broken")
    preview.wait_line("build 2 failed")
    body = preview.get("/")[2]
    assert "phiên bản 1" in body and HEADING in body
    assert ("content/2021/toa-dam.md:3: error: date: &#x27;31/02/2021&#x27; is not a real "
            "date &lt;b&gt;x&lt;/b&gt; (month 2 of 2021 has 28 days)") in body
    # the warnings too, after the errors: publishing (--strict) refuses them as well
    assert body.index("toa-dam.md:3: error:") < body.index("content/b.md:1: warning: warn")
    assert HEADING in preview.get("/khong-co")[2] and HEADING in preview.get("/bai-viet/")[2]
    assert HEADING not in preview.get("/style.css")[2]
    assert any("toa-dam.md:3:7: error: date:" in line for line in preview.lines)

    preview.site.fail_with = None
    preview.save("a.md", "fixed")
    preview.wait_line("build 3 ok")
    body = preview.get("/")[2]
    assert "phiên bản 2" in body and HEADING not in body and OVERLAY_ID not in body


def test_warnings_of_a_good_build_show_a_calmer_panel_over_the_new_site(
        preview: Running) -> None:
    preview.site.warnings = [Problem("content/a.md", 2, 1, "unknown key 'speaker'",
                                     severity=Severity.WARNING)]
    preview.save("a.md", "x")
    preview.wait_line("build 2 ok")
    body = preview.get("/")[2]
    assert HEADING not in body and "There are warnings in the articles" in body
    assert "content/a.md:2: warning: unknown key &#x27;speaker&#x27;" in body
    assert "#5a3a00" in body and "#7a0000" not in body
    assert any("unknown key 'speaker'" in line for line in preview.lines)
    preview.site.warnings = []
    preview.save("a.md", "y")
    preview.wait_line("build 3 ok")
    assert OVERLAY_ID not in preview.get("/")[2]


def test_a_template_error_is_named_as_one() -> None:
    problem = Problem("templates/article.html", 12, None, "{error}", "check the names",
                      "template", args=(("error", "UndefinedError: 'x' is undefined"),))
    panel = overlay_html([problem])
    assert "There is an error in a template" in panel and HEADING not in panel
    assert "templates/article.html:12: error: template: UndefinedError" in panel


def test_a_crashing_rebuild_shows_the_panel_and_the_preview_keeps_running(preview: Running) -> None:
    preview.site.crash = RuntimeError("template <exploded>")
    preview.save("a.md", "x")
    preview.wait_line("Build crashed")
    body = preview.get("/")[2]
    assert HEADING in body and "RuntimeError: template &lt;exploded&gt;" in body
    assert "test_serve.py:" in body  # where it happened
    preview.site.crash = None
    preview.save("a.md", "y")
    preview.wait_line("ok", count=2)
    assert HEADING not in preview.get("/")[2]


def test_a_burst_of_saves_gives_one_rebuild_with_every_changed_path(tmp_path: Path) -> None:
    names = [f"2021/bai-{n}.md" for n in range(6)]
    with running_preview(tmp_path, debounce=0.4) as preview:  # wide margin over the 30 ms gaps
        for name in names:
            preview.save(name)
            time.sleep(0.03)
        preview.save("a.md", "again")
        preview.wait_line("build 2 ok")
        time.sleep(0.6)  # longer than the quiet period: no second rebuild follows
        assert len(preview.site.calls) == 2
        assert preview.site.calls[1] == {preview.source / n for n in [*names, "a.md"]}
        assert any(line.startswith("Rebuilding: ") and "and 4 more" in line
                   for line in preview.lines)


def test_requests_during_a_rebuild_wait_for_the_whole_new_site(preview: Running) -> None:
    preview.site.slow = 0.4  # the fake deletes the site, pauses, then writes it again
    preview.save("a.md", "x")
    wait_until(lambda: len(preview.site.calls) == 2, 5, "the rebuild to start")
    time.sleep(0.1)
    status, _, body = preview.get("/bai-viet/")
    assert status == 200 and "bài viết" in body
    assert "phiên bản 2" in preview.get("/")[2]


# --- the LiveReload protocol ---------------------------------------------------------------------

async def livereload_session(port: int, edits: list[Callable[[], None]]
                             ) -> tuple[dict[str, object], list[dict[str, object]], list[float]]:
    """Say hello like livereload.js, then for each edit wait for the reload; returns the delays."""
    connection: WebSocketClientConnection = await websocket_connect(
        f"ws://127.0.0.1:{port}/livereload")
    try:
        await connection.write_message(json.dumps(
            {"command": "hello", "protocols": [LIVERELOAD_PROTOCOL]}))
        hello = json.loads(await asyncio.wait_for(connection.read_message(), 5))
        await connection.write_message(json.dumps({"command": "info", "url": "http://x/"}))
        messages, delays = [], []
        for edit in edits:
            started = time.perf_counter()
            edit()
            messages.append(json.loads(await asyncio.wait_for(connection.read_message(), 5)))
            delays.append(time.perf_counter() - started)
        return hello, messages, delays
    finally:
        connection.close()


def test_open_tabs_are_told_to_reload_after_each_rebuild(preview: Running) -> None:
    def fail() -> None:
        preview.site.fail_with = [BROKEN]
        preview.save("a.md", "broken")

    def fix() -> None:
        preview.site.fail_with = None
        preview.save("a.md", "fixed")

    edits = [lambda: preview.save("a.md"), fail, fix, *[lambda: preview.save("a.md")] * 4]
    hello, messages, delays = asyncio.run(livereload_session(preview.port, edits))
    assert hello["command"] == "hello" and LIVERELOAD_PROTOCOL in hello["protocols"]
    assert all(m["command"] == "reload" and m["liveCSS"] is False for m in messages)
    assert len(preview.site.calls) == 1 + len(edits)
    print(f"\nsave -> reload: median {statistics.median(delays) * 1000:.0f} ms, "
          f"all {[round(d * 1000) for d in delays]} ms")
    assert statistics.median(delays) < 1.0


def test_a_socket_that_never_says_hello_gets_nothing_and_bad_messages_are_ignored(
        preview: Running) -> None:
    async def session() -> str | None:
        connection = await websocket_connect(f"ws://127.0.0.1:{preview.port}/livereload")
        await connection.write_message("not json")
        await connection.write_message("[1]")
        preview.save("a.md")
        try:
            return await asyncio.wait_for(connection.read_message(), 0.8)
        except TimeoutError:
            return None
        finally:
            connection.close()

    assert asyncio.run(session()) is None
    preview.wait_line("build 2 ok")


def test_a_foreign_origin_cannot_open_the_socket(preview: Running) -> None:
    async def session() -> None:
        await websocket_connect(f"ws://127.0.0.1:{preview.port}/livereload")
    from tornado.httpclient import HTTPRequest

    async def foreign() -> None:
        request = HTTPRequest(f"ws://127.0.0.1:{preview.port}/livereload",
                              headers={"Origin": "http://evil.example"})
        await websocket_connect(request)

    asyncio.run(session())
    with pytest.raises(HTTPClientError):
        asyncio.run(foreign())


# --- starting and stopping -----------------------------------------------------------------------

def test_stop_releases_the_port(tmp_path: Path) -> None:
    running = start_preview(tmp_path)
    running.stop.set()
    running.thread.join(5)
    assert not running.thread.is_alive() and not running.errors
    assert running.lines[-1] == f"Preview stopped; http://127.0.0.1:{running.port}/ is closed."
    with socket.socket() as again:
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", running.port))


def test_a_port_in_use_is_a_usage_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        calls: list[set[Path]] = []
        with pytest.raises(UsageError, match="choose another --port"):
            serve(lambda c: calls.append(c) or BuildOutcome(True, [], ""), tmp_path, [],
                  "127.0.0.1", taken.getsockname()[1], lambda line: None)
        assert calls == []


CTRL_C_SCRIPT = """
import sys
from pathlib import Path
from diplomacy_archive.serve import BuildOutcome, serve
out = Path(sys.argv[1])
def rebuild(changed):
    out.mkdir(exist_ok=True)
    (out / "index.html").write_text("<html><body>xin chào</body></html>", "utf-8")
    return BuildOutcome(True, [], "built")
serve(rebuild, out, [out.parent / "content"], "127.0.0.1", 0, lambda line: print(line, flush=True))
print("returned normally", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is POSIX")
def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-c", CTRL_C_SCRIPT, str(tmp_path / "public")],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8")
    try:
        first = process.stdout.readline()
        assert process.stdout.readline().strip() == "built", first
        port = int(re.search(r":(\d+)/", first).group(1))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/")
        assert "xin chào" in connection.getresponse().read().decode("utf-8")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        process.kill()
    connection.close()
    assert process.returncode == 0, err
    assert err == ""  # nothing printed behind the report's back, no traceback
    assert out.splitlines() == [f"Preview stopped; http://127.0.0.1:{port}/ is closed.",
                                "returned normally"]
    with socket.socket() as again:
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", port))


# --- a real browser ------------------------------------------------------------------------------

class DevTools:
    """The few Chrome DevTools protocol calls the browser test needs."""

    def __init__(self, connection: WebSocketClientConnection) -> None:
        self.connection = connection
        self.next_id = 0

    async def call(self, method: str, **params: object) -> dict[str, object]:
        self.next_id += 1
        await self.connection.write_message(json.dumps(
            {"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(await asyncio.wait_for(self.connection.read_message(), 10))
            if message.get("id") == self.next_id:
                return message.get("result", {})

    async def evaluate(self, expression: str) -> object:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def wait_for(self, expression: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not await self.evaluate(expression):
            if time.monotonic() > deadline:
                raise AssertionError(f"the page never satisfied {expression}")
            await asyncio.sleep(0.05)


def chromium_or_skip() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    missing_tool(f"{CHROMIUM} is not installed", f"ls -l {CHROMIUM}", "apt-get install chromium")


def launch_chromium(browser: Path, profile: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Start headless Chromium with remote debugging on a free port; returns it and that port."""
    process = subprocess.Popen(
        [str(browser), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--no-proxy-server", "--disable-dev-shm-usage",
         f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    active = profile / "DevToolsActivePort"
    wait_until(lambda: active.exists() and active.read_text().count("\n") >= 1, 20,
               "Chromium to start")
    return process, int(active.read_text().splitlines()[0])


def test_headless_chromium_reloads_and_shows_the_panel(preview: Running, tmp_path: Path) -> None:
    browser = chromium_or_skip()
    process, devtools_port = launch_chromium(browser, tmp_path / "profile")
    try:
        connection = http.client.HTTPConnection("127.0.0.1", devtools_port, timeout=10)
        connection.request("GET", "/json/list")
        pages = [t for t in json.loads(connection.getresponse().read()) if t["type"] == "page"]
        connection.close()
        asyncio.run(drive_browser(pages[0]["webSocketDebuggerUrl"], preview))
    finally:
        process.terminate()
        process.wait(10)


async def drive_browser(debugger_url: str, preview: Running) -> None:
    """Open the preview, break the build, see the panel after the automatic reload, fix it."""
    connection = await websocket_connect(debugger_url, max_message_size=64 * 1024 * 1024)
    tools = DevTools(connection)
    try:
        await tools.call("Page.navigate", url=f"http://127.0.0.1:{preview.port}/")
        await tools.wait_for("window.LiveReload && window.LiveReload.connector.protocol === 7")
        assert "phiên bản 1" in str(await tools.evaluate("document.body.innerText"))
        await tools.evaluate("window.notReloaded = true")
        preview.site.fail_with = [BROKEN]
        preview.save("a.md", "broken")
        await tools.wait_for(f"!window.notReloaded && !!document.getElementById('{OVERLAY_ID}')")
        text = str(await tools.evaluate(f"document.getElementById('{OVERLAY_ID}').innerText"))
        assert HEADING in text and "is not a real date <b>x</b>" in text
        await tools.evaluate(f"document.querySelector('#{OVERLAY_ID} button').click()")
        assert await tools.evaluate(f"!document.getElementById('{OVERLAY_ID}').open")
        await tools.wait_for("window.LiveReload.connector.protocol === 7")
        preview.site.fail_with = None
        preview.save("a.md", "fixed")
        await tools.wait_for(f"document.body.innerText.includes('phiên bản 2') && "
                             f"!document.getElementById('{OVERLAY_ID}')")
        await tools.wait_for("window.LiveReload && window.LiveReload.connector.protocol === 7")
        resources = await tools.evaluate(
            "performance.getEntriesByType('resource').map(e => e.name)")
        local = (f"http://127.0.0.1:{preview.port}/", f"ws://127.0.0.1:{preview.port}/")
        assert resources and all(r.startswith(local) for r in resources)
    finally:
        connection.close()
