"""Check every data file: readable YAML, valid against its schema, consistent across files.

All problems in all files are collected before anything is reported.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import yaml

from . import checks
from .parsecache import ParseCache
from .problems import Problem
from .schemas import load_schemas, references
from .yamlfile import YamlProblem, line_of, read_mapping

if TYPE_CHECKING:
    from jsonschema import ValidationError

COLLECTIONS_FILE = "collections.yaml"
SCHEMA_DIR = "schemas"
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
    path: Path

    @functools.cached_property
    def text(self) -> str:
        """The file's text, read again only when a problem needs its line numbers."""
        return self.path.read_text(encoding="utf-8")


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
    cache = ParseCache(root)
    seen: set[str] = set()

    for kind, collection in collections.items():
        for path in collection.files(data_dir):
            rel = path.relative_to(root).as_posix()
            seen.add(rel)
            stat = path.stat()
            data = cache.get(rel, stat)
            if data is None:
                try:
                    data = read_mapping(path)
                except YamlProblem as err:
                    problems.append(Problem(rel, err.line, None, err.message))
                    continue
                cache.put(rel, stat, data)
            record_id = path.stem if collection.folder else str(data.get("id", path.stem))
            records[kind][record_id] = Record(kind, record_id, rel, data, path)
    cache.save(seen)

    ids = {kind: set(found) for kind, found in records.items()}
    ids[PAGES] = set(pages) | {
        c.page_path(i) for k, c in collections.items() if c.page for i in records[k]
    }
    labels = {kind: c.label for kind, c in collections.items()} | {PAGES: "page"}

    backrefs: dict[tuple[str, str], dict[tuple[str, str], None]] = {}  # dicts: ordered sets
    schemas = load_schemas(data_dir / SCHEMA_DIR, collections, problems, root)
    for kind, collection in collections.items():
        schema = schemas.get(collection.schema)
        if schema is None:
            continue
        for record in records[kind].values():
            errors = schema.errors(record.data)
            problems += [_schema_problem(record, error) for error in errors]
            for parts, target_kind, target in references(schema.references, record.data):
                if target in ids.get(target_kind, ()):
                    backrefs.setdefault((target_kind, target), {})[(record.kind, record.id)] = None
                else:
                    message = f"unknown {labels.get(target_kind, target_kind)} '{target}'; should be one of: "
                    problems.append(_problem(record, parts, message + _choices(target, ids.get(target_kind, set()))))
            if errors:
                continue
            if collection.folder and record.data.get("id") != record.id:
                problems.append(_problem(record, ("id",), f"'{record.data.get('id')}' must equal the file name '{record.id}'"))
            for parts, message in checks.run(collection.schema, record.data):
                problems.append(_problem(record, parts, message))
    return records, backrefs, problems


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
