"""Search results without raw TeX or Python source: load ``book/_assets/search-text.js`` on every page.

Sphinx's search index (``searchindex.js``) holds words only; the snippet under each result is written in the
browser, by ``searchtools.js``, from the text of the page it fetches, where every formula is still raw TeX
(MathJax typesets only on screen) and every code cell's source is present. No option of Sphinx (7.4) or of the
theme changes that text, so the script replaces ``Search.htmlToText`` with one that first removes code cells,
outputs and the page's furniture and writes each formula as plain text. tests/site/test_search.py checks the
snippets of the built site.
"""

from __future__ import annotations

#: In ``html_static_path`` (book/_assets). Loaded after searchtools.js, which the theme puts on every page.
SCRIPT = "search-text.js"


def setup(app):
    app.add_js_file(SCRIPT, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
