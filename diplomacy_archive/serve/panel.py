"""What the preview adds to every HTML page: the LiveReload client and, after a failed build,
a panel listing the problems. Nothing in it is loaded from the network."""

from __future__ import annotations

import html
import importlib.util
from pathlib import Path

from diplomacy_archive.i18n import _, language
from diplomacy_archive.problems import Problem, Severity, UsageError

OVERLAY_ID = "diplomacy-archive-loi"


def inject(page: bytes, snippet: str) -> bytes:
    """The page with ``snippet`` placed just before its last ``</body>``, or at its end."""
    extra = snippet.encode("utf-8")
    at = page.lower().rfind(b"</body>")
    return page + extra if at < 0 else page[:at] + extra + page[at:]


def livereload_tag(port: int, host_name: str) -> str:
    """The script tag loading the local LiveReload client, which connects back to this server."""
    query = f"port={port}"
    if host_name.startswith("["):  # an IPv6 address, which livereload.js cannot parse from the URL
        query += f"&amp;host={html.escape(host_name)}"
    return f'<script src="/livereload.js?{query}"></script>'


def problem_line(problem: Problem) -> str:
    """One problem as ``file:line: error: field: message (hint)``, in the chosen language."""
    where = problem.path + (f":{problem.line}" if problem.line is not None else "")
    label = f"{problem.severity_word}: "
    text = f"{where}: {label}{problem.field + ': ' if problem.field else ''}{problem.text}"
    return text + (f" ({problem.hint_text})" if problem.hint else "")


def shown_problems(problems: list[Problem]) -> list[Problem]:
    """The problems the panel lists: the errors first, then the warnings (which publishing,
    built with --strict, refuses too)."""
    return ([p for p in problems if p.severity is Severity.ERROR]
            + [p for p in problems if p.severity is not Severity.ERROR])


def is_template_problem(problem: Problem) -> bool:
    return problem.field == "template" or problem.path.startswith("templates/")


PANEL_STYLE = (
    "position:fixed;inset:1rem 1rem auto 1rem;z-index:2147483647;margin:0;box-sizing:border-box;"
    "width:auto;max-width:none;max-height:calc(100vh - 2rem);overflow:auto;padding:1rem 1.25rem;"
    "color:#fff;border:3px solid #fff;border-radius:6px;text-align:left;"
    "box-shadow:0 0 0 3px #000,0 8px 32px rgba(0,0,0,.6);font:16px/1.5 system-ui,sans-serif;"
    "background:")
FAILED_BACKGROUND = "#7a0000"  # errors: the build stopped (white on it: contrast 11:1)
WARNED_BACKGROUND = "#5a3a00"  # warnings only: the page is current (white on it: 10:1)
BUTTON_STYLE = ("font:bold 16px system-ui,sans-serif;color:#000;background:#fff;"
                "border:2px solid #fff;border-radius:4px;padding:.25rem .75rem;cursor:pointer")
HEADING_STYLE = "margin:0 0 .5rem;padding:0;color:#fff;background:none;font:bold 22px/1.3 system-ui"
ITEM_STYLE = ("margin:0 0 .5em;padding:0;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;"
              "white-space:pre-wrap;overflow-wrap:anywhere")


def overlay_html(problems: list[Problem], failed: bool = True) -> str:
    """A fixed, high-contrast panel of the problems, closed without scripts; nothing external.
    ``failed``: the build stopped (the page is the last good build); else it only warned. A
    template's error is named as one. In the chosen language, made when a page is served."""
    items = "".join(f'<li style="{ITEM_STYLE}">{html.escape(problem_line(p))}</li>'
                    for p in problems)
    items = items or "<li>{}</li>".format(
        html.escape(_("The build failed; see the details in the terminal window.")))
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if not failed:
        heading = _("There are warnings in the articles")
        explained = _("The page is up to date. Fix the warnings below before publishing: "
                      "publishing treats them as errors.")
    elif errors and all(is_template_problem(p) for p in errors):
        heading = _("There is an error in a template")
        explained = _("The page shows the last good build. Fix the template at the line "
                      "given below and save it: the page will reload by itself.")
    else:
        heading = _("There are errors in the articles")
        explained = _("The page shows the last good build. Fix the errors below and save the "
                      "file: the page will reload by itself.")
    close = html.escape(_("Close"))
    background = FAILED_BACKGROUND if failed else WARNED_BACKGROUND
    return (
        f'<dialog open id="{OVERLAY_ID}" lang="{language()}" role="alertdialog" '
        f'aria-labelledby="{OVERLAY_ID}-tieu-de" style="{PANEL_STYLE}{background}">'
        '<form method="dialog" style="float:right;margin:0 0 .5rem 1rem">'
        f'<button type="submit" style="{BUTTON_STYLE}">{close} ✕</button></form>'
        f'<h2 id="{OVERLAY_ID}-tieu-de" style="{HEADING_STYLE}">{html.escape(heading)}</h2>'
        f'<p style="margin:0 0 .75rem;color:#fff">{html.escape(explained)}</p>'
        f'<ul style="margin:0;padding:0 0 0 1.25rem;color:#fff;list-style:square">{items}</ul>'
        "</dialog>"
    )


def builtin_not_found() -> bytes:
    """The 404 page used while the output folder has none (before a first good build), in the
    chosen language."""
    title = html.escape(_("Page not found"))
    explained = html.escape(_("This page is not in the preview yet."))
    return (f'<!DOCTYPE html>\n<html lang="{language()}"><head><meta charset="utf-8">'
            f'<title>{title}</title></head><body><h1>{title}</h1>'
            f'<p>{explained}</p></body></html>\n').encode()


def livereload_client() -> bytes:
    """The LiveReload client bundled with the ``livereload`` package (found, not imported)."""
    spec = importlib.util.find_spec("livereload")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        script = Path(folder) / "vendors" / "livereload.js"
        if script.is_file():
            return script.read_bytes()
    raise UsageError(_("the live preview needs the livereload package: run pip install -e ."))
