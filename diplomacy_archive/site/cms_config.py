"""The web editor's configuration (Decap CMS's config.yml), made from the front-matter fields
(source.front_matter_fields), the site's settings and what the archive already names.

Every front-matter key becomes a field of the form, with the widget its kind calls for; places,
documents, tags and speakers the archive knows are offered, any other may be typed. New
articles go to ``content/<year>/<file-name>.md``. The year is the first four characters of the
date field (``{{date | truncate(4," ")}}``): Decap's own ``{{year}}`` is read in UTC from a date
parsed at local midnight, which puts a 1 January event, or a year written alone, in the year
before for an editor east of Greenwich. That is also why the date field takes ISO forms only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from diplomacy_archive.i18n import N_, translated
from diplomacy_archive.model.indexes import SiteIndex
from diplomacy_archive.site.urls import Urls
from diplomacy_archive.source.config import Config
from diplomacy_archive.source.front_matter_fields import (
    FRONT_MATTER_FIELDS,
    FieldKind,
    FrontMatterField,
)
from diplomacy_archive.source.site_folders import ADMIN_DIR, CONTENT_DIR, STATIC_DIR

API_PATH = f"{ADMIN_DIR}/api/v1"  # where the preview serves the local editor's file access
DECAP_VERSION = "3.16.3"
IMAGES_DIR = "images"  # under static/: uploaded pictures, by year
YEAR = '{{date | truncate(4," ")}}'  # the year of the date field (see the module's text)
# The forms of a date the editor's form accepts: what `new` writes (ISO, at any precision).
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2}( [0-9]{2}:[0-9]{2})?)?)?$"
SUGGEST_WIDGET = "goi-y"  # text with suggestions (assets of admin/admin.js)
# The article format admin/admin.js registers: front matter in the form `new` writes
# (source.front_matter_form, written by admin/front-matter.js).
ARTICLE_FORMAT = "bai-viet"
MAX_SUGGESTIONS = 2000


@dataclass(frozen=True)
class Suggestions:
    """What the archive already names, offered in the form (any other value may be typed)."""

    places: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()

    @classmethod
    def of(cls, index: SiteIndex) -> Suggestions:
        directives = index.entities.directives
        return cls(
            places=_names(term.name for term in index.venues),
            documents=_names(directives[term.key].title for term in index.directives
                             if term.key in directives),
            tags=_names(term.name for term in index.tags),
            people=_names(term.name for term in index.speakers))


def _names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(names)))[:MAX_SUGGESTIONS]


def cms_config(config: Config, urls: Urls, suggestions: Suggestions, local: bool) -> dict[str, Any]:
    """Decap CMS's configuration. ``local``: the preview's own file access (``serve``) instead
    of the git host of ``config.cms``."""
    t = partial(translated, language_code=config.language)
    year_folder = f"{STATIC_DIR}/{IMAGES_DIR}/{YEAR}"
    settings = config.cms
    backend: dict[str, Any]
    if local:
        backend = {"name": "proxy", "proxy_url": urls.link(API_PATH), "branch": settings.branch}
    else:
        backend = {"name": settings.backend, "repo": settings.repo, "branch": settings.branch,
                   "squash_merges": True}
        if settings.backend == "github" and settings.auth_url:
            backend["base_url"] = settings.auth_url
        if settings.backend == "gitlab":
            backend.update({"auth_type": "pkce", "app_id": settings.app_id})
            if settings.host_url:
                backend["api_root"] = settings.host_url.rstrip("/") + "/api/v4"
                backend["base_url"] = settings.host_url.rstrip("/")
                backend["auth_endpoint"] = "oauth/authorize"
        backend["commit_messages"] = {
            "create": t(N_("Write the article {{slug}} (web editor)")),
            "update": t(N_("Edit the article {{slug}} (web editor)")),
            "delete": t(N_("Delete the article {{slug}} (web editor)")),
            "uploadMedia": t(N_("Add the picture {{path}} (web editor)")),
            "deleteMedia": t(N_("Delete the picture {{path}} (web editor)")),
        }
    article_url = config.urls["article"].replace("{slug}", "{{slug}}")
    return {
        "backend": backend,
        "locale": config.language if config.language in ("vi", "en") else "vi",
        "site_url": config.base_url,
        "display_url": config.base_url,
        "media_folder": f"{STATIC_DIR}/{IMAGES_DIR}",
        "public_folder": f"/{IMAGES_DIR}",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [{
            "name": "bai-viet",
            "label": t(N_("Articles")),
            "label_singular": t(N_("article")),
            "description": t(N_("The archive's articles. Each is a file "
                                "content/<year>/<name>.md; its year is the year of its date.")),
            "folder": CONTENT_DIR,
            "path": f"{YEAR}/{{{{slug}}}}",
            "slug": "{{title}}",
            "extension": "md",
            "format": ARTICLE_FORMAT,
            "create": True,
            "delete": True,
            "summary": "{{title}} ({{date}})",
            "sortable_fields": ["date", "title"],
            "preview_path": article_url,
            "media_folder": f"/{year_folder}",
            "public_folder": f"/{IMAGES_DIR}/{YEAR}",
            "fields": [*(_field(f, suggestions, t) for f in FRONT_MATTER_FIELDS),
                       {"name": "body", "label": t(N_("Text of the article")),
                        "widget": "markdown", "required": True,
                        "hint": t(N_("the article itself, in paragraphs"))}],
        }],
    }


Translate = Callable[[str], str]


def _field(spec: FrontMatterField, suggestions: Suggestions, t: Translate) -> dict[str, Any]:
    """One form field for one front-matter key."""
    field: dict[str, Any] = {"name": spec.key, "label": t(spec.label),
                             "required": spec.required, **_widget(spec.kind, suggestions, t)}
    if spec.hint:
        field["hint"] = t(spec.hint)
    if spec.kind is FieldKind.DRAFT:
        field["default"] = True
    return field


def _suggest(options: tuple[str, ...], name: str = "", label: str = "") -> dict[str, Any]:
    field: dict[str, Any] = {"widget": SUGGEST_WIDGET, "options": list(options)}
    if name:
        field.update({"name": name, "label": label})
    return field


def _widget(kind: FieldKind, suggestions: Suggestions, t: Translate) -> dict[str, Any]:
    """The widget (and its settings) for a kind of value."""
    if kind is FieldKind.DATE:
        return {"widget": "string", "pattern": [DATE_PATTERN, t(N_(
            "write the date as 2024-03-09, or 2024-03 or 2024 when only the month or the "
            "year is known"))]}
    if kind is FieldKind.LONG_TEXT:
        return {"widget": "text"}
    if kind is FieldKind.PLACE:
        return _suggest(suggestions.places)
    if kind is FieldKind.PEOPLE:
        return {"widget": "list", "summary": "{{fields.name}}", "fields": [
            {**_suggest(suggestions.people, "name", t(N_("Name"))), "required": True},
            {"name": "role", "label": t(N_("Role on that day")), "widget": "string",
             "required": False}]}
    if kind is FieldKind.DOCUMENTS:
        return {"widget": "list",
                "field": _suggest(suggestions.documents, "document", t(N_("Document")))}
    if kind is FieldKind.TAGS:
        return {"widget": "list", "field": _suggest(suggestions.tags, "tag", t(N_("Tag")))}
    if kind is FieldKind.SOURCE:
        return {"widget": "object", "collapsed": True, "fields": [
            {"name": "publisher", "label": t(N_("Newspaper or website")), "widget": "string",
             "required": False},
            {"name": "url", "label": t(N_("Address of the article there")),
             "widget": "string", "required": False,
             "pattern": ["^https?://", t(N_("an address starts with https://"))]}]}
    if kind is FieldKind.IMAGES:
        return {"widget": "list", "summary": "{{fields.caption}}", "fields": [
            {"name": "src", "label": t(N_("Picture")), "widget": "image", "choose_url": False},
            {"name": "caption", "label": t(N_("Caption")), "widget": "string",
             "required": False},
            {"name": "credit", "label": t(N_("Photographer")), "widget": "string",
             "required": False}]}
    if kind is FieldKind.DRAFT:
        return {"widget": "boolean"}
    if kind is FieldKind.SLUG:
        return {"widget": "string", "pattern": ["^[a-z0-9]+(-[a-z0-9]+)*$", t(N_(
            "only a-z, 0-9 and '-', such as toa-dam-huu-nghi"))]}
    if kind is FieldKind.ADDRESSES:
        return {"widget": "list",
                "field": {"name": "address", "label": t(N_("Address")), "widget": "string"}}
    if kind is FieldKind.NOTES:
        return {"widget": "list",
                "field": {"name": "note", "label": t(N_("Note")), "widget": "string"}}
    if kind is FieldKind.LANGUAGE:
        return {"widget": "string", "pattern": ["^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", t(N_(
            "a language code such as en or fr"))]}
    return {"widget": "string"}
