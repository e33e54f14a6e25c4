"""Modules imported on first use, so that ``import scaling_lab`` stays fast.

SciPy, Matplotlib, ipywidgets and Pillow take most of a second to import here (several seconds in the
browser's Pyodide), and most cells of a lab need none of them.  A module of the package that uses one
of them says so once, at the top, as it would with an ``import``::

    optimize = lazy_module("scipy.optimize")

and calls ``optimize.minimize(...)`` as usual.  The real import happens at the first attribute
access; until then nothing is added to ``sys.modules``.
"""

from __future__ import annotations

import importlib
import types

__all__: list[str] = []  # private module


class LazyModule(types.ModuleType):
    """A stand-in for the module ``name``, imported when one of its attributes is first read."""

    def __init__(self, name: str):
        super().__init__(name)
        self.__dict__["_lazy_target"] = None

    def _load(self) -> types.ModuleType:
        target = self.__dict__["_lazy_target"]
        if target is None:
            target = importlib.import_module(self.__name__)
            self.__dict__["_lazy_target"] = target
        return target

    def __getattr__(self, attr: str):
        return getattr(self._load(), attr)

    def __dir__(self):
        return dir(self._load())

    def __repr__(self) -> str:
        state = "imported" if self.__dict__["_lazy_target"] is not None else "not imported yet"
        return f"<lazy module {self.__name__!r} ({state})>"


def lazy_module(name: str) -> LazyModule:
    """Return a stand-in for module ``name`` that imports it on first attribute access."""
    return LazyModule(name)
