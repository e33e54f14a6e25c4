"""``book/_ext/light_pages.py`` without a browser: frames leave the widget state for files, and a preview is
drawn from the state (sliders, then the frame shown first), or refused for a widget it does not know.

The built site is checked in a browser by ``test_weight.py`` (first-load weight, previews, the hand-over to
the live widgets) and ``test_site.py`` (every control of every widget moved).
"""

from __future__ import annotations

import base64
import json
import re

from tests.book_files import load_book_module

light_pages = load_book_module("_ext/light_pages.py")
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def _img(png: bytes, alt: str) -> str:
    return f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt="{alt}" width="480">'


def _explorer() -> dict:
    """The state of one kernel-free explorer: a slider linked to a Stack of two HTML frames."""
    return {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_slider", "IPY_MODEL_stack"]}},
        "slider": {"model_name": "SelectionSliderModel",
                   "state": {"description": "exponent s", "_options_labels": ["0.5", "1", "2"], "index": 1,
                             "layout": "IPY_MODEL_layout"}},
        "layout": {"model_name": "LayoutModel", "state": {"width": "480px", "max_width": "100%"}},
        "stack": {"model_name": "StackModel", "state": {"children": ["IPY_MODEL_a", "IPY_MODEL_b"],
                                                        "selected_index": 1}},
        "a": {"model_name": "HTMLModel", "state": {"value": _img(PNG, "frame (s = 0.5)")}},
        "b": {"model_name": "HTMLModel", "state": {"value": _img(PNG + b"2", "frame (s = 1)")}},
        "link": {"model_name": "LinkModel", "state": {"source": ["IPY_MODEL_slider", "index"],
                                                      "target": ["IPY_MODEL_stack", "selected_index"]}},
    }


def test_frames_become_files_named_by_their_content(tmp_path):
    state = {"state": _explorer()}
    count = light_pages.frames_to_files(state, tmp_path, lambda path: f"../{path}")
    assert count == 2
    text = json.dumps(state)
    assert "data:image" not in text
    files = sorted((tmp_path / light_pages.FRAMES_DIR).iterdir())
    assert [f.read_bytes() for f in files] in ([PNG, PNG + b"2"], [PNG + b"2", PNG])
    assert all(f"../{light_pages.FRAMES_DIR}/{f.name}" in text for f in files)
    # The same frame on another page is the same file.
    again = {"state": {"x": {"model_name": "HTMLModel", "state": {"value": _img(PNG, "again")}}}}
    light_pages.frames_to_files(again, tmp_path, lambda path: path)
    assert len(list((tmp_path / light_pages.FRAMES_DIR).iterdir())) == 2


def test_preview_shows_the_sliders_and_the_frame_shown_first():
    preview = light_pages.preview_html(_explorer(), "box")
    assert preview.startswith("<!--widget-preview-->") and preview.endswith("<!--/widget-preview-->")
    slider = re.search(r'<span class="widget-preview-track"[^>]*>', preview).group(0)
    for attribute in ('role="slider"', 'tabindex="0"', 'aria-label="exponent s"', 'aria-valuenow="1"',
                      'aria-valuemax="2"', 'aria-valuetext="1"', 'data-model-id="slider"'):
        assert attribute in slider, attribute
    assert 'style="width: 480px; max-width: 100%;"' in preview
    assert 'alt="frame (s = 1)"' in preview and "frame (s = 0.5)" not in preview


def test_preview_refuses_a_widget_it_cannot_draw():
    state = _explorer()
    state["box"]["state"]["children"].append("IPY_MODEL_play")
    state["play"] = {"model_name": "PlayModel", "state": {}}
    assert light_pages.preview_html(state, "box") is None
    assert light_pages.preview_html(_explorer(), "missing") is None


def test_images_load_lazily_once():
    body = '<p><img src="a.png" alt="a"> <img loading="eager" src="b.png" alt="b"></p>'
    lazy = light_pages.lazy_images(body)
    assert lazy == '<p><img loading="lazy" src="a.png" alt="a"> <img loading="eager" src="b.png" alt="b"></p>'
    assert light_pages.lazy_images(lazy) == lazy
