"""Wheel build hook: the default theme and the editor's guide ship inside the package.

The theme's one source is templates/ and assets/ at the repository root. A standard wheel
carries them as diplomacy_archive/theme/, where source/site_folders.default_theme() finds them.
An editable install gets nothing here: it uses the checkout's own folders (a copy in
site-packages would hide the edits, and would shadow the package with a namespace folder).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

THEME_FOLDERS = ("templates", "assets", "admin")
GUIDE = "docs/vi"  # the editor's guide, which `init` copies into new sites


class ThemeInWheel(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version != "standard":
            return
        for folder in THEME_FOLDERS:
            source = Path(self.root) / folder
            if not source.is_dir():
                raise FileNotFoundError(f"the default theme's {folder}/ is missing at {source}")
            build_data["force_include"][str(source)] = f"diplomacy_archive/theme/{folder}"
        guide = Path(self.root) / GUIDE
        if not (guide / "README.md").is_file():
            raise FileNotFoundError(f"the editor's guide is missing at {guide}")
        build_data["force_include"][str(guide)] = "diplomacy_archive/guide"
