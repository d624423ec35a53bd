"""The activity catalogue in a browser: facets, text search, the filters in the address, no-JS.

The engine's behaviour is checked on both playbooks, the main one and the second one
(tests/fixtures/second-playbook); every facet value, search word and expected title a test uses
comes from that playbook's own data and the facets its pyproject.toml lists.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from itertools import combinations
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import yaml
from conftest import FIXTURE
from instant_site import follow_link_in_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# The catalogue's search fields, as the data author sees them.
SEARCHED_FIELDS = ("title", "summary", "tags", "roles")


@dataclasses.dataclass(frozen=True)
class Playbook:
    """One playbook as the catalogue sees it: its activities, its facets (URL parameter: record
    field) and, once its site is served, the site's base URL."""

    name: str
    activities: tuple[dict, ...]
    facets: dict[str, str]
    url: str = ""

    @classmethod
    def load(cls, name: str, root: Path) -> Playbook:
        paths = sorted((root / "data" / "activities").glob("*.yaml"))
        activities = tuple(yaml.safe_load(path.read_text()) for path in paths)
        assert len({a["title"] for a in activities}) == len(activities), "the tests tell cards apart by title"
        settings = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["yamlbook"]
        facets = {facet["name"]: facet["field"] for facet in settings.get("catalogue", {}).get("facets", [])}
        return cls(name, activities, facets)

    @property
    def total(self) -> int:
        return len(self.activities)

    @property
    def titles(self) -> set[str]:
        return {a["title"] for a in self.activities}

    def values_of(self, activity: dict, facet: str) -> list[str]:
        found = activity.get(self.facets[facet], [])
        return found if isinstance(found, list) else [found]

    def values(self, facet: str) -> list[str]:
        """The values the activities give a facet, sorted."""
        return sorted({value for activity in self.activities for value in self.values_of(activity, facet)})

    def choices(self) -> list[tuple[str, str]]:
        """Every (facet, value) a reader can tick."""
        return [(facet, value) for facet in self.facets for value in self.values(facet)]

    def having(self, facet: str, *values: str) -> set[str]:
        """Titles of the activities with any of the values for the facet."""
        return {a["title"] for a in self.activities if set(values) & set(self.values_of(a, facet))}

    def containing(self, *words: str) -> set[str]:
        """Titles of the activities whose searched fields hold every word, in any case."""
        return {a["title"] for a in self.activities if all(word.lower() in searchable(a) for word in words)}

    @property
    def words(self) -> list[str]:
        """The words of four letters or more in the searched fields, sorted: what tests search for."""
        return sorted({word for a in self.activities for word in re.findall(r"[a-z]{4,}", searchable(a))})


def searchable(activity: dict) -> str:
    parts = [activity[field] if isinstance(activity[field], str) else " ".join(activity[field]) for field in SEARCHED_FIELDS]
    return " ".join(parts).lower()


PLAYBOOKS = {"main": Playbook.load("main", ROOT), "second": Playbook.load("second", FIXTURE)}
MAIN = PLAYBOOKS["main"]
SERVERS = {"main": "server", "second": "fixture_server"}


@pytest.fixture(params=list(PLAYBOOKS))
def playbook(request) -> Playbook:
    """Each playbook in turn, with the base URL of its built site."""
    return dataclasses.replace(PLAYBOOKS[request.param], url=request.getfixturevalue(SERVERS[request.param]))


# What the tests tick and type, picked from a playbook's data so that a wrong list shows.


def two_facets(playbook: Playbook) -> tuple[tuple[str, str], tuple[str, str]]:
    """A value of each of two facets whose activities overlap, each showing more than the overlap:
    the list tells AND from OR and from either tick alone."""
    for (first, a), (second, b) in combinations(playbook.choices(), 2):
        alone = playbook.having(first, a), playbook.having(second, b)
        both = alone[0] & alone[1]
        if first != second and both and all(both < each for each in alone):
            return (first, a), (second, b)
    pytest.fail(f"{playbook.name}: no values of two facets share some activities but not all")


def two_values_and_another(playbook: Playbook) -> tuple[str, tuple[str, str], tuple[str, str]]:
    """Two values of one facet and a value of another facet, such that with the other value ticked
    each of the two shows some activities, both together show more, and fewer than the two would
    show without the other value: the list tells OR within a facet from AND, and across facets."""
    for facet in playbook.facets:
        for a, b in combinations(playbook.values(facet), 2):
            for other, value in playbook.choices():
                if other == facet:
                    continue
                narrowed = playbook.having(other, value)
                first, second = playbook.having(facet, a) & narrowed, playbook.having(facet, b) & narrowed
                shown = first | second
                if first and second and shown > first and shown > second and shown < playbook.having(facet, a, b):
                    return facet, (a, b), (other, value)
    pytest.fail(f"{playbook.name}: no two values of a facet widen a list another facet narrows")


def narrowing_word(playbook: Playbook, among: set[str]) -> str:
    """A search word that some, but not all, of the activities titled `among` hold."""
    for word in playbook.words:
        if 0 < len(playbook.containing(word) & among) < len(among):
            return word
    pytest.fail(f"{playbook.name}: no word tells apart the activities {sorted(among)}")


def two_words(playbook: Playbook) -> tuple[str, str]:
    """Two search words that some activities hold both of, each alone matching more."""
    for first, second in combinations(playbook.words, 2):
        both = playbook.containing(first, second)
        if both and both < playbook.containing(first) and both < playbook.containing(second):
            return first, second
    pytest.fail(f"{playbook.name}: no two words are held together by fewer activities than each alone")


class View(NamedTuple):
    """A filtered view worth sharing: two values of one facet, a value of another, and a search word."""

    facet: str
    values: tuple[str, str]
    other: str
    value: str
    word: str

    @classmethod
    def pick(cls, playbook: Playbook) -> View:
        facet, values, (other, value) = two_values_and_another(playbook)
        word = narrowing_word(playbook, playbook.having(facet, *values) & playbook.having(other, value))
        return cls(facet, values, other, value, word)

    def address(self) -> str:
        ticks = [(self.other, self.value)] + [(self.facet, value) for value in self.values]
        return "?" + urlencode(ticks + [("text", self.word)])

    def shown(self, playbook: Playbook) -> set[str]:
        """Titles of the activities the data says the view should show."""
        return playbook.having(self.facet, *self.values) & playbook.having(self.other, self.value) \
            & playbook.containing(self.word)


# The page.


def shown_titles(page) -> set[str]:
    """Titles of the cards a reader can see."""
    return set(page.locator(".pb-catalogue__list > li:visible .pb-card__title").all_inner_texts())


def count_text(page) -> str:
    return page.locator("[data-pb-count]").inner_text()


def counted(shown: int, total: int) -> str:
    """The count line for `shown` cards out of `total`."""
    return f"{shown} of {total} activities shown"


def open_catalogue(page, server: str, query: str = ""):
    page.goto(f"{server}activities/{query}")
    page.wait_for_selector("[data-pb-catalogue][data-pb-ready]")


def box(page, facet: str, value: str):
    return page.locator(f'.pb-filters input[name="{facet}"][value="{value}"]')


def tick(page, facet: str, value: str) -> None:
    box(page, facet, value).check()


def in_form_order(page, facet: str, values) -> list[str]:
    """The values as the facet's boxes list them, the order the address gives ticked values in."""
    boxes = page.locator(f'.pb-filters input[name="{facet}"]')
    listed = boxes.evaluate_all("boxes => boxes.map(box => box.value)")
    return [value for value in listed if value in values]


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def wait_for_text_in_address(page, text: str) -> None:
    page.wait_for_function("text => new URLSearchParams(location.search).get('text') === text", arg=text)


def test_facets_combine_with_and_across_facets(page, playbook):
    (first, a), (second, b) = two_facets(playbook)
    open_catalogue(page, playbook.url)
    tick(page, first, a)
    tick(page, second, b)

    expected = playbook.having(first, a) & playbook.having(second, b)
    assert shown_titles(page) == expected
    assert count_text(page) == counted(len(expected), playbook.total)


def test_values_of_one_facet_combine_with_or(page, playbook):
    facet, (a, b), (other, value) = two_values_and_another(playbook)
    open_catalogue(page, playbook.url)
    tick(page, facet, a)
    tick(page, facet, b)
    tick(page, other, value)

    assert shown_titles(page) == playbook.having(facet, a, b) & playbook.having(other, value)


def test_text_search_needs_every_word(page, playbook):
    first, second = two_words(playbook)
    open_catalogue(page, playbook.url)
    # Any case, and more than one space between the words.
    page.fill("#pb-filter-text", f"{first.capitalize()}  {second.upper()}")

    expected = playbook.containing(first, second)
    page.wait_for_function(f"document.querySelector('[data-pb-count]').textContent.startsWith('{len(expected)} of')")
    assert shown_titles(page) == expected


def test_typing_is_debounced_into_one_update(page, playbook):
    word = narrowing_word(playbook, playbook.titles)
    open_catalogue(page, playbook.url)
    # Each update rewrites the address once, so counting rewrites counts updates.
    page.evaluate("""() => {
        window.pbUpdates = 0;
        const replace = history.replaceState.bind(history);
        history.replaceState = (...args) => { window.pbUpdates += 1; return replace(...args); };
    }""")
    # One keystroke per letter, in quick succession, as fast typing produces them.
    page.evaluate("""word => {
        const box = document.querySelector("#pb-filter-text");
        for (const letter of word) {
            box.value += letter;
            box.dispatchEvent(new Event("input", { bubbles: true }));
        }
    }""", word)
    wait_for_text_in_address(page, word)
    assert page.evaluate("window.pbUpdates") == 1
    assert shown_titles(page) == playbook.containing(word)


def test_address_follows_the_filters(page, playbook):
    view = View.pick(playbook)
    open_catalogue(page, playbook.url)
    history_length = page.evaluate("history.length")
    tick(page, view.other, view.value)
    for value in view.values:
        tick(page, view.facet, value)
    page.fill("#pb-filter-text", view.word)
    wait_for_text_in_address(page, view.word)

    assert query_of(page) == {
        view.other: [view.value],
        view.facet: in_form_order(page, view.facet, view.values),
        "text": [view.word],
    }
    # Filtering replaces the history entry: Back leaves the catalogue instead of undoing a tick.
    assert page.evaluate("history.length") == history_length


def test_a_shared_address_opens_the_same_view(page, playbook):
    view = View.pick(playbook)
    open_catalogue(page, playbook.url, view.address())

    assert box(page, view.other, view.value).is_checked()
    assert all(box(page, view.facet, value).is_checked() for value in view.values)
    assert page.locator(".pb-filters input:checked").count() == 3
    assert page.input_value("#pb-filter-text") == view.word
    assert shown_titles(page) == view.shown(playbook)


def test_clear_shows_everything_and_empties_the_address(page, playbook):
    open_catalogue(page, playbook.url, View.pick(playbook).address())
    page.locator(".pb-filters [data-pb-action=clear]").click()

    assert len(shown_titles(page)) == playbook.total
    assert count_text(page) == counted(playbook.total, playbook.total)
    assert page.locator(".pb-filters input:checked").count() == 0
    assert page.input_value("#pb-filter-text") == ""
    assert urlsplit(page.url).query == ""


def test_no_match_shows_the_empty_state_with_a_way_out(page, playbook):
    word = "zzzz-no-such-word"
    assert not playbook.containing(word)
    open_catalogue(page, playbook.url, f"?text={word}")
    empty = page.locator(".pb-catalogue__empty")

    assert empty.is_visible()
    assert shown_titles(page) == set()
    assert count_text(page) == counted(0, playbook.total)
    empty.get_by_role("button", name="Clear filters").click()
    assert empty.is_hidden()
    assert len(shown_titles(page)) == playbook.total


def test_other_address_parameters_are_kept(page, playbook):
    # Material's search highlight arrives as ?h=...; filtering must not drop it.
    (facet, value), _ = two_facets(playbook)
    word = playbook.words[0]
    open_catalogue(page, playbook.url, f"?h={word}")
    tick(page, facet, value)
    assert query_of(page) == {"h": [word], facet: [value]}


# Main site only: the second playbook's catalogue has no tag facet.
def test_a_tag_link_opens_the_catalogue_filtered(page, server):
    page.goto(f"{server}activities/customer-surveys/")
    link = page.locator(".pb-tags a").first
    tag = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(rf"/activities/\?tag={tag}$"))
    page.wait_for_selector("[data-pb-catalogue][data-pb-ready]")

    assert page.locator(f'input[name="tag"][value="{tag}"]').is_checked()
    assert shown_titles(page) == MAIN.having("tag", tag)


# Main site only: the second playbook has no tag facet, nor Material's instant navigation.
def test_a_tag_link_opens_the_catalogue_filtered_with_instant_navigation(page, instant_server):
    page.goto(f"{instant_server}activities/pricing-strategy/")
    follow_link_in_page(page, page.locator(".pb-tags a", has_text=re.compile(r"^pricing$")), "[data-pb-catalogue]")

    assert urlsplit(page.url).query == "tag=pricing"
    assert page.locator('input[name="tag"][value="pricing"]').is_checked()
    assert shown_titles(page) == MAIN.having("tag", "pricing")


# Main site only: the second playbook does not turn on Material's instant navigation.
def test_going_back_to_the_catalogue_restores_the_filters(page, instant_server):
    open_catalogue(page, instant_server)
    tick(page, "effort", "high")
    expected = MAIN.having("effort", "high")
    card = page.locator(".pb-catalogue__list > li:visible .pb-card__title").first
    card.click()
    page.wait_for_selector(".pb-record-head")
    page.go_back()
    page.wait_for_selector("[data-pb-catalogue][data-pb-ready]")

    assert query_of(page) == {"effort": ["high"]}
    assert page.locator('input[name="effort"][value="high"]').is_checked()
    assert shown_titles(page) == expected


def test_without_javascript_every_activity_shows(browser, playbook):
    (facet, value), _ = two_facets(playbook)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{playbook.url}activities/?{urlencode({facet: value})}")
        assert len(shown_titles(page)) == playbook.total
        assert page.locator(".pb-filters").is_hidden()
        assert page.locator(".pb-catalogue__empty").is_hidden()
    finally:
        context.close()


def test_filtering_hundreds_of_cards_stays_fast(page, playbook):
    """With the list copied to about 500 cards, one tick updates the list well within a frame."""
    copies = -(-500 // playbook.total)
    (facet, value), _ = two_facets(playbook)

    def multiply_cards(route):
        response = route.fetch()
        html = response.text()
        start = html.index('<ul class="pb-cards pb-catalogue__list">')
        start = html.index(">", start) + 1
        end = html.index("</ul>", start)
        route.fulfill(response=response, body=html[:start] + html[start:end] * copies + html[end:])

    page.route(f"{playbook.url}activities/", multiply_cards)
    open_catalogue(page, playbook.url)
    assert count_text(page) == counted(playbook.total * copies, playbook.total * copies)

    elapsed = page.evaluate("""selector => {
        const box = document.querySelector(selector);
        const start = performance.now();
        box.click();
        document.body.getBoundingClientRect();  // include the layout the change causes
        return performance.now() - start;
    }""", f'.pb-filters input[name="{facet}"][value="{value}"]')
    assert count_text(page) == counted(len(playbook.having(facet, value)) * copies, playbook.total * copies)
    assert elapsed < 100, f"one filter change took {elapsed:.0f} ms"


# Main site only: it checks the main playbook's own labels (the second one has no sense facet).
def test_the_kind_of_work_facet_shows_the_demand_creation_tactics(page, server):
    # The sources list some top-of-funnel tactics as upstream examples; the data labels them.
    open_catalogue(page, server, "?sense=demand+creation")
    wanted = MAIN.having("sense", "demand creation")
    assert len(wanted) == 6
    assert shown_titles(page) == wanted
    assert all("(demand creation)" in text for text in page.locator(".pb-card:visible .pb-card__meta").all_inner_texts())
