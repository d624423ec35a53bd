"""Build benchmark: writes playbook/benchmark.md, a maintainers' page kept out of the navigation.

    python3 hooks/dev.py bench              # the full run, about 20 minutes on 2 cores
    python3 hooks/dev.py bench --quick      # smoke test: 1 pair, +0 and +100 activities, temp output
    python3 hooks/dev.py bench --out PATH   # write the page elsewhere

Everything is measured in one run, on copies of the project in a temporary folder, as whole
processes (`python -m mkdocs build --clean --strict`, `python -m yamlbook validate`, `hugo`), so
interpreter start, imports and writing the site count as a user waits for them:

1. Build overhead: our build against its plain twin, the Markdown our build produces for every
   page (macros expanded, generated pages included) built by mkdocs-material alone with the same
   theme, extensions, navigation and strict link and anchor validation, but no macros plugin, no
   hooks and no data loading. Cold (project caches deleted before each build) and warm (caches
   from the previous build), in interleaved pairs whose order alternates; Hugo (Debian package)
   builds the same Markdown with a minimal layout in the same rounds, as the practical floor.
2. Scaling: the same at +0, +1,000 and +5,000 synthetic activities, each with its own text from
   a seeded generator, and the cost per added record; peak memory (ru_maxrss) of each build.
3. Validation of the +5,000 project as a whole process, cold and warm.
4. Live reload: `mkdocs serve` at +0 and +1,000, the time from saving an activity's YAML to its
   page being served with the change, interleaved with the same measurement on the engine as it
   was when the targets were set (the baseline revision), and how many record pages each save
   re-rendered.

Internal modes, run by the benchmark in child processes: `_capture PROJECT TWIN` (build PROJECT
once and write its plain twin) and `_serve LOG ARGS...` (mkdocs with ARGS, logging builds and
record-page renders to LOG). Standard library and PyYAML only.
"""

from __future__ import annotations

import argparse
import collections
import importlib
import io
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve()
OUT = ROOT / "playbook" / "benchmark.md"
QUICK_OUT = Path(tempfile.gettempdir()) / "playbook-benchmark-quick.md"
# What a copy of the project holds (caches, bytecode and build output are left behind).
PROJECT_PARTS = ("mkdocs.yml", "pyproject.toml", "playbook", "data", "hooks")
COPY_IGNORE = shutil.ignore_patterns("__pycache__", "*.egg-info", ".cache")
# The engine when the targets were set ("today's" live reload); --baseline overrides it.
BASELINE = "0dd6e4936fce33952a9eddb4b21b14869ecda642"
SITE_URL = "https://playbook.example.org/"
SEED = 13
SYNTHETIC = "synthetic"
EDITED_FIELD = "first_step"  # the activity field a live-reload save appends a word to
PROBE_ANCHOR = "bench-no-such-anchor"
SETTLE = 1.5  # seconds without a build before a server counts as idle
HUGO_INSTALL = "sudo apt-get install -y hugo"
BOTH = ("cold", "warm")


@dataclass(frozen=True)
class SizePlan:
    """One project size and what is measured at it."""

    added: int
    modes: tuple[str, ...]
    reload: bool = False
    largest: bool = False


FULL_PLAN = (SizePlan(0, BOTH, reload=True), SizePlan(1000, BOTH, reload=True),
             SizePlan(5000, ("warm",), largest=True))
QUICK_PLAN = (SizePlan(0, BOTH, reload=True), SizePlan(100, BOTH, reload=True, largest=True))


class BenchError(Exception):
    """A measured command failed or a server did not answer: the run stops with its output."""


# ---------------------------------------------------------------- statistics


@dataclass(frozen=True)
class Spread:
    """Repeated measurements of one quantity: median, lowest and highest."""

    values: tuple[float, ...]

    @classmethod
    def of(cls, values: Iterable[float]) -> Spread:
        return cls(tuple(float(v) for v in values))

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def show(self, unit: str = "s", digits: int = 2) -> str:
        """'1.23 s (1.20–1.31)', or with 'one run' when there is a single value."""
        def number(v: float) -> str:
            return f"{v:,.{digits}f}"
        suffix = f" {unit}" if unit else ""
        if len(self.values) == 1:
            return f"{number(self.median)}{suffix} (one run)"
        return f"{number(self.median)}{suffix} ({number(min(self.values))}–{number(max(self.values))})"


def ratios(top: Iterable[float], bottom: Iterable[float]) -> Spread:
    """The per-pair ratios of two interleaved series."""
    return Spread.of(a / b for a, b in zip(top, bottom))


# ---------------------------------------------------------------- processes


@dataclass(frozen=True)
class Run:
    """One whole-process measurement."""

    seconds: float
    mib: float
    status: int
    log: Path


def base_env() -> dict[str, str]:
    """The environment of every measured process: the site's address set, nothing inherited
    that would switch caches or bytecode off or pick another engine."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=SITE_URL)
    for name in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "YAMLBOOK_NO_CACHE"):
        env.pop(name, None)
    return env


def run_timed(cmd: list[str], cwd: Path, env: dict[str, str], log: Path) -> Run:
    """Wall time and peak resident memory of one child process, its output kept in `log`."""
    with log.open("wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                 stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return Run(elapsed, usage.ru_maxrss / 1024, child.returncode, log)


def tail(path: Path, lines: int = 25) -> str:
    """The end of a log, for an error message."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"


def checked(run: Run, what: str) -> Run:
    """The run, or BenchError with the end of its output when it failed."""
    if run.status:
        raise BenchError(f"{what} failed (exit {run.status}); end of {run.log}:\n{tail(run.log)}")
    return run


def command_output(cmd: list[str], cwd: Path = ROOT) -> str | None:
    """A short command's output, or None when it cannot run."""
    try:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


# ---------------------------------------------------------------- project copies


def copy_project(source: Path, target: Path) -> Path:
    """The parts of a project a build reads, without caches, bytecode or build output."""
    target.mkdir(parents=True)
    for name in PROJECT_PARTS:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=COPY_IGNORE)
        elif path.is_file():
            shutil.copy2(path, target / name)
    return target


def extract_revision(revision: str, target: Path) -> Path:
    """The project's parts as committed at `revision`, from this repository's history."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", revision, "--",
                              *PROJECT_PARTS], capture_output=True, check=False)
    if archive.returncode:
        raise BenchError(f"git archive {revision} failed: {archive.stderr.decode(errors='replace').strip()}")
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    return target


def stub_results_page(project: Path) -> None:
    """Replace the copy's results page by a stub, so the last results never change a build."""
    page = project / docs_dir_of(project) / OUT.name
    if page.exists():
        page.write_text("# Build benchmark\n", encoding="utf-8")


def git_snapshot(project: Path) -> None:
    """Make the copy a git repository with one commit, as a clone is: mkdocs-macros asks git
    about the project (skipped when git is not installed)."""
    if not shutil.which("git"):
        return
    identity = ["-c", "user.name=benchmark", "-c", "user.email=benchmark@invalid",
                "-c", "commit.gpgsign=false"]
    for cmd in (["init", "-q"], ["add", "-A"], [*identity, "commit", "-q", "-m", "benchmark copy"]):
        subprocess.run(["git", *cmd], cwd=project, check=True, stdout=subprocess.DEVNULL)


def engine_env(project: Path) -> dict[str, str]:
    """Run with the copy's own engine, not the one installed from the working tree."""
    where = ["hooks"]
    try:
        import tomllib
        found = tomllib.loads((project / "pyproject.toml").read_text())
        where = found["tool"]["setuptools"]["packages"]["find"]["where"]
    except (ImportError, OSError, KeyError, ValueError):
        pass
    return dict(base_env(), PYTHONPATH=os.pathsep.join(str(project / w) for w in where))


def clear(folder: Path, patterns: Iterable[str]) -> None:
    """Delete the caches matching `patterns` (globs relative to `folder`)."""
    for pattern in patterns:
        for path in list(folder.glob(pattern)):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()


# ---------------------------------------------------------------- mkdocs.yml with its tags


class _Tagged:
    """A YAML value with a tag (!ENV, !relative, !!python/name:...), kept to be written back."""

    def __init__(self, tag: str, value: Any):
        self.tag, self.value = tag, value


class _KeepTagsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving its tags."""


class _KeepTagsDumper(yaml.SafeDumper):
    """Writes the tags _KeepTagsLoader kept."""


def _construct_tagged(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        return _Tagged(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return _Tagged(node.tag, loader.construct_mapping(node, deep=True))


def _represent_tagged(dumper: yaml.SafeDumper, tagged: _Tagged) -> yaml.Node:
    if isinstance(tagged.value, list):
        return dumper.represent_sequence(tagged.tag, tagged.value)
    if isinstance(tagged.value, dict):
        return dumper.represent_mapping(tagged.tag, tagged.value)
    return dumper.represent_scalar(tagged.tag, tagged.value)


_KeepTagsLoader.add_multi_constructor("!", _construct_tagged)
_KeepTagsLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_KeepTagsDumper.add_representer(_Tagged, _represent_tagged)


def read_config(project: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as written, tags unresolved."""
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_KeepTagsLoader)


def docs_dir_of(project: Path) -> str:
    """The project's docs folder, relative to it."""
    return str(read_config(project).get("docs_dir", "docs"))


# ---------------------------------------------------------------- synthetic activities

# Link targets, code, entities and tags stay as written; every word is replaced.
_TOKEN = re.compile(r"\]\([^)]*\)|`[^`]*`|&#?\w+;|<[^>]*>|[A-Za-z]+")
# Fields that are choices or references, not prose: kept from the record the new one is modeled on.
_KEPT = frozenset({"id", "stream", "sense", "horizon", "effort", "duration", "roles", "metrics",
                   "related", "tags", "basis", "source", "where"})


def vocabulary(project: Path) -> dict[int, list[str]]:
    """The words of the project's data, by length."""
    words: set[str] = set()
    for path in sorted((project / "data").rglob("*.yaml")):
        words.update(re.findall(r"\b[a-z]+\b", path.read_text(encoding="utf-8")))
    by_length: dict[int, list[str]] = collections.defaultdict(list)
    for word in sorted(words):
        by_length[len(word)].append(word)
    return by_length


def scramble(text: str, rng: random.Random, words: dict[int, list[str]]) -> str:
    """The text with each word replaced by a random word of the same length and case, so its
    Markdown, its punctuation and its length (the schema's limits) stay those of the original."""
    def swap(match: re.Match) -> str:
        token = match.group(0)
        if not token[0].isalpha():
            return token
        word = rng.choice(words.get(len(token)) or words[max(words)])
        if token.isupper() and len(token) > 1:
            return word.upper()
        return word.capitalize() if token[0].isupper() else word
    return _TOKEN.sub(swap, text)


def rewritten(value: Any, rng: random.Random, words: dict[int, list[str]], key: str | None = None) -> Any:
    """A record's structure with new prose; an example loses its `case` (whose numbers it must cite)."""
    if key in _KEPT:
        return value
    if isinstance(value, str):
        return scramble(value, rng, words)
    if isinstance(value, list):
        return [rewritten(item, rng, words) for item in value]
    if isinstance(value, dict):
        return {k: rewritten(v, rng, words, k) for k, v in value.items() if k != "case"}
    return value


def add_synthetic_activities(project: Path, count: int) -> None:
    """`count` activities, each modeled on a real one (its choices and references, cycling through
    them) with its own text; each relates to as many random activities as its model does."""
    folder = project / "data" / "activities"
    models = sorted(folder.glob("*.yaml"))
    if not count or not models:
        return
    words = vocabulary(project)
    ids = [path.stem for path in models] + [f"{SYNTHETIC}-{i:05d}" for i in range(count)]
    for i in range(count):
        model = models[i % len(models)]
        text = model.read_text(encoding="utf-8")
        rng = random.Random(f"{SEED}:{i}")
        record = rewritten(yaml.safe_load(text), rng, words)
        record_id = ids[len(models) + i]
        record["id"] = record_id
        record["title"] = f"{record['title']} {i}"
        record["related"] = rng.sample([x for x in ids if x != record_id], len(record.get("related", [])))
        header = text.splitlines()[0] + "\n" if text.startswith("#") else ""
        body = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)
        (folder / f"{record_id}.yaml").write_text(header + body, encoding="utf-8")


def prepare(source: Path, target: Path, added: int) -> Path:
    """A project copy with `added` synthetic activities, committed to its own git repository."""
    project = copy_project(source, target)
    stub_results_page(project)
    add_synthetic_activities(project, added)
    git_snapshot(project)
    return project


# ---------------------------------------------------------------- the plain twin


def _script_entry(script: Any) -> Any:
    """An extra_javascript entry as mkdocs.yml writes it."""
    if isinstance(script, str):
        return script
    entry = {"path": script.path}
    options = (("type", script.type), ("defer", script.defer), ("async", script.async_))
    entry.update({name: value for name, value in options if value})
    return entry if len(entry) > 1 else script.path


def _theme_plugins(plugins: list[Any]) -> list[Any]:
    """The plugins that come with MkDocs or Material (search, ...): not macros, not ours."""
    own = {ep.name for ep in metadata.entry_points(group="mkdocs.plugins")
           if ep.dist is not None and ep.dist.name.lower() in ("mkdocs", "mkdocs-material")}
    return [p for p in plugins if (p if isinstance(p, str) else next(iter(p))) in own]


@dataclass
class Captured:
    """What one build of the project produced for its plain twin."""

    docs: Path  # the docs folder, relative to the project
    pages: dict[str, tuple[dict, str]] = field(default_factory=dict)  # src → (front matter, Markdown)
    files: dict[str, bytes] = field(default_factory=dict)  # src → content, for every other docs file
    extras: dict[str, list] = field(default_factory=dict)  # extra_css and extra_javascript, as built


def capture_build(project: Path) -> Captured:
    """Build the project once (with its engine) and keep every page's Markdown as the build
    rendered it, every file the docs held or the engine generated, and the final extra CSS and
    JavaScript; theme files are left out (the twin's theme provides them)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.plugins import BasePlugin, event_priority

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    captured = Captured(Path(config.docs_dir).resolve().relative_to(project.resolve()))

    class Capture(BasePlugin):
        @event_priority(-100)  # after every other plugin and hook
        def on_files(self, files, *, config):
            docs = Path(config.docs_dir).resolve()
            for file in files:
                from_theme = file.generated_by is None and Path(file.src_dir or ".").resolve() != docs
                if not (file.is_documentation_page() or file.inclusion.is_excluded() or from_theme):
                    captured.files[file.src_uri] = file.content_bytes
            return files

        def on_env(self, env, *, config, files):
            captured.extras["extra_css"] = [str(css) for css in config.extra_css]
            captured.extras["extra_javascript"] = [_script_entry(js) for js in config.extra_javascript]
            return env

        @event_priority(-100)
        def on_page_markdown(self, markdown, *, page, config, files):
            # An engine that keeps its HTML out of Markdown (placeholders put back after it)
            # gives the twin the page as Markdown would read it with the HTML in place.
            expand = getattr(importlib.import_module("yamlbook"), "prerendered", None)
            shown = expand.expand(markdown) if expand else markdown
            captured.pages[page.file.src_uri] = (dict(page.meta), shown)
            return markdown

    config.plugins["benchmark-capture"] = Capture()
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    return captured


def twin_config(project: Path, extras: dict[str, list]) -> str:
    """The project's mkdocs.yml, tags kept, without macros, hooks or watch list, with the extra
    CSS and JavaScript the build ended with."""
    settings = read_config(project)
    settings["plugins"] = _theme_plugins(settings.get("plugins", ["search"]))
    settings.update(extras)
    for key in ("hooks", "watch"):
        settings.pop(key, None)
    theme = settings.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = str((project / theme["custom_dir"]).resolve())
    return yaml.dump(settings, Dumper=_KeepTagsDumper, sort_keys=False, allow_unicode=True)


def capture_child(project: Path, twin: Path) -> None:
    """(Child process, run with the project's engine.) Write the project's plain twin."""
    captured = capture_build(project)
    for src, (meta, markdown) in captured.pages.items():
        front = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" if meta else ""
        _write(twin / captured.docs / src, (front + markdown).encode("utf-8"))
    for src, content in captured.files.items():
        _write(twin / captured.docs / src, content)
    (twin / "mkdocs.yml").write_text(twin_config(project, captured.extras), encoding="utf-8")


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def make_twin(project: Path, twin: Path, logs: Path) -> None:
    """The project's plain twin (the capture build also leaves the project's caches warm)."""
    cmd = [sys.executable, str(SCRIPT), "_capture", str(project), str(twin)]
    checked(run_timed(cmd, project, engine_env(project), logs / f"capture-{project.name}.log"),
            f"the capture build of {project.name}")


# ---------------------------------------------------------------- Hugo, the floor

HUGO_CONFIG = f"""baseURL = "{SITE_URL}"
languageCode = "en"
title = "Plain twin"
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_LAYOUTS = {
    "baseof.html": '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                   '<title>{{ .Title }}</title></head>\n<body><nav>{{ range .Site.Sections }}'
                   '<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>\n'
                   '<main>{{ block "main" . }}{{ end }}</main></body></html>\n',
    "single.html": '{{ define "main" }}{{ .TableOfContents }}{{ .Content }}{{ end }}\n',
    "list.html": '{{ define "main" }}{{ .TableOfContents }}{{ .Content }}{{ end }}\n',
}


def hugo_version() -> str | None:
    """Hugo's version line, or None when it is not installed."""
    return command_output(["hugo", "version"]) if shutil.which("hugo") else None


def make_hugo_site(twin: Path, docs: str, target: Path) -> None:
    """The twin's Markdown as a Hugo site with a minimal layout: pages under content/ (index.md
    becomes _index.md, a section's page), every other docs file under static/."""
    for path in sorted((twin / docs).rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(twin / docs)
        if path.suffix == ".md":
            rel = rel.with_name("_index.md") if rel.name == "index.md" else rel
            _write(target / "content" / rel, path.read_bytes())
        else:
            _write(target / "static" / rel, path.read_bytes())
    for name, text in HUGO_LAYOUTS.items():
        _write(target / "layouts" / "_default" / name, text.encode())
    (target / "config.toml").write_text(HUGO_CONFIG)


# ---------------------------------------------------------------- measured sides


@dataclass
class Side:
    """Something measured repeatedly: a command in a folder, and the caches a cold run deletes."""

    name: str
    folder: Path
    cmd: list[str]
    env: dict[str, str]
    caches: tuple[str, ...]
    logs: Path
    primed: bool = False  # True once its caches hold a previous run's results
    count: int = 0

    def run(self, cold: bool) -> Run:
        """One measured run; cold deletes the caches first."""
        if cold:
            clear(self.folder, self.caches)
        self.count += 1
        log = self.logs / f"{self.name}-{self.folder.name}-{self.count}.log"
        result = checked(run_timed(self.cmd, self.folder, self.env, log), f"{self.name} in {self.folder}")
        self.primed = True
        return result


MKDOCS_BUILD = [sys.executable, "-m", "mkdocs", "build", "--clean", "--strict"]
PROJECT_CACHES = (".cache", "**/__pycache__")
HUGO_CACHES = ("resources", ".hugo-cache")


def build_sides(project: Path, twin: Path, hugo: Path | None, logs: Path) -> list[Side]:
    """Ours, the twin and (when installed) Hugo; ours is primed by the capture build, and the twin
    has no caches to fill."""
    sides = [Side("ours", project, MKDOCS_BUILD, engine_env(project), PROJECT_CACHES, logs, primed=True),
             Side("twin", twin, MKDOCS_BUILD, base_env(), PROJECT_CACHES, logs, primed=True)]
    if hugo is not None:
        cmd = ["hugo", "--cleanDestinationDir", "--cacheDir", str(hugo / ".hugo-cache"),
               "--destination", "public"]
        sides.append(Side("hugo", hugo, cmd, base_env(), HUGO_CACHES, logs))
    return sides


def interleave(sides: list[Side], modes: tuple[str, ...], rounds: int,
               say: Callable[[str], None]) -> dict[tuple[str, str], list[Run]]:
    """`rounds` rounds; in each, every mode, and in each mode every side once, the order of the sides
    reversed every other round so that neither always runs first. Cold before warm, so each warm run
    follows a run of its own side."""
    if "cold" not in modes:
        for side in sides:
            if not side.primed:
                side.run(cold=False)
    runs: dict[tuple[str, str], list[Run]] = collections.defaultdict(list)
    for i in range(rounds):
        order = sides if i % 2 == 0 else sides[::-1]
        for mode in modes:
            for side in order:
                runs[side.name, mode].append(side.run(cold=mode == "cold"))
            say(f"round {i + 1}/{rounds} {mode}: " + ", ".join(
                f"{s.name} {runs[s.name, mode][-1].seconds:.2f} s" for s in sides))
    return runs


def compare_output(ours: Path, twin: Path) -> str:
    """Whether two builds wrote the same files (by path), in words."""
    def listed(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    mine, theirs = listed(ours), listed(twin)
    if mine == theirs:
        return f"both builds wrote the same {len(mine):,} files"
    only_ours, only_twin = sorted(mine - theirs), sorted(theirs - mine)
    return (f"the builds wrote different files: {len(only_ours)} only ours (e.g. {only_ours[:3]}), "
            f"{len(only_twin)} only the twin's (e.g. {only_twin[:3]})")


def anchors_checked(side: Side, docs: str) -> bool:
    """Whether a build of this side fails on a link to a missing anchor (the probe is removed again)."""
    index = side.folder / docs / "index.md"
    original = index.read_bytes()
    index.write_bytes(original + f"\n\n[benchmark probe](#{PROBE_ANCHOR})\n".encode())
    try:
        log = side.logs / f"{side.name}-{side.folder.name}-probe.log"
        probe = run_timed(side.cmd, side.folder, side.env, log)
    finally:
        index.write_bytes(original)
    return probe.status != 0 and PROBE_ANCHOR in probe.log.read_text(errors="replace")


# ---------------------------------------------------------------- live reload


def serve_child(log: Path, argv: list[str]) -> None:
    """(Child process.) mkdocs with `argv`, writing 'start' and 'end' around every build and one
    'page NAME' line per record page rendered (a Jinja template under pages/), to `log`."""
    import jinja2
    import mkdocs.commands.build as building

    out = log.open("a", buffering=1, encoding="utf-8")
    render, build = jinja2.Template.render, building.build

    def counted_render(self, *args, **kwargs):
        if (self.name or "").startswith("pages/"):
            out.write(f"page {self.name}\n")
        return render(self, *args, **kwargs)

    def logged_build(*args, **kwargs):
        out.write("start\n")
        try:
            return build(*args, **kwargs)
        finally:
            out.write("end\n")

    jinja2.Template.render = counted_render
    building.build = logged_build  # before mkdocs.commands.serve imports it
    from mkdocs.__main__ import cli

    cli.main(args=argv, prog_name="mkdocs")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page_kinds(project: Path) -> dict[str, str]:
    """Data folder → page folder, for the kinds whose records get a page (data/collections.yaml);
    empty when the project does not say."""
    try:
        kinds = yaml.safe_load((project / "data" / "collections.yaml").read_text(encoding="utf-8"))
        return {spec["folder"]: spec["page"] for spec in kinds.values()
                if isinstance(spec, dict) and spec.get("folder") and spec.get("page")}
    except (OSError, AttributeError, yaml.YAMLError):
        return {}


def neighbours(project: Path, path: Path) -> int:
    """How many other records with a page name this record's id, or are named by it: the pages
    whose inputs may include it. A save of it may re-render these and itself, and no others."""
    text = path.read_text(encoding="utf-8")
    named = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text))
    mention = re.compile(rf"(?<![\w-]){re.escape(path.stem)}(?![\w-])")
    folders = [project / "data" / f for f in page_kinds(project)] or [
        p for p in (project / "data").iterdir() if p.is_dir()]
    others = (other for folder in folders for other in folder.glob("*.yaml") if other != path)
    return sum(1 for other in others
               if other.stem in named or mention.search(other.read_text(encoding="utf-8")))


class Server:
    """`mkdocs serve` on a project, with a log of its builds, and one activity to edit."""

    def __init__(self, name: str, project: Path, logs: Path):
        self.name, self.project = name, project
        self.log, self.errors = logs / f"serve-{name}.log", logs / f"serve-{name}.err"
        self.log.write_text("")
        self.edited = min(p for p in (project / "data" / "activities").glob("*.yaml")
                          if not p.stem.startswith(SYNTHETIC))
        self.original = self.edited.read_text(encoding="utf-8")
        # The first build renders every record page (what a save is compared with): the page
        # cache that earlier builds of this copy left is deleted first.
        shutil.rmtree(project / ".cache", ignore_errors=True)
        port = free_port()
        prefix = page_kinds(project).get("activities", "activities")
        self.url = f"http://127.0.0.1:{port}/{prefix}/{self.edited.stem}/"
        env = engine_env(project)
        env.pop("SITE_URL")  # serve uses its own address
        cmd = [sys.executable, str(SCRIPT), "_serve", str(self.log),
               "serve", "--dev-addr", f"127.0.0.1:{port}"]
        with self.errors.open("wb") as err:
            self.process = subprocess.Popen(cmd, cwd=project, env=env, stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=err)

    def events(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()

    def alive(self) -> None:
        if self.process.poll() is not None:
            raise BenchError(f"mkdocs serve ({self.name}) stopped; end of {self.errors}:\n"
                             f"{tail(self.errors)}")

    def wait_idle(self, timeout: float = 600) -> None:
        """Until every build that started has ended and none started for SETTLE seconds."""
        deadline, seen, changed = time.perf_counter() + timeout, -1, time.perf_counter()
        while time.perf_counter() < deadline:
            self.alive()
            events = self.events()
            if len(events) != seen:
                seen, changed = len(events), time.perf_counter()
            elif events.count("start") == events.count("end") > 0 and time.perf_counter() - changed >= SETTLE:
                return
            time.sleep(0.1)
        raise BenchError(f"mkdocs serve ({self.name}) did not settle within {timeout} s")

    def wait_for(self, text: str, timeout: float = 600) -> None:
        """Until the edited record's page is served with `text` in it."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self.alive()
            try:
                with urllib.request.urlopen(self.url, timeout=timeout) as response:
                    if text in response.read().decode("utf-8", errors="replace"):
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise BenchError(f"{self.url} did not show {text!r} within {timeout} s")

    def start(self) -> int:
        """Wait for the first build; the number of record pages it rendered."""
        self.wait_for("</html>")
        self.wait_idle()
        events = self.events()
        return sum(1 for e in events[: events.index("end")] if e.startswith("page "))

    def save(self, word: str) -> tuple[float, int]:
        """Append `word` to the edited activity; seconds until its page is served with it, and the
        record pages rendered because of the save."""
        before = len(self.events())
        record = yaml.safe_load(self.original)
        record[EDITED_FIELD] = f"{record[EDITED_FIELD]} {word}"
        header = self.original.splitlines()[0] + "\n" if self.original.startswith("#") else ""
        text = header + yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)
        start = time.perf_counter()
        self.edited.write_text(text, encoding="utf-8")
        self.wait_for(word)
        elapsed = time.perf_counter() - start
        self.wait_idle()
        return elapsed, sum(1 for e in self.events()[before:] if e.startswith("page "))

    def close(self) -> None:
        self.edited.write_text(self.original, encoding="utf-8")
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # lets mkdocs remove its temporary site
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Reload:
    """Live reload at one size: ours, and the baseline's (None with the reason when not measured)."""

    added: int
    seconds: list[float] = field(default_factory=list)
    rendered: list[int] = field(default_factory=list)
    record_pages: int = 0
    allowed: int = 0
    base_seconds: list[float] = field(default_factory=list)
    base_rendered: list[int] = field(default_factory=list)
    base_error: str | None = None


def measure_reload(project: Path, baseline: Path | None, base_error: str | None, added: int, repeats: int,
                   logs: Path, say: Callable[[str], None]) -> Reload:
    """Saves to one activity, alternating between our server and the baseline's."""
    result = Reload(added, base_error=base_error)
    servers = [Server(f"ours-{added}", project, logs)]
    if baseline is not None:
        servers.append(Server(f"baseline-{added}", baseline, logs))
    try:
        result.record_pages = servers[0].start()
        result.allowed = 1 + neighbours(project, servers[0].edited)
        if len(servers) > 1:
            try:
                servers[1].start()
            except BenchError as err:
                result.base_error = str(err).splitlines()[0]
                servers.pop().close()
        for i in range(repeats):
            for server in servers if i % 2 == 0 else servers[::-1]:
                seconds, rendered = server.save(f"benchmarkedit{i}x{added}")
                ours = server is servers[0]
                (result.seconds if ours else result.base_seconds).append(seconds)
                (result.rendered if ours else result.base_rendered).append(rendered)
                say(f"save {i + 1}/{repeats} {server.name}: {seconds:.2f} s, "
                    f"{rendered} record pages rendered")
    finally:
        for server in servers:
            server.close()
    return result


# ---------------------------------------------------------------- one size


@dataclass
class SizeResult:
    """Everything measured at one size."""

    plan: SizePlan
    pages: int
    runs: dict[tuple[str, str], list[Run]]
    anchors: dict[str, bool] = field(default_factory=dict)
    same_output: str = ""
    validation: dict[tuple[str, str], list[Run]] | None = None
    reload: Reload | None = None

    def spread(self, side: str, mode: str, what: str = "seconds") -> Spread | None:
        runs = self.runs.get((side, mode))
        return Spread.of(getattr(r, what) for r in runs) if runs else None

    def ratio(self, mode: str, what: str = "seconds") -> Spread | None:
        ours, twin = self.runs.get(("ours", mode)), self.runs.get(("twin", mode))
        if not ours or not twin:
            return None
        return ratios((getattr(r, what) for r in ours), (getattr(r, what) for r in twin))


@dataclass
class Settings:
    """What one benchmark run does."""

    plan: tuple[SizePlan, ...]
    pairs: int
    baseline: str | None
    out: Path
    notes: Path | None
    quick: bool
    argv: list[str]


def measure_size(plan: SizePlan, source: Path, tmp: Path, settings: Settings, hugo: bool,
                 say: Callable[[str], None]) -> SizeResult:
    """Prepare the project at this size, its twin and Hugo site, and measure them."""
    logs = tmp / "logs"
    label = f"+{plan.added:,}"
    project = prepare(source, tmp / f"ours-{plan.added}", plan.added)
    twin = tmp / f"twin-{plan.added}"
    say(f"{label}: capture build and plain twin")
    make_twin(project, twin, logs)
    docs = docs_dir_of(project)
    hugo_site = None
    if hugo:
        hugo_site = tmp / f"hugo-{plan.added}"
        make_hugo_site(twin, docs, hugo_site)
    pages = sum(1 for _ in (twin / docs).rglob("*.md"))
    sides = build_sides(project, twin, hugo_site, logs)
    result = SizeResult(plan, pages, {})
    if plan.added == 0:
        result.anchors = {side.name: anchors_checked(side, docs) for side in sides[:2]}
        say(f"{label}: a broken anchor fails the build: "
            + ", ".join(f"{side} {failed}" for side, failed in result.anchors.items()))
    say(f"{label}: {pages} pages, {settings.pairs} interleaved rounds ({', '.join(plan.modes)})")
    result.runs = interleave(sides, plan.modes, settings.pairs, lambda m: say(f"{label}: {m}"))
    result.same_output = compare_output(project / "site", twin / "site")
    if plan.largest:
        say(f"{label}: validation as a whole process")
        validate = Side("validate", project, [sys.executable, "-m", "yamlbook", "validate", str(project)],
                        engine_env(project), PROJECT_CACHES, logs)
        result.validation = interleave([validate], BOTH, settings.pairs, lambda m: say(f"{label}: {m}"))
    if plan.reload:
        result.reload = reload_at(plan.added, project, tmp, settings, lambda m: say(f"{label}: {m}"))
    for folder in (project, twin, hugo_site):
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    return result


def reload_at(added: int, project: Path, tmp: Path, settings: Settings, say: Callable[[str], None]) -> Reload:
    """Live reload on our project and on the baseline revision prepared at the same size."""
    baseline, error = None, None
    if settings.baseline:
        try:
            baseline_source = extract_revision(settings.baseline, tmp / f"baseline-source-{added}")
            baseline = prepare(baseline_source, tmp / f"baseline-{added}", added)
        except (BenchError, subprocess.CalledProcessError, OSError) as err:
            error = str(err).splitlines()[0]
            say(f"baseline not measured: {error}")
    else:
        error = "no baseline revision given"
    try:
        return measure_reload(project, baseline, error, added, settings.pairs, tmp / "logs", say)
    finally:
        for folder in (tmp / f"baseline-source-{added}", tmp / f"baseline-{added}"):
            shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- the page


@dataclass
class Target:
    """One target of the issue and how this run did against it."""

    what: str
    limit: str
    measured: str
    met: bool | None  # None: not measured

    def row(self) -> str:
        verdict = {True: "yes", False: "**no**", None: "not measured"}[self.met]
        return f"| {self.what} | {self.limit} | {self.measured} | {verdict} |"


def size_label(result: SizeResult) -> str:
    return f"the real site ({result.pages} pages)" if not result.plan.added else (
        f"+{result.plan.added:,} activities ({result.pages} pages)")


def overhead_targets(result: SizeResult) -> list[Target]:
    """Ours ÷ twin, warm ≤ 0.85 and cold ≤ 0.95, with anchors still checked."""
    found = []
    anchors_ok = all(result.anchors.values()) if result.anchors else None
    for mode, limit in (("warm", 0.85), ("cold", 0.95)):
        ratio = result.ratio(mode)
        what = f"Build overhead, {mode}, {size_label(result)}: ours ÷ plain twin, anchors checked"
        if ratio is None:
            found.append(Target(what, f"≤ {limit}", "not measured at this size", None))
            continue
        met = ratio.median <= limit and anchors_ok is not False
        note = "" if anchors_ok is not False else "; a broken anchor did not fail one of the builds"
        found.append(Target(what, f"≤ {limit}", ratio.show("") + note, met))
    return found


def reload_targets(reload: Reload | None) -> list[Target]:
    """Live reload ≤ 0.6× the baseline's; record pages re-rendered only when their inputs changed."""
    if reload is None:
        return [Target("Live reload", "", "not measured", None)]
    where = f"+{reload.added:,} activities"
    if reload.base_seconds:
        ratio = ratios(reload.seconds, reload.base_seconds)
        timing = Target(f"Live reload at {where} (save → page served) ÷ the baseline's", "≤ 0.6",
                        f"{ratio.show('')}; ours {Spread.of(reload.seconds).show()}, baseline "
                        f"{Spread.of(reload.base_seconds).show()}", ratio.median <= 0.6)
    else:
        timing = Target(f"Live reload at {where} ÷ the baseline's", "≤ 0.6",
                        f"ours {Spread.of(reload.seconds).show()}; baseline: {reload.base_error}", None)
    rendered = Spread.of(reload.rendered)
    what = f"Record pages re-rendered per save at {where} (of {reload.record_pages})"
    limit = f"≤ {reload.allowed}: the record and the records that name it or that it names"
    if not reload.record_pages:  # the engine no longer renders pages/ templates: the count says nothing
        return [timing, Target(what, limit, "not counted: the first build rendered no pages/ template", None)]
    return [timing, Target(what, limit, rendered.show("", 0), rendered.median <= reload.allowed)]


def validation_targets(result: SizeResult) -> list[Target]:
    """Validation as a whole process: ≤ 0.30 s warm, ≤ 1.0 s cold."""
    found = []
    for mode, limit in (("warm", 0.30), ("cold", 1.0)):
        spread = Spread.of(r.seconds for r in result.validation[("validate", mode)])
        found.append(Target(f"Validation of +{result.plan.added:,} activities, {mode}, whole process",
                            f"≤ {limit:.2f} s", spread.show(), spread.median <= limit))
    return found


def memory_target(result: SizeResult) -> Target:
    """Peak memory ≤ the twin's."""
    ratio = result.ratio("warm", "mib")
    ours, twin = result.spread("ours", "warm", "mib"), result.spread("twin", "warm", "mib")
    return Target(f"Peak memory at +{result.plan.added:,} activities (warm build): ours ÷ plain twin",
                  "≤ 1.00", f"{ratio.show('')}; ours {ours.show('MiB', 0)}, twin {twin.show('MiB', 0)}",
                  ratio.median <= 1.0)


def all_targets(results: list[SizeResult]) -> list[Target]:
    largest = next(r for r in results if r.plan.largest)
    reloads = [r.reload for r in results if r.reload is not None]
    overhead = [t for r in results if r.plan.modes == BOTH for t in overhead_targets(r)]
    return [*overhead, *reload_targets(reloads[-1] if reloads else None), *validation_targets(largest),
            memory_target(largest)]


def cpu_model() -> str:
    """The processor's name where Linux tells it, else the architecture."""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        lines = []
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")),
                platform.machine())


def machine(hugo: str | None) -> str:
    """The machine and the versions this run used."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    dists = (("MkDocs", "mkdocs"), ("mkdocs-material", "mkdocs-material"),
             ("mkdocs-macros", "mkdocs-macros-plugin"))
    versions = ", ".join(f"{name} {_version(dist)}" for name, dist in dists)
    hugo_short = hugo.split()[1] if hugo and len(hugo.split()) > 1 else hugo or "not installed"
    return (f"{cpu_model()}, {os.cpu_count()} CPUs, {memory:.0f} GiB memory, {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}, {versions}, Hugo {hugo_short}")


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def engine_revision() -> str:
    commit = command_output(["git", "rev-parse", "--short", "HEAD"]) or "unknown"
    dirty = command_output(["git", "status", "--porcelain", "--untracked-files=no"])
    return f"commit {commit}" + (" with uncommitted changes" if dirty else "")


def method(settings: Settings, hugo: str | None) -> str:
    """How this run measured, from its settings."""
    sizes = ", ".join(f"+{p.added:,}" for p in settings.plan)
    largest = next(p for p in settings.plan if p.largest)
    warm_only = "".join(f" Only warm builds at +{p.added:,} (the time budget); memory is compared there."
                        for p in settings.plan if "cold" not in p.modes)
    floor = ("Hugo builds the same Markdown files (index.md renamed _index.md) with a three-file layout "
             "(base, single, list: title, section links, table of contents, content), in the same rounds"
             if hugo else f"Hugo was not installed, so its column is empty (Debian: `{HUGO_INSTALL}`)")
    baseline = (f"the engine at revision `{settings.baseline[:12]}` (when the targets were set), in its "
                "own copy with the same synthetic activities" if settings.baseline else "none was given")
    return f"""\
- **Projects.** Copies of the project in a temporary folder, each its own git repository
  (mkdocs-macros asks git about it), each run with its own copy of the engine. Sizes: {sizes}
  synthetic activities. A synthetic activity takes a real one's structure, choices and
  references, with every word replaced by a random word of the same length from the data's
  vocabulary (seed {SEED}): every record's text is its own and fits the schema's limits. It
  relates to as many random activities as its model does.
- **Builds.** Whole processes, `python -m mkdocs build --clean --strict` without `-q`, so a
  broken link or anchor fails the build on both sides. Wall time from start to exit; peak
  memory is the process's maximum resident set (`ru_maxrss` from `wait4`).
- **Plain twin.** The Markdown of every page as our build produced it (macros expanded,
  generated pages included, front matter put back), every other file our docs hold or our
  engine generates, and our mkdocs.yml without the macros plugin, the hooks and the watch
  list: the same theme, extensions, navigation and strict link and anchor validation.
- **Cold and warm.** Cold deletes the project's `.cache/` and every `__pycache__` in the copy
  (the twin has neither; Hugo its `resources/` and cache folder) before the run; warm runs
  after a build of its own side. The OS file cache is warm in both. {settings.pairs} round(s)
  per size: in each, every side once per mode, cold first, the order of the sides reversed
  every other round. Times: the median and, in brackets, the lowest and highest run. Ratios:
  the same of the per-round ratios.{warm_only}
- **Floor.** {floor}.
- **Validation.** `python -m yamlbook validate` on the +{largest.added:,} project as a whole
  process (interpreter start included), cold and warm in alternation, {settings.pairs} of each.
- **Live reload.** `mkdocs serve` (a normal serve, not `--dirty`), kept running. Each save
  appends a word to one real activity's `{EDITED_FIELD}` and is timed until that activity's
  page is served with the word; the server is then left to settle ({SETTLE} s without a
  build). The serve process counts the record pages each save renders (renders of the
  engine's `pages/` templates). Saves alternate with the same save on the baseline: {baseline}.
"""


def overhead_section(results: list[SizeResult]) -> str:
    rows = []
    for result in results:
        for mode in result.plan.modes:
            ratio = result.ratio(mode)
            hugo = result.spread("hugo", mode)
            rows.append(f"| {size_label(result)} | {mode} | {result.spread('ours', mode).show()} | "
                        f"{result.spread('twin', mode).show()} | **{ratio.show('')}** | "
                        f"{hugo.show() if hugo else 'not measured'} |")
    anchors = next((r.anchors for r in results if r.anchors), {})
    probe = ", ".join(f"{side}: {'fails the build' if ok else '**does not fail the build**'}"
                      for side, ok in anchors.items())
    same = "; ".join(f"+{r.plan.added:,}: {r.same_output}" for r in results)
    return ("| project | caches | ours | plain twin | ours ÷ twin | Hugo (the floor) |\n"
            "| --- | --- | ---: | ---: | ---: | ---: |\n" + "\n".join(rows) +
            f"\n\nA link to a missing anchor added to the home page (real site): {probe or 'not probed'}. "
            f"Output of ours and the twin: {same}.")


def scaling_section(results: list[SizeResult]) -> str:
    """Build times by size; the cost of each added record; peak memory by size. (Three narrow
    tables: a table wider than the page scrolls, which a keyboard cannot reach.)"""
    base = results[0]
    columns = (("ours", "warm"), ("ours", "cold"), ("twin", "warm"), ("hugo", "warm"))
    heads = "| ours, warm | ours, cold | twin, warm | Hugo, warm |"

    def time(result: SizeResult, side: str, mode: str) -> str:
        spread = result.spread(side, mode)
        return "not measured" if spread is None else spread.show()

    def per_record(result: SizeResult, side: str, mode: str) -> str:
        spread, start = result.spread(side, mode), base.spread(side, mode)
        if spread is None or start is None:
            return "–"
        return f"{(spread.median - start.median) / result.plan.added * 1000:.1f} ms"

    times = [f"| +{r.plan.added:,} | {r.pages:,} | " + " | ".join(time(r, *c) for c in columns) + " |"
             for r in results]
    costs = [f"| +{r.plan.added:,} | " + " | ".join(per_record(r, *c) for c in columns) + " |"
             for r in results if r.plan.added]
    memory = [f"| +{r.plan.added:,} | {r.spread('ours', 'warm', 'mib').show('MiB', 0)} | "
              f"{r.spread('twin', 'warm', 'mib').show('MiB', 0)} | {r.ratio('warm', 'mib').show('')} |"
              for r in results]
    return (f"| activities added | pages {heads}\n"
            "| ---: | ---: | ---: | ---: | ---: | ---: |\n" + "\n".join(times) +
            "\n\nCost per added record: (median at the size − median at +0) ÷ activities added.\n\n"
            f"| activities added {heads}\n| ---: | ---: | ---: | ---: | ---: |\n" + "\n".join(costs) +
            "\n\nPeak memory of the warm builds (maximum resident set of the process):\n\n"
            "| activities added | ours | plain twin | ours ÷ twin |\n| ---: | ---: | ---: | ---: |\n"
            + "\n".join(memory))


def validation_section(result: SizeResult) -> str:
    runs = {mode: result.validation["validate", mode] for mode in BOTH}
    rows = [f"| {mode} | {Spread.of(r.seconds for r in runs[mode]).show()} | "
            f"{Spread.of(r.mib for r in runs[mode]).show('MiB', 0)} |" for mode in BOTH]
    return (f"`python -m yamlbook validate` on +{result.plan.added:,} activities ({result.pages} pages).\n\n"
            "| caches | time | peak memory |\n| --- | ---: | ---: |\n" + "\n".join(rows))


def reload_section(reloads: list[Reload]) -> str:
    rows = []
    for r in reloads:
        base = Spread.of(r.base_seconds).show() if r.base_seconds else f"not measured: {r.base_error}"
        ratio = ratios(r.seconds, r.base_seconds).show("") if r.base_seconds else "–"
        base_pages = Spread.of(r.base_rendered).show("", 0) if r.base_rendered else "–"
        rows.append(f"| +{r.added:,} | {Spread.of(r.seconds).show()} | {base} | {ratio} | "
                    f"{Spread.of(r.rendered).show('', 0)} of {r.record_pages} "
                    f"(allowed {r.allowed}) | {base_pages} |")
    return ("| activities added | ours: save → served | baseline | ours ÷ baseline "
            "| record pages rendered per save, ours | baseline |\n"
            "| ---: | ---: | ---: | ---: | ---: | ---: |\n" + "\n".join(rows))


def closing_note(targets: list[Target], notes: Path | None) -> str:
    missed = [t for t in targets if t.met is False]
    unmeasured = [t for t in targets if t.met is None]
    lines = [f"- Missed: {t.what}: {t.measured}, target {t.limit}." for t in missed]
    lines += [f"- Not measured: {t.what}: {t.measured}." for t in unmeasured]
    text = "\n".join(lines) if lines else "Every target is met."
    if notes is not None:
        text += "\n\n" + notes.read_text(encoding="utf-8").strip()
    elif missed:
        text += "\n\nNo explanation was given with this run (`--notes FILE` adds the maintainers' one here)."
    return text


QUICK_WARNING = """
!!! warning "Quick run"
    A smoke test (`--quick`): one round and small sizes. Its figures show that the script
    works, not how the engine performs.
"""


def write_page(results: list[SizeResult], settings: Settings, hugo: str | None, started: time.struct_time,
               load: tuple[float, ...], seconds: float) -> None:
    """The results page: targets first, then the method and every measurement."""
    targets = all_targets(results)
    largest = next(r for r in results if r.plan.largest)
    warning = QUICK_WARNING if settings.quick else ""
    page = f"""# Build benchmark

<!-- Written by tests/benchmark.py; do not edit by hand. A maintainers' page, kept out of the nav. -->

Written by `python3 hooks/dev.py bench` (`tests/benchmark.py`); every figure on this page comes
from that one run.
{warning}
- **Run:** {time.strftime("%Y-%m-%d %H:%M", started)} UTC, {seconds / 60:.0f} minutes, command
  `{" ".join(["tests/benchmark.py", *settings.argv])}`.
- **Machine:** {machine(hugo)}.
- **Load average** (1, 5, 15 minutes; other work on the machine): {_load(load)} at the start,
  {_load(os.getloadavg())} at the end. A busy machine slows both sides of a pair alike only on
  average: it widens the spreads.
- **Engine:** {engine_revision()}.

## Targets

Met or not by the median.

| target | limit | measured: median (lowest–highest) | met |
| --- | --- | --- | --- |
{chr(10).join(t.row() for t in targets)}

## How it was measured

{method(settings, hugo)}

## Build time against the plain twin

{overhead_section(results)}

## Scaling

{scaling_section(results)}

## Validation

{validation_section(largest)}

## Live reload

{reload_section([r.reload for r in results if r.reload is not None])}

## Closing note

{closing_note(targets, settings.notes)}
"""
    settings.out.parent.mkdir(parents=True, exist_ok=True)
    settings.out.write_text(page, encoding="utf-8")


# ---------------------------------------------------------------- main


def _load(load: tuple[float, ...]) -> str:
    return ", ".join(f"{x:.2f}" for x in load)


def parse_args(argv: list[str]) -> Settings:
    parser = argparse.ArgumentParser(prog="benchmark.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"smoke test: 1 round, +0 and +100; writes {QUICK_OUT} unless --out is given")
    parser.add_argument("--out", type=Path, help=f"where to write the page (default {OUT.relative_to(ROOT)})")
    parser.add_argument("--pairs", type=int, help="interleaved rounds per measurement (default 5, --quick 1)")
    parser.add_argument("--baseline", default=BASELINE,
                        help="git revision whose live reload is 'today's' (default: %(default).12s); "
                             "'none' skips it")
    parser.add_argument("--notes", type=Path, help="a Markdown file with the maintainers' closing note")
    args = parser.parse_args(argv)
    pairs = args.pairs or (1 if args.quick else 5)
    if pairs < 1:
        parser.error("--pairs must be at least 1")
    return Settings(plan=QUICK_PLAN if args.quick else FULL_PLAN, pairs=pairs,
                    baseline=None if args.baseline.lower() == "none" else args.baseline,
                    out=(args.out or (QUICK_OUT if args.quick else OUT)).resolve(), notes=args.notes,
                    quick=args.quick, argv=argv)


def main(argv: list[str]) -> None:
    if argv[:1] == ["_capture"]:
        return capture_child(Path(argv[1]), Path(argv[2]))
    if argv[:1] == ["_serve"]:
        return serve_child(Path(argv[1]), argv[2:])
    settings = parse_args(argv)
    load = os.getloadavg()
    started, clock = time.gmtime(), time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - clock:6.0f} s] {message}", flush=True)

    hugo = hugo_version()
    if hugo is None:
        say(f"hugo is not installed, so the floor is not measured; to install it: {HUGO_INSTALL}")
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as folder:
        tmp = Path(folder)
        (tmp / "logs").mkdir()
        source = copy_project(ROOT, tmp / "source")  # one snapshot: edits during the run do not leak in
        try:
            results = [measure_size(plan, source, tmp, settings, hugo is not None, say)
                       for plan in settings.plan]
        except BenchError as err:
            sys.exit(f"benchmark stopped: {err}")
    write_page(results, settings, hugo, started, load, time.perf_counter() - clock)
    say(f"wrote {settings.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
