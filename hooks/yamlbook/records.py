"""The records of a project: one loaded data file each, read from every kind's folder."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .collections import SCHEMA_DIR, Collection, find_files
from .parsecache import ParseCache, digest
from .problems import Problem
from .yamlfile import YamlProblem, compose, parse_mapping, read_bytes


@dataclass
class Record:
    """One loaded data file."""

    kind: str
    id: str
    rel: str  # path relative to the project root
    data: dict[str, Any]
    path: Path
    raw: bytes = b""

    @functools.cached_property
    def node(self):
        """The file's YAML nodes, composed once, only when a problem needs line numbers."""
        return compose(self.raw.decode("utf-8"))


def load_records(root: Path, collections: dict[str, Collection], problems: list[Problem]):
    """Read every record file of every kind; problems are appended. Returns the records by kind and
    id, and the ids of the files that could not be read (so references to them are not reported too)."""
    records: dict[str, dict[str, Record]] = {kind: {} for kind in collections}
    unreadable: dict[str, set[str]] = {}  # ids of files that could not be read, by kind
    cache = ParseCache(root)
    seen: set[str] = set()
    for kind, collection in collections.items():
        found = find_files(root, collection)
        problems += found.problems
        for path in found.files:
            rel = path.relative_to(root).as_posix()
            seen.add(rel)
            try:
                raw = read_bytes(path)
                key = digest(raw)
                data = cache.get(rel, key)
                if data is None:
                    data = parse_mapping(raw)
                    cache.put(rel, key, data)
            except YamlProblem as err:
                problems.append(Problem(rel, err.line, None, err.message))
                unreadable.setdefault(kind, set()).add(path.stem)
                continue
            record_id = path.stem if collection.folder else str(data.get("id", path.stem))
            records[kind][record_id] = Record(kind, record_id, rel, data, path, raw)
            problems += _schema_line(rel, raw, path, root / "data" / SCHEMA_DIR / collection.schema)
    cache.save(seen)
    return records, unreadable


SCHEMA_LINE = "# yaml-language-server: $schema="


def _schema_line(rel: str, raw: bytes, path: Path, schema: Path) -> list[Problem]:
    """The first line names the file's schema, so editors check the file as it is typed."""
    first = raw.split(b"\n", 1)[0].decode("utf-8", "replace").rstrip("\r")
    if first.startswith(SCHEMA_LINE) and Path(first[len(SCHEMA_LINE):].strip()).name == schema.name:
        return []
    wanted = SCHEMA_LINE + Path(os.path.relpath(schema, path.parent)).as_posix()
    return [Problem(rel, 1, None, f"the first line should be '{wanted}', so that editors check the file "
                    "as you type")]
