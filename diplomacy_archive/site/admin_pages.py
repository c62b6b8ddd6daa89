"""The web editor's pages at /admin/: the editor (Decap CMS, with the configuration made from
the content model) when the site names a git host in ``cms:``, or when the preview offers its
local editing; otherwise a page that says what to set up. Never in the sitemap."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from diplomacy_archive.i18n import N_, kept_message
from diplomacy_archive.model.indexes import SiteIndex
from diplomacy_archive.site.cms_config import Suggestions, cms_config
from diplomacy_archive.site.urls import Urls
from diplomacy_archive.site.views import page_view
from diplomacy_archive.source.cms_settings import editor_enabled
from diplomacy_archive.source.config import Config
from diplomacy_archive.source.front_matter_form import form_spec
from diplomacy_archive.source.site_folders import ADMIN_DIR

# The scripts of the editor's page in order, from the theme's admin/ folder (copied beside the
# page): Decap told to wait (manual-init.js); js-yaml, which reads front matter; the article
# format (front-matter.js, writing the form `new` writes, given as JSON in the page); Decap;
# admin.js, which registers the format, the archive's widget and phrases, then starts Decap.
BUNDLE = "decap-cms/decap-cms.js"
SCRIPTS = ("manual-init.js", "js-yaml/js-yaml.min.js", "front-matter.js", BUNDLE, "admin.js")
STYLE = "admin.css"
CONFIG_FILE = "config.yml"


def content_policy(config: Config, local: bool) -> str:
    """The editor page's Content-Security-Policy: its own files, and the git host's API and
    login gateway only (none in the preview). Decap compiles its configuration's checks at run
    time ('unsafe-eval') and styles with inline style elements; the status page it polls for
    GitHub (www.githubstatus.com) and anything else off the site is refused."""
    hosts: list[str] = []
    settings = config.cms
    if not local and settings.backend == "github":
        hosts = ["https://api.github.com"] + ([_origin(settings.auth_url)]
                                              if settings.auth_url else [])
    elif not local and settings.backend == "gitlab":
        hosts = [_origin(settings.host_url) if settings.host_url else "https://gitlab.com"]
    connect = " ".join(["'self'", "blob:", "data:", *dict.fromkeys(hosts)])  # uploads
    return ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' "
            f"'unsafe-inline'; img-src 'self' data: blob:; connect-src {connect}; "
            "frame-src 'self' blob:; object-src 'none'; base-uri 'self'")


def _origin(address: str) -> str:
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}"


def admin_specs(config: Config, urls: Urls, index: SiteIndex, local: bool
                ) -> Iterator[tuple[str, str, Any, str]]:
    """(path, template, make values, origin) of the admin pages."""
    page = f"{ADMIN_DIR}/index.html"
    origin = kept_message(N_("the web editor's page"))
    if not editor_enabled(config.cms, local):
        yield page, "admin-setup.html", lambda: {
            "page": page_view("admin", "Trình soạn bài", f"{ADMIN_DIR}/", urls)}, origin
        return

    def editor() -> dict[str, Any]:
        return {"page": page_view("admin", "Trình soạn bài", f"{ADMIN_DIR}/", urls),
                "editor": {"config_url": urls.link(f"{ADMIN_DIR}/{CONFIG_FILE}"),
                           "script_urls": [urls.link(f"{ADMIN_DIR}/{script}")
                                           for script in SCRIPTS],
                           "form": form_spec(config.language),
                           "style_url": urls.link(f"{ADMIN_DIR}/{STYLE}"),
                           "policy": content_policy(config, local)}}

    def configuration() -> dict[str, Any]:
        made = cms_config(config, urls, Suggestions.of(index), local)
        return {"editor": {"config_json": json.dumps(made, ensure_ascii=False, indent=1)}}

    yield page, "admin.html", editor, origin
    yield f"{ADMIN_DIR}/{CONFIG_FILE}", "admin-config.yml", configuration, \
        kept_message(N_("the web editor's configuration"))
