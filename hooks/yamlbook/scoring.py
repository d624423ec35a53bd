"""Worksheet scoring: the reference rules. assets/javascripts/worksheet-scoring.js implements the
same rules in the browser, in the same order of floating-point operations; both run the cases in
tests/vectors/worksheet-scoring.json. The numbers in the rules come from data/scoring.yaml.

One person's answers:
- A rating answer counts (level - lowest) / (highest - lowest); yes counts 1, no counts 0.
- "unknown" and unanswered questions are left out of every score; unknowns are counted.
  Text questions are never scored.
- A score is the weighted mean of the counted answers x 100 (weight 1 unless given), or None
  when nothing counts. A section's score uses its questions; a stream's score every question in
  that stream's sections; the overall score all questions.
- The tilt is the first tilt stream's score minus the second's (the worksheet's `tilt`).
- Coverage: of the scored questions (rating, yes/no) of each section and stream, how many are
  answered (a level, yes or no). The band is provisional while a stream its score uses (all of
  them for `overall`, the two tilt streams for `tilt`) has fewer answered than
  ceil(total x min_answered_percent / 100).
- The gap of a rating question is its target level minus its level now, when both are levels.
  Gaps above 0 are ranked by gap x weight, then by gap, then in the worksheet's order.
- Shown scores are rounded half up to one decimal.

A team (several people's answers):
- For each scored question, the team's value is the median of the answers given (levels; yes 1,
  no 0), and its target the median of the targets; unknown and missing answers are left out.
  The median of an even count is the mean of the two middle values.
- Team scores, coverage, band and gaps follow from those values by the rules above; a question
  counts as answered when anyone answered it.
- A rating question is a disagreement when its answers span at least disagreement_range levels;
  a yes/no question when it has both answers. Disagreements are listed by span, widest first,
  then in the worksheet's order.
- Each row of the chart also gets the range (lowest, highest) of the respondents' own scores.
"""

from __future__ import annotations

import math
from typing import Any

UNKNOWN = "unknown"
SCORED = ("rating", "yes-no")
_RANGES = {"overall": (0.0, 100.0), "tilt": (-100.0, 100.0)}


def score_range(band_score: str) -> tuple[float, float]:
    """The lowest and highest value a band score can take."""
    return _RANGES[band_score]


def round_half_up(value: float | None) -> float | None:
    """Round to one decimal, halves up, as the browser does with Math.floor(x * 10 + 0.5) / 10."""
    return None if value is None else math.floor(value * 10 + 0.5) / 10


def streams_of(sheet: dict[str, Any]) -> list[str]:
    """The streams of a worksheet's sections, in the order they first appear."""
    found: list[str] = []
    for section in sheet["sections"]:
        if section["stream"] not in found:
            found.append(section["stream"])
    return found


def questions(sheet: dict[str, Any]):
    """(section, question) for every question, in the worksheet's order."""
    for section in sheet["sections"]:
        for question in section["questions"]:
            yield section, question


def answer_number(question: dict[str, Any], answer: Any) -> float | None:
    """An answer as a number on its question's own scale (a level; yes 1, no 0), or None."""
    if question["type"] == "rating":
        return answer if _is_number(answer) else None
    if question["type"] == "yes-no":
        return {"yes": 1.0, "no": 0.0}.get(answer) if isinstance(answer, str) else None
    return None


def score_worksheet(sheet: dict[str, Any], answers: dict[str, Any], rules: dict[str, Any]) -> dict[str, Any]:
    """One person's scores, coverage, band, gaps and unknown count.

    answers: {question id: {"value": level | "yes" | "no" | "unknown" | text, "target": level}}.
    """
    values, targets, unknown = {}, {}, 0
    for _, question in questions(sheet):
        answer = answers.get(question["id"])
        if not isinstance(answer, dict):
            continue
        if question["type"] == "rating" and answer.get("value") == UNKNOWN:
            unknown += 1
        values[question["id"]] = answer_number(question, answer.get("value"))
        if question["type"] == "rating":
            targets[question["id"]] = answer_number(question, answer.get("target"))
    result = _scores(sheet, values, targets, rules)
    result["unknown"] = unknown
    return result


def aggregate_team(sheet: dict[str, Any], respondents: list[dict[str, Any]], rules: dict[str, Any]) -> dict[str, Any]:
    """A team's spread per question, its disagreements, its scores from the median answers, and
    the range of the respondents' own scores. respondents: [{"name": ..., "answers": ...}]."""
    own = [score_worksheet(sheet, r["answers"], rules) for r in respondents]
    spread, values, targets = {}, {}, {}
    for _, question in questions(sheet):
        if question["type"] not in SCORED:
            continue
        qid = question["id"]
        given, wanted, unknown = [], [], 0
        for respondent in respondents:
            answer = respondent["answers"].get(qid)
            if not isinstance(answer, dict):
                continue
            if answer.get("value") == UNKNOWN:
                unknown += 1
            number = answer_number(question, answer.get("value"))
            if number is not None:
                given.append(number)
            if question["type"] == "rating":
                target = answer_number(question, answer.get("target"))
                if target is not None:
                    wanted.append(target)
        low, high = (min(given), max(given)) if given else (None, None)
        span = high - low if given else None
        limit = rules["team"]["disagreement_range"] if question["type"] == "rating" else 1
        spread[qid] = {
            "answered": len(given), "unknown": unknown, "missing": len(respondents) - len(given) - unknown,
            "min": low, "max": high, "median": median(given), "range": span,
            "target_median": median(wanted) if question["type"] == "rating" else None,
            "disagreement": span is not None and span >= limit,
        }
        values[qid] = spread[qid]["median"]
        if question["type"] == "rating":
            targets[qid] = spread[qid]["target_median"]
    order = {q["id"]: i for i, (_, q) in enumerate(questions(sheet))}
    talk = sorted((qid for qid, s in spread.items() if s["disagreement"]),
                  key=lambda qid: (-spread[qid]["range"], order[qid]))
    team = _scores(sheet, values, targets, rules)
    team["unknown"] = sum(s["unknown"] for s in spread.values())
    return {
        "respondents": len(respondents),
        "questions": spread,
        "talk_about": talk,
        "scores": team,
        "ranges": _ranges(own, sheet),
    }


def median(numbers: list[float]) -> float | None:
    """The middle value; for an even count, the mean of the two middle values."""
    if not numbers:
        return None
    ordered = sorted(numbers)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def band_for(sheet: dict[str, Any], value: float | None) -> str | None:
    """Label of the band holding value: min included, max excluded, except the last band's."""
    if value is None:
        return None
    bands = sheet["bands"]
    for i, band in enumerate(bands):
        last = i == len(bands) - 1
        if band["min"] <= value < band["max"] or (last and value == band["max"]):
            return band["label"]
    return None


def needed(total: int, rules: dict[str, Any]) -> int:
    """How many of total scored questions must be answered for a final band (integer arithmetic)."""
    return (total * rules["provisional"]["min_answered_percent"] + 99) // 100


def _scores(sheet, values, targets, rules) -> dict[str, Any]:
    """Scores, coverage, band and gaps from values on each question's own scale."""
    scale = sheet["scale"]
    low, high = scale[0]["value"], scale[-1]["value"]
    streams = streams_of(sheet)
    totals = {"overall": [0.0, 0.0], **{s: [0.0, 0.0] for s in streams}}
    counts = {"overall": [0, 0], **{s: [0, 0] for s in streams}}
    section_scores, section_counts, gaps = {}, {}, []
    for section in sheet["sections"]:
        own, own_count = [0.0, 0.0], [0, 0]
        for question in section["questions"]:
            if question["type"] not in SCORED:
                continue
            for count in (own_count, counts[section["stream"]], counts["overall"]):
                count[1] += 1
            value = values.get(question["id"])
            if value is None:
                continue
            for count in (own_count, counts[section["stream"]], counts["overall"]):
                count[0] += 1
            share = (value - low) / (high - low) if question["type"] == "rating" else value
            weight = question.get("weight", 1)
            for bucket in (own, totals[section["stream"]], totals["overall"]):
                bucket[0] += weight * share
                bucket[1] += weight
            target = targets.get(question["id"])
            if question["type"] == "rating" and target is not None:
                gap = target - value
                gaps.append({"question": question["id"], "section": section["id"], "now": value,
                             "target": target, "gap": gap, "weight": weight, "weighted": gap * weight})
        section_scores[section["id"]] = round_half_up(_mean(own))
        section_counts[section["id"]] = {"answered": own_count[0], "total": own_count[1]}
    means = {key: _mean(bucket) for key, bucket in totals.items()}
    result: dict[str, Any] = {
        "sections": section_scores,
        "streams": {s: round_half_up(means[s]) for s in streams},
        "overall": round_half_up(means["overall"]),
        "tilt": None,
        "coverage": {
            "sections": section_counts,
            "streams": {s: {"answered": counts[s][0], "total": counts[s][1]} for s in streams},
            "overall": {"answered": counts["overall"][0], "total": counts["overall"][1]},
        },
    }
    pair = sheet.get("tilt")
    if pair and means.get(pair[0]) is not None and means.get(pair[1]) is not None:
        result["tilt"] = round_half_up(means[pair[0]] - means[pair[1]])
    result["band"] = band_for(sheet, result[sheet["band_score"]])
    result["provisional"] = _provisional(sheet, result["coverage"], rules) if result["band"] else None
    order = {q["id"]: i for i, (_, q) in enumerate(questions(sheet))}
    result["gaps"] = sorted((g for g in gaps if g["gap"] > 0),
                            key=lambda g: (-g["weighted"], -g["gap"], order[g["question"]]))
    return result


def _provisional(sheet, coverage, rules) -> dict[str, Any] | None:
    """Why the band is not final yet (the first stream short of answers), or None."""
    scope = sheet["tilt"] if sheet["band_score"] == "tilt" else streams_of(sheet)
    for stream in scope:
        counted = coverage["streams"][stream]
        wanted = needed(counted["total"], rules)
        if counted["answered"] < wanted:
            return {"stream": stream, "answered": counted["answered"], "total": counted["total"], "needed": wanted}
    return None


def _ranges(scores: list[dict[str, Any]], sheet: dict[str, Any]) -> dict[str, Any]:
    """(lowest, highest) of the respondents' own section, stream and overall scores."""
    def span(found: list[float | None]) -> list[float] | None:
        known = [v for v in found if v is not None]
        return [min(known), max(known)] if known else None

    return {
        "sections": {s["id"]: span([r["sections"][s["id"]] for r in scores]) for s in sheet["sections"]},
        "streams": {s: span([r["streams"][s] for r in scores]) for s in streams_of(sheet)},
        "overall": span([r["overall"] for r in scores]),
        "tilt": span([r["tilt"] for r in scores]),
    }


def _mean(bucket: list[float]) -> float | None:
    total, weight = bucket
    return total / weight * 100 if weight else None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
