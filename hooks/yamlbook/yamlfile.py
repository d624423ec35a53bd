"""Read one YAML file safely, and find the line of any node in it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# PyYAML's C loader is several times faster; the pure-Python one gives the same results.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlProblem(Exception):
    """A file that cannot be read as a YAML mapping; line may be None."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def read_mapping(path: Path) -> dict[str, Any]:
    """Return the file's top-level mapping, or raise YamlProblem."""
    raw = path.read_bytes()
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
        raise YamlProblem(f"YAML error: {err}") from None
    if data is None:
        raise YamlProblem("the file is empty; it should hold a mapping of fields (field: value)", 1)
    if not isinstance(data, dict):
        kind = {list: "a list", str: "a single text value"}.get(type(data), f"a {type(data).__name__}")
        raise YamlProblem(
            f"the top level is {kind}; it should be a mapping of fields (field: value)", 1
        )
    return data


def _tag_of(err: yaml.constructor.ConstructorError) -> str:
    problem = err.problem or ""
    start = problem.find("'")
    return problem[start:] if start >= 0 else "used here"


def line_of(text: str, json_path: tuple[Any, ...], *, key: str | None = None) -> int | None:
    """1-based line of the node at json_path (or of its key `key`), composing the YAML anew.

    Only called when a problem is reported, so valid files never pay for it.
    """
    try:
        node = yaml.compose(text, Loader=_SafeLoader)
    except yaml.YAMLError:
        return None
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
