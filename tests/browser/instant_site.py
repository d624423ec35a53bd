"""The site built a second time with site_url set, so Material's instant navigation is on.

Material's instant navigation only takes over links to pages listed in sitemap.xml, and
MkDocs lists pages there only when site_url is set; Material also compares the port. The
project's own build has no site_url, so it always loads whole pages. Tests that must prove a
widget survives instant navigation use this build, served on the port its site_url names.
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from conftest import build_site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the standard library's name)
        pass


@pytest.fixture(scope="session")
def instant_server(tmp_path_factory) -> str:
    """Base URL of a build whose site_url is that same URL, on 127.0.0.1."""
    site_dir = tmp_path_factory.mktemp("instant-site")
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    build_site(site_dir, site_url=base)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()


def follow_link_in_page(page, link, ready: str) -> None:
    """Click a link, wait for the widget `ready` to be set up, and fail on a full page load."""
    assert page.locator(ready).count() == 0, "the widget should not be on the page the link is on"
    # A value on window survives instant navigation and is lost on a full page load.
    page.evaluate("window.pbSameDocument = true")
    link.click()
    page.wait_for_selector(f"{ready}[data-pb-ready]")
    assert page.evaluate("window.pbSameDocument") is True, "expected instant navigation, got a page load"
