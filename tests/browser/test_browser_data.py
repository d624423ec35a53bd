"""Data is never code in the browser (issue 9): what a reader types, the files they import and
what the browser has stored are checked, shown only as text and never lost or run.

Worksheets, checklists and the onboarding path in headless Chromium, plus template-level checks
that element ids made from data ids never collide. Where the real data cannot show a problem
(a question id such as "import", two equal checklist items), a synthetic record is rendered with
the real templates and put in place of the real widget on a built page, with the site's own
scripts and styles."""

from __future__ import annotations

import copy
import csv
import html.parser
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect
from test_worksheets import (
    RULES, SHEETS, choice, expected_scores, file_content, form_answers, open_sheet, shown_scores, stored,
)

from yamlbook import load_dataset
from yamlbook.render import Renderer
from yamlbook.scoring import score_worksheet

browser = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DATASET = load_dataset(ROOT)
COMMON_SCHEMA = json.loads((ROOT / "data" / "schemas" / "common.schema.json").read_text())
ID_PATTERN = COMMON_SCHEMA["definitions"]["id"]["pattern"]
CHECKLIST = yaml.safe_load((ROOT / "data" / "checklists" / "campaign-launch.yaml").read_text())
PATH = yaml.safe_load((ROOT / "data" / "onboarding.yaml").read_text())

NOT_SAVED = "Could not save in this browser (storage full or blocked): "
WORKSHEET_NOT_SAVED = NOT_SAVED + "your answers are kept on this page only; export them to keep them."
CHECKLIST_NOT_SAVED = NOT_SAVED + "your ticks are kept on this page only."
ONBOARDING_NOT_SAVED = NOT_SAVED + "your ticks and answers are kept on this page only."

# The two ways a browser refuses to store: the quota is full, or storage is switched off. Blocked
# storage is refused for the playbook's keys only: Material's inline script reads localStorage
# without a try and would fail the page before the playbook's scripts run.
STORAGE_FULL = """Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};"""
STORAGE_BLOCKED = """for (const name of ["getItem", "setItem", "removeItem"]) {
  const original = Storage.prototype[name];
  Storage.prototype[name] = function (key, ...rest) {
    if (String(key).startsWith("playbook:")) {
      throw new DOMException("Access is denied for this document.", "SecurityError");
    }
    return original.call(this, key, ...rest);
  };
}"""

# What a polluted Object.prototype would show; all of it must stay as a fresh page has it.
PROTOTYPE_STATE = """() => [({}).polluted, Object.prototype.polluted, ({}).constructor === Object,
  Object.getOwnPropertyNames(Object.prototype).sort().join(","), typeof ({}).toString]"""


# ---------------------------------------------------------------- helpers

def watch(page) -> list[str]:
    """Collect a page's JavaScript errors (the `page` fixture does this for its own page only)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def status(page):
    return page.locator("[data-pb-status]")


def import_file(page, name: str, content: bytes | str) -> None:
    body = content.encode() if isinstance(content, str) else content
    file = {"name": name, "mimeType": "application/json", "buffer": body}
    page.locator("[data-pb-import]").set_input_files(files=[file])


def download(page, button: str, tmp_path: Path) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    # Bytes, not read_text: universal newlines would turn a carriage return in a cell into "\n".
    return path.read_bytes().decode("utf-8-sig")


def csv_rows(text: str) -> dict[str, list[str]]:
    """The CSV's rows by question id."""
    return {row[1]: row for row in csv.reader(io.StringIO(text, newline=""))}


class _Ids(html.parser.HTMLParser):
    """Every id in an HTML text, and every id that a for, aria-labelledby or aria-describedby names."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.references: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                self.ids.append(value)
            elif name in ("for", "aria-labelledby", "aria-describedby") and value:
                self.references.extend(value.split())


def ids_of(markup: str) -> _Ids:
    parser = _Ids()
    parser.feed(markup)
    return parser


def duplicates(ids: list[str]) -> list[str]:
    return sorted(value for value, count in Counter(ids).items() if count > 1)


@pytest.fixture
def sheet_page(page, server):
    def open_(sheet_id: str):
        open_sheet(page, server, sheet_id)
        return page
    return open_


# ---------------------------------------------------------------- synthetic records in real pages

def synthetic_sheet() -> dict:
    """A valid worksheet whose question ids are the page's own words ("import", "status"),
    another question's field ("q" and "q-evidence") or a form's properties ("elements", "reset")."""
    sheet = copy.deepcopy(SHEETS["balance-scorecard"])
    sheet["id"] = "collisions"

    def q(qid: str, kind: str, **extra) -> dict:
        return {"id": qid, "type": kind, "text": f"Question {qid}, asked of the team.", **extra}

    sheet["sections"] = [
        {"id": "import", "title": "Up", "stream": "upstream", "questions": [
            q("import", "text"), q("q", "rating", help="Help for q."), q("q-evidence", "rating"),
            q("q-help", "yes-no"), q("x", "rating"), q("x-evidence", "text"), q("elements", "text"),
            q("reset", "yes-no"), q("status", "rating"), q("constructor", "rating"), q("how", "yes-no"),
        ]},
        {"id": "export", "title": "Down", "stream": "downstream", "questions": [
            q("export", "rating", help="Help for export."), q("results", "rating"), q("snapshots", "yes-no"),
            q("scale", "rating"), q("bands", "text"), q("length", "rating"), q("submit", "yes-no"),
        ]},
    ]
    return sheet


SYNTHETIC = synthetic_sheet()
SYNTHETIC_TYPES = {q["id"]: q["type"] for section in SYNTHETIC["sections"] for q in section["questions"]}
SYNTHETIC_ANSWERS = {
    question["id"]: {
        "value": {"rating": 3, "yes-no": "yes", "text": f"Text for {question['id']}"}[question["type"]],
        "target": 5 if question["type"] == "rating" else None,
        "evidence": f"Evidence for {question['id']}",
    }
    for section in SYNTHETIC["sections"] for question in section["questions"]
}


def duplicate_checklist() -> dict:
    record = copy.deepcopy(CHECKLIST)
    record["id"] = "duplicates"
    record["items"] = [{"text": "Book the venue for the launch"}, {"text": "Order the stock"},
                       {"text": "Book the venue for the launch"}, {"text": "Brief the team"}]
    return record


def duplicate_path() -> dict:
    """The onboarding path with two equal choices in one question, and a stage whose id is
    another stage's id followed by "-title"."""
    path = copy.deepcopy(PATH)
    path["id"] = "duplicates"
    path["stages"][1]["id"] = path["stages"][0]["id"] + "-title"
    path["stages"][0]["quiz"][0]["choices"] = [
        {"text": "Both streams", "correct": True, "explanation": "The first of the two equal choices."},
        {"text": "Both streams", "explanation": "The second of the two equal choices."},
        {"text": "Neither stream", "explanation": "Neither is right."},
    ]
    return path


def render(template: str, page: str, **context) -> str:
    return str(Renderer(DATASET).render(template, page, **context))


def swapped(built: str, start: str, end: str, fragment: str) -> str:
    """The built page with the widget that begins with `start` and ends with `end` replaced."""
    begin = built.index(start)
    return built[:begin] + fragment + built[built.index(end, begin) + len(end):]


WIDGETS = {
    # page in the built site, its widget's first and last characters, what replaces it
    "worksheet": ("worksheets/balance-scorecard/index.html", '<div class="pb-worksheet"', "</template>\n</div>",
                  lambda: render("worksheet.html.j2", "worksheets/collisions.md", record=SYNTHETIC)),
    "checklist": ("checklists/campaign-launch/index.html", '<form class="pb-checklist"', "</form>",
                  lambda: render("checklist.html.j2", "checklists/duplicates.md", record=duplicate_checklist())),
    "onboarding": ("onboarding/index.html", '<div class="pb-onboarding"', "Reset my progress</button></p>\n</div>",
                   lambda: render("onboarding.html.j2", "onboarding.md", path=duplicate_path(), page_titles={})),
}


def synthetic_page(site: Path, widget: str) -> str:
    source, start, end, fragment = WIDGETS[widget]
    return swapped((site / source).read_text(encoding="utf-8"), start, end, fragment())


def open_synthetic(page, server: str, site: Path, widget: str, url: str, ready: str) -> None:
    """Serve the synthetic page at url (same folder depth as the real one, so its links work)."""
    body = synthetic_page(site, widget)
    page.route(f"{server}{url}", lambda route: route.fulfill(status=200, content_type="text/html", body=body))
    page.goto(f"{server}{url}")
    page.locator(f"{ready}[data-pb-ready]").wait_for()


# ---------------------------------------------------------------- element ids (no browser)

@pytest.mark.parametrize("widget", sorted(WIDGETS))
def test_ids_made_from_data_are_unique_on_the_whole_page(site, widget):
    """Question ids like "import", "q" beside "q-evidence", equal item texts: every id once, and
    every label and ARIA reference finds its element."""
    if widget == "worksheet":
        assert all(re.fullmatch(ID_PATTERN, qid) for qid in SYNTHETIC_ANSWERS), "the synthetic ids must be valid data"
    fragment = ids_of(WIDGETS[widget][3]())
    assert fragment.ids and duplicates(fragment.ids) == []
    whole = ids_of(synthetic_page(site, widget))
    assert duplicates(whole.ids) == []
    assert set(fragment.references) <= set(whole.ids)


def test_ids_are_unique_on_every_built_widget_page(site):
    pages = [*sorted(site.glob("worksheets/*/index.html")), *sorted(site.glob("checklists/*/index.html")),
             site / "onboarding" / "index.html"]
    assert len(pages) > 5
    for page in pages:
        found = ids_of(page.read_text(encoding="utf-8"))
        assert duplicates(found.ids) == [], page
        assert set(found.references) <= set(found.ids), page


# ---------------------------------------------------------------- element ids in Chromium

@browser
def test_a_worksheet_whose_question_ids_are_the_pages_words_works(page, server, site):
    open_synthetic(page, server, site, "worksheet", "worksheets/collisions/", ".pb-worksheet")
    found = page.evaluate("() => Array.from(document.querySelectorAll('[id]'), (element) => element.id)")
    assert duplicates(found) == []
    # The "Import JSON" label opens the file picker, not the question "import".
    with page.expect_file_chooser() as chooser:
        page.locator("label", has_text="Import JSON").click()
    assert chooser.value.element.evaluate("input => input.hasAttribute('data-pb-import')")

    for qid, answer in SYNTHETIC_ANSWERS.items():
        block = page.locator(f'[data-pb-question="{qid}"]')
        if SYNTHETIC_TYPES[qid] == "text":
            block.get_by_role("textbox", name=f"Question {qid}, asked of the team.").fill(answer["value"])
        else:
            choice(page, qid, answer["value"]).click()
        if answer["target"] is not None:
            choice(page, f"{qid}--target", answer["target"]).click()
        # Each question's own Evidence label names its own field.
        block.get_by_role("textbox", name="Evidence", exact=True).fill(answer["evidence"])
    assert stored(page, "collisions")["answers"] == SYNTHETIC_ANSWERS

    page.reload()
    page.locator(".pb-worksheet[data-pb-ready]").wait_for()
    for qid, answer in SYNTHETIC_ANSWERS.items():
        assert page.locator(f'[name="{qid}--evidence"]').input_value() == answer["evidence"]
    assert page.locator('textarea[name="elements"]').input_value() == "Text for elements"
    assert page.locator('input[name="reset"]:checked').get_attribute("value") == "yes"
    assert shown_scores(page) == expected_scores(SYNTHETIC, SYNTHETIC_ANSWERS)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset").click()
    assert stored(page, "collisions") is None
    assert page.locator('.pb-ws-form input:checked').count() == 0
    assert page.locator('textarea[name="import"]').input_value() == ""


@browser
def test_the_id_pattern_in_the_browser_is_the_schemas(sheet_page):
    page = sheet_page("balance-scorecard")
    assert page.evaluate("window.playbook.ID_PATTERN.source") == ID_PATTERN


# ---------------------------------------------------------------- equal texts in one list

@browser
def test_equal_checklist_items_keep_their_own_ticks(page, server, site):
    open_synthetic(page, server, site, "checklist", "checklists/duplicates/", "[data-pb-checklist]")
    boxes = page.locator(".pb-checklist__item input[type=checkbox]")
    assert boxes.count() == 4
    boxes.nth(2).check()
    assert page.locator("[data-pb-status]").inner_text() == "1 of 4 done."

    page.reload()
    page.locator("[data-pb-checklist][data-pb-ready]").wait_for()
    assert [boxes.nth(i).is_checked() for i in range(4)] == [False, False, True, False]
    boxes.nth(0).check()
    page.reload()
    page.locator("[data-pb-checklist][data-pb-ready]").wait_for()
    assert [boxes.nth(i).is_checked() for i in range(4)] == [True, False, True, False]
    # The first of equal items is stored as its text, as every item was before.
    saved = json.loads(page.evaluate("localStorage.getItem('playbook:checklist:duplicates')"))
    assert "Book the venue for the launch" in saved


@browser
def test_equal_quiz_choices_keep_the_answer_chosen(page, server, site):
    open_synthetic(page, server, site, "onboarding", "onboarding/", "[data-pb-onboarding]")
    stage, question = PATH["stages"][0], PATH["stages"][0]["quiz"][0]
    box = page.locator(f'[data-pb-question="{stage["id"]}-{question["id"]}"]')
    radios = box.locator("input[type=radio]")
    radios.nth(0).check()
    box.get_by_role("button", name="Check").click()
    assert box.locator(".pb-quiz__feedback:visible").inner_text() == "Right. The first of the two equal choices."

    page.reload()
    page.locator("[data-pb-onboarding][data-pb-ready]").wait_for()
    assert [radios.nth(i).is_checked() for i in range(3)] == [True, False, False]
    assert box.locator(".pb-quiz__feedback:visible").inner_text() == "Right. The first of the two equal choices."
    radios.nth(1).check()
    box.get_by_role("button", name="Check").click()
    page.reload()
    page.locator("[data-pb-onboarding][data-pb-ready]").wait_for()
    assert [radios.nth(i).is_checked() for i in range(3)] == [False, True, False]
    assert box.locator(".pb-quiz__feedback:visible").inner_text() == "Not quite. The second of the two equal choices."


# ---------------------------------------------------------------- CSV and JSON files

FORMULAS = {
    # question: (what the reader types, in which field)
    "one-change": ('=HYPERLINK("http://x","y")', "value"),
    "research-current": ("+1", "evidence"),
    "segments-defined": ("-2+3", "evidence"),
    "persona-evidence": ("@SUM(A1)", "evidence"),
    "trends-tracked": ("\t=1+2", "evidence"),
}


@browser
def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(sheet_page, tmp_path):
    page = sheet_page("upstream-readiness")
    for qid, (text, where) in FORMULAS.items():
        if where == "value":
            page.locator(f'textarea[name="{qid}"]').fill(text)
        else:
            page.locator(f'[name="{qid}--evidence"]').fill(text)
    choice(page, "research-current", 3).click()
    choice(page, "research-current--target", 1).click()
    page.locator('[name="purpose-used--evidence"]').fill("Survey 2024, page 3")

    rows = csv_rows(download(page, "Export CSV", tmp_path))
    assert rows["question id"][6] == "evidence"
    for qid, (text, where) in FORMULAS.items():
        assert rows[qid][3 if where == "value" else 6] == "'" + text, qid
    assert rows["research-current"][3] == "3"  # a level of the scale stays a number
    assert rows["research-current"][5] == "-2"  # and so does a gap, a negative one too
    assert rows["purpose-used"][6] == "Survey 2024, page 3"  # plain text is untouched

    answers = json.loads(download(page, "Export JSON", tmp_path))["answers"]
    for qid, (text, where) in FORMULAS.items():
        assert answers[qid][where] == text, qid

    # A carriage return cannot be typed into a one-line field, but an imported file can hold one.
    page.once("dialog", lambda dialog: dialog.accept())
    with_cr = file_content("upstream-readiness", {"segments-defined": {"evidence": "\r@cmd"}})
    import_file(page, "cr.json", json.dumps(with_cr))
    status(page).filter(has_text="Imported 1 answer").wait_for()
    assert csv_rows(download(page, "Export CSV", tmp_path))["segments-defined"][6] == "'\r@cmd"
    answers = json.loads(download(page, "Export JSON", tmp_path))["answers"]
    assert answers["segments-defined"]["evidence"] == "\r@cmd"


GOOD = {"research-current": {"value": 3, "target": 4, "evidence": "Q3 report"}}
POLLUTE = {"polluted": "yes"}


def bad_file(top: dict | None = None, **answers) -> bytes:
    """A worksheet file with one good answer, these answers and these top-level fields."""
    content = file_content("upstream-readiness", {**GOOD, **answers})
    return json.dumps({**content, **(top or {})}).encode()


def answers_file(answers) -> bytes:
    return json.dumps(file_content("upstream-readiness", answers)).encode()


def hostile(name: str, content: bytes, message: str):
    return pytest.param(content, message, id=name)


SEGMENTS = "the answer to “segments-defined”"
HOSTILE_FILES = [
    hostile("top-proto", bad_file({"__proto__": POLLUTE}),
            "it has “__proto__”, which is not part of a worksheet file "
            "(version, worksheet, saved, respondent, answers, scores, gaps, plan)"),
    hostile("top-constructor", bad_file({"constructor": {"prototype": POLLUTE}}), "it has “constructor”, which is not"),
    hostile("top-prototype", bad_file({"prototype": POLLUTE}), "it has “prototype”, which is not part of"),
    hostile("answers-proto", bad_file(__proto__={"value": 3, **POLLUTE}),
            "its answers hold “__proto__”, which cannot be a question id"),
    hostile("answer-proto", bad_file(**{"segments-defined": {"value": 2, "__proto__": POLLUTE}}),
            f"{SEGMENTS} has “__proto__”, which is not part of an answer (value, target, evidence)"),
    hostile("answer-constructor", bad_file(**{"segments-defined": {"value": 2, "constructor": {"prototype": POLLUTE}}}),
            f"{SEGMENTS} has “constructor”, which is not part of an answer"),
    hostile("answers-list", answers_file([{"value": 3}]), "its “answers” is not an object"),
    hostile("rating-string", bad_file(**{"segments-defined": {"value": "5"}}),
            f'{SEGMENTS} has "5", which is not a level of the scale (1, 2, 3, 4, 5) or "unknown"'),
    hostile("rating-99", bad_file(**{"segments-defined": {"value": 99}}), f"{SEGMENTS} has 99, which is not a level"),
    hostile("target-string", bad_file(**{"segments-defined": {"value": 3, "target": "5"}}),
            f'{SEGMENTS} has a target of "5", which is not a level of the scale'),
    hostile("yes-no-7", bad_file(**{"upstream-budget": {"value": 7}}),
            'the answer to “upstream-budget” has 7 where "yes" or "no" was expected'),
    hostile("text-object", bad_file(**{"one-change": {"value": {"text": "<b>hi</b>"}}}),
            "the answer to “one-change” has an answer that is not text"),
    hostile("evidence-list", bad_file(**{"one-change": {"value": "ok", "evidence": ["a"]}}),
            "the answer to “one-change” has evidence that is not text"),
    hostile("answer-string", bad_file(**{"one-change": "just text"}), "the answer to “one-change” is not an answer object"),
    hostile("only-unknown-ids", answers_file({"constructor": {"value": 3}, "prototype": {"value": 3}}),
            "none of its answers are to questions on this worksheet (“constructor”, “prototype”)"),
    hostile("no-answers", answers_file({}), "it holds no answers"),
    hostile("no-worksheet", json.dumps({"version": 1, "answers": GOOD}).encode(),
            "it does not name the worksheet its answers are for"),
    hostile("worksheet-object", json.dumps({**file_content("upstream-readiness", GOOD), "worksheet": POLLUTE}).encode(),
            "it does not name the worksheet its answers are for"),
]


@browser
@pytest.mark.parametrize(("content", "message"), HOSTILE_FILES)
def test_a_hostile_or_wrong_import_is_refused_and_changes_nothing(sheet_page, content, message):
    page = sheet_page("upstream-readiness")
    choice(page, "trends-tracked", 2).click()
    page.locator('textarea[name="one-change"]').fill("Keep this answer")
    fresh_prototype = page.evaluate(PROTOTYPE_STATE)
    before = (form_answers(page), stored(page, "upstream-readiness"), shown_scores(page))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    import_file(page, "hostile.json", content)
    error = page.locator("[data-pb-status].pb-ws-status--error")
    error.wait_for()
    assert error.text_content().startswith(f"Could not import hostile.json: {message}")
    assert error.text_content().endswith(". Nothing was changed.")
    assert "Imported" not in error.text_content()
    assert (form_answers(page), stored(page, "upstream-readiness"), shown_scores(page)) == before
    assert page.evaluate(PROTOTYPE_STATE) == fresh_prototype
    assert fresh_prototype[0] is None and fresh_prototype[1] is None
    assert dialogs == []


@browser
def test_answers_to_questions_not_on_the_worksheet_are_left_out_and_named(sheet_page):
    page = sheet_page("upstream-readiness")
    content = file_content("upstream-readiness", {**GOOD, "constructor": {"value": 3}, "prototype": {"value": 1}})
    fresh_prototype = page.evaluate(PROTOTYPE_STATE)
    import_file(page, "old.json", json.dumps(content))
    status(page).filter(has_text="Imported").wait_for()
    assert status(page).text_content() == (
        "Imported 1 answer from old.json. 2 answer(s) to questions not on this worksheet were left out: "
        "“constructor”, “prototype”."
    )
    assert stored(page, "upstream-readiness")["answers"] == GOOD
    assert page.evaluate(PROTOTYPE_STATE) == fresh_prototype


@browser
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(sheet_page, tmp_path):
    page = sheet_page("upstream-readiness")
    choice(page, "trends-tracked", 2).click()
    before = stored(page, "upstream-readiness")
    big = tmp_path / "huge.json"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB of zero bytes, without writing them
    # Count reads of the chosen file only: other code on the page may use blobs of its own
    # (a CI run once counted one read that was not of this file).
    page.evaluate("""() => {
      window.pbReads = [];
      const chosen = (blob) => blob instanceof File && blob.name === "huge.json";
      const count = (name, original, target) => function (...args) {
        if (chosen(target(this, args))) window.pbReads.push(name + ": " + new Error().stack);
        return original.apply(this, args);
      };
      for (const name of ["text", "arrayBuffer", "stream", "slice"]) {
        Blob.prototype[name] = count(name, Blob.prototype[name], (self) => self);
      }
      for (const name of ["readAsText", "readAsArrayBuffer", "readAsDataURL", "readAsBinaryString"]) {
        FileReader.prototype[name] = count(name, FileReader.prototype[name], (self, args) => args[0]);
      }
    }""")
    page.locator("[data-pb-import]").set_input_files(big)
    error = page.locator("[data-pb-status].pb-ws-status--error")
    error.wait_for()
    assert error.text_content() == (
        "Could not import huge.json: it is 50 MB, more than the 5 MB a worksheet file may have. Nothing was changed."
    )
    assert page.evaluate("window.pbReads") == []
    assert stored(page, "upstream-readiness") == before


HTML = '<img src=x onerror="window.pbRan=1;alert(1)">'


@browser
def test_html_in_answers_and_file_names_stays_text(sheet_page):
    page = sheet_page("upstream-readiness")
    choice(page, "trends-tracked", 2).click()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    images = page.locator("img").count()
    bold = page.locator(".pb-worksheet b, .pb-worksheet script").count()
    answers = {
        "one-change": {"value": HTML + "<script>window.pbRan=2</script>", "target": None, "evidence": "<b>bold</b>"},
        "research-current": {"value": 2, "target": None, "evidence": HTML},
    }
    name = '<img src=x onerror="alert(2)">.json'
    import_file(page, name, json.dumps(file_content("upstream-readiness", answers)))
    status(page).filter(has_text="Imported").wait_for()
    assert status(page).text_content() == f"Imported 2 answers from {name}."
    assert page.locator('textarea[name="one-change"]').input_value() == answers["one-change"]["value"]
    assert page.locator('[name="one-change--evidence"]').input_value() == "<b>bold</b>"
    assert page.locator('[name="research-current--evidence"]').input_value() == HTML
    page.get_by_role("button", name="Save snapshot").click()
    page.reload()
    page.locator(".pb-worksheet[data-pb-ready]").wait_for()
    assert page.locator('textarea[name="one-change"]').input_value() == answers["one-change"]["value"]
    assert page.locator("img").count() == images
    assert page.locator(".pb-worksheet b, .pb-worksheet script").count() == bold
    assert page.evaluate("window.pbRan") is None
    assert dialogs == ["confirm"]  # "Replace your current answers?", never an alert


# ---------------------------------------------------------------- storage full or blocked

@browser
@pytest.mark.parametrize("refusal", [STORAGE_FULL, STORAGE_BLOCKED], ids=["full", "blocked"])
def test_a_worksheet_says_when_the_browser_will_not_store(page, server, tmp_path, refusal):
    page.add_init_script(refusal)
    open_sheet(page, server, "upstream-readiness")
    choice(page, "research-current", 4).click()
    error = page.locator("[data-pb-status].pb-ws-status--error")
    expect(error).to_have_text(WORKSHEET_NOT_SAVED)
    assert error.is_visible()
    # The answer is kept on the page: scored, and in an export.
    answer = {"research-current": {"value": 4, "target": None, "evidence": ""}}
    assert shown_scores(page) == expected_scores(SHEETS["upstream-readiness"], answer)
    assert json.loads(download(page, "Export JSON", tmp_path))["answers"] == answer

    page.once("dialog", lambda dialog: dialog.accept())
    import_file(page, "mine.json", json.dumps(file_content("upstream-readiness", GOOD)))
    expect(error).to_have_text(
        NOT_SAVED + "the answers read from mine.json are kept on this page only; export them to keep them."
    )
    assert form_answers(page) == GOOD

    page.get_by_role("button", name="Save snapshot").click()
    expect(error).to_have_text(
        "Could not save the snapshot in this browser (storage full or blocked); export your answers to keep them."
    )


@browser
@pytest.mark.parametrize("refusal", [STORAGE_FULL, STORAGE_BLOCKED], ids=["full", "blocked"])
def test_a_checklist_says_when_the_browser_will_not_store(page, server, refusal):
    page.add_init_script(refusal)
    page.goto(f"{server}checklists/{CHECKLIST['id']}/")
    page.locator("[data-pb-checklist][data-pb-ready]").wait_for()
    warning = page.locator("[data-pb-save-status]")
    assert warning.is_hidden()
    page.locator(".pb-checklist__item input").first.check()
    expect(warning).to_have_text(CHECKLIST_NOT_SAVED)
    assert warning.is_visible() and warning.get_attribute("role") == "alert"
    page.locator(".pb-checklist__item input").nth(1).check()
    assert page.locator("[data-pb-status]").inner_text() == f"2 of {len(CHECKLIST['items'])} done."


@browser
@pytest.mark.parametrize("refusal", [STORAGE_FULL, STORAGE_BLOCKED], ids=["full", "blocked"])
def test_the_onboarding_path_says_when_the_browser_will_not_store(page, server, refusal):
    page.add_init_script(refusal)
    page.goto(f"{server}onboarding/")
    page.locator("[data-pb-onboarding][data-pb-ready]").wait_for()
    warning = page.locator("[data-pb-save-status]")
    assert warning.is_hidden()
    page.locator("[data-pb-task]").first.check()
    expect(warning).to_have_text(ONBOARDING_NOT_SAVED)
    assert warning.is_visible()
    page.locator("[data-pb-task]").nth(1).check()
    assert page.locator("[data-pb-task]:checked").count() == 2


# ---------------------------------------------------------------- damaged storage

SNAPSHOTS_KEY = "playbook:worksheet:balance-scorecard:snapshots"


def a_snapshot() -> dict:
    answers = {"up-research": {"value": 4, "target": None, "evidence": ""}}
    return {"date": "2025-03-01T09:30:00.000Z", "scores": score_worksheet(SHEETS["balance-scorecard"], answers, RULES),
            "answers": answers}


DAMAGED_SNAPSHOTS = [
    None,
    "a string",
    42,
    [1, 2],
    {"date": "2025-01-01T00:00:00.000Z", "scores": {"overall": 50}},  # no answers
    {"date": "not a date", "scores": {}, "answers": {}},
    {"date": "2025-01-02T00:00:00.000Z", "scores": "<b>50</b>", "answers": {}},
]


@browser
def test_damaged_snapshots_are_skipped_and_counted(page, server):
    seeded = json.dumps(json.dumps([*DAMAGED_SNAPSHOTS, a_snapshot()]))
    # Once per tab, so a reload shows what the page itself stored since.
    page.add_init_script(
        "if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); "
        f"localStorage.setItem({json.dumps(SNAPSHOTS_KEY)}, {seeded}); }}"
    )
    open_sheet(page, server, "balance-scorecard")
    items = page.locator("[data-pb-snapshots] > li")
    assert items.count() == 1
    assert f"{DATASET.title('streams', 'upstream')} 75.0" in items.first.inner_text()
    note = page.locator("[data-pb-snapshots-bad]")
    assert note.is_visible()
    assert note.inner_text() == f"{len(DAMAGED_SNAPSHOTS)} saved snapshots could not be read and are not shown."

    items.first.get_by_role("button", name="Compare").click()
    snap = page.locator('[data-pb-scores="you"] [data-pb-score="stream:upstream"] .pb-ws-snap')
    assert snap.get_attribute("data-value") == "75"
    page.get_by_role("button", name="Save snapshot").click()
    assert items.count() == 2
    page.once("dialog", lambda dialog: dialog.accept())
    items.first.get_by_role("button", name="Delete").click()
    assert items.count() == 1
    # What this page cannot read is left for whatever wrote it, not thrown away.
    saved = json.loads(page.evaluate(f"localStorage.getItem({json.dumps(SNAPSHOTS_KEY)})"))
    assert saved[: len(DAMAGED_SNAPSHOTS)] == DAMAGED_SNAPSHOTS and len(saved) == len(DAMAGED_SNAPSHOTS) + 1


@browser
@pytest.mark.parametrize(
    "value",
    ["42", '"text"', "[1, 2]", "{not json", "null", '{"version": 1, "worksheet": "balance-scorecard", "answers": 5}',
     json.dumps(file_content("balance-scorecard", {"up-research": "5", "down-campaigns": {"value": 4},
                                                   "constructor": {"value": 1}, "__proto__": {"value": 2}}))],
    ids=["number", "string", "list", "not-json", "null", "answers-number", "partly-damaged"],
)
def test_damaged_saved_answers_do_not_break_the_worksheet(page, server, value):
    open_sheet(page, server, "balance-scorecard")
    page.evaluate("(value) => localStorage.setItem('playbook:worksheet:balance-scorecard', value)", value)
    page.reload()
    page.locator(".pb-worksheet[data-pb-ready]").wait_for()
    kept = {"down-campaigns": {"value": 4, "target": None, "evidence": ""}} if "down-campaigns" in value else {}
    assert form_answers(page) == kept
    choice(page, "up-research", 5).click()
    answers = {**kept, "up-research": {"value": 5, "target": None, "evidence": ""}}
    assert stored(page, "balance-scorecard")["answers"] == answers
    assert shown_scores(page) == expected_scores(SHEETS["balance-scorecard"], answers)
    assert page.evaluate(PROTOTYPE_STATE)[:3] == [None, None, True]


# ---------------------------------------------------------------- two tabs

@browser
def test_two_tabs_on_one_worksheet_keep_both_answers(context, server):
    tab_a, tab_b = context.new_page(), context.new_page()
    errors_a, errors_b = watch(tab_a), watch(tab_b)
    for tab in (tab_a, tab_b):
        open_sheet(tab, server, "balance-scorecard")

    choice(tab_a, "up-research", 5).click()
    # Tab B shows tab A's answer without a reload, and keeps it when it saves its own.
    expect(tab_b.locator('input[name="up-research"][value="5"]')).to_be_checked()
    choice(tab_b, "down-campaigns", 2).click()
    expect(tab_a.locator('input[name="down-campaigns"][value="2"]')).to_be_checked()
    expect(tab_a.locator("[data-pb-status]")).to_have_text(
        "Updated with the answers saved in another tab or window of this browser."
    )
    tab_b.locator('textarea[name="one-change"]').fill("Hire a researcher")
    expect(tab_a.locator('textarea[name="one-change"]')).to_have_value("Hire a researcher")

    both = {
        "up-research": {"value": 5, "target": None, "evidence": ""},
        "down-campaigns": {"value": 2, "target": None, "evidence": ""},
        "one-change": {"value": "Hire a researcher", "target": None, "evidence": ""},
    }
    expected = expected_scores(SHEETS["balance-scorecard"], both)
    assert shown_scores(tab_a) == shown_scores(tab_b) == expected
    for tab in (tab_a, tab_b):
        tab.reload()
        tab.locator(".pb-worksheet[data-pb-ready]").wait_for()
        assert form_answers(tab) == both
    assert errors_a == [] and errors_b == []


@browser
def test_two_tabs_on_one_checklist_keep_both_ticks(context, server):
    tab_a, tab_b = context.new_page(), context.new_page()
    errors_a, errors_b = watch(tab_a), watch(tab_b)
    for tab in (tab_a, tab_b):
        tab.goto(f"{server}checklists/{CHECKLIST['id']}/")
        tab.locator("[data-pb-checklist][data-pb-ready]").wait_for()
    boxes_a = tab_a.locator(".pb-checklist__item input")
    boxes_b = tab_b.locator(".pb-checklist__item input")
    boxes_a.nth(0).check()
    boxes_b.nth(3).check()
    expect(boxes_a.nth(3)).to_be_checked()
    expect(boxes_b.nth(0)).to_be_checked()
    expect(tab_a.locator("[data-pb-status]")).to_have_text(f"2 of {len(CHECKLIST['items'])} done.")
    boxes_b.nth(0).uncheck()
    expect(boxes_a.nth(0)).not_to_be_checked()
    for tab, boxes in ((tab_a, boxes_a), (tab_b, boxes_b)):
        tab.reload()
        tab.locator("[data-pb-checklist][data-pb-ready]").wait_for()
        assert [box.is_checked() for box in boxes.all()][:4] == [False, False, False, True]
    assert errors_a == [] and errors_b == []


@browser
def test_two_tabs_on_the_onboarding_path_keep_both_changes(context, server):
    stage = PATH["stages"][0]
    question = stage["quiz"][0]
    right = next(choice for choice in question["choices"] if choice.get("correct"))

    def right_choice(tab):
        box = tab.locator(f'[data-pb-question="{stage["id"]}-{question["id"]}"]')
        return box.get_by_label(right["text"], exact=True)

    tab_a, tab_b = context.new_page(), context.new_page()
    errors_a, errors_b = watch(tab_a), watch(tab_b)
    for tab in (tab_a, tab_b):
        tab.goto(f"{server}onboarding/")
        tab.locator("[data-pb-onboarding][data-pb-ready]").wait_for()
    tab_a.locator("[data-pb-task]").first.check()
    right_choice(tab_b).check()
    tab_b.locator(f'[data-pb-question="{stage["id"]}-{question["id"]}"]').get_by_role("button", name="Check").click()
    expect(right_choice(tab_a)).to_be_checked()
    expect(tab_b.locator("[data-pb-task]").first).to_be_checked()
    for tab in (tab_a, tab_b):
        tab.reload()
        tab.locator("[data-pb-onboarding][data-pb-ready]").wait_for()
        assert tab.locator("[data-pb-task]").first.is_checked()
        assert right_choice(tab).is_checked()
    assert errors_a == [] and errors_b == []
