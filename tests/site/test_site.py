"""Browser test of the built site: every page of the table of contents in headless Chromium.

Run after ``make book`` with ``pytest tests/site``.  Each page is loaded once
(the report is cached) and then checked for: HTTP 200 and no failed request;
no console error; no request leaving 127.0.0.1 (the site works offline); math
typeset by MathJax; every image loaded; every internal link resolving; widgets
rendered; and on pages with sliders, that moving the first slider with the
keyboard changes the figure, with no kernel.  Full-page screenshots are saved
to ``_build/screenshots/<page>.png`` for humans; they are not compared.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.site

WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'
TIMEOUT_MS = 20_000
RAW_TEX = ("\\(", "\\)", "\\[", "\\]", "$$")

# Text of the article with code, scripts and typeset math removed: what a
# reader sees as prose, where raw TeX would mean MathJax did not run.
PROSE_TEXT_JS = """() => {
  const root = document.querySelector('article') || document.querySelector('main') || document.body;
  const copy = root.cloneNode(true);
  copy.querySelectorAll('pre, code, script, style, mjx-container, .jupyter-widgets, .widget-subarea')
      .forEach(e => e.remove());
  return copy.textContent;
}"""

# True once html-manager has rendered every widget view (or written an error in its place).
WIDGETS_DONE_JS = """(selector) => [...document.querySelectorAll(selector)].every(s => {
  const area = s.previousElementSibling;
  return area && area.classList.contains('widget-subarea') &&
         (area.querySelector('.jupyter-widgets') || area.textContent.trim().length > 0);
})"""

IMAGES_DONE_JS = """() => Promise.all([...document.images].map(img => {
  img.loading = 'eager';
  return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
}))"""


@dataclass
class PageReport:
    """What the browser saw on one page."""

    url: str
    status: int | None = None
    requests: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    math_elements: int = 0
    untypeset_math: int = 0
    mjx_containers: int = 0
    math_errors: list[str] = field(default_factory=list)
    raw_tex: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    links: set[str] = field(default_factory=set)
    widget_views: int = 0
    widget_roots: int = 0
    widget_error_text: list[str] = field(default_factory=list)
    slider: dict | None = None


def _is_local(url: str, origin: str) -> bool:
    if url.startswith(("data:", "about:")):
        return True
    if url.startswith("blob:"):
        url = url[len("blob:"):]
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/" == origin


def _visit(browser, base_url: str, page_path: str, screenshot_dir) -> PageReport:
    url = f"{base_url}{page_path}.html"
    report = PageReport(url=url)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)

    def route(route_, request):
        if _is_local(request.url, base_url):
            route_.continue_()
        else:  # record and refuse at once, so an offline machine does not wait on DNS
            route_.abort("blockedbyclient")

    def on_request(request):
        report.requests.append(request.url)
        if not _is_local(request.url, base_url):
            report.offsite.append(request.url)

    def on_response(response):
        if response.status >= 400:
            report.failed.append(f"HTTP {response.status}: {response.url}")

    # Chromium asks for /favicon.ico on its own; the site does not link one.
    page.route(f"{base_url}favicon.ico", lambda route_: route_.fulfill(status=204, body=""))
    page.route("**/*", route)
    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfailed", lambda r: report.failed.append(f"{r.failure}: {r.url}"))
    page.on("console", lambda m: report.console_errors.append(f"{m.text} ({m.location.get('url')})")
            if m.type == "error" else None)
    page.on("pageerror", lambda exc: report.console_errors.append(f"uncaught: {exc}"))
    try:
        response = page.goto(url, wait_until="load")
        report.status = response.status if response else None

        # Math: Sphinx marks each formula with class "math"; MathJax 3 puts an
        # mjx-container inside each one it typesets.
        report.math_elements = page.locator(".math").count()
        if report.math_elements:
            page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
            page.evaluate("() => MathJax.startup.promise.then(() => true)")
        report.untypeset_math = page.evaluate(
            "() => [...document.querySelectorAll('.math')].filter(e => !e.querySelector('mjx-container')).length")
        report.mjx_containers = page.locator("mjx-container").count()
        report.math_errors = page.locator("mjx-merror").all_text_contents()
        prose = page.evaluate(PROSE_TEXT_JS)
        report.raw_tex = [tex for tex in RAW_TEX if tex in prose]

        report.widget_views = page.locator(WIDGET_VIEW).count()
        if report.widget_views:
            page.wait_for_function(WIDGETS_DONE_JS, arg=WIDGET_VIEW)
        report.widget_roots = page.locator(".widget-subarea > .jupyter-widgets").count()
        report.widget_error_text = [
            text for text in page.locator(".widget-subarea").all_inner_texts()
            if "Error" in text or "Loading widget" in text
        ]

        page.evaluate(IMAGES_DONE_JS)
        report.broken_images = page.evaluate(
            "() => [...document.images].filter(i => !(i.naturalWidth > 0)).map(i => i.src.slice(0, 120))")
        report.links = {
            urldefrag(href).url
            for href in page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
            if href.startswith(base_url)
        }

        shot = screenshot_dir / f"{page_path}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)

        if page.locator(".widget-slider").count():
            report.slider = _move_first_slider(page)
    finally:
        context.close()
    return report


def _move_first_slider(page) -> dict:
    """Focus the first slider, press ArrowRight, and see whether the figure changes."""
    slider = page.locator(".widget-slider").first
    # The explorer is the innermost widget box holding both the slider and a figure.
    explorer = slider.locator("xpath=ancestor::div[contains(@class, 'widget-vbox')][1]")
    handle = slider.locator(".noUi-handle, input[type=range]").first
    explorer.scroll_into_view_if_needed()

    def visible_images():
        return explorer.evaluate(
            "e => [...e.querySelectorAll('img')].filter(i => i.checkVisibility()).map(i => i.src)")

    before_images = visible_images()
    before_shot = explorer.screenshot()
    before_value = handle.get_attribute("aria-valuenow")
    handle.focus()
    page.keyboard.press("ArrowRight")
    try:
        page.wait_for_function(
            "([e, before]) => [...e.querySelectorAll('img')].filter(i => i.checkVisibility())"
            ".map(i => i.src).join() !== before",
            arg=[explorer.element_handle(), ",".join(before_images)], timeout=5_000)
    except Exception:  # noqa: BLE001 - the assertions below report what did not change
        pass
    return {
        "value_before": before_value,
        "value_after": handle.get_attribute("aria-valuenow"),
        "images_before": len(before_images),
        "image_changed": visible_images() != before_images,
        "pixels_changed": explorer.screenshot() != before_shot,
    }


@pytest.fixture(scope="session")
def visit(browser, base_url, screenshot_dir):
    """``visit(page)`` loads a page once per session and returns its :class:`PageReport`."""
    cache: dict[str, PageReport] = {}

    def get(page_path: str) -> PageReport:
        if page_path not in cache:
            cache[page_path] = _visit(browser, base_url, page_path, screenshot_dir)
        return cache[page_path]

    return get


@pytest.fixture(scope="session")
def http_status():
    cache: dict[str, int] = {}

    def get(url: str) -> int:
        if url not in cache:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    cache[url] = response.status
            except urllib.error.HTTPError as exc:
                cache[url] = exc.code
        return cache[url]

    return get


def test_table_of_contents_lists_the_built_pages(site_dir, pages):
    assert len(pages) >= 2
    missing = [page for page in pages if not (site_dir / f"{page}.html").is_file()]
    assert not missing, f"pages in _toc.yml that were not built: {missing}"


def test_index_points_at_the_root_page(base_url, http_status, pages):
    assert http_status(base_url) == 200
    with urllib.request.urlopen(base_url, timeout=10) as response:
        assert f"{pages[0]}.html" in response.read().decode("utf-8")


def test_page_loads_without_failed_requests(visit, page):
    report = visit(page)
    assert report.status == 200, f"{report.url} returned {report.status}"
    assert not report.failed, f"failed requests on {page}: {report.failed}"


def test_no_console_errors(visit, page):
    report = visit(page)
    assert not report.console_errors, f"console errors on {page}: {report.console_errors}"


def test_no_request_leaves_localhost(visit, page):
    report = visit(page)
    assert report.requests, "no request was recorded at all"
    assert not report.offsite, f"{page} needs the internet for: {report.offsite}"


def test_math_is_typeset(visit, page):
    report = visit(page)
    assert not report.raw_tex, f"raw TeX delimiters {report.raw_tex} left in the text of {page}"
    assert report.untypeset_math == 0, f"{report.untypeset_math} formulas on {page} were not typeset"
    if report.math_elements:
        assert report.mjx_containers >= report.math_elements
    assert not report.math_errors, f"MathJax errors on {page}: {report.math_errors}"


def test_images_load(visit, page):
    report = visit(page)
    assert not report.broken_images, f"images that did not load on {page}: {report.broken_images}"


def test_internal_links_resolve(visit, http_status, page):
    report = visit(page)
    assert report.links, f"no internal links found on {page}"
    broken = {url: status for url in sorted(report.links) if (status := http_status(url)) != 200}
    assert not broken, f"broken internal links on {page}: {broken}"


def test_widgets_render(visit, page):
    report = visit(page)
    if report.widget_views:
        assert report.widget_roots == report.widget_views, (
            f"{report.widget_views} widget views on {page} but {report.widget_roots} rendered")
    assert not report.widget_error_text, f"widget errors on {page}: {report.widget_error_text}"


def test_sliders_change_the_figure_without_a_kernel(visit, pages):
    reports = {page: visit(page) for page in pages}
    with_sliders = {page: r.slider for page, r in reports.items() if r.slider is not None}
    assert with_sliders, "no page in the table of contents has a slider widget"
    for page, result in with_sliders.items():
        assert result["images_before"] >= 1, f"{page}: no figure visible next to the first slider"
        assert result["value_after"] != result["value_before"], f"{page}: ArrowRight did not move the slider"
        assert result["image_changed"], f"{page}: the visible image did not change"
        assert result["pixels_changed"], f"{page}: the widget looks the same after moving the slider"
