"""Safe YAML loading that keeps the line and column of every key and value."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from diplomacy_archive.i18n import N_
from diplomacy_archive.problems import Args, Problem, problem_args

try:  # libyaml is ten times faster; the pure-Python loader gives the same results.
    _BaseLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):
    """SafeLoader without the implicit timestamp type: dates are parsed by us, with clear errors."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

KeyPath = tuple[object, ...]

# Bounds that keep hostile YAML from taking minutes or all the memory ("billion laughs": aliases
# of aliases), or from overflowing the stack (PyYAML's composer is recursive). Front matter and
# registries use three or four levels and, at most, a few aliases of small values.
MAX_DEPTH = 50  # lists and 'key: value' groups inside each other
MAX_ALIAS_VALUES = 10_000  # values that aliases repeat, each counted with everything inside it


@dataclass(frozen=True)
class Position:
    """1-based line and column of a key (or list item) and of its value, in the file."""

    key_line: int
    key_col: int
    value_line: int
    value_col: int


@dataclass
class YamlDocument:
    data: object
    positions: dict[KeyPath, Position] = field(default_factory=dict)

    def key_at(self, path: KeyPath) -> tuple[int | None, int | None]:
        pos = self.positions.get(path)
        return (pos.key_line, pos.key_col) if pos else (None, None)

    def value_at(self, path: KeyPath) -> tuple[int | None, int | None]:
        pos = self.positions.get(path)
        return (pos.value_line, pos.value_col) if pos else (None, None)


class YamlProblem(Exception):
    """The text is not valid YAML; carries the problem as an editor should read it."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format_text())
        self.problem = problem


# PyYAML's wording -> the same in plain words, and what an editor should do about it.
# The messages and hints are marked N_; every YAML problem has args (at least PyYAML's own
# words, as 'error'), so a literal brace in them is doubled.
_PLAIN = (
    ("end of stream", "while scanning a quoted scalar",
     N_("invalid YAML: the quote opened here is never closed"),
     N_("add the closing quote at the end of the value")),
    ("end of stream", "while parsing a flow",
     N_("invalid YAML: the bracket opened here is never closed"),
     N_("add the closing ] or }} at the end of the list")),
)
_HINTS = (
    ("mapping values are not allowed",
     N_("a value that contains ': ' must be put in double quotes")),
    ("cannot start any token",
     N_("indent with spaces, not tabs, and put values starting with '@', '`', '|', '>' or "
        "'%' in quotes")),
    ("could not find expected ':'",
     N_("every line must be 'key: value', or a list item '- value'")),
    ("found unexpected end of stream", N_("a quote was opened but not closed")),
    ("expected <block end>",
     N_("check the indentation of this line: it must line up with the keys above")),
    ("did not find expected '-'",
     N_("a list item and a 'key: value' line stand at the same indentation")),
    ("found duplicate anchor", N_("remove the repeated &anchor")),
    ("found undefined alias", N_("a '*' starts an alias; put the value in quotes")),
    ("expected a single document", N_("remove the extra '---' line inside the front matter")),
    ("while parsing a flow",
     N_("a '[' or '{{' was opened but not closed, or a value in it needs quotes")),
    ("exceeded maximum nesting depth",
     N_("a '[' or '{{' is never closed, or lines are indented further and further")),
)


def _hint_for(message: str) -> str:
    for needle, hint in _HINTS:
        if needle in message:
            return hint
    return N_("check the line for a missing quote, colon or wrong indentation")


def load_yaml(text: str, path: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document safely; ``first_line`` is the file line where ``text`` begins.

    Raises YamlProblem for invalid YAML, unsafe tags (never executed), repeated keys, values
    nested deeper than MAX_DEPTH and aliases that repeat more than MAX_ALIAS_VALUES values.
    """
    loader = _Loader(text)
    try:
        _check_bounds(text, path, first_line)
        node = loader.get_single_node()
        positions: dict[KeyPath, Position] = {}
        if node is not None:
            _walk(node, positions, path, first_line)
        data = loader.construct_document(node) if node is not None else None
    except yaml.constructor.ConstructorError as exc:
        tag = re.search(r"for the tag '([^']*)'", exc.problem or "")
        name = tag.group(1).replace("tag:yaml.org,2002:", "!!") if tag else "?"
        raise YamlProblem(_problem(path, exc.problem_mark or exc.context_mark, first_line,
                                   N_("the YAML tag '{tag}' is not allowed"),
                                   N_("remove it: only text, numbers, lists and 'key: value' "
                                      "lines are allowed"), {"tag": name})) from None
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(_plain_problem(exc, path, first_line)) from None
    except yaml.YAMLError as exc:  # e.g. a control character PyYAML refuses to read
        raise YamlProblem(Problem(path, first_line, 1, N_("invalid YAML: {error}"),
                                  N_("remove control characters from the file"),
                                  args=problem_args({"error": exc}))) from None
    finally:
        loader.dispose()
    return YamlDocument(data, positions)


def _check_bounds(text: str, path: str, first_line: int, loader: Any = _Loader) -> None:
    """Refuse nesting deeper than MAX_DEPTH and aliases that repeat more than MAX_ALIAS_VALUES
    values, reading the parser's events before any node is built (linear, not recursive).

    A value's size is 1 plus the sizes of what it holds (keys, values, items); an alias counts
    the size of its anchor's value, so aliases of aliases multiply and are caught at once.
    Only the first document is read, as the composer reads only it (and refuses a second).
    libyaml refuses, in its own words, flow values nested about 1,000 deep before giving us
    their events: the pure-Python parser then finds the place where level MAX_DEPTH + 1 opens."""
    parser = loader(text)
    try:
        total = repeated = 0  # values so far with aliases expanded; values aliases repeat
        sizes: dict[str, int] = {}  # anchor -> size of its value, once the value has ended
        open_values: list[tuple[str | None, int]] = []  # (anchor, total at its start)
        open_anchors: set[str] = set()
        unused: dict[str, Any] = {}  # text's anchor -> where it is, until an alias uses it
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent and event.anchor is not None:
                unused.setdefault(event.anchor, event.start_mark)  # (a list's loses no text)
            if kind is yaml.ScalarEvent:
                total += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(open_values) >= MAX_DEPTH:
                    raise YamlProblem(_problem(
                        path, event.start_mark, first_line,
                        N_("the values here are nested more than {depth} levels deep (lists or "
                           "'key: value' groups inside each other)"),
                        N_("front matter and data files need only a few levels: look for a "
                           "'[' or '{{' that is never closed, or for lines indented further "
                           "and further"), {"depth": MAX_DEPTH}))
                open_values.append((event.anchor, total))
                if event.anchor is not None:
                    open_anchors.add(event.anchor)
                total += 1
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                anchor, start = open_values.pop()
                if anchor is not None:
                    sizes[anchor] = total - start
                    open_anchors.discard(anchor)
            elif kind is yaml.AliasEvent:
                name = event.anchor
                if name in open_anchors:
                    raise YamlProblem(_problem(
                        path, event.start_mark, first_line,
                        N_("the alias '*{alias}' is used inside the value it repeats, so the "
                           "value would never end"),
                        N_("remove '*{alias}', or use it only after the end of the value "
                           "marked '&{alias}'"), {"alias": name}))
                unused.pop(name, None)
                size = sizes.get(name, 1)  # an unknown alias is refused by the composer
                total += size
                repeated += size
                if repeated > MAX_ALIAS_VALUES:
                    raise YamlProblem(_problem(
                        path, event.start_mark, first_line,
                        N_("the aliases ('*' names, such as '*{alias}' here) repeat more than "
                           "{limit} values in all"),
                        N_("an alias copies the whole value marked with its '&' name, and "
                           "aliases of aliases multiply: write the values out, or use fewer "
                           "aliases"), {"alias": name, "limit": f"{MAX_ALIAS_VALUES:,}"}))
            elif kind is yaml.DocumentEndEvent or kind is yaml.StreamEndEvent or event is None:
                break
        for anchor, mark in unused.items():
            # '&' starts an anchor, which YAML drops from the value: 'summary: &Tin mới' reads
            # 'mới'. One that no alias uses is a word lost from the editor's text.
            raise YamlProblem(_problem(
                path, mark, first_line,
                N_("'&{anchor}' at the start of a value is read by YAML as a label and left out "
                   "of the text"),
                N_("put the whole value in double quotes"), {"anchor": anchor}))
    except yaml.MarkedYAMLError as exc:
        if loader is yaml.SafeLoader or "maximum nesting depth" not in (exc.problem or ""):
            raise
        _check_bounds(text, path, first_line, yaml.SafeLoader)
        raise
    finally:
        parser.dispose()


def _plain_problem(exc: yaml.MarkedYAMLError, path: str, first_line: int) -> Problem:
    problem, context = exc.problem or "", exc.context or ""
    for problem_part, context_part, message, hint in _PLAIN:
        if problem_part in problem and context.startswith(context_part):
            # point at the quote or bracket that was opened, not at the end of the text
            return _problem(path, exc.context_mark or exc.problem_mark, first_line,
                            message, hint, {"error": problem})
    return _problem(path, exc.problem_mark or exc.context_mark, first_line,
                    N_("invalid YAML: {error}"), _hint_for(str(exc)),
                    {"error": problem or context})


def _problem(path: str, mark: object, first_line: int, message: str, hint: str,
             args: Args) -> Problem:
    """A problem at ``mark``; ``message`` and ``hint`` marked N_, filled from ``args``."""
    line = getattr(mark, "line", 0) + first_line if mark is not None else first_line
    col = getattr(mark, "column", 0) + 1 if mark is not None else 1
    return Problem(path, line, col, message, hint, args=problem_args(args))


def _walk(root: yaml.Node, positions: dict[KeyPath, Position], path: str,
          first_line: int) -> None:
    """Record positions of mapping keys and sequence items; refuse keys given twice.

    Iterative (a stack of the collections being read, in document order), so depth costs no
    recursion. A value repeated by an alias is the same node, read again at each place that
    repeats it, so that its keys have positions there too: _check_bounds has limited what
    aliases repeat, and a node is never entered while it is already open (a loop)."""
    stack: list[tuple[yaml.Node, Iterator[tuple[KeyPath, yaml.Node]]]] = []
    if isinstance(root, yaml.CollectionNode):
        stack.append((root, _children(root, (), positions, path, first_line)))
    open_nodes = {id(root)}
    while stack:
        node, children = stack[-1]
        step = next(children, None)
        if step is None:
            stack.pop()
            open_nodes.discard(id(node))
            continue
        child_path, child = step
        if isinstance(child, yaml.CollectionNode) and id(child) not in open_nodes:
            open_nodes.add(id(child))
            stack.append((child, _children(child, child_path, positions, path, first_line)))


def _children(node: yaml.Node, key_path: KeyPath, positions: dict[KeyPath, Position],
              path: str, first_line: int) -> Iterator[tuple[KeyPath, yaml.Node]]:
    """The values of a mapping or the items of a sequence, each with its key path, recording
    its position on the way."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            line = key_node.start_mark.line + first_line
            if key in seen:
                raise YamlProblem(Problem(
                    path, line, key_node.start_mark.column + 1,
                    N_("appears twice (first on line {line})"),
                    N_("keep one of the two lines"), str(key),
                    args=problem_args({"line": seen[key]})))
            seen[key] = line
            child = key_path + (key,)
            positions[child] = Position(line, key_node.start_mark.column + 1,
                                        value_node.start_mark.line + first_line,
                                        value_node.start_mark.column + 1)
            yield child, value_node
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = key_path + (index,)
            line, col = item.start_mark.line + first_line, item.start_mark.column + 1
            positions[child] = Position(line, col, line, col)
            yield child, item
