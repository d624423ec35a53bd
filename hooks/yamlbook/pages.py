"""Where a docs page is served, and links between pages that work wherever the site is hosted."""

from __future__ import annotations


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL path of a docs page, e.g. 'activities/x/' for 'activities/x.md'."""
    stem = src[: -len(".md")] if src.endswith(".md") else src
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_src: str, to_src: str, directory_urls: bool = True, anchor: str = "") -> str:
    """A link from one docs page to another that works wherever the site is hosted."""
    here = page_url(from_src, directory_urls).split("/")[:-1]  # the folder the page is served from
    there = page_url(to_src, directory_urls)
    target = there.split("/")
    common = 0
    while common < min(len(here), len(target) - 1) and here[common] == target[common]:
        common += 1
    rel = "../" * (len(here) - common) + "/".join(target[common:])
    return (rel or "./") + (f"#{anchor}" if anchor else "")
