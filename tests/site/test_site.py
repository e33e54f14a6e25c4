"""Browser test of the built site: every page of the table of contents in headless Chromium.

Run after ``make book`` with ``pytest tests/site``.  Each page is loaded once
(the report is cached) and then checked for: HTTP 200 and no failed request;
no console error; no request leaving 127.0.0.1 (the site works offline); math
typeset by MathJax; every image loaded; every internal link resolving; widgets
rendered; the favicon and the logo loaded.  Then every control of every widget
is moved, one step at a time (each slider through all its values, each dropdown
option, each toggle, each play button), with no kernel, and after each move the
visible figure must change (and an explorer's frame must name its slider values
in its alt text).  The search page must find pages with the network blocked.
Full-page screenshots are saved to ``_build/screenshots/<page>.png``, and the
first explorer of each page before and after it is moved to
``_build/screenshots/widgets/``, for humans; they are not compared.
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
    widget_steps: list[dict] = field(default_factory=list)


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

        if report.widget_views:
            report.widget_steps = _exercise_widgets(page, page_path, screenshot_dir)
    finally:
        context.close()
    return report


# A signature of the picture a widget shows now: a hash of its visible images' pixels (their data URLs).
VISIBLE_FRAME_JS = """(root) => [...root.querySelectorAll('img')].filter(i => i.checkVisibility()).map(i => {
  let h = 5381; const s = i.src; for (let k = 0; k < s.length; k += 7) { h = ((h << 5) + h + s.charCodeAt(k)) | 0; }
  return s.length + ':' + h;
}).join('|')"""
VISIBLE_ALT_JS = "(root) => [...root.querySelectorAll('img')].filter(i => i.checkVisibility()).map(i => i.alt).join('|')"
# Interactive elements inside a widget that are not one of the controls this test knows how to move.
CONTROLS = ".widget-slider, .widget-hslider, .widget-play, .widget-dropdown, .widget-toggle-buttons, .widget-radio, .widget-checkbox"
UNKNOWN_CONTROLS_JS = """(root, known) => [...root.querySelectorAll('input, select, textarea, button, [contenteditable=true]')]
  .filter(e => !e.closest(known) && !e.closest('.widget-readout')).map(e => e.outerHTML.slice(0, 100))"""


def _frame(root) -> str:
    return root.evaluate(VISIBLE_FRAME_JS)


def _await_change(page, root, before: str, timeout: int = 5_000) -> str:
    try:
        page.wait_for_function("([r, b, js]) => eval(js)(r) !== b",
                               arg=[root.element_handle(), before, VISIBLE_FRAME_JS], timeout=timeout)
    except Exception:  # noqa: BLE001 - the caller reports what did not change
        pass
    return _frame(root)


def _exercise_widgets(page, page_path: str, screenshot_dir) -> list[dict]:
    """Move every control of every widget on the page, one step at a time; record what the figure did.

    Sliders are stepped with the keyboard from their first value to their last (Home, then ArrowRight),
    dropdowns and toggle buttons go through every option, checkboxes are ticked, play buttons are played;
    after each move the visible image of the widget must change.  An explorer's frame names its slider
    values in its alt text, so that is checked too.  The first explorer of the page is photographed
    before and after its first move (``_build/screenshots/widgets/``).
    """
    steps = []
    roots = page.locator(".widget-subarea > .jupyter-widgets")
    for index in range(roots.count()):
        root = roots.nth(index)
        root.scroll_into_view_if_needed()
        where = f"widget {index + 1}"
        unknown = root.evaluate(UNKNOWN_CONTROLS_JS, CONTROLS)
        steps += [{"where": where, "control": "unknown", "step": html, "changed": False,
                   "problem": "a control this test cannot move: teach tests/site/test_site.py about it"}
                  for html in unknown]
        if not root.locator("img").count():
            continue
        shot_before = root.screenshot() if index == 0 else None

        def record(control, step, before):
            after = _await_change(page, root, before)
            steps.append({"where": where, "control": control, "step": step, "changed": after != before,
                          "frame": after})
            return after

        sliders = root.locator(".widget-slider, .widget-hslider")
        for s in range(sliders.count()):
            slider = sliders.nth(s)
            label = slider.locator(".widget-label").first.inner_text().strip()
            handle = slider.locator(".noUi-handle, input[type=range]").first
            handle.focus()
            frame = _frame(root)
            if handle.get_attribute("aria-valuenow") != handle.get_attribute("aria-valuemin"):
                page.keyboard.press("Home")
                frame = record(f"slider {label!r}", "Home", frame)
            n_steps = int(float(handle.get_attribute("aria-valuemax")) - float(handle.get_attribute("aria-valuemin")))
            for step in range(n_steps):
                page.keyboard.press("ArrowRight")
                frame = record(f"slider {label!r}", f"step {step + 1} of {n_steps}", frame)
                readout = slider.locator(".widget-readout").first.inner_text().strip()
                alt = root.evaluate(VISIBLE_ALT_JS)
                if " = " in alt and f"{label} = {readout}" not in alt:
                    steps[-1]["problem"] = f"the frame's alt text does not say {label} = {readout}"
            if index == 0 and s == 0 and shot_before is not None:
                folder = screenshot_dir / "widgets"
                folder.mkdir(parents=True, exist_ok=True)
                stem = page_path.replace("/", "-")
                (folder / f"{stem}-before.png").write_bytes(shot_before)
                shot_after = root.screenshot()
                (folder / f"{stem}-after.png").write_bytes(shot_after)
                steps.append({"where": where, "control": f"slider {label!r}", "step": "screenshot",
                              "changed": shot_after != shot_before})
        dropdowns = root.locator(".widget-dropdown select")
        for d in range(dropdowns.count()):
            options = dropdowns.nth(d).locator("option").count()
            for option in (*range(1, options), 0):
                frame = _frame(root)
                dropdowns.nth(d).select_option(index=option)
                record(f"dropdown {d + 1}", f"option {option + 1}", frame)
        for selector, kind in ((".widget-toggle-buttons button", "toggle"), (".widget-radio input", "radio")):
            buttons = root.locator(selector)
            for b in (*range(1, buttons.count()), 0) if buttons.count() > 1 else ():
                frame = _frame(root)
                buttons.nth(b).click()
                record(f"{kind} {b + 1}", "click", frame)
        checkboxes = root.locator(".widget-checkbox input")
        for c in range(checkboxes.count()):
            for step in ("tick", "untick"):
                frame = _frame(root)
                checkboxes.nth(c).click()
                record(f"checkbox {c + 1}", step, frame)
        plays = root.locator(".widget-play")
        for k in range(plays.count()):
            buttons = plays.nth(k).locator("button")
            frame = _frame(root)
            buttons.nth(0).click()  # play
            record(f"play {k + 1}", "play", frame)
            buttons.nth(2).click()  # stop
    return steps


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


def test_every_widget_responds_to_every_control_without_a_kernel(visit, pages):
    reports = {page: visit(page) for page in pages}
    steps = {page: r.widget_steps for page, r in reports.items() if r.widget_steps}
    assert steps, "no page in the table of contents has a widget with a control"
    problems = [f"{page}, {s['where']}, {s['control']}, {s['step']}: "
                + s.get("problem", "the visible figure did not change")
                for page, page_steps in steps.items() for s in page_steps
                if not s["changed"] or s.get("problem")]
    assert not problems, "widgets that do not respond:\n" + "\n".join(problems)
    moves = sum(s["step"] != "screenshot" for page_steps in steps.values() for s in page_steps)
    print(f"\n{moves} moves of widget controls on {len(steps)} pages, one step at a time; every figure changed")


def _embed_page(widget) -> str:
    """A minimal page holding one widget with its state, loading the site's vendored widget manager."""
    import json

    from ipywidgets.embed import embed_data

    data = embed_data(views=[widget])
    views = "".join(f'<script type="application/vnd.jupyter.widget-view+json">{json.dumps(v)}</script>'
                    for v in data["view_specs"])
    return ('<!doctype html><html lang="en"><head><title>widget self-test</title>'
            '<script src="_static/require-config.js"></script>'
            f'<script type="application/vnd.jupyter.widget-state+json">{json.dumps(data["manager_state"])}</script>'
            '<script src="_static/require.min.js"></script>'
            '<script data-jupyter-widgets-cdn="_static/html-manager/" src="_static/html-manager/embed-amd.js">'
            f'</script></head><body><main>{views}</main></body></html>')


def test_widget_check_can_fail(browser, base_url, site_dir, tmp_path):
    """An explorer whose last two frames look the same, and one whose slider is linked to nothing."""
    import ipywidgets

    import scaling_lab as sl

    def draw(ax, level):
        ax.plot([0, 1], [0, min(level, 2)])  # levels 2 and 3 draw the same picture
        ax.set_ylim(0, 3)

    same_frames = sl.explore(draw, [sl.Slider("level", [1, 2, 3])], alt="a line", mode="static", width=120,
                             height=80)
    unlinked = sl.explore(draw, [sl.Slider("level", [1, 3])], alt="a line", mode="static", width=120, height=80)
    for link in unlinked.links:
        link.unlink()
    for name, widget, expected in (("same", same_frames, ["step 2 of 2"]), ("unlinked", unlinked, ["step 1 of 1"])):
        path = site_dir / f"_widget_selftest_{name}.html"
        path.write_text(_embed_page(widget), encoding="utf-8")
        context = browser.new_context()
        page = context.new_page()
        try:
            page.goto(f"{base_url}{path.name}", wait_until="load")
            page.wait_for_function(WIDGETS_DONE_JS, arg=WIDGET_VIEW)
            steps = _exercise_widgets(page, f"selftest-{name}", tmp_path)
        finally:
            context.close()
            path.unlink()
        unchanged = [s["step"] for s in steps if not s["changed"] and s["step"] != "screenshot"]
        assert unchanged == expected, f"{name}: the check saw {steps}"
    ipywidgets.Widget.close_all()


def test_favicon_and_logo(visit, pages, http_status, base_url):
    for page in pages:
        report = visit(page)
        icons = [url for url in report.requests if "favicon" in url]
        assert icons, f"{page}: the browser fetched no favicon"
        assert all(http_status(url) == 200 for url in icons), icons
        assert any(url.endswith("logo.png") for url in report.requests), f"{page}: no logo"


def test_search_works_offline(browser, base_url):
    """The search page finds a chapter from the local index, with every off-site request refused."""
    context = browser.new_context()
    page = context.new_page()
    offsite = []
    page.route("**/*", lambda route_, request: route_.continue_() if _is_local(request.url, base_url)
               else (offsite.append(request.url), route_.abort("blockedbyclient")))
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(f"{base_url}search.html?q=zipf", wait_until="load")
        results = page.locator("#search-results ul.search li")
        results.first.wait_for(timeout=TIMEOUT_MS)
        hrefs = [results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())]
    finally:
        context.close()
    assert any("power_laws" in href for href in hrefs), f"searching 'zipf' did not find the chapter: {hrefs}"
    assert any("lab01" in href for href in hrefs), f"searching 'zipf' did not find Lab 1: {hrefs}"
    assert not offsite, f"search asked the internet for {offsite}"
    assert not errors, f"console errors on the search page: {errors}"
