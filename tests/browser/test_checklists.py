"""Checklist pages in a browser: ticks kept by item text across reloads, the count, the reset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHECKLIST = yaml.safe_load((ROOT / "data" / "checklists" / "campaign-launch.yaml").read_text())
ITEMS = [item["text"] for item in CHECKLIST["items"]]
STORAGE_KEY = f"playbook:checklist:{CHECKLIST['id']}"


def open_checklist(page, server: str) -> None:
    page.goto(f"{server}checklists/{CHECKLIST['id']}/")
    page.wait_for_selector("[data-pb-checklist][data-pb-ready]")


def box(page, text: str):
    return page.locator(".pb-checklist").get_by_label(text, exact=True)


def status(page) -> str:
    return page.locator("[data-pb-status]").inner_text()


def ticked(page) -> list[str]:
    return [text for text in ITEMS if box(page, text).is_checked()]


def test_ticks_survive_a_reload(page, server):
    open_checklist(page, server)
    assert status(page) == f"0 of {len(ITEMS)} done."
    box(page, ITEMS[0]).check()
    box(page, ITEMS[3]).check()
    assert status(page) == f"2 of {len(ITEMS)} done."

    page.reload()
    page.wait_for_selector("[data-pb-checklist][data-pb-ready]")
    assert ticked(page) == [ITEMS[0], ITEMS[3]]
    assert status(page) == f"2 of {len(ITEMS)} done."


def test_ticks_follow_the_item_text_not_its_place(page, server):
    # As if the items had been reordered since the reader ticked them: the store names texts.
    open_checklist(page, server)
    stored = [ITEMS[5], ITEMS[1], "An item since removed from the checklist"]
    page.evaluate(f"localStorage.setItem('{STORAGE_KEY}', {json.dumps(json.dumps(stored))})")
    page.reload()
    page.wait_for_selector("[data-pb-checklist][data-pb-ready]")

    assert ticked(page) == [ITEMS[1], ITEMS[5]]
    assert status(page) == f"2 of {len(ITEMS)} done."


def test_ticking_everything_says_all_done(page, server):
    open_checklist(page, server)
    for text in ITEMS:
        box(page, text).check()
    assert status(page) == f"{len(ITEMS)} of {len(ITEMS)} done — all done."


def test_reset_asks_first_then_clears_the_ticks(page, server):
    open_checklist(page, server)
    box(page, ITEMS[2]).check()
    reset = page.get_by_role("button", name="Clear all ticks")

    page.once("dialog", lambda dialog: dialog.dismiss())
    reset.click()
    assert ticked(page) == [ITEMS[2]]

    page.once("dialog", lambda dialog: dialog.accept())
    reset.click()
    assert ticked(page) == []
    assert status(page) == f"0 of {len(ITEMS)} done."
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is None
    page.reload()
    page.wait_for_selector("[data-pb-checklist][data-pb-ready]")
    assert ticked(page) == []


def test_each_checklist_keeps_its_own_ticks(page, server):
    open_checklist(page, server)
    box(page, ITEMS[0]).check()
    other = sorted((ROOT / "data" / "checklists").glob("*.yaml"))[0].stem
    assert other != CHECKLIST["id"]
    page.goto(f"{server}checklists/{other}/")
    page.wait_for_selector("[data-pb-checklist][data-pb-ready]")
    assert page.locator(".pb-checklist input:checked").count() == 0
