#!/usr/bin/env python3
"""Lighthouse scores of the example archive, mobile and desktop, in Debian's Chromium.

    python benchmarks/lighthouse.py                 # every page, both form factors
    python benchmarks/lighthouse.py --pages home,article --form-factors mobile

Builds the example archive (the repository's content/, data/ and config.yaml) for a local
address under its own sub-path, serves it with compression and cache headers as a static host
does, runs Lighthouse (npm package pinned in benchmarks/lighthouse/package.json, installed there
on first use) on the home page, an article, the timeline, a directive page and the search page
with a query, and prints the four category scores of each, with every audit that cost points.
Exits 1 when a score is below --minimum (default 100). `--report DIR` keeps Lighthouse's JSON
and HTML reports. Nothing is fetched from outside the machine while measuring.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
TOOL = Path(__file__).resolve().parent / "lighthouse"
LIGHTHOUSE = TOOL / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
SUB_PATH = "luu-tru"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The pages measured, as addresses under the site (those of the example archive).
PAGES = {
    "home": "",
    "article": "bai-viet/khanh-hoa-toa-dam-nang-cao-hieu-qua-doi-ngoai-nhan-dan-dip-70-nam-"
               "truyen-thong/",
    "timeline": "dong-thoi-gian/",
    "directive": "van-ban/12-ct-tw/",
    "search": "tim-kiem/?q=" + quote("đối ngoại"),
}
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".pf_meta"}


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """A static host as readers meet it: gzip for text, a day's caching for assets."""

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def end_headers(self) -> None:
        path = self.path.split("?")[0]
        immutable = "/assets/" in path or "/pagefind/" in path or "/images/" in path
        self.send_header("Cache-Control", "public, max-age=31536000" if immutable
                         else "public, max-age=600")
        super().end_headers()

    def send_head(self) -> Any:  # a file-like body, or None
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, _size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextmanager
def served(root: Path) -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             partial(StaticHost, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()


@dataclass(frozen=True)
class Score:
    page: str
    form_factor: str
    scores: dict[str, int]
    lost: list[str]  # the audits that cost points


def install_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=TOOL, check=True)


def build(out: Path, port: int) -> None:
    site = out.parent / "site"
    for name in ("content", "data", "static", "config.yaml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, site / name)
        elif source.is_file():
            shutil.copy2(source, site / name)
    subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--site", str(site),
                    "--out", str(out / SUB_PATH), "--base-url",
                    f"http://127.0.0.1:{port}/{SUB_PATH}/"], check=True)


def measure(url: str, form_factor: str, report: Path | None, name: str) -> Score:
    with tempfile.TemporaryDirectory() as temp:
        output = Path(temp) / "report"
        command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output=html",
                   f"--output-path={output}", "--only-categories=" + ",".join(CATEGORIES),
                   "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
        if form_factor == "desktop":
            command.append("--preset=desktop")
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
        result = json.loads(output.with_suffix(".report.json").read_text(encoding="utf-8"))
        if report is not None:
            report.mkdir(parents=True, exist_ok=True)
            for suffix in (".report.json", ".report.html"):
                shutil.copy2(output.with_suffix(suffix),
                             report / f"{name}-{form_factor}{suffix}")
    scores = {key: round(100 * (result["categories"][key]["score"] or 0)) for key in CATEGORIES}
    lost = []
    for key in CATEGORIES:
        for ref in result["categories"][key]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                shown = f"{audit['score']:.2f}" + (f", {value}" if value else "")
                lost.append(f"{key}: {ref['id']} ({shown})")
    return Score(name, form_factor, scores, lost)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default=",".join(PAGES), help="of: " + ", ".join(PAGES))
    parser.add_argument("--form-factors", default="mobile,desktop")
    parser.add_argument("--minimum", type=int, default=100)
    parser.add_argument("--report", type=Path, help="keep Lighthouse's reports here")
    args = parser.parse_args()
    install_lighthouse()
    results: list[Score] = []
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "www"
        root.mkdir()
        with served(root) as port:
            build(root, port)
            for name in args.pages.split(","):
                for form_factor in args.form_factors.split(","):
                    url = f"http://127.0.0.1:{port}/{SUB_PATH}/{PAGES[name]}"
                    results.append(measure(url, form_factor, args.report, name))
                    found = results[-1]
                    print(f"{name:10} {form_factor:8} " + "  ".join(
                        f"{key} {found.scores[key]:3}" for key in CATEGORIES), flush=True)
                    for lost in found.lost:
                        print(f"{'':20}{lost}")
    below = [r for r in results if min(r.scores.values()) < args.minimum]
    print(f"{len(results) - len(below)} of {len(results)} measurements score at least "
          f"{args.minimum} in all four categories")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
