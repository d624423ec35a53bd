"""Each page loads only its widgets' scripts and styles, they still work after Material's instant
navigation, and the catalogue does not shift while it loads (Lighthouse measured CLS 0.456 on
a phone when its filter panel appeared only after the scripts ran)."""

from __future__ import annotations

import re

import pytest
from instant_site import follow_link_in_page

pytestmark = pytest.mark.browser

ENGINE_ASSET = re.compile(r"/assets/yamlbook/(javascripts|stylesheets)/([^/?#]+)$")
# Summed layout shifts a reader did not cause, as Lighthouse counts them; "good" is at most 0.1.
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 1000);
})"""


def loaded_engine_assets(page, url: str) -> set[str]:
    """The engine's scripts and styles the browser fetched for one page."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return {m.group(2) for m in map(ENGINE_ASSET.search, fetched) if m}


def test_pages_fetch_only_the_assets_of_their_widgets(page, server):
    assert loaded_engine_assets(page, server) == {"yamlbook.css", "streams.css"}
    worksheet = loaded_engine_assets(page, f"{server}worksheets/balance-scorecard/")
    assert worksheet == {"yamlbook.css", "streams.css", "worksheet.css", "worksheet.bundle.js"}
    assert loaded_engine_assets(page, f"{server}activities/") == {
        "yamlbook.css", "streams.css", "catalogue.css", "catalogue.bundle.js"}


def test_a_worksheet_reached_by_instant_navigation_runs_its_scripts(page, instant_server):
    """The home page loads no worksheet script; following links to a worksheet without a page
    load still sets the worksheet up, because Material runs the scripts of the content it swaps in."""
    page.goto(f"{instant_server}worksheets/")
    link = page.locator("article a[href*='balance-scorecard']").first
    follow_link_in_page(page, link, ".pb-worksheet")
    assert page.locator("link[href$='worksheet.css']").count() == 1


@pytest.mark.parametrize("path", ["activities/", "worksheets/balance-scorecard/", "onboarding/"])
def test_widget_pages_do_not_shift_while_loading_on_a_phone(browser, server, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        page = context.new_page()
        page.goto(f"{server}{path}")
        shift = page.evaluate(LAYOUT_SHIFT)
        assert shift < 0.1, f"{path}: cumulative layout shift {shift:.3f}"
    finally:
        context.close()
