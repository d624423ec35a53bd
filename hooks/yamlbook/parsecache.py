"""A cache of what reading and checking each data file found, so that an unchanged file is
neither read, parsed nor checked again.

One file, .cache/yamlbook-parsed.marshal, holds an entry per data file (by its path):

- the hash of its content (blake2b), and its stat (size, change times, inode). The file is read
  and hashed again whenever its stat differs; ctime is part of it, so an edit that restores the
  size and mtime (touch -r) is still seen. A stat is trusted only once it is SETTLE_NS older than
  the walk that saw it: an edit within the same tick of the file system's clock keeps the times.
- its parsed data, valid while the content hash is unchanged, decoded only when a record's data
  is used (a warm `yamlbook validate` uses almost none).
- when the record's own checks found nothing, the references it makes, valid while its content
  hash and its check key (its kind's settings and its schema, validate.py) are unchanged. Checks
  between records (references, page addresses, case numbers) are never cached: they run on
  every load, from these references.

It also lists the schemas (by a hash of their inlined rules) that fastjsonschema compiles, so
that their compilation waits until a record needs it.

The whole file is keyed by the engine (its own source files, the libraries that parse and check,
the Python version), so any new version starts from scratch. It is marshal of plain values
(bytes, text, numbers, tuples, lists and dicts), checked for their shape when used; nothing read
from it is ever run. Its header and each record's data carry a checksum (CRC-32). A cache that cannot be read,
or an entry that does not match, is ignored, never an error.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import marshal
import os
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_VERSION = 4  # 4: one file, data decoded per record, stats and check results
CACHE_FILE = Path(".cache") / "yamlbook-parsed.marshal"
DISABLE = "YAMLBOOK_NO_CACHE"  # set to 1 to parse every file (e.g. to measure a cold load)
SETTLE_NS = 2_000_000_000  # 2 s: coarser than any file system's clock tick (FAT's is 2 s)
# The libraries whose versions change what a data file parses to or what the checks find.
_LIBRARIES = ("yaml", "fastjsonschema", "markdown", "markupsafe")
_FRAME = struct.Struct("<QI")  # before the header: its length and its CRC-32

Stat = tuple  # (mode, size, mtime_ns, ctime_ns, inode, device), as file_stat() gives it
Reference = tuple  # (json path parts, kind, id)


def cache_dir(root: Path) -> Path | None:
    """The folder for the engine's caches, or None when caching is switched off."""
    return None if os.environ.get(DISABLE) else root / CACHE_FILE.parent


def digest(raw: bytes) -> bytes:
    """The key of a file's content."""
    return hashlib.blake2b(raw, digest_size=16).digest()


def file_stat(info: os.stat_result) -> Stat:
    """What the cache compares to tell that a file is unchanged."""
    return (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def settled(stat: Stat, seen_ns: int) -> bool:
    """Whether a stat taken at seen_ns would change with any later edit of the file."""
    return seen_ns - max(stat[2], stat[3]) >= SETTLE_NS


@functools.cache
def engine_key() -> bytes:
    """A hash of everything besides the files themselves that decides what a load finds: the
    engine's source, the libraries it parses and checks with (their files' stats), Python."""
    parts = [f"{_VERSION}\0{sys.version}".encode()]
    package = Path(__file__).parent
    for path in sorted(package.glob("*.py")):
        parts.append(path.name.encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec and spec.origin else ""
        try:
            parts.append(f"{name}\0{origin}\0{file_stat(os.stat(origin))}".encode())
        except OSError:
            parts.append(f"{name}\0missing".encode())
    return hashlib.blake2b(b"\0\0".join(parts), digest_size=16).digest()


@dataclass
class _Entry:
    """What is known about one data file."""

    digest: bytes
    stat: Stat | None = None  # once settled
    blob: bytes | None = None  # the marshal of data parsed by this load
    place: Any = None  # where the saved data sits in the saved file: (offset, length, CRC-32)
    checked: Any = None  # (check key, references) when the record's own checks found nothing


class RecordCache:
    """What the last load found about each data file, and what this load finds, to be saved."""

    def __init__(self, root: Path):
        self.path = root / CACHE_FILE
        self.enabled = not os.environ.get(DISABLE)
        self._saved: dict[str, Any] = {}  # the saved entries, as read: checked when first used
        self._blob = memoryview(b"")  # the saved data of every file, one marshal each
        self._entries: dict[str, _Entry | None] = {}
        self._seen: set[str] = set()  # the files this load read: the entries saved
        self._changed = False
        self._compiled_before: frozenset[str] = frozenset()
        self.compiled: set[str] = set()  # digests of inlined schemas that compile (schemas.load_schemas)
        if self.enabled:
            self._read()

    def _read(self) -> None:
        try:
            raw = self.path.read_bytes()
            length, checksum = _FRAME.unpack_from(raw)
            header = memoryview(raw)[_FRAME.size:_FRAME.size + length]
            if zlib.crc32(header) != checksum:
                return
            version, key, entries, compiled = marshal.loads(header)
        except (OSError, ValueError, EOFError, TypeError, struct.error):
            return  # no cache yet, or an unreadable one: read everything
        if (version == _VERSION and key == engine_key() and isinstance(entries, dict)
                and isinstance(compiled, tuple)):
            self._saved = entries
            self._blob = memoryview(raw)[_FRAME.size + length:]
            self._compiled_before = frozenset(d for d in compiled if isinstance(d, str))
            self.compiled = set(self._compiled_before)

    def _get(self, rel: str) -> _Entry | None:
        """The entry of a file, from the saved one when it has the expected shape."""
        if rel not in self._entries:
            saved = self._saved.get(rel)
            ok = isinstance(saved, tuple) and len(saved) == 4 and isinstance(saved[0], bytes)
            self._entries[rel] = _Entry(saved[0], saved[1], None, saved[2], saved[3]) if ok else None
        return self._entries[rel]

    # Reading a file

    def known_digest(self, rel: str, stat: Stat) -> bytes | None:
        """The file's content hash when its stat shows it unchanged since it was hashed."""
        entry = self._get(rel)
        if entry is not None and entry.stat is not None and entry.stat == stat:
            return entry.digest
        return None

    def data(self, rel: str, key: bytes) -> Callable[[], dict | None] | None:
        """A function giving the file's saved data (None if that data turns out not to be sound),
        or None when no data is saved for this content."""
        entry = self._get(rel)
        if entry is None or entry.digest != key:
            return None
        if entry.blob is not None:
            return functools.partial(_decode, entry.blob, zlib.crc32(entry.blob))
        blob = self._saved_blob(entry.place)
        return None if blob is None else functools.partial(_decode, blob, entry.place[2])

    def seen(self, rel: str, key: bytes, stat: Stat | None, data: dict | None = None) -> None:
        """Note a file read by this load: its content hash, its stat (None until settled) and its
        data when it was parsed (unless it holds values marshal cannot store, e.g. a date)."""
        self._seen.add(rel)
        entry = self._get(rel)
        if entry is None or entry.digest != key:
            entry = self._entries[rel] = _Entry(key)
            self._changed = True
        if entry.stat != stat:
            entry.stat = stat
            self._changed = True
        blob = _encoded(data) if data is not None else None
        if blob is not None:
            entry.blob, entry.place = blob, None
            self._changed = True

    # The record's own checks

    def checked(self, rel: str, check_key: bytes) -> list[Reference] | None:
        """The references of a record whose own checks, under this check key, found nothing."""
        entry = self._get(rel)
        found = entry.checked if entry is not None else None
        if (isinstance(found, tuple) and len(found) == 2 and found[0] == check_key
                and isinstance(found[1], tuple) and all(map(_is_reference, found[1]))):
            return list(found[1])
        return None

    def remember_checked(self, rel: str, check_key: bytes, references: list[Reference] | None) -> None:
        """Keep what a record's own checks found: its references when nothing was wrong, else None."""
        entry = self._get(rel)
        found = None if references is None else (check_key, tuple(references))
        if entry is not None and entry.checked != found:
            entry.checked = found
            self._changed = True

    # Saving

    def save(self) -> None:
        """Write the cache with the files this load read (others no longer exist, or cannot be
        read); never fail a load over it."""
        if not self.enabled or not (self._changed or set(self._saved) - self._seen
                                    or self.compiled != self._compiled_before):
            return
        entries, chunks, offset = {}, [], 0
        for rel in sorted(self._seen):
            entry = self._get(rel)
            if entry is None:
                continue
            blob = entry.blob if entry.blob is not None else self._saved_blob(entry.place)
            place = None
            if blob is not None:  # saved data keeps the checksum it was saved with, checked when decoded
                checksum = zlib.crc32(blob) if entry.blob is not None else entry.place[2]
                place = (offset, len(blob), checksum)
                chunks.append(blob)
                offset += len(blob)
            entries[rel] = (entry.digest, entry.stat, place, entry.checked)
        header = marshal.dumps((_VERSION, engine_key(), entries, tuple(sorted(self.compiled))))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            with open(temporary, "wb") as out:
                out.write(_FRAME.pack(len(header), zlib.crc32(header)) + header)
                out.writelines(chunks)
            temporary.replace(self.path)
        except OSError:
            pass

    def _saved_blob(self, place: Any) -> memoryview | None:
        """The saved marshal of a file's data, when its place in the saved file is sound."""
        if not (isinstance(place, tuple) and len(place) == 3
                and type(place[0]) is int and type(place[1]) is int):
            return None
        start, length, _ = place
        if start < 0 or length < 0 or start + length > len(self._blob):
            return None
        return self._blob[start:start + length]


def _is_reference(value: Any) -> bool:
    """Whether a saved reference has its shape: (json path parts, kind, id)."""
    return (type(value) is tuple and len(value) == 3 and type(value[0]) is tuple
            and type(value[1]) is str and type(value[2]) is str
            and all(type(part) in (str, int) for part in value[0]))


def _encoded(data: dict) -> bytes | None:
    """The marshal of parsed data, or None when it holds a value marshal cannot store."""
    try:
        return marshal.dumps(data)
    except ValueError:
        return None


def _decode(blob: memoryview, checksum: Any) -> dict | None:
    """A record's saved data, or None when it does not match its checksum or is not a mapping."""
    if zlib.crc32(blob) != checksum:
        return None
    try:
        data = marshal.loads(blob)
    except (ValueError, EOFError, TypeError):
        return None
    return data if isinstance(data, dict) else None
