"""MkDocs glue: validate the data before a build, add one generated page per record and the
engine's assets, give each page the scripts and styles of its widgets, and keep text from data
from reaching the theme as markup.

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

from yamlbook import DataError, Dataset, assets, load_dataset
from yamlbook.problems import unexpected
from yamlbook.publish import published_files
from yamlbook.pagecheck import check_page_template
from yamlbook.render import failures, renderer_for
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
    data = dataset(config)
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
    data = dataset(config)
    renderer = renderer_for(data, config.use_directory_urls)
    for name in assets.packaged():
        files.append(File.generated(config, assets.site_path(name), abs_src_path=str(assets.FOLDER / name)))
    for name, text in assets.joined_scripts():
        files.append(File.generated(config, assets.site_path(name), content=text))
    _guard(lambda: files.append(File.generated(config, assets.site_path(assets.STREAM_STYLES),
                                               content=renderer.stream_styles())))
    for path, content in published_files(data):  # the data itself: the schemas and playbook.json
        files.append(File.generated(config, path, content=content))
    for kind, record_id, path in data.generated_pages():
        if files.get_file_from_path(path) is not None:  # validation reports it first; a guard
            raise PluginError(f"playbook/{path} exists, but the data generates that page; delete the file")
        body = _guard(lambda: _FRONT_MATTER + renderer.record_page(kind, record_id, path))
        files.append(File.generated(config, path, content=body))
    return files


def _guard(render):
    """Run a render; a data or template problem stops the build with its message."""
    try:
        return render()
    except DataError as err:
        raise PluginError(str(err)) from None


@event_priority(100)  # before mkdocs-macros renders the page, so its errors never become tracebacks
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by is not None or page.meta.get("render_macros") is False:
        return markdown
    # The page's macros say again which widgets it has; an edit may have removed one.
    renderer_for(dataset(config), config.use_directory_urls).used.pop(page.file.src_uri, None)
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
    # In the content, not at the end of <body>: Material's instant navigation runs the scripts
    # of the content it swaps in, and only those.
    renderer = renderer_for(dataset(config), config.use_directory_urls)
    return html + str(_guard(lambda: renderer.asset_tags(page.file.src_uri, "scripts")))


def _styles(page: Page, config: MkDocsConfig) -> str:
    # In <head>: instant navigation adds the new page's <head> elements and removes the old ones.
    renderer = renderer_for(dataset(config), config.use_directory_urls)
    return str(_guard(lambda: renderer.asset_tags(page.file.src_uri, "styles")))


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
    styles = _styles(page, config)
    if styles:
        output = output.replace("</head>", f"{styles}</head>", 1)
    return _fix_theme_markup(output)


def on_post_template(output_content: str, **_) -> str:
    return _fix_theme_markup(output_content)  # the 404 page


def _fix_theme_markup(output: str) -> str:
    output = _TOGGLE_AUTOCOMPLETE.sub(r"\1", output)
    output = _EMPTY_TABINDEX.sub("", output)
    output = _SEARCH_DIALOG.sub(r'\1 aria-label="Search">', output)
    if 'id="__toc"' not in output:
        output = _TOC_LABEL.sub(r"\1", output)
    return output
