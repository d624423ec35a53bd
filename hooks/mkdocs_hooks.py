"""MkDocs glue: validate the data before a build, and add one generated page per record.

Everything real happens in the yamlbook package, which does not import MkDocs.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from yamlbook import DataError, Dataset, load_dataset
from yamlbook.render import renderer_for

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


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    dataset(config)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    data = dataset(config)
    renderer = renderer_for(data, config.use_directory_urls)
    for kind, record_id, path in data.generated_pages():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"playbook/{path} exists, but the data generates that page; delete the file")
        body = _FRONT_MATTER + renderer.record_page(kind, record_id, path)
        files.append(File.generated(config, path, content=body))
    return files


# Material 9's templates emit three kinds of invalid HTML (the Nu HTML Checker flags them):
# autocomplete on its hidden toggle checkboxes, tabindex="" on navigation labels, and a
# label for the "__toc" toggle on pages that are not in the navigation, where that toggle
# does not exist. Fixed here rather than by copying and forking the theme's templates.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
_EMPTY_TABINDEX = re.compile(r' tabindex=""')
_TOC_LABEL = re.compile(r'(<label class="md-nav__(?:title|link[^"]*)") for="__toc"')


def on_post_page(output: str, **_) -> str:
    return _fix_theme_markup(output)


def on_post_template(output_content: str, **_) -> str:
    return _fix_theme_markup(output_content)  # the 404 page


def _fix_theme_markup(output: str) -> str:
    output = _TOGGLE_AUTOCOMPLETE.sub(r"\1", output)
    output = _EMPTY_TABINDEX.sub("", output)
    if 'id="__toc"' not in output:
        output = _TOC_LABEL.sub(r"\1", output)
    return output
