"""What a reader sees of the onboarding quiz's Check step (feedback only after Check, usable with
the keyboard alone, the first check is what scores, kept across reloads and tabs, no axe
violations), and of the playbook's diagrams (visible, named, fitting a phone, following the
palette and printing black)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from test_onboarding import choose, open_path, right_choice, wrong_choice
from test_onboarding import question_box as box_of

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PATH = yaml.safe_load((ROOT / "data" / "onboarding.yaml").read_text(encoding="utf-8"))
STAGES = PATH["stages"]

QUESTIONS = sum(len(stage["quiz"]) for stage in STAGES)
STORAGE_KEY = f"playbook:onboarding:{PATH['id']}"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DIAGRAMS = ROOT / "playbook" / "assets" / "diagrams"


def press_check(page, stage: dict, question: dict) -> None:
    box_of(page, stage, question).get_by_role("button", name="Check").click()


def feedback(page, stage: dict, question: dict) -> list[str]:
    return box_of(page, stage, question).locator(".pb-quiz__feedback:visible").all_inner_texts()


def result_line(page, stage: dict, question: dict) -> str:
    return box_of(page, stage, question).locator("[data-pb-result]").inner_text()


def score_of(page, stage: dict) -> str:
    return page.locator(f'[data-pb-quiz="{stage["id"]}"] [data-pb-score]').inner_text()


def progress_text(page) -> str:
    return page.locator("[data-pb-progress-text]").inner_text()


def stored(page) -> dict | None:
    raw = page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')")
    return None if raw is None else json.loads(raw)


# ---------------------------------------------------------------- the Check step

def test_feedback_stays_hidden_until_check_is_pressed(page, server):
    stage = STAGES[0]
    question = stage["quiz"][0]
    open_path(page, server)

    press_check(page, stage, question)
    assert result_line(page, stage, question) == "Choose an answer first, then press Check."
    assert stored(page) is None

    for choice in question["choices"]:
        choose(page, stage, question, choice)
        assert feedback(page, stage, question) == [], f"feedback shown before Check for {choice['text']!r}"
    assert stored(page) is None, "a choice not yet checked is not an answer"
    assert score_of(page, stage).startswith(f"Your score: 0 of {len(stage['quiz'])} right")

    last = question["choices"][-1]
    press_check(page, stage, question)
    verdict = "Right." if last.get("correct") else "Not quite."
    assert feedback(page, stage, question) == [f"{verdict} {last['explanation']}"]
    assert box_of(page, stage, question).locator("[data-pb-announce]").inner_text() == f"{verdict} {last['explanation']}"


def test_the_quiz_works_with_the_keyboard_alone(page, server):
    stage = STAGES[0]
    question = stage["quiz"][0]
    first, second = question["choices"][0], question["choices"][1]
    box = box_of(page, stage, question)
    open_path(page, server)
    # Start from the last link before the quiz: the stage's last task.
    page.locator(f"#stage-{stage['id']} .pb-tasks a").last.focus()

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "radio"
    assert page.evaluate("document.activeElement.value") == first["text"]
    page.keyboard.press("Space")
    assert box.get_by_label(first["text"], exact=True).is_checked()
    assert feedback(page, stage, question) == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Enter")
    verdict = "Right." if first.get("correct") else "Not quite."
    assert feedback(page, stage, question) == [f"{verdict} {first['explanation']}"]

    # Back to the radios, the next choice with an arrow key, and Check again with Space.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowDown")
    assert box.get_by_label(second["text"], exact=True).is_checked()
    assert feedback(page, stage, question) == []
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    verdict = "Right." if second.get("correct") else "Not quite."
    assert feedback(page, stage, question) == [f"{verdict} {second['explanation']}"]


def test_the_first_check_is_what_scores(page, server):
    stage = STAGES[1]
    question = stage["quiz"][0]
    wrong, right = wrong_choice(question), right_choice(question)
    total = len(stage["quiz"])
    key = f"{stage['id']}-{question['id']}"
    open_path(page, server)

    choose(page, stage, question, wrong)
    press_check(page, stage, question)
    choose(page, stage, question, right)
    press_check(page, stage, question)

    assert feedback(page, stage, question) == [f"Right. {right['explanation']}"]
    assert result_line(page, stage, question).startswith("Your first check was not right")
    assert score_of(page, stage) == f"Your score: 0 of {total} right ({total - 1} still to answer)"
    assert f"1 of {QUESTIONS} questions checked, 0 right at the first check" in progress_text(page)
    saved = stored(page)
    assert saved["answers"] == {key: wrong["text"]} and saved["latest"] == {key: right["text"]}

    # Checking again, right or wrong, never rewrites the first answer.
    choose(page, stage, question, wrong)
    press_check(page, stage, question)
    assert stored(page)["answers"] == {key: wrong["text"]}

    # A first check that is right scores, whatever comes after it.
    other = stage["quiz"][1]
    choose(page, stage, other, right_choice(other))
    press_check(page, stage, other)
    choose(page, stage, other, wrong_choice(other))
    press_check(page, stage, other)
    assert score_of(page, stage) == f"Your score: 1 of {total} right ({total - 2} still to answer)"
    assert result_line(page, stage, other) == "Your first check was right; that is what your score counts."


def test_the_checked_answers_and_the_score_survive_a_reload(page, server):
    stage = STAGES[2]
    question = stage["quiz"][-1]
    wrong, right = wrong_choice(question), right_choice(question)
    total = len(stage["quiz"])
    box = box_of(page, stage, question)
    open_path(page, server)
    choose(page, stage, question, wrong)
    press_check(page, stage, question)
    choose(page, stage, question, right)
    press_check(page, stage, question)
    # Chosen but not checked: not kept.
    pending = stage["quiz"][0]
    choose(page, stage, pending, wrong_choice(pending))

    page.reload()
    page.wait_for_selector("[data-pb-onboarding][data-pb-ready]")

    # The last checked answer is shown with its feedback; the score keeps the first.
    assert box.get_by_label(right["text"], exact=True).is_checked()
    assert feedback(page, stage, question) == [f"Right. {right['explanation']}"]
    assert result_line(page, stage, question).startswith("Your first check was not right")
    assert score_of(page, stage) == f"Your score: 0 of {total} right ({total - 1} still to answer)"
    assert box_of(page, stage, pending).locator("input:checked").count() == 0


def test_a_question_checked_first_in_another_tab_keeps_that_answer(context, server):
    stage = STAGES[0]
    question = stage["quiz"][1]
    wrong, right = wrong_choice(question), right_choice(question)
    total = len(stage["quiz"])
    first_tab, second_tab = context.new_page(), context.new_page()
    open_path(first_tab, server)
    open_path(second_tab, server)

    choose(first_tab, stage, question, wrong)
    press_check(first_tab, stage, question)
    # The other tab shows the answer as soon as it is saved...
    box_of(second_tab, stage, question).get_by_label(wrong["text"], exact=True).wait_for()
    second_tab.wait_for_function(
        "text => document.querySelector('[data-pb-quiz] [data-pb-score]').textContent.includes(text)",
        arg=f"({total - 1} still to answer)",
    )
    # ...and checking another answer there does not replace the first check.
    choose(second_tab, stage, question, right)
    press_check(second_tab, stage, question)
    assert score_of(second_tab, stage) == f"Your score: 0 of {total} right ({total - 1} still to answer)"
    assert stored(second_tab)["answers"] == {f"{stage['id']}-{question['id']}": wrong["text"]}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_quiz_has_no_accessibility_violations(browser, server, scheme):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (python3 hooks/dev.py test installs it)")
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        open_path(page, server)
        assert page.get_attribute("body", "data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
        stage = STAGES[0]
        # One wrong and one right verdict on screen, and the "choose first" message.
        first, second, third = stage["quiz"][:3]
        choose(page, stage, first, wrong_choice(first))
        press_check(page, stage, first)
        choose(page, stage, second, right_choice(second))
        press_check(page, stage, second)
        press_check(page, stage, third)
        # Material's own hover and focus colours for buttons are not this widget's to judge.
        page.mouse.move(0, 0)
        page.evaluate("document.activeElement.blur()")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async (tags) => (await axe.run(document.querySelector('.pb-onboarding'),"
            " {runOnly: {type: 'tag', values: tags}})).violations"
            ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))",
            WCAG_21_AA,
        )
        assert violations == []
    finally:
        context.close()


# ---------------------------------------------------------------- diagrams

def diagram_files() -> dict[str, str]:
    """{file name: title} of every diagram in playbook/assets/diagrams."""
    found = {}
    for path in sorted(DIAGRAMS.glob("*.svg")):
        title = re.search(r"<title id=\"([^\"]+)\">([^<]+)</title>", path.read_text(encoding="utf-8"))
        found[path.name] = title.group(2)
    return found


def pages_with(site: Path, title: str) -> list[str]:
    return sorted(
        p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if f">{title}</title>" in p.read_text(encoding="utf-8")
    )


def test_there_are_diagrams_of_the_loop_the_journey_and_the_balance():
    assert {"loop.svg", "journey.svg", "balance.svg"} <= set(diagram_files())


@pytest.mark.parametrize("name", sorted(diagram_files()))
def test_each_diagram_is_named_fits_a_phone_follows_the_palette_and_prints_black(browser, server, site, name):
    title = diagram_files()[name]
    where = pages_with(site, title)
    assert where, f"{name} is on no page"
    url = server + where[0].lstrip("./")
    colors = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 390, "height": 844})
        try:
            page = context.new_page()
            page.goto(url)
            diagram = page.get_by_role("img", name=title, exact=True)
            diagram.scroll_into_view_if_needed()
            assert diagram.is_visible()
            assert diagram.evaluate("svg => svg.tagName") == "svg", "a diagram is inline SVG, not an image file"
            assert diagram.evaluate("svg => svg.querySelector('desc').textContent.length") > 80, "no text alternative"
            box = diagram.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            smallest = diagram.evaluate(
                "svg => Math.min(...[...svg.querySelectorAll('text')].map("
                "t => t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize)))"
            )
            assert smallest >= 11, f"{name}: text as small as {smallest:.1f} px on a 390 px phone"
            colors[scheme] = diagram.evaluate("svg => getComputedStyle(svg.querySelector('text')).fill")
            if scheme == "dark":
                page.emulate_media(media="print")
                printed = diagram.evaluate(
                    "svg => [...new Set([...svg.querySelectorAll('text:not([class])')].map(t => getComputedStyle(t).fill))]"
                )
                assert printed == ["rgb(0, 0, 0)"], f"{name} prints in {printed}, not black"
        finally:
            context.close()
    assert colors["light"] != colors["dark"], f"{name}: the same text color {colors['light']} in both palettes"
