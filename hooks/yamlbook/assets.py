"""The engine's browser assets (package data in yamlbook/assets/) and which page needs which.

A template that puts a widget on a page says so with `{% set _ = uses("worksheet") %}`; the
page then loads that widget's scripts and styles, and no other page does. Every page loads the
base stylesheet and the stylesheet generated from the data (each stream's colour).

A widget's scripts are served joined into one file, in their order: Material's instant
navigation inserts the scripts of a new page's content as dynamic scripts, which run in the
order they arrive, not the order they are written.
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
    """The styles (each file once) or scripts (one joined file per bundle) the named bundles need,
    in load order."""
    ordered = sorted(bundles, key=list(BUNDLES).index)
    if part == "scripts":
        return [joined_script(bundle) for bundle in ordered if BUNDLES[bundle]["scripts"]]
    found: dict[str, None] = {}
    for bundle in ordered:
        found.update(dict.fromkeys(BUNDLES[bundle][part]))
    return list(found)


def joined_script(bundle: str) -> str:
    """The name of a bundle's joined script, e.g. 'javascripts/worksheet.bundle.js'."""
    return f"javascripts/{bundle}.bundle.js"


def joined_scripts() -> list[tuple[str, str]]:
    """(name, text) of every bundle's joined script: its files in order, each under its name."""
    joined = []
    for bundle, parts in BUNDLES.items():
        if parts["scripts"]:
            text = "\n".join(f"/* ---- {name} */\n" + (FOLDER / name).read_text(encoding="utf-8")
                              for name in parts["scripts"])
            joined.append((joined_script(bundle), text))
    return joined
