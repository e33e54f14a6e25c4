"""Build a package's public namespace from its submodules' ``__all__``.

Each public name is listed once, in the ``__all__`` of the submodule that
defines it; a package's ``__init__`` calls :func:`reexport` so that its own
``__all__`` is the union of its submodules' lists, never a second hand-kept copy.
"""

from __future__ import annotations

__all__: list[str] = []  # private module


def reexport(namespace: dict, modules) -> list[str]:
    """Copy every name in each module's ``__all__`` into ``namespace``; return the combined list.

    Raises
    ------
    ValueError
        If two modules export the same name (one concept, one place), or a
        module lists a name it does not define.
    """
    names: list[str] = []
    owner: dict[str, str] = {}
    for module in modules:
        for name in module.__all__:
            if name in owner:
                raise ValueError(f"{name!r} is exported by both {owner[name]} and {module.__name__}")
            if not hasattr(module, name):
                raise ValueError(f"{module.__name__}.__all__ lists {name!r}, which it does not define")
            owner[name] = module.__name__
            namespace[name] = getattr(module, name)
            names.append(name)
    return names
