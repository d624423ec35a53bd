"""Check every data file: readable YAML, valid against its schema, consistent across files.

All problems in all files are collected before anything is reported.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml
from jsonschema import Draft7Validator, ValidationError, validators
from referencing import Registry, Resource

from . import checks
from .problems import Problem
from .yamlfile import YamlProblem, line_of, read_mapping

COLLECTIONS_FILE = "collections.yaml"
SCHEMA_DIR = "schemas"
REFERENCE_KEYWORD = "x-ref"  # schema keyword: the string must be the id of a record of this kind
PAGES = "pages"  # the reference kind for pages of the site


@dataclass(frozen=True)
class Collection:
    """One kind of record, as data/collections.yaml describes it."""

    kind: str
    schema: str
    label: str
    title: str
    folder: str | None = None
    file: str | None = None
    page: str | None = None

    def files(self, data_dir: Path) -> list[Path]:
        """The data files holding this kind's records."""
        if self.file:
            path = data_dir / self.file
            return [path] if path.exists() else []
        return sorted((data_dir / (self.folder or self.kind)).glob("*.yaml"))

    def page_path(self, record_id: str) -> str:
        """Where a record's generated page lives in the docs folder."""
        return f"{self.page}/{record_id}.md"


@dataclass
class Record:
    """One loaded data file."""

    kind: str
    id: str
    rel: str  # path relative to the project root
    data: dict[str, Any]
    text: str


def read_collections(data_dir: Path) -> dict[str, Collection]:
    """Read data/collections.yaml, the list of record kinds."""
    with open(data_dir / COLLECTIONS_FILE, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return {kind: Collection(kind=kind, **spec) for kind, spec in raw.items()}


def validate(root: Path, collections: dict[str, Collection], pages: Iterable[str]):
    """Load and check every record; return (records, back-references, problems).

    Back-references map (kind, id) to the (kind, id) of every record that refers to it.
    """
    data_dir = root / "data"
    problems: list[Problem] = []
    records: dict[str, dict[str, Record]] = {kind: {} for kind in collections}

    for kind, collection in collections.items():
        for path in collection.files(data_dir):
            rel = path.relative_to(root).as_posix()
            try:
                data, text = read_mapping(path)
            except YamlProblem as err:
                problems.append(Problem(rel, err.line, None, err.message))
                continue
            record_id = path.stem if collection.folder else str(data.get("id", path.stem))
            records[kind][record_id] = Record(kind, record_id, rel, data, text)

    ids = {kind: set(found) for kind, found in records.items()}
    ids[PAGES] = set(pages) | {
        c.page_path(i) for k, c in collections.items() if c.page for i in records[k]
    }
    labels = {kind: c.label for kind, c in collections.items()} | {PAGES: "page"}

    backrefs: dict[tuple[str, str], dict[tuple[str, str], None]] = {}  # dicts: ordered sets
    current: list[Record] = []  # the record being validated, for the reference keyword
    schema_validators = _validators(
        data_dir / SCHEMA_DIR, collections, _reference_check(ids, labels, current, backrefs), problems, root
    )
    for kind, collection in collections.items():
        validator = schema_validators.get(collection.schema)
        if validator is None:
            continue
        for record in records[kind].values():
            current[:] = [record]
            errors = sorted(validator.iter_errors(record.data), key=lambda e: list(e.absolute_path))
            problems += [_schema_problem(record, error) for error in errors]
            if errors:
                continue
            if collection.folder and record.data.get("id") != record.id:
                problems.append(_problem(record, ("id",), f"'{record.data.get('id')}' must equal the file name '{record.id}'"))
            for parts, message in checks.run(collection.schema, record.data):
                problems.append(_problem(record, parts, message))
    return records, backrefs, problems


def _validators(schema_dir, collections, reference_check, problems, root):
    """One validator per schema, built once per load, knowing every id for references."""
    resources, found = [], {}
    for path in sorted(schema_dir.glob("*.json")):
        try:
            contents = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            rel = path.relative_to(root).as_posix()
            problems.append(Problem(rel, err.lineno, None, f"schema is not valid JSON: {err.msg}"))
            continue
        resources.append((path.name, Resource.from_contents(contents)))
        found[path.name] = contents
    registry = Registry().with_resources(resources)
    found = {name: _inline_refs(schema, found, name) for name, schema in found.items()}
    validator_class = validators.extend(
        Draft7Validator, {REFERENCE_KEYWORD: reference_check}
    )
    result = {}
    for collection in collections.values():
        schema = found.get(collection.schema)
        if schema is None:
            problems.append(Problem(f"data/{SCHEMA_DIR}/{collection.schema}", None, None,
                                    f"schema file missing (named for '{collection.kind}' in data/{COLLECTIONS_FILE})"))
            continue
        result[collection.schema] = validator_class(schema, registry=registry)
    return result


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


def _reference_check(ids, labels, current, backrefs):
    def check(validator, kind, instance, schema):
        if not isinstance(instance, str):
            return
        if instance in ids.get(kind, set()):
            backrefs.setdefault((kind, instance), {})[(current[0].kind, current[0].id)] = None
        else:
            yield ValidationError(
                f"unknown {labels.get(kind, kind)} '{instance}'; should be one of: "
                + _choices(instance, ids.get(kind, set()))
            )
    return check


def _choices(wrong: str, valid: set[str], limit: int = 20) -> str:
    if not valid:
        return "(none exist yet)"
    if len(valid) <= limit:
        return ", ".join(sorted(valid))
    close = difflib.get_close_matches(wrong, sorted(valid), n=8, cutoff=0)
    return ", ".join(close) + f", … ({len(valid)} in all)"


def _schema_problem(record: Record, error: ValidationError) -> Problem:
    parts = tuple(error.absolute_path)
    message, key = _describe(error)
    return _problem(record, parts, message, key=key)


def _problem(record: Record, parts: tuple, message: str, key: str | None = None) -> Problem:
    line = line_of(record.text, parts, key=key)
    return Problem(record.rel, line, json_path(parts), message)


def json_path(parts: Iterable[Any]) -> str:
    """'$.steps[2]' for ('steps', 2)."""
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _describe(error: ValidationError) -> tuple[str, str | None]:
    """A message a marketer understands, and the mapping key the problem sits on, if any."""
    kind, instance, schema = error.validator, error.instance, error.schema
    properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
    if kind == "required" and isinstance(instance, dict):
        missing = next((name for name in error.validator_value if name not in instance), "?")
        hint = properties.get(missing, {}).get("description")
        return f"missing required field '{missing}'" + (f" ({hint})" if hint else ""), None
    if kind == "additionalProperties" and isinstance(instance, dict):
        extra = sorted(k for k in instance if k not in properties)
        allowed = ", ".join(properties) or "none"
        names = ", ".join(f"'{k}'" for k in extra)
        noun = "field" if len(extra) == 1 else "fields"
        return f"unknown {noun} {names}; allowed fields: {allowed}", extra[0] if extra else None
    if kind == "enum":
        return f"{instance!r} is not allowed; should be one of: {', '.join(map(str, error.validator_value))}", None
    if kind == "pattern":
        return f"{instance!r} is not in the right form: {schema.get('description', error.message)}", None
    return error.message, None
