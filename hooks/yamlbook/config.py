"""A project's engine settings: the `[tool.yamlbook]` table of its pyproject.toml.

    [tool.yamlbook]
    templates = "hooks/templates"        # searched before the engine's own templates
    [tool.yamlbook.checks]               # extra checks, by the schema their records satisfy
    "metric.schema.json" = ["hooks/site_checks.py:check_target"]
    [[tool.yamlbook.catalogue.facets]]   # the catalogue's filters, in this order
    name = "stream"                      # the URL parameter
    field = "stream"                     # the record field it filters on

Every setting is optional; a project without the table gets the engine's defaults (no site
templates, no extra checks, a catalogue with free-text search only).
"""

from __future__ import annotations

import functools
import importlib.util
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .problems import DataError, Problem

FILE = "pyproject.toml"
_KEYS = ("templates", "checks", "catalogue")
_CHECK = re.compile(r"^(?P<file>[\w./-]+\.py):(?P<function>[A-Za-z_]\w*)$")


@dataclass(frozen=True)
class Facet:
    """One catalogue filter: its URL parameter and the record field it reads."""

    name: str
    field: str


@dataclass(frozen=True, eq=False)  # one object per file version (cached), hashed by identity
class Settings:
    """What a project sets; paths are absolute."""

    templates: Path | None = None
    checks: dict[str, tuple[Callable, ...]] = field(default_factory=dict)
    facets: tuple[Facet, ...] = ()


_DEFAULTS = Settings()


def read_settings(root: Path) -> Settings:
    """The settings of the project at root; DataError names the file and what is wrong."""
    path = Path(root).resolve() / FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return _DEFAULTS
    return _read(path, stamp)


@functools.lru_cache(maxsize=8)
def _read(path: Path, _stamp: int) -> Settings:
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("yamlbook", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise DataError([Problem(FILE, None, None, f"is not valid TOML: {err}")]) from None
    problems: list[Problem] = []
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        problems.append(_problem(f"unknown setting '{unknown[0]}'; allowed settings: {', '.join(_KEYS)}"))
    root = path.parent
    templates = _templates(root, table.get("templates"), problems)
    checks = _checks(root, table.get("checks", {}), problems)
    facets = _facets(table.get("catalogue", {}), problems)
    if problems:
        raise DataError(problems)
    return Settings(templates, checks, facets)


def _problem(message: str) -> Problem:
    return Problem(FILE, None, "[tool.yamlbook]", message)


def _templates(root: Path, value: Any, problems: list[Problem]) -> Path | None:
    if value is None:
        return None
    folder = (root / str(value)).resolve()
    if not isinstance(value, str) or not folder.is_dir():
        problems.append(_problem(f"templates: {value!r} is not a folder of the project; give a path such as "
                                 "'hooks/templates', relative to pyproject.toml"))
        return None
    return folder


def _checks(root: Path, table: Any, problems: list[Problem]) -> dict[str, tuple[Callable, ...]]:
    """Check functions by schema file name, loaded from the project's own Python files."""
    if not isinstance(table, dict):
        problems.append(_problem("checks: should be a table of schema file name = [\"file.py:function\", ...]"))
        return {}
    found: dict[str, tuple[Callable, ...]] = {}
    for schema, entries in table.items():
        functions = []
        for entry in entries if isinstance(entries, list) else [entries]:
            match = _CHECK.match(str(entry))
            if not match:
                problems.append(_problem(f"checks.\"{schema}\": {entry!r} should name a file and a function, "
                                         "e.g. 'hooks/site_checks.py:check_target'"))
                continue
            function = _load_function(root / match["file"], match["function"])
            if function is None:
                problems.append(_problem(f"checks.\"{schema}\": {entry!r}: there is no function "
                                         f"{match['function']} in {match['file']}"))
            else:
                functions.append(function)
        found[schema] = tuple(functions)
    return found


def _load_function(path: Path, name: str) -> Callable | None:
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"yamlbook_site_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function = getattr(module, name, None)
    return function if callable(function) else None


def _facets(table: Any, problems: list[Problem]) -> tuple[Facet, ...]:
    entries = table.get("facets", []) if isinstance(table, dict) else None
    if not isinstance(entries, list):
        problems.append(_problem("catalogue.facets: should be a list of {name, field} tables"))
        return ()
    facets = []
    for entry in entries:
        if not (isinstance(entry, dict) and set(entry) == {"name", "field"}
                and all(isinstance(v, str) and re.fullmatch(r"[a-z][a-z0-9_-]*", v) for v in entry.values())):
            problems.append(_problem(f"catalogue.facets: {entry!r} should be {{name = \"...\", field = \"...\"}}, "
                                     "both lowercase names"))
            continue
        facets.append(Facet(entry["name"], entry["field"]))
    return tuple(facets)
