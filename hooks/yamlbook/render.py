"""Render records with the Jinja templates in hooks/templates; no HTML is built in Python."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import scoring, text
from .dataset import Dataset
from .parsecache import cache_dir

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL path of a docs page, e.g. 'activities/x/' for 'activities/x.md'."""
    stem = src[: -len(".md")] if src.endswith(".md") else src
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_src: str, to_src: str, directory_urls: bool = True, anchor: str = "") -> str:
    """A link from one docs page to another that works wherever the site is hosted."""
    here = page_url(from_src, directory_urls).split("/")[:-1]  # the folder the page is served from
    there = page_url(to_src, directory_urls)
    target = there.split("/")
    common = 0
    while common < min(len(here), len(target) - 1) and here[common] == target[common]:
        common += 1
    rel = "../" * (len(here) - common) + "/".join(target[common:])
    return (rel or "./") + (f"#{anchor}" if anchor else "")


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Renderer:
    """Renders fragments and pages for one dataset."""

    def __init__(self, dataset: Dataset, directory_urls: bool = True):
        self.data = dataset
        self.directory_urls = directory_urls
        folder = cache_dir(dataset.root)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            # Compiling the templates takes longer than rendering every record page with them.
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(_made(folder / "jinja"))) if folder else None,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(
            md=text.to_html,
            inline=text.to_inline_html,
            heading=text.to_markdown_text,
        )
        self.env.globals.update(data=dataset, scoring=scoring, UNKNOWN=scoring.UNKNOWN)

    def render(self, template: str, page: str, **context: Any) -> Markup:
        """Render a template for the page at docs path `page`."""
        def link(kind: str, record_id: str) -> str:
            return relative_url(page, self.data.page(kind, record_id), self.directory_urls)

        def page_link(path: str, anchor: str = "") -> str:
            return relative_url(page, path, self.directory_urls, anchor)

        html = self.env.get_template(template).render(
            page=page, link=link, page_link=page_link, **context
        )
        return Markup(html)

    def record_page(self, kind: str, record_id: str, page: str) -> Markup:
        """The whole body of a record's generated page."""
        return self.render(f"pages/{kind}.md.j2", page, record=self.data.get(kind, record_id))


@functools.lru_cache(maxsize=4)
def renderer_for(dataset: Dataset, directory_urls: bool = True) -> Renderer:
    """One renderer (and one set of compiled templates) per loaded dataset."""
    return Renderer(dataset, directory_urls)


CATALOGUE_FACETS = (("stream", "Stream"), ("horizon", "Time horizon"), ("effort", "Effort"), ("role", "Role"), ("tag", "Tag"))
_FACET_FIELDS = {"stream": "stream", "horizon": "horizon", "effort": "effort", "role": "roles", "tag": "tags"}


def catalogue_facets(dataset: Dataset) -> dict[str, Any]:
    """The catalogue's facets and the values each takes, in schema order where one exists."""
    values: dict[str, list[str]] = {}
    for facet, field_name in _FACET_FIELDS.items():
        seen: set[str] = set()
        for record in dataset.all("activities"):
            found = record[field_name]
            seen.update(found if isinstance(found, list) else [found])
        order = {"horizon": ["short-term", "medium-term", "long-term"], "effort": ["low", "medium", "high"]}.get(facet)
        values[facet] = [v for v in order if v in seen] if order else sorted(seen)
    return {"facets": CATALOGUE_FACETS, "facet_values": values}


def page_titles(nav: list | None, dataset: Dataset, docs_dir: Path | str) -> dict[str, str]:
    """Titles by docs path: the navigation's titles, a page's own first heading where the
    navigation gives none, and every generated record page's title."""
    titles: dict[str, str] = {}
    pending = list(nav or [])
    while pending:
        entry = pending.pop()
        if isinstance(entry, str):
            titles.setdefault(entry, _first_heading(Path(docs_dir) / entry) or entry)
        elif isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, str):
                    titles[value] = title
                else:
                    pending.extend(value)
    for kind, record_id, path in dataset.generated_pages():
        titles[path] = dataset.title(kind, record_id)
    return titles


def _first_heading(path: Path) -> str | None:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("# "):
                return line[2:].strip()
    return None
