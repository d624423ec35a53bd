"""Load every data file once, validate it all, and give the records to the renderers."""

from __future__ import annotations

import contextlib
import gc
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .collections import Collection, generated_pages, read_collections
from .config import Settings, read_settings
from .parsecache import Stat, file_stat
from .problems import DataError, Problem
from .records import Record
from .schemas import Schema
from .validate import validate


@dataclass(eq=False)  # hashed by identity, so a renderer can be cached per dataset
class Dataset:
    """All records of a project, by kind and id, already validated."""

    root: Path
    collections: dict[str, Collection]
    records: dict[str, dict[str, Record]]
    backrefs: dict[tuple[str, str], dict[tuple[str, str], None]] = field(default_factory=dict)
    pages: frozenset[str] = field(default_factory=frozenset)
    settings: Settings = field(default_factory=Settings)
    schemas: dict[str, Schema] = field(default_factory=dict)  # by file name

    def get(self, kind: str, record_id: str) -> dict[str, Any]:
        """The data of one record; KeyError names what exists."""
        try:
            return self.records[kind][record_id].data
        except KeyError:
            known = ", ".join(sorted(self.records.get(kind, {}))) or "none"
            raise KeyError(f"no {kind} record '{record_id}' (there are: {known})") from None

    def all(self, kind: str) -> list[dict[str, Any]]:
        """The data of every record of a kind: by `order` where records give one (a kind whose
        schema has an `order` field, such as the streams), then by display title."""
        title = self.collections[kind].title
        return sorted(
            (r.data for r in self.records[kind].values()),
            key=lambda d: (_order(d), str(d.get(title, "")).casefold()),
        )

    def schema(self, kind: str) -> Schema:
        """The schema every record of a kind satisfies: templates read vocabularies from it
        (enum order, titles), so they are written in one place."""
        return self.schemas[self.collections[kind].schema]

    def title(self, kind: str, record_id: str) -> str:
        """The display title of a record."""
        return str(self.get(kind, record_id)[self.collections[kind].title])

    def page(self, kind: str, record_id: str) -> str:
        """Path of a record's generated page, relative to the docs folder."""
        return self.collections[kind].page_path(record_id)

    def generated_pages(self) -> list[tuple[str, str, str]]:
        """(kind, id, page path) for every record that gets a generated page."""
        return generated_pages(self.collections, self.records)

    def referrers(self, kind: str, record_id: str, from_kind: str) -> list[str]:
        """Ids of the records of from_kind that refer to this record, sorted by title."""
        ids = [i for k, i in self.backrefs.get((kind, record_id), []) if k == from_kind]
        return sorted(ids, key=lambda i: self.title(from_kind, i).casefold())


def load_dataset(root: Path | str, docs_dir: Path | str | None = None) -> Dataset:
    """Load and validate the data under root/data; raise DataError listing every problem.

    Kept for the files' names, sizes, inodes and change times, so a build loads the data once
    and `mkdocs serve` reloads it only when a file changed. The same walk gives the loader each
    data file's stat, so no file is looked at twice.
    """
    root = Path(root).resolve()
    docs = Path(docs_dir).resolve() if docs_dir else root / "playbook"
    settings = read_settings(root)
    seen_ns = time.time_ns()  # before the walk: what it sees is at least this recent
    stats = _walk(root / "data", docs)
    key = (root, docs, settings, tuple(sorted(stats.items())))
    dataset = _LOADED.pop(key, None) or _load(root, docs, settings, stats, seen_ns)
    _LOADED[key] = dataset  # the most recent last
    while len(_LOADED) > _KEEP:
        del _LOADED[next(iter(_LOADED))]
    return dataset


_KEEP = 4
_LOADED: dict[tuple, Dataset] = {}  # the last loads, by the files they read


def forget_loaded() -> None:
    """Let go of the loads kept for the next one (a build that ends the process needs none)."""
    _LOADED.clear()


def _walk(*folders: Path) -> dict[str, Stat | None]:
    """Every file under the folders, by path, with its stat (None for a broken link: the load
    reports it). The stat has ctime too: an edit that restores the size and mtime (touch -r)
    still changes it."""
    found: dict[str, Stat | None] = {}
    for folder in folders:
        for dirpath, _dirs, files in os.walk(folder):
            for name in files:
                path = os.path.join(dirpath, name)
                try:
                    found[path] = file_stat(os.stat(path))
                except OSError:
                    found[path] = None
    return found


def _load(root: Path, docs: Path, settings: Settings, stats: dict[str, Stat | None], seen_ns: int) -> Dataset:
    with _collector_paused():
        problems: list[Problem] = []
        collections = read_collections(root, problems)
        pages = frozenset(_docs_pages(root, docs, problems))
        if problems:  # without a sound list of kinds, every record would be misread
            raise DataError(problems)
        records, backrefs, schemas, problems = validate(root, collections, pages, settings.checks,
                                                        stats, seen_ns)
        if problems:
            raise DataError(problems)
        generated = {path for _, _, path in generated_pages(collections, records)}
        return Dataset(root, collections, records, backrefs, pages | generated, settings, schemas)


@contextlib.contextmanager
def _collector_paused():
    """Hold Python's cycle collector during a load: a load makes millions of small objects and no
    cycles, and the collector would walk them all again and again (a quarter of a cold load)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _docs_pages(root: Path, docs: Path, problems: list[Problem]) -> list[str]:
    """Every Markdown page in the docs folder; a broken link there is a problem, not a crash."""
    found = []
    for dirpath, dirs, files in os.walk(docs):
        for name in dirs + files:
            path = Path(dirpath) / name
            if path.is_symlink() and not path.exists():
                problems.append(Problem(_rel(root, path), None, None,
                                        "is a broken link (its target does not exist); fix or remove it"))
            elif name in files and name.endswith(".md"):
                found.append(path.relative_to(docs).as_posix())
    return found


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _order(data: dict[str, Any]) -> float:
    value = data.get("order")
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else float("inf")
