"""The second playbook's worksheet (tests/fixtures/second-playbook, incident response) in Chromium:
the scores, the tilt and the band it shows equal the reference scorer's (yamlbook.scoring) for
the same answers, its chart draws, and no script fails. The engine's browser code knows nothing
of the main playbook's streams."""

from __future__ import annotations

import pytest

from conftest import FIXTURE, _base_url, serve
from test_fixture_playbook import STREAM_NAMES
from test_worksheets import fill, open_sheet, shown_part, shown_scores, shown_text
from yamlbook import load_dataset
from yamlbook.scoring import score_worksheet, streams_of

pytestmark = pytest.mark.browser

SHEET_ID = "incident-readiness"
DATASET = load_dataset(FIXTURE)
SHEET = DATASET.get("worksheets", SHEET_ID)
RULES = DATASET.get("scoring", "worksheet-scoring")


def _answer(value, target=None, evidence=""):
    return {"value": value, "target": target, "evidence": evidence}


# Two readers' answers (the stored shape, as tests/test_scoring.py and test_worksheets.py use it):
# one nearly balanced, one leaning to prevention, so the tilt takes both signs' bands.
ANSWERS = {
    "balanced": {
        "runbooks-tested": _answer(2, 5, "Four of nine alerts have a runbook"),
        "failures-rehearsed": _answer(3, 4),
        "change-failures-tracked": _answer("yes"),
        "severity-written": _answer(4, 5),
        "roles-assigned": _answer(5, 5),
        "reviews-held": _answer("no"),
        "one-change": _answer("Test every runbook before the next launch."),
    },
    "prevention-heavy": {
        "runbooks-tested": _answer(5, 5),
        "failures-rehearsed": _answer(4, 5),
        "change-failures-tracked": _answer("yes"),
        "severity-written": _answer(2, 4),
        "roles-assigned": _answer("unknown", 4),
        "reviews-held": _answer("no"),
    },
}


@pytest.fixture(scope="module")
def fixture_server(fixture_site):
    with serve(fixture_site) as httpd:
        yield _base_url(httpd)


def rating_questions(sheet: dict) -> list[tuple[str, dict]]:
    return [(section["stream"], question) for section in sheet["sections"]
            for question in section["questions"] if question["type"] == "rating"]


def test_the_worksheet_asks_rating_questions_on_both_streams():
    assert streams_of(SHEET) == list(STREAM_NAMES)
    assert SHEET["tilt"] == list(STREAM_NAMES)
    asked = {stream for stream, _ in rating_questions(SHEET)}
    assert asked == set(STREAM_NAMES)
    for _, question in rating_questions(SHEET):
        assert question.get("rubric") and question.get("closed_by"), question["id"]


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_scores_and_tilt_shown_equal_the_reference(page, fixture_server, name):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_sheet(page, fixture_server, SHEET_ID)
    embedded = page.evaluate("JSON.parse(document.querySelector('template.pb-worksheet-rules').content.textContent)")
    assert embedded == RULES

    answers = ANSWERS[name]
    fill(page, SHEET, answers)
    reference = score_worksheet(SHEET, answers, RULES)
    expected = shown_part(SHEET, reference)
    shown = shown_scores(page)
    assert shown["streams"] == expected["streams"] == reference["streams"]
    assert shown["sections"] == expected["sections"] == reference["sections"]
    assert shown["tilt"] == reference["tilt"] is not None
    assert shown == expected
    assert expected["band"] is not None
    tilt_cell = page.locator('[data-pb-scores="you"] [data-pb-score="tilt"] .pb-ws-now')
    assert tilt_cell.text_content() == shown_text("tilt", reference["tilt"])
    # One row per stream, named from the fixture's data, in its order.
    rows = page.locator('[data-pb-scores="you"] [data-pb-score^="stream:"] th')
    assert rows.all_inner_texts() == list(STREAM_NAMES.values())
    assert errors == [], f"JavaScript errors: {errors}"


def test_the_score_chart_draws(page, fixture_server):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_sheet(page, fixture_server, SHEET_ID)
    answers = ANSWERS["balanced"]
    fill(page, SHEET, answers)
    reference = score_worksheet(SHEET, answers, RULES)
    chart = page.locator('[data-pb-chart="you"]')
    box = chart.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0, "the chart is not drawn"
    keys = [*(f"stream:{s}" for s in streams_of(SHEET)), *(f"section:{s['id']}" for s in SHEET["sections"])]
    assert chart.locator("[data-pb-bar]").count() == len(keys)
    for key in keys:
        kind, _, name = key.partition(":")
        value = reference[kind + "s"][name]
        assert value, f"the answers should give {key} a score above 0"
        row = chart.locator(f'[data-pb-bar="{key}"]')
        width = float(row.locator(".pb-ws-chart__bar").get_attribute("width"))
        assert width == pytest.approx(value * 3) and width > 0  # the track is 300 units for 0 to 100
        assert row.locator(".pb-ws-chart__value").text_content() == shown_text(key, value)
    for stream, name in STREAM_NAMES.items():
        label = chart.locator(f'[data-pb-bar="stream:{stream}"] text').first.text_content()
        assert label == name
    assert errors == [], f"JavaScript errors: {errors}"
