"""HTML the templates rendered, kept out of Markdown and put back after it.

Markdown passes raw HTML through, but only after parsing all of it to find where it ends, and
the site generator scans it again for element ids; for the widgets, lists and record pages the
engine renders, that was most of a build's Markdown time. So a rendered fragment goes into the
page's Markdown as one short placeholder, an HTML comment, which Markdown copies through as it
is (on its own line, in a paragraph or after a list alike), and the HTML of the page gets the
fragment back. The placeholder names the fragment by a hash of its content: the same fragment
always has the same placeholder, so a page's Markdown can be cached with its fragments.

The ids of the elements in a fragment are found when it is held, so that the site generator
can check links to them although its Markdown never saw them.

Text from data cannot make a placeholder: the templates escape `<` in it.
"""

from __future__ import annotations

import hashlib
import html as html_entities
import re
from dataclasses import dataclass

from markupsafe import Markup

_PREFIX = "<!--yamlbook-html:"
_PLACEHOLDER = re.compile(r"<!--yamlbook-html:([0-9a-f]{32})-->")
# A start tag, and each attribute in it (quoted values may hold '>'; the templates escape '<').
_START_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>""")
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_NONE: frozenset[str] = frozenset()


@dataclass
class _Held:
    html: str
    ids: frozenset[str]
    uses: int  # placeholders of it not yet released


_held: dict[str, _Held] = {}  # by key, for the build running


def hold(html: str) -> Markup:
    """The placeholder that stands for a fragment in Markdown, the whitespace around it kept
    (so the lines around it stay as the template wrote them); the fragment is held until
    `release`. A fragment that holds placeholders itself is held with their fragments in it."""
    html = _swap(str(html), consume=True)
    body = html.strip()
    if not body:
        return Markup(html)
    key = hashlib.blake2b(body.encode("utf-8"), digest_size=16).hexdigest()
    _add(key, body, None)
    start = len(html) - len(html.lstrip())
    return Markup(f"{html[:start]}{_PREFIX}{key}-->{html[start + len(body):]}")


def held(markdown: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The fragments a text's placeholders stand for, and the ids of those that have any, by
    key: what to keep with the text in a cache (see `keep`)."""
    fragments, ids = {}, {}
    for key in _PLACEHOLDER.findall(markdown):
        found = _held.get(key)
        if found is not None:
            fragments[key] = found.html
            if found.ids:
                ids[key] = sorted(found.ids)
    return fragments, ids


def keep(markdown: str, fragments: dict[str, str], ids: dict[str, list[str]]) -> None:
    """Hold a cached text's fragments again, with their ids as `held` gave them."""
    for key in _PLACEHOLDER.findall(markdown):
        if key in fragments:
            _add(key, fragments[key], frozenset(ids.get(key, ())))


def release(html: str) -> tuple[str, set[str]]:
    """The HTML with every placeholder replaced by its fragment, and the element ids (and
    <a name> anchors) inside those fragments: links may point at them. Each placeholder is
    released once; a fragment is dropped when none is left. A placeholder whose fragment is not
    held (typed into a page by hand) stays the comment it is."""
    ids: set[str] = set()
    return _swap(html, consume=True, ids=ids), ids


def expand(markdown: str) -> str:
    """Markdown with its placeholders replaced by their fragments, which stay held: the page as
    Markdown would have read it with the HTML in place (for a plain build of the same pages)."""
    return _swap(markdown, consume=False)


def forget() -> None:
    """Drop every held fragment (at the start of a build: its pages hold them again)."""
    _held.clear()


def _add(key: str, html: str, ids: frozenset[str] | None) -> None:
    found = _held.get(key)
    if found is None:
        _held[key] = _Held(html, element_ids(html) if ids is None else ids, 1)
    else:
        found.uses += 1


def _swap(text: str, consume: bool, ids: set[str] | None = None) -> str:
    if _PREFIX not in text:
        return text

    def fragment(match: re.Match) -> str:
        key = match.group(1)
        found = _held.get(key)
        if found is None:
            return match.group(0)
        if ids is not None:
            ids.update(found.ids)
        if consume:
            found.uses -= 1
            if found.uses <= 0:
                del _held[key]
        return found.html

    return _PLACEHOLDER.sub(fragment, text)


def element_ids(html: str) -> frozenset[str]:
    """The anchors an HTML fragment holds: every element's id, and the name of every <a>."""
    if "id=" not in html and "name=" not in html:
        return _NONE
    if "<!--" in html:  # a tag in a comment is no element
        html = _COMMENT.sub("", html)
    found = set()
    for tag in _START_TAG.finditer(html):
        for attribute in _ATTRIBUTE.finditer(tag.group(2)):
            name = attribute.group(1).lower()
            if name == "id" or (name == "name" and tag.group(1).lower() == "a"):
                value = next((v for v in attribute.groups()[1:] if v is not None), "")
                found.add(html_entities.unescape(value) if "&" in value else value)
    return frozenset(found)
