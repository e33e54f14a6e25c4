"""Figure numbers that restart on each page outside the numbered chapters (the labs): Lab 2's first figure is Fig. 1.

Sphinx numbers the figures of a chapter "Fig. 8.1", "Fig. 8.2" from its section number.  A page without a
section number (the labs, in an unnumbered part of ``_toc.yml``) has no prefix, so Sphinx counted its
figures on from the previous unnumbered page's: Lab 2's only figure was "Fig. 3" and Lab 7's were 12-14.
After Sphinx has numbered everything (the ``env-get-updated`` event, once per build), each such page's
figures, tables and other numbered things are numbered again from 1, in the order Sphinx gave them.

A ``{numref}`` from another page to a lab's figure would then read "Fig. 1" without saying which lab's;
there is none today (the labs refer to chapters by title, with ``{ref}``).
"""

from __future__ import annotations


def restart_numbers(fignumbers: dict, secnumbers: dict) -> list[str]:
    """Renumber, from 1 in their order, the numbered nodes of every page without a section number.

    ``fignumbers`` is Sphinx's ``env.toc_fignumbers`` (docname -> figtype -> node id -> number tuple),
    changed in place; ``secnumbers`` is ``env.toc_secnumbers``.  Returns the pages renumbered.
    """
    renumbered = []
    for docname, by_type in fignumbers.items():
        if any(secnumbers.get(docname, {}).values()):
            continue  # a numbered chapter: its numbers already start from its own section number
        for figtype, numbers in by_type.items():
            in_order = sorted(numbers, key=numbers.__getitem__)
            by_type[figtype] = {node_id: (index,) for index, node_id in enumerate(in_order, start=1)}
        if by_type:
            renumbered.append(docname)
    return renumbered


def _on_env_get_updated(app, env):
    return restart_numbers(env.toc_fignumbers, env.toc_secnumbers)


def setup(app):
    # After Sphinx's own numbering (the toctree collector listens to the same event at priority 500).
    app.connect("env-get-updated", _on_env_get_updated, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
