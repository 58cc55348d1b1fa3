"""Safe YAML reading for hand-written content files, with a line number for every value.

Content files are plain data: no anchors or aliases (they enable "billion laughs" blow-ups),
no tags that construct objects, no duplicate keys, one document, bounded size and depth.
Everything that goes wrong becomes a `ContentError` naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from courseware.content.files import MAX_FILE_BYTES
from courseware.content.problems import ContentError, Problem

# libyaml's parser when PyYAML was built with it: the same events and line marks, many times
# faster (loading the whole course takes seconds in pure Python).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 40

DataPath = tuple[str | int, ...]


class YamlInt(int):
    """An integer that remembers how it was written, so that `id: 010` stays the id "010"."""

    source: str


class YamlFloat(float):
    """A float that remembers how it was written, for text fields such as `unit: 1.5`."""

    source: str


def _with_source(value: Any, source: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    kept = YamlInt(value) if isinstance(value, int) else YamlFloat(value)
    kept.source = source
    return kept


@dataclass
class YamlDocument:
    file: str
    data: Any
    lines: dict[DataPath, int] = field(default_factory=dict)

    def line_of(self, path: DataPath) -> int:
        """The line of `path`, or of its nearest ancestor that exists in the file."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1

    def error(self, path: DataPath, message: str) -> Problem:
        return Problem(self.file, self.line_of(path), "error", message)

    def warning(self, path: DataPath, message: str) -> Problem:
        return Problem(self.file, self.line_of(path), "warning", message)

    def info(self, path: DataPath, message: str) -> Problem:
        return Problem(self.file, self.line_of(path), "info", message)


def _fail(file: str, line: int, message: str) -> ContentError:
    return ContentError([Problem(file, line, "error", message)])


def decode(raw: bytes, file: str) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(file, 1, f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,} (1 MiB)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(file, line, "file is not valid UTF-8 text (save it as UTF-8)") from None


def _line(node_or_event: Any) -> int:
    return node_or_event.start_mark.line + 1


def _check_events(text: str, file: str) -> None:
    """Reject what plain data never needs, before anything is built from the file."""
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise _fail(
                file, _line(event), f"alias '*{event.anchor}' is not allowed in content files"
            )
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise _fail(
                file, _line(event), f"anchor '&{event.anchor}' is not allowed in content files"
            )
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent) and event.tag:
            raise _fail(
                file, _line(event), f"YAML tag '{event.tag}' is not allowed in content files"
            )
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _fail(
                    file, _line(event), "a file holds one YAML document only (remove '---')"
                )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _fail(file, _line(event), f"nesting is deeper than {MAX_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.lines: dict[DataPath, int] = {}
        self._scalars = SafeConstructor()

    def build(self, node: Node, path: DataPath) -> Any:
        self.lines.setdefault(path, _line(node))
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: MappingNode, path: DataPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _fail(
                    self.file, _line(key_node), "a key must be a plain name, not a list or map"
                )
            # Keys are field names or ids: keep them exactly as written (`1:` is the id "1").
            key = key_node.value
            if key in result:
                raise _fail(
                    self.file,
                    _line(key_node),
                    f"duplicate key '{key}' (first given on line {self.lines[(*path, key)]})",
                )
            self.lines[(*path, key)] = _line(key_node)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: ScalarNode) -> Any:
        construct = self._scalars.yaml_constructors.get(node.tag)
        if construct is None:
            raise _fail(self.file, _line(node), f"unsupported value type '{node.tag}'")
        try:
            return _with_source(construct(self._scalars, node), node.value)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            raise _fail(self.file, _line(node), f"invalid value '{node.value}': {exc}") from None


def parse_yaml(raw: bytes, file: str, *, empty: Any = None) -> YamlDocument:
    """Parse `raw` as one safe YAML document. Raises ContentError with line numbers; an
    empty document is an error unless `empty` gives the value it stands for."""
    text = decode(raw, file)
    try:
        _check_events(text, file)
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        reason = exc.problem or exc.context or "invalid YAML"
        raise _fail(file, line, f"invalid YAML: {reason}") from None
    except yaml.YAMLError as exc:
        raise _fail(file, 1, f"invalid YAML: {exc}") from None
    if root is None:
        if empty is None:
            raise _fail(file, 1, "file is empty")
        return YamlDocument(file, empty, {(): 1})
    builder = _Builder(file)
    data = builder.build(root, ())
    return YamlDocument(file, data, builder.lines)


def parse_mapping(raw: bytes, file: str, *, empty_ok: bool = False) -> YamlDocument:
    document = parse_yaml(raw, file, empty={} if empty_ok else None)
    if not isinstance(document.data, dict):
        kind = "a list" if isinstance(document.data, list) else "a single value"
        raise _fail(file, 1, f"the top level must be a mapping of fields, not {kind}")
    return document
