"""One function per command: turn the parsed arguments into a call of the generator, report the
result through the Console, and return the exit code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from diplomacy_archive.build import BuildOptions, build
from diplomacy_archive.cli.progress import ProgressBars
from diplomacy_archive.cli.report import (
    Console,
    draft_summary,
    plural,
    print_problems,
    report_failure,
    shown_problems,
    summary_line,
)
from diplomacy_archive.problems import (
    BuildFailed,
    GeneratorFault,
    Problem,
    SiteError,
    UsageError,
    display_path,
)
from diplomacy_archive.source.site_folders import CACHE_DIR, CONFIG_FILE

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def find_site(given: Path | None, prog: str) -> Path:
    """The site a command works on: ``--site``, or else the current folder when it holds
    config.yaml (as Hugo and Zola do)."""
    if given is not None:
        if not given.is_dir():
            raise UsageError(f"the site folder {given} does not exist")
        return given
    here = Path.cwd()
    if (here / CONFIG_FILE).is_file():
        return here
    raise UsageError(f"there is no {CONFIG_FILE} in {here}, so it is not an archive site; run "
                     f"the command in the site's folder, give --site DIR, or create a site with "
                     f"'{prog} init DIR'")


def run_build(args: argparse.Namespace, console: Console, prog: str) -> int:
    site = find_site(args.site, prog)
    options = BuildOptions(site=site, out=args.out, drafts=args.drafts, strict=args.strict,
                           base_url=args.base_url, jobs=args.jobs, use_cache=not args.no_cache,
                           search=not args.no_search)
    bars = ProgressBars(enabled=not args.quiet and sys.stderr.isatty())
    try:
        result = build(options, progress=bars.start)
    except BuildFailed as exc:
        bars.close()
        report_failure(console, exc.problems, site, "text")
        console.error(f"Build stopped: nothing was written, {display_path(options.out_dir)} is "
                      "unchanged.")
        return EXIT_CONTENT
    bars.close()
    print_problems(console, result.problems, site, "text")
    console.say(summary_line(result, display_path(options.out_dir)))
    return EXIT_OK


def run_check(args: argparse.Namespace, console: Console, prog: str) -> int:
    site = find_site(args.site, prog)
    options = BuildOptions(site=site, drafts=args.drafts, strict=args.strict)
    try:
        result = build(options, write=False)
    except BuildFailed as exc:
        report_failure(console, exc.problems, site, args.format)
        return EXIT_CONTENT
    print_problems(console, result.problems, site, args.format)
    if args.format == "text":
        console.say(f"Checked {plural(result.articles, 'article')} and "
                    f"{plural(result.pages, 'page')}: no errors, "
                    f"{plural(len(result.problems.warnings), 'warning')}.")
        print_open_drafts(console, site)
    return EXIT_OK


def print_open_drafts(console: Console, site: Path) -> None:
    """Imported drafts whose notes an editor has not cleared yet (they do not fail a check)."""
    from diplomacy_archive.importing.review import open_drafts
    drafts = open_drafts(site)
    if not drafts:
        return
    console.say(f"{plural(len(drafts), 'draft')} still to review (remove each note from "
                "'import_notes' once its field is checked):")
    for draft in drafts:
        console.say(f"  {display_path(site / draft.path)}: {'; '.join(draft.notes)}")


def run_import(args: argparse.Namespace, console: Console, prog: str) -> int:
    """Drafts from raw pages; prints, for each, the file written and the fields found."""
    from diplomacy_archive.importing.run import import_files
    from diplomacy_archive.importing.writer import ImportStopped
    site = find_site(args.site, prog)
    missing = [f for f in args.files if not f.is_file()]
    if missing:
        raise UsageError(f"{display_path(missing[0])} does not exist or is not a file")
    try:
        report = import_files(site, args.files, dry_run=args.dry_run)
    except ImportStopped as exc:
        console.error(f"error: {exc}")
        return EXIT_CONTENT
    for message in report.unreadable:
        console.error(f"error: {message}")
    for draft, written in report.drafts:
        where = display_path(written.path)
        if args.dry_run:
            console.data(f"Would write {where} (from {draft.origin})")
        else:
            console.say(f"Wrote {where} (from {draft.origin})")
        for line in draft_summary(draft):
            console.data(f"  {line}") if args.dry_run else console.say(f"  {line}")
        if args.dry_run:
            console.data(written.text)
    if not report.drafts and not report.unreadable:
        console.say("No article was found in these files.")
    if report.drafts and not args.dry_run:
        console.say("Each draft has 'draft: true' and lists in 'import_notes' what to check; "
                    f"'{prog} check' lists the drafts still to review.")
    return EXIT_CONTENT if report.unreadable else EXIT_OK


def run_serve(args: argparse.Namespace, console: Console, prog: str) -> int:
    """Build into <site>/.cache/preview with links to the local server, and keep it current."""
    from diplomacy_archive.serve import (  # tornado loads only for the preview
        BuildOutcome,
        serve,
        watch_paths,
    )
    site = find_site(args.site, prog)
    host_in_url = f"[{args.host}]" if ":" in args.host else args.host
    options = BuildOptions(site=site, out=site / CACHE_DIR / "preview",
                           drafts=args.drafts, base_url=f"http://{host_in_url}:{args.port}/",
                           search=args.search)
    out = display_path(options.out_dir)

    def rebuild(changed: set[Path]) -> BuildOutcome:
        try:
            result = build(options)
        except BuildFailed as exc:
            return BuildOutcome(False, shown_problems(exc.problems, site),
                                "Build stopped: the preview shows the last good version.")
        except (UsageError, SiteError) as exc:
            return BuildOutcome(False, [Problem(display_path(site / CONFIG_FILE), None, None,
                                                str(exc))], "Build stopped.")
        except GeneratorFault as exc:  # a bug: the panel names the file it was working on
            return BuildOutcome(False, [Problem(
                display_path(site / exc.where), None, None,
                f"unexpected error while {exc.doing}: {exc.error}",
                "a fault of the generator, not of the article; run 'build --debug' for the "
                "details and report them")], "Build stopped: unexpected error.")
        return BuildOutcome(True, shown_problems(result.problems, site), summary_line(result, out))
    if not args.search:
        console.say("Search is off in the preview (serve --search turns it on).")
    serve(rebuild, options.out_dir, watch_paths(site), args.host, args.port, console.say,
          warn=console.error if args.quiet else console.say)
    return EXIT_OK


def run_new(args: argparse.Namespace, console: Console, prog: str) -> int:
    from diplomacy_archive.authoring.new_article import ArticleExists, create_article
    from diplomacy_archive.problems import ArchiveError
    site = find_site(args.site, prog)
    try:
        path = create_article(site, args.title, args.date, args.slug)
    except ArticleExists as exc:
        console.error(f"error: {display_path(exc.path)} already exists and was left as it is; "
                      "choose another title or give --slug")
        return EXIT_CONTENT
    except ArchiveError as exc:
        console.error(f"error: {exc}")
        return EXIT_CONTENT
    console.say(f"Created {display_path(path)}: fill in the fields and write the article below "
                "the second '---'. It stays a draft (not published) until you set "
                "'draft: false'.")
    return EXIT_OK


def run_init(args: argparse.Namespace, console: Console, prog: str) -> int:
    from diplomacy_archive.authoring.new_site import FolderNotEmpty, create_site
    try:
        created = create_site(args.folder, title=args.title, base_url=args.base_url,
                              force=args.force)
    except FolderNotEmpty as exc:
        listed = ", ".join(exc.entries[:5]) + (", ..." if len(exc.entries) > 5 else "")
        raise UsageError(f"{display_path(exc.folder)} is not empty (it holds {listed}); give a "
                         "new or empty folder, or add --force to write the site's files beside "
                         "these (no file is replaced)") from None
    folder = display_path(created.folder)
    if created.written:
        console.say(f"Created a new archive in {folder}: {', '.join(created.written)}.")
    if created.kept:
        console.say(f"Left as they were (already there): {', '.join(created.kept)}.")
    go = "" if folder == "." else f"cd {folder}, then "
    console.say(f"Next: {go}'{prog} serve' shows the site at http://127.0.0.1:8000/ while you "
                f"edit, and '{prog} new \"Tiêu đề bài viết\"' starts an article. README.md "
                "explains the rest.")
    return EXIT_OK


RUNNERS = {"build": run_build, "check": run_check, "serve": run_serve, "new": run_new,
           "import": run_import, "init": run_init}
