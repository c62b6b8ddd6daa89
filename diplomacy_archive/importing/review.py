"""What is left to review: the site's drafts whose import notes are still open, and its tags."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from diplomacy_archive.problems import Problem, site_path
from diplomacy_archive.source.articles import SourceText, split_front_matter
from diplomacy_archive.source.site_folders import CONTENT_DIR
from diplomacy_archive.source.yaml_positions import YamlProblem, load_yaml


@dataclass(frozen=True)
class OpenDraft:
    path: str
    notes: tuple[str, ...]


def _front_matters(site: Path, needle: str = "") -> list[tuple[str, dict[object, object]]]:
    """(shown path, front matter) of each article whose text contains ``needle``; files that
    cannot be read or parsed are skipped (the build reports them)."""
    found: list[tuple[str, dict[object, object]]] = []
    content = site / CONTENT_DIR
    if not content.is_dir():
        return found
    for path in sorted(content.rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if needle and needle not in text:
            continue
        shown = site_path(path, site)
        parts = split_front_matter(SourceText(path.name, shown, text))
        if isinstance(parts, Problem):
            continue
        try:
            data = load_yaml(parts.front_matter, shown, parts.front_matter_line).data
        except YamlProblem:
            continue
        if isinstance(data, dict):
            found.append((shown, data))
    return found


def open_drafts(site: Path) -> list[OpenDraft]:
    """Drafts that still have import notes: an editor has not finished reviewing them."""
    drafts = []
    for shown, data in _front_matters(site, "import_notes"):
        notes = data.get("import_notes")
        if data.get("draft") is True and isinstance(notes, list) and notes:
            drafts.append(OpenDraft(shown, tuple(str(n) for n in notes)))
    return drafts


def known_tags(site: Path) -> list[str]:
    """Every tag the site's articles use, as first written, for suggesting tags to drafts."""
    tags: dict[str, str] = {}
    for _, data in _front_matters(site, "tags"):
        value = data.get("tags")
        for tag in value if isinstance(value, list) else [value] if isinstance(value, str) else []:
            if isinstance(tag, str) and tag.strip():
                tags.setdefault(tag.strip().casefold(), tag.strip())
    return list(tags.values())
