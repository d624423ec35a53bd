"""The data published with the site: every record in one JSON document, with the JSON Schemas
that describe it, so others can reuse the playbook without scraping its pages.

    playbook.json                   every record of every kind: {"kinds": {...}, "records": {...}}
    schemas/playbook.schema.json    a draft-07 schema of playbook.json, generated from the kinds
    schemas/<file>                  each record schema, exactly the bytes of data/schemas/<file>

The record schemas are published under their own names and unchanged, so their relative `$ref`s
(`common.schema.json#/definitions/id`) resolve at the published address too. Published are the
schemas data/collections.yaml names and every file they `$ref`, nothing else in data/schemas/.

Nothing here knows what the records are about: kinds, labels, title fields and schema names all
come from the dataset's collections.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .collections import SCHEMA_DIR

if TYPE_CHECKING:
    from .dataset import Dataset

PLAYBOOK_JSON = "playbook.json"
SCHEMA_FOLDER = "schemas"  # on the site, beside playbook.json
PLAYBOOK_SCHEMA = "playbook.schema.json"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def published_files(dataset: Dataset) -> list[tuple[str, bytes]]:
    """(site path, content) of every published data file, sorted by path; same data, same bytes."""
    schema_dir = dataset.root / "data" / SCHEMA_DIR
    names = schema_names(dataset)
    if PLAYBOOK_SCHEMA in names:
        raise ValueError(f"data/{SCHEMA_DIR}/{PLAYBOOK_SCHEMA} would take the address of the generated "
                         "schema of playbook.json; rename it")
    files = [(f"{SCHEMA_FOLDER}/{name}", (schema_dir / name).read_bytes()) for name in names]
    files.append((f"{SCHEMA_FOLDER}/{PLAYBOOK_SCHEMA}", _json_bytes(playbook_schema(dataset))))
    files.append((PLAYBOOK_JSON, _json_bytes(playbook_document(dataset))))
    return sorted(files)


def playbook_document(dataset: Dataset) -> dict[str, Any]:
    """The whole playbook: each kind as collections.yaml describes it, and its records by id."""
    return {
        "kinds": {
            kind: {
                "label": collection.label,
                "title_field": collection.title,
                "schema": f"{SCHEMA_FOLDER}/{collection.schema}",
            }
            for kind, collection in dataset.collections.items()
        },
        "records": {
            kind: [found[record_id].data for record_id in sorted(found)]
            for kind, found in ((kind, dataset.records.get(kind, {})) for kind in dataset.collections)
        },
    }


def playbook_schema(dataset: Dataset) -> dict[str, Any]:
    """A draft-07 schema of playbook.json: each kind's records must satisfy that kind's published
    schema, referred to by a URL relative to this schema's own (both sit in schemas/)."""
    kinds = list(dataset.collections)
    kind_schemas = {}
    record_lists = {}
    for kind, collection in dataset.collections.items():
        kind_schemas[kind] = {
            "type": "object",
            "additionalProperties": False,
            "required": ["label", "title_field", "schema"],
            "properties": {
                "label": {"description": "What one record of the kind is called.", "const": collection.label},
                "title_field": {"description": "The field holding a record's display title.",
                                "const": collection.title},
                "schema": {"description": "The JSON Schema every record of the kind satisfies, relative "
                           "to playbook.json.", "const": f"{SCHEMA_FOLDER}/{collection.schema}"},
            },
        }
        record_lists[kind] = {
            "description": f"Every {collection.label} record, sorted by id.",
            "type": "array",
            "items": {"$ref": collection.schema},
            **({"minItems": 1} if collection.required else {}),
        }
    return {
        "$schema": DRAFT_07,
        "title": "Playbook data",
        "description": "Every record of the playbook, by kind; generated from data/collections.yaml.",
        "type": "object",
        "additionalProperties": False,
        "required": ["kinds", "records"],
        "properties": {
            "kinds": {
                "description": "Each kind of record: what a record is called, its title field, its schema.",
                "type": "object",
                "additionalProperties": False,
                "required": kinds,
                "properties": kind_schemas,
            },
            "records": {
                "description": "The records of each kind.",
                "type": "object",
                "additionalProperties": False,
                "required": kinds,
                "properties": record_lists,
            },
        },
    }


def schema_names(dataset: Dataset) -> list[str]:
    """The schema files the kinds use and every file they `$ref`, transitively, sorted."""
    schema_dir = dataset.root / "data" / SCHEMA_DIR
    found: set[str] = set()
    waiting = sorted({collection.schema for collection in dataset.collections.values()})
    while waiting:
        name = waiting.pop()
        if name in found:
            continue
        found.add(name)
        document = json.loads((schema_dir / name).read_bytes())
        for ref in _refs(document):
            target = _ref_file(name, ref)
            if target and target not in found and (schema_dir / target).is_file():
                waiting.append(target)
    return sorted(found)


def _refs(schema: Any) -> Iterator[str]:
    """Every `$ref` text in a schema document."""
    if isinstance(schema, dict):
        if isinstance(schema.get("$ref"), str):
            yield schema["$ref"]
        for value in schema.values():
            yield from _refs(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _refs(value)


def _ref_file(name: str, ref: str) -> str | None:
    """The schema file a `$ref` written in file `name` points at, or None (same file, or a web
    address, which validation never lets a schema use)."""
    address = ref.split("#", 1)[0]
    if not address or ":" in address or address.startswith("/"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(name), address))
    return None if target.startswith("../") else target


def _json_bytes(document: Any) -> bytes:
    """Deterministic JSON: sorted keys, UTF-8 as written, two-space indent, a final newline."""
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, allow_nan=False, indent=2)
    return (text + "\n").encode("utf-8")


__all__ = ["PLAYBOOK_JSON", "PLAYBOOK_SCHEMA", "SCHEMA_FOLDER", "playbook_document", "playbook_schema",
           "published_files", "schema_names"]
