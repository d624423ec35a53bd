"""A cache of parsed data files, so a file that has not changed is not parsed again.

Parsing is the slowest part of loading (PyYAML builds Python objects in Python), and it is a
pure function of the file's bytes, so the cache is keyed by a hash of those bytes: an edit that
keeps the size and modification time is still seen. Only parsing is cached; every record is still
validated on every load, so a change in one file can never leave another file's problems
unreported. The cache holds plain values only (marshal, which cannot carry code or objects).
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import Any

_VERSION = 3  # 3: YAML 1.2 core scalars
CACHE_FILE = Path(".cache") / "yamlbook-parsed.marshal"
DISABLE = "YAMLBOOK_NO_CACHE"  # set to 1 to parse every file (e.g. to measure a cold load)


def cache_dir(root: Path) -> Path | None:
    """The folder for the engine's caches, or None when caching is switched off."""
    return None if os.environ.get(DISABLE) else root / CACHE_FILE.parent


def digest(raw: bytes) -> bytes:
    """The key of a file's content."""
    return hashlib.blake2b(raw, digest_size=16).digest()


class ParseCache:
    """Parsed data by file path, valid while the file's content hash is unchanged."""

    def __init__(self, root: Path):
        self.path = root / CACHE_FILE
        self.enabled = not os.environ.get(DISABLE)
        self._entries: dict[str, tuple[bytes, Any]] = {}
        self._dirty = False
        if self.enabled:
            try:
                version, entries = marshal.loads(self.path.read_bytes())
                if version == _VERSION and isinstance(entries, dict):
                    self._entries = entries
            except (OSError, ValueError, EOFError, TypeError):
                pass  # no cache yet, or an unreadable one: parse everything

    def get(self, rel: str, key: bytes) -> Any | None:
        """The cached data of a file, or None when it is missing or out of date."""
        entry = self._entries.get(rel)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == key:
            return entry[1]
        return None

    def put(self, rel: str, key: bytes, data: Any) -> None:
        """Remember a file's parsed data, unless it holds values marshal cannot store."""
        try:
            marshal.dumps(data)
        except ValueError:
            return  # e.g. a date: such a file is simply parsed every time
        self._entries[rel] = (key, data)
        self._dirty = True

    def save(self, keep: set[str]) -> None:
        """Write the cache, dropping files that no longer exist; never fail a load over it."""
        stale = set(self._entries) - keep
        if not self.enabled or not (self._dirty or stale):
            return
        for rel in stale:
            del self._entries[rel]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_bytes(marshal.dumps((_VERSION, self._entries)))
            temporary.replace(self.path)
        except OSError:
            pass
