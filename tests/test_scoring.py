"""The reference worksheet scorer (hooks/yamlbook/scoring.py): numbers worked out by hand, the
language-neutral cases in tests/vectors/worksheet-scoring.json (which the browser module runs
too, under Node), and the shipped worksheets."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURE

from yamlbook import load_dataset
from yamlbook import scoring
from yamlbook.scoring import UNKNOWN, aggregate_team, band_for, round_half_up

ROOT = Path(__file__).resolve().parent.parent
VECTORS = json.loads((ROOT / "tests" / "vectors" / "worksheet-scoring.json").read_text())
RULES = VECTORS["rules"]


def score_worksheet(sheet: dict, flat: dict) -> dict:
    """Score answers given as {question id: answer}, the way most tests below write them."""
    return scoring.score_worksheet(sheet, {q: {"value": a} for q, a in flat.items()}, RULES)

# Scale 1 to 5, so a rating r counts (r - 1) / 4: 1 -> 0, 2 -> .25, 3 -> .5, 4 -> .75, 5 -> 1.
SHEET = {
    "id": "sample",
    "scale": [{"value": v, "label": f"L{v}", "description": "A level."} for v in range(1, 6)],
    "sections": [
        {
            "id": "up",
            "stream": "upstream",
            "questions": [
                {"id": "u1", "type": "rating", "weight": 2},
                {"id": "u2", "type": "rating"},
                {"id": "u3", "type": "yes-no"},
            ],
        },
        {
            "id": "down",
            "stream": "downstream",
            "questions": [
                {"id": "d1", "type": "rating"},
                {"id": "d2", "type": "yes-no", "weight": 1.5},
                {"id": "d3", "type": "text"},
            ],
        },
    ],
    "band_score": "overall",
    "bands": [
        {"min": 0, "max": 40, "label": "Low"},
        {"min": 40, "max": 70, "label": "Middle"},
        {"min": 70, "max": 100, "label": "High"},
    ],
}


def tilt_sheet() -> dict:
    """The sample sheet banded by the tilt, as the balance scorecard is."""
    sheet = copy.deepcopy(SHEET)
    sheet["band_score"] = "tilt"
    sheet["tilt"] = ["upstream", "downstream"]
    sheet["bands"] = [
        {"min": -100, "max": -15, "label": "Downstream-heavy"},
        {"min": -15, "max": 15, "label": "Balanced"},
        {"min": 15, "max": 100, "label": "Upstream-heavy"},
    ]
    return sheet


def test_weights_count_in_section_stream_and_overall_scores():
    # up: (2 x .75 + 1 x .25) / 3 = 58.33; down: .5 / 1 = 50; overall: 2.25 / 4 = 56.25.
    result = score_worksheet(SHEET, {"u1": 4, "u2": 2, "d1": 3})
    assert result["sections"] == {"up": 58.3, "down": 50.0}
    assert (result["streams"]["upstream"], result["streams"]["downstream"], result["overall"]) == (58.3, 50.0, 56.3)
    assert result["band"] == "Middle"


def test_unknown_is_left_out_of_every_score_and_counted():
    result = score_worksheet(SHEET, {"u1": UNKNOWN, "u2": 5, "d1": UNKNOWN})
    assert result["sections"] == {"up": 100.0, "down": None}
    assert (result["streams"]["upstream"], result["streams"]["downstream"], result["overall"]) == (100.0, None, 100.0)
    assert result["unknown"] == 2
    assert result["tilt"] is None


def test_unanswered_questions_are_left_out_but_not_counted_as_unknown():
    result = score_worksheet(SHEET, {"u2": 1})
    assert result["sections"] == {"up": 0.0, "down": None}
    assert result["unknown"] == 0


def test_yes_counts_one_and_no_counts_zero_with_their_weights():
    # down: (1 x .5 + 1.5 x 1) / 2.5 = 80; with no: .5 / 2.5 = 20.
    assert score_worksheet(SHEET, {"d1": 3, "d2": "yes"})["sections"]["down"] == 80.0
    assert score_worksheet(SHEET, {"d1": 3, "d2": "no"})["sections"]["down"] == 20.0
    assert score_worksheet(SHEET, {"u3": "no"})["sections"]["up"] == 0.0


def test_text_answers_are_never_scored():
    with_text = score_worksheet(SHEET, {"d1": 4, "d3": "We should hire an analyst."})
    assert with_text == score_worksheet(SHEET, {"d1": 4})
    assert with_text["sections"]["down"] == 75.0
    # Only text answered: nothing counts. "unknown" typed as text is not an unknown rating.
    only_text = score_worksheet(SHEET, {"d3": UNKNOWN})
    assert only_text["sections"]["down"] is None
    assert only_text["unknown"] == 0


def test_no_answers_give_no_scores_and_no_band():
    assert score_worksheet(SHEET, {}) == {
        "sections": {"up": None, "down": None},
        "streams": {"upstream": None, "downstream": None},
        "overall": None,
        "tilt": None,
        "coverage": {"sections": {"up": {"answered": 0, "total": 3}, "down": {"answered": 0, "total": 2}},
                     "streams": {"upstream": {"answered": 0, "total": 3}, "downstream": {"answered": 0, "total": 2}},
                     "overall": {"answered": 0, "total": 5}},
        "band": None,
        "provisional": None,
        "gaps": [],
        "unknown": 0,
    }


def test_answers_to_other_questions_are_ignored():
    assert score_worksheet(SHEET, {"u2": 3, "not-a-question": 5}) == score_worksheet(SHEET, {"u2": 3})


def test_tilt_is_upstream_minus_downstream_before_rounding():
    # A worksheet without a tilt pair has no tilt.
    assert score_worksheet(SHEET, {"u1": 5, "d1": 1})["tilt"] is None
    # up: (2 x 1 + 1 x 0) / 3 = 66.67; down: (1 x 0 + 1.5 x 1) / 2.5 = 60.
    result = score_worksheet(tilt_sheet(), {"u1": 5, "u2": 1, "d1": 1, "d2": "yes"})
    assert (result["streams"]["upstream"], result["streams"]["downstream"], result["tilt"]) == (66.7, 60.0, 6.7)
    # down: 1 / 3 = 33.33, so the gap is 33.33 -> 33.3; subtracting the rounded scores gives 33.4.
    sheet = {**tilt_sheet(), "sections": [SHEET["sections"][0], _down_third()]}
    result = score_worksheet(sheet, {"u1": 5, "u2": 1, "x1": 5, "x2": 1, "x3": 1})
    assert (result["streams"]["upstream"], result["streams"]["downstream"], result["tilt"]) == (66.7, 33.3, 33.3)


def _down_third() -> dict:
    """A downstream section of three equal ratings, so one top answer scores 33.33."""
    questions = [{"id": f"x{i}", "type": "rating"} for i in (1, 2, 3)]
    return {"id": "third", "stream": "downstream", "questions": questions}


def test_tilt_can_be_negative_and_picks_the_band_when_asked():
    sheet = tilt_sheet()
    result = score_worksheet(sheet, {"u1": 2, "d1": 5})  # 25 - 100
    assert result["tilt"] == -75.0
    assert result["band"] == "Downstream-heavy"
    assert score_worksheet(sheet, {"u1": 3, "d1": 3})["band"] == "Balanced"
    assert score_worksheet(sheet, {"u1": 5, "d1": 1})["band"] == "Upstream-heavy"
    # One stream alone has no tilt, so no band, whatever the overall score.
    assert score_worksheet(sheet, {"u1": 5})["band"] is None


@pytest.mark.parametrize(
    ("value", "label"),
    [(0, "Low"), (39.9, "Low"), (40, "Middle"), (69.9, "Middle"), (70, "High"), (100, "High"),
     (-0.1, None), (100.1, None), (None, None)],
)
def test_band_min_is_included_max_excluded_except_the_last(value, label):
    assert band_for(SHEET, value) == label


@pytest.mark.parametrize(
    ("value", "label"),
    [(-100, "Downstream-heavy"), (-15.1, "Downstream-heavy"), (-15, "Balanced"), (14.9, "Balanced"),
     (15, "Upstream-heavy"), (100, "Upstream-heavy")],
)
def test_tilt_band_boundaries(value, label):
    assert band_for(tilt_sheet(), value) == label


def test_band_uses_the_rounded_score():
    # (2 x .75 + 1 x .5 + 1 x .5 + 1.5 x 0) / 5.5 = 45.45, shown as 45.5. With a band starting at
    # 45.5, the shown score picks it, though the unrounded one is below.
    assert score_worksheet(SHEET, {"u1": 4, "u2": 3, "d1": 3, "d2": "no"})["overall"] == 45.5
    sheet = copy.deepcopy(SHEET)
    sheet["bands"][0]["max"] = sheet["bands"][1]["min"] = 45.5
    assert score_worksheet(sheet, {"u1": 4, "u2": 3, "d1": 3, "d2": "no"})["band"] == "Middle"


@pytest.mark.parametrize(
    ("value", "rounded"),
    [(12.25, 12.3), (12.24, 12.2), (-2.25, -2.2), (-2.26, -2.3), (0.0, 0.0), (100.0, 100.0), (None, None)],
)
def test_round_half_up_rounds_halves_towards_plus_infinity(value, rounded):
    assert round_half_up(value) == rounded


def shipped_worksheets() -> list:
    """Every worksheet of both playbooks, the main one and the second (tests/fixtures/second-playbook),
    each named by its playbook."""
    playbooks = {"main": ROOT, "second": FIXTURE}
    return [pytest.param(sheet, id=f"{name}-{sheet['id']}")
            for name, root in playbooks.items() for sheet in load_dataset(root).all("worksheets")]


@pytest.mark.parametrize("sheet", shipped_worksheets())
def test_shipped_worksheets_score_0_to_100_and_reach_their_end_bands(sheet):
    questions = [q for s in sheet["sections"] for q in s["questions"]]
    top = {q["id"]: sheet["scale"][-1]["value"] if q["type"] == "rating" else "yes" for q in questions}
    bottom = {q["id"]: sheet["scale"][0]["value"] if q["type"] == "rating" else "no" for q in questions}
    best, worst = score_worksheet(sheet, top), score_worksheet(sheet, bottom)
    assert best["overall"] == 100.0
    assert worst["overall"] == 0.0
    if sheet["band_score"] == "overall":
        assert (worst["band"], best["band"]) == (sheet["bands"][0]["label"], sheet["bands"][-1]["label"])
    else:  # all top answers on both sides: no tilt, so the band holding 0
        assert best["tilt"] == worst["tilt"] == 0.0
        assert best["band"] == band_for(sheet, 0.0)


def test_gaps_are_target_minus_now_ranked_by_weight_then_size():
    # u1: 5 - 4 = 1, weight 2 -> 2; u2: 4 - 2 = 2, weight 1 -> 2 (a tie: the larger gap first);
    # d1: 3 - 3 = 0, not a gap; u3 is yes/no, which has no target.
    answers = {"u1": {"value": 4, "target": 5}, "u2": {"value": 2, "target": 4}, "d1": {"value": 3, "target": 3}}
    gaps = scoring.score_worksheet(SHEET, answers, RULES)["gaps"]
    assert [(g["question"], g["gap"], g["weighted"]) for g in gaps] == [("u2", 2, 2), ("u1", 1, 2)]


def test_a_band_is_provisional_until_enough_of_each_stream_is_answered():
    # 60% of the 3 upstream questions is 1.8, so 2 are needed; of the 2 downstream ones, 2.
    assert scoring.needed(3, RULES) == 2 and scoring.needed(2, RULES) == 2 and scoring.needed(10, RULES) == 6
    result = score_worksheet(SHEET, {"u1": 4, "u2": 2, "d1": 3})
    assert result["band"] == "Middle"
    assert result["provisional"] == {"stream": "downstream", "answered": 1, "total": 2, "needed": 2}
    assert score_worksheet(SHEET, {"u1": 4, "u2": 2, "d1": 3, "d2": "no"})["provisional"] is None


def test_a_team_takes_the_median_and_lists_its_disagreements():
    # u1: 4, 2, 5 -> median 4, range 3 (a disagreement); u3: yes, yes, no (a disagreement);
    # u2: 2 and 3 (Ben unknown) -> 2.5. Team up: (2 x .75 + .375 + 1) / 4 = 71.875 -> 71.9.
    case = VECTORS["team_cases"][0]
    team = aggregate_team(VECTORS["sheets"][case["sheet"]], case["respondents"], RULES)
    assert team["talk_about"] == ["u1", "u3"]
    assert team["questions"]["u2"] == {"answered": 2, "unknown": 1, "missing": 0, "min": 2, "max": 3,
                                       "median": 2.5, "range": 1, "target_median": 3.5, "disagreement": False}
    assert team["scores"]["sections"] == {"up": 71.9, "down": 20.0}
    assert [g["question"] for g in team["scores"]["gaps"]] == ["u1", "u2", "d1"]


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: c["name"])
def test_vector_cases(case):
    assert scoring.score_worksheet(VECTORS["sheets"][case["sheet"]], case["answers"], RULES) == case["expected"]


@pytest.mark.parametrize("case", VECTORS["team_cases"], ids=lambda c: c["name"])
def test_vector_team_cases(case):
    assert aggregate_team(VECTORS["sheets"][case["sheet"]], case["respondents"], RULES) == case["expected"]


def test_the_browser_module_runs_the_same_cases_under_node():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the browser scoring module's tests (install Node.js)")
    result = subprocess.run([node, "--test", str(ROOT / "tests" / "js")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"# pass {len(VECTORS['cases']) + len(VECTORS['team_cases']) + 1}" in result.stdout

