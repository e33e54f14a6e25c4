"""Accessibility of every page in Chromium, in the light and in the dark theme, checked by axe-core.

axe-core comes from npm into ``_vendor_test/`` (``make vendor-test``; never into the site, never from a CDN)
and is injected into each page after it has loaded, with its widgets rendered and its math typeset, and
with every dropdown (solutions, hidden code) opened, so that their text is checked too.  Every WCAG 2
level A and AA rule runs (colour contrast among them: the theme's text, links, code highlighting, admonitions
and widget labels, in both modes), plus axe's heading-order, page-has-heading-one and empty-heading rules.
A violation fails the test with the rule, the elements and axe's explanation.
"""

from __future__ import annotations

import pytest

from conftest import REPO_ROOT

pytestmark = pytest.mark.site

AXE = REPO_ROOT / "_vendor_test" / "axe.min.js"
MODES = ("light", "dark")
WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'

# Light theme: every WCAG 2 A/AA rule and the heading rules. Dark theme: what the theme changes, colour
# contrast (the other rules read the markup, which is the same in both themes).
AXE_OPTIONS = {
    "light": "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}, resultTypes: ['violations'], "
             "rules: {'heading-order': {enabled: true}, 'page-has-heading-one': {enabled: true}, "
             "'empty-heading': {enabled: true}}}",
    "dark": "{runOnly: {type: 'rule', values: ['color-contrast', 'link-in-text-block']}, resultTypes: ['violations']}",
}
RUN_AXE_JS = """(options) => axe.run(document, eval('(' + options + ')')).then(result => result.violations.map(v => ({
  rule: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' ')),
})))"""

OPEN_EVERYTHING_JS = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('button.toggle-button:not(.toggle-button-hidden)').forEach(b => b.click());
}"""


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run make vendor-test (npm)", pytrace=False)
    return AXE


def _violations(browser, url: str, mode: str, axe_path) -> tuple[str, list[dict]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda route_, request: route_.continue_() if request.url.startswith(url.split("/", 3)[0])
               or request.url.startswith(("data:", "blob:")) else route_.abort("blockedbyclient"))
    # pydata-sphinx-theme reads the reader's choice of theme from localStorage before it paints.
    page.add_init_script(f"localStorage.setItem('theme', '{mode}'); localStorage.setItem('mode', '{mode}');")
    try:
        page.goto(url, wait_until="load")
        if page.locator(WIDGET_VIEW).count():
            page.wait_for_function(
                "(s) => [...document.querySelectorAll(s)].every(e => e.previousElementSibling && "
                "e.previousElementSibling.querySelector('.jupyter-widgets'))", arg=WIDGET_VIEW)
        if page.locator(".math").count():
            page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
            page.evaluate("() => MathJax.startup.promise.then(() => true)")
        page.evaluate(OPEN_EVERYTHING_JS)
        page.wait_for_timeout(300)  # toggles animate open; the slider labels are set on the next frame
        shown = page.evaluate("() => document.documentElement.dataset.theme")
        page.add_script_tag(path=str(axe_path))
        return shown, page.evaluate(RUN_AXE_JS, AXE_OPTIONS[mode])
    finally:
        context.close()


@pytest.mark.parametrize("mode", MODES)
def test_no_accessibility_violations(browser, base_url, page, mode, axe_source):
    shown, violations = _violations(browser, f"{base_url}{page}.html", mode, axe_source)
    assert shown == mode, f"{page}: the page shows the {shown} theme, not {mode}"
    assert not violations, f"{page} ({mode} theme): " + "; ".join(
        f"{v['rule']} ({v['impact']}): {v['help']} -> {v['nodes']}" for v in violations)


def test_search_page_is_accessible(browser, base_url, axe_source):
    for mode in MODES:
        _, violations = _violations(browser, f"{base_url}search.html?q=zipf", mode, axe_source)
        assert not violations, f"search.html ({mode}): {violations}"


def test_axe_finds_what_it_should(browser, base_url, axe_source, tmp_path):
    """The checker can fail: a page with a low-contrast paragraph and an image without alt text."""
    from conftest import SITE_DIR

    bad = SITE_DIR / "_axe_selftest.html"
    bad.write_text('<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
                   '<p style="color:#bbb;background:#fff">faint text</p><img src="data:,x"></main></body></html>')
    try:
        _, violations = _violations(browser, f"{base_url}_axe_selftest.html", "light", axe_source)
    finally:
        bad.unlink()
    assert {"color-contrast", "image-alt"} <= {v["rule"] for v in violations}
