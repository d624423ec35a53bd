"""Record schemas, ready to use: cross-file references inlined, compiled for speed, and the
places where a record refers to another one (the x-ref keyword) found once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

from .parsecache import cache_dir
from .problems import Problem

if TYPE_CHECKING:
    from jsonschema import ValidationError

REFERENCE_KEYWORD = "x-ref"  # schema keyword: the string must be the id of a record of this kind


_ANY_ITEM = object()  # in a reference path: every item of a list


@dataclass
class Schema:
    """One record schema: a compiled check for every record, and jsonschema to explain failures."""

    inlined: dict[str, Any]
    check: Any  # fastjsonschema's compiled validate(data): fast, stops at the first problem
    references: list[tuple[tuple, str]]  # (path with _ANY_ITEM steps, kind referred to)
    _explain: Any = None

    def errors(self, data: Any) -> list[ValidationError]:
        """Every schema problem in data, in document order."""
        try:
            self.check(data)
            return []
        except fastjsonschema.JsonSchemaValueException:
            pass
        if self._explain is None:
            from jsonschema import Draft7Validator  # slow to import; needed only when data is wrong

            self._explain = Draft7Validator(self.inlined)
        return sorted(self._explain.iter_errors(data), key=lambda e: [(isinstance(p, str), p) for p in e.absolute_path])


def _compiled_check(schema: dict[str, Any], root: Path):
    """fastjsonschema's check for a schema; its generated code is cached by the schema's hash."""
    folder = cache_dir(root)
    digest = hashlib.sha256((json.dumps(schema, sort_keys=True) + fastjsonschema.VERSION).encode())
    path = folder / f"schema-{digest.hexdigest()[:24]}.py" if folder else None
    code = path.read_text(encoding="utf-8") if path and path.exists() else None
    if code is None:
        code = fastjsonschema.compile_to_code(schema, use_formats=False)
        if path:
            with contextlib.suppress(OSError):  # a cache that cannot be written is no error
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(code, encoding="utf-8")
    namespace: dict[str, Any] = {}
    exec(compile(code, str(path or "<schema>"), "exec"), namespace)  # generated from our own schema
    return namespace["validate"]


def load_schemas(schema_dir, collections, problems, root) -> dict[str, Schema]:
    """Each record schema, with its cross-file references inlined, built once per load."""
    found = {}
    for path in sorted(schema_dir.glob("*.json")):
        try:
            found[path.name] = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            rel = path.relative_to(root).as_posix()
            problems.append(Problem(rel, err.lineno, None, f"schema is not valid JSON: {err.msg}"))
    result = {}
    for collection in collections.values():
        if collection.schema not in found:
            problems.append(Problem(f"data/schemas/{collection.schema}", None, None,
                                    f"schema file missing (named for '{collection.kind}' in data/collections.yaml)"))
            continue
        inlined = _inline_refs(found[collection.schema], found, collection.schema)
        check = _compiled_check(inlined, root)
        result[collection.schema] = Schema(inlined, check, list(_reference_paths(inlined)))
    return result


def _reference_paths(schema: Any, path: tuple = ()):
    """Where the schema says a value is the id of a record: (path, kind) pairs."""
    if not isinstance(schema, dict):
        return
    if REFERENCE_KEYWORD in schema:
        yield path, schema[REFERENCE_KEYWORD]
    for name, subschema in schema.get("properties", {}).items():
        yield from _reference_paths(subschema, path + (name,))
    if isinstance(schema.get("items"), dict):
        yield from _reference_paths(schema["items"], path + (_ANY_ITEM,))


def references(paths: list[tuple[tuple, str]], data: Any):
    """(json path, kind, id) for every reference in a record, wherever its shape allows."""
    for pattern, kind in paths:
        for parts, value in _follow(data, pattern, ()):
            if isinstance(value, str):
                yield parts, kind, value


def _follow(value: Any, pattern: tuple, parts: tuple):
    if not pattern:
        yield parts, value
        return
    step, rest = pattern[0], pattern[1:]
    if step is _ANY_ITEM:
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from _follow(item, rest, parts + (i,))
    elif isinstance(value, dict) and step in value:
        yield from _follow(value[step], rest, parts + (step,))


def _inline_refs(schema: Any, store: dict[str, Any], base: str) -> Any:
    """The schema with every $ref to another file replaced by its target, merged with the
    keywords beside it. The result validates the same, and several times faster, because
    jsonschema no longer resolves a reference at every node."""
    if isinstance(schema, list):
        return [_inline_refs(item, store, base) for item in schema]
    if not isinstance(schema, dict):
        return schema
    ref = schema.get("$ref")
    if isinstance(ref, str) and "#" in ref:
        file_name, pointer = ref.split("#", 1)
        file_name = file_name or base
        target = store.get(file_name)
        if target is not None:
            for part in filter(None, pointer.split("/")):
                target = target[part]
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            return _inline_refs({**target, **siblings}, store, file_name)
    return {key: _inline_refs(value, store, base) for key, value in schema.items()}
