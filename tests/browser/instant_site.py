"""Helpers for tests that must prove a widget survives Material's instant navigation.

They use the `instant_server` fixture (tests/conftest.py): a build whose site_url is its own address.
"""

from __future__ import annotations


def follow_link_in_page(page, link, ready: str) -> None:
    """Click a link, wait for the widget `ready` to be set up, and fail on a full page load."""
    assert page.locator(ready).count() == 0, "the widget should not be on the page the link is on"
    # A value on window survives instant navigation and is lost on a full page load.
    page.evaluate("window.pbSameDocument = true")
    link.click()
    page.wait_for_selector(f"{ready}[data-pb-ready]")
    assert page.evaluate("window.pbSameDocument") is True, "expected instant navigation, got a page load"
