"""Sphinx events for the lab pages: the student box on every lab page, and the JupyterLite copies.

The box's text and the staging of the JupyterLite notebooks live in
:mod:`scaling_lab.authoring.lab_pages`; this extension only connects them to the build.  The
text is added to the page's source when Sphinx reads it (the ``source-read`` event), so the
student notebook, made from the file on disk, never contains it.

``make book SOLUTIONS=hide`` builds the same site with the lab pages' solution dropdowns removed (config value
``lab_solutions``, from the environment variable :data:`~scaling_lab.authoring.lab_pages.SOLUTIONS_ENV`): the
pages are still executed with their solutions, and each ``solution`` node is dropped from the lab's doctree
before it is written.
"""

from __future__ import annotations

from scaling_lab.authoring.lab_pages import add_box, solutions_shown, stage_lite_contents


def _on_source_read(app, docname, source):
    source[0] = add_box(docname, source[0], solutions=app.config.lab_solutions == "show")


def remove_solutions(doctree) -> int:
    """Drop every sphinx-exercise solution (dropdown and content) from ``doctree``; return how many."""
    from sphinx_exercise.nodes import solution_node

    found = list(doctree.findall(solution_node))
    for node in found:
        node.parent.remove(node)
    return len(found)


def _on_doctree_resolved(app, doctree, docname):
    if docname.startswith("labs/") and app.config.lab_solutions == "hide":
        remove_solutions(doctree)


def _on_config_inited(app, config):
    stage_lite_contents(app.srcdir)


def setup(app):
    # "env": switching it re-reads every page (the box's last line changes) and writes them again.
    app.add_config_value("lab_solutions", "show" if solutions_shown() else "hide", "env")
    app.connect("config-inited", _on_config_inited)
    app.connect("source-read", _on_source_read)
    app.connect("doctree-resolved", _on_doctree_resolved)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
