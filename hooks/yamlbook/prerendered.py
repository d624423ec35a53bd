"""HTML the templates rendered, kept out of Markdown and put back after it.

Markdown passes raw HTML through, but only after parsing all of it to find where it ends, and
the site generator scans it again for element ids; for the widgets, lists and record pages the
engine renders, that was most of a build's Markdown time. So a rendered fragment goes into the
page's Markdown as a placeholder, one word Markdown leaves alone (cheaper for it than even an
HTML comment), which becomes a paragraph of its own, and the HTML of the page gets the fragment
back in its place.

A placeholder names its fragment by a random key, so text from data cannot name a fragment:
a word that looks like a placeholder but whose key is not held stays the text it is. The ids
of the elements in a fragment are found when it is held, so that the site generator can check
links to them although its Markdown never saw them.
"""

from __future__ import annotations

import html as html_entities
import re
import secrets

from markupsafe import Markup

_PREFIX = "yamlbookhtml"
# In Markdown, a placeholder is the word itself; after Markdown, the paragraph it became.
_PLACEHOLDER = re.compile(r"<p>yamlbookhtml([0-9a-f]{32})</p>|yamlbookhtml([0-9a-f]{32})")
# A start tag, and each attribute in it (quoted values may hold '>'; the templates escape '<').
_START_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>""")
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_NONE: frozenset[str] = frozenset()

_held: dict[str, tuple[str, frozenset[str]]] = {}  # (fragment, its ids) by key, for the build running


def hold(html: str) -> Markup:
    """The placeholder that stands for a fragment in Markdown, the whitespace around it kept
    (so the lines around it stay as the template wrote them); the fragment is held until
    `release`. A fragment that holds placeholders itself is held with their fragments in it."""
    html = _swap(str(html), consume=True)
    body = html.strip()
    if not body:
        return Markup(html)
    key = secrets.token_hex(16)
    _held[key] = (body, element_ids(body))
    start = len(html) - len(html.lstrip())
    return Markup(f"{html[:start]}{_PREFIX}{key}{html[start + len(body):]}")


def held(markdown: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The fragments a text's placeholders stand for, and the ids of those that have any, by
    key: what to keep with the text in a cache (see `keep`)."""
    fragments, ids = {}, {}
    for match in _PLACEHOLDER.finditer(markdown):
        key = match.group(1) or match.group(2)
        if key in _held:
            fragments[key], found = _held[key]
            if found:
                ids[key] = sorted(found)
    return fragments, ids


def keep(text: str, fragments: dict[str, str], ids: dict[str, list[str]]) -> str:
    """A cached text with its fragments held again (with their ids as `held` gave them), under
    new keys: the keys written in a cache are never the ones a build swaps."""
    def renamed(match: re.Match) -> str:
        key = match.group(1) or match.group(2)
        if key not in fragments:
            return match.group(0)
        fresh = secrets.token_hex(16)
        _held[fresh] = (fragments[key], frozenset(ids.get(key, ())))
        return f"<p>{_PREFIX}{fresh}</p>" if match.group(1) else f"{_PREFIX}{fresh}"

    return _PLACEHOLDER.sub(renamed, text)


def release(html: str) -> tuple[str, set[str]]:
    """The HTML with every placeholder replaced by its fragment, and the element ids (and
    <a name> anchors) inside those fragments: links may point at them. The fragments are then
    let go (a page is released once). A placeholder whose key is not held stays as it is."""
    ids: set[str] = set()
    return _swap(html, consume=True, ids=ids), ids


def expand(markdown: str) -> str:
    """Markdown with its placeholders replaced by their fragments, which stay held: the page as
    Markdown would have read it with the HTML in place (for a plain build of the same pages)."""
    return _swap(markdown, consume=False)


def forget() -> None:
    """Drop every held fragment (at the start of a build: its pages hold them again)."""
    _held.clear()


def _swap(text: str, consume: bool, ids: set[str] | None = None) -> str:
    if _PREFIX not in text:
        return text
    used: list[str] = []

    def fragment(match: re.Match) -> str:
        key = match.group(1) or match.group(2)
        found = _held.get(key)
        if found is None:
            return match.group(0)
        used.append(key)
        if ids is not None:
            ids.update(found[1])
        return found[0]

    swapped = _PLACEHOLDER.sub(fragment, text)
    if consume:
        for key in used:
            _held.pop(key, None)
    return swapped


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
