"""The data published with the site: playbook.json, its generated schema, the record schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable

from test_validate import ROOT
from yamlbook import load_dataset
from yamlbook.publish import published_files

# Where the published files are pretended to live: any absolute URL would do, as long as
# nothing outside the published set can be reached from it.
SITE = "https://published.invalid/site/"


def validate_published(files: dict[str, bytes]) -> list[str]:
    """Errors of playbook.json against schemas/playbook.schema.json, every $ref resolved from the
    published files alone (the registry has no way to fetch anything else)."""
    registry = Registry().with_resources(
        (SITE + path, Resource.from_contents(json.loads(content)))
        for path, content in files.items() if path.startswith("schemas/")
    )
    playbook_schema = json.loads(files["schemas/playbook.schema.json"])
    Draft7Validator.check_schema(playbook_schema)
    validator = Draft7Validator({"$ref": SITE + "schemas/playbook.schema.json"}, registry=registry)
    document = json.loads(files["playbook.json"])
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(document)]


@pytest.fixture(scope="module")
def real():
    dataset = load_dataset(ROOT)
    return dataset, dict(published_files(dataset))


def test_playbook_json_satisfies_its_published_schema(real):
    _, files = real
    assert validate_published(files) == []


def test_every_record_is_published_in_id_order(real):
    dataset, files = real
    document = json.loads(files["playbook.json"])
    assert list(document["records"]) == sorted(dataset.collections)  # sort_keys
    for kind, found in dataset.records.items():
        assert document["records"][kind] == [found[i].data for i in sorted(found)], kind
    assert {kind: info["schema"] for kind, info in document["kinds"].items()} == {
        kind: f"schemas/{c.schema}" for kind, c in dataset.collections.items()}


def test_record_schemas_are_published_byte_for_byte(real):
    _, files = real
    schema_dir = ROOT / "data" / "schemas"
    published = {path.removeprefix("schemas/") for path in files if path.startswith("schemas/")}
    # Every file in data/schemas/ is used today: the kinds' schemas plus common.schema.json.
    assert published == {p.name for p in schema_dir.glob("*.schema.json")} | {"playbook.schema.json"}
    for name in published - {"playbook.schema.json"}:
        assert files[f"schemas/{name}"] == (schema_dir / name).read_bytes(), name


def test_output_is_deterministic_json(real):
    dataset, files = real
    assert published_files(dataset) == sorted(files.items())
    for path in ("playbook.json", "schemas/playbook.schema.json"):
        text = files[path].decode("utf-8")
        assert text.endswith("}\n") and not text.endswith("\n\n")
        assert text == json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def test_a_bad_record_or_a_missing_schema_is_caught(real):
    """The check above can fail: a record breaking its schema, or a $ref the published files lack."""
    _, files = real
    document = json.loads(files["playbook.json"])
    kind = next(k for k, records in document["records"].items() if records)
    document["records"][kind][0]["id"] = 12
    broken = dict(files, **{"playbook.json": json.dumps(document).encode()})
    assert any(error.startswith(f"$.records.{kind}[0].id: 12 is not of type 'string'")
               for error in validate_published(broken))
    without_common = {path: content for path, content in files.items()
                      if path != "schemas/common.schema.json"}
    with pytest.raises(Unresolvable):
        validate_published(without_common)


# --- a tiny project with nothing of the playbook's content in it

SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/{}\n"


def tiny_project(root: Path) -> Path:
    """Two kinds unknown to the playbook (one a folder, one a single file), a shared schema file
    they $ref, and a schema file nobody uses."""
    data = root / "data"
    (data / "schemas").mkdir(parents=True)
    (data / "recipes").mkdir()
    (data / "collections.yaml").write_text(
        "recipes:\n  folder: recipes\n  schema: recipe.schema.json\n  label: recipe\n  title: name\n"
        "kitchen:\n  file: kitchen.yaml\n  schema: kitchen.schema.json\n  label: kitchen\n  title: name\n"
        "  required: true\n")
    schemas = {
        "parts.schema.json": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "definitions": {"name": {"description": "A name.", "type": "string", "minLength": 1}},
        },
        "recipe.schema.json": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object", "additionalProperties": False, "required": ["id", "name"],
            "properties": {"id": {"description": "The id.", "type": "string"},
                           "name": {"$ref": "parts.schema.json#/definitions/name"},
                           "serves": {"description": "How many.", "type": "integer"}},
        },
        "kitchen.schema.json": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object", "additionalProperties": False, "required": ["name"],
            "properties": {"name": {"$ref": "parts.schema.json#/definitions/name"}},
        },
        "unused.schema.json": {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"},
    }
    for name, schema in schemas.items():
        (data / "schemas" / name).write_text(json.dumps(schema, indent=4) + "\n")
    (data / "recipes" / "soup.yaml").write_text(SCHEMA_LINE.format("recipe.schema.json") +
                                                "id: soup\nname: Soupe à l'oignon\nserves: 4\n")
    (data / "recipes" / "bread.yaml").write_text(SCHEMA_LINE.format("recipe.schema.json") +
                                                 "id: bread\nname: Bread\n")
    (data / "kitchen.yaml").write_text(SCHEMA_LINE.format("kitchen.schema.json").replace("../", "") +
                                       "name: Test kitchen\n")
    return root


def test_a_tiny_project_of_other_kinds_publishes_the_same_way(tmp_path):
    files = dict(published_files(load_dataset(tiny_project(tmp_path))))
    assert sorted(files) == ["playbook.json", "schemas/kitchen.schema.json", "schemas/parts.schema.json",
                             "schemas/playbook.schema.json", "schemas/recipe.schema.json"]
    assert validate_published(files) == []
    text = files["playbook.json"].decode("utf-8")
    assert "Soupe à l'oignon" in text  # UTF-8 as written, not \u escapes
    assert json.loads(text) == {
        "kinds": {
            "kitchen": {"label": "kitchen", "title_field": "name", "schema": "schemas/kitchen.schema.json"},
            "recipes": {"label": "recipe", "title_field": "name", "schema": "schemas/recipe.schema.json"},
        },
        "records": {
            "kitchen": [{"name": "Test kitchen"}],
            "recipes": [{"id": "bread", "name": "Bread"},
                        {"id": "soup", "name": "Soupe à l'oignon", "serves": 4}],
        },
    }
    schema = json.loads(files["schemas/playbook.schema.json"])
    records = schema["properties"]["records"]["properties"]
    assert records["recipes"]["items"] == {"$ref": "recipe.schema.json"}
    assert records["kitchen"]["minItems"] == 1 and "minItems" not in records["recipes"]
    for name in ("kitchen", "parts", "recipe"):
        path = f"schemas/{name}.schema.json"
        assert files[path] == (tmp_path / "data" / path).read_bytes()


def test_a_tiny_record_breaking_its_schema_fails_the_published_check(tmp_path):
    files = dict(published_files(load_dataset(tiny_project(tmp_path))))
    document = json.loads(files["playbook.json"])
    document["records"]["recipes"][0]["name"] = ""
    errors = validate_published(dict(files, **{"playbook.json": json.dumps(document).encode()}))
    assert errors == ["$.records.recipes[0].name: '' should be non-empty"]
