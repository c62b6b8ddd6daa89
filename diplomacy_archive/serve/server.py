"""Live preview for editors: rebuild after each burst of saves, serve the last good site, reload.

``serve()`` takes a ``rebuild(changed_paths) -> BuildOutcome`` callable and knows nothing else of
the generator. It watches the site's sources by polling (standard library only), waits for a quiet
period so that a burst of saves gives one rebuild, runs the rebuild in a worker thread, and serves
the output folder over HTTP. Every HTML page gets the LiveReload client script (the copy bundled
with the ``livereload`` package, served locally at ``/livereload.js``; nothing comes from the
network) and, while the last rebuild failed, a dismissable error panel listing the problems. After
every rebuild the open tabs are told to reload through the LiveReload protocol on ``/livereload``.
While a rebuild runs, page requests wait for it to finish, so no request ever sees a folder that is
being replaced or written. ``serve()`` returns after Ctrl-C, or when the optional ``stop`` event is
set (how tests and embedding code stop it); either way the port is released and a last line is
reported.

Server choice: a small server of our own on tornado (``livereload`` depends on it), reusing only
``livereload``'s bundled client script. ``livereload.Server`` does not fit: its watcher runs the
task on every poll that sees a change (no quiet period, and for folders it reports only the first
changed file, so the set of changed paths cannot be passed on); it drops any reload within 3 s of
the previous one, so a fix saved soon after a failed build would never reach the browser; its
WebSocket clients, watcher and timers are class attributes shared by every server in the process (a
second server never starts watching); it has no hook for the error panel or the site's 404 page,
logs to the terminal by itself, runs on the global ``IOLoop.instance()`` so it cannot be stopped
from another thread, and on Ctrl-C returns without closing its listening socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import mimetypes
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler
from tornado.websocket import WebSocketClosedError, WebSocketHandler

from diplomacy_archive.i18n import N_, _
from diplomacy_archive.problems import Problem, UsageError, display_path, problem_args
from diplomacy_archive.serve.editor_api import CHANGES, EditorRefused, LocalEditor
from diplomacy_archive.serve.panel import (
    builtin_not_found,
    inject,
    livereload_client,
    livereload_tag,
    overlay_html,
    shown_problems,
)
from diplomacy_archive.serve.watch import Stamp, changed_paths, describe_changes, scan
from diplomacy_archive.site.cms_config import API_PATH
from diplomacy_archive.source.site_folders import ADMIN_DIR

LIVERELOAD_PROTOCOL = "http://livereload.com/protocols/official-7"
RELOAD_MESSAGE = json.dumps({"command": "reload", "path": "/", "liveCSS": False, "liveImg": False})
SERVER_NAME = "diplomacy-archive"
TEXT_TYPES = ("application/javascript", "application/json", "application/xml", "image/svg+xml")


@dataclass(frozen=True)
class BuildOutcome:
    """What one rebuild did: success, its problems (errors and warnings), one terminal line."""

    ok: bool
    problems: list[Problem]
    summary: str


Rebuild = Callable[[set[Path]], BuildOutcome]
Report = Callable[[str], None]


def resolve_request(root: Path, url_path: str) -> tuple[str, Path | None]:
    """A decoded URL path as ``("file", path)``, ``("redirect", None)`` or ``("missing", None)``."""
    parts = [part for part in url_path.split("/") if part not in ("", ".")]
    if any(part == ".." or part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return "missing", None
    target = root.joinpath(*parts)
    try:
        if not target.resolve().is_relative_to(root.resolve()):
            return "missing", None
        if target.is_dir():
            if parts and not url_path.endswith("/"):
                return "redirect", None
            target = target / "index.html"
        return ("file", target) if target.is_file() else ("missing", None)
    except OSError:
        return "missing", None


def content_type(path: Path) -> str:
    """The Content-Type header for a file, with the UTF-8 charset for text."""
    kind = ("text/yaml" if path.suffix in (".yml", ".yaml")
            else mimetypes.guess_type(path.name)[0] or "application/octet-stream")
    if kind.startswith("text/") or kind in TEXT_TYPES:
        return f"{kind}; charset=utf-8"
    return kind


def is_html(path: Path) -> bool:
    """True for the pages that get the client script and the error panel."""
    return path.suffix.lower() in (".html", ".htm")


@dataclass
class Preview:
    """One running preview: the state shared by the watch loop and the request handlers."""

    rebuild: Rebuild
    output: Path
    watch: list[Path]
    report: Report
    debounce: float
    poll_interval: float
    client_script: bytes
    warn: Report  # problems and errors: what is still printed when the rest is not (-q)
    port: int = 0
    panel: tuple[bool, list[Problem]] | None = None  # (the build failed, problems shown)
    editor: LocalEditor | None = None  # the web editor's access to the working copy
    clients: set[LiveReloadSocket] = field(default_factory=set)
    idle: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self, host: str, port: int, stop: threading.Event) -> None:
        """Listen, build once, then rebuild after every burst of changes until stopped."""
        asyncio.get_running_loop().set_exception_handler(self.loop_error)
        self.idle.set()
        server = self.listen(host, port)
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rebuild")
        try:
            self.report(_("Live preview of {out} at {url} (Ctrl-C stops)").format(
                out=display_path(self.output), url=url(host, self.port)))
            before = scan(self.watch, self.output)
            await self.rebuild_now(set(), executor)
            await self.watch_loop(before, stop, executor)
        finally:
            await self.shut_down(server, executor)

    def listen(self, host: str, port: int) -> HTTPServer:
        """Bind only to ``host`` (port 0 picks a free port) and start serving."""
        try:
            sockets = bind_sockets(port, address=host)
        except OSError as exc:
            raise UsageError(_("cannot serve on {host}:{port}: {reason}; choose another --port "
                               "or --host").format(host=host, port=port,
                                                   reason=exc.strerror or exc)) from None
        app = Application([
            (rf"/{API_PATH}", EditorApiHandler, {"preview": self}),
            (r"/livereload", LiveReloadSocket, {"preview": self}),
            (r"/livereload\.js", ClientScriptHandler, {"preview": self}),
            (r"/(.*)", PageHandler, {"preview": self}),
        ], log_function=lambda handler: None, websocket_ping_interval=None)
        server = HTTPServer(app)
        server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        return server

    async def watch_loop(self, before: dict[Path, Stamp], stop: threading.Event,
                         executor: ThreadPoolExecutor) -> None:
        """Poll the sources; after ``debounce`` seconds without a new change, rebuild once."""
        pending: set[Path] = set()
        last_change = 0.0
        while not stop.is_set():
            wait = self.poll_interval
            if pending:
                wait = min(wait, max(0.0, last_change + self.debounce - time.monotonic()))
            await asyncio.sleep(wait)
            after = scan(self.watch, self.output)
            changed = changed_paths(before, after)
            before = after
            if changed:
                pending |= changed
                last_change = time.monotonic()
            elif pending and time.monotonic() - last_change >= self.debounce:
                await self.rebuild_now(pending, executor)
                pending = set()

    async def rebuild_now(self, changed: set[Path], executor: ThreadPoolExecutor) -> None:
        """Rebuild in the worker thread while page requests wait; then update the panel, reload."""
        if changed:
            self.report(_("Rebuilding: {changes}").format(changes=describe_changes(changed)))
        self.idle.clear()  # stays clear if cancelled (Ctrl-C) so that shut_down() waits for it
        loop = asyncio.get_running_loop()
        outcome = await loop.run_in_executor(executor, guarded_rebuild, self.rebuild, set(changed))
        self.idle.set()
        self.apply(outcome)

    def apply(self, outcome: BuildOutcome) -> None:
        """Report the outcome, show or clear the error panel, and reload the open tabs."""
        for problem in outcome.problems:
            self.warn(problem.format_text())
        self.report(outcome.summary)
        # the panel: after a failed build, or while a good one has warnings
        self.panel = (None if outcome.ok and not outcome.problems
                      else (not outcome.ok, shown_problems(outcome.problems)))
        if not outcome.ok:
            self.report(_("Still serving the last good site; the browser shows the errors."))
        self.push_reload()

    def push_reload(self) -> None:
        """Send the LiveReload ``reload`` command to every tab that said hello."""
        for client in list(self.clients):
            try:
                client.write_message(RELOAD_MESSAGE)
            except WebSocketClosedError:
                self.clients.discard(client)

    def decorate(self, page: bytes, host_name: str) -> bytes:
        """An HTML page with the client script and, after a failed build, the error panel."""
        snippet = livereload_tag(self.port, host_name)
        if self.panel is not None:
            snippet = overlay_html(self.panel[1], failed=self.panel[0]) + snippet
        return inject(page, snippet)

    async def shut_down(self, server: HTTPServer, executor: ThreadPoolExecutor) -> None:
        """Close the listening sockets and every connection; wait for a running rebuild."""
        server.stop()
        for client in list(self.clients):
            client.close()
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(server.close_all_connections(), timeout=1.0)
        if not self.idle.is_set():
            self.report(_("Waiting for the running build to finish…"))
        executor.shutdown(wait=True)

    def loop_error(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        """Unexpected errors of the event loop go to the report, not to the terminal directly."""
        self.warn(_("preview server: {error}").format(
            error=context.get("exception") or context.get("message")))


def guarded_rebuild(rebuild: Rebuild, changed: set[Path]) -> BuildOutcome:
    """Call ``rebuild``; a crash becomes a failed outcome naming where it happened."""
    try:
        return rebuild(changed)
    except Exception as exc:  # noqa: BLE001 (a bug in the generator must not stop the preview)
        frames = traceback.extract_tb(exc.__traceback__)
        where = frames[-1] if frames else None
        error = f"{type(exc).__name__}: {exc}"
        problem = Problem(where.filename if where else "(build)", where.lineno if where else None,
                          None, N_("the build stopped unexpectedly: {error}"),
                          N_("a bug in the generator or a template; save again after fixing it"),
                          args=problem_args({"error": error}))
        return BuildOutcome(False, [problem], _("Build crashed: {error}").format(error=error))


def url(host: str, port: int) -> str:
    """The address to open in a browser."""
    shown = f"[{host}]" if ":" in host else (host or "127.0.0.1")
    return f"http://{shown}:{port}/"


class PageHandler(RequestHandler):
    """Files of the output folder: index.html for folders, the site's 404.html when missing."""

    def initialize(self, preview: Preview) -> None:
        """Keep the preview this handler serves."""
        self.preview = preview

    def set_default_headers(self) -> None:
        """Never cached: a reload must fetch the new build."""
        self.set_header("Cache-Control", "no-store")

    def compute_etag(self) -> None:
        """No ETags, for the same reason."""

    async def get(self, path: str) -> None:
        """Serve one file."""
        await self.respond(path, with_body=True)

    async def head(self, path: str) -> None:
        """Headers only."""
        await self.respond(path, with_body=False)

    async def respond(self, path: str, with_body: bool) -> None:
        """Wait for any running rebuild, then read and send the file in one step."""
        await self.preview.idle.wait()
        kind, target = resolve_request(self.preview.output, path)
        if kind == "redirect":
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect("/" + self.request.path.lstrip("/") + "/" + query)  # never //host/
            return
        content = read_file(target) if target is not None else None
        if target is None or content is None:
            self.set_status(404)
            target = self.preview.output / "404.html"
            content = read_file(target) or builtin_not_found()
        if is_html(target) and not path.startswith(f"{ADMIN_DIR}/"):  # the editor: no reload
            content = self.preview.decorate(content, self.request.host_name)
        self.set_header("Content-Type", content_type(target))
        if with_body:
            self.write(content)
        else:
            self.set_header("Content-Length", len(content))

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        """Errors while serving go to the report."""
        self.preview.warn(_("preview server: {path}: {error}").format(path=self.request.path,
                                                                      error=value))


class EditorApiHandler(RequestHandler):
    """The web editor's requests for the working copy (serve.editor_api), as JSON."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "application/json; charset=utf-8")

    def post(self) -> None:
        editor = self.preview.editor
        if editor is None:
            self.send(404, {"error": _("this preview does not offer the web editor")})
            return
        try:
            request = json.loads(self.request.body or b"null")
            answer = editor.handle(request)
        except (ValueError, EditorRefused) as exc:  # json's errors are ValueErrors
            self.send(422, {"error": str(exc) if isinstance(exc, EditorRefused)
                            else _("not a request of the web editor")})
            return
        self.send(200, answer)
        if request["action"] in CHANGES:  # what changed the working copy is said
            self.preview.report(_("Web editor: {action}").format(action=request["action"]))

    def send(self, status: int, value: Any) -> None:
        self.set_status(status)
        self.write(json.dumps(value, ensure_ascii=False))

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        self.preview.warn(_("preview server: {path}: {error}").format(path=self.request.path,
                                                                      error=value))


def read_file(path: Path) -> bytes | None:
    """A file's bytes, or None when it is missing or unreadable."""
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


class ClientScriptHandler(RequestHandler):
    """The bundled LiveReload client, served locally."""

    def initialize(self, preview: Preview) -> None:
        """Keep the preview this handler serves."""
        self.preview = preview

    def get(self) -> None:
        """Send the script."""
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(self.preview.client_script)


class LiveReloadSocket(WebSocketHandler):
    """The LiveReload protocol (official-7): answer hello, then receive reload commands."""

    def initialize(self, preview: Preview) -> None:
        """Keep the preview this socket belongs to."""
        self.preview = preview

    def on_message(self, message: str | bytes) -> None:
        """Answer the client's hello and register it for reloads; other commands are ignored."""
        try:
            command = json.loads(message).get("command")
        except (ValueError, AttributeError):
            return
        if command == "hello" and self.ws_connection is not None:
            self.write_message({"command": "hello", "protocols": [LIVERELOAD_PROTOCOL],
                                "serverName": SERVER_NAME})
            self.preview.clients.add(self)

    def on_close(self) -> None:
        """Forget a closed tab."""
        self.preview.clients.discard(self)

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        """Errors on the socket go to the report."""
        self.preview.warn(_("preview server: {path}: {error}").format(path="/livereload",
                                                                      error=value))


def serve(rebuild: Rebuild, output: Path, watch: list[Path], host: str, port: int,
          report: Report, debounce: float = 0.2, *, stop: threading.Event | None = None,
          poll_interval: float = 0.1, warn: Report | None = None,
          editor: LocalEditor | None = None) -> None:
    """Serve ``output`` at host:port with live reload until Ctrl-C or until ``stop`` is set.

    ``report`` receives every line to show; ``warn``, if given, receives the problems and
    errors instead (a quiet preview passes a ``report`` that shows nothing)."""
    preview = Preview(rebuild, output, list(watch), report, debounce, poll_interval,
                      livereload_client(), warn or report, editor=editor)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(preview.run(host, port, stop or threading.Event()))
    report(_("Preview stopped; {url} is closed.").format(url=url(host, preview.port)))


__all__ = ("BuildOutcome", "Preview", "resolve_request", "serve")
