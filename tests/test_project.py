"""Promises the repository makes to a new user: the Quick start, CI, packaging."""

from __future__ import annotations

import re
import tomllib

from conftest import ROOT


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```[a-z]*\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1, "the Quick start holds one fenced code block"
    return [line for line in blocks[0].splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "pip install -e ." in commands[0] and "build.py build" in commands[0]
    assert "pip install -e '.[test]'" in commands[1] and "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_and_a_strict_build() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci.splitlines()
    assert "build.py build --strict" in ci
    assert ci.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in ci


def test_runtime_dependencies_are_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=\[ ]", dep)[0].lower() for dep in project["dependencies"]}
    assert {"jinja2", "markdown", "pyyaml", "python-frontmatter", "livereload", "nh3"} <= names
    assert project["requires-python"] == ">=3.11"
    assert any(dep.startswith("pytest") for dep in project["optional-dependencies"]["test"])


def test_build_output_and_caches_are_ignored() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"public/", ".cache/", ".venv/"} <= set(ignored)


def test_theme_makes_no_external_requests() -> None:
    text_files = {".html", ".css", ".js", ".svg", ".xml", ".txt"}  # (pictures, fonts: binary)
    for path in [*(ROOT / "templates").rglob("*.html"), *(ROOT / "assets").rglob("*")]:
        if path.is_file() and path.suffix in text_files:
            # Dublin Core's schema link names its vocabulary: browsers never fetch it
            text = path.read_text(encoding="utf-8").replace(
                '<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">', "")
            assert "@import" not in text, path
            assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), path
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), path


def test_a_missing_tool_skips_with_its_reason_but_fails_under_ci(monkeypatch, tmp_path) -> None:
    import pytest
    from conftest import missing_tool
    absent = tmp_path / "chromium"  # a path that is surely not there
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        missing_tool(f"{absent} is not installed", f"ls -l {absent}", "apt-get install chromium")
    # the reason shows what the check printed (ls's own words, in the machine's language):
    # evidence a reader can run again
    reason = str(skipped.value)
    assert reason.startswith(f"{absent} is not installed (check: ls -l {absent} -> ls: ")
    assert reason.endswith("); to run this test: apt-get install chromium (with CI=true it "
                           "fails instead)")
    assert reason.count(str(absent)) == 3
    for check, install in ((" ", "apt-get install chromium"), (f"ls -l {absent}", " ")):
        with pytest.raises(ValueError):  # a skip says what is missing, how to see it, the fix
            missing_tool(f"{absent} is not installed", check, install)
    # a tool the check finds was looked for in the wrong place: never a skip
    with pytest.raises(pytest.fail.Exception) as wrong:
        missing_tool("Python is not installed", f"ls {tmp_path}", "apt-get install python3")
    assert str(wrong.value).startswith(f"Python is not installed, but its check `ls {tmp_path}` "
                                       "succeeds")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failed:
        missing_tool(f"{absent} is not installed", f"ls -l {absent}", "apt-get install chromium")
    assert str(failed.value).startswith(f"{absent} is not installed (check: ls -l {absent} -> ")
    assert str(failed.value).endswith("); CI=true requires this test to run: apt-get install "
                                      "chromium")


def readme_usage() -> dict[str, str]:
    """The README's usage block: each command's line(s), by command."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```\n(.*?)```", section, re.DOTALL)
    assert block, "README's Commands section opens with a usage block"
    return dict(re.findall(r"^diplomacy-archive (\w+)(.*(?:\n {4,}.*)*)", block.group(1),
                           re.MULTILINE))


def test_readme_usage_lists_every_command_and_option_the_parser_has() -> None:
    import argparse

    from diplomacy_archive.cli.arguments import COMMANDS, make_parser
    usage = readme_usage()
    assert set(usage) == set(COMMANDS)
    common = {"-h", "--help", "-q", "--quiet", "--debug", "--lang"}
    subparsers = next(a for a in make_parser()._actions
                      if isinstance(a, argparse._SubParsersAction))
    for name, sub in subparsers.choices.items():
        listed = set(re.findall(r"--[a-z-]+", usage[name]))
        known = {o for action in sub._actions for o in action.option_strings}
        assert listed <= known, f"README lists options '{name}' does not have"
        for action in sub._actions:
            # one of --drafts/--no-drafts is enough: the README names the one that changes
            # the default
            forms = [o for o in action.option_strings if o.startswith("--") and o not in common]
            assert not forms or set(forms) & listed, f"README does not list {name} {forms}"
    every = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ("every command: -q/--quiet (print only problems), --debug, --lang vi|en, --version"
            in every)
