"""Serve the site's JavaScript from local, vendored copies instead of CDNs.

``make book`` unpacks MathJax 3, require.js and @jupyter-widgets/html-manager
from npm into ``_vendor/`` (deliberately not a root ``_static/``: Jupyter
Book 1 would inject every ``.js`` found there into every page). When that
folder is complete, this extension points Sphinx and myst-nb at the copies, so
the built site needs no internet: math is typeset and widgets work offline.

Without ``_vendor/`` (no npm on the machine) the CDN defaults stay in place
and a notice says that the site will need the internet to typeset math and
show widgets.

Stylesheets from other sites are dropped from every page: jupyterlite-sphinx
adds a Google font for the buttons of its own directives, which this site does
not use (its labs link JupyterLite from ``lab_downloads.py``).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
VENDOR_DIR = "_vendor"
COMPLETE_MARKER = ".complete"

# Paths relative to the site's _static/ folder (where html_static_path lands).
MATHJAX = "mathjax/tex-mml-chtml.js"
REQUIRE = "require.min.js"
HTML_MANAGER = "html-manager/embed-amd.js"


def vendored_assets_available(srcdir: str | Path) -> bool:
    """True when ``make vendor`` finished unpacking every asset."""
    vendor = Path(srcdir) / VENDOR_DIR
    needed = [COMPLETE_MARKER, MATHJAX, REQUIRE, HTML_MANAGER]
    return all((vendor / name).is_file() for name in needed)


def _use_vendored_assets(app, config) -> None:
    if not vendored_assets_available(app.srcdir):
        LOGGER.info(
            "offline_assets: no vendored JavaScript in %s/ (npm missing?); the site "
            "will load MathJax and the widget manager from CDNs and needs the internet.",
            VENDOR_DIR,
        )
        return
    config.html_static_path = list(config.html_static_path) + [VENDOR_DIR]
    # book/_assets/require-config.js tells require.js where the vendored widget
    # modules live (their icon fonts are found relative to it); it must load
    # before require.min.js (priority 500).
    config.html_js_files = list(config.html_js_files) + [("require-config.js", {"priority": 400})]
    config.mathjax_path = MATHJAX
    config.nb_ipywidgets_js = {
        REQUIRE: {},
        HTML_MANAGER: {
            # Widget modules that embed-amd.js does not bundle would be fetched
            # from here; the controls used by scaling_lab are all bundled.
            "data-jupyter-widgets-cdn": "_static/html-manager/",
        },
    }


def _drop_remote_stylesheets(app, pagename, templatename, context, doctree) -> None:
    files = context.get("css_files")
    if files:
        files[:] = [css for css in files if not str(getattr(css, "filename", css)).startswith(("http:", "https:", "//"))]


def setup(app):
    # Run before myst-nb reads nb_ipywidgets_js at builder-inited.
    app.connect("config-inited", _use_vendored_assets, priority=100)
    app.connect("html-page-context", _drop_remote_stylesheets, priority=1000)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
