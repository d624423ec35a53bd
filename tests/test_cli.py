"""The yamlbook command: new records from their schema, JSON reports, the version."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml

from test_hardening import ALPHA, edit
from test_validate import make_project


def yamlbook(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "yamlbook", *args], capture_output=True, text=True, timeout=60)


def test_new_writes_a_skeleton_that_validation_then_guides(tmp_path):
    root = make_project(tmp_path)
    result = yamlbook("new", "activities", "win-loss-interviews", str(root))
    assert result.returncode == 0, result.stderr
    path = root / "data" / "activities" / "win-loss-interviews.yaml"
    text = path.read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schemas/activity.schema.json"
    assert "# How far ahead the activity pays off. One of: short-term, medium-term, long-term." in text
    record = yaml.safe_load(text)
    assert record["id"] == "win-loss-interviews" and record["title"] == ""
    report = yamlbook("validate", str(root))
    assert report.returncode == 1
    assert "data/activities/win-loss-interviews.yaml:5: $.title: '' is too short" in report.stderr


def test_new_refuses_an_existing_file_a_bad_id_and_an_unknown_kind(tmp_path):
    root = make_project(tmp_path)
    assert "already exists" in yamlbook("new", "activities", "alpha", str(root)).stderr
    assert "is not a valid id" in yamlbook("new", "activities", "Bad_Id", str(root)).stderr
    unknown = yamlbook("new", "plays", "x", str(root))
    assert unknown.returncode == 2 and "unknown kind 'plays'; should be one of: activities" in unknown.stderr


def test_validate_reports_json_for_ci(tmp_path):
    root = make_project(tmp_path)
    assert json.loads(yamlbook("validate", str(root), "--format", "json").stdout)["valid"] is True
    edit(ALPHA, "stream: upstream", "stream: sideways")(root)
    result = yamlbook("validate", str(root), "--format", "json")
    assert result.returncode == 1
    [problem] = json.loads(result.stdout)["problems"]
    assert problem == {"file": "data/activities/alpha.yaml", "line": 4, "path": "$.stream",
                       "message": "'sideways' is not allowed; should be one of: upstream, downstream",
                       "text": "data/activities/alpha.yaml:4: $.stream: 'sideways' is not allowed; should be one "
                               "of: upstream, downstream"}


def test_validate_checks_the_schema_line(tmp_path):
    root = make_project(tmp_path)
    path = root / ALPHA
    path.write_text("\n".join(path.read_text().splitlines()[1:]) + "\n")
    result = yamlbook("validate", str(root))
    assert ("data/activities/alpha.yaml:1: the first line should be '# yaml-language-server: "
            "$schema=../schemas/activity.schema.json', so that editors check the file as you type") in result.stderr


def test_version():
    result = yamlbook("--version")
    assert result.returncode == 0 and result.stdout.startswith("yamlbook 0.")
