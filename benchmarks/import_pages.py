#!/usr/bin/env python3
"""Write N small raw pages for timing a bulk import, varied from tests/import_pages/*.txt.

    python benchmarks/import_pages.py N OUT_DIR          # then, in a site:
    time diplomacy-archive import OUT_DIR --site SITE --jobs 2

Every page is one of the fixture pages with a number after every fourth word of its longer
lines (so each is its own article); every third is a saved HTML page with menus and a footer
(the rest copied text), every fourth page has a 'Save page as' '_files' folder beside it, and
one page in ten is a copy of the one before with other chrome (a duplicate the import must fold
into one draft).
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "import_pages"


def html_page(lines: list[str], number: int) -> str:
    title, *rest = lines
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in rest)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
            f"</title><meta property='og:url' content='https://tin.example.vn/bai-{number}.html"
            f"?utm_source=fb&fbclid=x{number}'><meta property='og:site_name' content='Báo Mẫu'>"
            "</head><body><nav><a href='/'>Trang chủ</a> <a href='/tin'>Tin tức</a></nav>"
            f"<article><h1>{html.escape(title)}</h1>{body}</article>"
            "<footer>Bản quyền thuộc Báo Mẫu. Lượt truy cập: 12.345</footer></body></html>")


def vary(line: str, number: int) -> str:
    """A line of an article made this page's own: a number after every fourth word of the
    longer lines, so that no run of five words is the same in two pages."""
    words = line.split()
    if len(words) < 6:
        return line
    return " ".join(f"{word} {number}" if i % 4 == 3 else word for i, word in enumerate(words))


def make_pages(out: Path, count: int) -> list[Path]:
    sources = [p.read_text(encoding="utf-8").splitlines() for p in sorted(FIXTURES.glob("*.txt"))]
    written = []
    for number in range(count):
        copy = number % 10 == 9  # the page before it, with other chrome
        base = number - 1 if copy else number
        lines = [line for line in sources[base % len(sources)] if line.strip()]
        lines = [vary(line, base) for line in lines]
        folder = out / f"muc-{number // 50:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        if number % 3 == 0:
            path = folder / f"trang-{number}.html"
            path.write_text(html_page(lines[1:], base), encoding="utf-8")
        else:
            path = folder / f"trang-{number}.txt"
            chrome = ["Trang chủ | Tin tức | Liên hệ"] if copy else []
            path.write_text("\n".join(chrome + lines) + "\n", encoding="utf-8")
        if number % 4 == 0:
            assets = folder / f"trang-{number}_files"
            assets.mkdir(exist_ok=True)
            (assets / "style.css").write_text("body{}", encoding="utf-8")
            (assets / "anh.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
        written.append(path)
    return written


if __name__ == "__main__":
    make_pages(Path(sys.argv[2]), int(sys.argv[1]))
