"""The preview's local editing: the web editor at /admin/ reads and writes the working copy.

Decap CMS's "proxy" backend sends every request as ``POST <base>/admin/api/v1`` with a JSON body
``{"action": ..., "params": {...}}``; this answers the actions of its simple publishing mode the
way the reference server (decap-server, local file system mode) does, on the site's own files,
so an editor can try the web editor on their own machine without a git host. It reaches only
the site's ``content/`` and ``static/`` folders: any other path, a path leading out of the site
(``..``, a symbolic link), or a file of another kind is refused with a message. Writes go to a
temporary file replaced into place, so a file is never left half written; a new article never
overwrites an existing file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from diplomacy_archive.i18n import _
from diplomacy_archive.source.site_folders import CONTENT_DIR, STATIC_DIR

WRITABLE = (CONTENT_DIR, STATIC_DIR)  # the folders the editor may read and write
ENTRY_SUFFIXES = (".md", ".markdown")
MEDIA_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".pdf"})
MAX_UPLOAD = 20 * 1024 * 1024  # bytes of one picture or document


# The actions of Decap's proxy backend in its simple publishing mode, and the method of
# LocalEditor that answers each (the editorial workflow's actions are not offered).
ACTIONS = {
    "info": "info", "entriesByFolder": "entries_by_folder", "entriesByFiles": "entries_by_files",
    "getEntry": "get_entry", "persistEntry": "persist_entry", "getMedia": "get_media",
    "getMediaFile": "get_media_file", "persistMedia": "persist_media",
    "deleteFile": "delete_file", "deleteFiles": "delete_files",
    "getDeployPreview": "get_deploy_preview",
}
CHANGES = frozenset({"persistEntry", "persistMedia", "deleteFile", "deleteFiles"})


class EditorRefused(Exception):
    """A request the local editor does not carry out; the message says why (HTTP 422)."""


@dataclass(frozen=True)
class LocalEditor:
    """The working copy at ``site``, as Decap's proxy backend sees a repository."""

    site: Path

    def handle(self, request: Any) -> Any:
        """The answer to one request; raises EditorRefused for a request it refuses."""
        if not isinstance(request, dict) or not isinstance(request.get("action"), str):
            raise EditorRefused(_("not a request of the web editor"))
        params = request.get("params") or {}
        if not isinstance(params, dict):
            raise EditorRefused(_("not a request of the web editor"))
        action = request["action"]
        method = ACTIONS.get(action)
        if method is None:
            raise EditorRefused(_("the web editor asked for '{action}', which the preview "
                                  "does not do").format(action=action))
        return getattr(self, method)(params)

    # ------------------------------------------------------------ paths

    def _path(self, value: Any, suffixes: tuple[str, ...] | frozenset[str] | None = None
              ) -> Path:
        """A site-relative path from the editor, inside content/ or static/, as a path on
        disk; refused when it leads anywhere else."""
        if not isinstance(value, str) or not value or "\\" in value or "\0" in value:
            raise EditorRefused(_("'{path}' is not a file of the site").format(path=value))
        parts = PurePosixPath(value.lstrip("/")).parts
        if not parts or parts[0] not in WRITABLE or ".." in parts \
                or any(part.startswith(".") for part in parts):
            raise EditorRefused(_("'{path}' is outside the folders the web editor may change "
                                  "(content/ and static/)").format(path=value))
        path = self.site.joinpath(*parts)
        root = (self.site / parts[0]).resolve()
        resolved = path.resolve()
        if resolved != root and root not in resolved.parents:
            raise EditorRefused(_("'{path}' leads outside the site").format(path=value))
        if suffixes is not None and path.suffix.lower() not in suffixes:
            raise EditorRefused(_("'{path}' is not a kind of file the web editor writes")
                                .format(path=value))
        return path

    def _shown(self, path: Path) -> str:
        return path.relative_to(self.site).as_posix()

    # ------------------------------------------------------------ entries

    def _entry(self, path: Path) -> dict[str, Any]:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return {"data": None, "file": {"path": self._shown(path), "id": None}}
        except OSError as exc:
            raise EditorRefused(_("{path} cannot be read ({reason})").format(
                path=self._shown(path), reason=exc.strerror)) from None
        return {"data": data.decode("utf-8", errors="replace"),
                "file": {"path": self._shown(path), "id": hashlib.sha256(data).hexdigest()}}

    def info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"repo": self.site.resolve().name, "publish_modes": ["simple"],
                "type": "local_fs"}

    def entries_by_folder(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        folder = self._path(params.get("folder"))
        extension = str(params.get("extension") or "md").lstrip(".")
        given = params.get("depth")
        depth = given if isinstance(given, int) else 1
        found = []
        if folder.is_dir():
            for path in sorted(folder.rglob(f"*.{extension}")):
                inside = len(path.relative_to(folder).parts)
                if inside <= depth and path.is_file() and not path.is_symlink():
                    found.append(self._entry(path))
        return found

    def entries_by_files(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        files = params.get("files") or []
        return [self._entry(self._path(item.get("path") if isinstance(item, dict) else item))
                for item in files]

    def get_entry(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._entry(self._path(params.get("path")))

    def persist_entry(self, params: dict[str, Any]) -> dict[str, str]:
        files = params.get("dataFiles") or ([params["entry"]] if params.get("entry") else [])
        options = params.get("options") or {}
        if not files:
            raise EditorRefused(_("the web editor sent no article to save"))
        for asset in params.get("assets") or []:
            self._write_media(asset)
        for item in files:
            path = self._path(item.get("path"), ENTRY_SUFFIXES)
            raw = item.get("raw")
            if not isinstance(raw, str):
                raise EditorRefused(_("the web editor sent no text for {path}").format(
                    path=self._shown(path)))
            if options.get("newEntry") and path.exists():
                raise EditorRefused(_("{path} already exists; give the article another "
                                      "title or address").format(path=self._shown(path)))
            write_atomically(path, raw.encode("utf-8"))
        return {"message": "entry persisted"}

    # ------------------------------------------------------------ media

    def _media(self, path: Path) -> dict[str, Any]:
        data = path.read_bytes()
        return {"id": hashlib.sha256(data).hexdigest(), "name": path.name,
                "path": self._shown(path), "encoding": "base64",
                "content": base64.b64encode(data).decode("ascii")}

    def get_media(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        folder = self._path(params.get("mediaFolder"))
        if not folder.is_dir():
            return []
        return [self._media(path) for path in sorted(folder.iterdir())
                if path.is_file() and not path.is_symlink()
                and path.suffix.lower() in MEDIA_SUFFIXES]

    def get_media_file(self, params: dict[str, Any]) -> dict[str, Any]:
        path = self._path(params.get("path"), MEDIA_SUFFIXES)
        if not path.is_file():
            raise EditorRefused(_("{path} does not exist").format(path=self._shown(path)))
        return self._media(path)

    def _write_media(self, asset: Any) -> Path:
        if not isinstance(asset, dict):
            raise EditorRefused(_("the web editor sent a picture without its file"))
        path = self._path(asset.get("path"), MEDIA_SUFFIXES)
        try:
            data = base64.b64decode(str(asset.get("content") or ""), validate=True)
        except (binascii.Error, ValueError):
            raise EditorRefused(_("the picture {path} did not arrive whole").format(
                path=self._shown(path))) from None
        if len(data) > MAX_UPLOAD:
            raise EditorRefused(_("{path} is larger than {size} MB").format(
                path=self._shown(path), size=MAX_UPLOAD // (1024 * 1024)))
        write_atomically(path, data)
        return path

    def persist_media(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._media(self._write_media(params.get("asset")))

    def delete_file(self, params: dict[str, Any]) -> dict[str, str]:
        self._delete(self._path(params.get("path")))
        return {"message": "file deleted"}

    def delete_files(self, params: dict[str, Any]) -> dict[str, str]:
        for item in params.get("paths") or []:
            self._delete(self._path(item))
        return {"message": "files deleted"}

    def _delete(self, path: Path) -> None:
        if path.suffix.lower() not in (*ENTRY_SUFFIXES, *MEDIA_SUFFIXES) or path.is_dir():
            raise EditorRefused(_("'{path}' is not a kind of file the web editor writes")
                                .format(path=self._shown(path)))
        path.unlink(missing_ok=True)

    def get_deploy_preview(self, params: dict[str, Any]) -> None:
        return None


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` into ``path``: a temporary file beside it, flushed, then renamed into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise EditorRefused(_("{path} cannot be written ({reason})").format(
            path=path, reason=exc.strerror)) from None
