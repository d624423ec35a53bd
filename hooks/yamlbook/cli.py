"""The yamlbook command: validate a project's data, or start a new record from its schema.

  yamlbook validate [ROOT]            check every data file and cross-reference
  yamlbook validate --format json     the same, as JSON for CI annotations
  yamlbook new KIND ID [ROOT]         write a record skeleton, e.g. yamlbook new activities my-id
  yamlbook --version
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .dataset import load_dataset
from .problems import DataError, Problem, unexpected
from .skeleton import SkeletonError, write_skeleton

_DIST = "yamlbook"


def main(argv: list[str] | None = None) -> int:
    """Run the command; exit status 0 when it worked, 1 for data problems, 2 for usage."""
    parser = argparse.ArgumentParser(
        prog="yamlbook", description="Validate a playbook's YAML data, or start a new record.",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n", 1)[1])
    parser.add_argument("--version", action=_Version, nargs=0, default=argparse.SUPPRESS,
                        help="show program's version number and exit")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every data file and cross-reference")
    check.add_argument("root", nargs="?", default=".", help="project folder holding data/ (default: .)")
    check.add_argument("--docs", default=None, help="docs folder (default: ROOT/playbook)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="how to report (default: text)")
    new = commands.add_parser("new", help="write a new record with every required field described")
    new.add_argument("kind", help="a kind of record from data/collections.yaml, e.g. activities")
    new.add_argument("id", help="the new record's id: lowercase letters, digits and single hyphens")
    new.add_argument("root", nargs="?", default=".", help="project folder holding data/ (default: .)")
    args = parser.parse_args(argv)

    root = Path(args.root)
    if not (root / "data").is_dir():
        print(f"yamlbook: no data/ folder in {root.resolve()}", file=sys.stderr)
        return 2
    if args.command == "new":
        try:
            path = write_skeleton(root, args.kind, args.id)
        except SkeletonError as err:
            print(f"yamlbook: {err}", file=sys.stderr)
            return 2
        print(f"Wrote {path.relative_to(root.resolve()).as_posix()}: fill in each field, then run yamlbook validate.")
        return 0
    return _validate(root, args.docs, args.format)


def _validate(root: Path, docs: str | None, form: str) -> int:
    try:
        dataset = load_dataset(root, docs)
    except DataError as err:
        if form == "json":
            print(json.dumps({"valid": False, "problems": [_as_json(p) for p in err.problems]}, indent=2))
        else:
            print(err, file=sys.stderr)
        return 1
    except Exception as err:  # noqa: BLE001 (a bug in the engine: say so in one line, not a traceback)
        if os.environ.get("YAMLBOOK_DEBUG"):
            raise
        print(unexpected(err), file=sys.stderr)
        return 2
    counts = {kind: len(found) for kind, found in dataset.records.items()}
    if form == "json":
        print(json.dumps({"valid": True, "problems": [], "records": counts}, indent=2))
    else:
        print(f"The playbook data is valid: {', '.join(f'{n} {kind}' for kind, n in counts.items())}.")
    return 0


def _as_json(problem: Problem) -> dict:
    message = " ".join(problem.message.split("\n"))
    return {"file": problem.path, "line": problem.line, "path": problem.json_path, "message": message, "text": str(problem)}


class _Version(argparse.Action):
    """--version, as argparse's own, but the version is looked up only when asked for."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"yamlbook {_version()}")
        parser.exit()


def _version() -> str:
    from importlib import metadata  # slow to import: only for --version

    try:
        return metadata.version(_DIST)
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


if __name__ == "__main__":
    sys.exit(main())
