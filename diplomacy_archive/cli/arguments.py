"""The command line's grammar: the commands, their options, and the options every command takes."""

from __future__ import annotations

import argparse
from pathlib import Path

from diplomacy_archive import __version__
from diplomacy_archive.i18n import LANGUAGES, _

COMMANDS = ("build", "check", "serve", "new", "import", "init")
DISTRIBUTION = "diplomacy-archive"


def program_name(argv0: str) -> str:
    """The program as it was called, for usage lines and hints: ``diplomacy-archive``,
    ``build.py``, or ``python -m diplomacy_archive``."""
    path = Path(argv0)
    if path.name in ("__main__.py", "-c", "") or path.name.startswith("__main__"):
        return "python -m diplomacy_archive"
    return path.stem if path.suffix.lower() == ".exe" else path.name


def make_parser(prog: str = DISTRIBUTION) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog, description=_("Build a people's-diplomacy news archive into a static site."),
        epilog=_("Run '{prog} COMMAND --help' for the options of one command.").format(prog=prog))
    parser.add_argument("--version", action="version", version=f"{DISTRIBUTION} {__version__}",
                        help=_("show the version of the generator and exit"))
    _common_options(parser, top_level=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text[0].upper()
                                  + help_text[1:] + ".")
        _common_options(sub, top_level=False)
        return sub

    build_cmd = command("build", _("build the site into the output folder"))
    _site_option(build_cmd)
    build_cmd.add_argument("--out", type=Path, help=_("output folder (default: <site>/public)"))
    build_cmd.add_argument("--drafts", action="store_true",
                           help=_("include articles with draft: true"))
    build_cmd.add_argument("--strict", action="store_true", help=_("treat warnings as errors"))
    build_cmd.add_argument("--base-url", help=_("publish address for this build only"))
    build_cmd.add_argument("--jobs", type=_positive, default=0,
                           help=_("processes to use (default: one per core)"))
    build_cmd.add_argument("--no-cache", action="store_true",
                           help=_("ignore <site>/.cache and build every page again"))
    build_cmd.add_argument("--no-search", action="store_true",
                           help=_("leave out the search index (a quicker build to look at)"))

    check_cmd = command("check", _("check every article without writing anything"))
    _site_option(check_cmd)
    check_cmd.add_argument("--strict", action="store_true", help=_("treat warnings as errors"))
    check_cmd.add_argument("--drafts", action="store_true", help=_("also check what drafts render"))
    check_cmd.add_argument("--format", choices=("text", "json", "github"), default="text",
                           help=_("how problems are printed (github: Actions annotations)"))

    serve_cmd = command("serve", _("live preview that reloads on every save"))
    _site_option(serve_cmd)
    serve_cmd.add_argument("--host", default="127.0.0.1",
                           help=_("address to listen on (%(default)s)"))
    serve_cmd.add_argument("--port", type=_port, default=8000,
                           help=_("port (%(default)s; 0: any free port)"))
    serve_cmd.add_argument("--drafts", action=argparse.BooleanOptionalAction, default=True,
                           help=_("show drafts, with a badge (default: yes)"))
    serve_cmd.add_argument("--search", action=argparse.BooleanOptionalAction, default=False,
                           help=_("make the search index after every save (default: no; it takes "
                                "seconds on large archives)"))

    new_cmd = command("new", _("start a new article from a skeleton"))
    new_cmd.add_argument("title", help=_("the headline, in quotes"))
    _site_option(new_cmd)
    new_cmd.add_argument("--date", help=_("event date, written as in front matter: 2021-06-18 "
                                          "or 18/06/2021, or only the month (2020-11) or the "
                                          "year (2020) (default: today)"))
    new_cmd.add_argument("--slug", help=_("file and web-address name (default: from the title)"))

    import_cmd = command("import",
                         _("turn raw copies of news pages (text or saved HTML) into drafts"))
    import_cmd.add_argument("files", nargs="+", type=Path, metavar="FILE",
                            help=_("copied page text (.txt), saved page (.html), or a folder of "
                                   "them (a site mirror), read with its folders"))
    _site_option(import_cmd)
    import_cmd.add_argument("--dry-run", action="store_true",
                            help=_("print the drafts; write nothing"))
    import_cmd.add_argument("--jobs", type=_positive, default=0,
                            help=_("processes to use (default: one per core)"))

    init_cmd = command("init", _("create a new archive site in a folder"))
    init_cmd.add_argument("folder", type=Path, metavar="DIR",
                          help=_("the folder to create (it must be empty or not exist yet)"))
    init_cmd.add_argument("--title", help=_("the archive's name (default: Lưu trữ đối ngoại "
                                          "nhân dân)"))
    init_cmd.add_argument("--base-url", help=_("the address the site will be published at, such as "
                                             "https://hoihuunghi.example.org/ (default: "
                                             "https://example.org/, to change later)"))
    init_cmd.add_argument("--force", action="store_true",
                          help=_("also write into a folder that is not empty (never replacing a "
                               "file in it)"))
    return parser


def _common_options(parser: argparse.ArgumentParser, top_level: bool) -> None:
    """-q and --debug, accepted before the command and after it. After it, their default is
    SUPPRESS, so that a subcommand does not reset what was given before it."""
    default: object = False if top_level else argparse.SUPPRESS
    parser.add_argument("-q", "--quiet", action="store_true", default=default,
                        help=_("print only problems and errors"))
    parser.add_argument("--debug", action="store_true", default=default,
                        help=_("show the full traceback of an unexpected error"))
    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help=_("language of messages: vi (Vietnamese, the default) or en "
                               "(English; also chosen by an English locale in LANG)"))


def _site_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", type=Path, default=None,
                        help=_("the site folder, holding config.yaml and content/ (default: the "
                             "current folder)"))


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: use a number from 1 to 65535, "
                                         "or 0 for any free port")
    return int(text)
