"""Problems found in a site, and the collector that gathers them before the build stops."""

from __future__ import annotations

import difflib
import errno
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from diplomacy_archive.i18n import N_, _, render


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


_SEVERITY_WORDS = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning")}


@dataclass(frozen=True)
class Problem:
    """One message about one place in one file: what is wrong and how to fix it.

    ``message`` and ``hint`` are the English texts the code writes (the catalogue's message
    ids), with ``{name}`` placeholders filled from ``args`` when the problem is shown, in the
    language chosen then (i18n.py): a cached problem is shown in any language.
    """

    path: str
    line: int | None
    col: int | None
    message: str
    hint: str = ""
    field: str = ""
    severity: Severity = Severity.ERROR
    args: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        """What is wrong, in the chosen language."""
        return render(self.message, self.args)

    @property
    def hint_text(self) -> str:
        """How to fix it, in the chosen language."""
        return render(self.hint, self.args) if self.hint else ""

    @property
    def severity_word(self) -> str:
        """``error`` or ``warning`` in the chosen language (``lỗi``, ``cảnh báo``); GitHub
        annotations keep the English word their syntax needs."""
        return _(_SEVERITY_WORDS[self.severity])

    def format_text(self) -> str:
        """Compiler style: ``path:line:col: error: field: message (hint)``."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        text = f"{where}: {self.severity_word}: "
        if self.field:
            text += f"{self.field}: "
        text += self.text
        if self.hint:
            text += f" ({self.hint_text})"
        return text

    def format_github(self) -> str:
        """A GitHub Actions workflow command that annotates the file in a pull request."""
        params = [f"file={_gh_escape_property(self.path)}"]
        if self.line is not None:
            params.append(f"line={self.line}")
            if self.col is not None:
                params.append(f"col={self.col}")
        title = f"{self.field}: " if self.field else ""
        params.append(f"title={_gh_escape_property(title + self.severity_word)}")
        body = self.text + (f" ({self.hint_text})" if self.hint else "")
        return f"::{self.severity.value} {','.join(params)}::{_gh_escape_data(body)}"

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        del data["args"]
        data["message"], data["hint"] = self.text, self.hint_text
        data["severity"] = self.severity.value
        return data


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_property(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Problems:
    """Collects every problem of every file so that all of them are reported at once."""

    strict: bool = False
    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int | None, col: int | None, message: str,
              hint: str = "", field: str = "", args: Args | None = None) -> None:
        """An error; ``message`` and ``hint`` are marked N_ (translated when shown), their
        ``{name}`` placeholders filled from ``args``."""
        self.items.append(Problem(path, line, col, message, hint, field, Severity.ERROR,
                                  problem_args(args)))

    def warning(self, path: str, line: int | None, col: int | None, message: str,
                hint: str = "", field: str = "", args: Args | None = None) -> None:
        self.items.append(Problem(path, line, col, message, hint, field, Severity.WARNING,
                                  problem_args(args)))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def failed(self) -> bool:
        """True when the build must stop: any error, or any warning in strict mode."""
        return bool(self.errors) or (self.strict and bool(self.warnings))

    def within(self, site: Path) -> None:
        """Name files inside ``site`` relative to it, as every stage should (see site_path)."""
        self.items = [replace(p, path=site_path(Path(p.path), site)) if Path(p.path).is_absolute()
                      else p for p in self.items]

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.path, p.line or 0, p.col or 0, p.text))


Args = Mapping[str, object]


def problem_args(args: Args | None) -> tuple[tuple[str, str], ...]:
    """A problem's placeholders as it keeps them: sorted (name, text) pairs."""
    return tuple(sorted((name, str(value)) for name, value in (args or {}).items()))


def format_problems(problems: list[Problem], style: str) -> str:
    """Render problems as ``text``, ``github`` annotations or a ``json`` document."""
    if style == "json":
        return json.dumps([p.to_json() for p in problems], ensure_ascii=False, indent=2)
    if style == "github":
        return "\n".join(p.format_github() for p in problems)
    return "\n".join(p.format_text() for p in problems)


class ArchiveError(Exception):
    """Base of the errors the generator raises on purpose."""


class BuildFailed(ArchiveError):
    """The site has problems; the build stopped and wrote nothing."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(f"{len(problems.errors)} errors, {len(problems.warnings)} warnings")
        self.problems = problems


class UsageError(ArchiveError):
    """The command was given something it cannot work with (exit code 2)."""


class SiteError(ArchiveError):
    """Something besides the content stops the command: the disk is full, a folder cannot be
    written, another build holds the site (exit code 1)."""


class GeneratorFault(ArchiveError):
    """An unexpected exception while working on one file or stage: a fault of the generator,
    not of the site. ``where`` names the file (relative to the site) or the stage; ``details``
    is the traceback, shown only on request."""

    def __init__(self, where: str, doing: str, error: str, details: str = "") -> None:
        super().__init__(where, doing, error, details)  # all of them: it crosses processes
        self.where = where
        self.doing = doing
        self.error = error
        self.details = details

    def __str__(self) -> str:
        return f"{self.where}: {self.error}"


_OS_REASONS = {
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EROFS: N_("the folder is on a read-only disk"),
    errno.ENAMETOOLONG: N_("the name is too long for the file system"),
    errno.ELOOP: N_("symbolic links lead in a loop"),
    errno.ENOENT: N_("it does not exist"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is a file, not a folder"),
    errno.EIO: N_("the disk reported an input/output error"),
}


def os_problem(exc: OSError) -> str:
    """An operating-system error in plain words (in the chosen language), with the path it
    concerns."""
    known = _OS_REASONS.get(exc.errno or 0)
    reason = _(known) if known else (exc.strerror or str(exc))
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{reason}"


def site_path(path: Path, site: Path) -> str:
    """How a problem names a file: relative to the site (``content/2021/x.md``), or absolute
    when the file is outside it (a template of the packaged theme). Problems are kept in this
    form, in the cache too; the command line shows them relative to the working folder."""
    absolute, site_absolute = Path(os.path.abspath(path)), Path(os.path.abspath(site))
    for candidate, root in ((path, site), (absolute, site_absolute)):
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            continue
    resolved = _resolved(path)  # a link in a loop has no end to name: it is named as it is
    try:
        return resolved.relative_to(_resolved(site)).as_posix()
    except ValueError:
        return resolved.as_posix()


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop of links, on Python 3.11 and 3.12
        return Path(os.path.abspath(path))


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as an editor should see it: relative to ``root`` (or the working folder) when
    inside it."""
    base = root if root is not None else Path.cwd()
    # abspath, not resolve: a symbolic link is shown as itself, not as where it leads
    absolute, folder = Path(os.path.abspath(path)), Path(os.path.abspath(base))
    for candidate, inside in ((absolute, folder), (_resolved(path), _resolved(base))):
        try:
            return candidate.relative_to(inside).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def did_you_mean(name: str, candidates: list[str], aliases: dict[str, str] | None = None,
                 known: str = N_("known keys: {known}")) -> tuple[str, Args]:
    """A hint naming the closest known key, or listing the known keys when none is close
    (with ``known``, a message listing ``{known}``): the hint's text and its placeholders."""
    lowered = name.strip().lower()
    if aliases and lowered in aliases:
        return N_("did you mean '{closest}'?"), {"closest": aliases[lowered]}
    close = difflib.get_close_matches(lowered, candidates, n=1, cutoff=0.75)
    if close:
        return N_("did you mean '{closest}'?"), {"closest": close[0]}
    return known, {"known": ", ".join(candidates)}
