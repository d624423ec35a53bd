"""mkdocs-macros module: registers the macros pages call. Each one is a thin wrapper.

Pages call macros with data keys only, e.g. {{ activity_list("upstream") }}.
"""

from __future__ import annotations

import functools
from pathlib import Path

from markupsafe import Markup

from yamlbook import DataError, Problem, load_dataset
from yamlbook.render import catalogue_facets, failures, page_titles, renderer_for


def define_env(env) -> None:
    """Register every macro with mkdocs-macros."""
    root = Path(env.conf["config_file_path"]).parent
    docs_dir = env.conf["docs_dir"]
    directory_urls = env.conf["use_directory_urls"]

    # define_env runs once per build (serve reloads the config for every rebuild), so the data is
    # loaded once per build, not once per page: checking the files for changes costs O(files).
    @functools.cache
    def _renderer():
        return renderer_for(load_dataset(root, docs_dir), directory_urls)

    def render(template: str, **context) -> Markup:
        return _renderer().render(template, env.page.file.src_uri, **context)

    def macro(function):
        """Register a macro that reports a failure as a problem (the glue stops the build with
        it after the page) instead of letting mkdocs-macros print a traceback."""
        @functools.wraps(function)
        def guarded(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except DataError as err:
                failures.extend(err.problems)
            except Exception as err:  # noqa: BLE001
                failures.append(Problem(f"{Path(docs_dir).name}/{env.page.file.src_uri}", None, None,
                                        f"the macro {function.__name__}() failed: {type(err).__name__}: {err}; "
                                        "check the arguments the page gives it"))
            return Markup("")

        return env.macro(guarded)

    @macro
    def activity_list(stream: str) -> Markup:
        """Every activity of one stream, linked, with its summary."""
        return render("lists/activities.html.j2", stream=stream)

    @macro
    def metric_list(stream: str) -> Markup:
        """Every metric of one stream ('upstream', 'downstream' or 'both'), linked."""
        return render("lists/metrics.html.j2", stream=stream)

    @macro
    def checklist_list() -> Markup:
        """Every checklist, linked, with its purpose."""
        return render("lists/checklists.html.j2")

    @macro
    def worksheet_list() -> Markup:
        """Every self-assessment worksheet, linked."""
        return render("lists/worksheets.html.j2")

    @macro
    def comparison_table() -> Markup:
        """The side-by-side comparison of the two streams."""
        return render("comparison.html.j2")

    @macro
    def glossary() -> Markup:
        """Every glossary term, alphabetically."""
        return render("glossary.html.j2")

    @macro
    def sources() -> Markup:
        """The sources and the people they credit."""
        return render("sources.html.j2")

    @macro
    def activity_catalogue() -> Markup:
        """Every activity, with filters by stream, horizon, effort, role, tag and free text."""
        return render("catalogue.html.j2", **catalogue_facets(_renderer().data))

    @macro
    def onboarding_path() -> Markup:
        """The onboarding path, with its tasks and knowledge checks."""
        renderer = _renderer()
        paths = list(renderer.data.records["onboarding"].values())
        if not paths:
            raise ValueError("there is no onboarding path in data/ (data/collections.yaml names its file)")
        onboarding = paths[0].data
        titles = page_titles(env.conf["nav"], renderer.data, docs_dir)
        return render("onboarding.html.j2", path=onboarding, page_titles=titles)

    @macro
    def planner(planner_id: str) -> Markup:
        """A split planner (data/planners/<id>.yaml): questions, the reader's plan and every rule."""
        return render("planner.html.j2", planner=_renderer().data.get("planners", planner_id))

    @macro
    def activity_cards() -> Markup:
        """Every activity as a printable card, one per page."""
        return render("cards.html.j2")

