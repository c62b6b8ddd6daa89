#!/usr/bin/env python3
"""Vendor the web editor's browser files into admin/ from their npm packages, pinned.

    python tools/vendor_admin.py                     # every package at its recorded version
    python tools/vendor_admin.py decap-cms 3.17.0    # another version of one (then review,
                                                     # and commit)

- decap-cms: the editor (the all-in-one bundle, the chunks it loads on demand, its WebAssembly
  and its licence notice; no source maps), into admin/decap-cms/;
- js-yaml: the YAML reader the editor's own article format uses (admin/front-matter.js) to read
  the front matter of the articles it opens, into admin/js-yaml/.

`npm pack` fetches a package's tarball from the npm registry (and nothing it depends on: both
need nothing else); its sha512 must be the registry's integrity, and the one recorded in the
folder's VENDOR.json for that version. Each file copied has its sha256 recorded there:
tests/test_admin.py checks the files against it, so what is served is what the registry
published. Sites never load them from a CDN.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADMIN = ROOT / "admin"


def decap_file(member: str) -> str | None:
    """decap-cms.js, its chunks (N.decap-cms.js), .wasm and licence notice, from dist/."""
    name = member.removeprefix("package/dist/")
    if not member.startswith("package/dist/") or "/" in name:
        return None
    wanted = (name == "decap-cms.js" or name.endswith(".decap-cms.js")
              or name.endswith(".wasm") or name == "decap-cms.js.LICENSE.txt")
    return name if wanted else None


def js_yaml_file(member: str) -> str | None:
    """The minified browser build and the licence."""
    return {"package/dist/js-yaml.min.js": "js-yaml.min.js",
            "package/LICENSE": "LICENSE"}.get(member)


@dataclass(frozen=True)
class Vendored:
    package: str
    folder: Path
    files: Callable[[str], str | None]  # a tarball member's name in the folder, or None


PACKAGES = {vendored.package: vendored for vendored in (
    Vendored("decap-cms", ADMIN / "decap-cms", decap_file),
    Vendored("js-yaml", ADMIN / "js-yaml", js_yaml_file),
)}


def vendor(vendored: Vendored, version: str | None) -> int:
    record_path = vendored.folder / "VENDOR.json"
    record = json.loads(record_path.read_text(encoding="utf-8")) if record_path.is_file() else {}
    version = version or record["version"]
    package = vendored.package
    with tempfile.TemporaryDirectory() as temp:
        packed = json.loads(subprocess.run(
            ["npm", "pack", f"{package}@{version}", "--json", "--pack-destination", temp],
            check=True, capture_output=True, text=True).stdout)[0]
        tarball = Path(temp) / packed["filename"]
        sha512 = hashlib.sha512(tarball.read_bytes()).digest()
        digest = "sha512-" + base64.b64encode(sha512).decode()
        if digest != packed["integrity"]:
            print(f"the tarball's sha512 {digest} is not the registry's {packed['integrity']}")
            return 1
        if record.get("version") == version and record.get("integrity") != digest:
            print(f"{package}@{version} is not the tarball recorded in {record_path}")
            return 1
        if vendored.folder.exists():
            shutil.rmtree(vendored.folder)
        vendored.folder.mkdir(parents=True)
        files = {}
        with tarfile.open(tarball) as archive:
            for member in archive.getmembers():
                name = vendored.files(member.name)
                if member.isfile() and name:
                    data = archive.extractfile(member).read()  # type: ignore[union-attr]
                    (vendored.folder / name).write_bytes(data)
                    files[name] = hashlib.sha256(data).hexdigest()
    record_path.write_text(json.dumps({
        "package": package, "version": version, "integrity": digest,
        "files": dict(sorted(files.items())),
    }, indent=1) + "\n", encoding="utf-8")
    print(f"{package}@{version}: {len(files)} files in {vendored.folder.relative_to(ROOT)}")
    return 0


def main(arguments: list[str]) -> int:
    if arguments:
        return vendor(PACKAGES[arguments[0]], arguments[1] if len(arguments) > 1 else None)
    return max(vendor(vendored, None) for vendored in PACKAGES.values())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
