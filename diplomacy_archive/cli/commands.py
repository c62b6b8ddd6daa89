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
    count_of,
    draft_summary,
    error_line,
    print_problems,
    report_failure,
    shown_problems,
    summary_line,
)
from diplomacy_archive.i18n import N_, _
from diplomacy_archive.problems import (
    BuildFailed,
    GeneratorFault,
    Problem,
    SiteError,
    UsageError,
    display_path,
)
from diplomacy_archive.source.site_folders import CACHE_DIR, CONFIG_FILE, GUIDE_DIR

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
DETAILED_IMPORT = 20  # drafts an import describes one by one; above, its report does


def find_site(given: Path | None, prog: str) -> Path:
    """The site a command works on: ``--site``, or else the current folder when it holds
    config.yaml (as Hugo and Zola do)."""
    if given is not None:
        if not given.is_dir():
            raise UsageError(_("the site folder {folder} does not exist").format(folder=given))
        return given
    here = Path.cwd()
    if (here / CONFIG_FILE).is_file():
        return here
    raise UsageError(_("there is no {config} in {folder}, so it is not an archive site; run "
                       "the command in the site's folder, give --site DIR, or create a site "
                       "with '{prog} init DIR'").format(config=CONFIG_FILE, folder=here,
                                                        prog=prog))


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
        console.error(_("Build stopped: nothing was written, {out} is unchanged.").format(
            out=display_path(options.out_dir)))
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
        console.say(_("Checked {articles} and {pages}: no errors, {warnings}.").format(
            articles=count_of(result.articles, "article"), pages=count_of(result.pages, "page"),
            warnings=count_of(len(result.problems.warnings), "warning")))
        print_open_drafts(console, site)
    return EXIT_OK


def print_open_drafts(console: Console, site: Path) -> None:
    """Imported drafts whose notes an editor has not cleared yet (they do not fail a check)."""
    from diplomacy_archive.importing.review import open_drafts
    drafts = open_drafts(site)
    if not drafts:
        return
    console.say(_("{drafts} still to review (remove each note from 'import_notes' once its "
                  "field is checked):").format(drafts=count_of(len(drafts), "draft")))
    for draft in drafts:
        console.say(f"  {display_path(site / draft.path)}: {'; '.join(draft.notes)}")


def run_import(args: argparse.Namespace, console: Console, prog: str) -> int:
    """Drafts from raw pages (files, or folders of them); prints, for each, the file written
    and the fields found, then the counts, and writes the report of the import."""
    from diplomacy_archive.build.pool import default_jobs
    from diplomacy_archive.importing.run import import_files
    from diplomacy_archive.importing.writer import ImportStopped
    site = find_site(args.site, prog)
    missing = [f for f in args.files if not f.is_file() and not f.is_dir()]
    if missing:
        raise UsageError(_("{path} does not exist or is not a file").format(
            path=display_path(missing[0])))
    bars = ProgressBars(enabled=not args.quiet and sys.stderr.isatty())
    try:
        report = import_files(site, args.files, dry_run=args.dry_run, progress=bars.start,
                              jobs=args.jobs or default_jobs())
    except ImportStopped as exc:
        bars.close()
        console.error(error_line(exc))
        return EXIT_CONTENT
    bars.close()
    for message in report.unreadable:
        console.error(error_line(message))
    # a bulk import says what it wrote in its report: the terminal gets the counts
    detailed = args.dry_run or len(report.drafts) + len(report.duplicates) <= DETAILED_IMPORT
    for draft, written in report.drafts if detailed else []:
        where = display_path(written.path)
        if args.dry_run:
            console.data(_("Would write {path} (from {origin})").format(path=where,
                                                                       origin=draft.origin))
        else:
            console.say(_("Wrote {path} (from {origin})").format(path=where,
                                                               origin=draft.origin))
        for line in draft_summary(draft):
            console.data(f"  {line}") if args.dry_run else console.say(f"  {line}")
        if args.dry_run:
            console.data(written.text)
    for copy, kept in report.duplicates if detailed else []:
        console.say(_("{origin}: the same article as {other}, imported once").format(
            origin=copy.origin, other=kept.origin))
    for copy, article in report.imported_before if detailed else []:
        console.say(_("{origin}: already imported as {path}").format(
            origin=copy.origin, path=display_path(site / article)))
    if not report.found and not report.unreadable:
        console.say(_("No article was found in these files."))
    if report.drafts and not args.dry_run:
        console.say(_("Each draft has 'draft: true' and lists in 'import_notes' what to check; "
                      "'{prog} check' lists the drafts still to review.").format(prog=prog))
    if report.files > 1 or report.duplicates or report.imported_before:
        console.say(_("Read {files}: {found}, {written} written, {duplicates} folded into "
                      "them, {before} already in the site, {unreadable} unreadable.").format(
            files=count_of(report.files, "file"), found=count_of(report.found, "article"),
            written=count_of(len(report.drafts), "draft"), duplicates=len(report.duplicates),
            before=len(report.imported_before), unreadable=len(report.unreadable)))
    if report.report_file is not None:
        console.say(_("The report of this import: {path}").format(
            path=display_path(report.report_file)))
    return EXIT_CONTENT if report.unreadable else EXIT_OK


def run_serve(args: argparse.Namespace, console: Console, prog: str) -> int:
    """Build into <site>/.cache/preview with links to the local server, and keep it current."""
    from diplomacy_archive.serve import (  # tornado loads only for the preview
        BuildOutcome,
        LocalEditor,
        serve,
        watch_paths,
    )
    site = find_site(args.site, prog)
    host_in_url = f"[{args.host}]" if ":" in args.host else args.host
    options = BuildOptions(site=site, out=site / CACHE_DIR / "preview",
                           drafts=args.drafts, base_url=f"http://{host_in_url}:{args.port}/",
                           search=args.search, local_editor=True)
    out = display_path(options.out_dir)

    def rebuild(changed: set[Path]) -> BuildOutcome:
        try:
            result = build(options)
        except BuildFailed as exc:
            return BuildOutcome(False, shown_problems(exc.problems, site),
                                _("Build stopped: the preview shows the last good version."))
        except (UsageError, SiteError) as exc:
            return BuildOutcome(False, [Problem(display_path(site / CONFIG_FILE), None, None,
                                                "{error}", args=(("error", str(exc)),))],
                                _("Build stopped."))
        except GeneratorFault as exc:  # a bug: the panel names the file it was working on
            return BuildOutcome(False, [Problem(
                display_path(site / exc.where), None, None,
                N_("unexpected error while {doing}: {error}"),
                N_("a fault of the generator, not of the article; run 'build --debug' for the "
                   "details and report them"),
                args=(("doing", _(exc.doing)), ("error", exc.error)))],
                _("Build stopped: unexpected error."))
        return BuildOutcome(True, shown_problems(result.problems, site), summary_line(result, out))
    if not args.search:
        console.say(_("Search is off in the preview (serve --search turns it on)."))
    serve(rebuild, options.out_dir, watch_paths(site), args.host, args.port, console.say,
          warn=console.error if args.quiet else console.say, editor=LocalEditor(site))
    return EXIT_OK


def run_new(args: argparse.Namespace, console: Console, prog: str) -> int:
    from diplomacy_archive.authoring.new_article import ArticleExists, create_article, read_date
    from diplomacy_archive.problems import ArchiveError
    site = find_site(args.site, prog)
    when = read_date(site, args.date) if args.date is not None else None  # UsageError: exit 2
    try:
        path = create_article(site, args.title, when, args.slug)
    except ArticleExists as exc:
        console.error(_("error: {path} already exists and was left as it is; choose another "
                        "title or give --slug").format(path=display_path(exc.path)))
        return EXIT_CONTENT
    except ArchiveError as exc:
        console.error(error_line(exc))
        return EXIT_CONTENT
    console.say(_("Created {path}: fill in the fields and write the article below the second "
                  "'---'. It stays a draft (not published) until you set 'draft: false'."
                  ).format(path=display_path(path)))
    return EXIT_OK


def run_init(args: argparse.Namespace, console: Console, prog: str) -> int:
    from diplomacy_archive.authoring.new_site import FolderNotEmpty, create_site
    try:
        created = create_site(args.folder, title=args.title, base_url=args.base_url,
                              force=args.force)
    except FolderNotEmpty as exc:
        listed = ", ".join(exc.entries[:5]) + (", ..." if len(exc.entries) > 5 else "")
        raise UsageError(_("{folder} is not empty (it holds {listed}); give a new or empty "
                           "folder, or add --force to write the site's files beside these (no "
                           "file is replaced)").format(folder=display_path(exc.folder),
                                                       listed=listed)) from None
    folder = display_path(created.folder)
    if created.written:
        console.say(_("Created a new archive in {folder}: {files}.").format(
            folder=folder, files=", ".join(_folded(created.written))))
    if created.kept:
        console.say(_("Left as they were (already there): {files}.").format(
            files=", ".join(_folded(created.kept))))
    go = "" if folder == "." else _("cd {folder}, then ").format(folder=folder)
    console.say(_("Next: {go}'{prog} serve' shows the site at http://127.0.0.1:8000/ while you "
                  "edit, and '{prog} new \"Tiêu đề bài viết\"' starts an article. README.md "
                  "explains the rest.").format(go=go, prog=prog))
    console.say(_("The editor's guide, in Vietnamese: {guide}").format(
        guide=display_path(created.folder / GUIDE_DIR / "README.md")))
    return EXIT_OK


def _folded(paths: list[str]) -> list[str]:
    """The files of a new site, the guide's pages as one folder."""
    inside = [p for p in paths if p.startswith(f"{GUIDE_DIR}/")]
    return [p for p in paths if p not in inside] + ([f"{GUIDE_DIR}/"] if inside else [])


RUNNERS = {"build": run_build, "check": run_check, "serve": run_serve, "new": run_new,
           "import": run_import, "init": run_init}
