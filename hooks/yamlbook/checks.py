"""Rules a JSON Schema cannot express, run after a record passed its schema.

Each check yields (json path parts, message). They are keyed by schema file name.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterator

from . import formula
from .problems import shorten
from .scoring import score_range, streams_of

# A worked example agrees with its formula when it is within 0.5% (or 0.005 for small values).
RELATIVE_TOLERANCE = 0.005

Found = Iterator[tuple[tuple, str]]


def run(schema: str, data: dict[str, Any]) -> Found:
    """All problems the engine's checks for this schema and those for every record find in one
    record. They read nothing else, so what they find can be cached with the record."""
    for check in (*_EVERY_RECORD, *_CHECKS.get(schema, ())):
        yield from check(data)


def run_project(extra: tuple, data: dict[str, Any]) -> Found:
    """All problems the project's own checks (extra, registered in its settings) find in one
    record. They are the project's code and may read anything, so they run on every load."""
    for check in extra:
        yield from check(data)


def check_provenance(data: dict[str, Any]) -> Found:
    """A sourced item names its source and where in it; any other item names neither."""
    if not any(_provenance(item) for item in _mappings(data)):  # the usual answer, found without paths
        return
    pending: list[tuple[tuple, Any]] = [((), data)]
    while pending:
        parts, value = pending.pop()
        if isinstance(value, list):
            pending += [(parts + (i,), v) for i, v in enumerate(value)]
            continue
        if not isinstance(value, dict):
            continue
        pending += [(parts + (k,), v) for k, v in value.items() if isinstance(v, (dict, list))]
        for where, message in _provenance(value):
            yield parts + where, message


def _provenance(item: dict[str, Any]) -> list[tuple[tuple, str]]:
    """What is wrong with one item's provenance fields, by path within the item."""
    if "basis" not in item:
        return []
    if item["basis"] == "sourced":
        return [((), f"a sourced item needs '{field}': " + _NEEDED[field])
                for field in ("source", "where") if field not in item]
    return [((field,), (f"only a sourced item has '{field}'; set 'basis: sourced' if the source says this, "
                        f"or remove '{field}'"))
            for field in ("source", "where") if field in item]


_NEEDED = {"source": "the id of the source record (data/sources)",
           "where": "where in the source its facts are"}


def _mappings(data: Any) -> Iterator[dict[str, Any]]:
    """Every mapping in data, data included."""
    pending = [data]
    for value in pending:  # the list grows as containers are opened
        if value.__class__ is str:  # most values: nothing to look at
            continue
        if isinstance(value, dict):
            yield value
            pending += value.values()
        elif isinstance(value, list):
            pending += value


def check_formula_example(metric: dict[str, Any]) -> Found:
    """The expression uses exactly the variables, and gives the example's result."""
    expression = metric["formula"]["expression"]
    try:
        used = formula.names(expression)
    except formula.FormulaError as err:
        yield ("formula", "expression"), str(err)
        return
    declared = set(metric["variables"])
    for name in sorted(used - declared):
        yield ("formula", "expression"), f"'{name}' is not among the variables ({', '.join(sorted(declared))})"
    for name in sorted(declared - used):
        yield ("variables", name), f"the variable '{name}' is not used in the expression"
    inputs = metric["example"]["inputs"]
    for name in sorted(declared - set(inputs)):
        yield ("example", "inputs"), f"no input for the variable '{name}'"
    for name in sorted(set(inputs) - declared):
        yield ("example", "inputs", name), f"'{name}' is not a variable of the formula"
    if used - declared or declared - set(inputs):
        return
    try:
        computed = formula.evaluate(expression, inputs)
    except formula.FormulaError as err:
        yield ("example", "inputs"), str(err)
        return
    stated = metric["example"]["result"]
    if abs(computed - stated) > RELATIVE_TOLERANCE * max(1.0, abs(computed)):
        yield ("example", "result"), (
            f"the formula gives {computed:g} on the example's inputs, but the example says {stated:g}"
        )


def check_worksheet(sheet: dict[str, Any]) -> Found:
    """Scale levels count up by one; ids are unique; bands cover the score range without gaps."""
    values = [level["value"] for level in sheet["scale"]]
    if values != list(range(values[0], values[0] + len(values))):
        yield ("scale",), f"levels should count up by one from the first; found {values}"
    yield from _duplicates([("sections", i, "id") for i in range(len(sheet["sections"]))],
                           [s["id"] for s in sheet["sections"]], "section id")
    places, question_ids = [], []
    for i, section in enumerate(sheet["sections"]):
        for j, question in enumerate(section["questions"]):
            places.append(("sections", i, "questions", j, "id"))
            question_ids.append(question["id"])
    yield from _duplicates(places, question_ids, "question id")
    yield from _worksheet_questions(sheet, set(values))
    if sheet["band_score"] == "tilt":
        yield from _tilt_streams(sheet)
    low, high = score_range(sheet["band_score"])
    bands = sheet["bands"]
    expected = low
    for i, band in enumerate(bands):
        if band["min"] != expected:
            yield ("bands", i, "min"), f"should be {expected:g}, so the bands leave no hole and do not overlap"
        if band["max"] <= band["min"]:
            yield ("bands", i, "max"), f"should be above min ({band['min']:g})"
        expected = band["max"]
    if bands and bands[-1]["max"] != high:
        yield ("bands", len(bands) - 1, "max"), f"the last band should end at {high:g}"


def _worksheet_questions(sheet: dict[str, Any], levels: set[int]) -> Found:
    """Rubrics and what closes a gap belong to rating questions; a rubric describes scale levels."""
    for i, section in enumerate(sheet["sections"]):
        for j, question in enumerate(section["questions"]):
            place = ("sections", i, "questions", j)
            for field in ("rubric", "closed_by"):
                if field in question and question["type"] != "rating":
                    yield place + (field,), f"only rating questions have '{field}'; this one is {question['type']}"
            seen: set[int] = set()
            for k, entry in enumerate(question.get("rubric", [])):
                if entry["level"] not in levels:
                    yield place + ("rubric", k, "level"), (
                        f"{entry['level']} is not a level of the scale; should be one of: "
                        f"{', '.join(map(str, sorted(levels)))}")
                elif entry["level"] in seen:
                    yield place + ("rubric", k, "level"), f"level {entry['level']} is described twice"
                seen.add(entry["level"])


def _tilt_streams(sheet: dict[str, Any]) -> Found:
    """A tilt compares two different streams that the worksheet's sections use."""
    pair = sheet.get("tilt")
    used = streams_of(sheet)
    if not pair:
        yield ("band_score",), ("a band score of 'tilt' needs the two streams it compares: add "
                                f"'tilt: [{', '.join(used[:2]) or 'a, b'}]'")
        return
    if pair[0] == pair[1]:
        yield ("tilt",), "the tilt compares two different streams"
    for k, stream in enumerate(pair):
        if stream not in used:
            yield ("tilt", k), f"no section of the worksheet is in the stream '{stream}'; should be one of: {', '.join(used)}"


def progress_key(stage_id: str, kind: str, value: str = "") -> str:
    """The browser storage key of an onboarding task or quiz answer (onboarding.html.j2 uses it)."""
    if kind == "read":
        return f"{stage_id}-read-{value.removesuffix('.md').replace('/', '-')}"
    if kind == "practise":
        return f"{stage_id}-practise-{value}"
    if kind == "quiz":
        return f"{stage_id}-{value}"
    return f"{stage_id}-{kind}"


def _progress_keys(path: dict[str, Any]) -> Iterator[tuple[tuple, str]]:
    for i, stage in enumerate(path["stages"]):
        sid = stage["id"]
        yield from ((("stages", i, "read", j, "page"), progress_key(sid, "read", r["page"]))
                    for j, r in enumerate(stage["read"]))
        yield from ((("stages", i, "practise", j), progress_key(sid, "practise", a))
                    for j, a in enumerate(stage["practise"]))
        yield ("stages", i, "checklist"), progress_key(sid, "checklist")
        yield ("stages", i, "worksheet"), progress_key(sid, "worksheet")
        yield from ((("stages", i, "quiz", j, "id"), progress_key(sid, "quiz", q["id"]))
                    for j, q in enumerate(stage["quiz"]))


def check_onboarding(path: dict[str, Any]) -> Found:
    """Each quiz question has exactly one right answer; ids, choice texts and the keys a reader's
    progress is saved under are unique."""
    places, keys = zip(*_progress_keys(path)) if path["stages"] else ((), ())
    yield from _duplicates(list(places), list(keys), "saved-progress key")
    yield from _duplicates([("stages", i, "id") for i in range(len(path["stages"]))],
                           [s["id"] for s in path["stages"]], "stage id")
    places, quiz_ids = [], []
    for i, stage in enumerate(path["stages"]):
        for j, question in enumerate(stage["quiz"]):
            places.append(("stages", i, "quiz", j, "id"))
            quiz_ids.append(question["id"])
            choices = question["choices"]
            # Saved answers are keyed by choice text, so two equal texts would share one answer.
            yield from _duplicates([("stages", i, "quiz", j, "choices", k, "text") for k in range(len(choices))],
                                   [c["text"] for c in choices], "choice text")
            right = sum(1 for choice in question["choices"] if choice.get("correct"))
            if right != 1:
                yield ("stages", i, "quiz", j, "choices"), (
                    f"exactly one choice should have 'correct: true'; found {right}"
                )
    yield from _duplicates(places, quiz_ids, "quiz question id")


def check_checklist(checklist: dict[str, Any]) -> Found:
    """Item texts are unique: a reader's ticks are saved by item, and two equal items are one."""
    items = checklist["items"]
    yield from _duplicates([("items", i, "text") for i in range(len(items))],
                           [" ".join(item["text"].split()).casefold() for item in items], "item text",
                           shown=[item["text"] for item in items])


def _duplicates(places: list[tuple], values: list[str], what: str, shown: list[str] | None = None) -> Found:
    """A problem at each place whose value is used more than once (values compared, shown shown)."""
    counts = Counter(values)
    for place, value, text in zip(places, values, shown or values):
        if counts[value] > 1:
            yield place, f"the {what} '{shorten(text)}' is used {counts[value]} times; each must be unique"


def check_planner(planner: dict[str, Any]) -> Found:
    """Limits hold the baseline; ids are unique; every option moves within what the limits allow."""
    limits = planner["limits"]
    if limits["min"] >= limits["max"]:
        yield ("limits", "min"), f"should be below max ({limits['max']})"
    if not limits["min"] <= planner["baseline"]["value"] <= limits["max"]:
        yield ("baseline", "value"), f"should be between the limits, {limits['min']} and {limits['max']}"
    factors = planner["factors"]
    yield from _duplicates([("factors", i, "id") for i in range(len(factors))], [f["id"] for f in factors], "factor id")
    for i, factor in enumerate(factors):
        options = factor["options"]
        yield from _duplicates([("factors", i, "options", j, "id") for j in range(len(options))],
                               [o["id"] for o in options], "option id")


def check_case(case: dict[str, Any]) -> Found:
    """Each fact has its own unit: examples are checked by the number before a unit."""
    facts = case["facts"]
    yield from _duplicates([("facts", i, "unit") for i in range(len(facts))], [f["unit"] for f in facts], "unit")


_EVERY_RECORD = (check_provenance,)

_CHECKS = {
    "metric.schema.json": [check_formula_example],
    "worksheet.schema.json": [check_worksheet],
    "onboarding.schema.json": [check_onboarding],
    "checklist.schema.json": [check_checklist],
    "planner.schema.json": [check_planner],
    "case.schema.json": [check_case],
}


CASE_FIELD = "case"  # a reference in a field of this name points at a recurring example company


def case_numbers(holder: dict[str, Any], case: dict[str, Any], case_id: str) -> Found:
    """An example about a case writes the case's numbers: '<number> <unit>' must be the fact's value.

    holder is the object holding the reference (an example); its text fields are read."""
    for field, text in holder.items():
        if not isinstance(text, str) or field == CASE_FIELD:
            continue
        for fact in case.get("facts", []):
            unit = re.escape(fact["unit"])
            pattern = rf"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)\s*{unit}" + (r"\b" if fact["unit"][-1].isalnum() else "")
            for found in re.finditer(pattern, text):
                written = float(found.group(1).replace(",", ""))
                if written != fact["value"]:
                    yield (field,), (
                        f"says '{found.group(0)}', but the case '{case_id}' has {fact['value']:g} {fact['unit']} "
                        f"({fact['name']}); write {fact['value']:g}, or change the case in data/cases/{case_id}.yaml")
