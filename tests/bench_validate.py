"""Validation benchmark: `python -m yamlbook validate` on a project with 5,000 added activities,
timed as a whole process (interpreter start included: what a pre-commit user waits for).

    python3 tests/bench_validate.py                 # 5,000 activities, 7 rounds
    python3 tests/bench_validate.py --records 1000 --runs 9

The project (mkdocs.yml, pyproject.toml, data/, playbook/) is copied to a temporary folder and
given synthetic activities: each modeled on a real one (its choices and references), with its own
text from a seeded generator, words replaced by words of the same length so the schema's limits
hold. Each round runs a cold validation (the project's .cache/ deleted first) and then a warm one
(the cache the cold run wrote). The engine's own bytecode stays compiled, as after any install.
Files are left to settle first (parsecache.SETTLE_NS): the engine trusts a file's stat only once
it is older than any file system's clock tick, and in real use files are not written a moment
before every run.

tests/benchmark.py calls measure_validation(). Standard library and PyYAML only.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "pyproject.toml", "data", "playbook")
SEED = 13
SETTLE = 2.5  # seconds: longer than parsecache.SETTLE_NS
# Fields that are choices or references, not prose: kept from the record a new one is modeled on.
_KEPT = frozenset({"id", "stream", "sense", "horizon", "effort", "duration", "roles", "metrics", "related",
                   "tags", "basis", "source", "where"})
_WORD = re.compile(r"\]\([^)]*\)|`[^`]*`|&#?\w+;|<[^>]*>|[A-Za-z]+")  # link targets, code, entities, tags kept


def measure_validation(n_records: int = 5000, runs: int = 7, *, engine: Path = ROOT / "hooks") -> dict[str, list[float]]:
    """Seconds of each whole-process validation of a project with n_records added activities:
    {"warm": [...], "cold": [...]}, `runs` of each, in interleaved rounds (cold, then warm).
    engine: the folder holding the yamlbook package to run (default: this repository's)."""
    return _measure(n_records, runs, engine)["wall"]


def _measure(n_records: int, runs: int, engine: Path) -> dict[str, dict[str, list[float]]]:
    """Wall and CPU seconds of each run, by mode."""
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as folder:
        project = make_project(Path(folder) / "project", n_records)
        time.sleep(SETTLE)
        command = [sys.executable, "-m", "yamlbook", "validate", str(project)]
        env = _env(engine)
        _run(command, env)  # compiles the engine's bytecode if it is not yet, and checks the project is valid
        found: dict[str, dict[str, list[float]]] = {"wall": {"cold": [], "warm": []}, "cpu": {"cold": [], "warm": []}}
        for _ in range(runs):
            for mode in ("cold", "warm"):
                if mode == "cold":
                    shutil.rmtree(project / ".cache", ignore_errors=True)
                wall, cpu = _run(command, env)
                found["wall"][mode].append(wall)
                found["cpu"][mode].append(cpu)
        return found


def _env(engine: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(engine))
    for name in ("YAMLBOOK_NO_CACHE", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run; SystemExit when validation fails."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a long report cannot block the child
        start = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"validation failed:\n{errors.read().decode(errors='replace')[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------- the project


def make_project(target: Path, count: int) -> Path:
    """A copy of this project's data and pages with `count` synthetic activities."""
    target.mkdir(parents=True)
    for name in PROJECT_PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        elif source.is_file():
            shutil.copy2(source, target / name)
    add_activities(target, count)
    return target


def add_activities(project: Path, count: int) -> None:
    """`count` activities, each modeled on a real one (cycling through them) with new prose; each
    relates to as many random activities as its model does, and keeps its model's metrics."""
    folder = project / "data" / "activities"
    models = sorted(folder.glob("*.yaml"))
    words = _vocabulary(project)
    ids = [path.stem for path in models] + [f"synthetic-{i:05d}" for i in range(count)]
    for i in range(count):
        model = models[i % len(models)]
        text = model.read_text(encoding="utf-8")
        rng = random.Random(f"{SEED}:{i}")
        record = _rewritten(yaml.safe_load(text), rng, words)
        record_id = ids[len(models) + i]
        record["id"] = record_id
        record["title"] = f"{record['title']} {i}"
        record["related"] = rng.sample([x for x in ids if x != record_id], len(record.get("related", [])))
        header = text.splitlines()[0] + "\n"
        body = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)
        (folder / f"{record_id}.yaml").write_text(header + body, encoding="utf-8")


def _vocabulary(project: Path) -> dict[int, list[str]]:
    """The words of the project's data, by length."""
    words: set[str] = set()
    for path in sorted((project / "data").rglob("*.yaml")):
        words.update(re.findall(r"\b[a-z]+\b", path.read_text(encoding="utf-8")))
    by_length: dict[int, list[str]] = {}
    for word in sorted(words):
        by_length.setdefault(len(word), []).append(word)
    return by_length


def _rewritten(value: Any, rng: random.Random, words: dict[int, list[str]], key: str | None = None) -> Any:
    """A record's structure with new prose; an example loses its `case` (whose numbers it must cite)."""
    if key in _KEPT:
        return value
    if isinstance(value, str):
        return _WORD.sub(lambda m: _swap(m.group(0), rng, words), value)
    if isinstance(value, list):
        return [_rewritten(item, rng, words) for item in value]
    if isinstance(value, dict):
        return {k: _rewritten(v, rng, words, k) for k, v in value.items() if k != "case"}
    return value


def _swap(token: str, rng: random.Random, words: dict[int, list[str]]) -> str:
    """A random word of the same length and case (anything that is not a word stays)."""
    if not token[0].isalpha():
        return token
    word = rng.choice(words.get(len(token)) or words[max(words)])
    return word.upper() if token.isupper() and len(token) > 1 else word.capitalize() if token[0].isupper() else word


# ---------------------------------------------------------------- the report


def spread(values: list[float]) -> str:
    """min - median - max."""
    return f"{min(values):.3f} - {statistics.median(values):.3f} - {max(values):.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=5000, help="activities to add (default: 5000)")
    parser.add_argument("--runs", type=int, default=7, help="rounds of one cold and one warm run (default: 7)")
    args = parser.parse_args()
    found = _measure(args.records, args.runs, ROOT / "hooks")
    print(f"yamlbook validate, +{args.records:,} activities, {args.runs} interleaved rounds "
          f"(min - median - max; load average {os.getloadavg()[0]:.2f})")
    for mode in ("warm", "cold"):
        print(f"  {mode}: {spread(found['wall'][mode])} wall, {spread(found['cpu'][mode])} CPU")


if __name__ == "__main__":
    main()
