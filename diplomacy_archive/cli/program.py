"""``main()``: parse the arguments, run one command, turn what went wrong into a message and an
exit code (0 success, 1 problems in the content, 2 a command-line mistake)."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence

from diplomacy_archive import __version__
from diplomacy_archive.cli.argparse_text import translate_argparse
from diplomacy_archive.cli.arguments import COMMANDS, make_parser, program_name
from diplomacy_archive.cli.commands import EXIT_CONTENT, EXIT_USAGE, RUNNERS
from diplomacy_archive.cli.report import Console, error_line
from diplomacy_archive.i18n import LANGUAGES, _, set_language
from diplomacy_archive.problems import GeneratorFault, SiteError, UsageError

EXIT_INTERRUPTED = 130
TOP_LEVEL_FLAGS = ("-q", "--quiet", "--debug")  # and --lang with its value


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    prog = prog or program_name(sys.argv[0])
    arguments = list(sys.argv[1:] if argv is None else argv)
    set_language(language_asked(arguments))  # before the parser: its help is translated too
    translate_argparse()
    args = make_parser(prog).parse_args(with_command(arguments))
    console = Console(quiet=args.quiet, style=getattr(args, "format", "text"))
    try:
        return RUNNERS[args.command](args, console, prog)
    except UsageError as exc:
        console.fail(error_line(exc), str(exc))
        return EXIT_USAGE
    except SiteError as exc:
        console.fail(error_line(exc), str(exc))
        return EXIT_CONTENT
    except KeyboardInterrupt:
        console.fail(_("Stopped (Ctrl-C)."), _("stopped (Ctrl-C)"))
        return EXIT_INTERRUPTED
    except GeneratorFault as exc:  # a bug, named by the file it was working on
        if args.debug:
            console.error(exc.details.rstrip())
        console.fail(fault_paragraph(prog, f"{_(exc.doing)} ({exc.where})", exc.error),
                     _("unexpected error: {error}").format(error=exc.error), exc.where)
        return EXIT_CONTENT
    except Exception as exc:  # a bug: one paragraph for the editor, the traceback with --debug
        if args.debug:
            console.error(traceback.format_exc().rstrip())
        error = f"{type(exc).__name__}: {exc}"
        console.fail(fault_paragraph(prog, _("running '{command}'").format(
            command=args.command), error), _("unexpected error: {error}").format(error=error))
        return EXIT_CONTENT


def fault_paragraph(prog: str, doing: str, error: str) -> str:
    return _("{prog}: unexpected error while {doing}: {error}. This is a fault of the generator "
             "(version {version}), not of your articles. Run the same command again with "
             "--debug to see where it happened, and send that to whoever maintains the site."
             ).format(prog=prog, doing=doing, error=error, version=__version__)


def language_asked(argv: list[str]) -> str | None:
    """The language ``--lang`` names (before or after the command), if it names one we have;
    the parser reports a wrong one."""
    for at, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[at + 1] if arg == "--lang" and at + 1 < len(argv) else (
            arg.partition("=")[2] if arg.startswith("--lang=") else None)
        if value in LANGUAGES:
            return value
    return None


def with_command(argv: list[str]) -> list[str]:
    """``build`` is the command when none is given: ``build.py`` alone, or ``build.py --site x``
    (after the options every command takes, such as ``-q``)."""
    at = 0
    while at < len(argv) and (argv[at] in TOP_LEVEL_FLAGS or argv[at].startswith("--lang")):
        at += 2 if argv[at] == "--lang" else 1
    if at < len(argv) and (argv[at] in COMMANDS or argv[at] in ("-h", "--help", "--version")):
        return argv
    return [*argv[:at], "build", *argv[at:]]


__all__ = ["COMMANDS", "main", "make_parser"]
