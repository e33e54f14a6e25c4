"""Accessibility of every page in Chromium, in the light and in the dark theme, checked by axe-core.

axe-core comes from npm into ``_vendor_test/`` (``make vendor-test``; never into the site, never from a CDN).
It runs at the end of each page's visit (``browse.visit_page``), once the widgets are rendered and moved,
the math typeset and every dropdown (solutions, hidden code) opened, so that their text is checked too.
In the light theme every WCAG 2 level A and AA rule runs, plus axe's heading-order, page-has-heading-one
and empty-heading rules; then the page is switched in place to the dark theme and the colour rules run
again (colour contrast of the theme's text, links, code highlighting, admonitions and widget labels).
A violation fails the test with the rule, the elements and axe's explanation.
"""

from __future__ import annotations

import pytest
from tests.site.browse import AXE, MODES, OPEN_EVERYTHING_JS, is_local, run_axe

pytestmark = pytest.mark.site


@pytest.fixture(scope="module", autouse=True)
def axe_source():
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run make vendor-test (npm)", pytrace=False)


def _describe(violations) -> str:
    return "; ".join(f"{v['rule']} ({v['impact']}): {v['help']} -> {v['nodes']}" for v in violations)


@pytest.mark.parametrize("mode", MODES)
def test_no_accessibility_violations(visit, page, mode):
    report = visit(page)
    assert report.themes[mode] == mode, f"{page}: the page shows the {report.themes[mode]} theme, not {mode}"
    assert not report.axe[mode], f"{page} ({mode} theme): {_describe(report.axe[mode])}"


def _load_and_check(browser, base_url: str, path: str) -> dict[str, list[dict]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda route_, request: route_.continue_() if is_local(request.url, base_url)
               else route_.abort("blockedbyclient"))
    try:
        page.goto(f"{base_url}{path}", wait_until="load")
        page.wait_for_timeout(500)  # the search page fills in its results after load
        page.evaluate(OPEN_EVERYTHING_JS)
        return {mode: run_axe(page, mode)[1] for mode in MODES}
    finally:
        context.close()


def test_search_page_is_accessible(browser, base_url):
    found = _load_and_check(browser, base_url, "search.html?q=zipf")
    for mode, violations in found.items():
        assert not violations, f"search.html ({mode}): {_describe(violations)}"


def test_axe_finds_what_it_should(browser, base_url, site_dir):
    """The checker can fail: a page with a low-contrast paragraph and an image without alt text."""
    bad = site_dir / "_axe_selftest.html"
    bad.write_text('<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
                   '<p style="color:#bbb;background:#fff">faint text</p><img src="data:,x"></main></body></html>')
    try:
        found = _load_and_check(browser, base_url, bad.name)
    finally:
        bad.unlink()
    assert {"color-contrast", "image-alt"} <= {v["rule"] for v in found["light"]}
    assert "color-contrast" in {v["rule"] for v in found["dark"]}


def test_axe_on_the_previews_checks_the_previews(browser, base_url, site_dir):
    """The preview check (``run_axe`` with ``scope``) finds a fault inside a widget preview, not one elsewhere."""
    bad = site_dir / "_axe_scope_selftest.html"
    bad.write_text('<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
                   '<div class="widget-preview"><img src="data:,x"></div>'
                   '<p style="color:#bbb;background:#fff">faint text</p></main></body></html>')
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{base_url}{bad.name}", wait_until="load")
        scoped = {v["rule"] for v in run_axe(page, "light", scope=".widget-preview")[1]}
        whole = {v["rule"] for v in run_axe(page, "light")[1]}
    finally:
        context.close()
        bad.unlink()
    assert scoped == {"image-alt"}
    assert {"image-alt", "color-contrast"} <= whole
