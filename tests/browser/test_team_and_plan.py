"""Targets, gaps, coverage, team results and the action plan of the worksheets in a real browser
(issue 10), checked against the Python reference (yamlbook.scoring) and the data; paper copies
(long texts, the blank copy's score-by-hand box, page counts) and the phone layout."""

from __future__ import annotations

import copy
import csv
import io
import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_browser_data import open_synthetic
from test_worksheets import (
    AXE, DATASET, IDS, RULES, SHEETS, choice, file_content, fill, open_sheet, pdf_pages, questions,
    random_answers, shown_part, shown_scores, table_scores,
)

from yamlbook.scoring import UNKNOWN, aggregate_team, needed, score_worksheet, streams_of

pytestmark = pytest.mark.browser

TOP = RULES["gaps"]["top"]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# ---------------------------------------------------------------- helpers

def ratings(sheet: dict) -> list[dict]:
    return [q for q in questions(sheet) if q["type"] == "rating"]


def levels(sheet: dict) -> list[int]:
    return [level["value"] for level in sheet["scale"]]


def js_number(value) -> str:
    """A number as the page's String(value) writes it, with a real minus sign."""
    text = str(int(value)) if float(value).is_integer() else str(value)
    return text.replace("-", "\u2212")


def at_targets(answers: dict) -> dict:
    """The answers with each rating at its target level: the chart's target marks score these."""
    return {qid: ({**a, "value": a["target"]} if isinstance(a.get("target"), int) else a) for qid, a in answers.items()}


def gap_answers(sheet: dict, seed: str) -> dict:
    """Every rating answered with a level now and a target (some below, some equal, most above)."""
    rng = random.Random(seed)
    scale = levels(sheet)
    answers = {}
    for question in ratings(sheet):
        now = rng.choice(scale[:-1])
        answers[question["id"]] = {"value": now, "target": rng.choice([now, *scale[scale.index(now):]]), "evidence": ""}
    first = ratings(sheet)[0]["id"]
    answers[first]["target"] = max(scale[0], answers[first]["value"] - 1)  # a target below now
    return answers


def team_file(sheet_id: str, answers: dict, name: str | None, filename: str) -> dict:
    content = file_content(sheet_id, answers)
    if name is not None:
        content["respondent"] = name
    return {"name": filename, "mimeType": "application/json", "buffer": json.dumps(content).encode()}


def team_of(sheet: dict, seed: str, names=("Ana", "Ben", "Cy")) -> list[dict]:
    """Respondents with random answers, and one question they disagree on (lowest and highest)."""
    rng = random.Random(seed)
    people = [{"name": name, "answers": random_answers(sheet, rng, blank=0.2)} for name in names]
    scale = levels(sheet)
    split = ratings(sheet)[1]["id"]
    for person, value in zip(people, [scale[0], scale[-1], scale[len(scale) // 2]]):
        person["answers"][split] = {"value": value, "target": scale[-1], "evidence": ""}
    return people


def add_team(page, sheet_id: str, people: list[dict]) -> None:
    files = [team_file(sheet_id, p["answers"], p["name"], f"{p['name'].lower()}.json") for p in people]
    page.locator("[data-pb-team-import]").set_input_files(files=files)
    page.locator("[data-pb-team-status]").filter(has_text="Added").wait_for()


def team_status(page):
    return page.locator("[data-pb-team-status]")


def respondent_names(page) -> list[str]:
    return [field.input_value() for field in page.locator("[data-pb-respondents] input").all()]


def spread_text(question: dict, value) -> str:
    if value is None:
        return "\u2014"
    if question["type"] == "yes-no":
        return {1: "yes", 0: "no"}.get(value, "split")
    return js_number(value)


def expected_spread(sheet: dict, team: dict) -> dict:
    rows = {}
    for question in questions(sheet):
        spread = team["questions"].get(question["id"])
        if spread is None:
            continue
        rows[question["id"]] = [
            spread_text(question, spread["min"]), spread_text(question, spread["median"]),
            spread_text(question, spread["max"]),
            spread_text(question, spread["target_median"]) if question["type"] == "rating" else "",
            str(spread["unknown"]), str(spread["missing"]), spread["disagreement"],
        ]
    return rows


def shown_spread(page) -> dict:
    return page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('[data-pb-spread]'), (row) => [
          row.dataset.pbSpread,
          [...['min', 'median', 'max', 'target', 'unknown', 'missing'].map(
             (name) => row.querySelector('.pb-ws-spread__' + name).textContent),
           row.classList.contains('pb-ws-spread--disagree') && row.querySelector('.pb-ws-spread__flag').checkVisibility()]
        ]))"""
    )


def without_band(shown: dict) -> dict:
    return {k: v for k, v in shown.items() if k not in ("band", "provisional")}


def assert_team_view(page, sheet: dict, people: list[dict]) -> dict:
    """The team view shows what yamlbook.scoring.aggregate_team works out for these people."""
    team = aggregate_team(sheet, people, RULES)
    assert respondent_names(page) == [p["name"] for p in people]
    talk = page.locator("[data-pb-talk] > li")
    assert [item.get_attribute("data-pb-talk") for item in talk.all()] == team["talk_about"]
    assert table_scores(page, "team") == without_band(shown_part(sheet, team["scores"]))
    band = page.locator("[data-pb-team-band]")
    assert (band.get_attribute("data-band") or None) == team["scores"]["band"]
    assert (band.get_attribute("data-provisional") == "true") == (team["scores"]["provisional"] is not None)
    if team["scores"]["band"]:
        assert team["scores"]["band"] in band.inner_text()
    ranges = page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('[data-pb-scores="team"] [data-pb-score]'),
             (row) => [row.dataset.pbScore, (row.querySelector('.pb-ws-range') || {dataset: {}}).dataset.value]))"""
    )
    for key, value in ranges.items():
        if key == "unknown":
            continue
        kind, _, name = key.partition(":")
        span = team["ranges"][kind + "s"][name] if name else team["ranges"][key]
        assert (value.split(",") if value else None) == (None if span is None else [js_number(v).replace("\u2212", "-") for v in span]), key
    bars = page.locator('[data-pb-chart="team"] [data-pb-bar]')
    for bar in bars.all():
        kind, _, name = bar.get_attribute("data-pb-bar").partition(":")
        span = team["ranges"][kind + "s"][name]
        assert bar.get_attribute("data-range") == ("" if span is None else ",".join(js_number(v) for v in span))
    assert shown_spread(page) == expected_spread(sheet, team)
    gaps = page.locator("[data-pb-team-gaps] > li")
    assert [g.get_attribute("data-pb-gap-question") for g in gaps.all()] == [
        g["question"] for g in team["scores"]["gaps"][:TOP]]
    return team


def pdf_text(pdf: bytes, tmp_path: Path, name: str = "print") -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def stub_print(page) -> None:
    page.evaluate("() => { window.print = () => { window.pbPrinted = (window.pbPrinted || 0) + 1; }; }")


def after_print(page) -> None:
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")


def printed(page, button, paper: str) -> bytes:
    """Click a print button (window.print stubbed), then print to PDF as the dialog would.
    Chromium fires afterprint after each PDF, which ends the print mode, so each PDF is a click."""
    page.emulate_media(media="screen")
    button.click()
    page.emulate_media(media="print")
    return page.pdf(format=paper)


# ---------------------------------------------------------------- targets, gaps and coverage

def test_target_gaps_are_ranked_and_shown_beside_each_question(page, server):
    sheet = SHEETS["upstream-readiness"]
    open_sheet(page, server, sheet["id"])
    answers = gap_answers(sheet, "gaps")
    unanswered = ratings(sheet)[-1]["id"]
    answers[unanswered]["value"] = UNKNOWN  # a target without a level now has no gap
    fill(page, sheet, answers)
    reference = score_worksheet(sheet, answers, RULES)

    for question in ratings(sheet):
        line = page.locator(f'[data-pb-question="{question["id"]}"] [data-pb-gap]')
        answer = answers[question["id"]]
        if not isinstance(answer["value"], int):
            assert line.is_hidden()
            continue
        gap = answer["target"] - answer["value"]
        assert line.is_visible() and line.get_attribute("data-gap") == str(gap)
        assert line.inner_text() == (f"Gap: {gap} level{'s' if gap > 1 else ''}" if gap > 0 else
                                     "Gap: none (target reached)" if gap == 0 else "Gap: none (above target)")

    shown = page.locator("[data-pb-gaps] > li")
    top = reference["gaps"][:TOP]
    assert len(top) == min(TOP, len(reference["gaps"])) >= 2
    assert [item.get_attribute("data-pb-gap-question") for item in shown.all()] == [g["question"] for g in top]
    for item, gap in zip(shown.all(), top):
        assert f"now {gap['now']} \u2192 target {gap['target']}: gap {gap['gap']}" in item.inner_text()
        if gap["weight"] == 2:
            assert f"counts double, weighted {gap['weighted']}" in item.inner_text()
    # Ranked by gap x weight, then gap, then the worksheet's order.
    order = [q["id"] for q in questions(sheet)]
    keys = [(-g["weighted"], -g["gap"], order.index(g["question"])) for g in top]
    assert keys == sorted(keys)


def test_target_marks_on_the_chart_are_the_scores_at_target(page, server):
    sheet = SHEETS["balance-scorecard"]
    open_sheet(page, server, sheet["id"])
    assert page.locator('[data-pb-chart="you"] .pb-ws-chart__target[visibility="visible"]').count() == 0
    answers = gap_answers(sheet, "marks")
    fill(page, sheet, answers)
    target = score_worksheet(sheet, at_targets(answers), RULES)
    for row in page.locator('[data-pb-chart="you"] [data-pb-bar]').all():
        kind, _, name = row.get_attribute("data-pb-bar").partition(":")
        value = target[kind + "s"][name]
        assert row.get_attribute("data-target") == js_number(value)
        tick = row.locator(".pb-ws-chart__target")
        assert tick.get_attribute("visibility") == "visible"
        assert float(tick.get_attribute("x1")) == pytest.approx(value * 3)
    cells = page.locator('[data-pb-scores="you"] [data-pb-score="overall"] .pb-ws-target')
    assert cells.get_attribute("data-value") == js_number(target["overall"])
    title = page.locator('[data-pb-chart="you"] title').text_content()
    assert "tick" in title and "target score" in title


def test_band_is_provisional_until_enough_is_answered(page, server):
    sheet = SHEETS["balance-scorecard"]
    open_sheet(page, server, sheet["id"])
    first = {s["stream"]: [q for q in s["questions"] if q["type"] == "rating"] for s in reversed(sheet["sections"])}
    few = {q["id"]: {"value": 4, "target": None, "evidence": ""} for stream in first for q in first[stream][:1]}
    fill(page, sheet, few)
    reference = score_worksheet(sheet, few, RULES)
    why = reference["provisional"]
    assert reference["band"] and why, "the case must be a provisional band"
    line = page.locator("[data-pb-band-result]")
    name = DATASET.title("streams", why["stream"])
    assert (f"Provisional: {why['answered']} of {why['total']} questions in {name} answered; "
            f"the band needs at least {why['needed']}.") in line.inner_text()
    assert why["needed"] == needed(why["total"], RULES)
    assert line.get_attribute("data-provisional") == "true"
    assert "provisional" in page.locator(".pb-ws-band--match .pb-ws-band__yours").inner_text()
    assert shown_scores(page) == shown_part(sheet, reference)

    everything = random_answers(sheet, random.Random("final"), blank=0)
    for answer in everything.values():
        if answer["value"] == UNKNOWN:
            answer["value"] = 3
    fill(page, sheet, everything)
    final = score_worksheet(sheet, everything, RULES)
    assert final["band"] and final["provisional"] is None
    assert "Provisional" not in line.inner_text() and line.get_attribute("data-provisional") == ""
    assert line.inner_text().startswith(f"Your band: {final['band']} (tilt ")
    assert "provisional" not in page.locator(".pb-ws-band--match .pb-ws-band__yours").inner_text()
    # Coverage: answered x of y per section and stream.
    cells = page.locator('[data-pb-scores="you"] [data-pb-score^="section:"] .pb-ws-coverage')
    assert cells.all_inner_texts() == [
        f"{c['answered']} of {c['total']}" for c in final["coverage"]["sections"].values()]


# ---------------------------------------------------------------- team results

def test_three_exports_make_the_team_view_of_the_reference(page, server):
    sheet = SHEETS["balance-scorecard"]
    open_sheet(page, server, sheet["id"])
    assert page.locator("[data-pb-team-body]").is_hidden()
    people = team_of(sheet, "three")
    files = [team_file(sheet["id"], people[0]["answers"], "Ana", "ana.json"),
             team_file(sheet["id"], people[1]["answers"], "Ben", "ben.json"),
             team_file(sheet["id"], people[2]["answers"], None, "cy-lopez.json")]  # no name: the file's
    people[2]["name"] = "cy-lopez"
    page.locator("[data-pb-team-import]").set_input_files(files=files)
    status = team_status(page)
    status.filter(has_text="Added").wait_for()
    assert status.inner_text() == "Added 3 respondents: Ana, Ben and cy-lopez."
    assert "pb-ws-status--error" not in status.get_attribute("class")
    team = assert_team_view(page, sheet, people)
    assert team["talk_about"], "the case must have a disagreement"
    split = ratings(sheet)[1]["id"]
    item = page.locator(f'[data-pb-talk="{split}"]')
    assert "Ana 1 \u00b7 Ben 5 \u00b7 cy-lopez 3" in item.inner_text()
    ids = page.evaluate("() => Array.from(document.querySelectorAll('[id]'), (element) => element.id)")
    assert len(ids) == len(set(ids)), "an element id is used twice"
    # Kept in this browser: the same view after a reload.
    page.reload()
    page.locator(".pb-worksheet[data-pb-ready]").wait_for()
    assert_team_view(page, sheet, people)


def test_a_team_added_in_one_tab_shows_in_the_other(context, server):
    sheet = SHEETS["upstream-readiness"]
    tab_a, tab_b = context.new_page(), context.new_page()
    for tab in (tab_a, tab_b):
        open_sheet(tab, server, sheet["id"])
    people = team_of(sheet, "tabs")
    add_team(tab_a, sheet["id"], people[:2])
    tab_b.locator("[data-pb-team-body]").wait_for()
    assert_team_view(tab_b, sheet, people[:2])
    add_team(tab_b, sheet["id"], people[2:])
    tab_a.locator('[data-pb-respondents] > li').nth(2).wait_for()
    assert_team_view(tab_a, sheet, people)


def test_the_team_says_when_the_browser_will_not_store_it(page, server):
    page.add_init_script("""Storage.prototype.setItem = function () {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };""")
    sheet = SHEETS["balance-scorecard"]
    open_sheet(page, server, sheet["id"])
    people = team_of(sheet, "full")
    add_team(page, sheet["id"], people)
    status = team_status(page)
    assert status.inner_text().endswith(
        "Could not save in this browser (storage full or blocked): the team's answers are kept on this page only; "
        "export the team results to keep them.")
    assert "pb-ws-status--error" in status.get_attribute("class")
    assert_team_view(page, sheet, people)  # still shown, and still counted


def test_exports_from_three_browsers_combine_in_the_team_view(browser, page, server, tmp_path):
    sheet = SHEETS["upstream-readiness"]
    people = team_of(sheet, "browsers", names=("Ana Lopez", "Ben", "Cy"))
    paths = []
    for person in people:
        context = browser.new_context()
        try:
            other = context.new_page()
            open_sheet(other, server, sheet["id"])
            other.get_by_label("Your name").fill(person["name"])
            fill(other, sheet, person["answers"])
            with other.expect_download() as download:
                other.get_by_role("button", name="Export JSON").click()
            path = tmp_path / f"{person['name']}.json"
            download.value.save_as(path)
            assert json.loads(path.read_text())["respondent"] == person["name"]
            paths.append(path)
        finally:
            context.close()
    open_sheet(page, server, sheet["id"])
    page.locator("[data-pb-team-import]").set_input_files(paths)
    team_status(page).filter(has_text="Added 3").wait_for()
    assert_team_view(page, sheet, people)


def test_a_bad_file_is_refused_with_its_own_reason_and_the_others_are_added(page, server):
    sheet = SHEETS["upstream-readiness"]
    open_sheet(page, server, sheet["id"])
    people = team_of(sheet, "bad")[:2]
    files = [
        team_file(sheet["id"], people[0]["answers"], "Ana", "ana.json"),
        {"name": "broken.json", "mimeType": "application/json", "buffer": b'{"version": 1, "work'},
        team_file("balance-scorecard", {"up-research": {"value": 3}}, "Zed", "other.json"),
        team_file(sheet["id"], {"research-current": {"value": 9}}, "Yan", "bad-level.json"),
        team_file(sheet["id"], people[1]["answers"], "Ben", "ben.json"),
    ]
    page.locator("[data-pb-team-import]").set_input_files(files=files)
    status = team_status(page)
    status.filter(has_text="Added").wait_for()
    text = status.inner_text()
    assert text.startswith("Added 2 respondents: Ana and Ben.")
    assert "Could not add broken.json: it is not valid JSON." in text
    assert "Could not add other.json: it holds answers for the worksheet \u201cbalance-scorecard\u201d" in text
    assert "Could not add bad-level.json: the answer to \u201cresearch-current\u201d has 9" in text
    assert "pb-ws-status--error" in status.get_attribute("class")
    assert_team_view(page, sheet, people)
    # The same file again is not a second person.
    page.locator("[data-pb-team-import]").set_input_files(files=[files[0]])
    status.filter(has_text="in the team already").wait_for()
    assert respondent_names(page) == ["Ana", "Ben"]


def test_drag_and_drop_adds_respondents(page, server):
    sheet = SHEETS["downstream-execution"]
    open_sheet(page, server, sheet["id"])
    people = team_of(sheet, "drop")
    contents = [json.dumps({**file_content(sheet["id"], p["answers"]), "respondent": p["name"]}) for p in people]
    over = page.evaluate(
        """(contents) => {
          const zone = document.querySelector('[data-pb-drop]');
          const data = new DataTransfer();
          contents.forEach((text, i) => data.items.add(new File([text], `person-${i}.json`, {type: 'application/json'})));
          const over = new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true});
          const accepted = !zone.dispatchEvent(over);  // cancelled: the page takes the files
          const marked = zone.classList.contains('pb-ws-drop--over');
          zone.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
          return [accepted, marked, zone.classList.contains('pb-ws-drop--over')];
        }""",
        contents,
    )
    assert over == [True, True, False]
    team_status(page).filter(has_text="Added 3 respondents").wait_for()
    assert_team_view(page, sheet, people)


def test_respondents_can_be_renamed_and_removed_and_are_kept(page, server):
    sheet = SHEETS["balance-scorecard"]
    open_sheet(page, server, sheet["id"])
    people = team_of(sheet, "rename")
    add_team(page, sheet["id"], people)
    name = page.get_by_role("textbox", name="Name of respondent 2")
    name.fill("  Benedict   Arnold ")
    name.press("Tab")
    people[1]["name"] = "Benedict Arnold"
    assert name.input_value() == "Benedict Arnold"
    assert_team_view(page, sheet, people)
    page.reload()
    page.locator(".pb-worksheet[data-pb-ready]").wait_for()
    assert respondent_names(page) == ["Ana", "Benedict Arnold", "Cy"]

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Remove Cy").click()
    assert respondent_names(page) == ["Ana", "Benedict Arnold", "Cy"]
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Remove Cy").click()
    assert messages == ["Remove Cy from the team results?"]
    assert team_status(page).inner_text() == "Cy was removed from the team results."
    assert_team_view(page, sheet, people[:2])
    page.reload()
    page.locator(".pb-worksheet[data-pb-ready]").wait_for()
    assert_team_view(page, sheet, people[:2])

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove everyone").click()
    assert page.locator("[data-pb-team-body]").is_hidden() and page.locator("[data-pb-team-empty]").is_visible()
    assert page.evaluate("localStorage.getItem('playbook:worksheet:balance-scorecard:team')") is None


def test_my_own_answers_join_the_team_under_my_name(page, server):
    sheet = SHEETS["upstream-readiness"]
    open_sheet(page, server, sheet["id"])
    page.get_by_role("button", name="Add my own answers").click()
    assert team_status(page).inner_text() == "You have not answered any question on this worksheet yet."
    mine = random_answers(sheet, random.Random("mine"), blank=0.3)
    page.get_by_label("Your name").fill("Dana")
    fill(page, sheet, mine)
    others = team_of(sheet, "with-me")[:2]
    add_team(page, sheet["id"], others)
    page.get_by_role("button", name="Add my own answers").click()
    assert team_status(page).inner_text() == "Added your answers as Dana."
    assert_team_view(page, sheet, [*others, {"name": "Dana", "answers": mine}])


def test_team_results_export_as_json_and_csv(page, server, tmp_path):
    sheet = SHEETS["balance-scorecard"]
    open_sheet(page, server, sheet["id"])
    people = team_of(sheet, "export")
    people[0]["name"] = "=cmd|' /C calc'!A0"  # a name a spreadsheet would run
    add_team(page, sheet["id"], people)
    team = aggregate_team(sheet, people, RULES)

    with page.expect_download() as download:
        page.get_by_role("button", name="Export team JSON").click()
    assert re.fullmatch(r"balance-scorecard-team-\d{4}-\d{2}-\d{2}\.json", download.value.suggested_filename)
    download.value.save_as(tmp_path / "team.json")
    content = json.loads((tmp_path / "team.json").read_text())
    assert content["kind"] == "team" and content["respondents"] == people
    assert content["team"]["questions"] == team["questions"]
    assert content["team"]["talk_about"] == team["talk_about"]
    assert content["team"]["ranges"] == team["ranges"]
    assert content["team"]["scores"] == {k: v for k, v in team["scores"].items() if k != "gaps"}
    assert [g["question"] for g in content["gaps"]] == [g["question"] for g in team["scores"]["gaps"]]
    assert [p["question"] for p in content["plan"]] == [g["question"] for g in team["scores"]["gaps"][:TOP]]
    # A team file is not one person's answers: importing it as such says what to do instead.
    page.locator("[data-pb-import]").set_input_files(tmp_path / "team.json")
    error = page.locator("[data-pb-status].pb-ws-status--error")
    error.wait_for()
    assert "it holds a team's results, not one person's answers" in error.inner_text()

    with page.expect_download() as download:
        page.get_by_role("button", name="Export team CSV").click()
    download.value.save_as(tmp_path / "team.csv")
    text = (tmp_path / "team.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    head = rows[0]
    assert head[:3] == ["section", "question id", "question"]
    assert head[3:6] == ["'" + people[0]["name"], "Ben", "Cy"]
    assert head[6:] == ["lowest", "median", "highest", "target (median)", "team gap", "unknown", "no answer",
                        "talk about it"]
    scored = [q for q in questions(sheet) if q["type"] != "text"]
    body = rows[1:1 + len(scored)]
    assert [row[1] for row in body] == [q["id"] for q in scored]
    for row, question in zip(body, scored):
        spread = team["questions"][question["id"]]
        for cell, person in zip(row[3:6], people):
            answer = person["answers"].get(question["id"])
            assert cell == ("" if not answer or answer["value"] is None else str(answer["value"]))
        assert row[13] == ("yes" if spread["disagreement"] else "")
        if question["type"] == "rating" and spread["median"] is not None and spread["target_median"] is not None:
            assert float(row[10]) == spread["target_median"] - spread["median"]
    scores = rows[len(scored) + 2:]
    assert scores[0] == ["score", "team", "lowest", "highest", "answered", "of"]
    overall = next(row for row in scores if row[0] == "Overall")
    assert float(overall[1]) == team["scores"]["overall"]
    assert [float(overall[2]), float(overall[3])] == team["ranges"]["overall"]


# ---------------------------------------------------------------- the action plan

def plan_of(page, selector: str) -> list[dict]:
    return page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector + ' > li'), (item) => ({
          question: item.dataset.pbPlanQuestion,
          refs: Array.from(item.querySelectorAll('[data-pb-ref]'), (ref) => [
            ref.dataset.pbRef, ref.querySelector('a').textContent, ref.querySelector('a').href,
            (ref.querySelector('.pb-ws-plan__meta') || {textContent: ''}).textContent]),
        }))""",
        selector,
    )


def expected_plan(sheet: dict, gaps: list[dict], server: str) -> list[dict]:
    by_id = {q["id"]: q for q in questions(sheet)}
    plan = []
    for gap in gaps[:TOP]:
        closed_by = by_id[gap["question"]].get("closed_by", {})
        refs = []
        for activity in closed_by.get("activities", []):
            record = DATASET.get("activities", activity)
            refs.append([activity, record["title"], f"{server}activities/{activity}/",
                         f"effort {record['effort']}, {record['horizon']}"])
        for checklist in closed_by.get("checklists", []):
            refs.append([checklist, DATASET.title("checklists", checklist), f"{server}checklists/{checklist}/", ""])
        plan.append({"question": gap["question"], "refs": refs})
    return plan


def closable_answers(sheet: dict) -> dict:
    """Large gaps on the questions that name what closes them, small ones elsewhere."""
    scale = levels(sheet)
    answers = {}
    for question in ratings(sheet):
        big = bool(question.get("closed_by"))
        answers[question["id"]] = {"value": scale[0] if big else scale[-2], "target": scale[-1], "evidence": ""}
    return answers


@pytest.mark.parametrize("sheet_id", IDS)
def test_the_action_plan_lists_what_closes_the_top_gaps(page, server, sheet_id, tmp_path):
    sheet = SHEETS[sheet_id]
    if not any(q.get("closed_by") for q in ratings(sheet)):
        pytest.fail(f"{sheet_id} names no activity or checklist that closes a gap (closed_by)")
    open_sheet(page, server, sheet_id)
    assert page.locator("[data-pb-plan-empty]").is_visible()
    answers = closable_answers(sheet)
    fill(page, sheet, answers)
    reference = score_worksheet(sheet, answers, RULES)
    expected = expected_plan(sheet, reference["gaps"], server)
    assert any(item["refs"] for item in expected)
    assert plan_of(page, "[data-pb-plan-list]") == expected

    with page.expect_download() as download:
        page.get_by_role("button", name="Export JSON").click()
    download.value.save_as(tmp_path / "mine.json")
    exported = json.loads((tmp_path / "mine.json").read_text())["plan"]
    assert [[[a["id"], a["title"]] for a in p["activities"]] for p in exported] == [
        [[r[0], r[1]] for r in item["refs"] if r[3]] for item in expected]

    team = team_of(sheet, f"plan-{sheet_id}")
    add_team(page, sheet_id, team)
    team_gaps = aggregate_team(sheet, team, RULES)["scores"]["gaps"]
    assert plan_of(page, "[data-pb-team-plan]") == expected_plan(sheet, team_gaps, server)


def synthetic_sheet() -> dict:
    """upstream-readiness with a rubric on its first rating and closed_by on its second."""
    sheet = copy.deepcopy(SHEETS["upstream-readiness"])
    sheet["id"] = "synthetic-plan"
    first, second = ratings(sheet)[:2]
    scale = levels(sheet)
    first["rubric"] = [{"level": scale[-1], "text": "Every decision cites a study from this year."},
                       {"level": scale[0], "text": "Nobody can name a study."}]
    first.pop("closed_by", None)
    second["closed_by"] = {"activities": ["market-research", "trend-analysis"], "checklists": ["balance-review"]}
    second.pop("rubric", None)
    for question in ratings(sheet)[2:]:
        question.pop("closed_by", None)
    return sheet


SYNTHETIC = synthetic_sheet()


def synthetic_widget():
    from yamlbook.render import Renderer
    return str(Renderer(DATASET).render("worksheet.html.j2", "worksheets/synthetic-plan.md", record=SYNTHETIC))


def test_rubric_texts_sit_beside_their_levels_and_print(page, server, site, monkeypatch, tmp_path):
    import test_browser_data
    monkeypatch.setitem(test_browser_data.WIDGETS, "worksheet", (
        "worksheets/upstream-readiness/index.html", '<div class="pb-worksheet"', "</template>\n</div>", synthetic_widget))
    open_synthetic(page, server, site, "worksheet", "worksheets/synthetic-plan/", ".pb-worksheet")
    first, second = ratings(SYNTHETIC)[:2]
    block = page.locator(f'[data-pb-question="{first["id"]}"]')
    # In the scale's order, each next to its level, and read out with that level's choice.
    assert block.locator(".pb-ws-rubric li").all_inner_texts() == [
        f"{entry['level']} {entry['text']}" for entry in sorted(first["rubric"], key=lambda e: e["level"])]
    for entry in first["rubric"]:
        radio = block.locator(f'input[name="{first["id"]}"][value="{entry["level"]}"]')
        described = radio.evaluate("input => document.getElementById(input.getAttribute('aria-describedby')).textContent")
        assert entry["text"] in described
    plain = [v for v in levels(SYNTHETIC) if v not in {e["level"] for e in first["rubric"]}]
    assert block.locator(f'input[name="{first["id"]}"][value="{plain[0]}"]').get_attribute("aria-describedby") is None
    assert page.locator(f'[data-pb-question="{second["id"]}"] .pb-ws-rubric').count() == 0
    # The plan of a synthetic question: its own activities and checklist, in its order.
    choice(page, second["id"], 1).click()
    choice(page, f'{second["id"]}--target', 5).click()
    assert plan_of(page, "[data-pb-plan-list]") == expected_plan(
        SYNTHETIC, [{"question": second["id"]}], server)
    page.emulate_media(media="print")
    text = " ".join(pdf_text(page.pdf(format="A4"), tmp_path).split())
    for entry in first["rubric"]:
        assert entry["text"] in text


# ---------------------------------------------------------------- paper

@pytest.mark.parametrize("sheet_id", IDS)
def test_the_plan_prints_alone_on_one_page(page, server, sheet_id):
    sheet = SHEETS[sheet_id]
    open_sheet(page, server, sheet_id)
    page.get_by_label("Your name").fill("Dana Whitfield")
    answers = closable_answers(sheet)
    for answer in answers.values():
        answer["evidence"] = "Quarterly review notes and the 2024 customer survey, section 3"
    fill(page, sheet, answers)
    stub_print(page)
    page.locator(".pb-ws-toolbar").get_by_role("button", name="Print action plan").click()
    assert page.evaluate("window.pbPrinted") == 1
    assert "pb-print-plan" in page.locator("html").get_attribute("class")
    page.emulate_media(media="print")
    assert page.locator(".pb-ws-plan").is_visible() and page.locator("[data-pb-plan-list]").is_visible()
    assert page.locator(".pb-ws-form").is_hidden() and page.locator(".pb-ws-results").is_hidden()
    assert "For Dana Whitfield" in page.locator("[data-pb-plan-who]").inner_text()
    page.emulate_media(media="screen")
    after_print(page)
    assert "pb-print-plan" not in (page.locator("html").get_attribute("class") or "")
    for paper in ("A4", "Letter"):
        pages = pdf_pages(printed(page, page.locator(".pb-ws-plan").get_by_role("button", name="Print action plan"), paper))
        assert pages == 1, f"{sheet_id}'s plan takes {pages} {paper} pages"


@pytest.mark.parametrize("sheet_id", IDS)
def test_team_results_print_on_two_pages(page, server, sheet_id):
    sheet = SHEETS[sheet_id]
    open_sheet(page, server, sheet_id)
    fill(page, sheet, random_answers(sheet, random.Random("team-print"), blank=0))
    add_team(page, sheet_id, team_of(sheet, f"print-{sheet_id}", names=("Ana", "Ben", "Cy", "Dee", "Eve", "Fay")))
    stub_print(page)
    page.get_by_role("button", name="Print team results").click()
    assert "pb-print-team" in page.locator("html").get_attribute("class")
    page.emulate_media(media="print")
    assert page.locator(".pb-ws-team").is_visible() and page.locator(".pb-ws-spread").is_visible()
    assert page.locator(".pb-ws-form").is_hidden() and page.locator(".pb-ws-drop").is_hidden()
    assert page.locator("[data-pb-team-names]").inner_text() == "6 respondents: Ana, Ben, Cy, Dee, Eve and Fay."
    page.emulate_media(media="screen")
    after_print(page)
    assert "pb-print-team" not in (page.locator("html").get_attribute("class") or "")
    for paper in ("A4", "Letter"):
        pages = pdf_pages(printed(page, page.get_by_role("button", name="Print team results"), paper))
        assert pages <= 2, f"{sheet_id}'s team results take {pages} {paper} pages"


LONG = ("Lost-deal interviews: twelve lost deals, cost factor named in nine, slow onboarding in five, "
        "procurement delays in three; the summary sits in the quarterly review folder with the notes. ")


def long_text(last: str) -> str:
    text = (LONG * 8)[: 600 - len(last) - 1].rstrip()
    return f"{text} {last}"


def test_long_evidence_and_answers_print_in_full(page, server, tmp_path):
    sheet = SHEETS["balance-scorecard"]
    open_sheet(page, server, sheet["id"])
    evidence, answer = long_text("Zanzibarfinale"), long_text("Quokkaterminus")
    assert len(evidence) == len(answer) == 600
    first = questions(sheet)[0]["id"]
    text_question = next(q["id"] for q in questions(sheet) if q["type"] == "text")
    page.locator(f'[name="{first}--evidence"]').press_sequentially(evidence)
    page.locator(f'textarea[name="{text_question}"]').fill(answer)
    choice(page, first, 3).click()
    assert page.evaluate(f"JSON.parse(localStorage.getItem('playbook:worksheet:{sheet['id']}'))")[
        "answers"][first]["evidence"] == evidence
    page.emulate_media(media="print")
    for paper in ("A4", "Letter"):
        text = pdf_text(page.pdf(format=paper), tmp_path, paper)
        words = " ".join(text.split())
        assert "Zanzibarfinale" in words and "Quokkaterminus" in words, paper
        assert "procurement delays in three" in words


@pytest.mark.parametrize("sheet_id", IDS)
def test_the_blank_copy_has_name_lines_and_a_score_by_hand_box(page, server, sheet_id, tmp_path):
    sheet = SHEETS[sheet_id]
    open_sheet(page, server, sheet_id)
    page.get_by_label("Your name").fill("Dana Whitfield")
    answers = random_answers(sheet, random.Random("blank"), blank=0)
    answers[questions(sheet)[0]["id"]] = {"value": 2, "target": 4, "evidence": "Secret note"}
    fill(page, sheet, answers)
    stub_print(page)
    page.get_by_role("button", name="Print a blank copy").click()
    page.emulate_media(media="print")
    box = page.locator(".pb-ws-by-hand")
    assert box.is_visible()
    shown = " ".join(box.inner_text().split())
    low, high = levels(sheet)[0], levels(sheet)[-1]
    points = ", ".join(f"{v} = {round((v - low) * 100 / (high - low), 1):g}" for v in levels(sheet))
    assert points in shown
    assert "yes = 100, no = 0" in shown
    rows = page.locator(".pb-ws-by-hand__table tbody tr").all_inner_texts()
    for section, row in zip(sheet["sections"], rows):
        scored = [q for q in section["questions"] if q["type"] != "text"]
        weights = sum(q.get("weight", 1) for q in scored)
        assert row.split("\t")[:2] == [section["title"], f"{len(scored)} ({weights:g})"]
    streams = streams_of(sheet)
    names = [DATASET.title("streams", s) for s in streams]
    assert [r.split("\t")[0] for r in rows[len(sheet["sections"]):]] == [
        *names, "Overall", *(["Tilt (" + " \u2212 ".join(DATASET.title("streams", s) for s in sheet["tilt"]) + ")"]
                             if sheet.get("tilt") else [])]
    for stream, name in zip(streams, names):
        total = sum(1 for s in sheet["sections"] if s["stream"] == stream for q in s["questions"] if q["type"] != "text")
        if sheet["band_score"] == "overall" or stream in sheet["tilt"]:
            assert f"{name} needs {needed(total, RULES)} of {total}" in shown
    if sheet.get("tilt"):
        assert f"Tilt = {names[streams.index(sheet['tilt'][0])]} score \u2212" in shown
    bands = page.locator(".pb-ws-by-hand__bands tbody tr").all_inner_texts()
    assert [b.split("\t")[:3] for b in bands] == [
        [b["label"], f"{b['min']:g}".replace("-", "\u2212"),
         ("" if i == len(sheet["bands"]) - 1 else "under ") + f"{b['max']:g}".replace("-", "\u2212")]
        for i, b in enumerate(sheet["bands"])]

    for paper in ("A4", "Letter"):
        pdf = printed(page, page.get_by_role("button", name="Print a blank copy"), paper)
        assert pdf_pages(pdf) <= 2, f"{sheet_id} blank takes {pdf_pages(pdf)} {paper} pages"
        text = " ".join(pdf_text(pdf, tmp_path, paper).split())
        for word in ("Your name", "Team", "Date", "Score by hand", points, sheet["bands"][0]["label"]):
            assert word in text, (paper, word)
        assert "Dana Whitfield" not in text and "Secret note" not in text  # the answers stay off the paper
    page.emulate_media(media="screen")
    after_print(page)
    page.emulate_media(media="print")
    assert box.is_hidden(), "the box is for the blank copy"
    assert "Dana Whitfield" in page.locator(".pb-ws-who").inner_text()


# ---------------------------------------------------------------- phone, access

def test_the_worksheet_works_on_a_phone(browser, server):
    sheet = SHEETS["balance-scorecard"]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        open_sheet(page, server, sheet["id"])
        answers = gap_answers(sheet, "phone")
        for question in questions(sheet):
            if question["id"] in answers:
                choice(page, question["id"], answers[question["id"]]["value"]).tap()
                choice(page, f'{question["id"]}--target', answers[question["id"]]["target"]).tap()
        add_team(page, sheet["id"], team_of(sheet, "phone"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        for chart in ("you", "team"):
            svg = page.locator(f'[data-pb-chart="{chart}"]')
            svg.scroll_into_view_if_needed()
            assert svg.is_visible()
            box = svg.bounding_box()
            assert box["width"] >= 300 and box["x"] >= 0 and box["x"] + box["width"] <= 390
            label = svg.locator("text").first.bounding_box()
            assert label["height"] >= 10, "chart labels too small to read"
        buttons = page.locator(".pb-ws-toolbar .md-button, .pb-ws-team__tools .md-button, .pb-ws-drop .md-button").all()
        assert len(buttons) >= 10
        for button in buttons:
            button.scroll_into_view_if_needed()
            box = button.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, button.inner_text()
            assert box["height"] >= 24, button.inner_text()
        with page.expect_download():
            page.get_by_role("button", name="Export team CSV").tap()
        assert shown_scores(page) == shown_part(sheet, score_worksheet(sheet, answers, RULES))
        assert not errors
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_team_and_plan_views_have_no_accessibility_violations(browser, server, scheme):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (python3 hooks/dev.py test installs it)")
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        sheet = SHEETS["upstream-readiness"]
        open_sheet(page, server, sheet["id"])
        page.get_by_label("Your name").fill("Dana")
        fill(page, sheet, closable_answers(sheet))
        add_team(page, sheet["id"], team_of(sheet, "axe"))
        page.locator('[data-pb-spread] .pb-ws-spread__flag:not([hidden])').first.wait_for()
        page.mouse.move(0, 0)
        page.evaluate("document.activeElement.blur()")
        assert page.get_attribute("body", "data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            """(tags) => axe.run(document.querySelector('.pb-worksheet'), {runOnly: {type: 'tag', values: tags}})
                 .then((r) => r.violations.map((v) => [v.id, v.nodes.map((n) => n.target.join(' '))]))""",
            WCAG_21_AA,
        )
        assert result == []
    finally:
        context.close()


# ---------------------------------------------------------------- names and old snapshots

def test_your_name_goes_into_the_export_and_back(page, server, tmp_path):
    sheet = SHEETS["downstream-execution"]
    open_sheet(page, server, sheet["id"])
    page.get_by_label("Your name").fill("Ana Lopez")
    choice(page, ratings(sheet)[0]["id"], 2).click()
    page.reload()
    page.locator(".pb-worksheet[data-pb-ready]").wait_for()
    assert page.get_by_label("Your name").input_value() == "Ana Lopez"
    with page.expect_download() as download:
        page.get_by_role("button", name="Export JSON").click()
    download.value.save_as(tmp_path / "ana.json")
    assert json.loads((tmp_path / "ana.json").read_text())["respondent"] == "Ana Lopez"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset").click()
    assert page.get_by_label("Your name").input_value() == ""
    page.locator("[data-pb-import]").set_input_files(tmp_path / "ana.json")
    page.locator("[data-pb-status]").filter(has_text="Imported").wait_for()
    assert page.get_by_label("Your name").input_value() == "Ana Lopez"


def test_a_snapshot_saved_before_streams_and_tilt_had_names_still_shows(page, server):
    old = {"date": "2024-06-01T09:00:00.000Z", "answers": {},
           "scores": {"sections": {}, "upstream": 75.0, "downstream": 50.0, "overall": 62.5, "gap": 25.0,
                      "unknown": 1, "band": "Upstream-heavy"}}
    page.add_init_script(
        "localStorage.setItem('playbook:worksheet:balance-scorecard:snapshots', " + json.dumps(json.dumps([old])) + ")")
    open_sheet(page, server, "balance-scorecard")
    item = page.locator("[data-pb-snapshots] > li")
    assert f"{DATASET.title('streams', 'upstream')} 75.0" in item.inner_text() and "Tilt +25.0" in item.inner_text()
    item.get_by_role("button", name="Compare").click()
    table = page.locator('[data-pb-scores="you"]')
    assert table.locator('[data-pb-score="stream:upstream"] .pb-ws-snap').get_attribute("data-value") == "75"
    assert table.locator('[data-pb-score="tilt"] .pb-ws-snap').inner_text() == "+25.0"
