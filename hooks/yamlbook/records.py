"""The records of a project: one loaded data file each, read from every kind's folder."""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .collections import Collection, find_files
from .parsecache import RecordCache, Stat, digest, file_stat, settled
from .problems import DataError, Problem
from .yamlfile import YamlProblem, check_readable, compose, parse_mapping, read_bytes, stat_file


@dataclass(eq=False)
class Record:
    """One loaded data file. Its data is decoded from the cache (or parsed) when first used, and
    its bytes are read again only when a problem needs line numbers from them."""

    kind: str
    id: str
    rel: str  # path relative to the project root
    file: str  # its path
    _data: dict[str, Any] | None = field(default=None, repr=False)
    _saved: Callable[[], dict | None] | None = field(default=None, repr=False)  # decodes the cached data
    _raw: bytes | None = field(default=None, repr=False)

    @property
    def data(self) -> dict[str, Any]:
        """The file's top-level mapping."""
        if self._data is None:
            self._data = (self._saved and self._saved()) or self._parse()
            self._saved = None
        return self._data

    @property
    def path(self) -> Path:
        """Its path."""
        return Path(self.file)

    @property
    def loaded_raw(self) -> bytes | None:
        """The bytes this load read the file's data from, if it read the file (it reads only files
        it does not know)."""
        return self._raw

    @functools.cached_property
    def raw(self) -> bytes:
        """The file's bytes (read now, when the load did not read them)."""
        return self._raw if self._raw is not None else read_bytes(self.file)

    @functools.cached_property
    def node(self):
        """The file's YAML nodes, composed once, only when a problem needs line numbers."""
        try:
            return compose(self.raw.decode("utf-8", "replace"))
        except (OSError, YamlProblem):  # gone since it was read: no line numbers
            return None

    def _parse(self) -> dict[str, Any]:
        """The data from the file itself, when the cached data turned out not to be sound."""
        try:
            return parse_mapping(self.raw)
        except (OSError, YamlProblem) as err:
            message = getattr(err, "message", None) or f"the file cannot be read ({err})"
            raise DataError([Problem(self.rel, getattr(err, "line", None), None, message)]) from None


def load_records(root: Path, collections: dict[str, Collection], problems: list[Problem], cache: RecordCache,
                 stats: dict[str, Stat | None] | None = None, seen_ns: int | None = None):
    """Read every record file of every kind; problems are appended. Returns the records by kind and
    id, and the ids of the files that could not be read (so references to them are not reported too).

    stats: the stat of each file (by path) from a walk begun at seen_ns; a file missing there is
    looked at now. A file whose stat the cache knows is not read at all."""
    records: dict[str, dict[str, Record]] = {kind: {} for kind in collections}
    unreadable: dict[str, set[str]] = {}  # ids of files that could not be read, by kind
    prefix = str(root) + os.sep
    for kind, collection in collections.items():
        found = find_files(root, collection)
        problems += found.problems
        for path in found.files:
            rel = _relative(root, prefix, path)
            try:
                record = _record(kind, collection, path, rel, cache, stats, seen_ns)
            except YamlProblem as err:
                problems.append(Problem(rel, err.line, None, err.message))
                unreadable.setdefault(kind, set()).add(_stem(path))
                continue
            records[kind][record.id] = record
    return records, unreadable


def _record(kind: str, collection: Collection, path: str, rel: str, cache: RecordCache,
            stats: dict[str, Stat | None] | None, seen_ns: int | None) -> Record:
    """One record: its data from the cache while the file's content is unchanged, else parsed."""
    stat = stats.get(path) if stats else None
    if stat is None:
        seen_ns = time.time_ns()
        stat = file_stat(stat_file(path))
    check_readable(stat[0], stat[1])
    raw = None
    key = cache.known_digest(rel, stat)
    if key is None:
        raw = read_bytes(path, stat[:2])
        key = digest(raw)
    saved = cache.data(rel, key)
    data = None
    if saved is None:
        if raw is None:  # unchanged, but its data could not be kept (a value marshal cannot store)
            raw = read_bytes(path, stat[:2])
            key = digest(raw)
        data = parse_mapping(raw)
    cache.seen(rel, key, stat if seen_ns is not None and settled(stat, seen_ns) else None, data)
    record = Record(kind, _stem(path), rel, path, data, saved, raw)
    if not collection.folder:  # a single-file record names its id
        record.id = str(record.data.get("id", record.id))
    return record


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def _relative(root: Path, prefix: str, path: str) -> str:
    """path relative to the project root, with forward slashes (a string operation when the
    path was built from the root, as every found file is)."""
    if path.startswith(prefix):
        return path[len(prefix):].replace(os.sep, "/")
    return Path(path).relative_to(root).as_posix()


SCHEMA_LINE = "# yaml-language-server: $schema="


def schema_line_problems(record: Record, schema: Path) -> list[Problem]:
    """The first line names the file's schema, so editors check the file as it is typed."""
    first = record.raw.split(b"\n", 1)[0].decode("utf-8", "replace").rstrip("\r")
    if first.startswith(SCHEMA_LINE) and _names(first[len(SCHEMA_LINE):].strip(), schema.name):
        return []
    wanted = SCHEMA_LINE + Path(os.path.relpath(schema, record.path.parent)).as_posix()
    return [Problem(record.rel, 1, None, f"the first line should be '{wanted}', so that editors check the "
                    "file as you type")]


def _names(written: str, name: str) -> bool:
    """Whether the path written in a schema line ends in the file name (told without a Path in
    the usual case)."""
    return written == name or written.endswith("/" + name) or Path(written).name == name
