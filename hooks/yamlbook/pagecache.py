"""Rendered pages and widgets kept between builds: one is rendered again only when what it read
changed.

A render is a function of the engine (its code and templates), the settings, the template's
context and the data it looks up. So each render is recorded: every lookup a template makes
through `data` (a record, a title, the records that refer to one, every record of a kind...)
is noted, with one fingerprint of all the answers. The next build asks the same questions of
its data; when the answers have the same fingerprint and the engine is the same, the stored
result is used as it is. Editing one activity therefore re-renders its page and the pages that read it
(its title, say), and no others; a template change re-renders every page.

The results are kept in memory (for `mkdocs serve`) and as JSON files in the project's
.cache/yamlbook-pages/, one per page or widget: plain data, never code.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from importlib import metadata

from .dataset import Dataset

VERSION = 3  # of the entries' format; a change makes every stored entry stale
FOLDER = "yamlbook-pages"  # under the project's cache folder
ENGINE = Path(__file__).resolve().parent
_LIBRARIES = ("jinja2", "markdown", "markupsafe")  # their versions are part of the engine's fingerprint

Read = tuple  # (method name, *arguments), e.g. ("title", "activities", "market-research")
_SEP = "\x1f"  # between the parts of a read written as one string (no id or kind holds it)


def digest(text: str) -> str:
    """A short fingerprint of a text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def fingerprint(value: Any) -> str:
    """A fingerprint of plain data (what a template's context or a lookup's answer holds)."""
    return digest(_json(value))


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


class Lookups:
    """The dataset as the templates see it (`data`): the same answers, and while a render is
    recorded, every question asked. Anything but the methods below (e.g. `data.records`)
    cannot be tracked, so a render that uses it is not kept."""

    def __init__(self, dataset: Dataset):
        self._data = dataset
        self._reads: set[Read] | None = None
        self.untracked = False

    @contextlib.contextmanager
    def recording(self) -> Iterator[set[Read]]:
        """Note every lookup made inside the block, into the set it yields."""
        outer, self._reads, self.untracked = self._reads, set(), False
        try:
            yield self._reads
        finally:
            self._reads = outer

    def _note(self, *read: Any) -> None:
        if self._reads is None:
            return
        if all(isinstance(part, str) and _SEP not in part for part in read):
            self._reads.add(read)
        else:
            self.untracked = True  # cannot be written down as a question

    def get(self, kind: str, record_id: str) -> dict[str, Any]:
        self._note("get", kind, record_id)
        return self._data.get(kind, record_id)

    def title(self, kind: str, record_id: str) -> str:
        self._note("title", kind, record_id)
        return self._data.title(kind, record_id)

    def all(self, kind: str) -> list[dict[str, Any]]:
        self._note("all", kind)
        return self._data.all(kind)

    def referrers(self, kind: str, record_id: str, from_kind: str) -> list[str]:
        self._note("referrers", kind, record_id, from_kind)
        return self._data.referrers(kind, record_id, from_kind)

    def page(self, kind: str, record_id: str) -> str:
        # Not noted: a page's address comes from the collections alone, part of engine_key.
        return self._data.page(kind, record_id)

    def schema(self, kind: str):
        self._note("schema", kind)
        return self._data.schema(kind)

    def __getattr__(self, name: str) -> Any:
        if self._reads is not None:
            self.untracked = True
        return getattr(self._data, name)


class Answers:
    """The fingerprint of each lookup's answer in one dataset, each worked out once."""

    def __init__(self, dataset: Dataset):
        self.data = dataset
        self._found: dict[str, str] = {}  # by question (a read written as one string)

    def of(self, question: str) -> str:
        """The fingerprint of the answer to a question (see `question`); "gone" when it has
        none now (e.g. the record was deleted)."""
        try:
            return self._found[question]
        except KeyError:
            pass
        try:
            found = self._work_out(tuple(question.split(_SEP)))
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            found = "gone"
        self._found[question] = found
        return found

    def all_of(self, questions: list[str]) -> str:
        """One fingerprint of the answers to every question, in order."""
        return digest(" ".join(self.of(q) for q in questions))

    def _work_out(self, read: Read) -> str:
        method, *args = read
        if method == "get":
            return fingerprint(self.data.get(*args))
        if method == "all":
            return self._all(*args)
        if method == "schema":
            schema = self.data.schema(*args)
            return fingerprint([schema.document, schema.inlined])
        if method in ("title", "referrers"):
            return fingerprint(getattr(self.data, method)(*args))
        raise KeyError(method)

    def _all(self, kind: str) -> str:
        """Every record of a kind, in the order `all` gives them, by their own fingerprints (so
        a widget listing them all and the pages of the records share the work)."""
        by_identity = {id(record.data): record_id for record_id, record in self.data.records[kind].items()}
        return self.all_of([question(("get", kind, by_identity[id(found)])) for found in self.data.all(kind)])


def question(read: Read) -> str:
    """A read written as one string, e.g. 'title\x1factivities\x1fmarket-research'."""
    return _SEP.join(read)


def engine_key(template_folders: list[Path], dataset: Dataset, directory_urls: bool) -> str:
    """A fingerprint of everything a render depends on besides its context and lookups: the
    engine's code, every template, the libraries that render, the settings that change
    rendering (the templates folder and the catalogue's filters; the checks only validate),
    the collections (page addresses) and the URL style."""
    parts = [str(VERSION), *map(_version, _LIBRARIES), str(directory_urls), str(dataset.settings.templates),
             repr(dataset.settings.facets), repr(sorted(dataset.collections.items()))]
    files = sorted(ENGINE.glob("*.py"))
    for folder in template_folders:
        files += sorted(p for p in Path(folder).rglob("*.j2") if p.is_file())
    for path in files:
        parts.append(f"{path}\0{digest_file(path)}")
    return digest("\n".join(parts))


@functools.cache
def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "unknown"


def digest_file(path: Path) -> str:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return "missing"


@dataclass
class Entry:
    """One stored render: the questions it asked of the data and one fingerprint of their
    answers, the asset bundles it used, its text, and the HTML fragments the text's placeholders
    stand for with the element ids in them."""

    engine: str
    questions: list[str]
    answers: str | None  # None: the render used the data in ways Lookups does not note; not kept
    uses: list[str]
    text: str
    fragments: dict[str, str] = field(default_factory=dict)
    ids: dict[str, list[str]] = field(default_factory=dict)  # by fragment, for those with ids

    def as_json(self) -> str:
        return json.dumps({"version": VERSION, **self.__dict__}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Entry | None:
        """An entry read back; None for anything that is not one of this version's entries."""
        try:
            found = json.loads(text)
            if found.pop("version") != VERSION:
                return None
            entry = cls(**found)
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        fine = (isinstance(entry.text, str) and isinstance(entry.fragments, dict) and isinstance(entry.ids, dict)
                and isinstance(entry.questions, list) and all(isinstance(q, str) for q in entry.questions))
        return entry if fine else None


class PageCache:
    """The stored renders of one project, by slot (a fingerprint of template, page and context).

    With `in_memory` (the default, and what `mkdocs serve` needs) every render found or made is
    kept in memory for the next build; without it (a one-off build) only the new ones are, until
    they are written: the others are read from the folder when a build needs them.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder  # None: kept in memory only
        self.in_memory = True
        self._entries: dict[str, Entry] = {}
        self._changed: set[str] = set()
        self._seen: set[str] = set()  # slots looked up since the last save
        self.rendered: list[str] = []  # the page of each render no stored one fitted, this build

    def find(self, slot: str, engine: str, answers: Answers) -> Entry | None:
        """The stored render for a slot if nothing it read changed."""
        self._seen.add(slot)
        entry = self._entries.get(slot)
        if entry is None and self.folder is not None:
            entry = self._read(slot)
        if entry is None or entry.engine != engine or answers.all_of(entry.questions) != entry.answers:
            return None
        if self.in_memory:
            self._entries[slot] = entry
        return entry

    def store(self, slot: str, entry: Entry) -> None:
        self._entries[slot] = entry
        self._changed.add(slot)

    def save(self) -> None:
        """Write the renders stored since the last save and drop the ones no build looked up
        (pages that are gone); never fail a build over it."""
        for slot in set(self._entries) - self._seen:
            del self._entries[slot]
        if self.folder is not None:
            with contextlib.suppress(OSError):
                self._write()
        if not self.in_memory:
            self._entries.clear()
        self._changed.clear()
        self._seen.clear()

    def stored(self, slot: str) -> bool:
        """Whether a render is kept for the slot (in memory or in the folder), fresh or not."""
        return slot in self._entries or (self.folder is not None and (self.folder / f"{slot}.json").is_file())

    def flush(self) -> None:
        """Write the renders stored since the last write now, without the clean-up of `save`
        (helper.py: a child process rendering for a build); they are then let go."""
        if self.folder is None:
            return
        with contextlib.suppress(OSError):
            self._write_changed()
        for slot in self._changed:
            self._entries.pop(slot, None)
        self._changed.clear()

    def _write(self) -> None:
        self._write_changed()
        for path in self.folder.iterdir():
            unused = path.suffix == ".json" and path.stem not in self._seen
            if unused or path.suffix.startswith(".tmp"):  # a page no build read; a write cut short
                path.unlink(missing_ok=True)

    def _write_changed(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for slot in self._changed & self._entries.keys():
            temporary = self.folder / f"{slot}.tmp{os.getpid()}"
            temporary.write_text(self._entries[slot].as_json(), encoding="utf-8")
            temporary.replace(self.folder / f"{slot}.json")  # whole or not at all, for a reader

    def _read(self, slot: str) -> Entry | None:
        try:
            return Entry.from_json((self.folder / f"{slot}.json").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return None


_caches: dict[Path | None, PageCache] = {}


def cache_for(folder: Path | None) -> PageCache:
    """The page cache kept in a folder (None: in memory only), the same object for the whole
    process, so `mkdocs serve` keeps its renders in memory between builds. The last two
    projects' caches are kept."""
    cache = _caches.pop(folder, None) or PageCache(folder)
    _caches[folder] = cache
    while len(_caches) > 2:
        del _caches[next(iter(_caches))]
    return cache
