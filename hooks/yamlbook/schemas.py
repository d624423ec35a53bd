"""Record schemas, ready to use: checked, cross-file references inlined the way draft-07 reads
them, compiled in memory for speed, and the places where a record refers to another one (the
x-ref keyword) found once.

Three tools read these schemas: this engine, editors (yaml-language-server) and check-jsonschema.
So a schema file is used only when all three read it the same way: draft-07; a `$ref` names a
file in data/schemas/ (nothing is ever fetched) and has no rules beside it (draft-07 ignores
them); a pattern's `$` means the end of the text, as in ECMA-262. Anything else is a Problem
in the schema file, never a traceback.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator
from urllib.parse import unquote, urlsplit

from .parsecache import cache_dir
from .problems import Problem
from .yamlfile import compose, line_of

if TYPE_CHECKING:
    from jsonschema import ValidationError

REFERENCE_KEYWORD = "x-ref"  # schema keyword: the string must be the id of a record of this kind
# Schema keyword beside an enum: the enum lists the ids of a kind's records, every one of them,
# and nothing else but the values "also" names: "x-ids": "streams" or
# "x-ids": {"kind": "streams", "also": ["both"]}. The enum stays (editors offer its values).
IDS_KEYWORD = "x-ids"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"
TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")
NOT_FINITE = "not a finite number; write a plain number like 12 or 0.5"

# Keywords that may sit beside a $ref. Draft-07 ignores every keyword there; these only describe
# (editors show title and description on hover, so they stay in the inlined schema) or hold
# definitions. Any other keyword beside a $ref is a rule nobody applies, so it is refused.
_ANNOTATIONS = ("title", "description", "$comment", "examples", "default", "readOnly", "writeOnly",
                REFERENCE_KEYWORD)
_BESIDE_REF = {"$ref", "$schema", "definitions", *_ANNOTATIONS}

# Where draft-07 keeps subschemas: one schema, a list of them, or a mapping of names to them.
_ONE = ("additionalItems", "additionalProperties", "contains", "propertyNames", "if", "then", "else", "not")
_LIST = ("allOf", "anyOf", "oneOf")
_NAMED = ("properties", "patternProperties", "definitions", "dependencies")
_CONTAINERS = {*_LIST, *_NAMED, "items"}

# fastjsonschema's rewrite of a pattern: every unescaped `$` becomes `\Z`, so that, as in
# ECMA-262, `^[a-z]+$` does not match "abc\n". jsonschema's own pattern check uses re.search
# as written; the explaining validator below makes the same rewrite, so both agree.
_DOLLAR = re.compile(r"(?<!\\)\$")
_CHECKED_CACHE = "yamlbook-schemas-checked.json"  # digests of files that passed the metaschema
_CHECKED_VERSION = 1

_ANY_ITEM = object()  # in a reference path: every item of a list


@dataclass
class Schema:
    """One record schema: a compiled check for every record, and jsonschema to explain failures."""

    inlined: dict[str, Any]
    check: Any  # fastjsonschema's compiled validate(data): fast, stops at the first problem
    references: list[tuple[tuple, str]]  # (path with _ANY_ITEM steps, kind referred to)
    addresses: list[tuple[tuple, str]] = field(default_factory=list)  # where a value is a web address
    document: dict[str, Any] = field(default_factory=dict)  # the file as written, annotations and all
    digest: str = ""  # a hash of the inlined schema: what a record's check against it depends on
    _explain: Any = None

    def field(self, name: str) -> dict[str, Any]:
        """A top-level field's schema for display: its rules with references resolved, and the
        title and description written beside a $ref (which draft-07 leaves out of the rules)."""
        rules = self.inlined.get("properties", {}).get(name, {})
        written = self.document.get("properties", {}).get(name, {})
        return {**rules, **{k: v for k, v in written.items() if k != "$ref"}}

    def fields(self) -> list[str]:
        """The top-level field names, in the order the schema lists them."""
        return list(self.inlined.get("properties", {}))

    def errors(self, data: Any) -> list[ValidationError]:
        """Every schema problem in data, in document order; never empty when the fast check fails."""
        import fastjsonschema

        try:
            self.check(data)
            return []
        except fastjsonschema.JsonSchemaValueException as fast:
            refusal = fast
        if self._explain is None:
            self._explain = _explaining_validator()(self.inlined)
        found = sorted(self._explain.iter_errors(data),
                       key=lambda e: [(isinstance(p, str), p) for p in e.absolute_path])
        return found or [self._disagreement(data, refusal)]

    def _disagreement(self, data: Any, refusal: Exception) -> ValidationError:
        """An error for data the fast check refuses and jsonschema accepts: refused, and said so."""
        import fastjsonschema
        from jsonschema import ValidationError

        detailed = fastjsonschema.compile(self.inlined, handlers=_NO_FETCHING, use_formats=False,
                                          use_default=False)
        parts: tuple = ()
        reason = str(refusal)
        try:
            detailed(data)
        except fastjsonschema.JsonSchemaValueException as err:
            parts, reason = _data_path(data, err.path[1:]), err.message
        message = (f"refused by the fast schema check ({reason}), although the detailed check finds "
                   "nothing wrong; the two checks disagree, which is a bug in hooks/yamlbook/schemas.py: "
                   "please report it, and change the value meanwhile")
        return ValidationError(message, validator="disagreement", path=parts, validator_value=None,
                               instance=_value_at(data, parts), schema={})


def non_finite_numbers(data: Any, path: tuple = ()) -> list[tuple[tuple, str]]:
    """(path, message) for every NaN or infinite number in data (YAML .nan, .inf), which no
    JSON Schema can refuse and no JSON file can hold."""
    return [] if _all_finite(data) else _non_finite_at(data, path)


def _all_finite(data: Any) -> bool:
    """Whether data holds no NaN or infinity: the usual answer, found without building paths."""
    pending = [data]
    for value in pending:  # the list grows as containers are opened
        if value.__class__ is str:  # most values: nothing to look at
            continue
        if isinstance(value, dict):
            pending += value.values()
        elif isinstance(value, list):
            pending += value
        elif isinstance(value, float) and not math.isfinite(value):
            return False
    return True


def _non_finite_at(data: Any, path: tuple) -> list[tuple[tuple, str]]:
    if isinstance(data, float) and not math.isfinite(data):
        return [(path, NOT_FINITE)]
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _non_finite_at(value, path + (key,))]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in _non_finite_at(value, path + (i,))]
    return []


def load_schemas(schema_dir, collections, problems, root,
                 compiled: set[str] | None = None, ids: dict[str, set[str]] | None = None) -> dict[str, Schema]:
    """Each record schema, checked, with its cross-file references inlined, built once per load.

    Problems in schema files are appended to problems; a collection whose schema (or a file it
    refers to) has one is left out of the result.
    compiled: the digests of inlined schemas known to compile (kept by the record cache, which
    the engine's version keys). Such a schema is compiled when a record is first checked against
    it; every other one now, so that a failure is reported; its digest is then added.
    ids: the record ids of each kind; given, every enum marked with IDS_KEYWORD is checked
    against them.
    """
    files = _SchemaFiles(Path(schema_dir), Path(root))
    if ids is not None:
        files.check_id_lists(ids, {collection.kind: collection for collection in collections.values()})
    result = {}
    for collection in collections.values():
        if collection.schema not in files.documents:
            if collection.schema not in files.unreadable:
                files.report(collection.schema, None, (), f"schema file missing (named for "
                             f"'{collection.kind}' in data/collections.yaml)")
            continue
        if collection.schema in files.broken or collection.schema in result:
            continue
        inlined, used = files.inlined(collection.schema)
        if used & files.broken:
            continue
        digest = _inlined_digest(inlined)
        if compiled is not None and digest in compiled:
            check = _CompiledOnUse(inlined)
        else:
            try:
                check = _compile(inlined)
            except Exception as err:  # noqa: BLE001 (whatever fastjsonschema raises becomes a Problem)
                files.report(collection.schema, None, (), f"the fast checker cannot compile this schema "
                             f"({type(err).__name__}: {err}); simplify the rule it names")
                continue
            if compiled is not None:
                compiled.add(digest)
        result[collection.schema] = Schema(inlined, check, list(_reference_paths(inlined)), address_paths(inlined),
                                           files.documents[collection.schema], digest)
    problems.extend(files.problems.values())
    return result


def _compile(inlined: dict[str, Any]):
    """fastjsonschema's check of a schema, compiled in memory (never written anywhere)."""
    import fastjsonschema  # slow to import: only when a record is checked, or a schema is new

    return fastjsonschema.compile(inlined, handlers=_NO_FETCHING, use_formats=False, use_default=False,
                                  detailed_exceptions=False)


class _CompiledOnUse:
    """The compiled check of a schema known to compile, compiled when first called."""

    def __init__(self, inlined: dict[str, Any]):
        self.inlined = inlined
        self._check = None

    def __call__(self, data: Any) -> Any:
        if self._check is None:
            self._check = _compile(self.inlined)
        return self._check(data)


def _keyword_paths(schema: Any, keyword: str, path: tuple = ()):
    """Where the schema gives a value this keyword: (path, the keyword's value) pairs."""
    if not isinstance(schema, dict):
        return
    if keyword in schema:
        yield path, schema[keyword]
    for name, subschema in schema.get("properties", {}).items():
        yield from _keyword_paths(subschema, keyword, path + (name,))
    if isinstance(schema.get("items"), dict):
        yield from _keyword_paths(schema["items"], keyword, path + (_ANY_ITEM,))
    for subschema in schema.get("allOf", ()):  # every branch applies to the same value
        yield from _keyword_paths(subschema, keyword, path)


def _reference_paths(schema: Any):
    """Where the schema says a value is the id of a record: (path, kind) pairs."""
    return _keyword_paths(schema, REFERENCE_KEYWORD)


def address_paths(schema: Any) -> list[tuple[tuple, str]]:
    """Where the schema says a value is a web address (format: uri), as (path, "uri") pairs."""
    return [(path, value) for path, value in _keyword_paths(schema, "format") if value == "uri"]


def references(paths: list[tuple[tuple, str]], data: Any):
    """(json path, kind or keyword value, text) for every value at these schema paths."""
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


@functools.lru_cache(maxsize=None)
def ecma_pattern(pattern: str) -> re.Pattern:
    """A JSON Schema pattern as Python runs it here: `$` only at the very end, as in ECMA-262."""
    return re.compile(_DOLLAR.sub(r"\\Z", pattern))


@functools.cache
def _explaining_validator():
    """Draft-07 jsonschema with fastjsonschema's (ECMA-like) reading of patterns."""
    from jsonschema import Draft7Validator, ValidationError  # slow to import; needed only on failure
    from jsonschema.validators import extend

    def pattern(validator, value, instance, schema):
        if validator.is_type(instance, "string") and not ecma_pattern(value).search(instance):
            yield ValidationError(f"{instance!r} does not match {value!r}")

    return extend(Draft7Validator, {"pattern": pattern})


class _NoFetching(dict):
    """fastjsonschema handlers for every URI scheme: each refuses, so nothing is ever fetched."""

    def __contains__(self, scheme: object) -> bool:
        return True

    def __getitem__(self, scheme: str):
        def refuse(uri: str):
            import fastjsonschema

            raise fastjsonschema.JsonSchemaDefinitionException(f"schemas are never fetched: {uri}")
        return refuse


_NO_FETCHING = _NoFetching()


def _data_path(data: Any, names: list[str]) -> tuple:
    """fastjsonschema's path names as json path parts, with list indices as numbers."""
    parts: list[Any] = []
    for name in names:
        if isinstance(data, list) and name.isdigit() and int(name) < len(data):
            parts.append(int(name))
            data = data[int(name)]
        elif isinstance(data, dict) and name in data:
            parts.append(name)
            data = data[name]
        else:
            break
    return tuple(parts)


def _value_at(data: Any, parts: tuple) -> Any:
    for part in parts:
        data = data[part]
    return data


def _subschemas(schema: dict[str, Any]) -> Iterator[tuple[tuple, Any]]:
    """(keys from schema, subschema) for every place draft-07 holds a subschema."""
    for key in _ONE:
        if key in schema:
            yield (key,), schema[key]
    for key in _LIST:
        if isinstance(schema.get(key), list):
            for i, subschema in enumerate(schema[key]):
                yield (key, i), subschema
    items = schema.get("items")
    if isinstance(items, list):
        for i, subschema in enumerate(items):
            yield ("items", i), subschema
    elif items is not None:
        yield ("items",), items
    for key in _NAMED:
        if isinstance(schema.get(key), dict):
            for name, subschema in schema[key].items():
                if key != "dependencies" or isinstance(subschema, (dict, bool)):
                    yield (key, name), subschema


def _all_subschemas(schema: Any, parts: tuple) -> Iterator[tuple[tuple, dict[str, Any]]]:
    """(path, subschema) for a schema and every subschema in it, at any depth."""
    if not isinstance(schema, dict):
        return
    yield parts, schema
    for keys, subschema in _subschemas(schema):
        yield from _all_subschemas(subschema, parts + keys)


def _copy(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of schema whose lists and mappings of subschemas are copies too, to replace in."""
    return {key: (list(value) if isinstance(value, list) else dict(value))
            if key in _CONTAINERS and isinstance(value, (list, dict)) else value
            for key, value in schema.items()}


def _replace(schema: dict[str, Any], keys: tuple, value: Any) -> None:
    if len(keys) == 1:
        schema[keys[0]] = value
    else:
        schema[keys[0]][keys[1]] = value


class _SchemaFiles:
    """The schema files of data/schemas/, read, checked and inlined once per load."""

    def __init__(self, folder: Path, root: Path):
        self.folder = folder
        self.root = root
        self.rel_dir = _relative(folder, root)
        self.documents: dict[str, Any] = {}
        self.texts: dict[str, str] = {}
        self._nodes: dict[str, Any] = {}  # each file's YAML nodes (JSON is YAML), to find lines in
        self.unreadable: set[str] = set()
        self.broken: set[str] = set()  # files with a problem: nothing that uses them is compiled
        self.problems: dict[tuple, Problem] = {}
        self._inlined: dict[str, tuple[dict[str, Any], set[str]]] = {}
        self._cycles: set[frozenset] = set()
        for path in sorted(folder.glob("*.json")):
            self._read(path)
        self._passed_before = self._metaschema_passed()
        passed = set(self._passed_before)
        for name in self.documents:
            self._check(name, passed)
        self._remember_passed(passed)
        for name in self.documents:
            if name not in self.broken:
                self.inlined(name)

    def report(self, name: str, keyword: str | None, parts: tuple, message: str, broken: bool = True) -> None:
        """Record a problem at a place in a schema file (keyword: the key the line is taken from).
        With `broken`, the file is not used (records are checked against no schema it is part of)."""
        from .validate import json_path  # validate imports this module

        if broken:
            self.broken.add(name)
        line = None
        if name in self.texts:
            if name not in self._nodes:
                self._nodes[name] = compose(self.texts[name])
            line = line_of(self._nodes[name], parts, key=keyword) if parts or keyword else 1
        where = json_path(parts) if parts or keyword else None
        problem = Problem(f"{self.rel_dir}/{name}", line, where, message)
        self.problems.setdefault((problem.path, problem.json_path, message), problem)

    # Reading and checking each file on its own

    def _read(self, path: Path) -> None:
        name = path.name
        try:
            text = path.read_text(encoding="utf-8")
            document = json.loads(text, parse_constant=_no_constant)
        except UnicodeDecodeError:
            self.unreadable.add(name)
            self.report(name, None, (), "schema is not UTF-8 text; save it with UTF-8 encoding")
            return
        except json.JSONDecodeError as err:
            self.unreadable.add(name)
            self.broken.add(name)
            rel = f"{self.rel_dir}/{name}"
            self.problems.setdefault((rel, None, err.msg),
                                     Problem(rel, err.lineno, None, f"schema is not valid JSON: {err.msg}"))
            return
        except ValueError as err:
            self.unreadable.add(name)
            self.texts[name] = text
            self.report(name, None, (), f"schema is not valid JSON: {err}")
            return
        self.texts[name] = text
        self.documents[name] = document

    def _check(self, name: str, passed: set[str]) -> None:
        document = self.documents[name]
        if not isinstance(document, dict):
            kind = {list: "a list", str: "a single text value"}.get(type(document),
                                                                    f"a {type(document).__name__}")
            self.report(name, None, (), f"the top level is {kind}; a schema file holds one JSON object, "
                        f'{{"$schema": "{DRAFT_07}", ...}}')
            return
        if document.get("$schema") != DRAFT_07:
            self.report(name, "$schema" if "$schema" in document else None, (),
                        f'"$schema" must be "{DRAFT_07}": the engine implements draft-07, and editors '
                        "and check-jsonschema choose their rules by it")
        own = set(self._keyword_problems(name, document, ()))
        digest = _digest(self.texts[name])
        if digest in passed:
            return
        metaschema_ok = True
        for parts, message in _metaschema_errors(document):
            metaschema_ok = False
            if parts not in own:
                self.report(name, None, parts, f"not a valid draft-07 schema: {message}")
        if metaschema_ok and not own:
            passed.add(digest)

    def _keyword_problems(self, name: str, schema: Any, parts: tuple) -> Iterator[tuple]:
        """Check the keywords the metaschema cannot: type names, patterns, $id, rules beside $ref;
        yield the paths reported."""
        if not isinstance(schema, dict):
            return
        declared = schema.get("type")
        for type_name in declared if isinstance(declared, list) else [declared]:
            if isinstance(type_name, str) and type_name not in TYPES:
                self.report(name, "type", parts + ("type",),
                            f"unknown type '{type_name}'; should be one of: {', '.join(TYPES)}")
                yield parts + ("type",)
        regexes = []
        if isinstance(schema.get("pattern"), str):
            regexes.append(("pattern", schema["pattern"], parts + ("pattern",)))
        if isinstance(schema.get("patternProperties"), dict):
            regexes += [(key, key, parts + ("patternProperties", key)) for key in schema["patternProperties"]]
        for keyword, pattern, where in regexes:
            try:
                ecma_pattern(pattern)
            except re.error as err:
                self.report(name, keyword, where, f"the pattern {pattern!r} is not a valid regular "
                            f"expression ({err}); write one that JavaScript and Python both read, "
                            "e.g. ^[a-z0-9-]+$")
                yield where
        if "$id" in schema:
            self.report(name, "$id", parts + ("$id",), "'$id' is not allowed: it changes where $ref looks "
                        "for files, and could make editors fetch schemas from the web; remove it")
            yield parts + ("$id",)
        if "$ref" in schema:
            ignored = [key for key in schema if key not in _BESIDE_REF]
            if ignored:
                keys = ", ".join(f"'{key}'" for key in ignored)
                verb = "is" if len(ignored) == 1 else "are"
                first = ignored[0]
                example = json.dumps({"allOf": [{"$ref": schema["$ref"]}, {first: schema[first]}]})
                self.report(name, first, parts, f"{keys} beside '$ref' {verb} ignored: draft-07 (and so "
                            f"editors and check-jsonschema) reads only the $ref; to add a rule to it write "
                            f"{example}; to loosen it, write the whole rule out without $ref")
        for keys, subschema in _subschemas(schema):
            yield from self._keyword_problems(name, subschema, parts + keys)

    def check_id_lists(self, ids: dict[str, set[str]], collections: dict[str, Any]) -> None:
        """Report every enum marked with IDS_KEYWORD that does not list exactly the ids of its
        kind's records (and the values it names as `also`), unless the kind has none. Records
        are still checked against the enum as written, so the file is not marked broken."""
        for name, document in self.documents.items():
            for parts, schema in _all_subschemas(document, ()):
                if IDS_KEYWORD in schema:
                    self._check_id_list(name, parts, schema, ids, collections)

    def _check_id_list(self, name: str, parts: tuple, schema: dict, ids: dict[str, set[str]],
                       collections: dict[str, Any]) -> None:
        declared, where = schema[IDS_KEYWORD], parts + (IDS_KEYWORD,)
        kind, also = (declared, []) if isinstance(declared, str) else (
            (declared.get("kind"), declared.get("also", [])) if isinstance(declared, dict) else (None, None))
        if kind not in collections or not isinstance(also, list) or not all(isinstance(v, str) for v in also):
            kinds = ", ".join(sorted(collections))
            self.report(name, IDS_KEYWORD, where, f"'{IDS_KEYWORD}' names the kind whose record ids the enum "
                        f'lists: "{IDS_KEYWORD}": "KIND" or {{"kind": "KIND", "also": ["other value"]}}, '
                        f"KIND one of: {kinds}", broken=False)
            return
        enum = schema.get("enum")
        if not isinstance(enum, list):
            self.report(name, IDS_KEYWORD, where, f"'{IDS_KEYWORD}' describes an enum, and there is none "
                        f"here; list the {kind} ids in \"enum\"", broken=False)
            return
        collection = collections[kind]
        home = f"data/{collection.folder}/" if collection.folder else f"data/{collection.file}"
        have = ids.get(kind, set())
        if not have:  # a kind with no records is not in use (a required kind reports that itself)
            return
        missing = sorted(have - set(enum))
        if missing:
            listed = ", ".join(f"'{value}'" for value in missing)
            self.report(name, "enum", parts + ("enum",), f"the enum lacks {listed}: the id of every {collection.label} "
                        f"must be in it ({home} holds {listed}); add {'it' if len(missing) == 1 else 'them'} to the enum", broken=False)
        extra = [value for value in enum if value not in have and value not in also]
        if extra:
            listed = ", ".join(f"'{value}'" for value in extra)
            self.report(name, "enum", parts + ("enum",), f"{listed} in the enum {'is' if len(extra) == 1 else 'are'} "
                        f"not the id of any record in {home}; add the record, remove the value, or "
                        f'name it in "{IDS_KEYWORD}": {{"kind": "{kind}", "also": [...]}}', broken=False)

    def _metaschema_passed(self) -> set[str]:
        folder = cache_dir(self.root)
        if folder is None:
            return set()
        try:
            version, digests = json.loads((folder / _CHECKED_CACHE).read_text(encoding="utf-8"))
            if version == _CHECKED_VERSION and isinstance(digests, list):
                return {str(d) for d in digests}
        except (OSError, ValueError, TypeError):
            pass
        return set()

    def _remember_passed(self, passed: set[str]) -> None:
        """Keep the digests of files the metaschema accepted: data, never code."""
        folder = cache_dir(self.root)
        current = {_digest(self.texts[n]) for n in self.documents} & passed
        if folder is None or current == self._passed_before:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temporary = folder / (_CHECKED_CACHE + ".tmp")
            temporary.write_text(json.dumps([_CHECKED_VERSION, sorted(current)]), encoding="utf-8")
            temporary.replace(folder / _CHECKED_CACHE)
        except OSError:
            pass  # a cache that cannot be written is no error

    # Inlining references

    def inlined(self, name: str) -> tuple[dict[str, Any], set[str]]:
        """A file's schema with every $ref replaced by its target, and the files it used."""
        if name not in self._inlined:
            used = {name}
            document = self.documents[name]
            result = self._inline(document, name, (), [], used) if isinstance(document, dict) else {}
            if isinstance(result, dict):
                result.pop("definitions", None)  # nothing refers to them any more
            self._inlined[name] = (result, used)
        return self._inlined[name]

    def _inline(self, schema: Any, name: str, parts: tuple, stack: list, used: set[str]) -> Any:
        """schema (found in file `name` at `parts`) with its references inlined. stack holds the
        (file, parts, target) of every $ref being followed, to refuse cycles."""
        if not isinstance(schema, dict):
            return schema
        if "$ref" in schema:
            return self._inline_ref(schema, name, parts, stack, used)
        result = _copy(schema)
        for keys, subschema in _subschemas(schema):
            _replace(result, keys, self._inline(subschema, name, parts + keys, stack, used))
        return result

    def _inline_ref(self, schema: dict, name: str, parts: tuple, stack: list, used: set[str]) -> Any:
        ref = schema["$ref"]
        target = self._resolve(ref, name, parts)
        if target is None:
            self.broken.add(name)
            return {}
        file, pointer, found = target
        used.add(file)
        if file in self.broken and file != name:
            return {}
        here = (name, parts, (file, pointer))
        for i, (ref_file, ref_parts, _) in enumerate([*stack, here]):
            if ref_file == file and ref_parts[: len(pointer)] == pointer:
                self._report_cycle([*stack, here][i:], name, parts)
                return {}
        resolved = self._inline(found, file, pointer, [*stack, here], used)
        if resolved is True:
            resolved = {}
        elif resolved is False:
            resolved = {"not": {}}
        annotations = {key: schema[key] for key in _ANNOTATIONS if key in schema}
        return {**resolved, **annotations}

    def _report_cycle(self, chain: list, name: str, parts: tuple) -> None:
        steps = [_address(chain[0][0], chain[0][1])] + [_address(*target) for _, _, target in chain]
        key = frozenset((file, tuple(p)) for file, p, _ in chain)
        if key in self._cycles:
            return
        self._cycles.add(key)
        self.report(name, "$ref", parts, f"$ref cycle: {' → '.join(steps)}; a schema may not refer back "
                    "to itself: write the repeated part out instead")

    def _resolve(self, ref: Any, name: str, parts: tuple) -> tuple[str, tuple, Any] | None:
        """(file, pointer parts, target) for a $ref written in file `name`, or None after reporting
        why it cannot be used."""
        if not isinstance(ref, str):
            self.report(name, "$ref", parts, "$ref must be text such as "
                        f"\"common.schema.json#/definitions/id\", not {ref!r}")
            return None
        split = urlsplit(ref)
        path = unquote(split.path)
        file = posixpath.normpath(path) if path else name
        elsewhere = split.scheme or split.netloc or split.query or path.startswith("/")
        if elsewhere or file.startswith("..") or "/" in file:
            self.report(name, "$ref", parts, f"$ref '{ref}' is not a file in {self.rel_dir}/: the build "
                        "never fetches a schema; copy what you need into a file there and refer to it by "
                        "its name, e.g. common.schema.json#/definitions/id")
            return None
        if file not in self.documents:
            if file in self.unreadable:
                self.broken.add(name)
                return None
            known = ", ".join(sorted(self.documents))
            self.report(name, "$ref", parts, f"$ref '{ref}': there is no schema file {self.rel_dir}/{file}; "
                        f"should be one of: {known}")
            return None
        fragment = unquote(split.fragment)
        if fragment and not fragment.startswith("/"):
            self.report(name, "$ref", parts, f"$ref '{ref}': the part after # must be a JSON pointer, "
                        "such as #/definitions/id")
            return None
        target: Any = self.documents[file]
        pointer: list[Any] = []
        for step in fragment.split("/")[1:]:
            step = step.replace("~1", "/").replace("~0", "~")
            if isinstance(target, dict) and step in target:
                target = target[step]
            elif isinstance(target, list) and step.isdigit() and int(step) < len(target):
                step = int(step)
                target = target[step]
            else:
                where = "#" + "".join(f"/{p}" for p in pointer)
                choices = ", ".join(map(str, target)) if isinstance(target, dict) else "(none)"
                self.report(name, "$ref", parts, f"$ref '{ref}' points at nothing: {file} has no '{step}' "
                            f"in {where}; should be one of: {choices}")
                return None
            pointer.append(step)
        if not isinstance(target, (dict, bool)):
            self.report(name, "$ref", parts, f"$ref '{ref}' points at a {type(target).__name__}, not at a "
                        "schema; point it at an entry of definitions")
            return None
        return file, tuple(pointer), target


def _metaschema_errors(document: dict[str, Any]) -> Iterator[tuple[tuple, str]]:
    """(path in the schema, message) for each way the document breaks the draft-07 metaschema."""
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import best_match

    checker = Draft7Validator(Draft7Validator.META_SCHEMA, format_checker=Draft7Validator.FORMAT_CHECKER)
    for error in checker.iter_errors(document):
        best = best_match([error]) or error
        yield tuple(best.absolute_path), best.message


def _address(file: str, pointer: tuple) -> str:
    return f"{file}#" + "".join(f"/{str(p).replace('~', '~0').replace('/', '~1')}" for p in pointer)


def _digest(text: str) -> str:
    return hashlib.sha256(f"draft-07 metaschema v{_CHECKED_VERSION}\0{text}".encode()).hexdigest()


def _inlined_digest(inlined: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(inlined, sort_keys=True).encode()).hexdigest()


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON; write a number")


def _relative(folder: Path, root: Path) -> str:
    try:
        return folder.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return folder.as_posix()
