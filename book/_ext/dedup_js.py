"""Drop repeated inline <script> bodies from each page.

sphinx-togglebutton and sphinx-thebe end up registered twice under Jupyter
Book 1 (once with filename None, once with ""), so every page declared
`const THEBE_JS_URL` twice: "Identifier 'THEBE_JS_URL' has already been declared".
"""


def _drop_repeated_inline_scripts(app, pagename, templatename, context, doctree):
    files = context.get("script_files")
    if not files:
        return
    seen, kept = set(), []
    for js in files:
        if not js.filename:  # inline script: identified by its body
            key = js.attributes.get("body", "")
            if key in seen:
                continue
            seen.add(key)
        kept.append(js)
    files[:] = kept


def setup(app):
    app.connect("html-page-context", _drop_repeated_inline_scripts, priority=1000)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
