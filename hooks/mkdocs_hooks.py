"""MkDocs glue: validate the data before a build, and add one generated page per record.

Everything real happens in the yamlbook package, which does not import MkDocs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from yamlbook import DataError, Dataset, load_dataset

log = logging.getLogger("mkdocs.plugins.yamlbook")

# The body of a generated page: one macro call, so record text never passes through Jinja.
_PAGE_BODY = '{{{{ record_page("{kind}", "{record_id}") }}}}\n'


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
    for kind, record_id, path in dataset(config).generated_pages():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"playbook/{path} exists, but the data generates that page; delete the file")
        body = _PAGE_BODY.format(kind=kind, record_id=record_id)
        files.append(File.generated(config, path, content=body))
    return files
