"""Reading YAML fields with problems placed at the line of the key or value (front matter, data)."""

from __future__ import annotations

from typing import Any

from diplomacy_archive.problems import Problems, did_you_mean
from diplomacy_archive.source.yaml_positions import KeyPath, YamlDocument
from diplomacy_archive.text.vietnamese import clean_text


class FieldReader:
    """Reads fields of one YAML document, recording problems at the line of the key or value."""

    def __init__(self, doc: YamlDocument, path: str, problems: Problems) -> None:
        self.doc, self.path, self.problems = doc, path, problems

    def _place(self, where: KeyPath, at_key: bool) -> tuple[int | None, int | None]:
        """Line and column of a key or value; of its parent when it was written in short form."""
        while where and where not in self.doc.positions:
            where = where[:-1]
        return self.doc.key_at(where) if at_key else self.doc.value_at(where)

    def error(self, where: KeyPath, message: str, hint: str = "", at_key: bool = False) -> None:
        line, col = self._place(where, at_key)
        self.problems.error(self.path, line, col, message, hint, field_name(where))

    def warning(self, where: KeyPath, message: str, hint: str = "") -> None:
        line, col = self._place(where, False)
        self.problems.warning(self.path, line, col, message, hint, field_name(where))

    def unknown_key(self, where: KeyPath, known: list[str], aliases: dict[str, str]) -> None:
        """A warning at the key, naming the nearest known key ('speaker' -> 'speakers')."""
        line, col = self._place(where, at_key=True)
        parent = field_name(where[:-1])
        self.problems.warning(self.path, line, col, f"unknown key '{where[-1]}'",
                              did_you_mean(str(where[-1]), known, aliases), parent)

    def text(self, where: KeyPath, value: Any, hint: str = "put the value in double quotes"
             ) -> str | None:
        """A piece of text; numbers are taken as text, lists and true/false are not."""
        if isinstance(value, str):
            return clean_text(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        kind = kind_of(value)
        self.error(where, f"must be text, not {kind}", hint)
        return None

    def text_list(self, where: KeyPath, value: Any, example: str) -> list[tuple[KeyPath, str]]:
        """A list of texts; one text alone is a list of one."""
        if isinstance(value, str):
            if "," in value:
                self.error(where, "several items must be written as a list",
                           f"write {where[-1]}: [{', '.join(p.strip() for p in value.split(','))}]")
                return []
            return [(where, clean_text(value))]
        if not isinstance(value, list):
            self.error(where, f"must be a list, not {kind_of(value)}", f"write {example}")
            return []
        items = []
        for index, item in enumerate(value):
            text = self.text(where + (index,), item)
            if text == "":
                self.error(where + (index,), "is empty", "remove the empty item")
            elif text is not None:
                items.append((where + (index,), text))
        return items


def kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of keys"
    return "text"


def field_name(where: KeyPath) -> str:
    """``speakers[0].role``; the entry number of a file that is a list is left out (the line
    number already says which entry it is)."""
    while where and isinstance(where[0], int):
        where = where[1:]
    name = ""
    for part in where:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name
