"""The onboarding path in a browser: ticks and answers kept, feedback, scores, progress, reset.
The quiz's Check step and first-attempt scoring are tested in test_quiz.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from instant_site import follow_link_in_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PATH = yaml.safe_load((ROOT / "data" / "onboarding.yaml").read_text())
STAGES = PATH["stages"]
STORAGE_KEY = f"playbook:onboarding:{PATH['id']}"
QUESTIONS = sum(len(stage["quiz"]) for stage in STAGES)
# Every stage asks for its reading, its practice, one checklist and one worksheet.
TASKS = sum(len(stage["read"]) + len(stage["practise"]) + 2 for stage in STAGES)


def right_choice(question: dict) -> dict:
    return next(choice for choice in question["choices"] if choice.get("correct"))


def wrong_choice(question: dict) -> dict:
    return next(choice for choice in question["choices"] if not choice.get("correct"))


def open_path(page, base: str) -> None:
    page.goto(f"{base}onboarding/")
    page.wait_for_selector("[data-pb-onboarding][data-pb-ready]")


def question_box(page, stage: dict, question: dict):
    return page.locator(f'[data-pb-question="{stage["id"]}-{question["id"]}"]')


def choose(page, stage: dict, question: dict, choice: dict) -> None:
    question_box(page, stage, question).get_by_label(choice["text"], exact=True).check()


def answer(page, stage: dict, question: dict, choice: dict) -> None:
    """Choose a choice and press the question's Check button."""
    choose(page, stage, question, choice)
    question_box(page, stage, question).get_by_role("button", name="Check").click()


def tasks_of(page, stage: dict):
    return page.locator(f'#stage-{stage["id"]} [data-pb-task]')


def visible_feedback(page, stage: dict, question: dict) -> list[str]:
    return question_box(page, stage, question).locator(".pb-quiz__feedback:visible").all_inner_texts()


def score_of(page, stage: dict) -> str:
    return page.locator(f'[data-pb-quiz="{stage["id"]}"] [data-pb-score]').inner_text()


def progress_text(page) -> str:
    return page.locator("[data-pb-progress-text]").inner_text()


def test_ticks_and_answers_survive_a_reload(page, server):
    first = STAGES[0]
    q1, q2 = first["quiz"][:2]
    open_path(page, server)
    tasks_of(page, first).nth(0).check()
    tasks_of(page, first).nth(2).check()
    answer(page, first, q1, right_choice(q1))
    answer(page, first, q2, wrong_choice(q2))

    page.reload()
    page.wait_for_selector("[data-pb-onboarding][data-pb-ready]")

    ticked = [box.is_checked() for box in tasks_of(page, first).all()]
    assert ticked[:3] == [True, False, True] and not any(ticked[3:])
    assert question_box(page, first, q1).get_by_label(right_choice(q1)["text"], exact=True).is_checked()
    assert question_box(page, first, q2).get_by_label(wrong_choice(q2)["text"], exact=True).is_checked()
    assert visible_feedback(page, first, q2) == [f"Not quite. {wrong_choice(q2)['explanation']}"]
    open_questions = len(first["quiz"]) - 2
    assert score_of(page, first) == f"Your score: 1 of {len(first['quiz'])} right ({open_questions} still to answer)"
    assert f"2 of {TASKS} tasks done, 2 of {QUESTIONS} questions checked, 1 right at the first check" in progress_text(page)


def test_each_answer_shows_its_own_feedback(page, server):
    stage = STAGES[0]
    question = stage["quiz"][0]
    wrong, right = wrong_choice(question), right_choice(question)
    box = question_box(page, stage, question)
    open_path(page, server)
    assert visible_feedback(page, stage, question) == []

    choose(page, stage, question, wrong)
    assert visible_feedback(page, stage, question) == [], "feedback waits for the Check button"
    box.get_by_role("button", name="Check").click()
    assert visible_feedback(page, stage, question) == [f"Not quite. {wrong['explanation']}"]
    wrong_radio = box.get_by_label(wrong["text"], exact=True)
    # The verdict is in words, tied to the chosen radio, and read out when it appears.
    assert wrong_radio.get_attribute("aria-describedby") == box.locator(".pb-quiz__feedback:visible").get_attribute("id")
    assert box.locator("[data-pb-announce]").inner_text() == f"Not quite. {wrong['explanation']}"
    assert box.locator(".pb-quiz__choice--wrong label").evaluate(
        "label => getComputedStyle(label, '::after').content"
    ).startswith('" ✗"')

    choose(page, stage, question, right)
    assert visible_feedback(page, stage, question) == []
    assert box.locator(".pb-quiz__choice--wrong").count() == 0
    box.get_by_role("button", name="Check").click()
    assert visible_feedback(page, stage, question) == [f"Right. {right['explanation']}"]
    assert wrong_radio.get_attribute("aria-describedby") is None
    assert box.locator(".pb-quiz__choice--wrong").count() == 0
    assert box.locator(".pb-quiz__choice--right label").inner_text() == right["text"]


def test_scores_count_right_answers_per_stage_and_overall(page, server):
    first, second = STAGES[0], STAGES[1]
    open_path(page, server)
    for index, question in enumerate(first["quiz"]):
        answer(page, first, question, wrong_choice(question) if index == 0 else right_choice(question))
    answer(page, second, second["quiz"][0], right_choice(second["quiz"][0]))

    total = len(first["quiz"])
    assert score_of(page, first) == f"Your score: {total - 1} of {total} right"
    assert score_of(page, second).startswith(f"Your score: 1 of {len(second['quiz'])} right")
    assert f"{total + 1} of {QUESTIONS} questions checked, {total} right at the first check" in progress_text(page)


def test_following_the_whole_path_reaches_100_percent(page, server):
    open_path(page, server)
    assert page.locator("[data-pb-task]").count() == TASKS
    assert progress_text(page).startswith("Your progress: 0%")

    for stage in STAGES:
        for task in tasks_of(page, stage).all():
            task.check()
        for question in stage["quiz"]:
            answer(page, stage, question, right_choice(question))
        assert score_of(page, stage) == f"Your score: {len(stage['quiz'])} of {len(stage['quiz'])} right"

    page.reload()
    page.wait_for_selector("[data-pb-onboarding][data-pb-ready]")
    assert page.locator("[data-pb-progress]").evaluate("bar => bar.value") == 1
    assert progress_text(page) == (
        f"Your progress: 100% — {TASKS} of {TASKS} tasks done, {QUESTIONS} of {QUESTIONS} questions checked, "
        f"{QUESTIONS} right at the first check."
    )


def test_reset_asks_first_then_clears_everything(page, server):
    stage = STAGES[0]
    question = stage["quiz"][0]
    open_path(page, server)
    tasks_of(page, stage).first.check()
    answer(page, stage, question, right_choice(question))
    reset = page.get_by_role("button", name="Reset my progress")

    page.once("dialog", lambda dialog: dialog.dismiss())
    reset.click()
    assert tasks_of(page, stage).first.is_checked()
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is not None

    page.once("dialog", lambda dialog: dialog.accept())
    reset.click()
    assert page.locator("[data-pb-task]:checked, [data-pb-question] input:checked").count() == 0
    assert page.locator(".pb-quiz__feedback:visible").count() == 0
    assert progress_text(page).startswith("Your progress: 0%")
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is None
    page.reload()
    assert page.locator("[data-pb-task]:checked").count() == 0


def test_the_path_works_after_instant_navigation(page, instant_server):
    stage = STAGES[0]
    question = stage["quiz"][0]
    first_task = f"{stage['id']}-practise-{stage['practise'][0]}"
    page.goto(instant_server)
    saved = {"tasks": {first_task: True}, "answers": {f"{stage['id']}-{question['id']}": right_choice(question)["text"]}}
    page.evaluate(f"localStorage.setItem('{STORAGE_KEY}', {json.dumps(json.dumps(saved))})")

    follow_link_in_page(page, page.locator(".md-tabs").get_by_role("link", name="Onboarding"), "[data-pb-onboarding]")

    assert page.locator(f'[data-pb-task="{first_task}"]').is_checked()
    # Progress saved before the Check step holds answers only: each is both scored and shown.
    assert visible_feedback(page, stage, question) == [f"Right. {right_choice(question)['explanation']}"]
    assert score_of(page, stage).startswith(f"Your score: 1 of {len(stage['quiz'])} right")
    tasks_of(page, stage).first.check()
    assert f"2 of {TASKS} tasks done" in progress_text(page)
    stored = json.loads(page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')"))
    assert len(stored["tasks"]) == 2


def test_without_javascript_the_answers_are_behind_a_details_element(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server}onboarding/")
        assert page.locator(".pb-onboarding__progress").is_hidden()
        assert page.locator(".pb-quiz__feedback:visible").count() == 0
        assert page.locator("[data-pb-check]:visible").count() == 0
        assert page.locator("details.pb-quiz__answer").count() == QUESTIONS
        assert page.locator("details.pb-quiz__answer").first.is_visible()
    finally:
        context.close()
