"""The code's own rules: lint, types, the import layers, only the CLI prints, every import is a
declared dependency, and every package folder is a package that git and the wheel carry."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, missing_tool

PACKAGE = ROOT / "diplomacy_archive"
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """A command installed beside the interpreter running the tests (the [test] extra)."""
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        missing_tool(f"{name} is not installed", f"ls -l {BIN / name}; command -v {name}",
                     "pip install -e '.[test]'")
    return found


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                          timeout=300, check=False)


def test_ruff_finds_nothing() -> None:
    done = run(tool("ruff"), "check", "--no-cache", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing() -> None:
    done = run(tool("mypy"))  # files and settings: [tool.mypy] in pyproject.toml
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Success: no issues found")


def test_imports_keep_to_the_layers() -> None:
    done = run(tool("lint-imports"), "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    assert f"Contracts: {len(contracts['contracts'])} kept, 0 broken." in done.stdout


def test_the_layers_contract_names_every_subpackage() -> None:
    contract = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = {name.strip() for layer in contract["contracts"][0]["layers"]
              for name in layer.split("|")}
    found = {f"diplomacy_archive.{p.parent.name}" for p in PACKAGE.glob("*/__init__.py")}
    found |= {f"diplomacy_archive.{p.stem}" for p in PACKAGE.glob("*.py")
              if p.stem not in ("__init__", "__main__")}
    assert found == layers, "every folder and top-level module sits in one layer"


def package_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_only_the_command_line_prints() -> None:
    printing = []
    for path in package_modules():
        if path.relative_to(PACKAGE).parts[0] == "cli":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("print", "input", "breakpoint"):
                printing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.func.id}()")
            if isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr", "stdin") \
                    and isinstance(node.value, ast.Name) and node.value.id == "sys":
                printing.append(f"{path.relative_to(ROOT)}:{node.lineno} sys.{node.attr}")
    assert printing == []


def third_party_imports() -> set[str]:
    names = set()
    for path in [*package_modules(), ROOT / "build.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "diplomacy_archive"}


def test_every_imported_library_is_a_declared_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {re.split(r"[<>=!~\[ ;]", dep)[0].lower().replace("_", "-")
                for dep in project["dependencies"]}
    distributions = importlib.metadata.packages_distributions()
    imported = third_party_imports()
    assert {"jinja2", "yaml", "markdown", "tornado", "markupsafe"} <= imported
    for module in sorted(imported):
        owners = {d.lower().replace("_", "-") for d in distributions.get(module, [])}
        assert owners & declared, f"'import {module}' comes from {owners or 'nowhere'}, " \
                                  "which pyproject.toml does not declare"


def test_every_package_folder_is_a_package_that_git_carries() -> None:
    folders = {p.parent for p in package_modules()}
    assert all((folder / "__init__.py").is_file() for folder in folders), folders
    if not (ROOT / ".git").exists():
        missing_tool("the repository has no .git folder", f"ls -ld {ROOT / '.git'}",
                     "run the tests in a git clone: git clone <repository> && cd <folder>")
    git = shutil.which("git")
    if git is None:
        missing_tool("git is not installed", "command -v git", "apt-get install git")
    ignored = run(git, "ls-files", "--others", "--ignored", "--exclude-standard", "--",
                  "diplomacy_archive", "templates", "assets")
    assert ignored.returncode == 0, ignored.stderr
    lost = [line for line in ignored.stdout.splitlines()
            if "__pycache__" not in line and not line.endswith(".pyc")]
    assert lost == [], ".gitignore hides files the package needs"


@pytest.mark.parametrize("name", ["ruff", "mypy", "lint-imports"])
def test_pre_commit_runs_the_checks_the_suite_runs(name: str) -> None:
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert re.search(rf"^\s+entry: {re.escape(name)}\b", config, re.MULTILINE), name


def package_imports(path: Path) -> set[str]:
    """The package's modules and subpackages that ``path`` imports, as ``folder.module``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                and node.module.split(".")[0] == "diplomacy_archive"):
            continue
        base = node.module.removeprefix("diplomacy_archive").lstrip(".")
        for alias in node.names:
            sub = f"{base}.{alias.name}" if base else alias.name
            as_path = PACKAGE / sub.replace(".", "/")
            if as_path.with_suffix(".py").is_file() or as_path.is_dir():
                found.add(sub)  # a module: `from diplomacy_archive.build import stages`
            elif base:
                found.add(base)  # a name from a module
    return found


def test_the_architecture_page_lists_every_module_with_its_imports() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+\.py)` \| [^|]+ \| ([^|]+) \|$", page, re.MULTILINE)
    documented = {module: set() if imports.strip() == "nothing"
                  else {name.strip() for name in imports.split(",")} for module, imports in rows}
    modules = {p.relative_to(PACKAGE).as_posix(): p for p in package_modules()
               if p.name != "__init__.py"}
    assert set(documented) == set(modules), "docs/architecture.md lists every module once"
    for name, path in modules.items():
        assert documented[name] == package_imports(path), f"docs/architecture.md: {name}"
