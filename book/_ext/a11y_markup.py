"""Small repairs to markup that other packages write, found by the accessibility test (tests/site).

* docutils marks each bibliography entry ``role="doc-biblioentry"``, a role that DPUB-ARIA 1.1 deprecated
  (in favour of ``listitem``), inside a ``role="list"``; a list whose items have a deprecated role has, to
  assistive technology, no items.  Each entry becomes a ``listitem``.

Colour fixes live in ``book/_assets/a11y.css``.
"""

from __future__ import annotations

DEPRECATED_ROLES = {'role="doc-biblioentry"': 'role="listitem"'}


def repair(body: str) -> str:
    """The page body with deprecated ARIA roles replaced."""
    for old, new in DEPRECATED_ROLES.items():
        body = body.replace(old, new)
    return body


def _on_page(app, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = repair(context["body"])


def setup(app):
    app.connect("html-page-context", _on_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
