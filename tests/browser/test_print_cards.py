"""Printing: every activity page on one A4 sheet, the deck one card per sheet, the onboarding path.

Pages are printed to PDF by Chromium with the print stylesheet, then measured and read with
poppler's pdfinfo and pdftotext.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ACTIVITIES = [yaml.safe_load(path.read_text()) for path in sorted((ROOT / "data" / "activities").glob("*.yaml"))]
ONBOARDING = yaml.safe_load((ROOT / "data" / "onboarding.yaml").read_text())
# Headings of the activity page that a printed card keeps, and those it leaves out to fit a sheet.
KEPT_SECTIONS = ("Why it matters", "Monday morning", "Steps", "Outputs", "Who takes part")
DROPPED_SECTIONS = ("When to use it", "How to tell it is working", "Common mistakes", "Examples", "Related")


@pytest.fixture(scope="module", autouse=True)
def _poppler():
    if not (shutil.which("pdfinfo") and shutil.which("pdftotext")):
        if os.environ.get("CI"):
            pytest.fail("poppler-utils is missing; .ci/run must install it")
        pytest.skip("poppler-utils (pdfinfo, pdftotext) is not installed")


@pytest.fixture(scope="module")
def print_page(browser):
    """One page for all the activity prints: a fresh profile per card adds nothing but time."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def print_to_pdf(page, url: str, pdf: Path, paper: str = "A4") -> Path:
    """Open url and print it on A4 (or Letter) as Chromium's print dialog would."""
    page.goto(url)
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format=paper)
    return pdf


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))


def pdf_text(pdf: Path, sheet: int | None = None) -> str:
    """The text of the PDF, or of one sheet of it, with white space collapsed."""
    pages = ["-f", str(sheet), "-l", str(sheet)] if sheet else []
    text = subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("activity", ACTIVITIES, ids=[a["id"] for a in ACTIVITIES])
def test_an_activity_page_prints_on_one_sheet(print_page, server, tmp_path, activity, paper):
    page = print_page
    pdf = print_to_pdf(page, f"{server}activities/{activity['id']}/", tmp_path / "card.pdf", paper)

    assert page_count(pdf) == 1
    text = pdf_text(pdf)
    assert text.startswith(activity["title"]), "nothing of the site's frame should come before the title"
    for heading in KEPT_SECTIONS:
        assert heading in text
    for heading in DROPPED_SECTIONS:
        assert heading not in text
    # The card ends with its last step, outputs and roles, not cut off at the bottom.
    assert collapse(page.locator(".pb-steps > li").last.inner_text()) in text
    assert text.index("Who takes part") > text.index("Outputs") > text.index("Steps")
    if activity.get("metrics"):
        assert "Metrics to watch:" in text


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_deck_prints_one_card_per_sheet(page, server, tmp_path, paper):
    pdf = print_to_pdf(page, f"{server}activities/cards/", tmp_path / "deck.pdf", paper)
    deck_titles = page.locator(".pb-print-card__title").all_inner_texts()

    assert sorted(deck_titles) == sorted(a["title"] for a in ACTIVITIES)
    assert page_count(pdf) == len(ACTIVITIES)
    for sheet, title in enumerate(deck_titles, start=1):
        text = pdf_text(pdf, sheet)
        assert text.startswith(title), f"sheet {sheet} should hold the card {title!r} alone"
        assert "Monday morning" in text and "Who takes part:" in text
    assert "Print all" not in pdf_text(pdf)


def test_the_onboarding_path_prints_as_a_blank_sheet(page, server, tmp_path):
    stages = ONBOARDING["stages"]
    first_question = stages[0]["quiz"][0]
    # Progress in the browser must not leak onto the paper: answer a question and tick a task.
    page.goto(f"{server}onboarding/")
    page.wait_for_selector("[data-pb-onboarding][data-pb-ready]")
    page.locator("[data-pb-task]").first.check()
    right = next(c for c in first_question["choices"] if c.get("correct"))
    page.locator(".pb-quiz__question").first.get_by_label(right["text"], exact=True).check()
    page.emulate_media(media="print")
    page.pdf(path=str(tmp_path / "path.pdf"), format="A4")
    pdf = tmp_path / "path.pdf"

    # Each stage starts a sheet, and none should need more than two.
    assert len(stages) <= page_count(pdf) <= 2 * len(stages)
    assert page.locator(".pb-onboarding button:visible").count() == 0
    assert page.locator(".pb-onboarding input:visible").count() == 0, "printed boxes are drawn, not inputs"
    text = pdf_text(pdf)
    for words in ("Print the path", "Reset my progress", "Your progress", "Your score", "Show the answer", "Right."):
        assert words not in text
    for stage in stages:
        assert stage["title"] in text
        for question in stage["quiz"]:
            assert collapse(question["question"]) in text
            for choice in question["choices"]:
                assert collapse(choice["text"]) in text
                assert collapse(choice["explanation"])[:40] not in text
