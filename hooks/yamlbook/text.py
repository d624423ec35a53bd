"""Turn text from data files into safe HTML: Markdown yes, raw HTML and templates never."""

from __future__ import annotations

import functools
import re

import markdown
from markupsafe import Markup, escape


class _NoRawHtml(markdown.Extension):
    """Drop Python-Markdown's raw-HTML handling, so tags in data come out as visible text."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


_MD = markdown.Markdown(extensions=[_NoRawHtml(), "sane_lists"], output_format="html")
# Most data fields are one plain paragraph. Those skip Python-Markdown, the bulk of the
# rendering cost: no character that can start Markdown or HTML syntax, no block structure.
_MARKUP = re.compile(r"[\\`*_\[\]<>&!]|^\s*(?:[-+#>]|\d+[.)])\s|  $|\n\s*\n|^\s|\s$", re.MULTILINE)
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


@functools.lru_cache(maxsize=8192)
def to_html(text: str) -> Markup:
    """Block Markdown from a data field, as HTML safe to put in a page."""
    if not _MARKUP.search(text):
        return Markup("<p>") + escape(text) + Markup("</p>")
    _MD.reset()
    return Markup(_MD.convert(str(text)))


@functools.lru_cache(maxsize=8192)
def to_inline_html(text: str) -> Markup:
    """One-line Markdown from a data field, without the surrounding paragraph."""
    html = str(to_html(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def to_markdown_text(text: str) -> Markup:
    """Plain text for a spot where Markdown is parsed (a heading): HTML and Markdown escaped."""
    return escape(_MARKDOWN_SPECIALS.sub(r"\\\1", str(text)))
