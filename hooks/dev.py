"""Set up everything the playbook needs, then serve it, test it, validate it or benchmark it.

    python3 hooks/dev.py serve      # http://127.0.0.1:8000, live reload on playbook/, data/, hooks/
    python3 hooks/dev.py test       # the whole test suite, browser tests included
    SITE_URL=https://... python3 hooks/dev.py build   # the static site in site/
    python3 hooks/dev.py validate   # the data alone
    python3 hooks/dev.py bench      # the build benchmark, ~20 min (rewrites playbook/benchmark.md)
    python3 hooks/dev.py bench --quick   # its smoke test (writes a temporary file)

Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".installed"
NODE_DIR = ROOT / "node_modules"
# Browser-side quality tools, from the npm registry, pinned.
NODE_PACKAGES = ["axe-core@4.14.1", "vnu-jar@26.9.27"]
CHROMIUM = "/usr/bin/chromium"


def run(*cmd: str | os.PathLike, **kwargs) -> None:
    """Run a command from the project folder; stop with its exit status if it fails."""
    result = subprocess.run([str(c) for c in cmd], cwd=ROOT, **kwargs)
    if result.returncode:
        sys.exit(result.returncode)


def ensure_python() -> None:
    """Create .venv and install the project with its test tools, again when pyproject changes."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        run(sys.executable, "-m", "venv", VENV)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[test]")
    STAMP.write_text(wanted)


def ensure_system_tools() -> None:
    """Install from Debian's packages what the browser tests need and the machine lacks:
    Chromium (the tests never download a browser of their own), poppler-utils (PDF page
    counts) and a Java runtime (the Nu HTML Checker)."""
    wanted = {
        "chromium": Path(CHROMIUM).exists(),
        "poppler-utils": bool(shutil.which("pdfinfo") and shutil.which("pdftotext")),
        "default-jre-headless": bool(shutil.which("java")),
    }
    missing = [package for package, present in wanted.items() if not present]
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(*sudo, "apt-get", "update", "-qq", env=env)
    run(*sudo, "apt-get", "install", "-y", "-qq", *missing, env=env)


def ensure_node_tools() -> None:
    """Install axe-core and the Nu HTML Checker from the npm registry."""
    missing = [p for p in NODE_PACKAGES if not (NODE_DIR / p.rsplit("@", 1)[0]).exists()]
    if missing:
        if not shutil.which("npm"):
            sys.exit("npm is needed for the accessibility and HTML checks; install Node.js")
        run("npm", "install", "--no-save", "--no-package-lock", "--silent", *NODE_PACKAGES)


def main(argv: list[str]) -> None:
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if command == "serve":
        ensure_python()
        run(PYTHON, "-m", "mkdocs", "serve", "--dev-addr", "127.0.0.1:8000", *rest)
    elif command == "build":
        if not os.environ.get("SITE_URL"):
            sys.exit("SITE_URL is not set: a build for hosting needs the site's public address, e.g.\n"
                     "  SITE_URL=https://playbook.example.org/ python3 hooks/dev.py build")
        ensure_python()
        run(PYTHON, "-m", "mkdocs", "build", "--clean", "--strict", *rest)
    elif command == "validate":
        ensure_python()
        run(PYTHON, "-m", "yamlbook", "validate", *rest)
    elif command == "test":
        ensure_python()
        ensure_system_tools()
        ensure_node_tools()
        run(PYTHON, "-m", "pytest", *rest)
    elif command == "bench":
        ensure_python()
        run(PYTHON, str(ROOT / "tests" / "benchmark.py"), *rest)
    else:
        print(__doc__)
        sys.exit(0 if command == "help" else 2)


if __name__ == "__main__":
    main(sys.argv[1:])
