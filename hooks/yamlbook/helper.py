"""A cold build on two cores: a forked process renders record pages into the page cache while
the build goes on, and the build finds them there.

MkDocs reads one page after another. With no stored renders (a first build, a fresh clone, a CI
run), rendering the record pages is the engine's largest share of a build, and each one depends
only on the loaded data. So, once the data is loaded, a child process is forked that renders
them, last page first, and writes each to the page cache folder as it finishes (pagecache
writes a file whole or not at all). The build takes a page's render from that folder when it
reaches the page, and renders itself only the pages the child has not done yet. Both render
with the same data, templates and engine, so the site is the same whichever process rendered
a page; a page the child could not render (a problem in its data) is rendered, and reported,
by the build.

Only a one-off build on a system with fork() and more than one processor uses it, only when
at least MIN_PAGES record pages have no stored render, and YAMLBOOK_HELPER=0 turns it off.
"""

from __future__ import annotations

import contextlib
import os
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .render import Renderer

MIN_PAGES = 50  # fewer record pages to render than this: not worth a process
SWITCH = "YAMLBOOK_HELPER"  # "0": never fork one


def start(renderer: Renderer, pages: list[tuple[str, str, str]]) -> int | None:
    """Fork a child that renders these record pages ((kind, id, docs path), rendered from the
    last) into the page cache folder; its process id, or None when none was started."""
    if os.environ.get(SWITCH) == "0" or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return None
    missing = [page for page in pages if not renderer.record_stored(*page)]
    if len(missing) < MIN_PAGES:
        return None
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid:
        return pid
    _render_in_child(renderer, missing)  # never returns


def stop(pid: int | None) -> None:
    """End the child (its work is no longer needed once the build has read every page) and
    collect it."""
    if pid is None:
        return
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)


def _render_in_child(renderer: Renderer, pages: list[tuple[str, str, str]]) -> None:
    code = 1
    try:
        # Nothing to say, and the build's output pipes must close when the build ends.
        quiet = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(quiet, stream)
        parent = os.getppid()
        for kind, record_id, path in reversed(pages):
            if os.getppid() != parent:  # the build is gone
                break
            try:
                renderer.record_markdown(kind, record_id, path)
            except Exception:  # noqa: BLE001 (the build renders this page itself and reports it)
                continue
            renderer.pages.flush()
        code = 0
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the build's buffered output
