"""The self-assessment worksheets in a real browser: answers kept, scores equal to the reference
scorer (yamlbook.scoring), files, snapshots, printing and the page without JavaScript."""

from __future__ import annotations

import copy
import csv
import io
import json
import random
import re
from pathlib import Path

import pytest

from yamlbook import load_dataset
from yamlbook.scoring import UNKNOWN, score_worksheet, streams_of

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DATASET = load_dataset(ROOT)
SHEETS = {sheet["id"]: sheet for sheet in DATASET.all("worksheets")}
IDS = sorted(SHEETS)
# The numbers of the scoring rules (data/scoring.yaml), which the page embeds for its scripts.
RULES = DATASET.get("scoring", "worksheet-scoring")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


# ---------------------------------------------------------------- the sheets' data

def questions(sheet: dict) -> list[dict]:
    return [question for section in sheet["sections"] for question in section["questions"]]


def levels(sheet: dict) -> list[int]:
    return [level["value"] for level in sheet["scale"]]


def random_answers(sheet: dict, rng: random.Random, blank: float = 0.15) -> dict[str, dict]:
    """Answers in the stored shape, some questions left blank and some ratings unknown."""
    answers = {}
    for question in questions(sheet):
        if rng.random() < blank:
            continue
        answer = {"value": None, "target": None, "evidence": ""}
        if question["type"] == "rating":
            answer["value"] = rng.choice([*levels(sheet), UNKNOWN])
            answer["target"] = rng.choice([*levels(sheet), None])
        elif question["type"] == "yes-no":
            answer["value"] = rng.choice(["yes", "no"])
        else:
            answer["value"] = rng.choice(["Hire an analyst, then \"test\" it.", "Fix pricing first"])
        if rng.random() < 0.4:
            answer["evidence"] = rng.choice(["Q3 report, page 4", "CMO said \"yes\"", "Survey; 2024"])
        answers[question["id"]] = answer
    return answers


def file_content(sheet_id: str, answers: dict) -> dict:
    return {"version": 1, "worksheet": sheet_id, "saved": "2025-01-01T00:00:00.000Z", "answers": answers}


# ---------------------------------------------------------------- the page, as a person uses it

def open_sheet(page, server: str, sheet_id: str) -> None:
    page.goto(f"{server}worksheets/{sheet_id}/")
    page.locator(".pb-worksheet[data-pb-ready]").wait_for()


def choice(page, name: str, value) -> object:
    """The visible box (a label) that holds the radio input `name` = `value`."""
    return page.locator(f'label.pb-ws-choice:has(input[name="{name}"][value="{value}"])')


def fill(page, sheet: dict, answers: dict[str, dict]) -> None:
    """Answer by clicking the boxes and typing, as a reader does."""
    for question in questions(sheet):
        answer = answers.get(question["id"])
        if not answer:
            continue
        qid = question["id"]
        if question["type"] == "text":
            page.locator(f'textarea[name="{qid}"]').fill(answer["value"] or "")
        elif answer["value"] is not None:
            choice(page, qid, answer["value"]).click()
        if answer["target"] is not None:
            choice(page, f"{qid}--target", answer["target"]).click()
        if answer["evidence"]:
            page.locator(f'[name="{qid}--evidence"]').fill(answer["evidence"])


def form_answers(page) -> dict[str, dict]:
    """What the form shows, read from the inputs, in the stored shape."""
    return page.evaluate(
        """() => {
        const form = document.querySelector('.pb-ws-form'), answers = {};
        const checked = (name) => { const box = form.querySelector(`input[name="${name}"]:checked`);
                                    return box ? box.value : null; };
        for (const q of form.querySelectorAll('[data-pb-question]')) {
          const id = q.dataset.pbQuestion, type = q.dataset.pbType;
          let value = type === 'text' ? (form.elements[id].value || null) : checked(id);
          let target = type === 'rating' ? checked(id + '--target') : null;
          if (type === 'rating' && value !== null && value !== 'unknown') value = Number(value);
          if (target !== null) target = Number(target);
          const evidence = form.elements[id + '--evidence'].value;
          if (value !== null || target !== null || evidence !== '') answers[id] = {value, target, evidence};
        }
        return answers;
    }"""
    )


def stored(page, sheet_id: str):
    return page.evaluate(f"JSON.parse(localStorage.getItem('playbook:worksheet:{sheet_id}'))")


def shown_text(key: str, value) -> str:
    """How the page writes a score: one decimal, a real minus sign, a plus on a positive tilt."""
    if value is None:
        return "\u2014"
    if key == "unknown":
        return str(value)
    text = f"{value:.1f}".replace("-", "\u2212")
    return "+" + text if key == "tilt" and value > 0 else text


def _number(key: str, value: str):
    return None if value == "" else (int(value) if key == "unknown" else float(value))


def table_scores(page, table: str = "you") -> dict:
    """A score table ("you" or "team") as the reader sees it, in the shape of shown_part()."""
    rows = page.evaluate(
        """(table) => Array.from(document.querySelectorAll(`[data-pb-scores="${table}"] [data-pb-score]`), (row) => {
          const cell = row.querySelector('.pb-ws-now'), coverage = row.querySelector('.pb-ws-coverage');
          return [row.dataset.pbScore, cell.dataset.value, cell.textContent, cell.checkVisibility(),
                  coverage ? coverage.textContent : ''];
        })""",
        table,
    )
    result: dict = {"sections": {}, "streams": {}, "overall": None, "tilt": None, "unknown": None,
                    "coverage": {"sections": {}, "streams": {}}}
    for key, value, text, visible, coverage in rows:
        assert visible, f"score {key} is not visible"
        number = _number(key, value)
        assert text == shown_text(key, number), f"score {key} shows {text!r} for {number}"
        kind, _, name = key.partition(":")
        if kind in ("section", "stream"):
            result[kind + "s"][name] = number
            result["coverage"][kind + "s"][name] = coverage
        else:
            result[key] = number
            if key == "overall":
                result["coverage"]["overall"] = coverage
    return result


def shown_scores(page) -> dict:
    """Your scores as the page shows them: the table, the band and whether it is provisional."""
    result = table_scores(page, "you")
    line = page.locator("[data-pb-band-result]")
    result["band"] = line.get_attribute("data-band") or None
    result["provisional"] = line.get_attribute("data-provisional") == "true"
    return result


def shown_part(sheet: dict, result: dict) -> dict:
    """The part of a scorer's result that the score table and band line show."""
    def answered(count: dict) -> str:
        return f"{count['answered']} of {count['total']}"

    return {
        "sections": result["sections"], "streams": result["streams"], "overall": result["overall"],
        "tilt": result["tilt"] if sheet.get("tilt") else None, "unknown": result["unknown"],
        "coverage": {
            "sections": {sid: answered(c) for sid, c in result["coverage"]["sections"].items()},
            "streams": {sid: answered(c) for sid, c in result["coverage"]["streams"].items()},
            "overall": answered(result["coverage"]["overall"]),
        },
        "band": result["band"], "provisional": result["provisional"] is not None,
    }


def expected_scores(sheet: dict, answers: dict[str, dict]) -> dict:
    """What the score table and band line should show for answers (the Python reference)."""
    return shown_part(sheet, score_worksheet(sheet, answers, RULES))


def assert_band_shown(page, band: str | None) -> None:
    """The band's advice is visible; the other bands show their name only."""
    for item in page.locator("[data-pb-band]").all():
        advice = item.locator(".pb-ws-band__body")
        if band is None or item.get_attribute("data-pb-band") == band:
            assert advice.is_visible()
        else:
            assert not advice.is_visible()
    if band:
        assert page.locator(".pb-ws-band--match").get_attribute("data-pb-band") == band
        assert page.locator(".pb-ws-band--match .pb-ws-band__yours").is_visible()
        assert band in page.locator("[data-pb-band-result]").inner_text()


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF written by Chromium (which does not compress its page objects)."""
    count = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert count >= 1, "no pages found: the PDF format changed, count them another way"
    return count


@pytest.fixture
def sheet_page(page, server):
    """Open a worksheet: sheet_page('upstream-readiness') -> the page."""
    def open_(sheet_id: str):
        open_sheet(page, server, sheet_id)
        return page
    return open_


# ---------------------------------------------------------------- scoring

@pytest.mark.parametrize("sheet_id", IDS)
def test_browser_scorer_equals_the_reference(sheet_page, sheet_id):
    """Many random answer sets through the page's window.playbook.scoring and scoring.py, with
    the rules the page embeds (which must be data/scoring.yaml's)."""
    page = sheet_page(sheet_id)
    sheet = SHEETS[sheet_id]
    embedded = page.evaluate("JSON.parse(document.querySelector('template.pb-worksheet-rules').content.textContent)")
    assert embedded == RULES
    rng = random.Random(sheet_id)
    cases = [random_answers(sheet, rng, blank=rng.random()) for _ in range(300)] + [{}]
    # Odd weights make the order of floating-point operations matter.
    odd = copy.deepcopy(sheet)
    for i, question in enumerate(questions(odd)):
        question["weight"] = [0.1, 1.7, 3, 0.3, 4.9][i % 5]
    for definition in (sheet, odd):
        browser_results = page.evaluate(
            """([sheet, cases, rules]) => cases.map((answers) => window.playbook.scoring.scoreWorksheet(sheet, answers, rules))""",
            [definition, cases, RULES],
        )
        for answers, result in zip(cases, browser_results):
            assert result == score_worksheet(definition, answers, RULES), answers


@pytest.mark.parametrize("sheet_id", IDS)
def test_scores_shown_while_answering_equal_the_reference(sheet_page, sheet_id):
    page = sheet_page(sheet_id)
    sheet = SHEETS[sheet_id]
    assert shown_scores(page)["overall"] is None
    assert_band_shown(page, None)
    rng = random.Random(f"click-{sheet_id}")
    bands = set()
    for _ in range(4):
        page.evaluate("localStorage.clear()")
        page.reload()
        answers = random_answers(sheet, rng)
        fill(page, sheet, answers)
        expected = expected_scores(sheet, answers)
        bands.add(expected["band"])
        assert shown_scores(page) == expected
        # One row per stream of the worksheet, in the data's order, named from the data.
        rows = page.locator('[data-pb-scores="you"] [data-pb-score^="stream:"] th')
        assert rows.all_inner_texts() == [DATASET.title("streams", s) for s in streams_of(sheet)]
        assert_band_shown(page, expected["band"])
    assert bands - {None}, "no round reached a band"


def test_chart_bars_follow_the_scores(sheet_page):
    page = sheet_page("balance-scorecard")
    sheet = SHEETS["balance-scorecard"]
    answers = random_answers(sheet, random.Random(7), blank=0)
    fill(page, sheet, answers)
    expected = expected_scores(sheet, answers)
    keys = [*(f"stream:{s}" for s in streams_of(sheet)), *(f"section:{s['id']}" for s in sheet["sections"])]
    for key in keys:
        kind, _, name = key.partition(":")
        value = expected[kind + "s"][name]
        row = page.locator(f'[data-pb-chart="you"] [data-pb-bar="{key}"]')
        width = float(row.locator(".pb-ws-chart__bar").get_attribute("width"))
        assert width == pytest.approx((value or 0) * 3)  # the track is 300 units for 0 to 100
        assert row.locator(".pb-ws-chart__value").text_content() == shown_text(key, value)


def test_keyboard_alone_answers_a_rating(sheet_page):
    page = sheet_page("upstream-readiness")
    first = questions(SHEETS["upstream-readiness"])[0]["id"]
    page.locator(f'input[name="{first}"][value="1"]').focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator(f'input[name="{first}"]:checked').get_attribute("value") == "3"
    assert stored(page, "upstream-readiness")["answers"][first]["value"] == 3
    assert shown_scores(page)["sections"]["market-insight"] == 50.0


# ---------------------------------------------------------------- saving

@pytest.mark.parametrize("sheet_id", IDS)
def test_answers_survive_a_reload(sheet_page, sheet_id):
    page = sheet_page(sheet_id)
    sheet = SHEETS[sheet_id]
    answers = random_answers(sheet, random.Random(f"reload-{sheet_id}"))
    fill(page, sheet, answers)
    saved = stored(page, sheet_id)
    assert saved["version"] == 1 and saved["worksheet"] == sheet_id
    assert saved["answers"] == answers
    page.reload()
    page.locator(".pb-worksheet[data-pb-ready]").wait_for()
    assert form_answers(page) == answers
    assert shown_scores(page) == expected_scores(sheet, answers)


def test_changed_definition_keeps_answers_to_questions_that_still_exist(sheet_page):
    page = sheet_page("downstream-execution")
    qid = questions(SHEETS["downstream-execution"])[0]["id"]
    other = questions(SHEETS["downstream-execution"])[1]["id"]
    answers = {
        "a-question-since-removed": {"value": 4, "target": 5, "evidence": "old"},
        qid: {"value": 4, "target": 5, "evidence": "Five assets read"},
        other: {"value": 9, "target": None, "evidence": ""},  # the scale no longer has a 9
    }
    page.evaluate(
        "([key, content]) => localStorage.setItem(key, JSON.stringify(content))",
        ["playbook:worksheet:downstream-execution", file_content("downstream-execution", answers)],
    )
    page.reload()
    page.locator(".pb-worksheet[data-pb-ready]").wait_for()
    assert form_answers(page) == {qid: answers[qid]}
    assert page.locator("[data-pb-status]").text_content() == ""
    assert shown_scores(page)["sections"]["messaging-campaigns"] == 75.0


def test_instant_navigation_away_and_back_keeps_a_working_widget(page, instant_server):
    open_sheet(page, instant_server, "balance-scorecard")
    choice(page, "up-research", 5).click()
    # A value on window survives instant navigation and is lost on a full page load.
    page.evaluate("window.pbMarker = 'same page load'")
    # Material's instant navigation makes link addresses absolute.
    page.locator('a.md-tabs__link[href$="/checklists/"]').click()
    page.wait_for_url("**/checklists/")
    # The address changes before the new content is swapped in: wait for the worksheet to go.
    page.locator(".pb-worksheet").wait_for(state="detached")
    page.locator(".pb-cards").wait_for()
    page.locator('a.md-tabs__link[href$="/worksheets/"]').click()
    page.wait_for_url("**/worksheets/")
    page.locator('a.pb-card__title[href$="/balance-scorecard/"]').click()
    page.wait_for_url("**/worksheets/balance-scorecard/")
    page.locator(".pb-worksheet[data-pb-ready]").wait_for()
    assert page.evaluate("window.pbMarker") == "same page load", "the page was fully reloaded"
    assert page.locator('input[name="up-research"]:checked').get_attribute("value") == "5"
    assert shown_scores(page)["streams"]["upstream"] == 100.0
    choice(page, "down-campaigns", 1).click()
    assert shown_scores(page)["tilt"] == 100.0
    assert page.locator(".pb-worksheet").count() == 1


# ---------------------------------------------------------------- files

def test_export_json_then_import_into_a_fresh_browser(browser, sheet_page, server, tmp_path):
    sheet = SHEETS["balance-scorecard"]
    page = sheet_page("balance-scorecard")
    answers = random_answers(sheet, random.Random("export"), blank=0.1)
    fill(page, sheet, answers)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export JSON").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert re.fullmatch(r"balance-scorecard-\d{4}-\d{2}-\d{2}\.json", path.name)
    content = json.loads(path.read_text(encoding="utf-8"))
    assert (content["version"], content["worksheet"], content["answers"]) == (1, "balance-scorecard", answers)
    # The file also holds the scores, the ranked gaps and the plan, for people and spreadsheets.
    reference = score_worksheet(sheet, answers, RULES)
    assert content["scores"] == {k: v for k, v in reference.items() if k != "gaps"}
    assert [(g["question"], g["gap"], g["weighted"]) for g in content["gaps"]] == [
        (g["question"], g["gap"], g["weighted"]) for g in reference["gaps"]]
    assert [p["question"] for p in content["plan"]] == [g["question"] for g in reference["gaps"][:RULES["gaps"]["top"]]]

    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        errors = []
        other.on("pageerror", lambda error: errors.append(str(error)))
        open_sheet(other, server, "balance-scorecard")
        assert form_answers(other) == {}
        other.locator("[data-pb-import]").set_input_files(path)
        status = other.locator("[data-pb-status]")
        status.filter(has_text="Imported").wait_for()
        assert form_answers(other) == answers
        assert stored(other, "balance-scorecard")["answers"] == answers
        assert shown_scores(other) == shown_scores(page)
        assert not errors
    finally:
        fresh.close()


def test_export_csv_has_one_quoted_row_per_question(sheet_page, tmp_path):
    sheet = SHEETS["upstream-readiness"]
    page = sheet_page("upstream-readiness")
    answers = random_answers(sheet, random.Random("csv"), blank=0)
    answers[questions(sheet)[0]["id"]]["evidence"] = 'Survey, "2024", page 3'
    answers["one-change"]["value"] = 'Hire an analyst, "soon"\nThen review pricing'
    fill(page, sheet, answers)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    download.value.save_as(tmp_path / "answers.csv")
    text = (tmp_path / "answers.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["section", "question id", "question", "answer", "target", "gap", "evidence", "top gap",
                       "action plan"]
    titles = {q["id"]: (s["title"], q["text"]) for s in sheet["sections"] for q in s["questions"]}
    assert [row[1] for row in rows[1:]] == [q["id"] for q in questions(sheet)]
    ranks = {g["question"]: i + 1 for i, g in enumerate(score_worksheet(sheet, answers, RULES)["gaps"][:RULES["gaps"]["top"]])}
    for section, qid, text_, value, target, gap, evidence, rank, _plan in rows[1:]:
        answer = answers[qid]
        assert (section, text_) == titles[qid]
        assert value == ("" if answer["value"] is None else str(answer["value"]))
        assert target == ("" if answer["target"] is None else str(answer["target"]))
        both = isinstance(answer["value"], int) and answer["target"] is not None
        assert gap == (str(answer["target"] - answer["value"]) if both else "")
        assert evidence == answer["evidence"]
        assert rank == (str(ranks[qid]) if qid in ranks else "")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.json", b'{"version": 1, "worksheet": "upstream-re', "not valid JSON"),
        ("other.json", json.dumps(file_content("balance-scorecard", {"up-research": {"value": 3}})).encode(),
         "balance-scorecard"),
        ("bad-level.json",
         json.dumps(file_content("upstream-readiness", {"research-current": {"value": 9}})).encode(),
         "research-current"),
        ("list.json", b"[1, 2, 3]", "does not hold saved worksheet answers"),
    ],
)
def test_a_bad_import_says_why_and_changes_nothing(sheet_page, name, content, message):
    sheet = SHEETS["upstream-readiness"]
    page = sheet_page("upstream-readiness")
    answers = random_answers(sheet, random.Random("bad-import"), blank=0.3)
    fill(page, sheet, answers)
    before = (form_answers(page), stored(page, "upstream-readiness"), shown_scores(page))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.locator("[data-pb-import]").set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": content}]
    )
    status = page.locator("[data-pb-status].pb-ws-status--error")
    status.wait_for()
    assert name in status.text_content() and message in status.text_content()
    assert "Nothing was changed" in status.text_content()
    assert (form_answers(page), stored(page, "upstream-readiness"), shown_scores(page)) == before
    assert dialogs == []


# ---------------------------------------------------------------- reset and snapshots

def test_reset_asks_first_and_clears_only_when_confirmed(sheet_page):
    sheet = SHEETS["downstream-execution"]
    page = sheet_page("downstream-execution")
    answers = random_answers(sheet, random.Random("reset"), blank=0)
    fill(page, sheet, answers)
    messages = []

    def dismiss(dialog):
        messages.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name="Reset").click()
    assert messages and "Clear every answer" in messages[0]
    assert form_answers(page) == answers
    assert stored(page, "downstream-execution")["answers"] == answers

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset").click()
    assert form_answers(page) == {}
    assert stored(page, "downstream-execution") is None
    assert shown_scores(page)["overall"] is None
    page.reload()
    page.locator(".pb-worksheet[data-pb-ready]").wait_for()
    assert form_answers(page) == {}


def test_snapshots_are_dated_listed_compared_and_deleted(sheet_page):
    sheet = SHEETS["balance-scorecard"]
    page = sheet_page("balance-scorecard")
    answers = random_answers(sheet, random.Random("snapshot"), blank=0)
    fill(page, sheet, answers)
    then = score_worksheet(sheet, answers, RULES)
    page.get_by_role("button", name="Save snapshot").click()
    items = page.locator("[data-pb-snapshots] > li")
    assert items.count() == 1
    assert page.locator("[data-pb-snapshots-empty]").is_hidden()
    summary = items.first.inner_text()
    assert f"Overall {shown_text('overall', then['overall'])}" in summary
    assert re.search(r"\d{4}", summary), "the snapshot shows no date"
    saved = page.evaluate(
        "JSON.parse(localStorage.getItem('playbook:worksheet:balance-scorecard:snapshots'))"
    )
    assert saved[0]["answers"] == answers and saved[0]["scores"] == then

    # A new answer changes the current scores; the snapshot column keeps the old ones beside them.
    choice(page, "up-research", 1 if answers["up-research"]["value"] != 1 else 5).click()
    now = shown_scores(page)
    assert now["overall"] != then["overall"]
    overall = page.locator('[data-pb-scores="you"] [data-pb-score="overall"] .pb-ws-snap')
    assert overall.is_visible() and overall.get_attribute("data-value") == str(then["overall"])
    assert page.locator("[data-pb-snapshot-head]").is_visible()

    page.reload()
    page.locator(".pb-worksheet[data-pb-ready]").wait_for()
    assert page.locator("[data-pb-snapshots] > li").count() == 1
    compare = page.locator("[data-pb-snapshots] > li button", has_text="Compare")
    assert compare.get_attribute("aria-pressed") == "false" and overall.is_hidden()
    compare.click()
    assert compare.get_attribute("aria-pressed") == "true" and overall.is_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-pb-snapshots] > li button", has_text="Delete").click()
    assert page.locator("[data-pb-snapshots] > li").count() == 0
    assert page.locator("[data-pb-snapshots-empty]").is_visible()
    assert overall.is_hidden()


# ---------------------------------------------------------------- printing

def full_answers(sheet: dict) -> dict[str, dict]:
    """Every question answered with evidence: the most a printed copy has to hold."""
    answers = random_answers(sheet, random.Random("print"), blank=0)
    for answer in answers.values():
        answer["evidence"] = "Quarterly review notes and the 2024 customer survey, section 3"
    return answers


@pytest.mark.parametrize("sheet_id", IDS)
def test_prints_on_two_pages_of_a4_and_letter_filled_in_and_blank(sheet_page, sheet_id):
    sheet = SHEETS[sheet_id]
    page = sheet_page(sheet_id)
    fill(page, sheet, full_answers(sheet))
    page.evaluate("() => { window.print = () => { window.pbPrinted = (window.pbPrinted || 0) + 1; }; }")
    page.get_by_role("button", name="Print", exact=True).click()
    assert page.evaluate("window.pbPrinted") == 1
    page.emulate_media(media="print")
    assert page.locator(".pb-ws-toolbar").is_hidden() and page.locator(".md-header").is_hidden()
    assert page.locator(".pb-ws-results").is_visible()
    assert page.locator(".pb-ws-by-hand").is_hidden() and page.locator(".pb-ws-team").is_hidden()
    # Evidence prints as its whole text, in place of the field.
    mirror = page.locator(".pb-ws-evidence .pb-ws-print-text").first
    assert mirror.is_visible() and mirror.inner_text() == full_answers(sheet)[questions(sheet)[0]["id"]]["evidence"]
    assert page.locator(".pb-ws-evidence textarea").first.is_hidden()
    checked = page.locator(".pb-ws-choice:not(.pb-ws-choice--unknown) input:checked + .pb-ws-box").first
    assert checked.evaluate("box => getComputedStyle(box).backgroundColor") == "rgb(0, 0, 0)"
    for paper in ("A4", "Letter"):
        pages = pdf_pages(page.pdf(format=paper))
        assert pages <= 2, f"{sheet_id} filled in takes {pages} {paper} pages"

    page.emulate_media(media="screen")
    page.get_by_role("button", name="Print a blank copy").click()
    assert page.evaluate("window.pbPrinted") == 2
    root = page.locator(".pb-worksheet")
    assert "pb-ws--blank" in root.get_attribute("class")
    assert checked.evaluate("box => getComputedStyle(box).backgroundColor") != "rgba(0, 0, 0, 0)", (
        "the screen lost the answers"
    )
    page.emulate_media(media="print")
    assert checked.evaluate("box => getComputedStyle(box).backgroundColor") == "rgba(0, 0, 0, 0)"
    # A field is left out (a see-through one would still hold its text in the PDF); a line to
    # write on takes its place.
    evidence = page.locator(".pb-ws-evidence").first
    assert evidence.locator("textarea").is_hidden() and mirror.is_hidden()
    assert evidence.evaluate("p => getComputedStyle(p, '::after').borderBottomStyle") == "dotted"
    assert page.locator(".pb-ws-results").is_hidden()
    # The score-by-hand box, with the band table, stands in for the bands' advice on a blank copy.
    assert page.locator(".pb-ws-by-hand").is_visible()
    assert page.locator(".pb-ws-by-hand__bands tbody th").all_inner_texts() == [b["label"] for b in sheet["bands"]]
    assert page.locator(".pb-ws-bands").is_hidden()
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert "pb-ws--blank" not in root.get_attribute("class")
    # Chromium fires afterprint after each PDF too, so each blank PDF starts with its own click.
    for paper in ("A4", "Letter"):
        page.emulate_media(media="screen")
        page.get_by_role("button", name="Print a blank copy").click()
        page.emulate_media(media="print")
        assert page.locator(".pb-ws-by-hand").is_visible()
        pages = pdf_pages(page.pdf(format=paper))
        assert pages <= 2, f"{sheet_id} blank takes {pages} {paper} pages"
        assert "pb-ws--blank" not in root.get_attribute("class")


# ---------------------------------------------------------------- without JavaScript, and access

@pytest.mark.parametrize("sheet_id", IDS)
def test_without_javascript_the_form_and_bands_are_all_there(browser, server, sheet_id):
    sheet = SHEETS[sheet_id]
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server}worksheets/{sheet_id}/")
        for question in questions(sheet):
            block = page.locator(f'[data-pb-question="{question["id"]}"]')
            assert block.is_visible()
            assert question["text"] in block.inner_text()
            radios = block.locator(f'input[type="radio"][name="{question["id"]}"]')
            if question["type"] == "rating":
                assert radios.count() == len(sheet["scale"]) + 1
                assert block.locator(f'input[name="{question["id"]}--target"]').count() == len(sheet["scale"])
                assert block.get_by_role("radio", name="Unknown / no evidence").count() == 1
            elif question["type"] == "yes-no":
                assert radios.count() == 2
            else:
                assert block.get_by_role("textbox", name=question["text"]).is_visible()
            assert block.get_by_role("textbox", name="Evidence").is_visible()
        assert page.get_by_role("heading", name="How to read your score").is_visible()
        for band in sheet["bands"]:
            item = page.locator(f'[data-pb-band="{band["label"]}"]')
            assert item.is_visible() and item.locator(".pb-ws-band__body").is_visible()
        for level in sheet["scale"]:
            assert level["description"] in page.locator(".pb-ws-legend").inner_text()
        assert page.locator(".pb-ws-results").is_hidden()
        assert page.locator(".pb-ws-toolbar").is_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_worksheet_has_no_accessibility_violations(sheet_page, scheme):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (python3 hooks/dev.py test installs it)")
    page = sheet_page("balance-scorecard")
    sheet = SHEETS["balance-scorecard"]
    fill(page, sheet, random_answers(sheet, random.Random("axe")))
    page.get_by_role("button", name="Save snapshot").click()
    # Material's own hover and focus colours for buttons are not this widget's to judge.
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement.blur()")
    if scheme == "dark":
        page.locator('label[for="__palette_1"]').click()
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document.querySelector('.pb-worksheet')).then((r) => r.violations)")
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result] == []
