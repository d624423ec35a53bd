"""The reference worksheet scorer (hooks/yamlbook/scoring.py), with numbers worked out by hand."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from yamlbook import load_dataset
from yamlbook.scoring import UNKNOWN, band_for, round_half_up, score_worksheet

ROOT = Path(__file__).resolve().parent.parent

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


def gap_sheet() -> dict:
    """The sample sheet banded by the gap, as the balance scorecard is."""
    sheet = copy.deepcopy(SHEET)
    sheet["band_score"] = "gap"
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
    assert (result["upstream"], result["downstream"], result["overall"]) == (58.3, 50.0, 56.3)
    assert result["band"] == "Middle"


def test_unknown_is_left_out_of_every_score_and_counted():
    result = score_worksheet(SHEET, {"u1": UNKNOWN, "u2": 5, "d1": UNKNOWN})
    assert result["sections"] == {"up": 100.0, "down": None}
    assert (result["upstream"], result["downstream"], result["overall"]) == (100.0, None, 100.0)
    assert result["unknown"] == 2
    assert result["gap"] is None


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
        "upstream": None,
        "downstream": None,
        "overall": None,
        "unknown": 0,
        "gap": None,
        "band": None,
    }


def test_answers_to_other_questions_are_ignored():
    assert score_worksheet(SHEET, {"u2": 3, "not-a-question": 5}) == score_worksheet(SHEET, {"u2": 3})


def test_gap_is_upstream_minus_downstream_before_rounding():
    # up: (2 x 1 + 1 x 0) / 3 = 66.67; down: (1 x 0 + 1.5 x 1) / 2.5 = 60.
    result = score_worksheet(SHEET, {"u1": 5, "u2": 1, "d1": 1, "d2": "yes"})
    assert (result["upstream"], result["downstream"], result["gap"]) == (66.7, 60.0, 6.7)
    # down: 1 / 3 = 33.33, so the gap is 33.33 -> 33.3; subtracting the rounded scores gives 33.4.
    sheet = {**SHEET, "sections": [SHEET["sections"][0], _down_third()]}
    result = score_worksheet(sheet, {"u1": 5, "u2": 1, "x1": 5, "x2": 1, "x3": 1})
    assert (result["upstream"], result["downstream"], result["gap"]) == (66.7, 33.3, 33.3)


def _down_third() -> dict:
    """A downstream section of three equal ratings, so one top answer scores 33.33."""
    questions = [{"id": f"x{i}", "type": "rating"} for i in (1, 2, 3)]
    return {"id": "third", "stream": "downstream", "questions": questions}


def test_gap_can_be_negative_and_picks_the_band_when_asked():
    sheet = gap_sheet()
    result = score_worksheet(sheet, {"u1": 2, "d1": 5})  # 25 - 100
    assert result["gap"] == -75.0
    assert result["band"] == "Downstream-heavy"
    assert score_worksheet(sheet, {"u1": 3, "d1": 3})["band"] == "Balanced"
    assert score_worksheet(sheet, {"u1": 5, "d1": 1})["band"] == "Upstream-heavy"
    # One stream alone has no gap, so no band, whatever the overall score.
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
def test_gap_band_boundaries(value, label):
    assert band_for(gap_sheet(), value) == label


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


@pytest.mark.parametrize("sheet", load_dataset(ROOT).all("worksheets"), ids=lambda s: s["id"])
def test_shipped_worksheets_score_0_to_100_and_reach_their_end_bands(sheet):
    questions = [q for s in sheet["sections"] for q in s["questions"]]
    top = {q["id"]: sheet["scale"][-1]["value"] if q["type"] == "rating" else "yes" for q in questions}
    bottom = {q["id"]: sheet["scale"][0]["value"] if q["type"] == "rating" else "no" for q in questions}
    best, worst = score_worksheet(sheet, top), score_worksheet(sheet, bottom)
    assert best["overall"] == 100.0
    assert worst["overall"] == 0.0
    if sheet["band_score"] == "overall":
        assert (worst["band"], best["band"]) == (sheet["bands"][0]["label"], sheet["bands"][-1]["label"])
    else:  # all top answers on both sides: no gap, so the band holding 0
        assert best["gap"] == worst["gap"] == 0.0
        assert best["band"] == band_for(sheet, 0.0)
