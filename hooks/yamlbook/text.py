"""Turn text from data files into safe HTML: Markdown yes, raw HTML, templates and script links never."""

from __future__ import annotations

import functools
import html.parser
import re
from typing import Any, Iterator

import markdown
from markupsafe import Markup, escape

# The link and image addresses data Markdown may use. Anything else with a scheme
# (javascript:, vbscript:, data:, file:, ...) is a data error.
ALLOWED_SCHEMES = ("http", "https", "mailto")
LINK_RULE = "links may be http(s)://, mailto:, relative paths or #anchors"
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers ignore ASCII control characters and spaces around and inside a URL's scheme.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_WEB_ADDRESS = re.compile(r"https?://[^\s/?#\\]+[^\s\\]*", re.IGNORECASE)


class UnsafeLink(ValueError):
    """Data Markdown holds a link or image address with a scheme that is not allowed."""


def link_is_safe(url: str) -> bool:
    """Whether a link address (as the browser reads it, entities decoded) is allowed."""
    found = _SCHEME.match(_IGNORED_IN_URL.sub("", url))
    return found is None or found.group(1).lower() in ALLOWED_SCHEMES


def is_web_address(url: str) -> bool:
    """Whether a field meant to hold a web address (a source's url) holds an http(s) one."""
    return _WEB_ADDRESS.fullmatch(url) is not None


class _NoRawHtml(markdown.Extension):
    """Drop Python-Markdown's raw-HTML handling, so tags in data come out as visible text."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


class _Addresses(html.parser.HTMLParser):
    """Collects every link and image address of an HTML fragment, entities decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found += [value or "" for name, value in attrs if name in ("href", "src")]


def _addresses(fragment: str) -> list[str]:
    parser = _Addresses()
    parser.feed(fragment)
    parser.close()
    return parser.found


_MD = markdown.Markdown(extensions=[_NoRawHtml(), "sane_lists"], output_format="html")
# Most data fields are one plain paragraph. Those skip Python-Markdown, the bulk of the
# rendering cost: no character that can start Markdown or HTML syntax, no block structure.
_MARKUP = re.compile(r"[\\`*_\[\]<>&!]|^\s*(?:[-+#>]|\d+[.)])\s|  $|\n\s*\n|^\s|\s$", re.MULTILINE)
# The same question for one line, asked in parts that are quicker than _MARKUP's alternatives.
_SPECIAL = re.compile(r"[\\`*_\[\]<>&!]")
_LIST_OR_QUOTE = re.compile(r"(?:[-+#>]|\d+[.)])\s")
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
# What would start a block (heading, quote, list, rule) at the start of a one-line field.
_BLOCK_START = re.compile(r"^(?:#{1,6}|[>+\-*])(?=\s|$)|^[-*_](?:\s*[-*_]){2,}\s*$")
_NUMBERED = re.compile(r"^(\d+)([.)])(?=\s|$)")
# Only text holding one of these can form a link or an image.
_MAY_LINK = re.compile(r"[\[<]")
# By far the most common Markdown in data: a bold lead-in, "**Why it matters.** The rest."; with
# no other markup, no whitespace but spaces and no control character, Markdown makes a <strong>
# of it and leaves every other character as it is (tests/test_build_speed.py checks it does).
_BOLD_LEAD = re.compile(r"\*\*([^*\s](?:[^*]*[^*\s])?)\*\*((?: [^*]*[^*\s])?)")
_NOT_BOLD_LEAD = re.compile(r"[\\`_\[\]<>&!]|[^\S ]|[\x00-\x1f\x7f]")


def _is_plain(text: str) -> bool:
    """Whether text holds no Markdown at all (what `not _MARKUP.search(text)` says, sooner for
    the usual one-line field)."""
    if "\n" in text:
        return not _MARKUP.search(text)
    if not text:
        return True
    return not (_SPECIAL.search(text) or text[0].isspace() or text[-1].isspace() or _LIST_OR_QUOTE.match(text))


def to_html(text: str) -> Markup:
    """Block Markdown from a data field, as HTML safe to put in a page."""
    text = str(text)
    if _is_plain(text):
        return Markup(f"<p>{escape(text)}</p>")
    lead = _BOLD_LEAD.fullmatch(text)
    if lead and not _NOT_BOLD_LEAD.search(text):
        return Markup(f"<p><strong>{lead[1]}</strong>{lead[2]}</p>")
    return _markdown(text)


# Each text's HTML once per process: a text is often shown twice (its record's page and the
# printable cards), and `mkdocs serve` renders the pages of an edit again.
@functools.lru_cache(maxsize=16 * 1024)
def _markdown(text: str) -> Markup:
    _MD.reset()
    rendered = _MD.convert(text)
    if _MAY_LINK.search(text):  # no '[' and no '<': no link, no image
        for address in _addresses(rendered):
            if not link_is_safe(address):
                raise UnsafeLink(f"the link '{address}' is not allowed; {LINK_RULE}")
    return Markup(rendered)


def forget() -> None:
    """Drop the HTML kept of each text (when the data is let go)."""
    _markdown.cache_clear()


def to_inline_html(text: str) -> Markup:
    """One-line Markdown from a data field (a list item, a label): emphasis, code and links only,
    never a heading, quote or list, and never more than one line."""
    one_line = " ".join(str(text).split())
    if not (_SPECIAL.search(one_line) or _BLOCK_START.match(one_line) or _NUMBERED.match(one_line)):
        return escape(one_line)  # what the Markdown below makes of plain text, without the <p>
    one_line = _NUMBERED.sub(r"\1\\\2", _BLOCK_START.sub(lambda m: "\\" + m.group(0), one_line))
    html = str(to_html(one_line))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def to_markdown_text(text: str) -> Markup:
    """Plain text for a spot where Markdown is parsed (a heading): on one line, HTML and
    Markdown escaped."""
    return escape(_MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(str(text).split())))


def unsafe_links_in(data: Any) -> Iterator[tuple[tuple, str]]:
    """(json path parts, message) for every string in a record whose Markdown links somewhere not allowed."""
    pending: list[tuple[tuple, Any]] = [((), data)]
    while pending:
        parts, value = pending.pop()
        if isinstance(value, dict):
            pending += [(parts + (k,), v) for k, v in value.items()]
        elif isinstance(value, list):
            pending += [(parts + (i,), v) for i, v in enumerate(value)]
        elif isinstance(value, str) and _MAY_LINK.search(value):
            try:
                to_html(value)
            except UnsafeLink as err:
                yield parts, str(err)


_TAG = re.compile(r"<[^>]*>")


def title_text(fragment: str) -> str:
    """A page title for <title>, from the HTML of its heading: tags dropped, entities kept, so
    a title that holds markup shows it as text."""
    return " ".join(_TAG.sub("", str(fragment)).split())
