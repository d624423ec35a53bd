"""Validation benchmark: `python -m yamlbook validate` on a project with 5,000 added activities,
timed as a whole process (interpreter start included: what a pre-commit user waits for).

    python3 tests/bench_validate.py                 # 5,000 activities, 7 rounds
    python3 tests/bench_validate.py --records 1000 --runs 9

The project is copied to a temporary folder and given synthetic activities: each modeled on a
real one (its choices and references), with its own text from a seeded generator, words
replaced by words of the same length so the schema's limits hold. Each round runs a cold validation (the project's .cache/ deleted first) and then a warm one
(the cache the cold run wrote). The engine's own bytecode stays compiled, as after any install.
Files are left to settle first (parsecache.SETTLE_NS): the engine trusts a file's stat only once
it is older than any file system's clock tick, and in real use files are not written a moment
before every run.

The build benchmark (tests/benchmark.py, which writes the benchmark page) times validation too;
this script is the quick way to time validation alone, with its CPU time. The synthetic
activities are the build benchmark's (add_synthetic_activities). Standard library and PyYAML only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmark import ROOT, add_synthetic_activities, copy_project

SETTLE = 2.5  # seconds: longer than parsecache.SETTLE_NS


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
    """A copy of this project with `count` synthetic activities, made as the build benchmark
    makes its projects."""
    add_synthetic_activities(copy_project(ROOT, target), count)
    return target


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
