"""A second playbook, on incident response (tests/fixtures/second-playbook), built by the same
engine: its data validates, it builds strictly, its generated pages and stream names appear,
its own template override wins, and nothing of the main playbook's subject reaches its pages,
scripts or stylesheets. That proves the machinery in hooks/ is reusable."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE

# The main playbook's subject: none of it may come from the engine into another playbook.
MARKETING_WORDS = re.compile(r"upstream|downstream", re.IGNORECASE)
# What the check reads: every page, script and stylesheet of the built site.
CHECKED_SUFFIXES = (".html", ".js", ".css")

# One generated page per record of the fixture (data/<kind>/<id>.yaml -> <kind>/<id>/).
GENERATED = [
    "activities/game-days",
    "activities/incident-triage",
    "activities/runbook-authoring",
    "checklists/first-minutes",
    "metrics/change-failure-rate",
    "worksheets/incident-readiness",
]
HAND_WRITTEN = ["", "onboarding", "activities", "activities/prevention", "activities/response",
                "checklists", "metrics", "worksheets"]
STREAM_NAMES = {"prevention": "Prevention", "response": "Response"}


def _html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_the_fixture_data_validates():
    result = subprocess.run([sys.executable, "-m", "yamlbook", "validate", str(FIXTURE)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("The playbook data is valid:"), result.stdout


def test_the_fixture_generates_one_page_per_record():
    from yamlbook import load_dataset

    dataset = load_dataset(FIXTURE)
    assert sorted(path.removesuffix(".md") for _, _, path in dataset.generated_pages()) == GENERATED
    assert sorted(dataset.records["streams"]) == sorted(STREAM_NAMES)


def test_the_fixture_builds_with_its_pages(fixture_site):
    for page in GENERATED + HAND_WRITTEN:
        assert (fixture_site / page / "index.html").is_file(), f"{page}/index.html was not built"
    # Each record page is the record's own, and the lists link to it.
    assert "<h1" in _html(fixture_site, "activities/runbook-authoring")
    assert "Write and test runbooks" in _html(fixture_site, "activities/runbook-authoring")
    assert "Change failure rate" in _html(fixture_site, "metrics/change-failure-rate")
    prevention = _html(fixture_site, "activities/prevention")
    assert 'href="../runbook-authoring/"' in prevention and 'href="../game-days/"' in prevention
    assert "incident-triage" not in prevention
    assert 'href="../incident-triage/"' in _html(fixture_site, "activities/response")
    assert 'href="first-minutes/"' in _html(fixture_site, "checklists")
    assert 'href="change-failure-rate/"' in _html(fixture_site, "metrics")
    assert 'href="incident-readiness/"' in _html(fixture_site, "worksheets")
    onboarding = _html(fixture_site, "onboarding")
    assert 'data-pb-onboarding="new-on-call-engineer"' in onboarding
    assert "engineers about to join the on-call rotation" in onboarding
    assert 'href="../activities/incident-triage/"' in onboarding


def test_the_fixture_shows_its_stream_names(fixture_site):
    worksheet = _html(fixture_site, "worksheets/incident-readiness")
    for stream, name in STREAM_NAMES.items():
        row = re.search(rf'data-pb-score="stream:{stream}"><th scope="row">([^<]*)</th>', worksheet)
        assert row is not None, f"no score row for the stream {stream}"
        assert row.group(1) == name
    assert "Tilt (Prevention − Response)" in worksheet
    assert "Prevention activities" in _html(fixture_site, "")
    # The metric's worked example is labelled illustrative, as every number in the fixture is.
    assert "Illustrative example" in _html(fixture_site, "metrics/change-failure-rate")


def test_no_marketing_word_reaches_the_built_site(fixture_site):
    """No page, script or stylesheet of another playbook says upstream or downstream: the engine's
    templates, glue and browser assets carry nothing of the main playbook's subject."""
    found = []
    checked = 0
    for path in sorted(fixture_site.rglob("*")):
        if not path.is_file() or path.suffix not in CHECKED_SUFFIXES:
            continue
        checked += 1
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            for match in MARKETING_WORDS.finditer(line):
                start = max(match.start() - 60, 0)
                found.append(f"{path.relative_to(fixture_site).as_posix()}:{number}: "
                             f"...{line[start:match.end() + 60].strip()}...")
    assert checked > len(GENERATED), "the built site has too few pages, scripts and stylesheets"
    assert not found, "marketing words in the built site:\n" + "\n".join(found[:40])


def test_the_site_template_override_wins(fixture_site):
    """hooks/templates/lists/checklists.html.j2 ([tool.yamlbook] templates in pyproject.toml) is
    used instead of the engine's template of the same name; the other lists stay the engine's."""
    assert 'data-fixture-override="checklists"' in _html(fixture_site, "checklists")
    assert "data-fixture-override" not in _html(fixture_site, "worksheets")


def test_a_check_registered_in_the_settings_runs(tmp_path):
    """pyproject.toml registers hooks/site_checks.py:check_response_has_a_commander; the engine
    imports nothing of it, yet validate reports what it finds, with file, line and field."""
    import shutil

    project = tmp_path / "playbook"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns(".cache"))
    record = project / "data/activities/incident-triage.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("  - incident commander\n", ""), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "yamlbook", "validate", str(project)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(l.strip() for l in result.stderr.splitlines() if "incident-triage" in l)
    assert re.fullmatch(r"data/activities/incident-triage\.yaml:\d+: \$\.roles: a response activity needs "
                        r"'incident commander' among its roles: someone has to decide", line), line


def _validate_copy(tmp_path, edit) -> subprocess.CompletedProcess:
    """`yamlbook validate` on a copy of the fixture after edit(project)."""
    import shutil

    project = tmp_path / "playbook"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns(".cache"))
    edit(project)
    return subprocess.run([sys.executable, "-m", "yamlbook", "validate", str(project)],
                          capture_output=True, text=True, timeout=120)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_stream_record_the_schema_enum_lacks_is_reported_in_the_schema(tmp_path):
    """The stream ids a record may use are an enum in common.schema.json (editors offer it),
    marked "x-ids": "streams": adding a stream record without adding it to the enum is a
    problem at the enum, not a silent vocabulary in two places."""
    def add_stream(project):
        source = project / "data/streams/response.yaml"
        (project / "data/streams/recovery.yaml").write_text(
            source.read_text(encoding="utf-8").replace("id: response", "id: recovery"), encoding="utf-8")

    result = _validate_copy(tmp_path, add_stream)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [l.strip() for l in result.stderr.splitlines() if "common.schema.json" in l]
    schema = (FIXTURE / "data/schemas/common.schema.json").read_text(encoding="utf-8").splitlines()
    enum_lines = [n for n, text in enumerate(schema, 1) if '"enum": ["prevention", "response"' in text]
    assert lines == [
        f"data/schemas/common.schema.json:{enum_lines[0]}: $.definitions.stream.enum: the enum lacks 'recovery': "
        "the id of every stream must be in it (data/streams/ holds 'recovery'); add it to the enum",
        f"data/schemas/common.schema.json:{enum_lines[1]}: $.definitions.streamOrBoth.enum: the enum lacks "
        "'recovery': the id of every stream must be in it (data/streams/ holds 'recovery'); add it to the enum",
    ]


def test_an_enum_value_no_stream_record_has_is_reported_unless_named_as_also(tmp_path):
    def add_value(project):
        schema = project / "data/schemas/common.schema.json"
        _replace(schema, '"enum": ["prevention", "response"]', '"enum": ["prevention", "response", "recovery"]')
        _replace(schema, '"also": ["both"]', '"also": ["both", "either"]')  # an also value the enum lacks: fine

    result = _validate_copy(tmp_path, add_value)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [l.strip() for l in result.stderr.splitlines() if "common.schema.json" in l]
    assert len(lines) == 1, result.stderr
    assert re.fullmatch(r"data/schemas/common\.schema\.json:\d+: \$\.definitions\.stream\.enum: 'recovery' in the "
                        r"enum is not the id of any record in data/streams/; add the record, remove the value, "
                        r'or name it in "x-ids": \{"kind": "streams", "also": \[\.\.\.\]\}', lines[0]), lines[0]


def test_an_ids_keyword_naming_no_kind_is_reported(tmp_path):
    def misname(project):
        _replace(project / "data/schemas/common.schema.json", '"x-ids": "streams"', '"x-ids": "stream"')

    result = _validate_copy(tmp_path, misname)
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(l.strip() for l in result.stderr.splitlines() if "common.schema.json" in l)
    assert "$.definitions.stream.x-ids: 'x-ids' names the kind whose record ids the enum lists" in line
    assert "KIND one of: activities, checklists" in line


def test_tags_link_to_the_catalogue_only_when_it_filters_by_tags(fixture_site, tmp_path):
    """The fixture's catalogue has no filter on tags: its tags are plain text, not links to a
    catalogue that would ignore them. A filter on tags, named in the settings, makes them links."""
    import shutil

    from yamlbook import load_dataset
    from yamlbook.render import Renderer

    shown = _html(fixture_site, "activities/incident-triage")
    assert re.findall(r'<span class="pb-tag">([^<]+)</span>', shown)[:1] == ["on-call"]
    assert "?tag=" not in shown and "pb-tag\" href" not in shown
    project = tmp_path / "playbook"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns(".cache"))
    settings = project / "pyproject.toml"
    settings.write_text(settings.read_text() + '\n[[tool.yamlbook.catalogue.facets]]\nname = "label"\nfield = "tags"\n')
    page = Renderer(load_dataset(project)).record_page("activities", "incident-triage", "activities/incident-triage.md")
    assert '<a class="pb-tag" href="../?label=on-call">on-call</a>' in page


def test_the_catalogue_filters_come_from_the_settings_and_the_schema(fixture_site):
    catalogue = _html(fixture_site, "activities")
    assert re.findall(r'data-pb-facet="([^"]+)"', catalogue) == ["stream", "effort", "role"]
    # Each label is the field's title in the fixture's activity schema.
    assert re.findall(r"<legend>([^<]+)</legend>", catalogue) == ["Stream", "Effort", "Roles involved"]
    assert 'placeholder="e.g. runbook, triage"' in catalogue


def test_each_page_loads_only_the_scripts_of_its_widgets(fixture_site):
    scripts = lambda page: re.findall(r'<script src="[./]*assets/yamlbook/javascripts/([^"]+)"', _html(fixture_site, page))
    assert scripts("") == []
    assert scripts("worksheets/incident-readiness") == ["worksheet.bundle.js"]
    assert scripts("checklists/first-minutes") == ["checklist.bundle.js"]
    assert scripts("activities") == ["catalogue.bundle.js"]
    streams = (fixture_site / "assets/yamlbook/stylesheets/streams.css").read_text()
    assert len(re.findall(r"\.pb-stream--(prevention|response) \{ --pb-stream-color: #[0-9a-f]{6}; \}", streams)) == 6


def test_the_data_is_published_with_the_site(fixture_site):
    import json

    published = json.loads((fixture_site / "playbook.json").read_text(encoding="utf-8"))
    assert sorted(r["id"] for r in published["records"]["streams"]) == sorted(STREAM_NAMES)
    assert (fixture_site / "schemas/activity.schema.json").read_bytes() == (
        FIXTURE / "data/schemas/activity.schema.json").read_bytes()
