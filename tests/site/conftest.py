"""Fixtures for the browser test of the built site: a local server and headless Chromium.

The site is the output of ``make book`` in ``_build/html``.  Set
``SCALING_LAB_BOOK_ROOT`` to check a book built elsewhere (a folder holding
``_toc.yml`` and ``_build/html``).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest
import yaml

from tests.site.browse import PageReport, visit_page

REPO_ROOT = Path(__file__).resolve().parents[2]
BOOK_ROOT = Path(os.environ.get("SCALING_LAB_BOOK_ROOT", REPO_ROOT)).resolve()
SITE_DIR = BOOK_ROOT / "_build" / "html"
SCREENSHOT_DIR = BOOK_ROOT / "_build" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def toc_pages(book_root: Path = BOOK_ROOT) -> list[str]:
    """Every page of a jb-book ``_toc.yml``, as ``path/without/extension``, root first."""
    toc = yaml.safe_load((book_root / "_toc.yml").read_text(encoding="utf-8"))
    if not isinstance(toc, dict) or toc.get("format") != "jb-book" or "root" not in toc:
        raise ValueError(f"{book_root / '_toc.yml'} is not a jb-book table of contents")
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            elif "glob" in entry:
                raise ValueError(f"_toc.yml: glob entries are not supported by the site test: {entry}")
            # "url" entries point off-site: nothing to load.
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key))

    walk([toc])
    return [str(Path(page).with_suffix("")) if Path(page).suffix in (".md", ".ipynb") else page
            for page in pages]


def pytest_configure(config):
    config.addinivalue_line("markers", "site: browser test of the built site (needs make book and chromium)")


def pytest_generate_tests(metafunc):
    """Parametrize every test that takes ``page`` over the pages of ``_toc.yml``."""
    if "page" in metafunc.fixturenames:
        metafunc.parametrize("page", toc_pages())


@pytest.fixture(scope="session")
def pages() -> list[str]:
    """Pages of the table of contents, root first."""
    return toc_pages()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    return SCREENSHOT_DIR


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE_DIR / "index.html").is_file():
        pytest.fail(f"no built site at {SITE_DIR}: run `make book` first", pytrace=False)
    return SITE_DIR


@pytest.fixture(scope="session")
def base_url(site_dir):
    """Serve the site on 127.0.0.1 at a free port for the whole session."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never `playwright install`)."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium package", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # launch() gives a fresh temporary profile (user data dir) every time.
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def visit(browser, base_url, screenshot_dir):
    """``visit(page)`` loads a page once per session and returns its :class:`browse.PageReport`."""
    cache: dict[str, PageReport] = {}

    def get(page_path: str) -> PageReport:
        if page_path not in cache:
            cache[page_path] = visit_page(browser, base_url, page_path, screenshot_dir)
        return cache[page_path]

    return get
