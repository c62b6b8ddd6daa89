"""Rendering one page: a template and its view-model to bytes, template problems mapped to the
template's file and line, and the keys that say whether a page must be rendered again.
No disk I/O here: the writer gets bytes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from diplomacy_archive.i18n import N_
from diplomacy_archive.problems import Problem, problem_args
from diplomacy_archive.site.views import View


class TemplateProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format_text())
        self.problem = problem


def render_page(env: jinja2.Environment, site: View, name: str, values: dict[str, Any]) -> bytes:
    """The HTML of one page; a broken template raises TemplateProblem with its file and line."""
    try:
        template = env.get_template(name)
        return template.render(site=site, **values).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(template_syntax_problem(exc, name)) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(missing_template(str(exc.name))) from None
    except Exception as exc:  # an error inside a template: undefined variable, bad filter use
        path, line = _template_frame(exc)
        raise TemplateProblem(Problem(
            path or f"templates/{name}", line, None, "{error}",  # Jinja's words, as they are
            N_("check the variable names the template uses: docs/templates.md lists them"),
            "template", args=problem_args({"error": f"{type(exc).__name__}: {exc}"}))
        ) from None


def missing_template(name: str) -> Problem:
    return Problem(f"templates/{name}", None, None, N_("the template does not exist"),
                   N_("restore it, or remove the line that includes it"), "template")


def page_key(fingerprint: bytes, values: dict[str, Any]) -> str:
    """What a page is made from: its templates' sources and its view-model.

    The view-model is written as JSON, which depends only on the values: a pickle also records
    which of them are one shared object, and that differs between values made from a fresh
    parse and from the cache, so equal pages would get different keys and be rendered again.
    """
    data = fingerprint + json.dumps(values, ensure_ascii=False, default=repr).encode()
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def template_syntax_problem(exc: jinja2.TemplateSyntaxError, name: str) -> Problem:
    where = Path(exc.filename).as_posix() if exc.filename else f"templates/{name}"
    hint = N_("fix the template tag on this line")
    if exc.message:  # Jinja's words, as they are
        return Problem(where, exc.lineno, None, "{error}", hint, "template",
                       args=problem_args({"error": exc.message}))
    return Problem(where, exc.lineno, None, N_("template syntax error"), hint, "template")


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in a traceback (Jinja maps them to the source)."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".j2")):
            found = (Path(filename).as_posix(), tb.tb_lineno)
        tb = tb.tb_next
    return found


def template_fingerprints(env: jinja2.Environment, names: set[str]) -> dict[str, bytes]:
    """For each template, the sources of it and of every template it extends, includes or
    imports: what its pages depend on besides their values."""
    sources: dict[str, str] = {}
    references: dict[str, list[str]] = {}

    def read(name: str) -> None:
        if name in sources:
            return
        try:
            source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        except jinja2.TemplateNotFound:  # (an OSError: it must not pass for a disk fault)
            raise TemplateProblem(missing_template(name)) from None
        sources[name] = source
        try:
            references[name] = [n for n in jinja2.meta.find_referenced_templates(env.parse(source))
                                if n]
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(template_syntax_problem(exc, name)) from None
        for referenced in references[name]:
            read(referenced)

    fingerprints = {}
    for name in names:
        read(name)
        seen, pending = set(), [name]
        while pending:
            current = pending.pop()
            if current not in seen:
                seen.add(current)
                pending.extend(references[current])
        fingerprints[name] = "".join(f"{n}\n{sources[n]}\n" for n in sorted(seen)).encode()
    return fingerprints


