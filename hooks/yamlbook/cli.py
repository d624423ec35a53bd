"""Command line: `yamlbook validate [ROOT]` checks the data without building the site."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .dataset import load_dataset
from .problems import DataError, unexpected


def main(argv: list[str] | None = None) -> int:
    """Run the command; exit status 0 when the data is valid, 1 when it is not."""
    parser = argparse.ArgumentParser(prog="yamlbook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="validate every data file and cross-reference")
    check.add_argument("root", nargs="?", default=".", help="project folder holding data/ (default: .)")
    check.add_argument("--docs", default=None, help="docs folder (default: ROOT/playbook)")
    args = parser.parse_args(argv)

    root = Path(args.root)
    if not (root / "data").is_dir():
        print(f"yamlbook: no data/ folder in {root.resolve()}", file=sys.stderr)
        return 2
    try:
        dataset = load_dataset(root, args.docs)
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    except Exception as err:  # noqa: BLE001 (a bug in the engine: say so in one line, not a traceback)
        if os.environ.get("YAMLBOOK_DEBUG"):
            raise
        print(unexpected(err), file=sys.stderr)
        return 2
    counts = ", ".join(f"{len(found)} {kind}" for kind, found in dataset.records.items())
    print(f"The playbook data is valid: {counts}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
