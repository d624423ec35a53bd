"""Read one YAML file safely, and find the line of any node in it."""

from __future__ import annotations

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


class YamlProblem(Exception):
    """A file that cannot be read as a YAML mapping; line may be None."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def read_mapping(path: Path) -> dict[str, Any]:
    """Return the file's top-level mapping, or raise YamlProblem."""
    return parse_mapping(read_bytes(path))


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes, refusing devices, pipes, folders and oversized files unread."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if not path.is_symlink():
            raise
        raise YamlProblem("the file is a broken link (its target does not exist); fix or remove the link") from None
    except OSError as err:
        raise YamlProblem(f"the file cannot be read ({err.strerror}); check its permissions") from None
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, pipe or socket)"
        raise YamlProblem(f"this is {what}; a data file must be a plain YAML file")
    if info.st_size > MAX_FILE_BYTES:
        raise YamlProblem(
            f"the file is {info.st_size:,} bytes; a data file may hold at most {MAX_FILE_BYTES:,} bytes"
        )
    with open(path, "rb") as handle:  # read at most the limit, even if the file grew meanwhile
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(f"the file holds more than {MAX_FILE_BYTES:,} bytes; split it or shorten it")
    return raw


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
        data = yaml.load(text, Loader=_SafeLoader)
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
    if _depth(data) > MAX_DEPTH:
        raise YamlProblem(f"the file is nested too deeply; records may nest at most {MAX_DEPTH} levels", 1)
    return data


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
