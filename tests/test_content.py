"""Content rules a reader would notice: quizzes that do not give the answer away and test more
than recall, a balance scorecard that no single yes/no fact can swing, and one spelling variety
(US English) in the playbook's prose."""

from __future__ import annotations

import collections
import random
import re
from pathlib import Path

import pytest
import yaml
from yamlbook.scoring import score_worksheet

ROOT = Path(__file__).resolve().parent.parent
PATH = yaml.safe_load((ROOT / "data" / "onboarding.yaml").read_text(encoding="utf-8"))
STAGES = PATH["stages"]
QUESTIONS = [question for stage in STAGES for question in stage["quiz"]]

# A scenario question starts with this marker: a short situation, then "what should the team
# do first?". A calculation question gives numbers and its right choice is the computed number.
SCENARIO = "Scenario:"
NUMBER = re.compile(r"\d")
# Numbers in a quiz are invented for the exercise, and the question says so first.
HYPOTHETICAL = "Hypothetical"


def right_position(question: dict) -> int:
    """The 1-based place of the right choice, which is also where the page shows it."""
    return next(i for i, choice in enumerate(question["choices"], start=1) if choice.get("correct"))


def right_text(question: dict) -> str:
    return question["choices"][right_position(question) - 1]["text"]


def is_scenario(question: dict) -> bool:
    return question["question"].startswith(SCENARIO)


def is_calculation(question: dict) -> bool:
    return bool(NUMBER.search(question["question"])) and bool(NUMBER.search(right_text(question)))


# ---------------------------------------------------------------- quizzes

def test_the_right_answer_is_not_always_in_the_same_place():
    positions = collections.Counter(right_position(question) for question in QUESTIONS)
    assert positions[1] < len(QUESTIONS), "every right answer is the first choice"
    busiest, count = positions.most_common(1)[0]
    assert count <= len(QUESTIONS) / 2, (
        f"choice {busiest} is the right one in {count} of {len(QUESTIONS)} questions: {dict(positions)}"
    )


@pytest.mark.parametrize("stage", STAGES, ids=[stage["id"] for stage in STAGES])
def test_every_stage_has_a_scenario_and_a_calculation(stage):
    scenarios = [q["id"] for q in stage["quiz"] if is_scenario(q)]
    calculations = [q["id"] for q in stage["quiz"] if is_calculation(q)]
    assert scenarios, f"stage {stage['id']}: no question starts with {SCENARIO!r}"
    assert calculations, f"stage {stage['id']}: no question gives numbers and has a number as its answer"


@pytest.mark.parametrize("question", [q for q in QUESTIONS if is_calculation(q)], ids=lambda q: q["id"])
def test_a_calculation_offers_only_numbers(question):
    """Every choice of a calculation is a computed value, so the right one cannot be spotted as
    the only number among words."""
    assert all(NUMBER.search(choice["text"]) for choice in question["choices"]), question["id"]
    assert question["question"].startswith(HYPOTHETICAL), f"{question['id']}: say that the numbers are invented"


@pytest.mark.parametrize("question", [q for q in QUESTIONS if is_scenario(q)], ids=lambda q: q["id"])
def test_a_scenario_asks_what_to_do(question):
    assert question["question"].rstrip().endswith("?"), question["id"]
    assert len(question["question"]) > len(SCENARIO) + 40, f"{question['id']}: the situation is missing"


# ---------------------------------------------------------------- the balance scorecard

SCORECARD = ROOT / "data" / "worksheets" / "balance-scorecard.yaml"
RULES = yaml.safe_load((ROOT / "data" / "scoring.yaml").read_text(encoding="utf-8"))
TRIALS = 300


def _scored(sheet: dict) -> list[dict]:
    return [q for section in sheet["sections"] for q in section["questions"] if q["type"] in ("rating", "yes-no")]


def test_no_single_yes_no_answer_moves_the_balance_band_by_itself():
    """Flipping one yes/no answer in a complete set of answers changes the tilt by less than
    the narrowest band is wide, so one fact can never carry the team across a whole band."""
    # Read now, not at import: the worksheet is data that its authors keep editing.
    sheet = yaml.safe_load(SCORECARD.read_text(encoding="utf-8"))
    assert sheet["band_score"] == "tilt"
    narrowest = min(band["max"] - band["min"] for band in sheet["bands"])
    levels = [level["value"] for level in sheet["scale"]]
    scored = _scored(sheet)
    facts = [q["id"] for q in scored if q["type"] == "yes-no"]
    assert facts, "the scorecard has no yes/no question left to check"
    rng = random.Random("balance-scorecard single flip")
    worst: dict[str, float] = {}
    for _ in range(TRIALS):
        answers = {
            q["id"]: {"value": rng.choice(levels), "target": rng.choice(levels)} if q["type"] == "rating"
            else {"value": rng.choice(["yes", "no"])}
            for q in scored
        }
        before = score_worksheet(sheet, answers, RULES)["tilt"]
        for qid in facts:
            flipped = dict(answers, **{qid: {"value": "no" if answers[qid]["value"] == "yes" else "yes"}})
            after = score_worksheet(sheet, flipped, RULES)["tilt"]
            worst[qid] = max(worst.get(qid, 0.0), abs(after - before))
    too_strong = {qid: change for qid, change in worst.items() if change >= narrowest}
    assert not too_strong, (
        f"one yes/no answer moves the tilt by as much as a whole band ({narrowest} points wide): {too_strong}"
    )


# ---------------------------------------------------------------- one spelling variety

# UK spellings and their US forms. Each pattern matches whole words, with the inflections
# listed; "analysis", "optimistic" or "cancellation" are the same in both varieties.
UK_SPELLINGS = {
    r"organis(?:e|es|ed|ing|ation|ations|ational)": "organiz-",
    r"behaviours?|behavioural": "behavior",
    r"colours?|coloured|colourful": "color",
    r"favours?|favoured|favouring|favourable|favourites?": "favor",
    r"centres?|centred": "center",
    r"analys(?:e|es|ed|ing)": "analyze",
    r"prioritis(?:e|es|ed|ing|ation)": "prioritize",
    r"optimis(?:e|es|ed|ing|ation|ations)": "optimize",
    r"recognis(?:e|es|ed|ing|able)": "recognize",
    r"categoris(?:e|es|ed|ing|ation)": "categorize",
    r"summaris(?:e|es|ed|ing)": "summarize",
    r"realis(?:e|es|ed|ing)": "realize",
    r"emphasis(?:e|es|ed|ing)": "emphasize",
    r"minimis(?:e|es|ed|ing)": "minimize",
    r"maximis(?:e|es|ed|ing)": "maximize",
    r"standardis(?:e|es|ed|ing)": "standardize",
    r"personalis(?:e|es|ed|ing|ation)": "personalize",
    r"speciali(?:se|ses|sed|sing|sation)": "specialize",
    r"programmes?": "program",
    r"catalogues?|catalogued": "catalog",
    r"practis(?:e|es|ed|ing)": "practice (verb)",
    r"labell(?:ed|ing)": "labeled, labeling",
    r"modell(?:ed|ing)": "modeled, modeling",
    r"travell(?:ed|ing|ers?)": "traveled",
    r"licences?": "license",
    r"defences?": "defense",
    r"judgements?": "judgment",
    r"fulfilment": "fulfillment",
}
UK_WORD = re.compile(r"(?<![\w/.#-])(" + "|".join(UK_SPELLINGS) + r")(?![\w/]|\.\w)", re.IGNORECASE)

# What is not prose: code, link and image targets, addresses, markup, macro calls.
_CODE_SPAN = re.compile(r"`[^`]*`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_URL = re.compile(r"\b(?:https?|mailto):\S+")
_TAG = re.compile(r"<[^>]*>")
_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_YAML_KEY = re.compile(r"^\s*(?:-\s+)?[\w-]+:(?:\s|$)")
_SLUG = re.compile(r"^\s*(?:-\s+)?[\w-]+:\s*[a-z0-9]+(?:-[a-z0-9]+)*\s*$|^\s*-\s+[a-z0-9]+(?:-[a-z0-9]+)*\s*$")


def _prose(line: str) -> str:
    for pattern in (_CODE_SPAN, _LINK_TARGET, _URL, _TAG, _MACRO):
        line = pattern.sub(" ", line)
    return line


def _markdown_lines(text: str):
    fence = None
    for number, line in enumerate(text.splitlines(), start=1):
        marker = re.match(r"\s*(`{3,}|~{3,})", line)
        if marker:
            if fence is None:
                fence = marker.group(1)[0]
            elif marker.group(1)[0] == fence:
                fence = None
            continue
        if fence is None:
            yield number, _prose(line)


def _yaml_lines(text: str):
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#") or _SLUG.match(line):
            continue  # comments for authors, and ids (a value that is one slug) are not prose
        yield number, _prose(_YAML_KEY.sub(" ", line, count=1))


def uk_spellings(root: Path = ROOT) -> list[str]:
    """file:line: word (US form) for every UK spelling in the prose of the pages and the data."""
    files = [(p, _markdown_lines) for p in sorted((root / "playbook").rglob("*.md"))]
    files += [(p, _yaml_lines) for p in sorted((root / "data").rglob("*.yaml"))]
    found = []
    for path, lines in files:
        for number, prose in lines(path.read_text(encoding="utf-8")):
            for match in UK_WORD.finditer(prose):
                word = match.group(1)
                us = next(us for pattern, us in UK_SPELLINGS.items() if re.fullmatch(pattern, word, re.IGNORECASE))
                found.append(f"{path.relative_to(root).as_posix()}:{number}: {word} (US: {us})")
    return found


@pytest.mark.parametrize(
    "text, found",
    [
        ("The organisation's behaviour", ["organisation", "behaviour"]),
        ("A colourful centre; we analysed it", ["colourful", "centre", "analysed"]),
        ("Practise the catalogue, then prioritise", ["Practise", "catalogue", "prioritise"]),
        ("The behavior of the color catalog: analysis, optimistic", []),
        ("See `catalogue.css`, [the catalog](activities/catalogue/) and pb-catalogue", []),
    ],
)
def test_the_spelling_check_finds_uk_words_in_prose_only(text, found):
    assert [m.group(1) for m in UK_WORD.finditer(_prose(text))] == found


def test_the_playbook_uses_us_spelling():
    hits = uk_spellings()
    assert not hits, f"{len(hits)} UK spellings (the playbook uses US English):\n" + "\n".join(hits)


def test_the_spelling_scan_reads_prose_and_skips_code_keys_and_ids(tmp_path):
    (tmp_path / "playbook" / "activities").mkdir(parents=True)
    (tmp_path / "data" / "onboarding").mkdir(parents=True)
    (tmp_path / "playbook" / "activities" / "page.md").write_text(
        "# Title\n\nTeams organise work.\n\n```text\ncolour in code\n```\n"
        '<figure class="pb-catalogue">\n<text>the centre</text>\n</figure>\n',
        encoding="utf-8",
    )
    (tmp_path / "data" / "onboarding" / "path.yaml").write_text(
        "# a comment on behaviour\nid: catalogue-tour\npractise:\n  - programme-review\n"
        "goal: >-\n  You can analyse a segment\n",
        encoding="utf-8",
    )
    assert uk_spellings(tmp_path) == [
        "playbook/activities/page.md:3: organise (US: organiz-)",
        "playbook/activities/page.md:9: centre (US: center)",
        "data/onboarding/path.yaml:6: analyse (US: analyze)",
    ]
