"""The pre-commit hook: the published definition, this repository's local copy of it, and one
real run of the published hook by pre-commit itself, on valid data and on a broken record."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from pre_commit.clientlib import load_config, load_manifest

from test_validate import ROOT

HOOK_ID = "yamlbook-validate"
# The local copy may differ only in how the command is found: the project's .venv, not an
# environment pre-commit installs.
HOW_IT_RUNS = {"entry", "language"}


def published_hook() -> dict:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return hook


def local_hook() -> dict:
    [repo] = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"]
    assert repo["repo"] == "local"
    [hook] = repo["hooks"]
    return hook


def test_the_published_hook_runs_the_yamlbook_command_on_data_changes():
    hook = published_hook()
    assert hook["id"] == HOOK_ID
    assert hook["entry"] == "yamlbook validate" and hook["language"] == "python"
    assert (hook["pass_filenames"], hook["require_serial"], hook["always_run"]) == (False, True, False)
    assert re.search(hook["files"], "data/activities/x.yaml")
    assert not re.search(hook["files"], "playbook/index.md")
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["yamlbook"] == "yamlbook.cli:main"  # what `entry` runs, once pre-commit installs it
    load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))  # pre-commit's own check of the file


def test_this_repository_runs_the_same_hook_locally():
    published, local = published_hook(), local_hook()
    assert {k: v for k, v in local.items() if k not in HOW_IT_RUNS} == \
           {k: v for k, v in published.items() if k not in HOW_IT_RUNS}
    assert local["language"] == "system" and local["entry"].endswith(" validate")
    load_config(str(ROOT / ".pre-commit-config.yaml"))


def _project_repository(target: Path) -> Path:
    """A git repository holding the working tree as it is now (uncommitted and new files too),
    committed, so pre-commit installs exactly this code."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file() and not source.is_symlink():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid",
           "-c", "commit.gpgsign=false"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run(git + command, cwd=target, check=True, capture_output=True)
    return target


def _try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", ".", HOOK_ID, "--all-files", "--verbose"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False)


def test_pre_commit_runs_the_published_hook(tmp_path):
    """pre-commit installs the project from its repository root (from PyPI, the dependencies) and
    runs the hook: it passes on the real data and fails, with yamlbook's message, on a bad record."""
    repo = _project_repository(tmp_path / "repo")
    home = tmp_path / "pre-commit-home"

    passed = _try_repo(repo, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "The playbook data is valid" in passed.stdout

    record = min((repo / "data" / "activities").glob("*.yaml"))
    lines = record.read_text().splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("id: "))
    lines[number] = "id: not-the-file-name\n"
    record.write_text("".join(lines))
    failed = _try_repo(repo, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    rel = record.relative_to(repo).as_posix()
    assert (f"{rel}:{number + 1}: $.id: 'not-the-file-name' must equal the file name '{record.stem}'"
            in failed.stdout), failed.stdout
