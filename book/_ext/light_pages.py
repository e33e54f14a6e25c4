"""Keep a first visit to every page light: load the widget manager when a reader reaches for a control.

A kernel-free explorer (``scaling_lab.widgets.core``) is ipywidgets state embedded in its page: sliders
linked to nested Stacks of HTML widgets, one ``<img>`` per frame.  Loaded as is, a page with an explorer
costs its reader the widget manager (``embed-amd.js``, 4.4 MB), require.js, and every frame of every
explorer as base64 inside the HTML, before anything is touched.  This extension changes how that state
reaches the browser, not what it is:

* **Frames become files.**  Every ``data:`` image in a page's widget state is written once to
  ``_images/widget-frames/<sha256>.<ext>`` and the state points at it; a Stack shows only its selected
  child, so the browser fetches a frame when a slider first selects it.
* **A preview stands in for each explorer** until the manager arrives: its first frame as a plain image
  with its alt text, and each slider drawn with its label and readout as an ARIA slider that takes focus
  and arrow keys (``book/_assets/widget-loader.js``).
* **The manager loads on first reach.**  The page loads ``widget-loader.js`` (a few KB) instead of
  require.js and the manager; pointing at, touching or focusing a preview loads both, hands them any
  slider positions the reader already chose, and the real widgets replace the previews.

Every image in a page body is marked ``loading="lazy"``, so a first visit fetches the figures near the
first screen, however many figures a chapter has or how dense their pixels are.

The theme's ``fontawesome.js`` (1.5 MB) is dropped from every page as well: pydata-sphinx-theme's
stylesheet already draws every standard icon from the Font Awesome webfonts, which each page fetches
anyway; the script only turned those icons into inline SVG and registered custom icons, which this site
does not use.

``tests/site/test_weight.py`` measures a first visit to every page in Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
FRAMES_DIR = "_images/widget-frames"
LOADER = "widget-loader.js"
PREVIEW_CSS = "widget-preview.css"
# The two scripts only a page with widgets needs (book/_ext/offline_assets.py, or myst-nb's CDN defaults).
MANAGER_SCRIPTS = ("require.min.js", "require.js", "embed-amd.js")
_DATA_URI = re.compile(r"data:image/(png|jpeg|gif|webp|svg\+xml);base64,([A-Za-z0-9+/=]+)")
_VIEW = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.S)
_FONTAWESOME = re.compile(r'<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*></script>\s*')
_EXTENSIONS = {"png": "png", "jpeg": "jpg", "gif": "gif", "webp": "webp", "svg+xml": "svg"}


def frames_to_files(state: dict, outdir: Path, url_of) -> int:
    """Write every ``data:`` image in a widget state to a file; point the state at it. Returns how many."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        kind, data = match.groups()
        payload = base64.b64decode(data)
        name = f"{hashlib.sha256(payload).hexdigest()[:24]}.{_EXTENSIONS[kind]}"
        target = outdir / FRAMES_DIR / name
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(payload)
        count += 1
        return url_of(f"{FRAMES_DIR}/{name}")

    def walk(node):
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(value) for value in node]
        if isinstance(node, str) and "data:image/" in node:
            return _DATA_URI.sub(replace, node)
        return node

    state["state"] = walk(state.get("state", {}))
    return count


def _model(state: dict, ref) -> tuple[str, dict] | None:
    if not isinstance(ref, str) or not ref.startswith("IPY_MODEL_"):
        return None
    model_id = ref[len("IPY_MODEL_"):]
    entry = state.get(model_id)
    return (model_id, entry) if entry else None


def preview_html(state: dict, model_id: str) -> str | None:
    """A plain-HTML stand-in for one widget view (sliders, then the figure shown first), or None if the
    view holds a model the preview does not know (that page then loads the manager at once)."""
    parts: list[str] = []
    counter = [0]

    def visit(mid: str, entry: dict) -> bool:
        name, st = entry.get("model_name"), entry.get("state", {})
        if name in ("VBoxModel", "HBoxModel", "BoxModel"):
            for ref in st.get("children", []):
                child = _model(state, ref)
                if child is None or not visit(*child):
                    return False
            return True
        if name == "StackModel":
            index = st.get("selected_index")
            children = st.get("children", [])
            if index is None or not 0 <= index < len(children):
                return True
            child = _model(state, children[index])
            return child is not None and visit(*child)
        if name == "HTMLModel":
            parts.append(f'<div class="widget-preview-figure">{st.get("value", "")}</div>')
            return True
        if name == "SelectionSliderModel":
            labels = [str(label) for label in st.get("_options_labels", [])]
            index = st.get("index") or 0
            if not labels:
                return False
            counter[0] += 1
            label = html.escape(str(st.get("description", "")))
            readout = html.escape(labels[index])
            span = max(len(labels) - 1, 1)
            layout = _model(state, st.get("layout"))
            box = layout[1].get("state", {}) if layout else {}
            size = "".join(f"{css}: {html.escape(str(box[key]))}; " for key, css in
                           (("width", "width"), ("max_width", "max-width")) if box.get(key))
            parts.append(
                f'<div class="widget-preview-slider" style="{size.strip()}">'
                f'<span class="widget-preview-label">{label}</span>'
                f'<span class="widget-preview-track" role="slider" tabindex="0" aria-label="{label}" '
                f'aria-valuemin="0" aria-valuemax="{len(labels) - 1}" aria-valuenow="{index}" '
                f'aria-valuetext="{readout}" data-model-id="{mid}" '
                f'data-labels="{html.escape(json.dumps(labels))}">'
                f'<span class="widget-preview-handle" style="left: {100 * index / span:.2f}%"></span></span>'
                f'<span class="widget-preview-readout" aria-hidden="true">{readout}</span></div>')
            return True
        # Styles, layouts and links draw nothing of their own; anything else is unknown.
        return name in ("LayoutModel", "SliderStyleModel", "HTMLStyleModel", "DescriptionStyleModel")

    root = state.get(model_id)
    if not root or not visit(model_id, root) or not counter[0]:
        return None
    return ('<!--widget-preview--><div class="widget-preview" data-model-id="' + model_id + '">'
            + "".join(parts) + "</div><!--/widget-preview-->")


def _lighten_page(app, pagename, templatename, context, doctree) -> None:
    files = context.get("script_files")
    if not files:
        return
    states = [js for js in files if getattr(js, "attributes", {}).get("type") == WIDGET_STATE]
    if not states:
        return
    outdir = Path(app.outdir)
    pathto = context["pathto"]
    body = context.get("body", "")
    state_js = states[0]
    state = json.loads(state_js.attributes["body"])
    frames_to_files(state, outdir, lambda path: pathto(path, 1))
    models = state.get("state", {})

    all_known = True

    def add_preview(match: re.Match) -> str:
        nonlocal all_known
        view = json.loads(match.group(1))
        preview = preview_html(models, view.get("model_id", ""))
        if preview is None:
            all_known = False
            return match.group(0)
        return preview + match.group(0)

    context["body"] = _VIEW.sub(add_preview, body)
    from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

    context.setdefault("css_files", []).append(_CascadingStyleSheet(f"_static/{PREVIEW_CSS}", priority=500,
                                                                    rel="stylesheet", type="text/css"))

    text = json.dumps(state).replace("</", "<\\/")
    kept = []
    manager = []
    for js in files:
        if js is state_js:
            kept.append(_JavaScript(None, priority=js.priority, **{**js.attributes, "body": text}))
        elif js.filename and str(js.filename).split("?")[0].endswith(MANAGER_SCRIPTS):
            manager.append(js)
        else:
            kept.append(js)
    if not all_known:  # a widget the preview cannot draw: load the manager with the page, as before
        kept.extend(manager)
    else:
        scripts = [[str(js.filename), {k: v for k, v in js.attributes.items() if k != "body"}] for js in manager]
        kept.append(_JavaScript(f"_static/{LOADER}", priority=manager[0].priority if manager else 500,
                                **{"data-scripts": json.dumps(scripts)}))
    files[:] = kept


_IMG_TAG = re.compile(r"<img\b(?![^>]*\bloading=)")


def lazy_images(body: str) -> str:
    """Every ``<img>`` of a page body loads when it nears the viewport (``loading="lazy"``): a first visit
    fetches the figures a reader sees first, not every figure of a long chapter."""
    return _IMG_TAG.sub('<img loading="lazy"', body)


def _lazy_page_images(app, pagename, templatename, context, doctree) -> None:
    if context.get("body"):
        context["body"] = lazy_images(context["body"])


def _drop_fontawesome_script(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for path in Path(app.outdir).rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if "scripts/fontawesome.js" in text:
            new = _FONTAWESOME.sub("", text)
            if new != text:
                path.write_text(new, encoding="utf-8")


def setup(app):
    # After myst-nb has put the widget state and the manager's scripts in the page's context.
    app.connect("html-page-context", _lighten_page, priority=900)
    app.connect("html-page-context", _lazy_page_images, priority=950)
    app.connect("build-finished", _drop_fontawesome_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
