"""Legible figures and true alt text on the built pages (issue 19, items 4 and 5).

Every figure a page draws, and every explorer's visible frame, is a PNG made by
``scaling_lab.plotting.legibility.legible_png``, which records in the PNG the smallest text matplotlib drew (in the
PNG's pixels) and the markers and line styles it drew.  In Chromium at 1280 x 900 this test reads the width
at which the browser shows each image and requires:

- its smallest text at that width is at least ``MIN_TEXT_PX`` (10 CSS px):
  ``recorded px x shown width / PNG width >= 10``;
- the PNG has at least twice the pixels it is shown at (sharp when zoomed);
- its alt text and caption name only markers and line styles it draws (no "circles" over triangles, no
  "(dashed)" where nothing is dashed);
- every slider's readout fits its box (``scrollWidth <= clientWidth``) at every value, and the sliders of one
  explorer have tracks of one width and place, unchanged as the readouts change.
"""

from __future__ import annotations

import base64
from urllib.parse import unquote, urlparse

import pytest

from scaling_lab.plotting import legibility
from scaling_lab.plotting.style import new_figure

pytestmark = pytest.mark.site


def image_problems(png: bytes, shown_width: float, alt: str, caption: str, shown_aspect: float | None = None
                   ) -> list[str]:
    """What is wrong with one figure image as the page shows it (empty list: nothing).

    ``shown_aspect`` is the height / width the page shows it at (None: not checked).
    """
    import io

    from PIL import Image

    natural, natural_height = Image.open(io.BytesIO(png)).size
    records = legibility.png_records(png)
    if records["text_px"] is None:
        return ["no record of its text size: not drawn through scaling_lab.plotting.legibility.legible_png"]
    problems = []
    if shown_aspect is not None and abs(shown_aspect / (natural_height / natural) - 1) > 0.02:
        problems.append(f"squashed: shown at height/width {shown_aspect:.3f}, drawn {natural_height / natural:.3f}")
    text_px = records["text_px"] * shown_width / natural
    if text_px < legibility.MIN_TEXT_PX - 0.05:
        problems.append(f"smallest text {text_px:.1f} px at {shown_width:.0f} px wide")
    if natural < legibility.PIXEL_DENSITY * shown_width - 1:
        problems.append(f"{natural} px drawn for {shown_width:.0f} px shown (1x)")
    for where, text in (("alt text", alt), ("caption", caption)):
        wrong = legibility.undrawn_style_words(text, records["styles"] or ())
        if wrong:
            problems.append(f"{where} names {wrong}; drawn: {sorted(records['styles'] or ())}")
    return problems


def slider_problems(explorers: list[list[dict]]) -> list[str]:
    """Clipped readouts, and sliders of one explorer whose tracks differ in place or width."""
    problems = []
    for index, sliders in enumerate(explorers, 1):
        for s in sliders:
            if not s["fits"]:
                problems.append(f"widget {index}: readout {s['text']!r} of {s['label']!r} is clipped")
        if len({(s["left"], s["width"]) for s in sliders}) > 1:
            problems.append(f"widget {index}: slider tracks not aligned: "
                            f"{[(s['label'], s['left'], s['width']) for s in sliders]}")
    return problems


def _png_bytes(src: str, base_url: str, site_dir) -> bytes:
    if src.startswith("data:"):
        return base64.b64decode(src.split(",", 1)[1])
    path = unquote(urlparse(src).path)
    root = urlparse(base_url).path
    return (site_dir / path[len(root):]).read_bytes()


def test_figures_are_legible_and_name_what_they_draw(page, visit, base_url, site_dir):
    # One visit per page (browse.visit_page) reads the figures once the explorers are live, and every slider's
    # readout after each step of its walk from the first value to the last.
    report = visit(page)
    problems = []
    for n, image in enumerate(report.figures, 1):
        for problem in image_problems(_png_bytes(image["src"], base_url, site_dir), image["shown"],
                                      image["alt"], image["caption"], image["aspect"]):
            problems.append(f"image {n} ({image['alt'][:60]!r}): {problem}")
    for explorers in report.slider_readouts:
        problems += slider_problems(explorers)
    assert not sorted(set(problems)), f"{page}: " + "\n".join(sorted(set(problems)))


def test_the_checks_can_fail():
    import matplotlib

    matplotlib.use("Agg")
    fig = new_figure(width=10, height=3)
    ax = fig.axes[0]
    ax.plot([1, 2, 3], [3, 1, 2], marker="^", linestyle="--", label="runs")
    ax.legend(fontsize="x-small")
    png = legibility.legible_png(fig)
    assert image_problems(png, 672, "runs (triangles, dashed)", "") == []
    # 2000 px drawn: shown 1200 px wide it is under twice its pixels; shown 300 px wide its text is too small.
    assert image_problems(png, 1200, "", "") == ["2000 px drawn for 1200 px shown (1x)"]
    assert image_problems(png, 300, "", "")[0].startswith("smallest text")
    assert image_problems(png, 672, "", "", shown_aspect=0.3) == []  # drawn 2000 x 600
    assert image_problems(png, 672, "", "", shown_aspect=0.5) == ["squashed: shown at height/width 0.500, drawn 0.300"]
    assert image_problems(png, 672, "runs (circles)", "the fit (dotted)") == [
        "alt text names ['circles']; drawn: ['dashed', 'filled triangle', 'triangle']",
        "caption names ['dotted']; drawn: ['dashed', 'filled triangle', 'triangle']"]
    import io

    buf = io.BytesIO()  # a PNG saved without legible_png has no records
    fig.savefig(buf, format="png")
    assert image_problems(buf.getvalue(), 600, "", "")[0].startswith("no record")
    clipped = [[{"label": "metric", "text": "LAMBADA accuracy (ex", "fits": False, "readout": 148, "left": 200,
                 "width": 300},
                {"label": "step", "text": "1,000", "fits": True, "readout": 60, "left": 180, "width": 390}]]
    assert slider_problems(clipped) == [
        "widget 1: readout 'LAMBADA accuracy (ex' of 'metric' is clipped",
        "widget 1: slider tracks not aligned: [('metric', 200, 300), ('step', 180, 390)]"]
