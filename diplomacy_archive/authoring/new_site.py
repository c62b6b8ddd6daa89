"""`init DIR`: a new archive site, ready to commit: config, one example article, commented
registries, .gitignore, the GitHub and GitLab Pages workflows, a README for editors and the
editor's guide in Vietnamese (huong-dan/, from docs/vi/).

The files are package data under ``site_skeleton/`` (Vietnamese; ``site_skeleton/en/`` has
English variants of the README, config and registries, used with --lang en), with ``@NAME@``
placeholders (``@TITLE@`` as text, ``@TITLE_YAML@`` and ``@BASE_URL_YAML@`` quoted for YAML,
``@REQUIREMENT@``). Nothing is ever overwritten: a folder with files in it is refused, or, with
``force``, its files are kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from diplomacy_archive import __version__
from diplomacy_archive.i18n import _, language
from diplomacy_archive.problems import ArchiveError, UsageError
from diplomacy_archive.source.config import base_url_problem, normalise_base_url
from diplomacy_archive.source.site_folders import GUIDE_DIR, editor_guide
from diplomacy_archive.text.vietnamese import clean_text

SKELETON = Path(__file__).resolve().parent / "site_skeleton"
DISTRIBUTION = "diplomacy-archive"
DEFAULT_TITLE = "Lưu trữ đối ngoại nhân dân"
DEFAULT_BASE_URL = "https://example.org/"
EXAMPLE_ARTICLE = "hoi-nghi-toan-quoc-doi-ngoai-nhan-dan-2022.md"
EXAMPLE_YEAR = "2022"
# skeleton file -> where it goes in the new site
FILES = {
    "config.yaml": "config.yaml",
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "requirements.txt": "requirements.txt",
    f"content/{EXAMPLE_ARTICLE}": f"content/{EXAMPLE_YEAR}/{EXAMPLE_ARTICLE}",
    "data/directives.yaml": "data/directives.yaml",
    "data/speakers.yaml": "data/speakers.yaml",
    "data/venues.yaml": "data/venues.yaml",
    "github-pages.yml": ".github/workflows/pages.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
}
# Entries an empty folder may already have: a repository just created with `git init`.
IGNORED_ENTRIES = frozenset({".git"})
_PLACEHOLDER = re.compile(r"@([A-Z_]+)@")


class FolderNotEmpty(ArchiveError):
    """The folder for the new site already holds files; nothing was written."""

    def __init__(self, folder: Path, entries: list[str]) -> None:
        super().__init__(_("{folder} is not empty").format(folder=folder))
        self.folder = folder
        self.entries = entries


@dataclass
class NewSite:
    folder: Path
    written: list[str] = field(default_factory=list)  # paths relative to the folder
    kept: list[str] = field(default_factory=list)  # already there (only with force)


def create_site(folder: Path, title: str | None = None, base_url: str | None = None,
                force: bool = False) -> NewSite:
    """Write a new site into ``folder`` (created if missing). Raises UsageError for a title or
    address that cannot be used or a folder that is a file, FolderNotEmpty for a folder with
    files in it (unless ``force``)."""
    name = _title(title)
    address = _base_url(base_url)
    values = {
        "TITLE": name,
        "TITLE_YAML": json.dumps(name, ensure_ascii=False),  # a JSON string is YAML too
        "BASE_URL_YAML": json.dumps(address),
        # feed ids are tagged with the site's first real host and the year it was made, so
        # they stay when it moves (source.config.Config.tag_authority); with the placeholder
        # address the line waits, commented out, for the real one
        "FEED_ID_LINE": ("# " if base_url is None else "") + "feed_id_authority: " + json.dumps(
            f"{urlsplit(address).hostname if base_url else 'ten-mien.vn'},{date.today().year}"),
        "REQUIREMENT": generator_requirement(),
    }
    if folder.exists() and not folder.is_dir():
        raise UsageError(_("{folder} is a file; give the name of a new folder").format(
            folder=folder))
    if folder.is_dir() and not force:
        entries = sorted(e.name for e in folder.iterdir() if e.name not in IGNORED_ENTRIES)
        if entries:
            raise FolderNotEmpty(folder, entries)
    created = NewSite(folder)
    for source, target in FILES.items():
        text = _PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]),
                                skeleton_file(source).read_text(encoding="utf-8"))
        if _write_new(folder / target, text):
            created.written.append(target)
        else:
            created.kept.append(target)
    guide = editor_guide()
    for page in sorted(guide.glob("*.md")):
        target = f"{GUIDE_DIR}/{page.name}"
        if _write_new(folder / target, page.read_text(encoding="utf-8")):
            created.written.append(target)
        else:
            created.kept.append(target)
    return created


def skeleton_file(name: str) -> Path:
    """A file of the skeleton in the chosen language: its English variant (``en/``, the same
    settings with English comments and README) when English is asked for and there is one."""
    english = SKELETON / "en" / name
    return english if language() == "en" and english.is_file() else SKELETON / name


def _title(title: str | None) -> str:
    if title is None:
        return DEFAULT_TITLE
    cleaned = clean_text(title)
    if not cleaned:
        raise UsageError(_("--title is empty; write the archive's name in quotes"))
    return cleaned


def _base_url(base_url: str | None) -> str:
    if base_url is None:
        return DEFAULT_BASE_URL
    why = base_url_problem(base_url)
    if why:
        raise UsageError(_("--base-url: {why}; write a full address such as "
                           "{example}").format(why=why,
                                               example="https://hoihuunghi.example.org/"))
    return normalise_base_url(base_url)


def _write_new(path: Path, text: str) -> bool:
    """Create ``path`` with ``text``; False, touching nothing, when it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        return False
    return True


def generator_requirement() -> str:
    """How the new site's workflows install this generator: from the repository and commit it
    was installed from when that is known (PEP 610's direct_url.json), else from the package
    index at this version."""
    try:
        direct = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
        origin = json.loads(direct) if direct else {}
    except (metadata.PackageNotFoundError, ValueError):
        origin = {}
    vcs = origin.get("vcs_info") if isinstance(origin, dict) else None
    url = origin.get("url", "") if isinstance(origin, dict) else ""
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and url.startswith("https://"):
        return f"{DISTRIBUTION} @ git+{url}@{vcs.get('commit_id', '')}"
    return f"{DISTRIBUTION}=={__version__}"
