"""Reading YAML fields with problems placed at the line of the key or value (front matter, data)."""

from __future__ import annotations

from typing import Any

from diplomacy_archive.i18n import N_
from diplomacy_archive.problems import Args, Problems, did_you_mean
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

    def error(self, where: KeyPath, message: str, hint: str = "", at_key: bool = False,
              args: Args | None = None) -> None:
        """An error at the key or value; ``message`` and ``hint`` marked N_, their
        placeholders filled from ``args`` (Problems.error)."""
        line, col = self._place(where, at_key)
        self.problems.error(self.path, line, col, message, hint, field_name(where), args)

    def warning(self, where: KeyPath, message: str, hint: str = "",
                args: Args | None = None) -> None:
        line, col = self._place(where, False)
        self.problems.warning(self.path, line, col, message, hint, field_name(where), args)

    def unknown_key(self, where: KeyPath, known: list[str], aliases: dict[str, str]) -> None:
        """A warning at the key, naming the nearest known key ('speaker' -> 'speakers')."""
        line, col = self._place(where, at_key=True)
        parent = field_name(where[:-1])
        hint, args = did_you_mean(str(where[-1]), known, aliases)
        self.problems.warning(self.path, line, col, N_("unknown key '{key}'"), hint, parent,
                              {"key": where[-1], **args})

    def text(self, where: KeyPath, value: Any, hint: str = N_("put the value in double quotes")
             ) -> str | None:
        """A piece of text; numbers are taken as text, lists and true/false are not. ``hint``
        is marked N_ and has no placeholders."""
        if isinstance(value, str):
            return clean_text(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        self.error(where, must_be_text(value), hint)
        return None

    def text_list(self, where: KeyPath, value: Any, example: str) -> list[tuple[KeyPath, str]]:
        """A list of texts; one text alone is a list of one. ``example`` is YAML, shown as it
        is."""
        if isinstance(value, str):
            if "," in value:
                self.error(where, N_("several items must be written as a list"),
                           N_("write {key}: [{items}]"),
                           args={"key": where[-1],
                                 "items": ", ".join(p.strip() for p in value.split(","))})
                return []
            return [(where, clean_text(value))]
        if not isinstance(value, list):
            self.error(where, must_be_list(value), N_("write {example}"),
                       args={"example": example})
            return []
        items = []
        for index, item in enumerate(value):
            text = self.text(where + (index,), item)
            if text == "":
                self.error(where + (index,), N_("is empty"), N_("remove the empty item"))
            elif text is not None:
                items.append((where + (index,), text))
        return items


# The message for a value of the wrong kind, one sentence for each kind (kind_of) it can be.
_MUST_BE_TEXT = {
    "empty": N_("must be text, not empty"),
    "true/false": N_("must be text, not true/false"),
    "a list": N_("must be text, not a list"),
    "a group of keys": N_("must be text, not a group of keys"),
    "text": N_("must be text, not text"),  # a value of another YAML type (!!binary, !!set)
}
_MUST_BE_LIST = {
    "empty": N_("must be a list, not empty"),
    "true/false": N_("must be a list, not true/false"),
    "a number": N_("must be a list, not a number"),
    "a group of keys": N_("must be a list, not a group of keys"),
    "text": N_("must be a list, not text"),
}


def must_be_text(value: Any) -> str:
    """``must be text, not ...`` for a value that is not text or a number (marked N_)."""
    return _MUST_BE_TEXT[kind_of(value)]


def must_be_list(value: Any) -> str:
    """``must be a list, not ...`` for a value that is not a list (marked N_)."""
    return _MUST_BE_LIST[kind_of(value)]


def kind_of(value: Any) -> str:
    """The kind of a YAML value, in the English words of the messages above: choose a whole
    message by it (must_be_text, must_be_list), never put it in one."""
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
