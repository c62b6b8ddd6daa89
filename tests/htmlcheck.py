"""Reading built HTML in tests: links, scripts, attributes."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class PageScan(HTMLParser):
    elements: list[Element] = field(default_factory=list)

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)
        self._open_script: Element | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.elements.append(element)
        if tag == "script":
            self._open_script = element

    def handle_data(self, data: str) -> None:
        if self._open_script is not None:
            self._open_script.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open_script = None


def scan(path: Path) -> list[Element]:
    parser = PageScan()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.elements


def links(elements: list[Element]) -> list[str]:
    return [e.attrs[name] for e in elements for name in ("href", "src") if name in e.attrs]


def resolve(out: Path, url: str, base_path: str) -> Path | None:
    """The file a site link points to, or None when the link is not inside the site."""
    path = url.split("#")[0].split("?")[0]
    if not path.startswith(base_path):
        return None
    rest = path[len(base_path):]
    target = out / rest
    return target / "index.html" if rest == "" or rest.endswith("/") else target
