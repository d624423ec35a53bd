"""The activity catalogue in a browser: facets, text search, the filters in the address, no-JS."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from instant_site import follow_link_in_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ACTIVITIES = [yaml.safe_load(path.read_text()) for path in sorted((ROOT / "data" / "activities").glob("*.yaml"))]
TOTAL = len(ACTIVITIES)
# The catalogue's search fields, as the data author sees them.
SEARCHED_FIELDS = ("title", "summary", "tags", "roles")


def titles(predicate) -> set[str]:
    """Titles of the activities the data says a filter should show."""
    return {activity["title"] for activity in ACTIVITIES if predicate(activity)}


def searchable(activity: dict) -> str:
    parts = [activity[field] if isinstance(activity[field], str) else " ".join(activity[field]) for field in SEARCHED_FIELDS]
    return " ".join(parts).lower()


def shown_titles(page) -> set[str]:
    """Titles of the cards a reader can see."""
    return set(page.locator(".pb-catalogue__list > li:visible .pb-card__title").all_inner_texts())


def count_text(page) -> str:
    return page.locator("[data-pb-count]").inner_text()


def open_catalogue(page, server: str, query: str = ""):
    page.goto(f"{server}activities/{query}")
    page.wait_for_selector("[data-pb-catalogue][data-pb-ready]")


def tick(page, facet: str, value: str) -> None:
    page.locator(f'.pb-filters input[name="{facet}"][value="{value}"]').check()


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_facets_combine_with_and_across_facets(page, server):
    open_catalogue(page, server)
    tick(page, "stream", "downstream")
    tick(page, "effort", "low")

    expected = titles(lambda a: a["stream"] == "downstream" and a["effort"] == "low")
    assert expected, "the data should hold at least one low-effort downstream activity"
    assert shown_titles(page) == expected
    assert count_text(page) == f"{len(expected)} of {TOTAL} activities shown"


def test_values_of_one_facet_combine_with_or(page, server):
    open_catalogue(page, server)
    tick(page, "tag", "pricing")
    tick(page, "tag", "research")
    tick(page, "stream", "upstream")

    expected = titles(lambda a: a["stream"] == "upstream" and {"pricing", "research"} & set(a["tags"]))
    pricing_only = titles(lambda a: a["stream"] == "upstream" and "pricing" in a["tags"])
    assert expected > pricing_only, "a second tag should widen the list"
    assert shown_titles(page) == expected


def test_text_search_needs_every_word(page, server):
    open_catalogue(page, server)
    page.fill("#pb-filter-text", "Customer  SURVEY")

    expected = titles(lambda a: all(word in searchable(a) for word in ("customer", "survey")))
    only_customer = titles(lambda a: "customer" in searchable(a))
    assert 0 < len(expected) < len(only_customer)
    page.wait_for_function(f"document.querySelector('[data-pb-count]').textContent.startsWith('{len(expected)} of')")
    assert shown_titles(page) == expected


def test_typing_is_debounced_into_one_update(page, server):
    open_catalogue(page, server)
    # Each update rewrites the address once, so counting rewrites counts updates.
    page.evaluate("""() => {
        window.pbUpdates = 0;
        const replace = history.replaceState.bind(history);
        history.replaceState = (...args) => { window.pbUpdates += 1; return replace(...args); };
    }""")
    # Seven keystrokes in quick succession, as fast typing produces them.
    page.evaluate("""() => {
        const box = document.querySelector("#pb-filter-text");
        for (const letter of "pricing") {
            box.value += letter;
            box.dispatchEvent(new Event("input", { bubbles: true }));
        }
    }""")
    page.wait_for_function("new URLSearchParams(location.search).get('text') === 'pricing'")
    assert page.evaluate("window.pbUpdates") == 1
    assert shown_titles(page) == titles(lambda a: "pricing" in searchable(a))


def test_address_follows_the_filters(page, server):
    open_catalogue(page, server)
    history_length = page.evaluate("history.length")
    tick(page, "stream", "upstream")
    tick(page, "tag", "pricing")
    tick(page, "tag", "research")
    page.fill("#pb-filter-text", "survey")
    page.wait_for_function("new URLSearchParams(location.search).get('text') === 'survey'")

    assert query_of(page) == {"stream": ["upstream"], "tag": ["pricing", "research"], "text": ["survey"]}
    # Filtering replaces the history entry: Back leaves the catalogue instead of undoing a tick.
    assert page.evaluate("history.length") == history_length


def test_a_shared_address_opens_the_same_view(page, server):
    open_catalogue(page, server, "?stream=upstream&tag=pricing&tag=research&text=survey")

    assert page.locator('input[name="stream"][value="upstream"]').is_checked()
    assert page.locator('input[name="tag"][value="pricing"]').is_checked()
    assert page.locator('input[name="tag"][value="research"]').is_checked()
    assert page.locator(".pb-filters input:checked").count() == 3
    assert page.input_value("#pb-filter-text") == "survey"
    expected = titles(
        lambda a: a["stream"] == "upstream" and {"pricing", "research"} & set(a["tags"]) and "survey" in searchable(a)
    )
    assert expected
    assert shown_titles(page) == expected


def test_clear_shows_everything_and_empties_the_address(page, server):
    open_catalogue(page, server, "?stream=upstream&effort=high&text=brand")
    page.locator(".pb-filters [data-pb-action=clear]").click()

    assert len(shown_titles(page)) == TOTAL
    assert count_text(page) == f"{TOTAL} of {TOTAL} activities shown"
    assert page.locator(".pb-filters input:checked").count() == 0
    assert page.input_value("#pb-filter-text") == ""
    assert urlsplit(page.url).query == ""


def test_no_match_shows_the_empty_state_with_a_way_out(page, server):
    open_catalogue(page, server, "?text=zzzz-no-such-word")
    empty = page.locator(".pb-catalogue__empty")

    assert empty.is_visible()
    assert shown_titles(page) == set()
    assert count_text(page) == f"0 of {TOTAL} activities shown"
    empty.get_by_role("button", name="Clear filters").click()
    assert empty.is_hidden()
    assert len(shown_titles(page)) == TOTAL


def test_other_address_parameters_are_kept(page, server):
    # Material's search highlight arrives as ?h=...; filtering must not drop it.
    open_catalogue(page, server, "?h=pricing")
    tick(page, "effort", "low")
    assert query_of(page) == {"h": ["pricing"], "effort": ["low"]}


def test_a_tag_link_opens_the_catalogue_filtered(page, server):
    page.goto(f"{server}activities/customer-surveys/")
    link = page.locator(".pb-tags a").first
    tag = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(rf"/activities/\?tag={tag}$"))
    page.wait_for_selector("[data-pb-catalogue][data-pb-ready]")

    assert page.locator(f'input[name="tag"][value="{tag}"]').is_checked()
    assert shown_titles(page) == titles(lambda a: tag in a["tags"])


def test_a_tag_link_opens_the_catalogue_filtered_with_instant_navigation(page, instant_server):
    page.goto(f"{instant_server}activities/pricing-strategy/")
    follow_link_in_page(page, page.locator(".pb-tags a", has_text=re.compile(r"^pricing$")), "[data-pb-catalogue]")

    assert urlsplit(page.url).query == "tag=pricing"
    assert page.locator('input[name="tag"][value="pricing"]').is_checked()
    assert shown_titles(page) == titles(lambda a: "pricing" in a["tags"])


def test_going_back_to_the_catalogue_restores_the_filters(page, instant_server):
    open_catalogue(page, instant_server)
    tick(page, "effort", "high")
    expected = titles(lambda a: a["effort"] == "high")
    card = page.locator(".pb-catalogue__list > li:visible .pb-card__title").first
    card.click()
    page.wait_for_selector(".pb-record-head")
    page.go_back()
    page.wait_for_selector("[data-pb-catalogue][data-pb-ready]")

    assert query_of(page) == {"effort": ["high"]}
    assert page.locator('input[name="effort"][value="high"]').is_checked()
    assert shown_titles(page) == expected


def test_without_javascript_every_activity_shows(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server}activities/?stream=upstream")
        assert len(shown_titles(page)) == TOTAL
        assert page.locator(".pb-filters").is_hidden()
        assert page.locator(".pb-catalogue__empty").is_hidden()
    finally:
        context.close()


def test_filtering_hundreds_of_cards_stays_fast(page, server):
    """With the list copied to about 500 cards, one tick updates the list well within a frame."""
    copies = 12

    def multiply_cards(route):
        response = route.fetch()
        html = response.text()
        start = html.index('<ul class="pb-cards pb-catalogue__list">')
        start = html.index(">", start) + 1
        end = html.index("</ul>", start)
        route.fulfill(response=response, body=html[:start] + html[start:end] * copies + html[end:])

    page.route(f"{server}activities/", multiply_cards)
    open_catalogue(page, server)
    assert count_text(page) == f"{TOTAL * copies} of {TOTAL * copies} activities shown"

    elapsed = page.evaluate("""() => {
        const box = document.querySelector('.pb-filters input[name="stream"][value="downstream"]');
        const start = performance.now();
        box.click();
        document.body.getBoundingClientRect();  // include the layout the change causes
        return performance.now() - start;
    }""")
    downstream = len(titles(lambda a: a["stream"] == "downstream"))
    assert count_text(page) == f"{downstream * copies} of {TOTAL * copies} activities shown"
    assert elapsed < 100, f"one filter change took {elapsed:.0f} ms"


def test_the_kind_of_work_facet_shows_the_demand_creation_tactics(page, server):
    # The sources list some top-of-funnel tactics as upstream examples; the data labels them.
    open_catalogue(page, server, "?sense=demand+creation")
    wanted = titles(lambda a: a.get("sense") == "demand creation")
    assert len(wanted) == 6
    assert shown_titles(page) == wanted
    assert all("(demand creation)" in text for text in page.locator(".pb-card:visible .pb-card__meta").all_inner_texts())
