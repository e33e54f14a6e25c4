"""First-load weight of every page: at most 5 MB, and widgets add at most 1 MB (issue 19).

A first visit (``tests/site/browse.py``, :func:`browse.first_visit`) counts every byte Chromium fetches for a page with an empty cache
until the network is quiet, before the reader scrolls or touches anything; ``browse.visit_page`` records
it at the start of each page's visit.  A page with widgets is then loaded again without them (its widget
state, views, previews and widget-only scripts cut out of its HTML by :func:`browse.strip_widgets`, the
copy served from the same folder), and the difference is what the widgets cost a first visit.  The
weights are written to ``_build/first_load_weights.txt``, heaviest first.

Explorers show a preview (first frame and sliders) until the reader reaches for a control; then the widget
manager loads and the live explorer replaces the preview with the focus and the chosen slider value.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.site.conftest import WEIGHTS_DIR
from tests.site.browse import (
    MAX_FIRST_LOAD_BYTES,
    MAX_WIDGET_INCREMENT_BYTES,
    first_load_bytes,
    strip_widgets,
)

pytestmark = pytest.mark.site


def _mb(n: int) -> str:
    return f"{n / 1e6:.2f} MB"


def _heaviest(sizes: dict[str, int], n: int = 5) -> str:
    return ", ".join(f"{url.rsplit('/', 1)[-1][:40]} {_mb(size)}"
                     for url, size in sorted(sizes.items(), key=lambda kv: -kv[1])[:n])


@pytest.fixture(scope="module")
def without_widgets(browser, base_url, site_dir):
    """``get(page)``: bytes of a first visit to the page with its widgets cut out (None if it has none)."""
    cache: dict[str, int | None] = {}

    def get(page: str) -> int | None:
        if page not in cache:
            source = site_dir / f"{page}.html"
            stripped, removed = strip_widgets(source.read_text(encoding="utf-8"))
            if not removed:
                cache[page] = None
            else:
                copy = source.with_name(f"_nowidgets_{source.name}")
                copy.write_text(stripped, encoding="utf-8")
                try:
                    url = f"{base_url}{(Path(page).parent / copy.name).as_posix()}"
                    cache[page] = sum(first_load_bytes(browser, url).values())
                finally:
                    copy.unlink()
        return cache[page]

    return get


def test_first_load_is_at_most_5_mb(visit, page):
    report = visit(page)
    total = sum(report.first_load.values())
    assert report.first_load, f"{page}: no request recorded on the first visit"
    assert total <= MAX_FIRST_LOAD_BYTES, (
        f"{page}: a first visit loads {_mb(total)} (limit {_mb(MAX_FIRST_LOAD_BYTES)}); heaviest: "
        f"{_heaviest(report.first_load)}")


def test_widgets_add_at_most_1_mb(visit, without_widgets, page):
    report = visit(page)
    bare = without_widgets(page)
    if bare is None:
        assert not report.widget_views, f"{page} has widget views that strip_widgets did not find"
        pytest.skip("no widgets on this page")
    increment = sum(report.first_load.values()) - bare
    assert increment <= MAX_WIDGET_INCREMENT_BYTES, (
        f"{page}: its widgets add {_mb(increment)} to a first visit ({_mb(bare)} without them; limit "
        f"{_mb(MAX_WIDGET_INCREMENT_BYTES)}); heaviest requests: {_heaviest(report.first_load)}")


def test_every_explorer_shows_a_preview_until_a_control_is_reached(visit, page):
    report = visit(page)
    if not report.widget_views:
        return
    assert len(report.previews) == report.widget_views, (
        f"{page}: {report.widget_views} widget views but {len(report.previews)} previews")
    for number, preview in enumerate(report.previews, 1):
        assert preview["sliders"] and all(preview["sliders"]), f"{page}, preview {number}: unnamed sliders"
        assert len(preview["images"]) == 1, f"{page}, preview {number}: {preview['images']}"
        image = preview["images"][0]
        assert image["loaded"] and len(image["alt"]) > 20, f"{page}, preview {number}: {image}"
        assert not image["src"].startswith("data:"), f"{page}, preview {number}: a frame embedded in the HTML"
    assert not report.axe.get("preview"), f"{page}: axe on the previews: {report.axe['preview']}"


def test_reaching_for_a_control_makes_the_explorer_live(visit, page):
    report = visit(page)
    if not report.previews:
        return
    handoff = report.handoff
    assert handoff["live"], f"{page}: the focus did not move to the live widget: {handoff}"
    assert handoff["label"] and float(handoff["now"]) == float(handoff["expected"]), (
        f"{page}: ArrowRight on the preview slider {handoff['label']!r} should leave the live slider at "
        f"{handoff['expected']}: {handoff}")
    assert any("embed-amd" in url for url in report.reach_load), (
        f"{page}: the widget manager was not fetched when a control was reached: {sorted(report.reach_load)}")
    assert not any("embed-amd" in url for url in report.first_load), f"{page}: the manager loaded up front"


def test_first_load_weight_is_written_down(visit, without_widgets, page):
    """Each page's line of ``_build/first_load_weights.txt`` (conftest.py's ``pytest_sessionfinish`` sorts them in)."""
    total = sum(visit(page).first_load.values())
    bare = without_widgets(page)
    widgets = f"  widgets +{_mb(total - bare)}" if bare is not None else ""
    WEIGHTS_DIR.mkdir(parents=True, exist_ok=True)
    line = (WEIGHTS_DIR / f"{page.replace('/', '--')}.txt")
    line.write_text(f"{total}\t{_mb(total):>9}  {page}{widgets}\n", encoding="utf-8")
    assert total > 0


def test_the_weight_checks_can_fail(browser, base_url, site_dir):
    """A page that loads the widget manager up front, as the site once did, breaks both bounds."""
    manager = site_dir / "_static" / "html-manager" / "embed-amd.js"
    if not manager.is_file():
        pytest.skip("no vendored widget manager in this build (npm missing)")
    heavy = site_dir / "_weight_selftest_blob.js"
    heavy.write_text("//" + " " * 1_000_000 + "\n", encoding="utf-8")
    widget_scripts = ('<script src="_static/require.min.js"></script>'
                      '<script src="_static/html-manager/embed-amd.js"></script>'
                      '<script type="application/vnd.jupyter.widget-state+json">{"version_major": 2, '
                      '"version_minor": 0, "state": {}}</script>')
    page = site_dir / "_weight_selftest.html"
    # 4.4 MB of manager and 1 MB of payload fetched with the page.
    page.write_text('<!doctype html><html lang="en"><head><title>t</title>' + widget_scripts
                    + '<script src="_weight_selftest_blob.js"></script></head>'
                    '<body><main><h1>t</h1></main></body></html>', encoding="utf-8")
    try:
        total = sum(first_load_bytes(browser, f"{base_url}{page.name}").values())
        stripped, removed = strip_widgets(page.read_text(encoding="utf-8"))
        page.write_text(stripped, encoding="utf-8")
        bare = sum(first_load_bytes(browser, f"{base_url}{page.name}").values())
    finally:
        page.unlink()
        heavy.unlink()
    assert removed == 3
    assert total > MAX_FIRST_LOAD_BYTES, f"the heavy page weighed only {_mb(total)}"
    assert total - bare > MAX_WIDGET_INCREMENT_BYTES, f"the manager added only {_mb(total - bare)}"
