"""Check a hand-written page's template before it is rendered, so a typo in a macro call is a
one-line problem with the page and line, not a traceback from deep inside the renderer."""

from __future__ import annotations

import difflib

import jinja2
import jinja2.meta

from .problems import Problem

# Names the macros plugin gives every page besides the registered macros and variables.
_PAGE_NAMES = {"page", "config", "environment", "plugin", "navigation", "files", "git", "extra", "macros"}


def check_page_template(markdown: str, rel: str, known: set[str], env: jinja2.Environment) -> Problem | None:
    """The first problem with a page's template syntax or the names it uses, or None."""
    if not _may_hold_template(markdown, env):
        return None  # no template syntax at all: nothing to check
    try:
        tree = env.parse(markdown)
    except jinja2.TemplateSyntaxError as err:
        return Problem(rel, err.lineno, None, f"template syntax error: {err.message}; "
                       "check the {{ ... }} and {% ... %} on this line (write {% raw %}...{% endraw %} "
                       "around text that should show braces as they are)")
    names = known | _PAGE_NAMES
    for name in sorted(jinja2.meta.find_undeclared_variables(tree) - names):
        close = difflib.get_close_matches(name, sorted(names), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        line = next((i for i, text in enumerate(markdown.splitlines(), 1) if name in text), None)
        return Problem(rel, line, None, f"unknown macro or variable '{name}'{hint}")
    return None


def _may_hold_template(markdown: str, env: jinja2.Environment) -> bool:
    """Whether text holds anything the environment reads as template syntax (with its own
    delimiters, e.g. {{ and {%)."""
    if env.line_statement_prefix or env.line_comment_prefix:
        return True
    starts = (env.variable_start_string, env.block_start_string, env.comment_start_string)
    return any(start in markdown for start in starts)
