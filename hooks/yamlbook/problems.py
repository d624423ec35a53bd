"""Data problems: one line each, naming file, line, JSON path and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one data file."""

    path: str  # relative to the project root, with forward slashes
    line: int | None
    json_path: str | None
    message: str

    def __str__(self) -> str:
        message = " ".join(self.message.split("\n"))  # one problem, one line
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        if self.json_path:
            return f"{where}: {self.json_path}: {message}"
        return f"{where}: {message}"


def shorten(text: Any, limit: int = 80) -> str:
    """A value quoted in a message: on one line, and cut to about limit characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DataError(Exception):
    """Raised after all files were checked, carrying every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.json_path or ""))
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    """The report shown by the build and by the validate command."""
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    lines = [f"The playbook data has {count} {noun}:"]
    lines += [f"  {problem}" for problem in problems]
    return "\n".join(lines)


def unexpected(err: BaseException) -> str:
    """The one line shown for a failure no check foresaw: a bug in the engine, not in the data."""
    return (f"yamlbook: unexpected {type(err).__name__}: {shorten(err, 200)}. This is a bug in the engine, "
            "not in your data: please report it (set YAMLBOOK_DEBUG=1 to see where it happened)")
