"""Links: a crawl of the built site finds no broken internal link or anchor (on top of MkDocs'
own validation, which cannot see links inside generated HTML)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for name in ("href", "src"):
            if attrs.get(name) and tag in ("a", "link", "script", "img"):
                self.refs.append(attrs[name])


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _target(site: Path, url_path: str) -> Path:
    path = site / unquote(url_path).lstrip("/")
    return path / "index.html" if url_path.endswith("/") or path.is_dir() else path


def test_no_broken_internal_links_or_anchors(site):
    pages = {p: _parse(p) for p in site.rglob("*.html")}
    broken, checked = [], 0
    for path, page in pages.items():
        base = "http://site/" + path.relative_to(site).as_posix()
        for ref in page.refs:
            url = urlparse(urljoin(base, ref))
            if url.scheme not in ("http", "https") or url.netloc != "site":
                continue  # mailto:, javascript: or another host: not ours to check
            checked += 1
            target = _target(site, url.path)
            where = f"{path.relative_to(site)} -> {ref}"
            if not target.exists():
                broken.append(f"{where}: no such file")
            elif url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(url.fragment) not in ids:
                    broken.append(f"{where}: no anchor #{url.fragment}")
    assert checked > 2000
    assert not broken, "\n".join(broken[:50])
