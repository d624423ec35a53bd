"""Rendering pieces: Markdown from data is safe, links are relative, formulas are evaluated safely."""

from __future__ import annotations

import pytest

from test_validate import make_project
from yamlbook import formula, load_dataset
from yamlbook.render import Renderer, relative_url
from yamlbook.text import to_html, to_inline_html, to_markdown_text


def test_markdown_in_data_is_rendered():
    assert to_html("Some **bold** and *soft* text") == "<p>Some <strong>bold</strong> and <em>soft</em> text</p>"
    assert to_inline_html("one *line*") == "one <em>line</em>"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<div>\nblock\n</div>", "&lt;div&gt;"),
        ('a <img src="x" onerror="y"> b', "&lt;img src="),
    ],
)
def test_raw_html_in_data_is_escaped(text, expected):
    html = to_html(text)
    assert expected in html
    assert "<script" not in html and "<img" not in html and "<div" not in html


def test_heading_text_escapes_markdown_and_html():
    assert to_markdown_text("A *b* <i>c</i> {#x}") == r"A \*b\* &lt;i&gt;c&lt;/i&gt; \{\#x\}"


@pytest.mark.parametrize(
    "source, target, directory_urls, expected",
    [
        ("activities/a.md", "metrics/m.md", True, "../../metrics/m/"),
        ("index.md", "activities/a.md", True, "activities/a/"),
        ("activities/a.md", "index.md", True, "../../"),
        ("activities/index.md", "activities/a.md", True, "a/"),
        ("activities/a.md", "activities/a.md", True, "./"),
        ("activities/a.md", "metrics/m.md", False, "../metrics/m.html"),
    ],
)
def test_relative_urls(source, target, directory_urls, expected):
    assert relative_url(source, target, directory_urls) == expected


def test_activity_page_links_its_metric_and_related_activity(tmp_path):
    renderer = Renderer(load_dataset(make_project(tmp_path)))
    page = renderer.record_page("activities", "alpha", "activities/alpha.md")
    assert page.startswith("# Alpha research\n")
    assert '<a href="../../metrics/metric-one/">Metric one</a>' in page
    assert '<a href="../beta/">Beta execution</a>' in page
    assert '<a href="../../checklists/check-one/">Check one</a>' in page
    metric = renderer.record_page("metrics", "metric-one", "metrics/metric-one.md")
    assert '<a href="../../activities/alpha/">Alpha research</a>' in metric


@pytest.mark.parametrize(
    "expression, values, expected",
    [
        ("(a - b) / b * 100", {"a": 150, "b": 100}, 50.0),
        ("max(a, b) - min(a, b)", {"a": 3, "b": 10}, 7),
        ("round(a / b, 1)", {"a": 1, "b": 3}, 0.3),
        ("-a + +b", {"a": 1, "b": 2}, 1),
    ],
)
def test_formula_evaluates_arithmetic(expression, values, expected):
    assert formula.evaluate(expression, values) == pytest.approx(expected)


@pytest.mark.parametrize(
    "expression",
    ["__import__('os')", "a.real", "a ** 2", "[a]", "(lambda: 1)()", "a if b else c", "open('x')", "'text'"],
)
def test_formula_rejects_anything_but_arithmetic(expression):
    with pytest.raises(formula.FormulaError):
        formula.evaluate(expression, {"a": 1, "b": 1, "c": 1})


def test_formula_reports_division_by_zero():
    with pytest.raises(formula.FormulaError, match="division by zero"):
        formula.evaluate("a / b", {"a": 1, "b": 0})


@pytest.mark.parametrize(
    "text",
    [
        "A plain sentence, with (brackets), 10.5% and a dash - inside.",
        "Two lines\nin one paragraph.",
        "Quotes \"like this\" and it's fine.",
    ],
)
def test_plain_text_shortcut_gives_what_markdown_gives(text):
    import html

    import markdown

    from yamlbook.text import _NoRawHtml

    full = markdown.Markdown(extensions=[_NoRawHtml(), "sane_lists"]).convert(text)
    assert html.unescape(str(to_html(text))) == html.unescape(full)


@pytest.mark.parametrize("text, shown", [
    ("# x", "# x"),
    ("> quoted", "&gt; quoted"),
    ("- item", "- item"),
    ("1. first", "1. first"),
    ("two\n\nparagraphs", "two paragraphs"),
    ("*emphasis* stays", "<em>emphasis</em> stays"),
])
def test_one_line_fields_never_start_a_block(text, shown):
    from yamlbook.text import to_inline_html

    assert str(to_inline_html(text)) == shown


def test_a_heading_field_stays_on_its_line():
    from yamlbook.text import to_markdown_text

    assert "\n" not in to_markdown_text("Title\n\n# Injected")
