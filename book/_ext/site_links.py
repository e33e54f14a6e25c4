"""Repository, "edit this page" and launch links that point at things that exist, from one place.

* **Repository.**  The repository URL and branch come from
  :func:`scaling_lab.authoring.setup_cell.course_repository`: on GitHub Actions the
  repository being built, so a fork's site links to the fork; elsewhere
  ``repository`` in ``_config.yml``.  The repository button and the "edit this
  page" links follow.
* **Colab and Binder.**  Colab cannot open a MyST ``.md`` page, and a fresh
  Colab or Binder has no ``scaling_lab``.  So the launch buttons open notebooks
  kept on a branch of their own, :data:`LAUNCH_BRANCH`, which the Pages workflow
  force-pushes from ``_build/launch/``: a lab opens as its student notebook, a
  chapter as its reader notebook (:func:`reader_notebook`: plain markdown, the
  numbers the build computed pasted in, no ``myst_nb`` needed), each starting
  with the setup cell that installs ``scaling_lab`` where it is missing
  (:func:`scaling_lab.authoring.launch.write_launch_notebooks`, called at the end of every build
  from the same list of pages the buttons are made for, so every button has its notebook).
* **JupyterLite.**  A lab's launch menu also opens its student notebook in
  JupyterLite (the same link as the box at the top of the lab, from
  ``lab_downloads.py``).
* **The toolbar's notebook download.**  sphinx-book-theme offers each notebook page as
  ``_sources/<page>.ipynb``, a copy of the notebook the build executed: for a lab, every solution,
  and raw MyST (```` ```{solution-start} ````) in every markdown cell.  At the end of the build that
  file is replaced by the page's launch notebook, the one Colab opens: a lab's student notebook (the
  same file as the download in the lab's box), a chapter's reader notebook.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.util import logging

from scaling_lab.authoring.lab_pages import lite_url
from scaling_lab.authoring.launch import LAUNCH_DIR, launch_path, launch_urls, write_launch_notebooks

LOGGER = logging.getLogger(__name__)


def _set_repository(app, config) -> None:
    from scaling_lab.authoring.setup_cell import course_repository

    repo = course_repository(app.srcdir)
    options = dict(config.html_theme_options or {})
    options["repository_url"] = repo.url
    options["repository_branch"] = repo.branch
    options.setdefault("path_to_docs", "")
    config.html_theme_options = options


#: The toolbar's tooltip for the notebook download, by kind of page.
DOWNLOAD_TOOLTIPS = {"labs/": "Download the student notebook (no solutions)",
                     "": "Download the notebook (as Colab opens it)"}


def _retitle_notebook_download(pagename, context) -> None:
    tooltip = next(text for prefix, text in DOWNLOAD_TOOLTIPS.items() if pagename.startswith(prefix))
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []):
            if button.get("label") == "download-notebook-button":
                button["tooltip"] = tooltip


def _rewrite_launch_buttons(app, pagename, templatename, context, doctree) -> None:
    _retitle_notebook_download(pagename, context)
    groups = [b for b in context.get("header_buttons", []) if b.get("label") == "launch-buttons"]
    if not groups:
        return
    urls = launch_urls(app.config.html_theme_options["repository_url"], pagename)
    buttons = groups[0]["buttons"]
    for button in buttons:
        if button.get("text") in urls:
            button["url"] = urls[button["text"]]
    if pagename.startswith("labs/"):
        buttons.append({
            "type": "link", "text": "JupyterLite", "tooltip": "Run the student notebook in your browser",
            "icon": "_static/images/logo_jupyterlite.svg", "url": lite_url(pagename),
        })


def _on_build_finished(app, error) -> None:
    if error is not None or app.builder.format != "html":
        return
    from scaling_lab.authoring.setup_cell import course_repository

    # The pages that get launch buttons: sphinx-book-theme gives them to every notebook (kernelspec).
    notebooks = {d for d in app.env.found_docs if "kernelspec" in app.env.metadata.get(d, {})}
    written = write_launch_notebooks(app.srcdir, notebooks, course_repository(app.srcdir))
    LOGGER.info("site_links: wrote %d launch notebooks to %s/", len(written), LAUNCH_DIR)
    # The toolbar's .ipynb download: the launch notebook, not the executed source with its solutions.
    sources = Path(app.outdir) / "_sources"
    for docname in notebooks:
        target = sources / launch_path(docname)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(app.srcdir) / LAUNCH_DIR / launch_path(docname), target)


def setup(app):
    app.connect("config-inited", _set_repository, priority=100)
    app.connect("html-page-context", _rewrite_launch_buttons, priority=600)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
