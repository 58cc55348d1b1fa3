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
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from courseware.content.files import MAX_FILE_BYTES
from courseware.content.problems import ContentError, Problem

# libyaml's parser when PyYAML was built with it: the same events and line marks, many times
# faster (loading the whole course takes seconds in pure Python).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 40
# A file with no document at all (empty, or comments only), told apart from one whose value is
# null.
_NOTHING = object()

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


class _Collection:
    """A mapping or list being read, and for a mapping the key whose value comes next."""

    __slots__ = ("key", "path", "value")

    def __init__(self, value: dict | list, path: DataPath):
        self.value = value
        self.path = path
        self.key: str | None = None


class _Reader:
    """The data of one file and the line of every value, in one pass over the parser's events.

    Each event is checked (`_check`) before it is built on, so what plain data never needs
    (an alias, a tag, a deep nesting) is rejected before anything comes of it; and the whole
    file is checked before a problem in its data (a duplicate key, a bad value) is reported.
    (Checking the events, then parsing the file again to compose the nodes the data was built
    from, took twice as long.)"""

    def __init__(self, file: str):
        self.file = file
        self.lines: dict[DataPath, int] = {}
        self.root: Any = _NOTHING
        self._open: list[_Collection] = []
        self._depth = 0
        self._documents = 0
        self._scalars = SafeConstructor()
        self._resolver = Resolver()

    def read(self, text: str) -> None:
        failure: ContentError | None = None
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            self._check(event)
            if failure is None:
                try:
                    self._build(event)
                except ContentError as error:
                    failure = error
        if failure is not None:
            raise failure

    def _check(self, event: yaml.Event) -> None:
        """Reject what plain data never needs."""
        file = self.file
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
            self._documents += 1
            if self._documents > 1:
                raise _fail(
                    file, _line(event), "a file holds one YAML document only (remove '---')"
                )
        if isinstance(event, yaml.CollectionStartEvent):
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _fail(file, _line(event), f"nesting is deeper than {MAX_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            self._depth -= 1

    def _build(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.CollectionEndEvent):
            self._open.pop()
            return
        is_scalar = isinstance(event, yaml.ScalarEvent)
        if not is_scalar and not isinstance(event, yaml.CollectionStartEvent):
            return  # the stream's and the document's start and end
        parent = self._open[-1] if self._open else None
        if parent is not None and isinstance(parent.value, dict) and parent.key is None:
            self._key(parent, event)
            return
        if is_scalar:
            value = self._scalar(event)
        else:
            value = {} if isinstance(event, yaml.MappingStartEvent) else []
        if parent is None:
            path: DataPath = ()
            self.root = value
        elif isinstance(parent.value, list):
            path = (*parent.path, len(parent.value))
            parent.value.append(value)
        else:
            path = (*parent.path, parent.key)
            parent.value[parent.key] = value
            parent.key = None
        self.lines.setdefault(path, _line(event))
        if not is_scalar:
            self._open.append(_Collection(value, path))

    def _key(self, mapping: _Collection, event: yaml.Event) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            raise _fail(self.file, _line(event), "a key must be a plain name, not a list or map")
        # Keys are field names or ids: keep them exactly as written (`1:` is the id "1").
        key = event.value
        if key in mapping.value:
            raise _fail(
                self.file,
                _line(event),
                f"duplicate key '{key}' (first given on line {self.lines[(*mapping.path, key)]})",
            )
        self.lines[(*mapping.path, key)] = _line(event)
        mapping.key = key

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = self._resolver.resolve(ScalarNode, event.value, event.implicit)
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
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
    reader = _Reader(file)
    try:
        reader.read(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        reason = exc.problem or exc.context or "invalid YAML"
        raise _fail(file, line, f"invalid YAML: {reason}") from None
    except yaml.YAMLError as exc:
        raise _fail(file, 1, f"invalid YAML: {exc}") from None
    if reader.root is _NOTHING:
        if empty is None:
            raise _fail(file, 1, "file is empty")
        return YamlDocument(file, empty, {(): 1})
    return YamlDocument(file, reader.root, reader.lines)


def parse_mapping(raw: bytes, file: str, *, empty_ok: bool = False) -> YamlDocument:
    document = parse_yaml(raw, file, empty={} if empty_ok else None)
    if not isinstance(document.data, dict):
        kind = "a list" if isinstance(document.data, list) else "a single value"
        raise _fail(file, 1, f"the top level must be a mapping of fields, not {kind}")
    return document
