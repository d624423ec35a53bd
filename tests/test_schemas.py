"""The schemas themselves: draft-07, every property described, closed objects, and every data
file pointing editors at its schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = sorted((ROOT / "data" / "schemas").glob("*.json"))
COLLECTIONS = yaml.safe_load((ROOT / "data" / "collections.yaml").read_text())


def _objects(schema, path="$"):
    """Every object-typed subschema, with where it is."""
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            yield path, schema
        for key, value in schema.items():
            yield from _objects(value, f"{path}.{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from _objects(value, f"{path}[{i}]")


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_draft7_with_described_properties_and_closed_objects(path):
    schema = json.loads(path.read_text())
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)
    for where, subschema in _objects(schema):
        if "properties" in subschema:
            assert subschema.get("additionalProperties") is False, where
        for name, prop in subschema.get("properties", {}).items():
            described = "description" in prop or (
                "$ref" in prop and prop["$ref"].startswith("common.schema.json")
            )
            assert described, f"{path.name} {where}.{name} has no description"


def test_every_data_file_starts_with_its_editor_schema_line():
    for kind, spec in COLLECTIONS.items():
        if "file" in spec:
            files, prefix = [ROOT / "data" / spec["file"]], "./schemas/"
        else:
            files, prefix = sorted((ROOT / "data" / spec["folder"]).glob("*.yaml")), "../schemas/"
        assert files, kind
        for file in files:
            first = file.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema={prefix}{spec['schema']}", file
