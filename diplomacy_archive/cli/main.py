"""The command line: parse arguments, run a command, report in plain words, set the exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from diplomacy_archive.build.pipeline import BuildOptions, BuildResult, build
from diplomacy_archive.problems import (
    ArchiveError,
    BuildFailed,
    Problem,
    Problems,
    UsageError,
    display_path,
    format_problems,
)
from diplomacy_archive.source.site_folders import CACHE_DIR

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
DEFAULT_SITE = Path(__file__).resolve().parents[2]
COMMANDS = ("build", "check", "serve", "new")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build a people's-diplomacy news archive into a static site.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add_site(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--site", type=Path, default=DEFAULT_SITE,
                         help="site folder holding config.yaml and content/ (default: %(default)s)")

    build_cmd = commands.add_parser("build", help="build the site into the output folder")
    add_site(build_cmd)
    build_cmd.add_argument("--out", type=Path, help="output folder (default: <site>/public)")
    build_cmd.add_argument("--drafts", action="store_true", help="include articles with draft: true")
    build_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_cmd.add_argument("--base-url", help="publish address for this build only")
    build_cmd.add_argument("--quiet", action="store_true", help="print only problems")
    build_cmd.add_argument("--jobs", type=_positive, default=0,
                           help="processes to use (default: one per core)")
    build_cmd.add_argument("--no-cache", action="store_true",
                           help="ignore <site>/.cache and build every page again")
    build_cmd.add_argument("--no-search", action="store_true",
                           help="leave out the search index (a quicker build to look at)")

    check_cmd = commands.add_parser("check", help="check every article without writing anything")
    add_site(check_cmd)
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check_cmd.add_argument("--drafts", action="store_true", help="also check what drafts render")
    check_cmd.add_argument("--format", choices=("text", "json", "github"), default="text",
                           help="how problems are printed (github: Actions annotations)")

    serve_cmd = commands.add_parser("serve", help="live preview that reloads on every save")
    add_site(serve_cmd)
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (%(default)s)")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port (%(default)s; 0: any free)")
    serve_cmd.add_argument("--drafts", action=argparse.BooleanOptionalAction, default=True,
                           help="show drafts, with a badge (default: yes)")
    serve_cmd.add_argument("--search", action=argparse.BooleanOptionalAction, default=False,
                           help="make the search index after every save (default: no; it takes "
                                "seconds on large archives)")

    import_cmd = commands.add_parser(
        "import", help="turn raw copies of news pages (text or saved HTML) into drafts")
    import_cmd.add_argument("files", nargs="+", type=Path, metavar="FILE",
                            help="copied page text (.txt) or saved page (.html)")
    add_site(import_cmd)
    import_cmd.add_argument("--dry-run", action="store_true",
                            help="print the drafts; write nothing")

    new_cmd = commands.add_parser("new", help="start a new article from a skeleton")
    new_cmd.add_argument("title", help="the headline, in quotes")
    add_site(new_cmd)
    new_cmd.add_argument("--date", type=_iso_date, help="event date YYYY-MM-DD (default: today)")
    new_cmd.add_argument("--slug", help="file and web-address name (default: from the title)")
    return parser


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def _iso_date(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2021-06-18") from None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help")):
        args_list.insert(0, "build")  # `python build.py` alone builds the site
    args = make_parser().parse_args(args_list)
    try:
        if args.command == "build":
            return run_build(args)
        if args.command == "check":
            return run_check(args)
        if args.command == "serve":
            return run_serve(args)
        if args.command == "import":
            return run_import(args)
        return run_new(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def run_build(args: argparse.Namespace) -> int:
    options = BuildOptions(site=args.site, out=args.out, drafts=args.drafts, strict=args.strict,
                           base_url=args.base_url, jobs=args.jobs, use_cache=not args.no_cache,
                           search=not args.no_search)
    bars = ProgressBars(enabled=not args.quiet and sys.stderr.isatty())
    try:
        result = build(options, progress=bars.start)
    except BuildFailed as exc:
        bars.close()
        report_failure(exc.problems, "text")
        print(f"Build stopped: nothing was written, {display_path(options.out_dir)} is unchanged.",
              file=sys.stderr)
        return EXIT_CONTENT
    bars.close()
    print_problems(result.problems, "text")
    if not args.quiet:
        print(summary_line(result, display_path(options.out_dir)))
    return EXIT_OK


class ProgressBars:
    """tqdm bars for the build's long stages, on a terminal only and only after one second."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bars: list[Any] = []

    def start(self, stage: str, total: int) -> Callable[[int], None]:
        if not self.enabled:
            return lambda _n: None
        from tqdm import tqdm  # only on a terminal
        bar = tqdm(total=total, desc=stage, delay=1.0, leave=False, file=sys.stderr,
                   dynamic_ncols=True)
        self.bars.append(bar)
        return bar.update

    def close(self) -> None:
        for bar in self.bars:
            bar.close()
        self.bars.clear()


def run_check(args: argparse.Namespace) -> int:
    options = BuildOptions(site=args.site, drafts=args.drafts, strict=args.strict)
    try:
        result = build(options, write=False)
    except BuildFailed as exc:
        report_failure(exc.problems, args.format)
        return EXIT_CONTENT
    print_problems(result.problems, args.format)
    if args.format == "text":
        print(f"Checked {plural(result.articles, 'article')} and {plural(result.pages, 'page')}: "
              f"no errors, {plural(len(result.problems.warnings), 'warning')}.")
        print_open_drafts(args.site)
    return EXIT_OK


def print_open_drafts(site: Path) -> None:
    """Imported drafts whose notes an editor has not cleared yet (they do not fail a check)."""
    from diplomacy_archive.importing.review import open_drafts
    drafts = open_drafts(site)
    if not drafts:
        return
    print(f"{plural(len(drafts), 'draft')} still to review (remove each note from "
          "'import_notes' once its field is checked):")
    for draft in drafts:
        print(f"  {draft.path}: {'; '.join(draft.notes)}")


def run_import(args: argparse.Namespace) -> int:
    """Drafts from raw pages; prints, for each, the file written and the fields found."""
    from diplomacy_archive.importing.run import import_files
    from diplomacy_archive.importing.writer import ImportStopped
    missing = [f for f in args.files if not f.is_file()]
    if missing:
        raise UsageError(f"{display_path(missing[0])} does not exist or is not a file")
    try:
        report = import_files(args.site, args.files, dry_run=args.dry_run)
    except ImportStopped as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    for message in report.unreadable:
        print(f"error: {message}", file=sys.stderr)
    for draft, written in report.drafts:
        where = display_path(written.path)
        print(f"{'Would write' if args.dry_run else 'Wrote'} {where} (from {draft.origin})")
        for line in draft_summary(draft):
            print(f"  {line}")
        if args.dry_run:
            print(written.text)
    if not report.drafts and not report.unreadable:
        print("No article was found in these files.")
    if report.drafts and not args.dry_run:
        print("Each draft has 'draft: true' and lists in 'import_notes' what to check; "
              "'python build.py check' lists the drafts still to review.")
    return EXIT_CONTENT if report.unreadable else EXIT_OK


def draft_summary(draft: Any) -> list[str]:
    """The fields found in a draft, one line each, and its notes."""
    people = ", ".join(p.name for p in draft.speakers)
    lines = [f"title: {draft.title}",
             f"date: {draft.date or '(not found)'}",
             f"venue: {draft.venue or '(not found)'}",
             f"speakers: {people or '(none found)'}"]
    if draft.attendees:
        lines.append(f"attendees: {len(draft.attendees)}")
    lines.append(f"directives: {', '.join(draft.directives) or '(none)'}")
    if draft.tags:
        lines.append(f"tags: {', '.join(draft.tags)}")
    lines.extend(f"note: {note}" for note in draft.notes)
    return lines


def run_serve(args: argparse.Namespace) -> int:
    """Build into <site>/.cache/preview with links to the local server, and keep it current."""
    from diplomacy_archive.serve import (  # tornado loads only for the preview
        BuildOutcome,
        serve,
        watch_paths,
    )
    host_in_url = f"[{args.host}]" if ":" in args.host else args.host
    options = BuildOptions(site=args.site, out=args.site / CACHE_DIR / "preview",
                           drafts=args.drafts, base_url=f"http://{host_in_url}:{args.port}/",
                           search=args.search)
    out = display_path(options.out_dir)

    def rebuild(changed: set[Path]) -> BuildOutcome:
        try:
            result = build(options)
        except BuildFailed as exc:
            return BuildOutcome(False, exc.problems.sorted(),
                                "Build stopped: the preview shows the last good version.")
        except UsageError as exc:
            return BuildOutcome(False, [Problem("config.yaml", None, None, str(exc))],
                                "Build stopped.")
        return BuildOutcome(True, result.problems.sorted(), summary_line(result, out))
    if not args.search:
        print("Search is off in the preview (serve --search turns it on).", flush=True)
    serve(rebuild, options.out_dir, watch_paths(args.site), args.host, args.port,
          lambda line: print(line, flush=True))
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    from diplomacy_archive.authoring.new_article import create_article
    try:
        path = create_article(args.site, args.title, args.date, args.slug)
    except ArchiveError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"Created {display_path(path)}: fill in the fields and write the article below the "
          "second '---'. It stays a draft (not published) until you set 'draft: false'.")
    return EXIT_OK


def print_problems(problems: Problems, style: str) -> None:
    """Problems one per line (json: one document); errors and text go to stderr, data to stdout."""
    items = problems.sorted()
    if style == "json":
        print(format_problems(items, "json"))
    elif items:
        stream = sys.stdout if style == "github" else sys.stderr
        print(format_problems(items, style), file=stream)


def report_failure(problems: Problems, style: str) -> None:
    print_problems(problems, style)
    if style != "json":
        found = f"Found {plural(len(problems.errors), 'error')} and " \
                f"{plural(len(problems.warnings), 'warning')}"
        if problems.strict and problems.warnings:
            found += " (--strict treats warnings as errors)"
        print(f"{found}.", file=sys.stderr)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(result: BuildResult, out: str) -> str:
    drafts = f" ({plural(result.drafts, 'draft')})" if result.drafts else ""
    warnings = plural(len(result.problems.warnings), "warning")
    if result.nothing_changed:
        return (f"Nothing changed: {plural(result.articles, 'article')}{drafts} and "
                f"{plural(result.pages, 'page')} in {out} are up to date, {warnings}, "
                f"{result.seconds:.2f} s.")
    return (f"Built {plural(result.articles, 'article')}{drafts} into {out}: "
            f"{plural(result.pages, 'page')} ({result.rendered} rendered, {result.reused} reused), "
            f"{plural(result.written, 'file')} written, {result.deleted} deleted, {warnings}, "
            f"{result.seconds:.2f} s.")
