"""Read one YAML file safely, and find the line of any node in it."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

# PyYAML's C loader is several times faster; the pure-Python one gives the same results.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Data files are small text; anything larger is a mistake (or a device), not a record.
MAX_FILE_BYTES = 1024 * 1024
# Records are shallow; a deeper file would only exhaust the validators' recursion.
MAX_DEPTH = 40


class DuplicateKey(Exception):
    """A mapping names the same key twice; PyYAML would silently keep the last value."""

    def __init__(self, key: str, first: int, second: int):
        super().__init__(key)
        self.key, self.first, self.second = key, first, second


class _SafeLoader(_BaseLoader):
    """The safe loader, refusing a mapping that repeats a key."""

    plain = False  # set per document: whether it was built by _plain_data

    def resolve(self, kind, value, implicit):
        """BaseResolver.resolve in fewer steps, as it runs for every node: this loader has no path
        resolvers, and its implicit resolvers (below) are all listed by first character."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG

    def descend_resolver(self, current_node, current_index):
        """Nothing to do without path resolvers (PyYAML calls this for every node, as below)."""

    def ascend_resolver(self):
        """Nothing to do without path resolvers."""

    def construct_document(self, node):
        """The document's data, built directly when it holds only mappings, lists and plain
        scalars (as records do; several times faster). Anything else (an alias, a merge key,
        another tag, a repeated key, a value that fails to build, deep nesting) goes to PyYAML's
        constructor, which gives exactly the data, or the error, it always gave."""
        try:
            data = _plain_data(self, node, 1, set())
        except Exception:  # noqa: BLE001 (whatever it is, PyYAML's constructor decides)
            self.plain = False
            return super().construct_document(node)
        self.plain = True
        return data

    def construct_mapping(self, node, deep=False):
        seen: dict[tuple, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = (key_node.tag, key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise DuplicateKey(key_node.value, seen[key], line)
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


_SafeLoader.add_constructor("tag:yaml.org,2002:map", _SafeLoader.construct_yaml_map)
_SafeLoader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: int(node.value, 0 if "x" in node.value else 10))

# YAML 1.2's core schema, as editors and check-jsonschema read a file, instead of PyYAML's 1.1:
# `yes`, `no`, `on` and `off` stay text, a date stays text, 012 is twelve and 1:20 is not 80.
_SafeLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$", "-+0123456789."),
    ("merge", r"^(?:<<)$", "<"),
]:
    _SafeLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first) + ([""] if _tag == "null" else []))
# _SafeLoader's resolve(), descend_resolver() and ascend_resolver() rely on this.
if _SafeLoader.yaml_path_resolvers or None in _SafeLoader.yaml_implicit_resolvers:
    raise ImportError("the data loader expects no path resolvers and no resolvers for any first character")


_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _TAG + "str", _TAG + "seq", _TAG + "map"
_PLAIN_SCALARS = frozenset(_TAG + name for name in ("str", "null", "bool", "int", "float"))


class _NotPlain(Exception):
    """The document needs PyYAML's own constructor."""


def _plain_data(loader: _SafeLoader, node: yaml.Node, depth: int, containers: set[int]) -> Any:
    """A node's data, built with the loader's own scalar constructors; _NotPlain for anything
    that is not a tree of mappings (with distinct scalar keys), lists and plain scalars at most
    MAX_DEPTH deep."""
    kind = node.__class__
    if kind is yaml.ScalarNode:
        if node.tag == _STR:
            return node.value
        if node.tag not in _PLAIN_SCALARS:
            raise _NotPlain
        return loader.yaml_constructors[node.tag](loader, node)
    if depth > MAX_DEPTH or id(node) in containers:  # too deep, or an alias: the data would share it
        raise _NotPlain
    containers.add(id(node))
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [item.value if item.tag == _STR and item.__class__ is yaml.ScalarNode  # text, the usual item
                else _plain_data(loader, item, depth + 1, containers) for item in node.value]
    if kind is not yaml.MappingNode or node.tag != _MAP:
        raise _NotPlain
    data = {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not yaml.ScalarNode:
            raise _NotPlain
        key = key_node.value if key_node.tag == _STR else _plain_data(loader, key_node, depth, containers)
        if key in data:  # a repeated key (or two that build the same value): PyYAML says which
            raise _NotPlain
        if value_node.tag == _STR and value_node.__class__ is yaml.ScalarNode:  # text, the usual value
            data[key] = value_node.value
        else:
            data[key] = _plain_data(loader, value_node, depth + 1, containers)
    return data


class YamlProblem(Exception):
    """A file that cannot be read as a YAML mapping; line may be None."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def read_mapping(path: Path) -> dict[str, Any]:
    """Return the file's top-level mapping, or raise YamlProblem."""
    return parse_mapping(read_bytes(path))


def stat_file(path: Path | str) -> os.stat_result:
    """The stat of a file (its target, for a link); YamlProblem when it cannot be taken."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        if not os.path.islink(path):
            raise
        raise YamlProblem("the file is a broken link (its target does not exist); fix or remove the link") from None
    except OSError as err:
        raise YamlProblem(f"the file cannot be read ({err.strerror}); check its permissions") from None


def check_readable(mode: int, size: int) -> None:
    """Refuse, with YamlProblem, what a stat shows is no data file: a device, pipe, folder, or
    a file too large."""
    if not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device, pipe or socket)"
        raise YamlProblem(f"this is {what}; a data file must be a plain YAML file")
    if size > MAX_FILE_BYTES:
        raise YamlProblem(
            f"the file is {size:,} bytes; a data file may hold at most {MAX_FILE_BYTES:,} bytes"
        )


def read_bytes(path: Path | str, mode_size: tuple[int, int] | None = None) -> bytes:
    """A regular file's bytes, refusing devices, pipes, folders and oversized files unread.
    mode_size: the file's st_mode and st_size when a stat was just taken (else one is taken)."""
    if mode_size is None:
        info = stat_file(path)
        mode_size = (info.st_mode, info.st_size)
    check_readable(*mode_size)
    # At most the limit, even if the file grew meanwhile.
    raw = _read_at_most(path, mode_size[1] + 1, MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(f"the file holds more than {MAX_FILE_BYTES:,} bytes; split it or shorten it")
    return raw


def _read_at_most(path: Path | str, expected: int, limit: int) -> bytes:
    """A file's first `limit` bytes, read in one call when it holds the `expected` (unbuffered:
    a buffer of the limit's size for each file would cost more than the reading)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks = [os.read(descriptor, min(expected, limit))]
        read = len(chunks[0])
        while chunks[-1] and read < limit:
            chunks.append(os.read(descriptor, limit - read))
            read += len(chunks[-1])
    finally:
        os.close(descriptor)
    return b"".join(chunks)


def parse_mapping(raw: bytes) -> dict[str, Any]:
    """Parse a data file's bytes into its top-level mapping, or raise YamlProblem."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise YamlProblem(
            f"the file is not UTF-8 text (byte 0x{raw[err.start]:02x} in column {column}); "
            "save it with UTF-8 encoding",
            line,
        ) from None
    try:
        data, plain = _load(text)
    except DuplicateKey as err:
        raise YamlProblem(
            f"the key '{_short(err.key)}' appears twice in one mapping (lines {err.first} and {err.second}); "
            "YAML keeps only the last, so remove or rename one",
            err.second,
        ) from None
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        column = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        raise YamlProblem(
            f"the file holds a control character YAML does not allow (U+{err.character:04X}, column {column}); "
            "remove it",
            line,
        ) from None
    except RecursionError:
        raise YamlProblem(f"the file is nested too deeply; records may nest at most {MAX_DEPTH} levels") from None
    except yaml.constructor.ConstructorError as err:
        mark = err.problem_mark
        tag = _tag_of(err)
        raise YamlProblem(
            f"the YAML tag {tag} is not allowed: data files hold plain text, numbers, "
            "lists and mappings only",
            mark.line + 1 if mark else None,
        ) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f" (column {mark.column + 1})" if mark else ""
        raise YamlProblem(
            f"YAML syntax error{where}: {err.problem or err.context}",
            mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as err:
        raise YamlProblem(f"YAML error: {' '.join(str(err).split())}") from None
    if data is None:
        raise YamlProblem("the file is empty; it should hold a mapping of fields (field: value)", 1)
    if not isinstance(data, dict):
        kind = {list: "a list", str: "a single text value"}.get(type(data), f"a {type(data).__name__}")
        raise YamlProblem(
            f"the top level is {kind}; it should be a mapping of fields (field: value)", 1
        )
    if not plain and _depth(data) > MAX_DEPTH:  # plain data was built at most MAX_DEPTH deep
        raise YamlProblem(f"the file is nested too deeply; records may nest at most {MAX_DEPTH} levels", 1)
    return data


def _load(text: str) -> tuple[Any, bool]:
    """yaml.load with this module's loader, and whether the data was built plain."""
    loader = _SafeLoader(text)
    try:
        return loader.get_single_data(), loader.plain
    finally:
        loader.dispose()


def _depth(value: Any) -> int:
    """How deeply lists and mappings nest in value, found without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        value, level = pending.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        pending.extend((child, level + 1) for child in children)
    return deepest


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _tag_of(err: yaml.constructor.ConstructorError) -> str:
    problem = err.problem or ""
    start = problem.find("'")
    return problem[start:] if start >= 0 else "used here"


def compose(text: str) -> yaml.Node | None:
    """The file's YAML node tree, to find lines in; None when it cannot be read."""
    try:
        return yaml.compose(text, Loader=_BaseLoader)
    except (yaml.YAMLError, RecursionError):
        return None


def line_of(node: yaml.Node | None, json_path: tuple[Any, ...], *, key: str | None = None) -> int | None:
    """1-based line of the node at json_path (or of its key `key`) in a composed file.

    Compose the file once (compose()) and ask for as many lines as there are problems.
    """
    best = node.start_mark.line + 1 if node else None
    for part in json_path:
        node = _child(node, part)
        if node is None:
            return best
        best = node.start_mark.line + 1
    if key is not None and isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if key_node.value == key:
                return key_node.start_mark.line + 1
    return best


def _child(node: yaml.Node | None, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(part):
                return value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None
