"""The balance planner in Chromium: the browser's plan equals the Python reference for every
combination of answers, the page shows it with its reasons, and it prints."""

from __future__ import annotations

import itertools
import subprocess

import pytest

from yamlbook import load_dataset
from yamlbook.planner import plan

from conftest import ROOT

pytestmark = pytest.mark.browser
PLANNER = load_dataset(ROOT).get("planners", "balance-planner")


@pytest.fixture
def planner_page(page, server):
    page.goto(server + "balance-planner/")
    return page


def test_the_browser_plans_as_the_reference_does_for_every_combination(planner_page):
    factors = PLANNER["factors"]
    combos = [dict(zip([f["id"] for f in factors], ids))
              for ids in itertools.product(*[[o["id"] for o in f["options"]] for f in factors])]
    for current in (None, 0, 58, 100):
        found = planner_page.evaluate(
            "([p, all, current]) => all.map(c => window.playbook.planner.plan(p, c, current))",
            [PLANNER, combos, current])
        assert found == [plan(PLANNER, c, current) for c in combos]


def test_answers_give_the_split_with_a_reason_for_each_step(planner_page):
    for option in ("businesses", "rare", "launching", "not-constrained"):
        planner_page.locator(f"input[value={option}]").check()
    result = planner_page.locator("[data-pb-plan]")
    expected = plan(PLANNER, {"market": "businesses", "cycle": "rare", "stage": "launching", "cash": "not-constrained"})
    assert f"Long-term (upstream) work: {expected['share']}%" in result.inner_text()
    assert result.locator("li").count() == 1 + len(PLANNER["factors"])
    assert result.locator("a[href*='sources/#binet-field-b2b-growth-principles']").count() == 1
    planner_page.locator("[data-pb-current]").fill("40")
    assert f"Move about {expected['share'] - 40} points toward long-term (upstream) work" in result.inner_text()


def test_unanswered_questions_make_the_plan_provisional(planner_page):
    assert "Provisional: 4 of 4 questions unanswered" in planner_page.locator("[data-pb-plan]").inner_text()


def test_the_plan_prints_on_two_pages_at_most(planner_page, tmp_path):
    planner_page.locator("input[value=businesses]").check()
    pdf = tmp_path / "plan.pdf"
    planner_page.emulate_media(media="print")
    planner_page.pdf(path=str(pdf), format="A4")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages <= 2
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Long-term (upstream) work: 50%" in text
