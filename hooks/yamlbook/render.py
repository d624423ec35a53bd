"""Render records with the Jinja templates in hooks/templates; no HTML is built in Python."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import checks, scoring, text
from .dataset import Dataset
from .problems import DataError, Problem
from .pages import page_url, relative_url  # noqa: F401 (page_url: part of this module's API)
from .parsecache import cache_dir

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


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
        self.env.globals.update(data=dataset, scoring=scoring, UNKNOWN=scoring.UNKNOWN,
                                progress_key=checks.progress_key)

    def render(self, template: str, page: str, **context: Any) -> Markup:
        """Render a template for the page at docs path `page`."""
        def link(kind: str, record_id: str) -> str:
            return relative_url(page, self.data.page(kind, record_id), self.directory_urls)

        def page_link(path: str, anchor: str = "") -> str:
            return relative_url(page, path, self.directory_urls, anchor)

        try:
            html = self.env.get_template(template).render(
                page=page, link=link, page_link=page_link, **context
            )
        except Exception as err:  # noqa: BLE001 (every failure becomes a reported problem)
            raise DataError([self._problem(template, page, err)]) from None
        return Markup(html)

    def _problem(self, template: str, page: str, err: Exception) -> Problem:
        """A rendering failure as a problem: the template and line where it happened."""
        if isinstance(err, jinja2.TemplateSyntaxError):
            path, line = err.filename or template, err.lineno
        else:
            path, line = _template_frame(err) or (str(TEMPLATES / template), None)
        what = str(err.args[0]) if isinstance(err, KeyError) and err.args else str(err)
        if isinstance(err, text.UnsafeLink):
            advice = "fix the link in the data"
        else:
            advice = f"{type(err).__name__}; fix the template or the data it reads"
        return Problem(_shown_path(path, self.data.root), line, None,
                       f"while rendering the page {page}: {what} ({advice})")

    def record_page(self, kind: str, record_id: str, page: str) -> Markup:
        """The whole body of a record's generated page."""
        return self.render(f"pages/{kind}.md.j2", page, record=self.data.get(kind, record_id))


def _template_frame(err: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in a traceback (Jinja maps its frames to templates)."""
    found = None
    tb = err.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _shown_path(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


# Problems met while mkdocs-macros rendered a page: it turns any exception a macro raises into
# a traceback and exit(100), so the macros report here and the glue raises after the page.
failures: list[Problem] = []


@functools.lru_cache(maxsize=4)
def renderer_for(dataset: Dataset, directory_urls: bool = True) -> Renderer:
    """One renderer (and one set of compiled templates) per loaded dataset."""
    return Renderer(dataset, directory_urls)


CATALOGUE_FACETS = (("stream", "Stream"), ("sense", "Kind of work"), ("horizon", "Time horizon"), ("effort", "Effort"),
                    ("role", "Role"), ("tag", "Tag"))
# The record field behind each facet (a facet's name is its URL parameter).
_FACET_FIELDS = {"stream": "stream", "sense": "sense", "horizon": "horizon", "effort": "effort", "role": "roles", "tag": "tags"}


def catalogue_facets(dataset: Dataset) -> dict[str, Any]:
    """The catalogue's facets and the values each takes, in schema order where one exists."""
    values: dict[str, list[str]] = {}
    for facet, field_name in _FACET_FIELDS.items():
        seen: set[str] = set()
        for record in dataset.all("activities"):
            found = record.get(field_name, [])
            seen.update(found if isinstance(found, list) else [found])
        order = {"horizon": ["short-term", "medium-term", "long-term"], "effort": ["low", "medium", "high"]}.get(facet)
        values[facet] = [v for v in order if v in seen] if order else sorted(seen)
    facets = tuple((facet, label) for facet, label in CATALOGUE_FACETS if values[facet])
    return {"facets": facets, "facet_values": values, "facet_fields": _FACET_FIELDS}


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
