"""Check every data file: readable YAML, valid against its schema, consistent across files.

All problems in all files are collected before anything is reported.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from . import checks
from .collections import SCHEMA_DIR, Collection, generated_pages
from .pages import page_url
from .parsecache import Reference, RecordCache, Stat
from .problems import Problem, shorten as _short
from .records import Record, load_records, schema_line_problems
from .schemas import Schema, load_schemas, non_finite_numbers, references
from .yamlfile import line_of

if TYPE_CHECKING:
    from jsonschema import ValidationError

PAGES = "pages"  # the reference kind for pages of the site


def validate(root: Path, collections: dict[str, Collection], pages: Iterable[str],
             site_checks: dict[str, tuple[Callable, ...]] | None = None,
             stats: dict[str, Stat | None] | None = None, seen_ns: int | None = None):
    """Load and check every record; return (records, back-references, schemas, problems).

    Back-references map (kind, id) to the (kind, id) of every record that refers to it.
    site_checks: the project's own checks by schema file name, run after the engine's.
    stats, seen_ns: the data files' stats from a walk begun at seen_ns (records.load_records).

    A record's own checks (its schema line and schema, numbers, links, web addresses, id and the
    engine's rules) read only the record, its kind and its schema; when they found nothing, the
    cache keeps the references the record makes, keyed by its content and check_key(). Checks
    between records, and the project's own checks, run on every load.
    """
    data_dir = root / "data"
    problems: list[Problem] = []
    cache = RecordCache(root)
    records, unreadable = load_records(root, collections, problems, cache, stats, seen_ns)
    pages = set(pages)
    served = {page_url(page): page for page in sorted(pages, reverse=True)}  # the first page wins

    ids = {kind: set(found) | unreadable.get(kind, set()) for kind, found in records.items()}
    ids[PAGES] = pages | {path for _, _, path in generated_pages(collections, records)}
    labels = {kind: c.label for kind, c in collections.items()} | {PAGES: "page"}

    backrefs: dict[tuple[str, str], dict[tuple[str, str], None]] = {}  # dicts: ordered sets
    case_refs: list[tuple[Record, tuple, str, str]] = []  # checked once every record is loaded
    schemas = load_schemas(data_dir / SCHEMA_DIR, collections, problems, root, cache.compiled, ids)
    for kind, collection in collections.items():
        schema = schemas.get(collection.schema)
        schema_file = data_dir / SCHEMA_DIR / collection.schema
        if schema is None:  # its problems are reported; the schema line can still be checked
            for record in records[kind].values():
                problems += schema_line_problems(record, schema_file)
            continue
        key = check_key(collection, schema)
        extra = (site_checks or {}).get(collection.schema, ())
        for record in records[kind].values():
            passed = cache.checked(record.rel, key)
            own = _Own(passed) if passed is not None else _own_checks(record, collection, schema, schema_file)
            cache.remember_checked(record.rel, key, own.references if own.clean else None)
            problems += own.first
            for parts, target_kind, target in own.references:
                if target in ids.get(target_kind, ()):
                    backrefs.setdefault((target_kind, target), {})[(record.kind, record.id)] = None
                    if parts and parts[-1] == checks.CASE_FIELD:
                        case_refs.append((record, parts[:-1], target_kind, target))
                else:
                    message = f"unknown {labels.get(target_kind, target_kind)} '{_short(target)}'; should be one of: "
                    problems.append(_problem(record, parts, message + _choices(target, ids.get(target_kind, set()))))
            if not own.valid:
                continue
            problems += own.identity
            if collection.page:
                problems += _page_clash(record, collection.page_path(record.id), served)
            problems += own.rules
            if extra:
                found = checks.run_project(extra, record.data)
                problems += [_problem(record, parts, message) for parts, message in found]
    for record, parts, kind, case_id in case_refs:
        case = records[kind].get(case_id)
        holder = _at(record.data, parts)
        if case is None or not isinstance(holder, dict):
            continue
        for field_parts, message in checks.case_numbers(holder, case.data, case_id):
            problems.append(_problem(record, parts + field_parts, message))
    cache.save()
    return records, backrefs, schemas, problems


def check_key(collection: Collection, schema: Schema) -> bytes:
    """What a record's own checks read besides the record: its kind's settings and its schema
    (the engine's version keys the whole cache)."""
    return hashlib.blake2b(f"{collection!r}\0{schema.digest}".encode(), digest_size=16).digest()


@dataclass
class _Own:
    """What a record's own checks found, in the order they are reported."""

    references: list[Reference]  # (json path parts, kind, id) of every reference the record makes
    first: list[Problem] = field(default_factory=list)  # schema line, schema, numbers, links, addresses
    valid: bool = True  # passed its schema with finite numbers: the checks below assume so
    identity: list[Problem] = field(default_factory=list)  # the id against the file name
    rules: list[Problem] = field(default_factory=list)  # the engine's checks for its schema

    @property
    def clean(self) -> bool:
        return self.valid and not (self.first or self.identity or self.rules)


def _own_checks(record: Record, collection: Collection, schema: Schema, schema_file: Path) -> _Own:
    """Run every check that reads nothing but the record, its kind and its schema."""
    text = _text()
    data = record.data
    own = _Own(list(references(schema.references, data)))
    own.first += schema_line_problems(record, schema_file)
    errors = schema.errors(data)
    own.first += [_schema_problem(record, error) for error in errors]
    numbers = non_finite_numbers(data)  # no JSON Schema can refuse .nan or .inf
    own.first += [_problem(record, parts, message) for parts, message in numbers]
    if _may_link(record):
        for parts, message in text.unsafe_links_in(data):
            own.first.append(_problem(record, parts, message))
    for parts, _, address in references(schema.addresses, data):
        if not text.is_web_address(address):
            own.first.append(_problem(record, parts, f"{_value(address)} is not a web address; "
                                      "write the full address, starting with https:// or http://"))
    own.valid = not errors and not numbers
    if not own.valid:
        return own
    if collection.folder and data.get("id") != record.id:
        own.identity.append(_problem(record, ("id",),
                                     f"{_value(data.get('id'))} must equal the file name '{record.id}'"))
    own.rules = [_problem(record, parts, message) for parts, message in checks.run(collection.schema, data)]
    return own


@functools.cache
def _text():
    """The text module, imported when a record is first checked (it imports Markdown)."""
    from . import text

    return text


def _may_link(record: Record) -> bool:
    """Whether the record may hold a link for unsafe_links_in to check: that looks only at text
    holding a '[' or a '<' (tests/test_validate_cache.py keeps the two in step). When this load
    read the file, its bytes answer at once: YAML cannot put either character in a value without
    writing it, or a backslash escape."""
    raw = record.loaded_raw
    return raw is None or b"[" in raw or b"<" in raw or b"\\" in raw


def _at(data: Any, parts: tuple) -> Any:
    """The value at a json path, or None when there is none."""
    for part in parts:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _page_clash(record: Record, generated: str, served: dict[str, str]) -> list[Problem]:
    """A generated page may not take the address of a hand-written one (served: url -> page)."""
    page = served.get(page_url(generated))
    if page is None:
        return []
    return [_problem(record, ("id",), (
        f"the id '{record.id}' would generate the page {generated}, but the hand-written page "
        f"{page} is served at that address; choose another id (and rename the file)"
    ))]


def _choices(wrong: str, valid: set[str], limit: int = 20) -> str:
    if not valid:
        return "(none exist yet)"
    if len(valid) <= limit:
        return ", ".join(sorted(valid))
    import difflib  # only when a reference is wrong

    close = difflib.get_close_matches(wrong, sorted(valid), n=8, cutoff=0)
    return ", ".join(close) + f", … ({len(valid)} in all)"


def _schema_problem(record: Record, error: ValidationError) -> Problem:
    parts = tuple(error.absolute_path)
    message, key = _describe(error)
    return _problem(record, parts, message, key=key)


def _problem(record: Record, parts: tuple, message: str, key: str | None = None) -> Problem:
    line = line_of(record.node, parts, key=key)
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
        return f"{_value(instance)} is not allowed; should be one of: {', '.join(map(str, error.validator_value))}", None
    if kind == "pattern":
        return f"{_value(instance)} is not in the right form: {schema.get('description', error.message)}", None
    if not isinstance(instance, (dict, list)):
        # jsonschema's messages start with the value itself, which may be long or span lines.
        return error.message.replace(repr(instance), _value(instance), 1), None
    return error.message, None


def _value(instance: Any) -> str:
    """A value as a message shows it: its repr, cut short and on one line."""
    return _short(repr(instance))
