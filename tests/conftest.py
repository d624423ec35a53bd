"""Shared fixtures: the real site built once per run, served on localhost, and a headless Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chromium flags for a sandboxed machine with no network but the package registries.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_site(site_dir: Path, config_file: Path = ROOT / "mkdocs.yml", **overrides) -> None:
    """Build a site in-process with --strict, as CI does."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir), strict=True, **overrides)
    build(config)


FIXTURE = ROOT / "tests" / "fixtures" / "second-playbook"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The second playbook (incident response), built once in-process with --strict."""
    site_dir = tmp_path_factory.mktemp("fixture-site")
    build_site(site_dir, config_file=FIXTURE / "mkdocs.yml")
    return site_dir


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real playbook, built once with --strict into a temporary folder."""
    site_dir = tmp_path_factory.mktemp("site")
    build_site(site_dir)
    return site_dir


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = True


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the standard library's name)
        pass


@contextlib.contextmanager
def serve(directory: Path, port: int = 0):
    """Serve a folder on 127.0.0.1 for the duration of the block; yields the HTTP server."""
    httpd = _Server(("127.0.0.1", port), functools.partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


def _base_url(httpd) -> str:
    return f"http://127.0.0.1:{httpd.server_address[1]}/"


@pytest.fixture(scope="session")
def server(site) -> str:
    """Base URL of the built site served on 127.0.0.1."""
    with serve(site) as httpd:
        yield _base_url(httpd)


@pytest.fixture(scope="session")
def fixture_server(fixture_site) -> str:
    """Base URL of the second playbook's built site served on 127.0.0.1."""
    with serve(fixture_site) as httpd:
        yield _base_url(httpd)


@pytest.fixture(scope="session")
def instant_server(tmp_path_factory) -> str:
    """Base URL of a build whose site_url is that same URL, so Material's instant navigation is on.

    Material only takes over links to pages listed in sitemap.xml, comparing host and port, so
    the real build (site_url for port 8000) loads whole pages when served on any other port.
    """
    site_dir = tmp_path_factory.mktemp("instant-site")
    with serve(site_dir) as httpd:
        build_site(site_dir, site_url=_base_url(httpd))
        yield _base_url(httpd)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; in CI a missing browser fails the run."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (python3 hooks/dev.py test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    """A fresh browser profile per test: empty local storage."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A page that fails the test on any JavaScript error."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"JavaScript errors: {errors}"
