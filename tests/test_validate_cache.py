"""The record cache (hooks/yamlbook/parsecache.py): an unchanged file is neither read, parsed nor
checked again, yet every change is seen, checks between records run on every load, and a cache
that cannot be read is ignored."""

from __future__ import annotations

import marshal
import os
import shutil
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
import yaml

from test_hardening import ALPHA, LINK_RULE, METRIC, edit
from test_validate import ROOT, make_project
from yamlbook import DataError, dataset, load_dataset, parsecache, records, text, validate, yamlfile

CACHE = Path(".cache") / "yamlbook-parsed.marshal"
BETA = "data/activities/beta.yaml"


@pytest.fixture(autouse=True)
def caching_on(monkeypatch):
    monkeypatch.delenv(parsecache.DISABLE, raising=False)


def load(root: Path) -> dataset.Dataset:
    """load_dataset as a new process runs it: nothing kept in memory from an earlier load."""
    dataset.forget_loaded()
    return load_dataset(root)


def problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load(root)
    return [str(problem) for problem in caught.value.problems]


def stats_trusted_at_once(monkeypatch) -> None:
    """Trust a stat however recent its file's change (the tests write files just before loading)."""
    monkeypatch.setattr(parsecache, "SETTLE_NS", 0)


def never(what: str):
    def fail(*args, **kwargs):
        pytest.fail(f"{what} {args[:1]!r}")
    return fail


# An unchanged file is not read, parsed or checked again


def test_a_warm_load_parses_and_checks_nothing(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    load(root)
    monkeypatch.setattr(records, "parse_mapping", never("parsed"))
    monkeypatch.setattr(validate, "_own_checks", never("checked"))
    loaded = load(root)
    assert loaded.get("activities", "alpha")["title"] == "Alpha research"  # decoded from the cache
    assert loaded.referrers("metrics", "metric-one", "activities") == ["alpha", "beta"]


def test_a_settled_file_is_not_even_read(tmp_path, monkeypatch):
    stats_trusted_at_once(monkeypatch)
    root = make_project(tmp_path)
    load(root)
    monkeypatch.setattr(records, "read_bytes", never("read"))
    assert sorted(load(root).records["activities"]) == ["alpha", "beta"]


def test_a_recent_stat_is_not_trusted(tmp_path, monkeypatch):
    root = make_project(tmp_path)  # written just now: within SETTLE_NS of the load
    load(root)
    read = []
    monkeypatch.setattr(records, "read_bytes", lambda path, *rest: read.append(path) or yamlfile.read_bytes(path, *rest))
    load(root)
    assert str(root / ALPHA) in read


# Every change is seen


def test_an_edit_that_keeps_size_and_mtime_is_seen(tmp_path, monkeypatch):
    stats_trusted_at_once(monkeypatch)
    root = make_project(tmp_path)
    load(root)
    path = root / ALPHA
    before = path.stat()
    path.write_text(path.read_text().replace("effort: low", "effort: lox"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as touch -r does
    assert path.stat().st_size == before.st_size
    assert problems(root) == [f"{ALPHA}:16: $.effort: 'lox' is not allowed; should be one of: low, medium, high"]


def test_a_changed_schema_checks_every_record_again(tmp_path):
    root = make_project(tmp_path)
    load(root)
    edit("data/schemas/activity.schema.json", '"maxLength": 300', '"maxLength": 30')(root)
    found = problems(root)
    assert [line.split(": ")[0] for line in found] == [f"{ALPHA}:5", f"{BETA}:5"]
    assert all("is too long" in line for line in found)


def test_a_change_in_a_schema_it_refers_to_is_seen(tmp_path):
    root = make_project(tmp_path)
    load(root)
    common = root / "data/schemas/common.schema.json"
    common.write_text(common.read_text().replace('"upstream",', '"sideways",', 1))
    assert any(line.startswith(f"{ALPHA}:4: $.stream: 'upstream' is not allowed") for line in problems(root))


def test_a_removed_record_is_reported_where_it_was_referred_to(tmp_path):
    root = make_project(tmp_path)
    load(root)
    (root / METRIC).unlink()
    found = problems(root)
    assert found == [f"{path}:21: $.metrics[0]: unknown metric 'metric-one'; should be one of: (none exist yet)"
                     for path in (ALPHA, BETA)]


def test_a_changed_case_is_checked_against_unchanged_examples(tmp_path):
    root = make_project(tmp_path)
    (root / "data/cases").mkdir()
    case = root / "data/cases/furniture-retailer.yaml"
    case.write_text((ROOT / "data/cases/furniture-retailer.yaml").read_text())
    edit(ALPHA, "    text: The unit tests in tests/test_validate.py.",
         "    case: furniture-retailer\n    text: At a 45% gross margin it breaks even at a return of 2.2.")(root)
    load(root)
    case.write_text(case.read_text().replace("value: 45", "value: 40", 1))
    assert problems(root) == [
        (f"{ALPHA}:33: $.examples[0].text: says '45% gross margin', but the case 'furniture-retailer' has 40 "
         "% gross margin (gross margin); write 40, or change the case in data/cases/furniture-retailer.yaml")]


def test_the_projects_own_checks_run_on_every_load(tmp_path):
    root = make_project(tmp_path)
    (root / "site_checks.py").write_text(textwrap.dedent("""\
        from pathlib import Path

        def check_flag(record):
            if (Path(__file__).parent / "flag").exists():
                yield ("title",), "the flag is up"
    """))
    (root / "pyproject.toml").write_text('[tool.yamlbook.checks]\n"activity.schema.json" = ["site_checks.py:check_flag"]\n')
    load(root)
    (root / "flag").write_text("up")  # outside data/: only the project's check can know
    assert problems(root) == [f"{ALPHA}:3: $.title: the flag is up", f"{BETA}:3: $.title: the flag is up"]


def test_a_record_with_problems_is_checked_on_every_load(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    edit(ALPHA, "stream: upstream", "stream: sideways")(root)
    first = problems(root)
    checked = []
    real = validate._own_checks
    monkeypatch.setattr(validate, "_own_checks", lambda record, *rest: checked.append(record.id) or real(record, *rest))
    assert problems(root) == first
    assert checked == ["alpha"]


def test_a_new_engine_starts_from_scratch(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    load(root)
    parsed = []
    monkeypatch.setattr(parsecache, "engine_key", lambda: b"another engine version")
    monkeypatch.setattr(records, "parse_mapping", lambda raw: parsed.append(raw) or yamlfile.parse_mapping(raw))
    load(root)
    assert len(parsed) == 4


def test_the_engine_key_changes_with_any_engine_source(tmp_path):
    shutil.copytree(Path(parsecache.__file__).parent, tmp_path / "yamlbook", ignore=shutil.ignore_patterns("__pycache__"))

    def key() -> str:
        script = "from yamlbook import parsecache; print(parsecache.engine_key().hex())"
        env = dict(os.environ, PYTHONPATH=str(tmp_path))
        return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                              timeout=60, check=True).stdout

    before = key()
    with open(tmp_path / "yamlbook" / "checks.py", "a", encoding="utf-8") as source:
        source.write("\n# a new rule would go here\n")
    assert key() != before


# A cache that cannot be read is ignored


def _flip(path: Path, at: int) -> None:
    raw = bytearray(path.read_bytes())
    raw[at] ^= 0xFF
    path.write_bytes(bytes(raw))


def _references_planted(path: Path) -> None:
    """Saved references of the wrong shape (beta's), and one to a place its record does not have
    (alpha's: a case example, pointing at a record that exists)."""
    raw = path.read_bytes()
    length, _ = struct.unpack_from("<QI", raw)
    version, key, entries, compiled = marshal.loads(raw[12:12 + length])
    plants = {BETA: (("metrics", "metric-one"), 5), ALPHA: ((("examples", 7, "case"), "activities", "beta"),)}
    for rel, planted in plants.items():
        digest, stat, place, checked = entries[rel]
        entries[rel] = (digest, stat, place, (checked[0], planted))
    header = marshal.dumps((version, key, entries, compiled))
    path.write_bytes(struct.pack("<QI", len(header), zlib.crc32(header)) + header + raw[12 + length:])


def _write_header(path: Path, header: tuple) -> None:
    """A cache file holding this header (checksum and all) and no data."""
    encoded = marshal.dumps(header)
    path.write_bytes(struct.pack("<QI", len(encoded), zlib.crc32(encoded)) + encoded)


CORRUPTIONS = {
    "empty": lambda path: path.write_bytes(b""),
    "garbage": lambda path: path.write_bytes(os.urandom(4096)),
    "python code": lambda path: path.write_text("open('ran', 'w').write('ran')\n"),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2]),
    "header only": lambda path: path.write_bytes(path.read_bytes()[:200]),
    "data changed": lambda path: _flip(path, -10),  # inside the last record's data
    "wrong shapes": lambda path: _write_header(path, (parsecache._VERSION, parsecache.engine_key(), {
        ALPHA: (b"x", 1, (0, 10**9, 0), ("a", "b")), BETA: None, METRIC: (b"y",)}, (3,))),
    "wrong places": lambda path: _write_header(path, (parsecache._VERSION, parsecache.engine_key(), {
        ALPHA: (parsecache.digest((path.parents[1] / ALPHA).read_bytes()), None, (-5, 7, 0), None),
        BETA: (parsecache.digest((path.parents[1] / BETA).read_bytes()), None, ("0", 7, 0), (b"k", "refs"))},
        ())),
    "wrong references": _references_planted,
    "header changed": lambda path: _flip(path, 20),
    "a folder": lambda path: (path.unlink(), path.mkdir()),
}


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS)
def test_a_corrupt_cache_is_ignored(tmp_path, corrupt):
    root = make_project(tmp_path)
    load(root)
    corrupt(root / CACHE)
    loaded = load(root)
    for found in loaded.records.values():
        for record in found.values():
            assert record.data == yamlfile.read_mapping(record.path), record.rel
    assert not (root / "ran").exists()
    edit(ALPHA, "stream: upstream", "stream: sideways")(root)
    assert problems(root) == [f"{ALPHA}:4: $.stream: 'sideways' is not allowed; should be one of: upstream, downstream"]


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path):
    root = make_project(tmp_path)
    (root / ".cache").write_text("a file where the folder would be")
    assert sorted(load(root).records["activities"]) == ["alpha", "beta"]


# The shortcuts agree with what they stand in for


def test_the_link_shortcut_knows_what_unsafe_links_in_looks_at(tmp_path):
    # validate._may_link skips a file whose bytes hold no '[', '<' or backslash.
    assert text._MAY_LINK.pattern == r"[\[<]"
    root = make_project(tmp_path)
    summary = "summary: A small but complete activity used by the tests as the valid baseline."
    edit(ALPHA, summary, 'summary: "See \\x5Bthe notes\\x5D(javascript:alert(1)), written with escapes."')(root)
    assert b"[" not in (root / ALPHA).read_bytes()
    found = problems(root)
    assert f"{ALPHA}:5: $.summary: the link 'javascript:alert(1)' is not allowed; {LINK_RULE}" in found


REFERENCE_DOCUMENTS = [
    "a: 1\nb: [x, 2.5, true, null, ~, 0x1F, 012, 1e3, .inf, -.inf, yes, 1:20, 2020-01-01]\n",
    "a: 1\na: 2\n", "{a: 1, a: 2}\n", "a:\n  - b: 1\n    b: 2\n  - c: !!int x\n", "1: a\n01: b\n",
    "true: a\nTrue: b\n", "a: &x [1]\nb: *x\n", "&a [*a]\n", "<<: {a: 1}\nb: 2\n", "a: !!str 12\n",
    "a: !!int '12'\n", "a: !!bool yes\n", "a: !!bool maybe\n", "a: !!python/name:os.system\n",
    "a: !!set {x}\n", "a: !!timestamp 2020-01-01\n", "a: !custom x\n", "? [1]\n: 2\n", "=: x\n",
    "a: !!seq [1]\nb: !!map {c: 1}\n", "a: !!str [1]\n", "a: {b: {c: {d: 1}}}\n", "a: " + "[" * 45 + "]" * 45,
    "a: " + "[" * 39 + "]" * 39, '"key": "\\x41 \\u00e9"\n', "a: .nan\n",
]


class _PyYAMLOnly(yamlfile._SafeLoader):
    """The data loader without its shortcuts: PyYAML's own resolver and constructor."""

    resolve = yaml.resolver.BaseResolver.resolve
    descend_resolver = yaml.resolver.BaseResolver.descend_resolver
    ascend_resolver = yaml.resolver.BaseResolver.ascend_resolver
    construct_document = yaml.constructor.BaseConstructor.construct_document


def _outcome(loader, document: str):
    try:
        return "data", repr(yaml.load(document, Loader=loader))
    except Exception as err:  # noqa: BLE001 (the outcome compared is whatever happens)
        return "error", type(err).__name__, str(err)


@pytest.mark.parametrize("document", REFERENCE_DOCUMENTS)
def test_the_data_loader_builds_what_pyyaml_builds(document):
    assert _outcome(yamlfile._SafeLoader, document) == _outcome(_PyYAMLOnly, document)


def test_the_data_loader_builds_every_data_file_as_pyyaml_does():
    paths = sorted((ROOT / "data").rglob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").rglob("*.yaml"))
    for path in paths:
        try:
            document = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        assert _outcome(yamlfile._SafeLoader, document) == _outcome(_PyYAMLOnly, document), path


# A warm `yamlbook validate` imports only what it needs


def test_a_warm_validate_imports_nothing_it_does_not_need(tmp_path):
    root = make_project(tmp_path)
    script = (f"import sys\nfrom yamlbook.cli import main\nassert main(['validate', {str(root)!r}]) == 0\n"
              "print('imported:', *(m for m in ('jsonschema', 'markdown', 'jinja2', 'difflib', 'fastjsonschema',"
              " 'importlib.metadata') if m in sys.modules))\n")
    env = {key: value for key, value in os.environ.items() if key != parsecache.DISABLE}
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                           timeout=60, check=False) for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], [run.stderr for run in runs]
    imported = [run.stdout.splitlines()[-1].split()[1:] for run in runs]
    assert "jsonschema" in imported[0]  # the first run checks the schemas against the metaschema
    assert imported[1] == []
