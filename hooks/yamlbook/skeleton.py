"""A new record's file, written from its schema: the schema line, and every required field with
its description and an empty value for the author to fill in (validation says what is missing)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .collections import SCHEMA_DIR, is_id, read_collections
from .problems import Problem
from .schemas import load_schemas


class SkeletonError(Exception):
    """The record cannot be started: unknown kind, bad id, or the file exists."""


def write_skeleton(root: Path, kind: str, record_id: str) -> Path:
    """Write data/<folder>/<id>.yaml for a kind with one record per file; return its path."""
    root = root.resolve()
    problems: list[Problem] = []
    collections = read_collections(root, problems)
    if problems:
        raise SkeletonError("data/collections.yaml has problems; run yamlbook validate first")
    if kind not in collections:
        raise SkeletonError(f"unknown kind '{kind}'; should be one of: {', '.join(collections)}")
    collection = collections[kind]
    if not collection.folder:
        raise SkeletonError(f"'{kind}' is a single record (data/{collection.file}); edit that file instead")
    if not is_id(record_id):
        raise SkeletonError(f"'{record_id}' is not a valid id: use lowercase letters, digits and single hyphens")
    path = root / "data" / collection.folder / f"{record_id}.yaml"
    if path.exists():
        raise SkeletonError(f"{path.relative_to(root).as_posix()} already exists")
    schemas = load_schemas(root / "data" / SCHEMA_DIR, {kind: collection}, problems, root)
    if collection.schema not in schemas:
        raise SkeletonError(f"the schema {collection.schema} has problems; run yamlbook validate first")
    schema_line = os.path.relpath(root / "data" / SCHEMA_DIR / collection.schema, path.parent)
    lines = [f"# yaml-language-server: $schema={Path(schema_line).as_posix()}"]
    lines += _fields(schemas[collection.schema].inlined, 0, {"id": record_id})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _fields(schema: dict[str, Any], indent: int, given: dict[str, str]) -> list[str]:
    """The required fields of an object schema, each after a comment with its description."""
    pad = " " * indent
    lines: list[str] = []
    properties = schema.get("properties", {})
    for name in schema.get("required", []):
        field = properties.get(name, {})
        lines += [f"{pad}# {line}" for line in _describe(field)]
        if name in given:
            lines.append(f"{pad}{name}: {given[name]}")
        elif field.get("type") == "object" and field.get("required"):
            lines.append(f"{pad}{name}:")
            lines += _fields(field, indent + 2, {})
        elif field.get("type") == "array":
            item = field.get("items", {})
            if item.get("type") == "object" and item.get("required"):
                lines.append(f"{pad}{name}:")
                inner = _fields(item, indent + 4, {})
                lines += [f"{pad}  -" + inner[0][indent + 3:]] + inner[1:] if inner else [f"{pad}  - {{}}"]
            else:
                lines.append(f"{pad}{name}: []")
        elif field.get("type") == "object":
            lines.append(f"{pad}{name}: {{}}")
        elif field.get("type") in ("number", "integer"):
            lines.append(f"{pad}{name}:")
        else:
            lines.append(f'{pad}{name}: ""')
    return lines


def _describe(field: dict[str, Any]) -> list[str]:
    text = field.get("description", "")
    if "enum" in field:
        text += f" One of: {', '.join(map(str, field['enum']))}."
    for limit, words in (("minItems", "at least {} items"), ("minLength", "at least {} characters")):
        if limit in field and field[limit] > 1:
            text += f" ({words.format(field[limit])})"
    return [text.strip()] if text.strip() else []
