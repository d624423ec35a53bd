"""The schemas mean the same to the engine, to editors and to check-jsonschema; a broken schema
file is a clear problem, never a traceback; nothing is fetched and no cached code is run."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections import namedtuple
from pathlib import Path

import fastjsonschema
import pytest
import yaml
from jsonschema import Draft7Validator

from yamlbook.schemas import NOT_FINITE, Schema, ecma_pattern, load_schemas, non_finite_numbers, references
from yamlbook.validate import json_path
from yamlbook.yamlfile import read_mapping

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "data" / "schemas"
FIXTURES = Path(__file__).parent / "fixtures" / "schemas"
COLLECTIONS = yaml.safe_load((ROOT / "data" / "collections.yaml").read_text(encoding="utf-8"))
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"

Kind = namedtuple("Kind", "kind schema")  # what load_schemas reads of a collection

VALID = sorted((FIXTURES / "valid").glob("*/*.yaml"))
INVALID = sorted((FIXTURES / "invalid").glob("*/*.yaml"))


def _fixture_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def load(root: Path, **kinds: str) -> tuple[dict[str, Schema], list[str]]:
    """load_schemas on root/data/schemas for kinds (kind=schema file); the problems as report lines."""
    problems: list = []
    collections = {kind: Kind(kind, schema) for kind, schema in kinds.items()}
    schemas = load_schemas(root / "data" / "schemas", collections, problems, root)
    return schemas, [str(problem) for problem in problems]


@functools.cache
def real_schemas() -> dict[str, Schema]:
    schemas, problems = load(ROOT, **{kind: spec["schema"] for kind, spec in COLLECTIONS.items()})
    assert problems == []
    return schemas


def write_schemas(root: Path, files: dict[str, object]) -> dict[str, str]:
    """Write schema files (JSON values, or text as is) into root/data/schemas; returns their texts."""
    folder = root / "data" / "schemas"
    folder.mkdir(parents=True, exist_ok=True)
    texts = {}
    for name, content in files.items():
        texts[name] = content if isinstance(content, str) else json.dumps(content, indent=2)
        (folder / name).write_text(texts[name], encoding="utf-8")
    return texts


def copy_project(tmp_path: Path) -> Path:
    """A copy of the real data and pages, to run the validate command on."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "playbook", tmp_path / "playbook")
    return tmp_path


def line_with(text: str, needle: str) -> int:
    """1-based number of the first line holding needle."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


COMMON = {
    "$schema": DRAFT_07,
    "definitions": {
        "id": {"description": "A slug.", "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "title": {"description": "A title.", "type": "string", "minLength": 3, "maxLength": 120},
    },
}


def record(**properties) -> dict:
    return {"$schema": DRAFT_07, "type": "object", "additionalProperties": False, "properties": properties}


def check_jsonschema(schema: Path, files: list[Path]) -> dict[Path, list[str]]:
    """check-jsonschema's verdict on each file: the JSON paths of its errors (none: valid)."""
    if not CHECK_JSONSCHEMA.exists():
        pytest.fail(f"{CHECK_JSONSCHEMA} is missing; it comes with the test extra: pip install -e '.[test]'")
    dead = "http://127.0.0.1:9"  # any fetch fails at once instead of reaching the network
    env = {**os.environ, "HTTP_PROXY": dead, "HTTPS_PROXY": dead, "http_proxy": dead, "https_proxy": dead,
           "NO_PROXY": "", "no_proxy": ""}
    # Formats off: draft-07 makes `format` optional, the engine does not assert it (URLs are
    # checked in code), and check-jsonschema checks `uri` only when rfc3987 happens to be installed.
    command = [str(CHECK_JSONSCHEMA), "--schemafile", str(schema), "--disable-formats", "*", "-o", "json",
               *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    report = json.loads(result.stdout)
    assert report.get("parse_errors", []) == [], report
    verdicts: dict[Path, list[str]] = {path.resolve(): [] for path in files}
    for error in report["errors"]:
        verdicts[Path(error["filename"]).resolve()].append(error["path"])
    assert result.returncode == (1 if report["errors"] else 0), result.stderr
    return verdicts


@functools.cache
def fixture_verdicts(kind: str) -> dict[Path, list[str]]:
    """check-jsonschema run once over every schema fixture of a kind."""
    files = [path for folder in ("valid", "invalid") for path in sorted((FIXTURES / folder / kind).glob("*.yaml"))]
    return check_jsonschema(SCHEMA_DIR / COLLECTIONS[kind]["schema"], files)


def engine_paths(kind: str, path: Path) -> list[str]:
    schema = real_schemas()[COLLECTIONS[kind]["schema"]]
    return sorted(json_path(error.absolute_path) for error in schema.errors(read_mapping(path)))


# A. One set of rules for the engine, editors and check-jsonschema


@pytest.mark.parametrize("kind", sorted(COLLECTIONS))
def test_check_jsonschema_accepts_the_real_data(kind):
    spec = COLLECTIONS[kind]
    if "file" in spec:
        files = [ROOT / "data" / spec["file"]]
    else:
        files = sorted((ROOT / "data" / spec["folder"]).glob("*.yaml"))
    assert files
    verdicts = check_jsonschema(SCHEMA_DIR / spec["schema"], files)
    assert {path.name: errors for path, errors in verdicts.items() if errors} == {}


@pytest.mark.parametrize("fixture", VALID, ids=_fixture_id)
def test_a_valid_edge_passes_the_engine_and_check_jsonschema(fixture):
    kind = fixture.parent.name
    assert engine_paths(kind, fixture) == []
    assert fixture_verdicts(kind)[fixture.resolve()] == []


@pytest.mark.parametrize("fixture", INVALID, ids=_fixture_id)
def test_a_broken_rule_fails_the_engine_and_check_jsonschema_at_the_same_place(fixture):
    kind = fixture.parent.name
    found = engine_paths(kind, fixture)
    assert found, "the engine accepts it"
    assert found == sorted(fixture_verdicts(kind)[fixture.resolve()])


def test_every_kind_has_schema_fixtures():
    for folder in ("valid", "invalid"):
        assert sorted(p.name for p in (FIXTURES / folder).iterdir()) == sorted(COLLECTIONS), folder


def test_a_rule_beside_a_ref_is_a_problem_not_silently_merged(tmp_path):
    texts = write_schemas(tmp_path, {
        "common.schema.json": COMMON,
        "x.schema.json": record(title={"$ref": "common.schema.json#/definitions/title", "maxLength": 200}),
    })
    schemas, problems = load(tmp_path, x="x.schema.json")
    assert problems == [
        f"data/schemas/x.schema.json:{line_with(texts['x.schema.json'], 'maxLength')}: $.properties.title: "
        "'maxLength' beside '$ref' is ignored: draft-07 (and so editors and check-jsonschema) reads only the "
        '$ref; to add a rule to it write {"allOf": [{"$ref": "common.schema.json#/definitions/title"}, '
        '{"maxLength": 200}]}; to loosen it, write the whole rule out without $ref'
    ]
    assert schemas == {}


def test_allof_adds_a_rule_to_a_ref_and_annotations_beside_a_ref_stay(tmp_path):
    write_schemas(tmp_path, {
        "common.schema.json": COMMON,
        "x.schema.json": record(
            title={"allOf": [{"$ref": "common.schema.json#/definitions/title"}, {"maxLength": 10}]},
            friend={"$ref": "common.schema.json#/definitions/id", "description": "A friend's id.", "x-ref": "x"},
        ),
    })
    schemas, problems = load(tmp_path, x="x.schema.json")
    assert problems == []
    schema = schemas["x.schema.json"]
    assert schema.inlined["properties"]["friend"]["description"] == "A friend's id."
    assert list(references(schema.references, {"friend": "bob"})) == [(("friend",), "x", "bob")]
    cases = {"ok.yaml": {"title": "Ten chars!"}, "long.yaml": {"title": "Eleven char"}, "short.yaml": {"title": "Ab"}}
    for name, data in cases.items():
        (tmp_path / name).write_text(yaml.safe_dump(data), encoding="utf-8")
    verdicts = check_jsonschema(tmp_path / "data/schemas/x.schema.json", [tmp_path / name for name in cases])
    for name, data in cases.items():
        engine = [json_path(e.absolute_path) for e in schema.errors(data)]
        assert engine == verdicts[(tmp_path / name).resolve()], name
    assert verdicts[(tmp_path / "ok.yaml").resolve()] == []


# B. A pattern's `$` is the end of the text, for both checks; a disagreement never passes


@pytest.mark.parametrize(("fixture", "where"), [
    ("activities/tag-with-trailing-newline", ("tags", 0)),
    ("worksheets/question-id-with-trailing-newline", ("sections", 0, "questions", 0, "id")),
])
def test_a_value_ending_in_a_newline_is_a_pattern_error(fixture, where):
    kind = fixture.split("/")[0]
    errors = real_schemas()[COLLECTIONS[kind]["schema"]].errors(read_mapping(FIXTURES / "invalid" / f"{fixture}.yaml"))
    assert [(e.validator, tuple(e.absolute_path)) for e in errors] == [("pattern", where)]


@pytest.mark.parametrize(("pattern", "text"), [
    ("^[a-z]+$", "abc"), ("^[a-z]+$", "abc\n"), ("^q1$", "q1\n"), ("b$", "ab"), ("b$", "b\nb\n"),
    (r"^\$$", "$"), (r"^\$$", "$\n"), ("^a|b$", "b\n"), ("^[a-z][a-z0-9_]*$", "part\n"),
])
def test_patterns_read_as_fastjsonschema_reads_them(pattern, text):
    fast = fastjsonschema.compile({"type": "string", "pattern": pattern})
    try:
        fast(text)
        fast_accepts = True
    except fastjsonschema.JsonSchemaValueException:
        fast_accepts = False
    assert bool(ecma_pattern(pattern).search(text)) == fast_accepts
    engine = Schema({"type": "string", "pattern": pattern}, fast, [])
    assert (engine.errors(text) == []) == fast_accepts


def test_a_disagreement_between_the_two_checks_is_an_error_that_says_so():
    inlined = record(name={"type": "string", "maxLength": 2})
    finds_nothing = Draft7Validator({})  # as if jsonschema read the schema differently
    schema = Schema(inlined, fastjsonschema.compile(inlined), [], _explain=finds_nothing)
    [error] = schema.errors({"name": "abc"})
    assert tuple(error.absolute_path) == ("name",)
    assert error.instance == "abc"
    assert error.validator == "disagreement"
    assert error.message == (
        "refused by the fast schema check (data.name must be shorter than or equal to 2 characters), although "
        "the detailed check finds nothing wrong; the two checks disagree, which is a bug in "
        "hooks/yamlbook/schemas.py: please report it, and change the value meanwhile"
    )


# C. A broken schema file is a problem with its file and line, and its collection is left out


def _top_level_list(tmp_path):
    write_schemas(tmp_path, {"x.schema.json": [{"type": "string"}]})
    return ("data/schemas/x.schema.json:1: the top level is a list; a schema file holds one JSON object, "
            '{"$schema": "http://json-schema.org/draft-07/schema#", ...}')


def _bad_pattern(tmp_path):
    texts = write_schemas(tmp_path, {"x.schema.json": record(code={"description": "A code.", "type": "string",
                                                                      "pattern": "^[a-z"})})
    return (f"data/schemas/x.schema.json:{line_with(texts['x.schema.json'], '^[a-z')}: $.properties.code.pattern: "
            "the pattern '^[a-z' is not a valid regular expression (unterminated character set at position 1); "
            "write one that JavaScript and Python both read, e.g. ^[a-z0-9-]+$")


def _unknown_type(tmp_path):
    texts = write_schemas(tmp_path, {"x.schema.json": record(code={"description": "A code.", "type": "strng"})})
    return (f"data/schemas/x.schema.json:{line_with(texts['x.schema.json'], 'strng')}: $.properties.code.type: "
            "unknown type 'strng'; should be one of: array, boolean, integer, null, number, object, string")


def _missing_file(tmp_path):
    texts = write_schemas(tmp_path, {"common.schema.json": COMMON,
                                     "x.schema.json": record(id={"$ref": "nope.schema.json#/definitions/id"})})
    return (f"data/schemas/x.schema.json:{line_with(texts['x.schema.json'], '$ref')}: $.properties.id: "
            "$ref 'nope.schema.json#/definitions/id': there is no schema file data/schemas/nope.schema.json; "
            "should be one of: common.schema.json, x.schema.json")


def _missing_definition(tmp_path):
    texts = write_schemas(tmp_path, {"common.schema.json": COMMON,
                                     "x.schema.json": record(id={"$ref": "common.schema.json#/definitions/nope"})})
    return (f"data/schemas/x.schema.json:{line_with(texts['x.schema.json'], '$ref')}: $.properties.id: "
            "$ref 'common.schema.json#/definitions/nope' points at nothing: common.schema.json has no 'nope' "
            "in #/definitions; should be one of: id, title")


def _ref_to_itself(tmp_path):
    common = {"$schema": DRAFT_07, "definitions": {"loop": {"$ref": "#/definitions/loop"}}}
    texts = write_schemas(tmp_path, {"common.schema.json": common,
                                     "x.schema.json": record(id={"$ref": "common.schema.json#/definitions/loop"})})
    return (f"data/schemas/common.schema.json:{line_with(texts['common.schema.json'], '$ref')}: $.definitions.loop: "
            "$ref cycle: common.schema.json#/definitions/loop → common.schema.json#/definitions/loop; a schema "
            "may not refer back to itself: write the repeated part out instead")


def _ref_cycle_across_files(tmp_path):
    texts = write_schemas(tmp_path, {
        "common.schema.json": {"$schema": DRAFT_07, "definitions": {"a": {"$ref": "other.schema.json#/definitions/b"}}},
        "other.schema.json": {"$schema": DRAFT_07, "definitions": {"b": {"$ref": "common.schema.json#/definitions/a"}}},
        "x.schema.json": record(id={"$ref": "common.schema.json#/definitions/a"}),
    })
    return (f"data/schemas/other.schema.json:{line_with(texts['other.schema.json'], '$ref')}: $.definitions.b: "
            "$ref cycle: common.schema.json#/definitions/a → other.schema.json#/definitions/b → "
            "common.schema.json#/definitions/a; a schema may not refer back to itself: write the repeated part "
            "out instead")


def _not_draft_07(tmp_path):
    texts = write_schemas(tmp_path, {"x.schema.json": record(code={"description": "A code.", "type": "string",
                                                                      "minLength": -1})})
    return (f"data/schemas/x.schema.json:{line_with(texts['x.schema.json'], 'minLength')}: "
            "$.properties.code.minLength: not a valid draft-07 schema: -1 is less than the minimum of 0")


def _required_not_a_list(tmp_path):
    texts = write_schemas(tmp_path, {"x.schema.json": {**record(), "required": "id"}})
    return (f"data/schemas/x.schema.json:{line_with(texts['x.schema.json'], 'required')}: $.required: "
            "not a valid draft-07 schema: 'id' is not of type 'array'")


def _no_schema_keyword(tmp_path):
    write_schemas(tmp_path, {"x.schema.json": {"type": "object"}})
    return ('data/schemas/x.schema.json:1: "$schema" must be "http://json-schema.org/draft-07/schema#": the '
            "engine implements draft-07, and editors and check-jsonschema choose their rules by it")


def _not_json(tmp_path):
    write_schemas(tmp_path, {"x.schema.json": '{\n  "$schema": "http://json-schema.org/draft-07/schema#",\n}\n'})
    return "data/schemas/x.schema.json:3: schema is not valid JSON: Expecting property name enclosed in double quotes"


def _nan_in_json(tmp_path):
    write_schemas(tmp_path, {"x.schema.json": '{"$schema": "http://json-schema.org/draft-07/schema#", "maximum": NaN}'})
    return "data/schemas/x.schema.json:1: schema is not valid JSON: NaN is not JSON; write a number"


def _not_utf8(tmp_path):
    (tmp_path / "data" / "schemas").mkdir(parents=True)
    (tmp_path / "data" / "schemas" / "x.schema.json").write_bytes(b'{"title": "Caf\xe9"}')
    return "data/schemas/x.schema.json: schema is not UTF-8 text; save it with UTF-8 encoding"


BROKEN = [_not_utf8, _top_level_list, _bad_pattern, _unknown_type, _missing_file, _missing_definition, _ref_to_itself,
          _ref_cycle_across_files, _not_draft_07, _required_not_a_list, _no_schema_keyword, _not_json, _nan_in_json]


@pytest.mark.parametrize("case", BROKEN, ids=lambda case: case.__name__.strip("_"))
def test_a_broken_schema_file_is_one_clear_problem(tmp_path, case):
    expected = case(tmp_path)
    schemas, problems = load(tmp_path, x="x.schema.json")
    assert problems == [expected]
    assert "x.schema.json" not in schemas


def test_a_broken_schema_fails_the_validate_command_without_a_traceback(tmp_path):
    common = copy_project(tmp_path) / "data" / "schemas" / "common.schema.json"
    common.write_text(common.read_text(encoding="utf-8").replace('"^[a-z0-9]+(-[a-z0-9]+)*$"', '"^[a-z0-9"', 1))
    result = subprocess.run([sys.executable, "-m", "yamlbook", "validate", str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = line_with(common.read_text(encoding="utf-8"), '"^[a-z0-9"')
    assert (f"data/schemas/common.schema.json:{line}: $.definitions.id.pattern: the pattern '^[a-z0-9' is not "
            "a valid regular expression") in result.stderr


def test_a_changed_schema_is_checked_again_after_a_cached_pass(tmp_path, monkeypatch):
    monkeypatch.delenv("YAMLBOOK_NO_CACHE", raising=False)
    write_schemas(tmp_path, {"x.schema.json": record(code={"description": "A code.", "type": "string"})})
    assert load(tmp_path, x="x.schema.json")[1] == []
    [version, digests] = json.loads((tmp_path / ".cache" / "yamlbook-schemas-checked.json").read_text())
    assert version == 1 and len(digests) == 1 and all(len(d) == 64 for d in digests)
    write_schemas(tmp_path, {"x.schema.json": record(code={"description": "A code.", "minLength": "3"})})
    [problem] = load(tmp_path, x="x.schema.json")[1]
    assert problem.endswith("$.properties.code.minLength: not a valid draft-07 schema: '3' is not of type 'integer'")


def test_a_warm_load_of_valid_schemas_does_not_import_jsonschema(tmp_path):
    write_schemas(tmp_path, {"common.schema.json": COMMON,
                             "x.schema.json": record(id={"$ref": "common.schema.json#/definitions/id"})})
    script = (
        "import sys; from collections import namedtuple; from pathlib import Path\n"
        "from yamlbook.schemas import load_schemas\n"
        f"root = Path({str(tmp_path)!r}); problems = []\n"
        "K = namedtuple('K', 'kind schema')\n"
        "schemas = load_schemas(root / 'data/schemas', {'x': K('x', 'x.schema.json')}, problems, root)\n"
        "assert not problems and schemas['x.schema.json'].errors({'id': 'a'}) == []\n"
        "print('jsonschema' in sys.modules)\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "YAMLBOOK_NO_CACHE"}
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
            for _ in range(2)]
    assert [run.stdout.strip() for run in runs] == ["True", "False"], [run.stderr for run in runs]


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        type(self).requests.append(self.path)
        body = json.dumps(COMMON).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture
def recorder():
    """A schema server on 127.0.0.1 that records every request; yields (base URL, requests)."""
    _Recorder.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", _Recorder.requests
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("where", ["http", "https", "file", "parent", "absolute", "subfolder"])
def test_a_ref_outside_the_schema_folder_is_refused_and_nothing_is_fetched(tmp_path, recorder, where):
    url, requests = recorder
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "common.schema.json").write_text(json.dumps(COMMON))  # tempting, but outside
    ref = {
        "http": f"{url}common.schema.json#/definitions/id",
        "https": f"{url.replace('http:', 'https:')}common.schema.json#/definitions/id",
        "file": f"{(tmp_path / 'data' / 'common.schema.json').as_uri()}#/definitions/id",
        "parent": "../common.schema.json#/definitions/id",
        "absolute": f"{tmp_path / 'data' / 'common.schema.json'}#/definitions/id",
        "subfolder": "more/common.schema.json#/definitions/id",
    }[where]
    texts = write_schemas(tmp_path, {"x.schema.json": record(id={"$ref": ref})})
    schemas, problems = load(tmp_path, x="x.schema.json")
    assert problems == [
        f"data/schemas/x.schema.json:{line_with(texts['x.schema.json'], '$ref')}: $.properties.id: $ref '{ref}' "
        "is not a file in data/schemas/: the build never fetches a schema; copy what you need into a file there "
        "and refer to it by its name, e.g. common.schema.json#/definitions/id"
    ]
    assert schemas == {}
    assert requests == []


def test_an_id_or_a_remote_metaschema_is_refused_and_nothing_is_fetched(tmp_path, recorder):
    url, requests = recorder
    texts = write_schemas(tmp_path, {
        "common.schema.json": COMMON,
        "x.schema.json": {**record(id={"$ref": "common.schema.json#/definitions/id"}), "$id": url},
        "y.schema.json": {**record(), "$schema": f"{url}schema"},
    })
    schemas, problems = load(tmp_path, x="x.schema.json", y="y.schema.json")
    assert sorted(problems) == [
        f"data/schemas/x.schema.json:{line_with(texts['x.schema.json'], '$id')}: $.$id: '$id' is not allowed: it "
        "changes where $ref looks for files, and could make editors fetch schemas from the web; remove it",
        f"data/schemas/y.schema.json:{line_with(texts['y.schema.json'], '$schema')}: $: \"$schema\" must be "
        '"http://json-schema.org/draft-07/schema#": the engine implements draft-07, and editors and '
        "check-jsonschema choose their rules by it",
    ]
    assert schemas == {}
    assert requests == []


# D. Generated code is compiled in memory; nothing in .cache/ is ever run


def test_code_in_the_cache_folder_is_never_run(tmp_path):
    copy_project(tmp_path)
    command = [sys.executable, "-m", "yamlbook", "validate", str(tmp_path)]
    first = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    cache = tmp_path / ".cache"
    assert sorted(p.name for p in cache.glob("*.py")) == []
    marker = tmp_path / "ran"
    payload = (f"open({str(marker)!r}, 'w').write('ran')\n"
               "def validate(data, custom_formats={}, name_prefix=None):\n    return data\n")
    # Whatever names generated code was cached under: the ones already there, and any other.
    for path in [*cache.glob("*"), cache / "schema-0123456789abcdef01234567.py"]:
        if path.is_file():
            path.write_text(payload)
    second = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert not marker.exists()


# F. NaN and infinity: no JSON Schema can refuse them, so the engine does


def test_non_finite_numbers_are_found_wherever_they_are(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("result: .nan\ninputs:\n  part: .inf\n  whole: 120\nweights: [1, -.inf, 0.5]\n"
                    "ok: [12, 0.5, true, '.nan', 1e300]\n")
    assert non_finite_numbers(read_mapping(path)) == [
        (("result",), NOT_FINITE), (("inputs", "part"), NOT_FINITE), (("weights", 1), NOT_FINITE),
    ]
    assert NOT_FINITE == "not a finite number; write a plain number like 12 or 0.5"
    assert non_finite_numbers(read_mapping(FIXTURES / "valid" / "metrics" / "base.yaml")) == []
