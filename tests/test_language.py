"""Editors read Vietnamese by default and English on request: the language is chosen from
--lang or the locale, every message of the code is in the Vietnamese catalogue, translated,
and the compiled catalogue the package ships is the compilation of it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from conftest import ROOT, SITES, run_cli

from diplomacy_archive import i18n
from diplomacy_archive.problems import Problem, Severity

CATALOGUE = ROOT / "diplomacy_archive" / "locale" / "vi" / "LC_MESSAGES"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def catalogue():  # type: ignore[no-untyped-def]
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
    import re
    import string
    formatter = string.Formatter()

    def fields(text: str) -> set[str]:
        """The {name} placeholders, and the %-style ones of argparse's messages."""
        return ({name for _, name, _, _ in formatter.parse(text) if name}
                | set(re.findall(r"%(?:\(\w+\))?[sr]", text)))
    for message in catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
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
