"""Publishing: the GitHub and GitLab Pages workflows, checked against the real command line."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from diplomacy_archive.build.pipeline import BuildOptions
from diplomacy_archive.cli.arguments import COMMANDS, make_parser

GITHUB = ROOT / ".github" / "workflows" / "pages.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
DOCS = ROOT / "docs" / "deploy.md"
SAMPLE_URL = "https://owner.github.io/repo"  # what configure-pages reports: no final slash
# ${{ expressions }}, then shell variables: ${VAR%/}, ${VAR}, $VAR
PLACEHOLDER = re.compile(r"\$\{\{.*?\}\}|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*")


def load(path: Path) -> dict[Any, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict), f"{path.name} is not a YAML mapping"
    return document


def github_steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def step_using(steps: list[dict[str, Any]], action: str) -> tuple[int, dict[str, Any]]:
    found = [(i, s) for i, s in enumerate(steps) if s.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}, found {len(found)}"
    return found[0]


def run_lines(steps: list[dict[str, Any]]) -> list[str]:
    """Every command line of the `run:` steps, in order."""
    return [line.strip() for step in steps if "run" in step
            for line in step["run"].splitlines() if line.strip()]


def github_lines() -> list[str]:
    workflow = load(GITHUB)
    return [line for job in workflow["jobs"] for line in run_lines(github_steps(workflow, job))]


def gitlab_lines(job: str | None = None) -> list[str]:
    config = load(GITLAB)
    jobs = [job] if job else [name for name, value in config.items()
                              if isinstance(value, dict) and "script" in value]
    return [line.strip() for name in jobs for key in ("before_script", "script")
            for line in config[name].get(key, [])]


def cli_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("python build.py")]


def parse_cli_line(line: str) -> argparse.Namespace:
    """Run a `python build.py ...` line through the real parser, with a sample URL for variables."""
    argv = shlex.split(PLACEHOLDER.sub(SAMPLE_URL, line))
    assert argv[:2] == ["python", "build.py"], line
    assert len(argv) > 2 and argv[2] in COMMANDS, f"{line!r} names no subcommand"
    try:
        return make_parser().parse_args(argv[2:])
    except SystemExit:
        pytest.fail(f"build.py does not accept {line!r} (see the argparse message above)")


def test_workflows_are_valid_yaml_with_build_commands() -> None:
    assert cli_lines(github_lines()) and cli_lines(gitlab_lines())


def test_github_workflow_runs_on_push_to_main_with_pages_rights() -> None:
    workflow = load(GITHUB)
    triggers = workflow.get("on", workflow.get(True))  # PyYAML reads the bare key `on` as True
    assert isinstance(triggers, dict), "'on:' must list its triggers"
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"
    assert workflow["concurrency"]["group"] == "pages"


def test_github_workflow_builds_checks_and_deploys_in_order() -> None:
    workflow = load(GITHUB)
    uploads = [name for name in workflow["jobs"]
               if any(s.get("uses", "").startswith("actions/upload-pages-artifact@")
                      for s in github_steps(workflow, name))]
    assert len(uploads) == 1
    steps = github_steps(workflow, uploads[0])
    assert steps[0]["uses"] == "actions/checkout@v4"
    _, python = step_using(steps, "actions/setup-python")
    assert python["uses"] == "actions/setup-python@v5"
    assert str(python["with"]["python-version"]) == "3.11" and python["with"]["cache"] == "pip"

    lines = run_lines(steps)
    expected = ["pip install -e .", "python build.py check --strict --format github"]
    assert lines[:2] == expected
    assert len(lines) == 3 and lines[2].startswith("python build.py build --strict --base-url ")

    # The base URL comes from configure-pages, which runs before the build.
    configure_at, configure = step_using(steps, "actions/configure-pages")
    assert configure["uses"] == "actions/configure-pages@v5"
    build_at, build = next((i, s) for i, s in enumerate(steps)
                           if "build.py build" in s.get("run", ""))
    assert configure_at < build_at
    base_url = f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"
    variables = [name for name, value in build.get("env", {}).items() if value == base_url]
    assert len(variables) == 1, "the build step gets configure-pages' base_url in its env"
    assert f'--base-url "${{{variables[0]}%/}}/"' in build["run"], "base URL with a final slash"

    upload_at, upload = step_using(steps, "actions/upload-pages-artifact")
    assert upload["uses"] == "actions/upload-pages-artifact@v3"
    assert upload["with"]["path"] == "public" and build_at < upload_at


def test_github_workflow_deploys_to_the_pages_environment() -> None:
    workflow = load(GITHUB)
    deploys = [(name, job) for name, job in workflow["jobs"].items()
               if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job["steps"])]
    assert len(deploys) == 1
    _, job = deploys[0]
    _, deploy = step_using(job["steps"], "actions/deploy-pages")
    assert deploy["uses"] == "actions/deploy-pages@v4"
    assert job["environment"] == {"name": "github-pages",
                                  "url": f"${{{{ steps.{deploy['id']}.outputs.page_url }}}}"}
    builders = [name for name, other in workflow["jobs"].items()
                if any("upload-pages-artifact" in s.get("uses", "") for s in other["steps"])]
    needs = job.get("needs", [])
    assert builders[0] in ([needs] if isinstance(needs, str) else needs)


def test_gitlab_pages_job_publishes_public_from_the_default_branch() -> None:
    config = load(GITLAB)
    job = config["pages"]
    assert job.get("image", config.get("image")) == "python:3.11"
    assert job["artifacts"]["paths"] == ["public"]
    assert [rule["if"].split() for rule in job["rules"]] == [
        ["$CI_COMMIT_BRANCH", "==", "$CI_DEFAULT_BRANCH"]]
    assert gitlab_lines("pages") == [
        "pip install -e .",
        "python build.py check --strict",
        'python build.py build --strict --base-url "$CI_PAGES_URL/"',
    ]


def test_gitlab_merge_request_job_only_checks() -> None:
    config = load(GITLAB)
    others = [name for name, value in config.items()
              if isinstance(value, dict) and "script" in value and name != "pages"]
    for name in others:
        job = config[name]
        assert job["stage"] == "test", name
        assert [rule["if"].split() for rule in job["rules"]] == [
            ["$CI_PIPELINE_SOURCE", "==", '"merge_request_event"']], name
        assert gitlab_lines(name) == ["pip install -e .", "python build.py check --strict"], name


@pytest.mark.parametrize("origin", ["github", "gitlab"])
def test_workflow_commands_are_accepted_by_the_cli(origin: str) -> None:
    lines = cli_lines(github_lines() if origin == "github" else gitlab_lines())
    for line in lines:
        args = parse_cli_line(line)
        assert args.strict, f"{line!r}: CI must use --strict"
        if args.command == "check":
            assert args.format == ("github" if origin == "github" else "text"), line
        else:
            assert args.command == "build", line
            assert args.base_url == SAMPLE_URL + "/", line
            # The folder the build writes is the one the workflow publishes.
            # The workflows run at the repository root, which holds config.yaml.
            assert args.site is None and (ROOT / "config.yaml").is_file()
            assert BuildOptions(site=ROOT, out=args.out).out_dir == ROOT / "public"
    assert {parse_cli_line(line).command for line in lines} == {"check", "build"}


def test_the_cli_check_rejects_a_renamed_option() -> None:
    with pytest.raises(pytest.fail.Exception, match="does not accept"):
        parse_cli_line('python build.py build --strict --baseurl "$CI_PAGES_URL/"')
    with pytest.raises(pytest.fail.Exception, match="does not accept"):
        parse_cli_line("python build.py check --strict --format gitlab")


def test_readme_lists_the_options_the_workflows_use() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    usage = re.search(r"```\n(.*?)```", section, re.DOTALL)
    assert usage, "README's Commands section opens with a usage block"
    # Continuation lines belong to the command above them.
    by_command = dict(re.findall(r"^diplomacy-archive (\w+)(.*(?:\n {4,}.*)*)", usage.group(1),
                                 re.MULTILINE))
    for line in cli_lines(github_lines() + gitlab_lines()):
        argv = shlex.split(PLACEHOLDER.sub(SAMPLE_URL, line))
        options = [arg for arg in argv[3:] if arg.startswith("--")]
        for option in options:
            assert option in by_command[argv[2]], f"README does not list {argv[2]} {option}"
        if "--format" in argv:
            assert argv[argv.index("--format") + 1] in by_command[argv[2]]


def test_docs_name_both_files_and_quote_their_commands() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    assert ".github/workflows/pages.yml" in docs and ".gitlab-ci.yml" in docs
    linked = {(DOCS.parent / target).resolve() for target in re.findall(r"\]\(([^)#]+)\)", docs)}
    assert {GITHUB.resolve(), GITLAB.resolve()} <= linked, "docs/deploy.md links to both files"
    for line in set(github_lines() + gitlab_lines()):
        assert f"`{line}`" in docs, f"docs/deploy.md does not quote {line!r}"


def python_on_path(folder: Path) -> dict[str, str]:
    """An environment where `python` is the interpreter running the tests."""
    wrapper = folder / "python"
    wrapper.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}",
            "PYTHONIOENCODING": "utf-8"}


@pytest.mark.skipif(shutil.which("bash") is None or os.name == "nt", reason="needs a POSIX shell")
@pytest.mark.parametrize(("origin", "variables"), [
    ("github", {"BASE_URL": "https://owner.github.io/repo"}),  # configure-pages' form
    ("github", {"BASE_URL": "https://owner.github.io/repo/"}),
    ("gitlab", {"CI_PAGES_URL": "https://owner.gitlab.io/repo"}),
])
def test_workflow_build_serves_the_site_under_the_pages_sub_path(
        origin: str, variables: dict[str, str], copy_site, tmp_path: Path) -> None:
    site = copy_site("example")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    env = {**python_on_path(bin_dir), **variables}
    lines = cli_lines(github_lines() if origin == "github" else gitlab_lines("pages"))
    for line in lines:  # as the CI shell runs them, on a copy of the example archive
        command = f"{line} --site {shlex.quote(str(site))}"
        done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=120, check=False)
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
    home = (site / "public" / "index.html").read_text(encoding="utf-8")
    paths = re.findall(r"""(?:href|src)="(/[^"]*)\"""", home)
    assert paths and all(path.startswith("/repo/") for path in paths), paths
    assert 'href="https://owner.' in home and "repo//" not in home


def test_github_workflow_keeps_the_build_cache_keyed_by_the_generator() -> None:
    workflow = load(GITHUB)
    steps = github_steps(workflow, "build")
    cache_at, cache = step_using(steps, "actions/cache")
    assert cache["uses"] == "actions/cache@v4"
    assert cache["with"]["path"].split() == [".cache", "public", ".public.spare"]
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"].strip()
    assert "hashFiles('pyproject.toml', 'diplomacy_archive/**'" in key
    assert key.endswith("-${{ github.run_id }}") and key.startswith(restore)
    build_at = next(i for i, s in enumerate(steps) if "build.py build" in s.get("run", ""))
    check_at = next(i for i, s in enumerate(steps) if "build.py check" in s.get("run", ""))
    assert cache_at < check_at < build_at


def test_gitlab_keeps_the_build_cache_keyed_by_the_generator() -> None:
    caches = load(GITLAB)["cache"]
    archive = next(c for c in caches if c["paths"] == [".cache/", "public/", ".public.spare/"])
    assert "pyproject.toml" in archive["key"]["files"]
