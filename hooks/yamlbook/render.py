"""Render records with Jinja templates; no HTML is built in Python.

The templates are the engine's own (yamlbook/templates), unless the project's templates folder
(`[tool.yamlbook] templates`, see config.py) holds one of the same name: that one wins.

What goes into a Markdown page (a record's page, a widget a page's macro puts in) keeps its
HTML out of Markdown: a template marks a fragment with the `stash` filter, and a widget is
stashed whole; each becomes a placeholder that prerendered.release swaps back after Markdown.
Those renders are also kept between builds (pagecache.py) and done again only when what they
read changed.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import assets, checks, pagecache, prerendered, scoring, text
from .dataset import Dataset
from .pagecache import Answers, Entry, Lookups
from .problems import DataError, Problem
from .pages import page_url, relative_url  # noqa: F401 (page_url: part of this module's API)
from .parsecache import cache_dir

TEMPLATES = Path(__file__).resolve().parent / "templates"
_DICT_NAMES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja, with `record.title` on a plain dict (what records are) looked up as a key at once:
    the same answer Jinja gives (it tries the attribute first, which a dict has not), without
    the exception each of those thousands of lookups raised inside it."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_NAMES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class Renderer:
    """Renders fragments and pages for one dataset."""

    def __init__(self, dataset: Dataset, directory_urls: bool = True):
        self.data = dataset
        self.directory_urls = directory_urls
        cache = cache_dir(dataset.root)
        site = dataset.settings.templates
        self.used: dict[str, set[str]] = {}  # the asset bundles each page's widgets need
        self.lookups = Lookups(dataset)  # `data` in the templates: notes what a cached render reads
        self.answers = Answers(dataset)
        self.pages = pagecache.cache_for(cache / pagecache.FOLDER if cache else None)
        self.template_folders = [Path(folder) for folder in (site, TEMPLATES) if folder]
        self.engine = ""  # the engine's fingerprint, worked out again by begin_build
        self._asset_tags: dict[tuple, Markup] = {}
        # No bytecode cache: nothing in .cache/ is ever run, and with the page cache a build
        # compiles only the templates of the pages whose data changed.
        self.env = _Environment(
            loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder) for folder in self.template_folders]),
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
            stash=prerendered.hold,
        )
        self.env.globals.update(data=self.lookups, scoring=scoring, UNKNOWN=scoring.UNKNOWN,
                                progress_key=checks.progress_key, schema=self.lookups.schema,
                                facet_for=self.facet_for)
        self.begin_build()

    def facet_for(self, field: str) -> str | None:
        """The address parameter of the catalogue filter on a record field, or None when the
        settings list no filter on it (the settings are part of the engine's fingerprint)."""
        return next((facet.name for facet in self.data.settings.facets if facet.field == field), None)

    def begin_build(self) -> None:
        """Work out the engine's fingerprint again (at the start of each build: a template may
        have been edited while `mkdocs serve` runs), and start the list of renders afresh."""
        self.engine = pagecache.engine_key(self.template_folders, self.data, self.directory_urls)
        self.pages.rendered.clear()

    def render(self, template: str, page: str, **context: Any) -> Markup:
        """Render a template for the page at docs path `page`."""
        def link(kind: str, record_id: str) -> str:
            return relative_url(page, self.lookups.page(kind, record_id), self.directory_urls)

        def page_link(path: str, anchor: str = "") -> str:
            return relative_url(page, path, self.directory_urls, anchor)

        def uses(bundle: str) -> str:
            """Called by a template whose widget needs a bundle of assets.py on this page."""
            if bundle not in assets.BUNDLES:
                raise KeyError(f"no asset bundle '{bundle}' (there are: {', '.join(assets.BUNDLES)})")
            self.used.setdefault(page, set()).add(bundle)
            return ""

        try:
            html = self.env.get_template(template).render(
                page=page, link=link, page_link=page_link, uses=uses, **context
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

    def asset_tags(self, page: str, part: str, always: tuple[str, ...] = ()) -> Markup:
        """The <link> (part 'styles') or <script> (part 'scripts') tags of the assets a page uses."""
        names = list(always) + assets.files_for(self.used.get(page, ()), part)
        depth = len(page_url(page, self.directory_urls).split("/")) - 1
        urls = tuple("../" * depth + assets.site_path(name) for name in names)
        if (part, urls) not in self._asset_tags:  # pages at the same depth with the same widgets share them
            self._asset_tags[part, urls] = self.render("assets.html.j2", page, part=part, urls=list(urls))
        return self._asset_tags[part, urls]

    def stream_styles(self) -> str:
        """The stylesheet of each stream's colour (assets.STREAM_STYLES)."""
        return str(self.render("streams.css.j2", "index.md"))

    def record_page(self, kind: str, record_id: str, page: str) -> Markup:
        """The whole body of a record's generated page, its HTML in place."""
        return Markup(prerendered.release(self.record_markdown(kind, record_id, page))[0])

    def record_markdown(self, kind: str, record_id: str, page: str) -> str:
        """The body of a record's generated page for Markdown: the fragments its template
        stashes are placeholders (prerendered.release puts them back into the page's HTML)."""
        return self._cached(_record_template(kind), page, "", lambda: {"record": self.lookups.get(kind, record_id)})

    def record_stored(self, kind: str, record_id: str, page: str) -> bool:
        """Whether the page cache holds a render of a record's page (fresh or not)."""
        return self.pages.stored(_slot(_record_template(kind), page, ""))

    def widget(self, template: str, page: str, **context: Any) -> Markup:
        """A widget for a Markdown page (what a macro puts in), as one placeholder. The context
        must be plain data (it is part of what a stored render is found by)."""
        return Markup(self._cached(template, page, pagecache.fingerprint(context),
                                   lambda: context, whole=True))

    def _cached(self, template: str, page: str, context_key: str, context, whole: bool = False) -> str:
        """A render for a Markdown page, reused from the page cache while nothing it read has
        changed; `context` makes the template's context (its lookups are recorded too). With
        `whole`, the whole result is one stashed fragment."""
        slot = _slot(template, page, context_key)
        entry = self.pages.find(slot, self.engine, self.answers)
        if entry is None:
            entry = self._recorded(template, page, context, whole)
            if entry.answers is not None:
                self.pages.store(slot, entry)
            body = entry.text
        else:
            body = prerendered.keep(entry.text, entry.fragments, entry.ids)
        if entry.uses:
            self.used.setdefault(page, set()).update(entry.uses)
        return body

    def _recorded(self, template: str, page: str, context, whole: bool) -> Entry:
        """Render, noting what the render reads and which asset bundles it uses."""
        before = set(self.used.get(page, ()))
        self.used.pop(page, None)
        self.pages.rendered.append(page)
        try:
            with self.lookups.recording() as reads:
                html = self.render(template, page, **context())
        finally:
            uses = self.used.pop(page, set())
            self.used[page] = before | uses
        markdown = str(prerendered.hold(html)) if whole else str(html)
        questions = sorted(map(pagecache.question, reads))
        answers = None if self.lookups.untracked else self.answers.all_of(questions)
        return Entry(self.engine, questions, answers, sorted(uses), markdown, *prerendered.held(markdown))


def _record_template(kind: str) -> str:
    return f"pages/{kind}.md.j2"


def _slot(template: str, page: str, context_key: str) -> str:
    """Where the page cache keeps a render: one per template, page and context."""
    return pagecache.digest(f"{template}\0{page}\0{context_key}")


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


def forget_renderers() -> None:
    """Let go of every renderer renderer_for made, and so of the data each one holds."""
    renderer_for.cache_clear()
    text.forget()


def catalogue_facets(dataset: Dataset, kind: str = "activities") -> list[dict[str, Any]]:
    """The catalogue's filters, as the project's settings list them: each one's name (its URL
    parameter), record field, label (the field's title in the schema) and the values records
    take, in the schema's enum order where it has one. A filter no record gives a value is left out."""
    schema = dataset.schema(kind)
    facets = []
    for facet in dataset.settings.facets:
        info = schema.field(facet.field)
        enum = info.get("enum") or (info.get("items") or {}).get("enum")
        seen: set[str] = set()
        for record in dataset.all(kind):
            found = record.get(facet.field, [])
            seen.update(found if isinstance(found, list) else [found])
        values = [v for v in enum if v in seen] if enum else sorted(seen)
        if values:
            facets.append({"name": facet.name, "field": facet.field, "label": info.get("title", facet.name),
                           "values": values})
    return facets


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
