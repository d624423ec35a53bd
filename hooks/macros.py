"""mkdocs-macros module: the macros pages call, as plain functions registered in define_env.

Each one is a thin wrapper around a template of the engine. Pages call them with data keys
only, e.g. {{ activity_list("a-stream-id") }}.
"""

from __future__ import annotations

import functools
import weakref
from pathlib import Path

from markupsafe import Markup

from yamlbook import DataError, Problem, load_dataset
from yamlbook.render import catalogue_facets, failures, page_titles, renderer_for

_env = None  # the mkdocs-macros environment of the build running (define_env sets it)
# The renderer of the build, found once per build (checking the files for changes costs
# O(files)); held weakly, so that the build can let go of it and its data after the last page.
_current: weakref.ref | None = None


def _renderer():
    global _current
    renderer = _current() if _current is not None else None
    if renderer is None:
        conf = _env.conf
        renderer = renderer_for(load_dataset(Path(conf["config_file_path"]).parent, conf["docs_dir"]),
                                conf["use_directory_urls"])
        _current = weakref.ref(renderer)
    return renderer


def _render(template: str, **context) -> Markup:
    """The widget for the page being rendered: a placeholder the glue swaps for its HTML after
    Markdown (so Markdown never parses the HTML), rendered again only when its data changed."""
    return _renderer().widget(template, _env.page.file.src_uri, **context)


def activity_list(stream: str) -> Markup:
    """Every activity of one stream, linked, with its summary."""
    return _render("lists/activities.html.j2", stream=stream)


def metric_list(stream: str) -> Markup:
    """Every metric of one stream (a stream id, or a value such as 'both' the metric schema allows), linked."""
    return _render("lists/metrics.html.j2", stream=stream)


def checklist_list() -> Markup:
    """Every checklist, linked, with its purpose."""
    return _render("lists/checklists.html.j2")


def worksheet_list() -> Markup:
    """Every self-assessment worksheet, linked."""
    return _render("lists/worksheets.html.j2")


def comparison_table() -> Markup:
    """The streams side by side, one row per titled field of the stream schema."""
    return _render("comparison.html.j2")


def glossary() -> Markup:
    """Every glossary term, alphabetically."""
    return _render("glossary.html.j2")


def sources() -> Markup:
    """The sources and the people they credit."""
    return _render("sources.html.j2")


def activity_catalogue(placeholder: str = "") -> Markup:
    """Every activity, with the filters the project's settings list and free-text search
    (placeholder: the example text shown in the empty search box)."""
    return _render("catalogue.html.j2", facets=catalogue_facets(_renderer().data), placeholder=placeholder)


def onboarding_path() -> Markup:
    """The onboarding path, with its tasks and knowledge checks."""
    renderer = _renderer()
    paths = list(renderer.data.records["onboarding"].values())
    if not paths:
        raise ValueError("there is no onboarding path in data/ (data/collections.yaml names its file)")
    titles = page_titles(_env.conf["nav"], renderer.data, _env.conf["docs_dir"])
    return _render("onboarding.html.j2", path=paths[0].data, page_titles=titles)


def planner(planner_id: str) -> Markup:
    """A split planner (data/planners/<id>.yaml): questions, the reader's plan and every rule."""
    return _render("planner.html.j2", planner=_renderer().data.get("planners", planner_id))


def activity_cards() -> Markup:
    """Every activity as a printable card, one per page."""
    return _render("cards.html.j2")


MACROS = (activity_list, metric_list, checklist_list, worksheet_list, comparison_table, glossary, sources,
          activity_catalogue, onboarding_path, planner, activity_cards)


def _guarded(function):
    """The macro as registered: a failure becomes a problem (the glue stops the build with it
    after the page) instead of mkdocs-macros printing a traceback."""
    @functools.wraps(function)
    def guarded(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except DataError as err:
            failures.extend(err.problems)
        except Exception as err:  # noqa: BLE001
            failures.append(Problem(f"{Path(_env.conf['docs_dir']).name}/{_env.page.file.src_uri}", None, None,
                                    f"the macro {function.__name__}() failed: {type(err).__name__}: {err}; "
                                    "check the arguments the page gives it"))
        return Markup("")

    return guarded


def define_env(env) -> None:
    """Register every macro with mkdocs-macros (once per build)."""
    global _env, _current
    _env, _current = env, None
    for function in MACROS:
        env.macro(_guarded(function))
