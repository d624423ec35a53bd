"""Split planner: the reference rules. assets/javascripts/planner.js implements the same rules
in the browser (tests/browser/test_planner.py checks that both agree on every combination).

- The plan starts at the baseline share and adds the shift of the option chosen for each factor;
  a factor left unanswered adds nothing and is listed as missing.
- The sum is held between the limits (min and max, in percent); the plan says when it was.
- The rest (100 minus the share) goes to the other kind of work.
- Given today's share, the plan says how many points to move (plan minus today) and whether
  today's share is within the tolerance of the plan.
"""

from __future__ import annotations

from typing import Any


def plan(planner: dict[str, Any], choices: dict[str, str], current: int | None = None) -> dict[str, Any]:
    """The starting split for a reader's choices ({factor id: option id}) and today's share."""
    total = planner["baseline"]["value"]
    steps, missing = [], []
    for factor in planner["factors"]:
        option = next((o for o in factor["options"] if o["id"] == choices.get(factor["id"])), None)
        if option is None:
            missing.append(factor["id"])
            continue
        total += option["shift"]
        steps.append({"factor": factor["id"], "option": option["id"], "shift": option["shift"]})
    limits = planner["limits"]
    share = min(max(total, limits["min"]), limits["max"])
    result: dict[str, Any] = {
        "share": share, "other": 100 - share, "unlimited": total, "limited": share != total,
        "steps": steps, "missing": missing, "move": None, "close_enough": None,
    }
    if current is not None:
        result["move"] = share - current
        result["close_enough"] = abs(share - current) <= planner["tolerance"]
    return result

