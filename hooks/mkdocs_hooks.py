"""MkDocs glue: validate the data before a build, add one generated page per record and the
engine's assets, put the engine's HTML back into each page after Markdown (with its element ids,
so links to them are checked), give each page the scripts and styles of its widgets, and keep
text from data from reaching the theme as markup.

Everything real happens in the yamlbook package, which does not import MkDocs.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from yamlbook import DataError, Dataset, assets, helper, load_dataset, prerendered
from yamlbook import dataset as loading
from yamlbook.pagecache import PageCache
from yamlbook.parsecache import cache_dir
from yamlbook.problems import unexpected
from yamlbook.publish import published_files
from yamlbook.pagecheck import check_page_template
from yamlbook.render import Renderer, failures, forget_renderers, renderer_for
from yamlbook.text import title_text

log = logging.getLogger("mkdocs.plugins.yamlbook")

# Generated pages are rendered here, not by mkdocs-macros: record text then never passes
# through a page template, and the build skips compiling a Jinja template per record page.
_FRONT_MATTER = "---\nrender_macros: false\n---\n"


def dataset(config: MkDocsConfig) -> Dataset:
    """The project's validated data; a data problem stops the build with a clean message."""
    try:
        return load_dataset(Path(config.config_file_path).parent, config.docs_dir)
    except DataError as err:
        raise PluginError(str(err)) from None
    except Exception as err:  # noqa: BLE001
        if os.environ.get("YAMLBOOK_DEBUG"):
            raise
        raise PluginError(unexpected(err)) from None


_command = None  # the mkdocs command running: "build", "gh-deploy" or "serve"
_renderer: Renderer | None = None  # the build's renderer, for the data as on_config loaded it
_pages: PageCache | None = None  # its page cache, saved after the build
_styles_by_page: dict[str, str] | None = None  # once the renderer is let go (see on_env)
_records: dict[str, tuple[str, str]] = {}  # (kind, id) by generated page
_helper: int | None = None  # the process rendering record pages beside a cold build (helper.py)


def on_startup(*, command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if config.strict:
        # `-q` raises MkDocs' log level to ERROR, so warnings are never emitted and a strict
        # build passes with broken links. In strict mode a warning is an error: let it through.
        mkdocs_log = logging.getLogger("mkdocs")
        if mkdocs_log.getEffectiveLevel() > logging.WARNING:
            mkdocs_log.setLevel(logging.WARNING)
    global _renderer, _pages, _styles_by_page
    _renderer = renderer_for(dataset(config), config.use_directory_urls)
    _renderer.begin_build()
    _pages, _styles_by_page = _renderer.pages, None
    # A one-off build reads the stored pages from .cache/ as it needs them; `serve` (and an
    # in-process build) also keeps them in memory for the next build.
    _pages.in_memory = not _one_off()
    prerendered.forget()
    base = [assets.site_path(name) for name in assets.BASE_STYLES]
    config.extra_css[:0] = [path for path in base if path not in config.extra_css]
    if _command in ("build", "gh-deploy") and not config.site_url:
        # Without it the canonical links, the sitemap and the 404 page's asset paths would be
        # wrong on the host; `serve` sets its own address.
        raise PluginError(
            "SITE_URL is not set: a build for hosting needs the public address of the site, e.g.\n"
            "  SITE_URL=https://playbook.example.org/ python3 hooks/dev.py build\n"
            "(with the path, e.g. https://example.org/playbook/, when the site is served under one)"
        )
    failures.clear()
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    renderer = _renderer
    data = renderer.data
    for name in assets.packaged():
        files.append(File.generated(config, assets.site_path(name), abs_src_path=str(assets.FOLDER / name)))
    for name, text in assets.joined_scripts():
        files.append(File.generated(config, assets.site_path(name), content=text))
    _guard(lambda: files.append(File.generated(config, assets.site_path(assets.STREAM_STYLES),
                                               content=renderer.stream_styles())))
    for path, content in published_files(data):  # the data itself: the schemas and playbook.json
        files.append(_published(config, path, content))
    _records.clear()
    for kind, record_id, path in data.generated_pages():
        if files.get_file_from_path(path) is not None:  # validation reports it first; a guard
            raise PluginError(f"playbook/{path} exists, but the data generates that page; delete the file")
        # The body is rendered (or taken from the page cache) when MkDocs reads the page, so a
        # build never holds the HTML of every record page at once.
        files.append(File.generated(config, path, content=_FRONT_MATTER))
        _records[path] = (kind, record_id)
    if _one_off():  # a cold build renders record pages on a second core too
        global _helper
        _helper = helper.start(renderer, data.generated_pages())
    return files


def _one_off() -> bool:
    """Whether this is a build that ends the process (not `serve`, nor a build in-process)."""
    return _command in ("build", "gh-deploy")


def _published(config: MkDocsConfig, path: str, content: bytes) -> File:
    """A published data file. A one-off build writes it to the cache folder and copies it from
    there, rather than keeping megabytes of it in memory until the end of the build."""
    folder = cache_dir(Path(config.config_file_path).parent)
    if folder is None or not _one_off():
        return File.generated(config, path, content=content)
    target = folder / "yamlbook-published" / path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    except OSError:
        return File.generated(config, path, content=content)
    return File.generated(config, path, abs_src_path=str(target))


def _guard(render):
    """Run a render; a data or template problem stops the build with its message."""
    try:
        return render()
    except DataError as err:
        raise PluginError(str(err)) from None


@event_priority(100)  # before mkdocs-macros renders the page, so its errors never become tracebacks
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    record = _records.get(page.file.src_uri) if page.file.generated_by is not None else None
    if record is not None:  # a record's page: its body, stashed fragments as placeholders
        return _guard(lambda: _renderer.record_markdown(*record, page.file.src_uri))
    if page.file.generated_by is not None or page.meta.get("render_macros") is False:
        return markdown
    # The page's macros say again which widgets it has; an edit may have removed one.
    _renderer.used.pop(page.file.src_uri, None)
    macros = config.plugins.get("macros")
    if macros is not None:
        known = set(macros.variables) | set(macros.macros) | set(macros.filters) | set(page.meta)
        problem = check_page_template(markdown, f"{Path(config.docs_dir).name}/{page.file.src_uri}", known,
                                      macros.env)
        if problem:
            raise PluginError(str(DataError([problem])))
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if failures:  # a macro failed while mkdocs-macros rendered this page
        found = list(failures)
        failures.clear()
        raise PluginError(str(DataError(found)))
    html, ids = prerendered.release(html)
    if ids:  # MkDocs found the ids of the Markdown; links to those of the engine's HTML count too
        page.present_anchor_ids = (page.present_anchor_ids or set()) | ids
    # In the content, not at the end of <body>: Material's instant navigation runs the scripts
    # of the content it swaps in, and only those.
    return html + str(_guard(lambda: _renderer.asset_tags(page.file.src_uri, "scripts")))


def _styles(page: Page) -> str:
    # In <head>: instant navigation adds the new page's <head> elements and removes the old ones.
    if _styles_by_page is not None:
        return _styles_by_page.get(page.file.src_uri, "")
    return str(_guard(lambda: _renderer.asset_tags(page.file.src_uri, "styles")))


def on_env(env, *, config: MkDocsConfig, files: Files):
    """Every page has been rendered to HTML: a one-off build lets go of the data (a large part
    of its memory) before the theme renders the pages and the search index is written, keeping
    only each page's stylesheet tags."""
    global _renderer, _styles_by_page
    if _one_off() and _renderer is not None:
        _styles_by_page = {file.src_uri: _styles(file.page) for file in files.documentation_pages()
                           if file.page is not None}
        _renderer = None
        forget_renderers()
        loading.forget_loaded()
    return env


def on_page_context(context, *, page: Page, config: MkDocsConfig, nav):
    # Material writes a page's title into <title> through `striptags`, which also decodes the
    # entities that keep markup in a title as text: `</title><script>` from a record title would
    # become live. A meta title is written as it is, so give it the tag-free, still-escaped text.
    if page.title and not page.is_homepage:
        page.meta["title"] = title_text(page.title)
    return context


# Material 9's templates emit three kinds of invalid HTML (the Nu HTML Checker flags them):
# autocomplete on its hidden toggle checkboxes, tabindex="" on navigation labels, and a
# label for the "__toc" toggle on pages that are not in the navigation, where that toggle
# does not exist. Fixed here rather than by copying and forking the theme's templates.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
_EMPTY_TABINDEX = re.compile(r' tabindex=""')
_TOC_LABEL = re.compile(r'(<label class="md-nav__(?:title|link[^"]*)") for="__toc"')
# Its search dialog has no accessible name (Lighthouse: aria-dialog-name); give it the name its
# search field has.
_SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")>')


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    styles = _styles(page)
    if styles:
        output = output.replace("</head>", f"{styles}</head>", 1)
    return _fix_theme_markup(output)


def on_post_template(output_content: str, **_) -> str:
    return _fix_theme_markup(output_content)  # the 404 page


def on_post_build(*, config: MkDocsConfig) -> None:
    _stop_helper()  # every page is read: what it has not rendered is not needed
    _pages.save()  # the renders of this build, for the next one


def on_build_error(*, error: Exception) -> None:
    _stop_helper()


def _stop_helper() -> None:
    global _helper
    helper.stop(_helper)
    _helper = None


def _fix_theme_markup(output: str) -> str:
    output = _TOGGLE_AUTOCOMPLETE.sub(r"\1", output)
    output = _EMPTY_TABINDEX.sub("", output)
    output = _SEARCH_DIALOG.sub(r'\1 aria-label="Search">', output)
    if 'id="__toc"' not in output:
        output = _TOC_LABEL.sub(r"\1", output)
    return output
