"""The web editor's settings (``cms:`` in config.yaml): which git host the editor at /admin/
commits to, the repository and branch, and how editors log in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from diplomacy_archive.i18n import N_
from diplomacy_archive.problems import Problems, did_you_mean
from diplomacy_archive.source.yaml_positions import YamlDocument

BACKENDS = ("github", "gitlab")
_REPO = re.compile(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+")
_BRANCH = re.compile(r"[A-Za-z0-9._/-]+")


@dataclass(frozen=True)
class CmsSettings:
    """Where the web editor commits; an empty ``backend`` means no web editor is set up (the
    admin page then says what to write here)."""

    backend: str = ""  # "github" or "gitlab"
    repo: str = ""  # owner/name (GitLab: group/subgroup/name)
    branch: str = "main"
    auth_url: str = ""  # GitHub: the OAuth gateway's address (Decap's backend.base_url)
    app_id: str = ""  # GitLab: the OAuth application's id, for a login without a gateway
    host_url: str = ""  # a self-hosted GitLab's address, such as https://gitlab.example.vn

    @property
    def enabled(self) -> bool:
        return bool(self.backend)


def editor_enabled(settings: CmsSettings, local: bool) -> bool:
    """Whether /admin/ holds the web editor (and the theme's admin/ files are published): a
    git host is named, or the preview offers its local editing (``local``)."""
    return local or settings.enabled


_KEYS = ("backend", "repo", "branch", "auth_url", "app_id", "host_url")
_ALIASES = {"repository": "repo", "base_url": "auth_url", "oauth": "auth_url",
            "oauth_url": "auth_url", "name": "backend", "gitlab_url": "host_url"}


def check_cms(value: Any, doc: YamlDocument, shown: str, problems: Problems,
              line: int | None, col: int | None) -> CmsSettings | None:
    """The ``cms:`` settings, each key checked; None (and errors) when they cannot be used."""
    if not isinstance(value, dict):
        problems.error(shown, line, col, N_("must be a list of 'key: value' lines"),
                       N_("for example 'cms:' then '  backend: github' and "
                          "'  repo: owner/name' on the next lines"), "cms")
        return None
    values: dict[str, str] = {}
    errors = len(problems.errors)
    for key, item in value.items():
        kline, kcol = doc.key_at(("cms", key))
        vline, vcol = doc.value_at(("cms", key))
        if key not in _KEYS:
            hint, args = did_you_mean(str(key), list(_KEYS), _ALIASES)
            problems.warning(shown, kline, kcol, N_("unknown key '{key}'"), hint, "cms",
                             {"key": key, **args})
            continue
        if item is None:
            continue
        if not isinstance(item, str):
            problems.error(shown, vline, vcol, N_("must be text"),
                           N_("put the value in double quotes"), f"cms.{key}")
            continue
        values[key] = item.strip()
    settings = CmsSettings(**values)
    _check_values(settings, doc, shown, problems)
    return settings if len(problems.errors) == errors else None


def _check_values(settings: CmsSettings, doc: YamlDocument, shown: str,
                  problems: Problems) -> None:
    def at(key: str) -> tuple[int | None, int | None]:
        return doc.value_at(("cms", key)) if ("cms", key) in doc.positions \
            else doc.key_at(("cms",))

    if settings.backend and settings.backend not in BACKENDS:
        line, col = at("backend")
        problems.error(shown, line, col, N_("'{value}' is not one of {choices}"),
                       N_("write 'backend: github' or 'backend: gitlab'"), "cms.backend",
                       {"value": settings.backend, "choices": ", ".join(BACKENDS)})
    if settings.backend and not _REPO.fullmatch(settings.repo):
        line, col = at("repo")
        problems.error(shown, line, col,
                       N_("'{value}' is not a repository name") if settings.repo
                       else N_("the repository is missing"),
                       N_("write 'repo: owner/name', as in the repository's address"),
                       "cms.repo", {"value": settings.repo})
    if not _BRANCH.fullmatch(settings.branch) or ".." in settings.branch:
        line, col = at("branch")
        problems.error(shown, line, col, N_("'{value}' is not a branch name"),
                       N_("write 'branch: main'"), "cms.branch", {"value": settings.branch})
    for key in ("auth_url", "host_url"):
        address = getattr(settings, key)
        parts = urlsplit(address)
        if address and (parts.scheme != "https" or not parts.netloc):
            problems.error(shown, *at(key), N_("'{value}' is not a full https:// address"),
                           N_("write the address as the browser shows it, starting with "
                              "https://"), f"cms.{key}", {"value": address})
    if settings.backend == "github" and not settings.auth_url:
        line, col = at("backend")
        problems.warning(shown, line, col,
                         N_("GitHub needs a login gateway: without 'auth_url' editors cannot "
                            "log in"),
                         N_("set up a gateway (docs/deploy.md, 'The web editor') and write "
                            "its address as 'auth_url: https://...'"), "cms.auth_url")
    if settings.backend == "gitlab" and not settings.app_id:
        line, col = at("backend")
        problems.warning(shown, line, col,
                         N_("GitLab needs the id of an OAuth application: without 'app_id' "
                            "editors cannot log in"),
                         N_("create an application in GitLab (docs/deploy.md, 'The web "
                            "editor') and write its id as 'app_id: ...'"), "cms.app_id")
