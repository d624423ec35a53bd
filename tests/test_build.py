"""Sites built with --strict: every record has a page, indexes and cross-links resolve (for the
real playbook and the second one in tests/fixtures, from whatever records each holds), bad
data stops the build cleanly, and text from data is never run as a template."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from conftest import FIXTURE

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
PAGE_KINDS = ("activities", "metrics", "checklists", "worksheets")


def records(kind: str, root: Path = ROOT) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text()) for p in sorted((root / "data" / kind).glob("*.yaml"))}


@pytest.fixture(params=["real", "second"])
def built(request) -> tuple[Path, Path]:
    """(project root, built site) of each playbook: the engine's tests hold for both."""
    if request.param == "real":
        return ROOT, request.getfixturevalue("site")
    return FIXTURE, request.getfixturevalue("fixture_site")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_of(site: Path, page: str) -> set[str]:
    """Site-relative paths ('activities/x/') of the internal links on a page ('activities/')."""
    parser = _Links()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    base = f"http://site/{page}"
    found = set()
    for href in parser.hrefs:
        url = urlparse(urljoin(base, href))
        if url.netloc == "site" and not url.path.startswith("/assets"):
            found.add(url.path.lstrip("/"))
    return found


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_record_has_a_generated_page(built, kind):
    root, site = built
    for record_id, data in records(kind, root).items():
        page = (site / kind / record_id / "index.html").read_text(encoding="utf-8")
        heading = re.search(r"<h1 id=[^>]*>(.*?)<a class=\"headerlink\"", page).group(1)
        assert html.unescape(re.sub(r"<[^>]+>", "", heading)) == data.get("title", data.get("name")), record_id


def test_indexes_list_every_record(built):
    root, site = built
    activities = {f"activities/{i}/" for i in records("activities", root)}
    assert activities <= links_of(site, "activities/")
    # Each stream has its own list of activities, at activities/<stream id>/.
    by_stream = set().union(*(links_of(site, f"activities/{s}/") for s in records("streams", root)))
    assert activities <= by_stream
    for kind in PAGE_KINDS[1:]:
        assert {f"{kind}/{i}/" for i in records(kind, root)} <= links_of(site, f"{kind}/"), kind


def test_cross_links_resolve(built):
    root, site = built
    metric_users: dict[str, set[str]] = {}
    for record_id, activity in records("activities", root).items():
        links = links_of(site, f"activities/{record_id}/")
        assert {f"metrics/{m}/" for m in activity["metrics"]} <= links, record_id
        assert {f"activities/{r}/" for r in activity["related"]} <= links, record_id
        for metric in activity["metrics"]:
            metric_users.setdefault(metric, set()).add(record_id)
    for metric, users in metric_users.items():
        assert {f"activities/{a}/" for a in users} <= links_of(site, f"metrics/{metric}/"), metric
    for record_id, checklist in records("checklists", root).items():
        wanted = {f"activities/{item['activity']}/" for item in checklist["items"] if "activity" in item}
        assert wanted <= links_of(site, f"checklists/{record_id}/"), record_id


def test_every_activity_within_three_clicks_of_home(built):
    root, site = built
    seen, frontier = {""}, {""}
    for _ in range(3):
        frontier = {link for page in frontier for link in links_of(site, page)} - seen
        frontier = {p for p in frontier if (site / p / "index.html").exists()}
        seen |= frontier
    missing = {f"activities/{i}/" for i in records("activities", root)} - seen
    assert not missing


def copy_project(tmp_path: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("playbook", "data", "hooks"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=ignore)
    for name in ("mkdocs.yml", "pyproject.toml"):  # pyproject.toml: the engine settings
        shutil.copy(ROOT / name, tmp_path)
    return tmp_path


def mkdocs_build(project: Path, *options: str, site_url: str | None = "http://127.0.0.1:8000/",
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict -q` in a project, as a hosting build runs it (SITE_URL set unless
    None; env: more environment variables)."""
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"} | ({"SITE_URL": site_url} if site_url else {}) | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(project / "site"), *options],
        cwd=project, capture_output=True, text=True, env=env,
    )


@pytest.mark.parametrize(
    "fixture", sorted((FIXTURES / "invalid").glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_bad_data_stops_the_build_cleanly(tmp_path, fixture):
    from test_validate import EXPECTED

    project = copy_project(tmp_path)
    shutil.copy(fixture, project / "data" / fixture.parent.name / fixture.name)
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    for line in EXPECTED[f"{fixture.parent.name}/{fixture.name}"]:
        assert line.split("; should be one of:")[0] in result.stderr


def test_text_from_data_is_never_a_template_and_html_is_escaped(tmp_path):
    project = copy_project(tmp_path)
    shutil.copy(FIXTURES / "injection" / "zz-injection.yaml", project / "data" / "activities")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "activities" / "zz-injection" / "index.html").read_text(encoding="utf-8")
    main = html[html.index('<article class="md-content__inner'):]
    assert "{{ config.site_name }}" in main
    assert "{% raw %}" in main and "{% if true %}IF-RAN{% endif %}" in main
    assert "{# a Jinja comment #}" in main
    assert "Injection &lt;b&gt;bold&lt;/b&gt;" in main
    assert "&lt;script&gt;alert(" in main
    assert "&lt;img src=" in main and "&lt;iframe" in main
    assert not re.search(r"<(script|img|iframe)[^>]*(alert|example\.org|onerror)", main)
    assert "<strong>Markdown</strong> still works" in main
    # The catalogue lists the record by its title, escaped as well.
    catalogue = (project / "site" / "activities" / "index.html").read_text(encoding="utf-8")
    assert "Injection &lt;b&gt;bold&lt;/b&gt; {{ config.site_name }}" in catalogue


def test_onboarding_reading_links_name_their_pages(site):
    page = (site / "onboarding" / "index.html").read_text(encoding="utf-8")
    names = re.findall(r'Read <a href="[^"]*">([^<]*)</a>', page)
    assert len(names) >= 6
    assert not [name for name in names if name.endswith(".md")]
    assert "Activity catalog" in names
