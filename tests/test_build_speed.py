"""What makes the build fast keeps it correct: the engine's HTML is put back after Markdown with
its element ids still link targets (and a link to a missing anchor still fails), record pages and
widgets are rendered again only when what they read changed, the quick paths for data Markdown
give what Markdown gives, and the printable cards stay out of the search index."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from conftest import build_site
from test_build import ROOT, copy_project, mkdocs_build
from yamlbook import helper, load_dataset, pagecache, prerendered, text
from yamlbook.render import Renderer

PLACEHOLDER = re.compile(r"yamlbookhtml[0-9a-f]{32}")


# ---------------------------------------------------------------- the HTML put back after Markdown


def test_a_fragment_is_one_word_in_markdown_and_comes_back_after_it():
    prerendered.forget()
    fragment = '<div id="a-widget"><p>Some <em>HTML</em></p>\n\n<a name="old-anchor">x</a></div>'
    held = prerendered.hold(f"\n{fragment}\n")
    assert PLACEHOLDER.fullmatch(held.strip()) and held.startswith("\n") and held.endswith("\n")
    again = prerendered.hold(fragment)  # held twice: two placeholders
    assert again != held.strip()
    page = markdown.Markdown(extensions=["toc", "attr_list"]).convert(f"# Title\n{held}\nText {again} more.")
    assert "<div" not in page and f"<p>{held.strip()}</p>" in page
    html, ids = prerendered.release(page)
    assert html.count(fragment) == 2 and not PLACEHOLDER.search(html)
    assert f"</h1>\n{fragment}\n<p>Text" in html  # its paragraph is replaced, not wrapped around it
    assert ids == {"a-widget", "old-anchor"}
    assert prerendered.release(page)[0] == page  # released once: the fragments are let go


def test_a_placeholder_nobody_holds_stays_text():
    prerendered.forget()
    typed = "<p>yamlbookhtml" + "0" * 32 + "</p>"
    assert prerendered.release(typed) == (typed, set())


def test_ids_are_found_in_tags_only():
    found = prerendered.element_ids(
        '<p id="one" class="x">id="not-an-id" &amp; name="nor-this"</p><!-- <b id="in-a-comment"> -->'
        "<a name=\"by-name\" href='#'>a</a><span name=\"span-name\"></span><h2\nid='two' >t</h2>"
        '<i id="t&amp;c"></i><input data-id="no" value="x id=&#34;no&#34;">')
    assert found == {"one", "by-name", "two", "t&c"}


def test_text_from_data_cannot_name_a_fragment(tmp_path):
    """The keys a cache holds are not the ones a build swaps: data that copies one stays text."""
    from test_validate import make_project

    root = make_project(tmp_path)
    _render_all(root)
    stored = [json.loads(p.read_text()) for p in (root / ".cache" / pagecache.FOLDER).glob("*.json")]
    key = next(PLACEHOLDER.search(entry["text"]).group(0) for entry in stored if "# Alpha" in entry["text"])
    path = root / "data" / "activities" / "beta.yaml"  # a field of beta that alpha's page does not show
    _edit(path, "summary: ", f"summary: Copied {key} here. ")
    pages, rendered = _render_all(root)
    assert rendered == ["activities/beta.md"]  # alpha's page, with that key's fragment, is from the cache
    assert f"Copied {key} here." in pages["activities/beta.md"]
    assert not PLACEHOLDER.search(pages["activities/alpha.md"])


def test_built_pages_hold_no_placeholders(site):
    for path in site.rglob("*.html"):
        assert not PLACEHOLDER.search(path.read_text(encoding="utf-8")), path


def test_record_headings_stay_markdown_with_permalinks_and_table_of_contents(site):
    html = (site / "activities" / "market-research" / "index.html").read_text(encoding="utf-8")
    for slug, heading in (("why-it-matters", "Why it matters"), ("steps", "Steps"), ("related", "Related")):
        assert f'<h2 id="{slug}">{heading}<a class="headerlink" href="#{slug}"' in html
        assert re.search(rf'<a href="#{slug}" class="md-nav__link">\s*<span class="md-ellipsis">\s*{heading}', html)
    assert '<ol class="pb-steps">' in html and '<div class="pb-first-step">' in html


def test_links_to_ids_in_engine_html_are_checked(tmp_path):
    """MkDocs no longer sees the engine's HTML, so the glue hands it the ids in it: a link to one
    of them passes the strict build, and a link to a missing anchor still fails it."""
    project = copy_project(tmp_path)
    glossary_id = sorted((project / "data" / "glossary").glob("*.yaml"))[0].stem
    about = project / "playbook" / "about.md"
    original = about.read_text()
    about.write_text(original + f"\n[a term](glossary.md#term-{glossary_id}) "
                                "[a card](activities/cards.md#card-market-research) "
                                "[a stage](onboarding.md#stage-first-week)\n")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    about.write_text(original + "\n[a missing term](glossary.md#term-no-such-term)\n")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "contains a link 'glossary.md#term-no-such-term', but the doc 'glossary.md' does not " \
           "contain an anchor '#term-no-such-term'" in result.stderr


def test_the_printable_cards_are_out_of_the_search_index(site):
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    locations = {doc["location"].split("#")[0] for doc in docs}
    assert "activities/cards/" not in locations
    assert "activities/market-research/" in locations and "glossary/" in locations


# ---------------------------------------------------------------- renders kept between builds


def _project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path)
    shutil.copy(ROOT / "pyproject.toml", root)
    return root


def _render_all(root: Path) -> tuple[dict[str, str], list[str]]:
    """Every record page of the project as a build renders it, and the pages rendered afresh."""
    renderer = Renderer(load_dataset(root))
    pages = {path: renderer.record_page(kind, record_id, path) for kind, record_id, path in
             renderer.data.generated_pages()}
    renderer.pages.save()
    return pages, list(renderer.pages.rendered)


def _edit(path: Path, old: str, new: str) -> None:
    text_ = path.read_text(encoding="utf-8")
    assert old in text_, path
    path.write_text(text_.replace(old, new, 1), encoding="utf-8")


def _neighbours(root: Path, kind: str, record_id: str) -> set[str]:
    """The pages of a record and of the records whose files name it or that it names: the only
    ones that may read it (as the benchmark counts them)."""
    data = load_dataset(root)
    named = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", data.records[kind][record_id].path.read_text(encoding="utf-8")))
    word = re.compile(rf"(?<![\w-]){re.escape(record_id)}(?![\w-])")
    return {path for other_kind, other, path in data.generated_pages()
            if other in named or word.search(data.records[other_kind][other].path.read_text(encoding="utf-8"))}


def _fresh(root: Path) -> dict[str, str]:
    """The record pages as a new process with no stored renders makes them."""
    pagecache._caches.clear()
    shutil.rmtree(root / ".cache", ignore_errors=True)
    return _render_all(root)[0]


def test_an_edit_re_renders_the_page_and_the_pages_that_read_it_only(tmp_path):
    root = _project(tmp_path)
    first, rendered = _render_all(root)
    assert sorted(rendered) == sorted(first)  # nothing stored yet
    again, rendered = _render_all(root)  # the data loaded afresh, unchanged
    assert rendered == [] and again == first

    page, activity = "activities/market-research.md", root / "data" / "activities" / "market-research.yaml"
    readers = _neighbours(root, "activities", "market-research")
    assert page in readers and len(readers) < len(first) / 2
    _edit(activity, "first_step: ", "first_step: Edited first. ")
    after, rendered = _render_all(root)
    assert page in rendered and set(rendered) <= readers
    assert "Edited first." in after[page]
    # Pages that only show its title (the activities that relate to it, its metrics) were kept.
    assert {"activities/competitive-intelligence.md", "metrics/market-share.md"} <= readers - set(rendered)

    _edit(activity, "title: Market research", "title: Renamed research")
    after_title, rendered = _render_all(root)
    changed = {path for path in after if after[path] != after_title[path]}
    assert page in changed and len(changed) > 1  # other pages show its title
    assert changed <= set(rendered) <= readers
    assert _fresh(root) == after_title


def test_a_template_change_re_renders_every_page(tmp_path):
    root = _project(tmp_path)
    _edit(root / "pyproject.toml", "\n[tool.yamlbook]\n", '\n[tool.yamlbook]\ntemplates = "templates"\n')
    override = root / "templates" / "pages" / "metrics.md.j2"  # a project's own page, without `stash`
    override.parent.mkdir(parents=True)
    override.write_text('# {{ record.name | heading }}\n\n<div class="own">{{ record.definition | md }}</div>\n')
    first, rendered = _render_all(root)
    assert len(rendered) == len(first)
    metric = next(page for page in first if page.startswith("metrics/"))
    assert first[metric].count('<div class="own">') == 1
    _, rendered = _render_all(root)
    assert rendered == []
    override.write_text(override.read_text().replace('"own"', '"changed"'))
    after, rendered = _render_all(root)
    assert sorted(rendered) == sorted(first)
    assert '<div class="changed">' in after[metric]


def test_the_stored_renders_are_plain_json_and_a_broken_one_is_rendered_again(tmp_path):
    root = _project(tmp_path)
    first, _ = _render_all(root)
    stored = sorted((root / ".cache" / pagecache.FOLDER).glob("*"))
    assert len(stored) == len(first) and all(path.suffix == ".json" for path in stored)
    entry = json.loads(stored[0].read_text(encoding="utf-8"))
    assert {"engine", "questions", "answers", "text", "fragments"} <= set(entry)
    stored[0].write_text("{not json", encoding="utf-8")
    stored[1].write_text(json.dumps({**entry, "version": -1}), encoding="utf-8")
    pagecache._caches.clear()  # a new process: only what is on disk
    again, rendered = _render_all(root)
    assert len(rendered) == 2 and again == first


def test_a_deleted_record_is_not_served_from_the_cache(tmp_path):
    from test_validate import make_project

    root = make_project(tmp_path)
    first, _ = _render_all(root)
    assert "Check one" in first["activities/alpha.md"]  # the checklists with a step on it
    (root / "data" / "checklists" / "check-one.yaml").unlink()
    pages, rendered = _render_all(root)
    assert "checklists/check-one.md" not in pages and "Check one" not in pages["activities/alpha.md"]
    assert rendered == ["activities/alpha.md"]
    assert _fresh(root) == pages


def test_a_rebuild_in_one_process_renders_only_what_an_edit_changed(tmp_path):
    """What `mkdocs serve` does on a save: the same process builds again."""
    import jinja2

    project = copy_project(tmp_path)
    counted: list[str] = []
    render = jinja2.Template.render

    def counting(self, *args, **kwargs):
        if (self.name or "").startswith("pages/"):
            counted.append(self.name)
        return render(self, *args, **kwargs)

    build_site(tmp_path / "one", project / "mkdocs.yml", site_url="http://127.0.0.1:8000/")
    _edit(project / "data" / "activities" / "market-research.yaml", "first_step: ", "first_step: Served edit. ")
    jinja2.Template.render = counting
    try:
        build_site(tmp_path / "two", project / "mkdocs.yml", site_url="http://127.0.0.1:8000/")
    finally:
        jinja2.Template.render = render
    assert counted.count("pages/activities.md.j2") == 1  # of about fifty activity pages
    assert len(counted) <= len(_neighbours(project, "activities", "market-research")) < 20
    page = (tmp_path / "two" / "activities" / "market-research" / "index.html").read_text(encoding="utf-8")
    assert "Served edit." in page
    cards = (tmp_path / "two" / "activities" / "cards" / "index.html").read_text(encoding="utf-8")
    assert "Served edit." in cards  # the deck reads every activity, so it was rendered again too


def test_a_warm_build_writes_the_same_site_as_a_cold_one(tmp_path, site):
    """Cold with the helper process rendering record pages (helper.py), cold without it, and
    warm: the same site. Also the published data: a one-off build copies it from the cache
    folder, an in-process build (the `site` fixture) from memory."""
    project = copy_project(tmp_path)
    sites = []
    for name, env in (("cold", {}), ("warm", {}), ("cold-alone", {helper.SWITCH: "0"})):
        if name == "cold-alone":
            shutil.rmtree(project / ".cache")
        result = mkdocs_build(project, env=env)
        assert result.returncode == 0, result.stderr
        sites.append({p.relative_to(project / "site").as_posix(): p.read_bytes()
                      for p in (project / "site").rglob("*") if p.is_file() and p.name != "sitemap.xml.gz"})
        shutil.move(project / "site", tmp_path / name)
        stored = list((project / ".cache" / pagecache.FOLDER).iterdir())
        assert stored and all(p.suffix == ".json" for p in stored), name  # no write cut short is left
    assert sites[0].keys() == sites[1].keys() == sites[2].keys()
    assert [name for name in sites[0] if not sites[0][name] == sites[1][name] == sites[2][name]] == []
    for name in ("playbook.json", "schemas/activity.schema.json"):
        assert sites[1][name] == (site / name).read_bytes(), name


# A child process of its own for each run: pytest may have threads (the browser tests'), and a
# fork is only safe in a process that has none, as a one-off `mkdocs build` has.
_HELPER_RUN = """
import json, os, sys
from pathlib import Path
from yamlbook import helper, load_dataset
from yamlbook.render import Renderer

helper.MIN_PAGES = int(sys.argv[2])
renderer = Renderer(load_dataset(Path(sys.argv[1])))
renderer.pages.in_memory = False  # as in a one-off build
pages = renderer.data.generated_pages()
pid = helper.start(renderer, pages)
if pid is not None:
    os.waitpid(pid, 0)  # let it finish (a build stops it when every page is read)
bodies = {path: renderer.record_markdown(kind, record_id, path) for kind, record_id, path in pages}
print(json.dumps({"started": pid is not None, "pages": len(pages), "rendered": renderer.pages.rendered}))
"""


def _helper_run(project: Path, min_pages: int, **env: str) -> dict:
    result = subprocess.run([sys.executable, "-c", _HELPER_RUN, str(project), str(min_pages)],
                            capture_output=True, text=True, timeout=300, env={**os.environ, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_helper_process_renders_the_record_pages_a_cold_build_then_reads(tmp_path):
    from conftest import FIXTURE

    project = tmp_path / "playbook"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns(".cache"))
    ran = _helper_run(project, 1)
    assert ran["started"] and ran["pages"] == 6
    assert ran["rendered"] == []  # the build itself rendered none: it read the child's renders
    stored = sorted((project / ".cache" / pagecache.FOLDER).iterdir())
    assert len(stored) == 6 and all(pagecache.Entry.from_json(p.read_text()) is not None for p in stored)


def test_no_helper_process_for_a_few_pages_or_when_switched_off(tmp_path):
    from conftest import FIXTURE

    project = tmp_path / "playbook"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns(".cache"))
    assert helper.MIN_PAGES > 6
    few = _helper_run(project, helper.MIN_PAGES)  # the fixture has 6 record pages
    assert not few["started"] and len(few["rendered"]) == 6
    shutil.rmtree(project / ".cache")
    off = _helper_run(project, 1, **{helper.SWITCH: "0"})
    assert not off["started"] and len(off["rendered"]) == 6


# ---------------------------------------------------------------- data Markdown's quick paths


def _markdown(text_: str) -> str:
    return text._MD.reset().convert(text_)


@pytest.mark.parametrize("seed", range(3))
def test_the_bold_lead_in_shortcut_gives_what_markdown_gives(seed):
    """Text that is not plain gives exactly what Markdown gives, by the shortcut or not."""
    rng = random.Random(seed)
    pieces = ["a", "b", "Why.", " ", " ", "  ", "*", "**", "-", "(", ")", "'", '"', "\t", "é", "\u00a0", "1.", "_"]

    words = ["a", "Why.", " ", " ", "b c", "(1)", "'q'", '"q"', "é", "-"]

    def some(choices: list[str]) -> str:
        return "".join(rng.choice(choices) for _ in range(rng.randint(0, 6)))

    taken = 0
    for i in range(3000):
        choices = words if i % 2 else pieces  # half of them mostly what the shortcut takes
        sample = rng.choice(["**", "**", "", " **", "***"]) + some(choices) + rng.choice(["**", "**", "*", "** "]) + some(choices)
        if text._is_plain(sample):
            continue
        taken += bool(text._BOLD_LEAD.fullmatch(sample) and not text._NOT_BOLD_LEAD.search(sample))
        assert str(text.to_html(sample)) == _markdown(sample), repr(sample)
    assert taken > 50


def test_the_shortcuts_take_the_fields_of_the_real_data():
    data = load_dataset(ROOT)
    texts: list[str] = []
    pending: list = [record.data for kind in data.records.values() for record in kind.values()]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending += value.values()
        elif isinstance(value, list):
            pending += value
        elif isinstance(value, str):
            texts.append(value)
    slow = [t for t in texts if not text._is_plain(t) and not (
        text._BOLD_LEAD.fullmatch(t) and not text._NOT_BOLD_LEAD.search(t))]
    assert len(slow) < len(texts) / 10
    for sample in texts:
        if not text._is_plain(sample) and text._BOLD_LEAD.fullmatch(sample) and not text._NOT_BOLD_LEAD.search(sample):
            assert str(text.to_html(sample)) == _markdown(sample)
        elif "\n" not in sample and text._is_plain(sample):
            assert text._MARKUP.search(sample) is None
