"""Browser test of the built site: every page of the table of contents in headless Chromium.

Run after ``make book`` with ``pytest tests/site``.  Each page is loaded once
(the report is cached) and then checked for: HTTP 200 and no failed request;
no console error; no request leaving 127.0.0.1 (the site works offline); math
typeset by MathJax; every image loaded; every internal link resolving; widgets
rendered; the favicon and the logo loaded.  Then every control of every widget
is moved, one step at a time (each slider through all its values, each dropdown
option, each toggle, each play button), with no kernel, and after each move the
visible figure must change (and an explorer's frame must name its slider values
in its alt text).  Every slider is then moved through its values again with no frame drawn in
between, as a reader holding an arrow key down does: the figure must follow and the console stay
clean.  The search page must find pages with the network blocked.
The first explorer of each page is photographed before and after it is moved
(``_build/screenshots/widgets/``), and with ``SCALING_LAB_SCREENSHOTS=1`` every page whole
(``_build/screenshots/<page>.png``), for humans; they are not compared.
"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from tests.site.browse import TIMEOUT_MS, WIDGET_VIEW, WIDGETS_DONE_JS, exercise_widgets, is_local

pytestmark = pytest.mark.site

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


def test_some_page_has_a_widget(site_dir, pages):
    """The widget tests below check something: pages of the table of contents carry widget views."""
    with_widgets = [page for page in pages
                    if "application/vnd.jupyter.widget-view+json" in (site_dir / f"{page}.html").read_text(encoding="utf-8")]
    assert with_widgets, "no page in the table of contents has a widget"


def test_every_widget_responds_to_every_control_without_a_kernel(visit, page):
    report = visit(page)
    if report.widget_views:
        assert report.widget_steps, f"{page} has widgets but no control was moved"
    problems = [f"{s['where']}, {s['control']}, {s['step']}: " + s.get("problem", "the visible figure did not change")
                for s in report.widget_steps if not s["changed"] or s.get("problem")]
    assert not problems, f"widgets on {page} that do not respond:\n" + "\n".join(problems)


def test_widgets_survive_moves_faster_than_the_screen_repaints(visit, page):
    """Every slider moved through its values with no frame drawn in between: the figure follows each move,
    and the widget manager writes nothing to the console (a view removed by the next move before the frame
    came once received that frame's message: "Cannot read properties of null (reading 'processLuminoMessage')")."""
    report = visit(page)
    if report.widget_views:
        assert report.quick_moves, f"{page} has widgets but no slider was moved quickly"
    lagging = [m for m in report.quick_moves if m["moved"] < m["span"] + 1 or m["changed"] != m["moved"]]
    assert not lagging, f"sliders on {page} whose quick moves the figure did not follow: {lagging}"
    assert not report.quick_move_errors, (
        f"console errors on {page} after moving its sliders faster than the screen repaints: "
        f"{report.quick_move_errors}")


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
    for name, explorer, expected in (("same", same_frames, ["step 2 of 2"]), ("unlinked", unlinked, ["step 1 of 1"])):
        path = site_dir / f"_widget_selftest_{name}.html"
        path.write_text(_embed_page(explorer.widget), encoding="utf-8")
        context = browser.new_context()
        page = context.new_page()
        try:
            page.goto(f"{base_url}{path.name}", wait_until="load")
            page.wait_for_function(WIDGETS_DONE_JS, arg=WIDGET_VIEW)
            steps = exercise_widgets(page, f"selftest-{name}", tmp_path, timeout_ms=1_000)
        finally:
            context.close()
            path.unlink()
        unchanged = [s["step"] for s in steps if not s["changed"] and s["step"] != "screenshot"]
        assert unchanged == expected, f"{name}: the check saw {steps}"
    ipywidgets.Widget.close_all()


def test_favicon_and_logo(visit, page, http_status):
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
    page.route("**/*", lambda route_, request: route_.continue_() if is_local(request.url, base_url)
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
    assert any("lab01" in href for href in hrefs), f"searching 'zipf' did not find labs/lab01_zipf: {hrefs}"
    assert not offsite, f"search asked the internet for {offsite}"
    assert not errors, f"console errors on the search page: {errors}"
