"""Fixtures for the browser test of the built site: a local server and headless Chromium.

The site is the output of ``make book`` in ``_build/html``.  Set
``SCALING_LAB_BOOK_ROOT`` to check a book built elsewhere (a folder holding
``_toc.yml`` and ``_build/html``), and ``SCALING_LAB_SCREENSHOTS=1`` to save a full-page
screenshot of every page in ``_build/screenshots`` (``make test-site SCREENSHOTS=1``).

With pytest-xdist (``-n 2``, as ``make test-site`` runs it), every test of one page runs in the
same worker (:func:`pytest_xdist_make_scheduler`), so each page is still loaded once.
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
#: First-load weight of every page, heaviest first (tests/site/test_weight.py), assembled from one line per page
#: that the page's worker writes in WEIGHTS_DIR.
WEIGHTS = BOOK_ROOT / "_build" / "first_load_weights.txt"
WEIGHTS_DIR = BOOK_ROOT / "_build" / "first_load_weights"
FULL_PAGE_SCREENSHOTS = os.environ.get("SCALING_LAB_SCREENSHOTS", "").strip() == "1"
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


def page_of(nodeid: str, pages: list[str]) -> str | None:
    """The page a test is parametrized with (``test_x.py::test_y[book/power_laws-light]``), or None."""
    for page in pages:
        if f"[{page}]" in nodeid or f"[{page}-" in nodeid:
            return page
    return None


def pytest_xdist_make_scheduler(config, log):
    """With pytest-xdist: the tests of one page form one unit of work, so one worker loads the page once.

    (``--dist loadgroup`` would do this with ``xdist_group`` marks, but pytest-xdist 3.8 sets the group on a
    node id attribute that pytest 9 no longer reads, and groups nothing.)  Every other test is a unit of its own.
    """
    from xdist.scheduler import LoadScopeScheduling

    pages = toc_pages()

    class OnePageOneWorker(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            page = page_of(nodeid, pages)
            return f"page {page}" if page else nodeid

    return OnePageOneWorker(config, log)


def _is_controller(config) -> bool:
    return not hasattr(config, "workerinput")  # the only process without xdist, or xdist's controller


def pytest_configure(config):
    config.addinivalue_line("markers", "site: browser test of the built site (needs make book and chromium)")
    if _is_controller(config) and WEIGHTS_DIR.is_dir():  # before any worker starts: no line of an earlier run
        for stale in WEIGHTS_DIR.glob("*.txt"):
            stale.unlink()


def pytest_sessionfinish(session):
    if not _is_controller(session.config) or not WEIGHTS_DIR.is_dir():
        return
    lines = sorted((line.read_text(encoding="utf-8").split("\t", 1) for line in WEIGHTS_DIR.glob("*.txt")),
                   key=lambda parts: -int(parts[0]))
    if lines:
        WEIGHTS.write_text("".join(text for _, text in lines), encoding="utf-8")


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
            cache[page_path] = visit_page(browser, base_url, page_path, screenshot_dir,
                                          full_page_screenshot=FULL_PAGE_SCREENSHOTS)
        return cache[page_path]

    return get
