"""Loading and validation: the valid fixture passes; each kind of bad input gives its exact message."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from yamlbook import DataError, load_dataset

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted((FIXTURES / "invalid").glob("*/*.yaml"))

# The exact report line(s) each invalid fixture must produce, keyed by kind/file name.
EXPECTED = {
    "activities/wrong-type.yaml": [
        "data/activities/wrong-type.yaml:13: $.steps[2]: 12 is not of type 'string'",
    ],
    "activities/missing-field.yaml": [
        "data/activities/missing-field.yaml:2: $: missing required field 'why' "
        "(Why the activity matters: the problem it solves and what a team gains.)",
    ],
    "activities/unknown-field.yaml": [
        "data/activities/unknown-field.yaml:16: $: unknown field 'budget'; allowed fields: id, title, "
        "stream, summary, why, horizon, when_to_use, first_step, steps, outputs, effort, duration, roles, "
        "metrics, signals, mistakes, related, tags, examples, sense",
    ],
    "activities/bad-enum.yaml": [
        "data/activities/bad-enum.yaml:4: $.stream: 'sideways' is not allowed; should be one of: upstream, downstream",
    ],
    "activities/id-mismatch.yaml": [
        "data/activities/id-mismatch.yaml:2: $.id: 'something-else' must equal the file name 'id-mismatch'",
    ],
    "activities/unknown-reference.yaml": [
        "data/activities/unknown-reference.yaml:20: $.metrics[1]: unknown metric 'metric-two'; "
        "should be one of: metric-one",
    ],
    "activities/syntax-error.yaml": [
        "data/activities/syntax-error.yaml:5: YAML syntax error (column 4): did not find expected ',' or ']'",
    ],
    "activities/top-level-list.yaml": [
        "data/activities/top-level-list.yaml:1: the top level is a list; it should be a mapping of fields (field: value)",
    ],
    "activities/python-tag.yaml": [
        "data/activities/python-tag.yaml:8: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "is not allowed: data files hold plain text, numbers, lists and mappings only",
    ],
    "activities/empty.yaml": [
        "data/activities/empty.yaml:1: the file is empty; it should hold a mapping of fields (field: value)",
    ],
    "activities/not-utf8.yaml": [
        "data/activities/not-utf8.yaml:2: the file is not UTF-8 text (byte 0xe9 in column 11); "
        "save it with UTF-8 encoding",
    ],
    "activities/Bad_Name.yaml": [
        "data/activities/Bad_Name.yaml: the file name 'Bad_Name' is not a valid id (lowercase letters, "
        "digits and single hyphens); rename the file, e.g. to 'bad-name.yaml', and its id to match",
    ],
    "metrics/example-disagrees.yaml": [
        "data/metrics/example-disagrees.yaml:22: $.example.result: the formula gives 25 on the "
        "example's inputs, but the example says 30",
    ],
    "metrics/unsafe-formula.yaml": [
        "data/metrics/unsafe-formula.yaml:8: $.formula.expression: '__import__('os').getcwd() and part / "
        "whole * 100' is not allowed; use only numbers, variable names, + - * /, parentheses, min(), "
        "max() and round()",
    ],
    "metrics/unknown-variable.yaml": [
        "data/metrics/unknown-variable.yaml:8: $.formula.expression: 'total' is not among the variables (part, whole)",
        "data/metrics/unknown-variable.yaml:11: $.variables.whole: the variable 'whole' is not used in the expression",
    ],
}


def make_project(tmp_path: Path, *extra: Path) -> Path:
    """A project with the real schemas, the valid fixture records and any extra files."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "schemas", data / "schemas")
    # The fixture has no streams or onboarding path: drop "required" (tested on its own).
    kinds = (ROOT / "data" / "collections.yaml").read_text().replace("  required: true\n", "")
    (data / "collections.yaml").write_text(kinds)
    shutil.copytree(FIXTURES / "valid", data, dirs_exist_ok=True)
    (tmp_path / "playbook").mkdir()
    (tmp_path / "playbook" / "index.md").write_text("# Home\n")
    for path in extra:
        target = data / path.parent.name / path.name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(path, target)
    return tmp_path


def problems_for(root: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(root)
    return [str(problem) for problem in caught.value.problems]


def test_valid_fixture_loads_with_cross_references(tmp_path):
    dataset = load_dataset(make_project(tmp_path))
    assert sorted(dataset.records["activities"]) == ["alpha", "beta"]
    assert dataset.referrers("metrics", "metric-one", "activities") == ["alpha", "beta"]
    assert dataset.referrers("activities", "alpha", "checklists") == ["check-one"]
    assert dataset.page("activities", "alpha") == "activities/alpha.md"
    assert "activities/alpha.md" in dataset.pages


def test_every_invalid_fixture_has_an_expectation():
    assert sorted(EXPECTED) == sorted(f"{p.parent.name}/{p.name}" for p in INVALID)


@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_invalid_fixture_reports_exact_message(tmp_path, fixture):
    root = make_project(tmp_path, fixture)
    assert problems_for(root) == EXPECTED[f"{fixture.parent.name}/{fixture.name}"]


def test_parse_cache_is_used_and_refreshed(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    load_dataset(root)
    assert (root / ".cache" / "yamlbook-parsed.marshal").exists()
    # A cached file is not parsed again...
    monkeypatch.setattr("yamlbook.records.parse_mapping", lambda raw: pytest.fail(f"parsed {raw[:60]!r}"))
    (root / "data/activities/beta.yaml").touch()  # same content, new mtime: still cached
    load_dataset(root)
    # ...but an edit that keeps the size and the modification time is seen (the key is the content).
    path = root / "data/activities/beta.yaml"
    info = path.stat()
    path.write_text(path.read_text().replace("title: Beta", "title: Zeta"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size
    with pytest.raises(pytest.fail.Exception, match="parsed"):
        load_dataset(root)


def test_all_problems_across_files_are_reported_together(tmp_path):
    root = make_project(tmp_path, *INVALID)
    # With every fixture present, more metric ids are valid: compare up to the list of choices.
    def head(line: str) -> str:
        return line.split("; should be one of:")[0]

    reported = sorted(map(head, problems_for(root)))
    assert reported == sorted(head(line) for lines in EXPECTED.values() for line in lines)


def test_a_broken_reference_lists_close_matches_when_there_are_many(tmp_path):
    root = make_project(tmp_path, FIXTURES / "invalid" / "activities" / "unknown-reference.yaml")
    for i in range(30):
        text = (root / "data/metrics/metric-one.yaml").read_text().replace("id: metric-one", f"id: metric-{i:02d}x")
        (root / f"data/metrics/metric-{i:02d}x.yaml").write_text(text)
    [line] = problems_for(root)
    assert "unknown metric 'metric-two'; should be one of: " in line
    assert line.endswith("… (31 in all)")


def test_cache_reloads_when_a_file_changes(tmp_path):
    root = make_project(tmp_path)
    first = load_dataset(root)
    assert load_dataset(root) is first
    path = root / "data/activities/alpha.yaml"
    path.write_text(path.read_text().replace("Alpha research", "Alpha research, renamed"))
    assert load_dataset(root).title("activities", "alpha") == "Alpha research, renamed"


@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_validate_command_fails_cleanly(tmp_path, fixture):
    root = make_project(tmp_path, fixture)
    result = subprocess.run(
        [sys.executable, "-m", "yamlbook", "validate", str(root)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for line in EXPECTED[f"{fixture.parent.name}/{fixture.name}"]:
        assert line in result.stderr


def test_validate_command_passes_on_the_real_data():
    result = subprocess.run(
        [sys.executable, "-m", "yamlbook", "validate", str(ROOT)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("The playbook data is valid:")
