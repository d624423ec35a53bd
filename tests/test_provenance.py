"""Honest numbers: every example is sourced or labelled illustrative, a sourced one names its
source and where, and an example about a recurring case writes the case's numbers."""

from __future__ import annotations

from test_hardening import ALPHA, SOURCE, edit, write
from test_validate import make_project, problems_for
from yamlbook import load_dataset
from yamlbook.render import Renderer

CASE = """# yaml-language-server: $schema=../schemas/case.schema.json
id: bakery
name: A regional bakery chain
summary: Shops in one region.
basis: illustrative
facts:
  - {name: shops, value: 14, unit: shops}
  - {name: loyalty members surveyed, value: 1200, unit: loyalty members}
"""
EXAMPLE = "  - basis: illustrative\n    text: The unit tests in tests/test_validate.py.\n"


def test_a_sourced_example_needs_its_source_and_where(tmp_path):
    root = make_project(tmp_path)
    edit(ALPHA, EXAMPLE, "  - basis: sourced\n    text: The unit tests.\n")(root)
    assert problems_for(root) == [
        f"{ALPHA}:31: $.examples[0]: a sourced item needs 'source': the id of the source record (data/sources)",
        f"{ALPHA}:31: $.examples[0]: a sourced item needs 'where': where in the source its facts are",
    ]


def test_an_illustrative_example_names_no_source(tmp_path):
    root = make_project(tmp_path)
    write("data/sources/a-source.yaml", SOURCE)(root)
    edit(ALPHA, EXAMPLE, EXAMPLE + "    source: a-source\n")(root)
    assert problems_for(root) == [
        f"{ALPHA}:33: $.examples[0].source: only a sourced item has 'source'; set 'basis: sourced' if the "
        "source says this, or remove 'source'",
    ]


def test_an_example_about_a_case_must_write_its_numbers(tmp_path):
    root = make_project(tmp_path)
    write("data/cases/bakery.yaml", CASE)(root)
    edit(ALPHA, EXAMPLE, "  - basis: illustrative\n    case: bakery\n    text: The chain's 12 shops surveyed "
         "1,200 loyalty members.\n")(root)
    assert problems_for(root) == [
        f"{ALPHA}:33: $.examples[0].text: says '12 shops', but the case 'bakery' has 14 shops (shops); write 14, "
        "or change the case in data/cases/bakery.yaml",
    ]
    edit(ALPHA, "12 shops", "14 shops")(root)
    assert load_dataset(root).get("activities", "alpha")["examples"][0]["case"] == "bakery"


def test_pages_label_each_example_with_where_it_comes_from(tmp_path):
    root = make_project(tmp_path)
    write("data/sources/a-source.yaml", SOURCE)(root)
    (root / "playbook" / "sources.md").write_text("# Sources\n")
    edit(ALPHA, EXAMPLE, EXAMPLE + "  - basis: sourced\n    source: a-source\n    where: the second paragraph\n"
         "    text: What the source says.\n")(root)
    html = Renderer(load_dataset(root)).record_page("activities", "alpha", "activities/alpha.md")
    assert '<span class="pb-basis pb-basis--illustrative">Illustrative example:</span> The unit tests' in html
    assert ('<span class="pb-basis pb-basis--sourced">From <a href="../../sources/#a-source">A source</a> '
            "(the second paragraph):</span> What the source says.") in html


def test_two_facts_of_a_case_may_not_share_a_unit(tmp_path):
    root = make_project(tmp_path)
    write("data/cases/bakery.yaml", CASE.replace("loyalty members}", "shops}"))(root)
    assert problems_for(root) == [
        "data/cases/bakery.yaml:7: $.facts[0].unit: the unit 'shops' is used 2 times; each must be unique",
        "data/cases/bakery.yaml:8: $.facts[1].unit: the unit 'shops' is used 2 times; each must be unique",
    ]
