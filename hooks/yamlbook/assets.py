"""The engine's browser assets (package data in yamlbook/assets/) and which page needs which.

A template that puts a widget on a page says so with `{{ uses("worksheet") }}`; the page then
loads that widget's scripts and styles, and no other page does. Every page loads the base
stylesheet and the stylesheet generated from the data (each stream's colour).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

FOLDER = Path(__file__).resolve().parent / "assets"
SITE_FOLDER = "assets/yamlbook"  # where the assets are served, under the site root
STREAM_STYLES = "stylesheets/streams.css"  # generated from data/streams, see streams.css.j2

# On every page, in this order, before the site's own stylesheets.
BASE_STYLES = ("stylesheets/yamlbook.css", STREAM_STYLES)

# Each widget's files, in load order (storage.js first: the others use it).
BUNDLES: dict[str, dict[str, tuple[str, ...]]] = {
    "worksheet": {
        "styles": ("stylesheets/worksheet.css",),
        "scripts": ("javascripts/storage.js", "javascripts/worksheet-scoring.js", "javascripts/worksheet-store.js",
                    "javascripts/worksheet-plan.js", "javascripts/worksheet-team.js", "javascripts/worksheet.js"),
    },
    "catalogue": {
        "styles": ("stylesheets/catalogue.css",),
        "scripts": ("javascripts/storage.js", "javascripts/catalogue.js"),
    },
    # catalogue.css also styles the onboarding path, checklists and the printable cards.
    "onboarding": {"styles": ("stylesheets/catalogue.css",),
                   "scripts": ("javascripts/storage.js", "javascripts/onboarding.js")},
    "checklist": {"styles": ("stylesheets/catalogue.css",),
                  "scripts": ("javascripts/storage.js", "javascripts/checklist.js")},
    # An activity page printed as one card (the print rules are catalogue.css's).
    "card": {"styles": ("stylesheets/catalogue.css",), "scripts": ()},
    "planner": {
        "styles": ("stylesheets/planner.css",),
        "scripts": ("javascripts/storage.js", "javascripts/planner.js"),
    },
}


def site_path(name: str) -> str:
    """Where an asset is served, e.g. 'assets/yamlbook/javascripts/storage.js'."""
    return f"{SITE_FOLDER}/{name}"


def packaged() -> list[str]:
    """Every asset file shipped with the engine, relative to its folder."""
    return sorted(p.relative_to(FOLDER).as_posix() for p in FOLDER.rglob("*") if p.is_file())


def files_for(bundles: Iterable[str], part: str) -> list[str]:
    """The styles or scripts (part) the named bundles need, each once, in load order."""
    found: dict[str, None] = {}
    for bundle in sorted(bundles, key=list(BUNDLES).index):
        found.update(dict.fromkeys(BUNDLES[bundle][part]))
    return list(found)
