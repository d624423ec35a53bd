"""Every page in headless Chromium, in the light and the dark palette: zero axe-core violations
of WCAG 2.1 A/AA, and zero requests to any host but the site's own."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _pages(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_is_accessible_and_private(site, server, browser, scheme):
    if not AXE.exists():
        message = "axe-core is needed (python3 hooks/dev.py test installs it)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    origin = urlparse(server).netloc
    foreign: list[str] = []
    context.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).netloc not in (origin, "") else None)
    page = context.new_page()
    problems, pages = [], _pages(site)
    assert len(pages) > 80
    for path in pages:
        page.goto(server + path.lstrip("./"), wait_until="load")
        wanted = "slate" if scheme == "dark" else "default"
        assert page.get_attribute("body", "data-md-color-scheme") == wanted
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
            ".map(v => v.id + ': ' + v.help + ' [' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ') + ']')",
            WCAG_21_AA,
        )
        problems += [f"{path} ({scheme}): {v}" for v in violations]
    context.close()
    assert not foreign, f"requests to other hosts: {sorted(set(foreign))[:20]}"
    assert not problems, "\n".join(problems[:60])
