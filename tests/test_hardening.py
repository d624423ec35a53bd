"""The regression corpus for hostile and broken input: every case stops validation with the
exact message an author sees (file, line, field, what would be valid), exit 1, no traceback.

Each case takes a project made from the valid fixture and breaks it one way.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from test_validate import ROOT, make_project, problems_for
from yamlbook import load_dataset
from yamlbook import formula
from yamlbook.checks import check_onboarding

ALPHA = "data/activities/alpha.yaml"
METRIC = "data/metrics/metric-one.yaml"
LINK_RULE = "links may be http(s)://, mailto:, relative paths or #anchors"


def edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    """A case that replaces text in one file of the project."""
    def apply(root: Path) -> None:
        path = root / rel
        text = path.read_text()
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1))
    return apply


def write(rel: str, content: str | bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return apply


def link(rel: str, target: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / rel).symlink_to(target)
    return apply


def fifo(rel: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        os.mkfifo(root / rel)
    return apply


def folder(rel: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / rel).mkdir(parents=True)
    return apply


SOURCE = """# yaml-language-server: $schema=../schemas/source.schema.json
id: a-source
title: A source
publisher: A publisher
summary: What it says.
people:
  - name: A Person
    credit: What the source credits them with.
"""


def nested(depth: int) -> str:
    return "x: " + "[" * depth + "]" * depth + "\n"


# case id: (how to break the project, the exact problem lines reported)
CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    # --- silently accepted before
    "duplicate-key-top-level": (
        edit(ALPHA, "stream: upstream\n", "stream: upstream\ntitle: Second title\n"),
        [f"{ALPHA}:5: the key 'title' appears twice in one mapping (lines 3 and 5); "
         "YAML keeps only the last, so remove or rename one"],
    ),
    "duplicate-key-nested": (
        edit(METRIC, "    part: 30\n", "    part: 30\n    part: 31\n"),
        [f"{METRIC}:21: the key 'part' appears twice in one mapping (lines 20 and 21); "
         "YAML keeps only the last, so remove or rename one"],
    ),
    "id-with-final-newline": (
        edit(ALPHA, "id: alpha\n", 'id: "alpha\\n"\n'),
        [f"{ALPHA}:2: $.id: 'alpha\\n' is not in the right form: Lowercase slug: letters a-z, digits and "
         "single hyphens. It must equal the file name without .yaml."],
    ),
    "yml-suffix": (
        write("data/activities/gamma.yml", "id: gamma\n"),
        ["data/activities/gamma.yml: is not read: record files end in '.yaml' exactly; rename it to 'gamma.yaml'"],
    ),
    "upper-case-suffix": (
        write("data/activities/gamma.YAML", "id: gamma\n"),
        ["data/activities/gamma.YAML: is not read: record files end in '.yaml' exactly; rename it to 'gamma.yaml'"],
    ),
    "file-in-a-subfolder": (
        write("data/activities/drafts/gamma.yaml", "id: gamma\n"),
        ["data/activities/drafts: is a folder; records sit directly in data/activities/, one .yaml file "
         "each: move its files up or out of data/"],
    ),
    "file-name-not-an-id": (
        write("data/activities/My Activity.yaml", "id: my-activity\n"),
        ["data/activities/My Activity.yaml: the file name 'My Activity' is not a valid id (lowercase letters, "
         "digits and single hyphens); rename the file, e.g. to 'my-activity.yaml', and its id to match"],
    ),
    "other-file-in-a-data-folder": (
        write("data/activities/notes.txt", "to do\n"),
        ["data/activities/notes.txt: is not a record file; data/activities/ holds only <id>.yaml files: "
         "move it out of data/"],
    ),
    "link-out-of-the-project": (
        link("data/activities/gamma.yaml", "/etc/hostname"),
        ["data/activities/gamma.yaml: is a link to a file outside the project; data files must live in the "
         "repository"],
    ),
    "link-to-dev-zero": (
        link("data/activities/gamma.yaml", "/dev/zero"),
        ["data/activities/gamma.yaml: is a link to a file outside the project; data files must live in the "
         "repository"],
    ),
    "folder-escapes-data": (
        edit("data/collections.yaml", "  folder: glossary\n", "  folder: ../../etc\n"),
        ["data/collections.yaml:36: $.glossary.folder: '../../etc' is outside data/; give a path inside the "
         "data folder, such as 'activities'"],
    ),
    # --- collections.yaml
    "collections-missing": (
        lambda root: (root / "data/collections.yaml").unlink(),
        ["data/collections.yaml: missing: this file lists the kinds of record (folder, schema, label, title "
         "of each); see data/README.md"],
    ),
    "collections-empty": (
        write("data/collections.yaml", "# nothing\n"),
        ["data/collections.yaml:1: the file is empty; it should hold a mapping of kinds (kind: its fields)"],
    ),
    "collections-broken-yaml": (
        write("data/collections.yaml", "activities:\n  folder: [activities\n"),
        ["data/collections.yaml:3: YAML syntax error (column 1): did not find expected ',' or ']'"],
    ),
    "collections-unknown-key": (
        edit("data/collections.yaml", "  label: activity\n", "  label: activity\n  lable: typo\n"),
        ["data/collections.yaml:15: $.activities: unknown field 'lable'; allowed fields: folder, file, schema, "
         "label, title, page, required"],
    ),
    "collections-top-level-list": (
        write("data/collections.yaml", "- activities\n"),
        ["data/collections.yaml:1: the top level is a list; it should be a mapping of kinds (kind: its fields)"],
    ),
    "collections-kind-missing-field": (
        edit("data/collections.yaml", "  schema: metric.schema.json\n", ""),
        ["data/collections.yaml:18: $.metrics: missing required field 'schema' (the JSON Schema file in "
         "data/schemas/ every record satisfies)"],
    ),
    # --- were tracebacks
    "formula-max-of-one": (
        edit(METRIC, "expression: part / whole * 100", "expression: max(part) / whole * 100"),
        [f"{METRIC}:8: $.formula.expression: max() takes 2 or more values, but 'max(part)' gives 1"],
    ),
    "formula-min-of-none": (
        edit(METRIC, "expression: part / whole * 100", "expression: part / whole * 100 + min()"),
        [f"{METRIC}:8: $.formula.expression: min() takes 2 or more values, but 'min()' gives 0"],
    ),
    "formula-round-of-three": (
        edit(METRIC, "expression: part / whole * 100", "expression: round(part / whole * 100, 1, 2)"),
        [f"{METRIC}:8: $.formula.expression: round() takes 1 to 2 values, but "
         "'round(part / whole * 100, 1, 2)' gives 3"],
    ),
    "formula-overflows": (
        edit(METRIC, "expression: part / whole * 100", "expression: part / whole * 100 * 1e308 * 1e308"),
        [f"{METRIC}:20: $.example.inputs: the expression gives inf (not a finite number) on these inputs"],
    ),
    "deep-nesting": (
        write("data/activities/gamma.yaml", nested(10_000)),
        ["data/activities/gamma.yaml:1: YAML syntax error (column 1003): exceeded maximum nesting depth"],
    ),
    "nesting-deeper-than-records-go": (
        write("data/activities/gamma.yaml", nested(200)),
        ["data/activities/gamma.yaml:1: the file is nested too deeply; records may nest at most 40 levels"],
    ),
    "folder-named-like-a-record": (
        folder("data/activities/gamma.yaml"),
        ["data/activities/gamma.yaml: this is a folder; a data file must be a plain YAML file"],
    ),
    "broken-link-in-data": (
        link("data/activities/gamma.yaml", "gone.yaml"),
        ["data/activities/gamma.yaml: the file is a broken link (its target does not exist); fix or remove the link"],
    ),
    "broken-link-in-docs": (
        link("playbook/gone.md", "nowhere.md"),
        ["playbook/gone.md: is a broken link (its target does not exist); fix or remove it"],
    ),
    "named-pipe": (
        fifo("data/activities/gamma.yaml"),
        ["data/activities/gamma.yaml: this is not a regular file (a device, pipe or socket); a data file must "
         "be a plain YAML file"],
    ),
    "required-kind-without-records": (
        edit("data/collections.yaml", "  label: glossary term\n", "  label: glossary term\n  required: true\n"),
        ["data/glossary: has no records; the site needs at least one glossary term (data/collections.yaml "
         "marks 'glossary' required)"],
    ),
    # --- validate and the build disagreed
    "id-takes-a-hand-written-page": (
        lambda root: (write("playbook/activities/index.md", "# Activities\n")(root),
                      write("data/activities/index.yaml", (root / ALPHA).read_text().replace("id: alpha", "id: index"))(root)),
        ["data/activities/index.yaml:2: $.id: the id 'index' would generate the page activities/index.md, but "
         "the hand-written page activities/index.md is served at that address; choose another id (and rename "
         "the file)"],
    ),
    # --- more severe
    "javascript-link": (
        edit(ALPHA, "summary: ", "summary: See [the notes](javascript:alert(1)). "),
        [f"{ALPHA}:5: $.summary: the link 'javascript:alert(1)' is not allowed; {LINK_RULE}"],
    ),
    "entity-encoded-javascript-link": (
        edit(ALPHA, "summary: ", "summary: See [the notes](&#106;avascript:alert(1)). "),
        [f"{ALPHA}:5: $.summary: the link 'javascript:alert(1)' is not allowed; {LINK_RULE}"],
    ),
    "reference-style-vbscript-link": (
        edit(ALPHA, "why: ", 'why: "See [the notes][n].\\n\\n[n]: vbscript:msgbox(1)\\n\\n"\nx_why: '),
        None,  # checked below: the link message and, since x_why is unknown, that problem too
    ),
    "data-url-image": (
        edit(ALPHA, "summary: ", "summary: See ![chart](data:text/html;base64,PHNjcmlwdD4=) "),
        [f"{ALPHA}:5: $.summary: the link 'data:text/html;base64,PHNjcmlwdD4=' is not allowed; {LINK_RULE}"],
    ),
    "nul-byte": (
        edit(ALPHA, "title: Alpha research", "title: Alpha\x00research"),
        [f"{ALPHA}:3: the file holds a control character YAML does not allow (U+0000, column 13); remove it"],
    ),
    "file-too-large": (
        write("data/activities/gamma.yaml", "id: gamma\nsummary: " + "x" * 1_100_000 + "\n"),
        ["data/activities/gamma.yaml: the file is 1,100,020 bytes; a data file may hold at most 1,048,576 bytes"],
    ),
    "nan-result": (
        edit(METRIC, "  result: 25", "  result: .nan"),
        [f"{METRIC}:22: $.example.result: not a finite number; write a plain number like 12 or 0.5"],
    ),
    "infinite-input": (
        edit(METRIC, "    whole: 120", "    whole: -.inf"),
        [f"{METRIC}:21: $.example.inputs.whole: not a finite number; write a plain number like 12 or 0.5"],
    ),
    "javascript-source-url": (
        write("data/sources/a-source.yaml", SOURCE + "url: javascript:alert(1)\n"),
        ["data/sources/a-source.yaml:9: $.url: 'javascript:alert(1)' is not a web address; write the full "
         "address, starting with https:// or http://"],
    ),
    "yes-is-text-as-in-editors": (
        write("data/sources/a-source.yaml", SOURCE.replace("title: A source", "title: yes")),
        None,  # YAML 1.2, as editors read it: 'yes' is the text "yes", a valid title
    ),
    "duplicate-checklist-items": (
        edit("data/checklists/check-one.yaml", "  - text: Do the third thing", "  - text: Do the first  thing"),
        ["data/checklists/check-one.yaml:7: $.items[0].text: the item text 'Do the first thing' is used 2 "
         "times; each must be unique",
         "data/checklists/check-one.yaml:11: $.items[2].text: the item text 'Do the first thing' is used 2 "
         "times; each must be unique"],
    ),
}


def _break(tmp_path: Path, case: str) -> Path:
    root = make_project(tmp_path)
    CASES[case][0](root)
    return root


@pytest.mark.parametrize("case", [c for c, (_, lines) in CASES.items() if lines is not None])
def test_each_case_reports_its_exact_message(tmp_path, case):
    assert problems_for(_break(tmp_path, case)) == CASES[case][1]


@pytest.mark.parametrize("case", [c for c in CASES if c != "yes-is-text-as-in-editors"])
def test_the_validate_command_fails_cleanly(tmp_path, case):
    root = _break(tmp_path, case)
    result = subprocess.run([sys.executable, "-m", "yamlbook", "validate", str(root)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("The playbook data has ")
    for line in CASES[case][1] or []:
        assert f"  {line}\n" in result.stderr


def test_yaml_1_2_scalars_as_editors_read_them(tmp_path):
    root = make_project(tmp_path)
    write("data/sources/a-source.yaml", SOURCE.replace("title: A source", "title: yes")
          .replace("summary: What it says.", "summary: 2024-01-01"))(root)
    source = load_dataset(root).get("sources", "a-source")
    assert source["title"] == "yes" and source["summary"] == "2024-01-01"


def test_a_reference_style_link_is_found_too(tmp_path):
    lines = problems_for(_break(tmp_path, "reference-style-vbscript-link"))
    assert f"{ALPHA}:6: $.why: the link 'vbscript:msgbox(1)' is not allowed; {LINK_RULE}" in lines


def test_a_long_value_is_cut_in_the_message(tmp_path):
    root = make_project(tmp_path)
    edit(ALPHA, "stream: upstream", "stream: " + "sideways" * 20_000)(root)
    [line] = problems_for(root)
    assert line.startswith(f"{ALPHA}:4: $.stream: 'sidewayssideways")
    assert line.endswith("is not allowed; should be one of: upstream, downstream")
    assert len(line) < 250


def test_lines_are_found_once_per_file_however_many_problems(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    edit(ALPHA, "steps:\n", "steps:\n" + "  - 12\n" * 4000)(root)
    import yamlbook.records

    composed = []
    real = yamlbook.records.compose
    monkeypatch.setattr(yamlbook.records, "compose", lambda text: composed.append(1) or real(text))
    lines = problems_for(root)
    assert len(lines) == 4000 and all("is not of type 'string'" in line for line in lines)
    assert len(composed) == 1


def test_required_kinds_of_the_real_collections(tmp_path):
    root = make_project(tmp_path)
    (root / "data/collections.yaml").write_text((ROOT / "data/collections.yaml").read_text())
    assert problems_for(root) == [
        "data/onboarding.yaml: missing: the site needs the onboarding path (data/collections.yaml marks "
        "'onboarding' required)",
        "data/scoring.yaml: missing: the site needs the set of scoring rules (data/collections.yaml marks "
        "'scoring' required)",
        "data/streams: has no records; the site needs at least one stream (data/collections.yaml marks "
        "'streams' required)",
    ]


def test_hidden_files_in_a_data_folder_are_ignored(tmp_path):
    root = make_project(tmp_path)
    write("data/activities/.alpha.yaml.swp", b"\x00\x01")(root)
    assert sorted(load_dataset(root).records["activities"]) == ["alpha", "beta"]


def test_duplicate_quiz_choice_texts_are_refused():
    path = {"stages": [{"id": "s", "read": [], "practise": [], "checklist": "c", "worksheet": "w",
                        "quiz": [{"id": "q", "choices": [{"text": "Yes", "correct": True}, {"text": "No"},
                                                         {"text": "Yes"}]}]}]}
    assert list(check_onboarding(path)) == [
        (("stages", 0, "quiz", 0, "choices", 0, "text"), "the choice text 'Yes' is used 2 times; each must be unique"),
        (("stages", 0, "quiz", 0, "choices", 2, "text"), "the choice text 'Yes' is used 2 times; each must be unique"),
    ]


@pytest.mark.parametrize("expression, message", [
    ("(" * 300 + "1" + ")" * 300, "cannot read the expression"),
    ("-" * 1990 + "1", "the expression overflows"),
    ("round(x, y)", "the second value of round() is a whole number of decimals from 0 to 10, not 'y'"),
    ("x" * 3000, "the expression is 3,000 characters; keep it under 2,000"),
])
def test_formula_limits_are_messages(expression, message):
    with pytest.raises(formula.FormulaError, match=message.replace("(", r"\(").replace(")", r"\)")):
        formula.evaluate(expression, {"x": 1.0, "y": 2.0})


def test_onboarding_progress_keys_may_not_collide():
    stage = {"read": [], "practise": [], "checklist": "c", "worksheet": "w"}
    path = {"stages": [
        {**stage, "id": "x", "read": [{"page": "a/b.md"}, {"page": "a-b.md"}], "quiz": [{"id": "y-z", "choices": []}]},
        {**stage, "id": "x-y", "quiz": [{"id": "z", "choices": []}]},
    ]}
    found = [(place, message) for place, message in check_onboarding(path) if "saved-progress" in message]
    assert found == [
        (("stages", 0, "read", 0, "page"), "the saved-progress key 'x-read-a-b' is used 2 times; each must be unique"),
        (("stages", 0, "read", 1, "page"), "the saved-progress key 'x-read-a-b' is used 2 times; each must be unique"),
        (("stages", 0, "quiz", 0, "id"), "the saved-progress key 'x-y-z' is used 2 times; each must be unique"),
        (("stages", 1, "quiz", 0, "id"), "the saved-progress key 'x-y-z' is used 2 times; each must be unique"),
    ]
