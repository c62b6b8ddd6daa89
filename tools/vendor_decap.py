#!/usr/bin/env python3
"""Vendor Decap CMS's browser bundle into admin/decap-cms/ from its npm package, pinned.

    python tools/vendor_decap.py            # the version in admin/decap-cms/VENDOR.json
    python tools/vendor_decap.py 3.17.0     # another version (then review and commit)

`npm pack` fetches the package's tarball from the npm registry (and nothing it depends on:
the all-in-one bundle needs nothing else); its sha512 must be the registry's integrity recorded
in VENDOR.json (for a new version, the registry's is recorded). The browser files are copied
(the main bundle, the chunks it loads on demand, its WebAssembly and its licence notice; no
source maps) and each one's sha256 is recorded: tests/test_admin.py checks the files against
it, so what is served is what the registry published. Sites never load it from a CDN.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "admin" / "decap-cms"
RECORD = TARGET / "VENDOR.json"
PACKAGE = "decap-cms"


def wanted(name: str) -> bool:
    """The files a browser loads: decap-cms.js, its chunks (N.decap-cms.js), .wasm, licence."""
    return (name == "decap-cms.js" or name.endswith(".decap-cms.js") or name.endswith(".wasm")
            or name == "decap-cms.js.LICENSE.txt")


def main(version: str | None) -> int:
    record = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.is_file() else {}
    version = version or record["version"]
    with tempfile.TemporaryDirectory() as temp:
        packed = json.loads(subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{version}", "--json", "--pack-destination", temp],
            check=True, capture_output=True, text=True).stdout)[0]
        tarball = Path(temp) / packed["filename"]
        sha512 = hashlib.sha512(tarball.read_bytes()).digest()
        digest = "sha512-" + base64.b64encode(sha512).decode()
        if digest != packed["integrity"]:
            print(f"the tarball's sha512 {digest} is not the registry's {packed['integrity']}")
            return 1
        if record.get("version") == version and record.get("integrity") != digest:
            print(f"{PACKAGE}@{version} is not the tarball recorded in {RECORD}")
            return 1
        if TARGET.exists():
            shutil.rmtree(TARGET)
        TARGET.mkdir(parents=True)
        files = {}
        with tarfile.open(tarball) as archive:
            for member in archive.getmembers():
                name = member.name.removeprefix("package/dist/")
                in_dist = member.name.startswith("package/dist/") and "/" not in name
                if member.isfile() and in_dist and wanted(name):
                    data = archive.extractfile(member).read()  # type: ignore[union-attr]
                    (TARGET / name).write_bytes(data)
                    files[name] = hashlib.sha256(data).hexdigest()
    RECORD.write_text(json.dumps({
        "package": PACKAGE, "version": version, "integrity": digest,
        "files": dict(sorted(files.items())),
    }, indent=1) + "\n", encoding="utf-8")
    print(f"{PACKAGE}@{version}: {len(files)} files in {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
