"""The split planner's reference rules (hooks/yamlbook/planner.py) and its checks."""

from __future__ import annotations

import copy

from yamlbook.checks import check_planner
from yamlbook.planner import plan

PLANNER = {
    "id": "p", "baseline": {"value": 60}, "limits": {"min": 30, "max": 70, "reason": "R."}, "tolerance": 5,
    "factors": [
        {"id": "market", "options": [{"id": "b2c", "shift": 0}, {"id": "b2b", "shift": -10}]},
        {"id": "stage", "options": [{"id": "launch", "shift": 15}, {"id": "mature", "shift": -5}]},
    ],
}


def test_the_plan_adds_each_chosen_shift_to_the_baseline():
    result = plan(PLANNER, {"market": "b2b", "stage": "mature"})
    assert (result["share"], result["other"], result["limited"], result["missing"]) == (45, 55, False, [])
    assert result["steps"] == [{"factor": "market", "option": "b2b", "shift": -10},
                               {"factor": "stage", "option": "mature", "shift": -5}]


def test_an_unanswered_factor_adds_nothing_and_is_listed():
    result = plan(PLANNER, {"stage": "launch"})
    assert (result["share"], result["missing"]) == (70, ["market"])


def test_the_plan_is_held_between_the_limits():
    planner = copy.deepcopy(PLANNER)
    planner["factors"][1]["options"][0]["shift"] = 25
    result = plan(planner, {"market": "b2c", "stage": "launch"})
    assert (result["share"], result["unlimited"], result["limited"]) == (70, 85, True)


def test_todays_share_gives_the_move_and_whether_it_is_close_enough():
    assert plan(PLANNER, {"market": "b2b", "stage": "mature"}, current=20)["move"] == 25
    near = plan(PLANNER, {"market": "b2b", "stage": "mature"}, current=41)
    assert (near["move"], near["close_enough"]) == (4, True)
    assert plan(PLANNER, {"market": "b2b"}, current=80)["close_enough"] is False


def test_an_unknown_option_counts_as_unanswered():
    assert plan(PLANNER, {"market": "wholesale"})["missing"] == ["market", "stage"]


def test_checks_find_limits_that_do_not_hold_the_baseline_and_repeated_ids():
    planner = copy.deepcopy(PLANNER)
    planner["baseline"]["value"] = 90
    planner["factors"][1]["options"][1]["id"] = "launch"
    assert list(check_planner(planner)) == [
        (("baseline", "value"), "should be between the limits, 30 and 70"),
        (("factors", 1, "options", 0, "id"), "the option id 'launch' is used 2 times; each must be unique"),
        (("factors", 1, "options", 1, "id"), "the option id 'launch' is used 2 times; each must be unique"),
    ]
