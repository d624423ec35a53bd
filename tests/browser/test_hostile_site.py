"""In Chromium: a record title holding markup shows as text in the tab, the page and Material's
search results, and never runs; the 404 page works when the site is hosted under a sub-path."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from test_build import copy_project, mkdocs_build
from test_hosting import BREAKOUT, hostile_site  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_server(hostile_site):  # noqa: F811
    from conftest import _base_url, serve

    with serve(hostile_site) as httpd:
        yield _base_url(httpd)


def test_a_breakout_title_stays_text_in_the_tab_and_the_page(page, hostile_server):
    page.goto(hostile_server + "activities/advertising-campaigns/")
    assert page.evaluate("window.pwned") is None
    assert page.title().startswith(BREAKOUT + " activities/advertising-campaigns - ")
    assert page.locator("h1").inner_text().startswith(BREAKOUT)


def test_search_results_show_a_title_with_markup_as_text(page, hostile_server):
    page.goto(hostile_server)
    page.locator("input.md-search__input").click()
    page.keyboard.type("conversion rate")  # typed: Material searches on key events
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_timeout(300)  # results are added as the index answers
    shown = page.locator(".md-search-result").inner_text()
    assert "</title><script>window.pwned=1</script>" in shown
    assert page.locator(".md-search-result script, .md-search-result title").count() == 0
    assert page.evaluate("window.pwned") is None


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under /sub/, answering a missing page with 404.html as a host does."""

    def log_message(self, *args):
        pass

    def send_head(self):
        if not self.path.startswith("/sub/"):
            self.send_error(404)
            return None
        self.path = self.path[len("/sub"):]
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()


def test_the_404_page_loads_its_styles_and_scripts_under_a_sub_path(page, tmp_path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SubPathHandler, directory=str(tmp_path / "site")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}/sub/"
        project = copy_project(tmp_path)
        result = mkdocs_build(project, site_url=base)
        assert result.returncode == 0, result.stderr
        failed: list[str] = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "/assets/" in r.url else None)
        response = page.goto(base + "no/such/page/")
        assert response.status == 404
        page.wait_for_load_state("networkidle")
        assert not failed, failed
        assert page.locator("h1").inner_text() == "404 - Not found"
        # Material's stylesheet applied: the header is a fixed bar, and the home link goes to the sub-path.
        assert page.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
        assert page.locator("a.md-header__button.md-logo").evaluate("a => a.href") == base
    finally:
        httpd.shutdown()
        httpd.server_close()
