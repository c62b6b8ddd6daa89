"""`init DIR`: a new archive that builds strictly, never written over what is there."""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_cli, snapshot
from packaging.requirements import Requirement

from diplomacy_archive import __version__
from diplomacy_archive.authoring import new_site
from diplomacy_archive.cli.arguments import make_parser

EXPECTED_FILES = {
    ".github/workflows/pages.yml", ".gitignore", ".gitlab-ci.yml", "README.md", "config.yaml",
    "content/2022/hoi-nghi-toan-quoc-doi-ngoai-nhan-dan-2022.md", "data/directives.yaml",
    "data/speakers.yaml", "data/venues.yaml", "requirements.txt",
} | {f"huong-dan/{page.name}" for page in (ROOT / "docs" / "vi").glob("*.md")}


def files_of(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_init_writes_a_site_that_builds_strictly_with_every_kind_of_page(tmp_path: Path) -> None:
    run = run_cli("init", "hoi-huu-nghi", cwd=tmp_path)
    assert run.code == 0, run.stderr
    site = tmp_path / "hoi-huu-nghi"
    assert files_of(site) == EXPECTED_FILES
    assert run.stdout.startswith("Created a new archive in hoi-huu-nghi: config.yaml, ")
    assert "cd hoi-huu-nghi, then 'build.py serve'" in run.stdout
    assert run.stdout.endswith("The editor's guide, in Vietnamese: "
                               "hoi-huu-nghi/huong-dan/README.md\n")
    for page in (ROOT / "docs" / "vi").glob("*.md"):  # the guide, as the repository has it
        assert (site / "huong-dan" / page.name).read_bytes() == page.read_bytes()

    built = run_cli("build", "--strict", cwd=site)  # the site is the folder we stand in
    assert built.code == 0, built.stderr
    assert built.stderr == ""
    assert built.stdout.startswith("Built 1 article into public: ")
    assert ", 0 warnings, " in built.stdout
    public = site / "public"
    for page in ("index.html", "bai-viet/hoi-nghi-toan-quoc-doi-ngoai-nhan-dan-2022/index.html",
                 "chu-de/hoi-nghi/index.html", "nhan-vat/nguyen-phuong-nga/index.html",
                 "dia-diem/cao-bang/index.html", "van-ban/12-ct-tw/index.html",
                 "dong-thoi-gian/2022/07/index.html", "tim-kiem/index.html", "atom.xml",
                 "data/articles.json", "assets/style.css"):
        assert (public / page).is_file(), page
    directive = (public / "van-ban/12-ct-tw/index.html").read_text(encoding="utf-8")
    assert "Ban Bí thư Trung ương Đảng (khóa XIII)" in directive  # from the new registry
    check = run_cli("check", "--strict", cwd=site)
    assert check.code == 0 and check.stdout == ("Checked 1 article and 26 pages: no errors, "
                                                "0 warnings.\n")


def test_init_files_are_what_an_editor_and_git_need(tmp_path: Path) -> None:
    assert run_cli("init", "site", cwd=tmp_path).code == 0
    site = tmp_path / "site"
    config = yaml.safe_load((site / "config.yaml").read_text(encoding="utf-8"))
    assert config == {"title": "Lưu trữ đối ngoại nhân dân", "base_url": "https://example.org/",
                      "language": "vi", "timezone": "Asia/Ho_Chi_Minh",
                      "description": config["description"]}
    assert {"public/", ".cache/"} <= set((site / ".gitignore").read_text().splitlines())
    for name in ("speakers.yaml", "venues.yaml"):  # empty registries, explained in comments
        text = (site / "data" / name).read_text(encoding="utf-8")
        assert yaml.safe_load(text) is None and text.count("\n# ") >= 3, name
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Lưu trữ đối ngoại nhân dân\n")
    for command in ("diplomacy-archive new", "diplomacy-archive serve", "diplomacy-archive check"):
        assert command in readme
    requirement = [line for line in (site / "requirements.txt").read_text().splitlines()
                   if line and not line.startswith("#")]
    assert len(requirement) == 1 and Requirement(requirement[0]).name == "diplomacy-archive"


def test_title_and_address_are_written_safely(tmp_path: Path) -> None:
    title = 'Hội hữu nghị: "Khánh Hòa" # 2024'
    run = run_cli("init", "site", "--title", title, "--base-url",
                  "https://hoihuunghi.example.org/luu-tru", cwd=tmp_path)
    assert run.code == 0, run.stderr
    site = tmp_path / "site"
    config = yaml.safe_load((site / "config.yaml").read_text(encoding="utf-8"))
    assert config["title"] == title
    assert config["base_url"] == "https://hoihuunghi.example.org/luu-tru/"
    assert (site / "README.md").read_text(encoding="utf-8").startswith(f"# {title}\n")
    assert run_cli("build", "--strict", cwd=site).code == 0
    home = (site / "public" / "index.html").read_text(encoding="utf-8")
    assert "Hội hữu nghị: &#34;Khánh Hòa&#34; # 2024" in home
    assert 'href="/luu-tru/assets/style.css"' in home


def test_a_site_made_for_its_address_keeps_its_feed_ids_when_it_moves(tmp_path: Path) -> None:
    from datetime import date
    year = date.today().year
    assert run_cli("init", "site", "--base-url", "https://hoihuunghi.example.org/",
                   cwd=tmp_path).code == 0
    site = tmp_path / "site"
    config = yaml.safe_load((site / "config.yaml").read_text(encoding="utf-8"))
    assert config["feed_id_authority"] == f"hoihuunghi.example.org,{year}"
    assert run_cli("build", "--strict", cwd=site).code == 0
    before = re.findall(r"<id>([^<]+)</id>", (site / "public" / "atom.xml").read_text("utf-8"))
    moved = (site / "config.yaml").read_text(encoding="utf-8").replace(
        "https://hoihuunghi.example.org/", "https://luu-tru.hoihuunghi.vn/")
    (site / "config.yaml").write_text(moved, encoding="utf-8")
    assert run_cli("build", "--strict", cwd=site).code == 0
    after = (site / "public" / "atom.xml").read_text(encoding="utf-8")
    assert "https://luu-tru.hoihuunghi.vn/" in after
    assert re.findall(r"<id>([^<]+)</id>", after) == before
    assert all(i.startswith(f"tag:hoihuunghi.example.org,{year}:") for i in before)
    # without an address of its own, the line waits, commented out, for the real one
    assert run_cli("init", "other", cwd=tmp_path).code == 0
    assert "feed_id_authority" not in yaml.safe_load(
        (tmp_path / "other" / "config.yaml").read_text(encoding="utf-8"))
    assert "# feed_id_authority:" in (tmp_path / "other" / "config.yaml").read_text("utf-8")


@pytest.mark.parametrize("args", [["--base-url", "hoihuunghi.example.org"], ["--title", "  "]])
def test_unusable_title_or_address_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    run = run_cli("init", "site", *args, cwd=tmp_path)
    assert run.code == 2 and run.stderr.startswith("error: --")
    assert not (tmp_path / "site").exists()


def test_a_folder_with_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "README.md").write_text("của hội\n", encoding="utf-8")
    (site / "content" / "bai.md").write_text("bài cũ\n", encoding="utf-8")
    before = snapshot(site)
    run = run_cli("init", "site", cwd=tmp_path)
    assert run.code == 2
    assert run.stderr == ("error: site is not empty (it holds README.md, content); give a new or "
                          "empty folder, or add --force to write the site's files beside these "
                          "(no file is replaced)\n")
    assert snapshot(site) == before


def test_force_adds_the_missing_files_and_keeps_every_existing_one(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "README.md").write_text("README của kho trên GitHub\n", encoding="utf-8")
    (site / "LICENSE").write_text("giấy phép\n", encoding="utf-8")
    run = run_cli("init", ".", "--force", cwd=site)
    assert run.code == 0, run.stderr
    assert (site / "README.md").read_text(encoding="utf-8") == "README của kho trên GitHub\n"
    assert (site / "LICENSE").read_text(encoding="utf-8") == "giấy phép\n"
    assert files_of(site) == EXPECTED_FILES | {"LICENSE"}
    assert "Left as they were (already there): README.md." in run.stdout
    assert "cd " not in run.stdout  # the site is the folder we are in


def test_a_fresh_git_repository_counts_as_empty(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / ".git").mkdir(parents=True)
    (site / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    assert run_cli("init", "site", cwd=tmp_path).code == 0
    assert (site / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert (site / "config.yaml").is_file()


def test_a_file_in_the_way_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("x")
    run = run_cli("init", "site", cwd=tmp_path)
    assert run.code == 2 and "is a file" in run.stderr


def test_a_template_copied_into_the_site_overrides_the_default_theme(tmp_path: Path) -> None:
    assert run_cli("init", "site", cwd=tmp_path).code == 0
    site = tmp_path / "site"
    (site / "templates").mkdir()
    (site / "templates" / "404.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p>Trang riêng của hội</p>'
        "{% endblock %}\n", encoding="utf-8")
    assert run_cli("build", "--strict", cwd=site).code == 0
    assert "Trang riêng của hội" in (site / "public" / "404.html").read_text(encoding="utf-8")
    assert '<a class="skip-link"' in (site / "public" / "404.html").read_text(encoding="utf-8")


def test_the_requirement_names_the_repository_the_generator_came_from(monkeypatch) -> None:
    class Installed:
        def __init__(self, direct_url: dict[str, object] | None) -> None:
            self.direct_url = direct_url

        def read_text(self, name: str) -> str | None:
            assert name == "direct_url.json"
            return json.dumps(self.direct_url) if self.direct_url is not None else None

    from_git = {"url": "https://github.com/hoi-huu-nghi/diplomacy-archive",
                "vcs_info": {"vcs": "git", "commit_id": "0123abcd"}}
    monkeypatch.setattr(new_site.metadata, "distribution", lambda name: Installed(from_git))
    assert new_site.generator_requirement() == (
        "diplomacy-archive @ git+https://github.com/hoi-huu-nghi/diplomacy-archive@0123abcd")
    local = {"url": "file:///home/bien-tap/diplomacy-archive", "dir_info": {"editable": True}}
    monkeypatch.setattr(new_site.metadata, "distribution", lambda name: Installed(local))
    assert new_site.generator_requirement() == f"diplomacy-archive=={__version__}"
    monkeypatch.setattr(new_site.metadata, "distribution", lambda name: Installed(None))
    assert new_site.generator_requirement() == f"diplomacy-archive=={__version__}"


# ---------------------------------------------------------------- the new site's workflows

def workflow_commands(site: Path) -> dict[str, list[str]]:
    github = yaml.safe_load((site / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    gitlab = yaml.safe_load((site / ".gitlab-ci.yml").read_text("utf-8"))
    return {
        "github": [line.strip() for job in github["jobs"].values() for step in job["steps"]
                   if "run" in step for line in step["run"].splitlines() if line.strip()],
        "gitlab": [line for job in ("check", "pages") for line in gitlab[job]["script"]],
    }


def test_the_new_sites_workflows_install_from_requirements_and_build_strictly(
        tmp_path: Path) -> None:
    assert run_cli("init", "site", cwd=tmp_path).code == 0
    commands = workflow_commands(tmp_path / "site")
    for origin, lines in commands.items():
        assert lines[0] == "pip install -r requirements.txt", origin
        for line in lines:
            if line == "pip install -r requirements.txt":
                continue
            argv = shlex.split(re.sub(r"\$\{[^}]*\}|\$[A-Z_]+", "https://owner.example.io/repo",
                                      line))
            assert argv[0] == "diplomacy-archive", line
            args = make_parser("diplomacy-archive").parse_args(argv[1:])
            assert args.strict and args.site is None, line
    github = yaml.safe_load((tmp_path / "site/.github/workflows/pages.yml").read_text("utf-8"))
    assert github["jobs"]["build"]["steps"][-1] == {"uses": "actions/upload-pages-artifact@v3",
                                                    "with": {"path": "public"}}


@pytest.mark.skipif(os.name == "nt", reason="the workflows run in a POSIX shell")
@pytest.mark.parametrize(("origin", "variables"), [
    ("github", {"BASE_URL": "https://owner.github.io/repo"}),
    ("gitlab", {"CI_PAGES_URL": "https://owner.gitlab.io/repo"}),
])
def test_the_new_sites_workflow_commands_publish_it_under_the_pages_address(
        tmp_path: Path, origin: str, variables: dict[str, str]) -> None:
    assert run_cli("init", "site", cwd=tmp_path).code == 0
    site = tmp_path / "site"
    bin_dir = tmp_path / "bin"  # `diplomacy-archive` as pip would install it
    bin_dir.mkdir()
    command = bin_dir / "diplomacy-archive"
    command.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m diplomacy_archive "$@"\n',
                       encoding="utf-8")
    command.chmod(command.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", **variables,
           "PYTHONIOENCODING": "utf-8"}
    for line in workflow_commands(site)[origin]:
        if line.startswith("pip install"):  # the generator is the one running these tests
            continue
        done = subprocess.run(["sh", "-c", line], cwd=site, env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=120, check=False)
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
    home = (site / "public" / "index.html").read_text(encoding="utf-8")
    assert 'href="/repo/assets/style.css"' in home and "repo//" not in home


def test_the_new_sites_workflows_keep_the_build_cache_keyed_by_requirements(tmp_path: Path
                                                                           ) -> None:
    assert run_cli("init", "site", cwd=tmp_path).code == 0
    site = tmp_path / "site"
    github = yaml.safe_load((site / ".github/workflows/pages.yml").read_text("utf-8"))
    [cache] = [s for s in github["jobs"]["build"]["steps"]
               if s.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"].split() == [".cache", "public", ".public.spare"]
    assert "hashFiles('requirements.txt')" in cache["with"]["key"]
    gitlab = yaml.safe_load((site / ".gitlab-ci.yml").read_text("utf-8"))
    assert {"key": {"prefix": "archive", "files": ["requirements.txt"]},
            "paths": [".cache/", "public/", ".public.spare/"]} in gitlab["cache"]


def test_init_speaks_the_language_asked_for_and_keeps_the_same_settings(tmp_path: Path) -> None:
    english = run_cli("init", "en", "--lang", "en", cwd=tmp_path)
    vietnamese = run_cli("init", "vi", "--lang", "vi", cwd=tmp_path)
    assert english.code == vietnamese.code == 0
    assert english.stdout.startswith("Created a new archive in en: ")
    assert vietnamese.stdout.startswith("Đã tạo")
    en, vi = tmp_path / "en", tmp_path / "vi"
    assert files_of(en) == files_of(vi) == EXPECTED_FILES
    assert "## Writing an article" in (en / "README.md").read_text(encoding="utf-8")
    assert "## Viết bài" in (vi / "README.md").read_text(encoding="utf-8")
    for name in ("config.yaml", "data/directives.yaml", "data/speakers.yaml", "data/venues.yaml"):
        en_text, vi_text = ((folder / name).read_text(encoding="utf-8") for folder in (en, vi))
        assert en_text != vi_text, name  # the comments are translated...
        assert yaml.safe_load(en_text) == yaml.safe_load(vi_text), name  # ...the settings not
    for name in EXPECTED_FILES - {"README.md", "config.yaml", "data/directives.yaml",
                                  "data/speakers.yaml", "data/venues.yaml"}:
        assert (en / name).read_bytes() == (vi / name).read_bytes(), name
    assert run_cli("build", "--strict", "--no-search", cwd=en).code == 0
