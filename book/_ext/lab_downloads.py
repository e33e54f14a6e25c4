"""Sphinx events for the lab pages: the student box on every lab page, and the JupyterLite copies.

The box's text and the staging of the JupyterLite notebooks live in
:mod:`scaling_lab.authoring.lab_pages`; this extension only connects them to the build.  The
text is added to the page's source when Sphinx reads it (the ``source-read`` event), so the
student notebook, made from the file on disk, never contains it.
"""

from __future__ import annotations

from scaling_lab.authoring.lab_pages import add_box, stage_lite_contents


def _on_source_read(app, docname, source):
    source[0] = add_box(docname, source[0])


def _on_config_inited(app, config):
    stage_lite_contents(app.srcdir)


def setup(app):
    app.connect("config-inited", _on_config_inited)
    app.connect("source-read", _on_source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
