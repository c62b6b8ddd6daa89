"""Editors read Vietnamese by default and English on request: the language is chosen from
--lang or the locale, every message of the code is in the Vietnamese catalogue, translated,
and the compiled catalogue the package ships is the compilation of it."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from conftest import ROOT, SITES, run_cli

from diplomacy_archive import i18n
from diplomacy_archive.problems import Problem, Severity

CATALOGUE = ROOT / "diplomacy_archive" / "locale" / "vi" / "LC_MESSAGES"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def catalogue() -> Catalog:
    with (CATALOGUE / "diplomacy_archive.po").open("rb") as handle:
        return read_po(handle, locale="vi")


def messages_in_code() -> dict[str, str]:
    """Every message the code marks, with where it is."""
    found = {}
    for filename, line, message, _comments, _context in extract_from_dir(
            ROOT / "diplomacy_archive", method_map=[("**.py", "python")], keywords=KEYWORDS):
        key = message[0] if isinstance(message, tuple) else message
        found[key] = f"diplomacy_archive/{filename}:{line}"
    return found


def test_every_message_of_the_code_is_translated_in_the_vietnamese_catalogue() -> None:
    po = catalogue()
    missing = {m: where for m, where in messages_in_code().items()
               if m not in po or not po[m].string or po[m].fuzzy}
    assert not missing, ("messages missing from, untranslated or fuzzy in the Vietnamese "
                         f"catalogue (docs/translating.md): {missing}")


def test_the_translations_keep_the_placeholders_of_their_message() -> None:
    import string
    formatter = string.Formatter()

    def fields(text: str) -> set[str]:
        """The {name} placeholders, and the %-style ones of argparse's messages."""
        return ({name for _, name, _, _ in formatter.parse(text) if name}
                | set(re.findall(r"%(?:\(\w+\))?[sr]", text)))
    for message in catalogue():
        if not message.id:
            continue
        ids = [str(i) for i in (message.id if isinstance(message.id, (tuple, list))
                                else (message.id,))]
        strings = [str(s) for s in (message.string if isinstance(message.string, (tuple, list))
                                    else (message.string,))]
        for text in strings:
            assert fields(text) == fields(ids[-1]), (message.id, text)


def test_the_shipped_catalogue_is_the_compilation_of_the_po_file() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalogue())
    assert (CATALOGUE / "diplomacy_archive.mo").read_bytes() == compiled.getvalue(), (
        "compile it: pybabel compile -d diplomacy_archive/locale -D diplomacy_archive -l vi")


@pytest.mark.parametrize(("environment", "language"), [
    ({}, "vi"), ({"LANG": "C.UTF-8"}, "vi"), ({"LANG": "vi_VN.UTF-8"}, "vi"),
    ({"LANG": "en_US.UTF-8"}, "en"), ({"LANG": "en"}, "en"), ({"LC_ALL": "en_GB"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "vi"), ({"LANGUAGE": "en:vi", "LANG": "vi_VN"}, "en"),
    ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "vi_VN.UTF-8"}, "en"),
    ({"LC_ALL": "vi_VN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "vi"),
    ({"LC_ALL": "POSIX", "LANG": "en_US"}, "en"),
])
def test_the_language_follows_the_locale(environment: dict[str, str], language: str) -> None:
    assert i18n.language_of_environment(environment) == language


def test_a_problem_is_shown_in_the_language_chosen_when_it_is_shown(vietnamese: None) -> None:
    problem = Problem("content/a.md", 3, 7, "unknown key '{key}'", "did you mean '{closest}'?",
                      "", Severity.WARNING, (("closest", "speakers"), ("key", "speaker")))
    vi = problem.format_text()
    i18n.set_language("en")
    assert problem.format_text() == ("content/a.md:3:7: warning: unknown key 'speaker' "
                                     "(did you mean 'speakers'?)")
    assert vi.startswith("content/a.md:3:7: cảnh báo: ") and "'speaker'" in vi
    assert "'speakers'" in vi and "unknown" not in vi
    assert problem.format_github().startswith("::warning file=content/a.md,line=3,col=7,")


def test_the_command_line_speaks_vietnamese_by_default_and_english_on_request(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    site = SITES / "invalid"
    default = run_cli("check", "--site", str(site), cwd=tmp_path)
    english = run_cli("check", "--site", str(site), "--lang", "en", cwd=tmp_path)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    by_locale = run_cli("check", "--site", str(site), cwd=tmp_path)
    vietnamese_asked = run_cli("--lang", "vi", "check", "--site", str(site), cwd=tmp_path)
    assert default.code == english.code == 1
    assert english.stderr == by_locale.stderr
    assert vietnamese_asked.stderr == default.stderr != english.stderr
    assert ": error: " in english.stderr and ": error: " not in default.stderr
    assert ": lỗi: " in default.stderr
    assert "Found " in english.stderr.splitlines()[-1]
    help_vi = run_cli("--lang", "vi", "build", "--help", cwd=tmp_path)
    help_en = run_cli("--lang", "en", "build", "--help", cwd=tmp_path)
    assert "treat warnings as errors" in help_en.stdout
    assert "treat warnings as errors" not in help_vi.stdout


@pytest.mark.parametrize("name", ["invalid", "invalid-config", "invalid-data"])
def test_the_invalid_sites_are_reported_exactly_in_both_languages(
        copy_site, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    site = copy_site(name)
    vietnamese = run_cli("build", "--site", ".", cwd=site)
    english = run_cli("build", "--site", ".", "--lang", "en", cwd=site)
    assert vietnamese.code == english.code == 1
    assert english.stderr == (SITES / name / "expected-output.txt").read_text(encoding="utf-8")
    assert vietnamese.stderr == (SITES / name / "expected-output.vi.txt").read_text(
        encoding="utf-8")


# ---------------------------------------------------------------- messages left unmarked

MARKERS = {"N_", "_", "ngettext", "kept_message"}
EXCEPTIONS = {"UsageError", "SiteError", "ArchiveError", "ImportStopped", "UnreadablePage",
              "SearchFailed"}


def marked(node: ast.expr) -> bool:
    """``N_("...")``, ``_("...")``, or ``_("...").format(...)``."""
    if not isinstance(node, ast.Call):
        return False
    if isinstance(node.func, ast.Name):
        return node.func.id in MARKERS
    if isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return marked(node.func.value)
    return False


def wording(node: ast.expr) -> bool:
    """Whether ``node`` is literal text with words in it (two words or more)."""
    if isinstance(node, ast.BinOp):
        return wording(node.left) or wording(node.right)
    if isinstance(node, ast.IfExp):
        return wording(node.body) or wording(node.orelse)
    if isinstance(node, ast.JoinedStr):
        text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    else:
        return False
    return len(re.findall(r"[A-Za-z]{2,}", text)) >= 2


def checked_arguments(node: ast.Call) -> list[ast.expr]:
    """The arguments of a call that an editor reads: a problem's message and hint, an error
    the command line prints, a line it says."""
    f = node.func
    if isinstance(f, ast.Attribute) and f.attr in ("error", "warning"):
        receiver = ast.unparse(f.value)
        keywords = [k.value for k in node.keywords if k.arg in ("message", "hint")]
        if receiver.endswith("problems"):
            return node.args[3:5] + keywords
        if receiver.endswith("fields") or receiver == "self":
            return node.args[1:3] + keywords
        return keywords
    if isinstance(f, ast.Name) and f.id == "Problem":
        return node.args[3:5] + [k.value for k in node.keywords if k.arg in ("message", "hint")]
    if isinstance(f, ast.Name) and f.id in EXCEPTIONS:
        return node.args[:1]
    if (isinstance(f, ast.Attribute) and f.attr in ("say", "fail")
            and ast.unparse(f.value).endswith("console")):
        return node.args[:1]
    return []


def unmarked_messages(source: str, name: str) -> list[str]:
    """Literals with words that reach an editor without going through the catalogue."""
    return [f"{name}:{node.lineno}: {ast.unparse(arg)[:80]}"
            for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
            for arg in checked_arguments(node) if wording(arg) and not marked(arg)]


def test_no_message_reaches_an_editor_without_the_catalogue() -> None:
    found = [line for path in sorted((ROOT / "diplomacy_archive").rglob("*.py"))
             for line in unmarked_messages(path.read_text(encoding="utf-8"),
                                           path.relative_to(ROOT).as_posix())]
    assert not found, "mark these with N_ (problems) or _ (docs/translating.md)"


def test_the_unmarked_message_finder_finds_them() -> None:
    source = ("problems.error(p, 1, 2, f'the file {x} is bad', N_('fix it'))\n"
              "fields.warning(w, 'must be a list', N_('write one'))\n"
              "raise UsageError(f'the folder {f} does not exist')\n"
              "console.say('Built the site.')\n"
              "problems.error(p, 1, 2, N_('the file {x} is bad'), N_('fix it'), 'images[0]')\n"
              "raise UsageError(_('the folder {f} does not exist').format(f=f))\n")
    assert [line.split(":")[1] for line in unmarked_messages(source, "x")] == ["1", "2", "3",
                                                                                "4"]


def test_the_documented_problem_matcher_reads_every_problem_line_in_both_languages() -> None:
    documented = re.search(r"`(\^\(\.\+\?\).*?\$)`", (ROOT / "docs" / "translating.md").read_text(
        encoding="utf-8"), re.DOTALL)
    assert documented is not None
    matcher = re.compile(documented.group(1))
    for name in ("invalid", "invalid-config", "invalid-data"):
        for golden in ("expected-output.txt", "expected-output.vi.txt"):
            lines = (SITES / name / golden).read_text(encoding="utf-8").splitlines()
            problems = lines[:-2]  # then the count, and that nothing was written
            assert problems and all(matcher.match(line) for line in problems), (name, golden)
            assert not any(matcher.match(line) for line in lines[-2:])
