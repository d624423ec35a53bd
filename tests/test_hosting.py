"""Whole builds of a project copy: markup in a record title never reaches the theme live, template
and macro failures are one-line problems (also with -q), and a hosting build needs SITE_URL."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from test_build import ROOT, copy_project, mkdocs_build

BREAKOUT = "X</title><script>window.pwned=1</script><title>"
# The title field of each kind with a generated page, and a record of it.
TITLED = {
    "activities/advertising-campaigns": "title",
    "metrics/conversion-rate": "name",
    "checklists/campaign-launch": "title",
    "worksheets/balance-scorecard": "title",
}


def set_field(project: Path, record: str, field: str, value: str) -> None:
    path = project / "data" / f"{record}.yaml"
    text, count = re.subn(rf"(?m)^{field}: .*$", f"{field}: {json.dumps(value)}", path.read_text())
    assert count == 1, record
    path.write_text(text)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The real project with a breakout title on one record of every page kind."""
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    for record, field in TITLED.items():
        set_field(project, record, field, f"{BREAKOUT} {record}")
    set_field(project, "activities/market-research", "title", "Research\n\n# Injected heading\n\n[x](#y)")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_no_markup_from_a_title_is_live_anywhere_in_the_site(hostile_site):
    # playbook.json is the data as written (served as JSON, never as a page), so it keeps the
    # title's text exactly; a reader of it gets a string, not markup.
    published = hostile_site / "playbook.json"
    for path in hostile_site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml", ".js") and path != published:
            assert "<script>window.pwned" not in path.read_text(encoding="utf-8"), path
    titles = [r["title"] for r in json.loads(published.read_text(encoding="utf-8"))["records"]["activities"]]
    assert any(t.startswith("X</title><script>") for t in titles)


@pytest.mark.parametrize("record", list(TITLED))
def test_the_page_title_shows_the_markup_as_text(hostile_site, record):
    html = (hostile_site / record / "index.html").read_text(encoding="utf-8")
    [title] = re.findall(r"<title>(.*?)</title>", html, re.S)
    assert title.startswith("X&lt;/title&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;title&gt; ")
    assert html.count("<title>") == 1


def test_search_index_keeps_titles_escaped(hostile_site):
    docs = json.loads((hostile_site / "search" / "search_index.json").read_text())["docs"]
    titles = [d["title"] for d in docs if "pwned" in d["title"]]
    assert len(titles) >= len(TITLED)  # each page, and the activity on the cards page
    assert all("&lt;script&gt;" in t and "<script>" not in t for t in titles)


def test_a_newline_in_a_title_stays_in_the_heading(hostile_site):
    html = (hostile_site / "activities" / "market-research" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="injected-heading"' not in html
    assert re.search(r"<h1 id=[^>]*>Research # Injected heading \[x\]\(#y\)", html)


def test_a_hosting_build_without_site_url_stops_with_a_message(tmp_path):
    project = copy_project(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(project / "site")],
        cwd=project, capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "SITE_URL is not set: a build for hosting needs the public address of the site" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site" / "sitemap.xml").exists()


def test_the_build_command_asks_for_site_url_before_anything_else():
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = subprocess.run([sys.executable, str(ROOT / "hooks" / "dev.py"), "build"],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("SITE_URL is not set")


def test_canonical_and_sitemap_use_site_url(tmp_path):
    project = copy_project(tmp_path)
    result = mkdocs_build(project, site_url="https://example.org/playbook/")
    assert result.returncode == 0, result.stderr
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/playbook/">' in home
    sitemap = (project / "site" / "sitemap.xml").read_text()
    assert "127.0.0.1" not in sitemap and "<loc>https://example.org/playbook/activities/</loc>" in sitemap
    not_found = (project / "site" / "404.html").read_text(encoding="utf-8")
    assert 'href="/playbook/assets/stylesheets/' in not_found and 'href="/assets/' not in not_found



def _line_of(template: str, text: str) -> int:
    """The line of an engine template that holds text, as a problem names it."""
    lines = (ROOT / "hooks/yamlbook/templates" / template).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)

# How a page or template is broken, and the exact problem line the build reports.
TEMPLATE_CASES = {
    "unknown-macro": (
        "playbook/glossary.md", "{{ glossary() }}", "{{ glosary() }}",
        "playbook/glossary.md:5: unknown macro or variable 'glosary'; did you mean glossary?",
    ),
    "syntax-error": (
        "playbook/glossary.md", "{{ glossary() }}", "{{ glossary( }}",
        "playbook/glossary.md:5: template syntax error: unexpected '}', expected ')'; check the {{ ... }} and {% ... %} on "
        "this line (write {% raw %}...{% endraw %} around text that should show braces as they are)",
    ),
    "macro-fails": (
        "playbook/glossary.md", "{{ glossary() }}", "{{ glossary('extra') }}",
        "playbook/glossary.md: the macro glossary() failed: TypeError: ",
    ),
    "engine-template-undefined": (
        "hooks/yamlbook/templates/pages/activities.md.j2", "## Why it matters", "## Why it matters {{ record.nope }}",
        f"hooks/yamlbook/templates/pages/activities.md.j2:{_line_of('pages/activities.md.j2', '## Why it matters')}: "
        "while rendering the page activities/",
    ),
    "engine-template-lookup": (
        "hooks/yamlbook/templates/glossary.html.j2", "<dl", "{{ data.title('activities', 'nope') }}<dl",
        "hooks/yamlbook/templates/glossary.html.j2:",
    ),
}


@pytest.mark.parametrize("case", list(TEMPLATE_CASES))
def test_template_and_macro_failures_are_one_line_problems(tmp_path, case):
    rel, old, new, expected = TEMPLATE_CASES[case]
    project = copy_project(tmp_path)
    path = project / rel
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    result = mkdocs_build(project)  # with -q, as CI runs it: the message must still show
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert expected in result.stderr
    if case == "engine-template-lookup":
        assert "no activities record 'nope'" in result.stderr


def test_a_quiet_strict_build_still_fails_on_a_broken_link(tmp_path):
    # MkDocs' -q would drop the warning, and --strict would then pass the build.
    project = copy_project(tmp_path)
    with open(project / "playbook" / "glossary.md", "a") as page:
        page.write("\n[broken](upstream.md#no-such-anchor)\n")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "does not contain an anchor '#no-such-anchor'" in result.stderr
