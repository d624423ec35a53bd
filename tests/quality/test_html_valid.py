"""Valid HTML: the Nu HTML Checker (vnu-jar, from the npm registry) finds zero errors in every page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html(site):
    java = shutil.which("java")
    if not (VNU.exists() and java):
        message = "vnu-jar and java are needed (python3 hooks/dev.py test installs vnu-jar)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    pages = sorted(str(p) for p in site.rglob("*.html"))
    assert len(pages) > 80
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True, text=True,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '').split(str(site))[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages if m.get("type") == "error"
    ]
    assert not errors, "\n".join(errors[:50])
