"""The kinds of record a project holds (data/collections.yaml), and finding each kind's files.

Both are checked here, so a mistake in the list of kinds or a stray file in a data folder is a
reported problem, never a traceback or a silently skipped record.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem
from .yamlfile import YamlProblem, compose, line_of, read_bytes, parse_mapping

COLLECTIONS_FILE = "collections.yaml"
SCHEMA_DIR = "schemas"
RECORD_SUFFIX = ".yaml"
# A record id becomes a file name and a URL path segment: lowercase letters, digits and single
# hyphens. The schemas' id pattern says the same (tests/test_schemas.py keeps them equal).
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PATH_SEGMENT = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")

# Field of a kind in collections.yaml: (required, meaning shown in messages).
FIELDS = {
    "folder": (False, "data/<folder>/<id>.yaml holds one record per file"),
    "file": (False, "a single record in data/<file>"),
    "schema": (True, "the JSON Schema file in data/schemas/ every record satisfies"),
    "label": (True, "what one record is called in messages"),
    "title": (True, "the field holding a record's display title"),
    "page": (False, "every record gets a generated page at <page>/<id>.md"),
    "required": (False, "true when the site needs at least one record of this kind"),
}


def is_id(text: str) -> bool:
    """Whether text is a valid record id (the whole text, a final newline included)."""
    return ID.fullmatch(text) is not None


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
    required: bool = False

    def page_path(self, record_id: str) -> str:
        """Where a record's generated page lives in the docs folder."""
        return f"{self.page}/{record_id}.md"


def generated_pages(collections: dict[str, Collection], ids: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(kind, id, docs path) of every page the data generates: one per record of each kind with a
    `page`. ids maps each kind to its record ids (any mapping or set of them)."""
    return [
        (kind, record_id, collection.page_path(record_id))
        for kind, collection in collections.items()
        if collection.page
        for record_id in sorted(ids.get(kind, ()))
    ]


@dataclass
class Found:
    """The record files of one kind, and the problems with what else sits in its folder."""

    files: list[str] = field(default_factory=list)  # the record files' paths
    problems: list[Problem] = field(default_factory=list)


def read_collections(root: Path, problems: list[Problem]) -> dict[str, Collection]:
    """The kinds of record listed in data/collections.yaml; problems are appended, not raised."""
    path = root / "data" / COLLECTIONS_FILE
    rel = path.relative_to(root).as_posix()
    try:
        raw = read_bytes(path)
        spec = parse_mapping(raw)
    except FileNotFoundError:
        problems.append(Problem(rel, None, None, "missing: this file lists the kinds of record "
                                "(folder, schema, label, title of each); see data/README.md"))
        return {}
    except YamlProblem as err:
        message = err.message.replace("a mapping of fields (field: value)", "a mapping of kinds (kind: its fields)")
        problems.append(Problem(rel, err.line, None, message))
        return {}
    node = functools.cache(lambda: compose(raw.decode("utf-8")))  # composed only for a problem's line
    found: dict[str, Collection] = {}
    before = len(problems)
    for kind, fields in spec.items():
        def problem(message: str, *parts, key: str | None = None) -> None:
            json_path = "$." + ".".join(str(p) for p in (kind, *parts))
            problems.append(Problem(rel, line_of(node(), (kind, *parts), key=key), json_path, message))

        if not isinstance(kind, str) or not is_id(kind):
            problem(f"'{kind}' is not a valid kind name: use lowercase letters, digits and single hyphens")
            continue
        if not isinstance(fields, dict):
            problem("should be a mapping of fields: " + ", ".join(FIELDS))
            continue
        for name in fields:
            if name not in FIELDS:
                problem(f"unknown field '{name}'; allowed fields: {', '.join(FIELDS)}", key=name)
        for name, (needed, meaning) in FIELDS.items():
            if needed and name not in fields:
                problem(f"missing required field '{name}' ({meaning})")
        for name in ("schema", "label", "title", "folder", "file", "page"):
            if name in fields and not (isinstance(fields[name], str) and fields[name].strip()):
                problem(f"'{name}' should be a text value ({FIELDS[name][1]})", name)
        if "required" in fields and not isinstance(fields["required"], bool):
            problem("'required' should be true or false", "required")
        if ("folder" in fields) == ("file" in fields):
            problem("give exactly one of 'folder' (one record per file) and 'file' (a single record)")
        for name in ("folder", "file"):
            value = fields.get(name)
            if isinstance(value, str) and not _inside(root / "data", value):
                problem(f"'{value}' is outside data/; give a path inside the data folder, "
                        "such as 'activities'", name)
        schema = fields.get("schema")
        if isinstance(schema, str) and (not schema.endswith(".json") or "/" in schema or "\\" in schema):
            problem(f"'{schema}' should be the name of a .json file in data/schemas/", "schema")
        page = fields.get("page")
        if isinstance(page, str) and not all(_PATH_SEGMENT.fullmatch(s) for s in page.split("/")):
            problem(f"'{page}' should be a docs folder path of lowercase words, such as 'activities'", "page")
        if len(problems) == before:
            found[kind] = Collection(kind=kind, **{k: v for k, v in fields.items() if k in FIELDS})
        before = len(problems)
    return found if len(found) == len(spec) else {}


def _inside(data_dir: Path, relative: str) -> bool:
    if os.path.isabs(relative) or relative.strip() in ("", ".") or "\\" in relative:
        return False
    parts = Path(relative).parts
    return ".." not in parts and not any(p.startswith(".") for p in parts)


def find_files(root: Path, collection: Collection) -> Found:
    """The data files of a kind; anything else in its folder, or a link leaving the project, is a problem."""
    data_dir = root / "data"
    found = Found()

    def problem(path: Path, message: str) -> None:
        found.problems.append(Problem(path.relative_to(root).as_posix(), None, None, message))

    if collection.file:
        path = data_dir / collection.file
        if not os.path.lexists(path):
            if collection.required:
                problem(path, f"missing: the site needs the {collection.label} "
                        f"(data/collections.yaml marks '{collection.kind}' required)")
        elif _escapes(root, path):
            problem(path, "is a link to a file outside the project; data files must live in the repository")
        else:
            found.files.append(str(path))
        return found

    folder = data_dir / (collection.folder or collection.kind)
    where = folder.relative_to(root).as_posix()
    if _escapes(root, folder):
        problem(folder, "is a link to a folder outside the project; data must live in the repository")
        return found
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        entries = []
    except OSError as err:
        problem(folder, f"cannot be read ({err.strerror})")
        return found
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue  # editors' and version control's hidden files
        stem, suffix = os.path.splitext(name)
        if suffix == RECORD_SUFFIX and is_id(stem) and entry.is_file(follow_symlinks=False):
            found.files.append(entry.path)  # the usual case, a plain record file, told from the listing
            continue
        path = Path(entry.path)
        if entry.is_symlink() and _escapes(root, path):
            problem(path, "is a link to a file outside the project; data files must live in the repository")
        elif _is_dir(entry) and suffix.lower() not in (".yaml", ".yml"):
            problem(path, f"is a folder; records sit directly in {where}/, one .yaml file each: "
                    "move its files up or out of data/")
        elif suffix == RECORD_SUFFIX:
            if is_id(stem):
                found.files.append(entry.path)
            else:
                problem(path, f"the file name '{stem}' is not a valid id (lowercase letters, digits and "
                        f"single hyphens); rename the file, e.g. to '{_suggest(stem)}.yaml', and its id to match")
        elif suffix.lower() in (".yaml", ".yml"):
            problem(path, f"is not read: record files end in '.yaml' exactly; rename it to '{stem}.yaml'")
        else:
            problem(path, f"is not a record file; {where}/ holds only <id>.yaml files: move it out of data/")
    if collection.required and not found.files and not found.problems:
        problem(folder, f"has no records; the site needs at least one {collection.label} "
                f"(data/collections.yaml marks '{collection.kind}' required)")
    return found


def _is_dir(entry: os.DirEntry) -> bool:
    """Whether an entry is a folder or a link to one (known from the listing for a plain entry)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _escapes(root: Path, path: Path) -> bool:
    """Whether a path, once its links are followed, leaves the project folder."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return True
    return not target.is_relative_to(root.resolve())


def _suggest(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "my-record"
