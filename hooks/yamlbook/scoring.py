"""Worksheet scoring: the reference rules. assets/javascripts/worksheet.js implements the same
rules in the browser, and the browser tests check that both give the same scores.

- A rating answer counts (level - lowest) / (highest - lowest); yes counts 1, no counts 0.
- "unknown" and unanswered questions are left out of every score; unknowns are counted.
- Text questions are never scored.
- A score is the weighted mean of the counted answers x 100 (weight 1 unless given), or None
  when nothing counts. Section scores use the section's questions; a stream's score uses every
  question in that stream's sections; the overall score uses all questions.
- The gap is the upstream score minus the downstream score.
- Shown scores are rounded half up to one decimal.
"""

from __future__ import annotations

import math
from typing import Any

UNKNOWN = "unknown"
STREAMS = ("upstream", "downstream")
_RANGES = {"overall": (0.0, 100.0), "gap": (-100.0, 100.0)}


def score_range(band_score: str) -> tuple[float, float]:
    """The lowest and highest value a band score can take."""
    return _RANGES[band_score]


def round_half_up(value: float | None) -> float | None:
    """Round to one decimal, halves up, as the browser does with Math.floor(x * 10 + 0.5) / 10."""
    return None if value is None else math.floor(value * 10 + 0.5) / 10


def answer_value(question: dict[str, Any], answer: Any, scale: list[dict[str, Any]]) -> float | None:
    """What one answer counts, from 0 to 1, or None when it is not scored."""
    if answer is None or answer == UNKNOWN:
        return None
    if question["type"] == "rating":
        low, high = scale[0]["value"], scale[-1]["value"]
        return (answer - low) / (high - low)
    if question["type"] == "yes-no":
        return {"yes": 1.0, "no": 0.0}.get(answer)
    return None


def score_worksheet(sheet: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Section, stream, overall and gap scores, the unknown count and the matching band label."""
    totals: dict[str, list[float]] = {"overall": [0.0, 0.0]}
    totals.update({stream: [0.0, 0.0] for stream in STREAMS})
    sections, unknown = {}, 0
    for section in sheet["sections"]:
        own = [0.0, 0.0]
        for question in section["questions"]:
            answer = answers.get(question["id"])
            if question["type"] == "rating" and answer == UNKNOWN:
                unknown += 1
            value = answer_value(question, answer, sheet["scale"])
            if value is None:
                continue
            weight = question.get("weight", 1)
            for bucket in (own, totals[section["stream"]], totals["overall"]):
                bucket[0] += weight * value
                bucket[1] += weight
        sections[section["id"]] = _mean(own)
    result = {
        "sections": {key: round_half_up(value) for key, value in sections.items()},
        "upstream": round_half_up(_mean(totals["upstream"])),
        "downstream": round_half_up(_mean(totals["downstream"])),
        "overall": round_half_up(_mean(totals["overall"])),
        "unknown": unknown,
    }
    up, down = _mean(totals["upstream"]), _mean(totals["downstream"])
    result["gap"] = round_half_up(up - down) if up is not None and down is not None else None
    result["band"] = band_for(sheet, result[sheet["band_score"]])
    return result


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


def _mean(bucket: list[float]) -> float | None:
    total, weight = bucket
    return total / weight * 100 if weight else None
