"""What the browser sees on one page of the built site: the machinery of the site tests.

:func:`visit_page` loads a page in headless Chromium once (the ``visit`` fixture of ``conftest.py`` caches
the :class:`PageReport`), refusing every request that leaves 127.0.0.1, and records what the tests check:
requests, console errors, math, images, links, widgets; then it moves every control of every widget
(:func:`exercise_widgets`), moves every slider again faster than the screen repaints (:data:`QUICK_MOVES_JS`),
and last runs axe-core on the page in the light theme and again, switched in place, in the dark theme
(:func:`run_axe`).

Before anything else it records the page's first-load weight (:func:`first_visit` below): every byte fetched
until the network is quiet, with an empty cache, no scrolling and no control touched.  An explorer shows
first as a preview (its first frame and its sliders; ``book/_ext/light_pages.py``) and the widget manager
loads when a reader reaches for a control: the visit does that with the keyboard (focus the first preview
slider, press ArrowRight), checks that the live explorer took over at the chosen value with the focus, and
axe-core checks the previews before the widgets are live.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
#: axe-core from npm, for the tests only (make vendor-test): never part of the site.
AXE = REPO_ROOT / "_vendor_test" / "axe.min.js"
MODES = ("light", "dark")
# Light theme: every WCAG 2 A/AA rule and the heading rules. Dark theme: what the theme changes, colour
# contrast (the other rules read the markup, which is the same in both themes).
AXE_OPTIONS = {
    "light": "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}, resultTypes: ['violations'], "
             "rules: {'heading-order': {enabled: true}, 'page-has-heading-one': {enabled: true}, "
             "'empty-heading': {enabled: true}}}",
    "dark": "{runOnly: {type: 'rule', values: ['color-contrast', 'link-in-text-block']}, resultTypes: ['violations']}",
}
# ``scope``: a CSS selector of the elements to check (axe checks every match), or null for the whole page.
RUN_AXE_JS = """([options, scope]) => axe.run(scope || document, eval('(' + options + ')')).then(result => result.violations.map(v => ({
  rule: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' ')),
})))"""
OPEN_EVERYTHING_JS = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('button.toggle-button:not(.toggle-button-hidden)').forEach(b => b.click());
}"""
# pydata-sphinx-theme's theme switch: the attributes its CSS keys on.
SET_MODE_JS = "(mode) => { document.documentElement.dataset.theme = mode; document.documentElement.dataset.mode = mode; }"
# The theme eases colours from one mode to the other (CSS transitions). axe-core reads the colours of the moment:
# on a loaded machine it once read the dark theme's search button mid-transition, half light and half dark, and
# failed its contrast. Transitions end before the switch, so axe reads the colours a reader is left with.
NO_TRANSITIONS_JS = """() => {
  if (document.getElementById('site-test-no-transitions')) return;
  const style = document.createElement('style');
  style.id = 'site-test-no-transitions';
  style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
  document.head.appendChild(style);
}"""


WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'
# Resolves once the page has drawn two more frames: whatever a script put off to the next frame has run
# (a fixed wait of 300 ms, three times a page, was a tenth of the site test's time).
NEXT_FRAMES_JS = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"
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


# What tests/site/test_fit.py checks: display equations and tables against the reading column.
# MathJax itself (every page also loads the small mathjax-widgets.js configuration; only pages with math load MathJax).
HAS_MATHJAX_JS = "() => !!document.querySelector('script[src*=\"mathjax\" i]:not([src*=\"mathjax-widgets\"])')"
MEASURE_JS = """() => {
  const article = document.querySelector('article.bd-article') || document.querySelector('article');
  const column = article.getBoundingClientRect();
  const right = column.right - parseFloat(getComputedStyle(article).paddingRight || 0);
  const equations = [...document.querySelectorAll('mjx-container[display="true"]')].map((box, index) => {
    const style = getComputedStyle(box);
    const rect = box.getBoundingClientRect();
    const holder = box.closest('div.math');
    const label = holder && holder.closest('[id]') ? holder.closest('[id]').id : '';
    return {index, label, content: box.scrollWidth, box: box.clientWidth, spill: rect.right - right,
            overflow: style.overflowX, attachment: style.backgroundAttachment,
            images: style.backgroundImage,
            tex: (box.querySelector('mjx-assistive-mml') || box).textContent.replace(/\\s+/g, ' ').slice(0, 80)};
  });
  // A table's right edge against the column's, wherever it sits: the theme puts each table in a box that
  // scrolls sideways, so a wide table is cut at the column's edge rather than spilling, and counts the same.
  const tables = [...article.querySelectorAll('table')].map((table, index) => {
    const first = table.querySelector('tr');
    return {index, spill: table.getBoundingClientRect().left + table.scrollWidth - right,
            head: first ? first.textContent.replace(/\\s+/g, ' ').slice(0, 60) : ''};
  });
  return {equations, tables};
}"""

# What tests/site/test_legibility.py checks: figure images, and slider readouts at every value.
# Every figure image of a page: cell outputs (captioned or not) and the explorers' frames.
FIGURES_JS = """() => [...document.querySelectorAll('.cell_output img, .widget-subarea img')]
  .filter(i => i.checkVisibility() && i.naturalWidth > 0)
  .map(i => ({src: i.src, shown: i.getBoundingClientRect().width, natural: i.naturalWidth, alt: i.alt || '',
              aspect: i.getBoundingClientRect().height / i.getBoundingClientRect().width,
              caption: (i.closest('figure') && i.closest('figure').querySelector('figcaption')
                        ? i.closest('figure').querySelector('figcaption').innerText : '')}))"""

# Each explorer's sliders: readout text and box, track place and width.
SLIDERS_JS = """() => [...document.querySelectorAll('.widget-subarea > .jupyter-widgets')].map(root =>
  [...root.querySelectorAll('.widget-hslider')].filter(s => s.checkVisibility()).map(s => {
    const r = s.querySelector('.widget-readout'), t = s.querySelector('.slider-container').getBoundingClientRect();
    return {label: (s.querySelector('.widget-label') || {}).innerText || '?', text: r ? r.innerText : '',
            fits: r ? r.scrollWidth <= r.clientWidth + 1 : true, readout: r ? r.getBoundingClientRect().width : 0,
            left: Math.round(t.left), width: Math.round(t.width)};
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
    quick_moves: list[dict] = field(default_factory=list)
    quick_move_errors: list[str] = field(default_factory=list)
    axe: dict[str, list[dict]] = field(default_factory=dict)
    themes: dict[str, str] = field(default_factory=dict)
    first_load: dict[str, int] = field(default_factory=dict)
    previews: list[dict] = field(default_factory=list)
    handoff: dict = field(default_factory=dict)
    reach_load: dict[str, int] = field(default_factory=dict)
    fit: dict = field(default_factory=dict)
    figures: list[dict] = field(default_factory=list)
    slider_readouts: list[list[list[dict]]] = field(default_factory=list)


def is_local(url: str, origin: str) -> bool:
    if url.startswith(("data:", "about:")):
        return True
    if url.startswith("blob:"):
        url = url[len("blob:"):]
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/" == origin


def offline_context(browser, base_url: str):
    """A 1280x900 browser context that loads only from the site: every other request is refused at once."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route, request: route.continue_() if is_local(request.url, base_url)
                  else route.abort("blockedbyclient"))
    return context


def visit_page(browser, base_url: str, page_path: str, screenshot_dir, *, full_page_screenshot: bool = False) -> PageReport:
    url = f"{base_url}{page_path}.html"
    report = PageReport(url=url)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)

    def route(route_, request):
        if is_local(request.url, base_url):
            route_.continue_()
        else:  # record and refuse at once, so an offline machine does not wait on DNS
            route_.abort("blockedbyclient")

    def on_request(request):
        report.requests.append(request.url)
        if not is_local(request.url, base_url):
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
    log = ResponseLog(page)
    try:
        response = page.goto(url, wait_until="load")
        report.status = response.status if response else None
        page.wait_for_load_state("networkidle")
        report.first_load = log.sizes()
        reached = log.mark()

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
        report.fit = page.evaluate(MEASURE_JS)
        prose = page.evaluate(PROSE_TEXT_JS)
        report.raw_tex = [tex for tex in RAW_TEX if tex in prose]

        report.widget_views = page.locator(WIDGET_VIEW).count()
        if page.locator(".widget-preview").count():
            page.evaluate(IMAGES_DONE_JS)  # preview frames below the fold load lazily: load them now
        report.previews = page.evaluate(PREVIEWS_JS)
        if report.previews:
            # The previews only: the rest of the page is checked once the widgets are drawn (a whole-page run
            # here took a tenth of each widget page's visit).
            report.axe["preview"] = run_axe(page, "light", scope=".widget-preview")[1]
            report.handoff = reach_for_a_control(page)
            report.reach_load = log.sizes(reached)
        if report.widget_views:
            page.wait_for_function(WIDGETS_DONE_JS, arg=WIDGET_VIEW)
        report.widget_roots = page.locator(".widget-subarea > .jupyter-widgets").count()
        report.widget_error_text = [
            text for text in page.locator(".widget-subarea").all_inner_texts()
            if "Error" in text or "Loading widget" in text
        ]

        page.evaluate(IMAGES_DONE_JS)
        report.figures = page.evaluate(FIGURES_JS)
        report.slider_readouts.append(page.evaluate(SLIDERS_JS))
        report.broken_images = page.evaluate(
            "() => [...document.images].filter(i => !(i.naturalWidth > 0)).map(i => i.src.slice(0, 120))")
        report.links = {
            urldefrag(href).url
            for href in page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
            if href.startswith(base_url)
        }

        if full_page_screenshot:  # for a human to look at (make test-site SCREENSHOTS=1); nothing compares them
            shot = screenshot_dir / f"{page_path}.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)

        if report.widget_views:
            report.widget_steps = exercise_widgets(page, page_path, screenshot_dir, readouts=report.slider_readouts)
            errors_before = len(report.console_errors)
            report.quick_moves = page.evaluate(QUICK_MOVES_JS)
            report.quick_move_errors = report.console_errors[errors_before:]
        page.evaluate(OPEN_EVERYTHING_JS)
        for mode in MODES:
            report.themes[mode], report.axe[mode] = run_axe(page, mode)
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


# A reader who holds an arrow key down, or drags a slider quickly, moves it again before the screen repaints;
# so does a busy machine that draws its frames late.  Here every slider of every widget goes from its first
# value to its last and back, all in one task of the page: after each key the widget manager's promises
# settle (the figure shows the new frame) but nothing that waits for the next animation frame runs until all
# the moves are made.  Then two frames are drawn, so whatever was scheduled for them runs.  Each slider
# reports how many keys moved it and after how many the visible figure changed.
QUICK_MOVES_JS = """async () => {
  const frame = root => [...root.querySelectorAll('img')].filter(i => i.checkVisibility())
    .map(i => i.src.length + ':' + i.alt).join('|');
  const moves = [];
  for (const [index, root] of [...document.querySelectorAll('.widget-subarea > .jupyter-widgets')].entries()) {
    for (const handle of root.querySelectorAll('.widget-slider .noUi-handle, .widget-hslider .noUi-handle')) {
      const span = Number(handle.getAttribute('aria-valuemax')) - Number(handle.getAttribute('aria-valuemin'));
      const keys = ['Home', ...Array(span).fill('ArrowRight'), 'Home'];
      let moved = 0, changed = 0;
      for (const key of keys) {
        const before = frame(root), value = handle.getAttribute('aria-valuenow');
        handle.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true, cancelable: true}));
        for (let i = 0; i < 1000 && frame(root) === before; i++) { await null; }
        for (let i = 0; i < 100; i++) { await null; }  // microtasks only: no frame is drawn in between
        moved += handle.getAttribute('aria-valuenow') !== value;
        changed += frame(root) !== before;
      }
      const slider = handle.getAttribute('aria-label') || '?';
      moves.push({where: `widget ${index + 1}`, slider, span, moved, changed});
    }
  }
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50))));
  return moves;
}"""


def _frame(root) -> str:
    return root.evaluate(VISIBLE_FRAME_JS)


def _await_change(page, root, before: str, timeout: int = 5_000) -> str:
    try:
        page.wait_for_function("([r, b, js]) => eval(js)(r) !== b",
                               arg=[root.element_handle(), before, VISIBLE_FRAME_JS], timeout=timeout)
    except Exception:  # noqa: BLE001 - the caller reports what did not change
        pass
    return _frame(root)


def exercise_widgets(page, page_path: str, screenshot_dir, timeout_ms: int = 5_000,
                     readouts: list | None = None) -> list[dict]:
    """Move every control of every widget on the page, one step at a time; record what the figure did.

    Sliders are stepped with the keyboard from their first value to their last (Home, then ArrowRight),
    dropdowns and toggle buttons go through every option, checkboxes are ticked, play buttons are played;
    after each move the visible image of the widget must change.  An explorer's frame names its slider
    values in its alt text, so that is checked too.  The first explorer of the page is photographed
    before and after its first move (``_build/screenshots/widgets/``).  With ``readouts``, every slider
    readout of the page (:data:`SLIDERS_JS`) is appended to it after each slider step.
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
            after = _await_change(page, root, before, timeout_ms)
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
                if readouts is not None:
                    readouts.append(page.evaluate(SLIDERS_JS))
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


# What each explorer's preview shows before the widget manager loads: its sliders and its figure.
PREVIEWS_JS = """() => [...document.querySelectorAll('.widget-preview')].map(p => ({
  sliders: [...p.querySelectorAll('[role="slider"]')].map(h => h.getAttribute('aria-label')),
  images: [...p.querySelectorAll('img')].map(i => ({alt: i.alt, loaded: i.complete && i.naturalWidth > 0,
                                                    src: i.src.slice(0, 120)})),
}))"""
PREVIEWS_GONE_JS = "() => !document.querySelector('.widget-preview')"
FOCUSED_SLIDER_JS = """() => { const e = document.activeElement;
  return {live: !!(e && e.closest('.jupyter-widgets')), label: e && e.getAttribute('aria-label'),
          now: e && e.getAttribute('aria-valuenow'), min: e && e.getAttribute('aria-valuemin')}; }"""


def reach_for_a_control(page) -> dict:
    """A keyboard reader reaches the first preview slider and presses ArrowRight once.

    The widget manager must load, every preview give way to its live widget, and the focus land on the
    live slider, one step from where it started: what the reader chose before the manager arrived holds.
    Then ArrowLeft on the live slider takes it back to where it started.
    """
    first = page.locator(".widget-preview [role=slider]").first
    label, start = first.get_attribute("aria-label"), int(first.get_attribute("aria-valuenow"))
    last = int(first.get_attribute("aria-valuemax"))
    first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(PREVIEWS_GONE_JS)
    page.wait_for_function(WIDGETS_DONE_JS, arg=WIDGET_VIEW)
    page.wait_for_function("() => !!(document.activeElement && document.activeElement.closest('.jupyter-widgets'))")
    page.evaluate(NEXT_FRAMES_JS)  # widget-a11y.js names the live sliders at the next frame
    focused = page.evaluate(FOCUSED_SLIDER_JS)
    if start < last:  # back where the page started, so the widget test sees the page as it was served
        page.keyboard.press("ArrowLeft")
        page.wait_for_function("(v) => Number(document.activeElement.getAttribute('aria-valuenow')) === v", arg=start)
        page.wait_for_timeout(200)
    return {"label": label, "expected": str(min(start + 1, last)), **focused}


def run_axe(page, mode: str, scope: str | None = None) -> tuple[str, list[dict]]:
    """Switch the page to a theme, run axe-core on it (or on the elements ``scope`` selects); return the theme it
    shows and the violations."""
    if not AXE.is_file():
        raise FileNotFoundError(f"{AXE} is missing: run make vendor-test (npm)")
    page.evaluate(NO_TRANSITIONS_JS)
    page.evaluate(SET_MODE_JS, mode)
    page.evaluate(NEXT_FRAMES_JS)  # the slider labels (widget-a11y.js) are named at the next frame
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate("() => document.documentElement.dataset.theme"), page.evaluate(RUN_AXE_JS, [AXE_OPTIONS[mode], scope])


# ------------------------------------------------------------------ first-load weight
# First-load weight: every byte a browser fetches on a first visit to a page, with an empty cache.
#
# A first visit is what a reader pays before doing anything: the page's HTML, its scripts, styles, fonts and
# images, fetched from the moment the page is requested until the network has been quiet for half a second
# (Playwright's ``networkidle``), with no scrolling and no control touched.  Each visit uses a new browser
# context, so the cache is empty.  Bytes are the response bodies as served (the test server does not
# compress), counted per URL; ``data:`` URLs are already inside the HTML and are not counted again.
#
# :func:`strip_widgets` gives the same page without its widgets (widget state, views, their first-frame
# previews and the scripts that only widgets need), so the weight that widgets add to a page can be measured
# as a difference of two first visits.

#: A first visit to any page loads at most this many bytes (issue 19).
MAX_FIRST_LOAD_BYTES = 5_000_000
#: The widgets of a page add at most this many bytes to its first visit (issue 19).
MAX_WIDGET_INCREMENT_BYTES = 1_000_000

_WIDGET_PARTS = [
    re.compile(r'<script type="application/vnd\.jupyter\.widget-(?:state|view)\+json">.*?</script>', re.S),
    re.compile(r"<!--widget-preview-->.*?<!--/widget-preview-->", re.S),
    # Scripts that only a page with widgets loads: require.js, the widget manager, the loader that fetches both.
    re.compile(r'<script[^>]*src="[^"]*(?:require\.min\.js|embed-amd\.js|widget-loader\.js)[^"]*"[^>]*></script>'),
]


def strip_widgets(html: str) -> tuple[str, int]:
    """The page without its widgets, and how many widget parts were removed."""
    removed = 0
    for pattern in _WIDGET_PARTS:
        html, n = pattern.subn("", html)
        removed += n
    return html, removed


class ResponseLog:
    """Every response of one page, with its body size, in the order they arrived."""

    def __init__(self, page):
        self.responses: list = []
        page.on("requestfinished", lambda request: self.responses.append(request))

    def sizes(self, start: int = 0, end: int | None = None) -> dict[str, int]:
        """Body bytes per URL of the requests that finished between two points of the log."""
        out: dict[str, int] = {}
        for request in self.responses[start:end]:
            if urlsplit(request.url).scheme in ("data", "blob", "about"):
                continue
            out[request.url] = out.get(request.url, 0) + request.sizes()["responseBodySize"]
        return out

    def mark(self) -> int:
        return len(self.responses)


def first_visit(page, url: str, timeout_ms: int = 30_000) -> ResponseLog:
    """Open ``url`` in ``page`` (a fresh context's page) and wait until the network is quiet."""
    log = ResponseLog(page)
    page.goto(url, wait_until="load", timeout=timeout_ms)
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    return log


def first_load_bytes(browser, url: str) -> dict[str, int]:
    """Bytes per URL of a first visit to ``url`` in a new context (empty cache) at 1280x900."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        log = first_visit(page, url)
        return log.sizes()
    finally:
        context.close()
