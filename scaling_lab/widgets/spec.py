"""What an explorer is made of: slider specs, and the registry the contract test walks.

:func:`power_of_ten` and :func:`power_of_two` format readouts in plain notation (10²¹, 2²⁰; public to the
explorer modules, not re-exported under ``sl.``).

A :class:`Slider` is one small declaration (name, values, label, format,
initial value) instead of four parallel mappings.  :func:`register_explorer`
records a chapter's explorer function in :data:`EXPLORERS`; every registered
explorer must accept ``mode`` and the frame size keywords ``width``, ``height``
and ``dpi``.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from scaling_lab._cache import entry_path

__all__ = ["Slider", "FRAME_BUDGET", "EXPLORERS", "register_explorer"]

#: Most frames one kernel-free explorer may hold (about 35-50 KB each at the default size, drawn at twice
#: the pixels), so that a page stays light.
FRAME_BUDGET = 64

#: Every explorer of the course by name (filled by :func:`register_explorer` as the chapter modules load).
EXPLORERS: dict[str, Callable] = {}


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(value, unit: str = "") -> str:
    """A readout in plain notation: ``1e21`` -> "10²¹", ``3e20`` -> "3 × 10²⁰", 0 -> "0"; then `` unit``.

    Parameters
    ----------
    value : float
        A finite number.
    unit : str
        Appended after a space when given.
    """
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"value must be finite; got {value}")
    if value == 0:
        text = "0"
    else:
        exponent = int(np.floor(np.log10(abs(value))))
        mantissa = float(f"{value / 10.0**exponent:.3g}")
        if abs(mantissa) >= 10:  # rounding carried into the next decade
            mantissa, exponent = mantissa / 10, exponent + 1
        power = f"10{str(exponent).translate(_SUPERSCRIPTS)}"
        text = power if mantissa == 1 else f"{mantissa:g} × {power}"
    return f"{text} {unit}" if unit else text


def power_of_two(value) -> str:
    """A readout of a power of two in plain notation: 1048576 -> "2²⁰"."""
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"value must be a positive power of two; got {value}")
    exponent = round(np.log2(value))
    if 2.0**exponent != value:
        raise ValueError(f"value must be a power of two; got {value}")
    return f"2{str(exponent).translate(_SUPERSCRIPTS)}"


def _format(value, fmt) -> str:
    if fmt is None:
        if isinstance(value, (float, np.floating)):
            return f"{float(value):g}"
        return str(value)
    if callable(fmt):
        return str(fmt(value))
    return fmt.format(value)


@dataclass(frozen=True)
class Slider:
    """One slider of an explorer: the ``draw`` keyword it sets and the values it steps through.

    Parameters
    ----------
    name : str
        The keyword argument of ``draw`` (a Python identifier).
    values : sequence
        The values, in slider order (at least one; shown values must differ).
    label : str, optional
        Text before the slider (default: ``name``); also used in the alt text.
    fmt : str or callable, optional
        Format of the readout, e.g. ``"{:.2f}"`` (default ``"{:g}"`` for floats).
    initial : optional
        The value shown first; must be one of ``values`` (default: the first).
    """

    name: str
    values: tuple = field()
    label: str | None = None
    fmt: str | Callable | None = None
    initial: object = None

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"Slider name must be a Python identifier; got {self.name!r}")
        values = self.values
        if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
            raise ValueError(f"Slider {self.name!r}: values must be a sequence; got {values!r}")
        values = tuple(v.item() if isinstance(v, np.generic) else v for v in values)
        if not values:
            raise ValueError(f"Slider {self.name!r}: values must not be empty")
        object.__setattr__(self, "values", values)
        if self.label is not None and not isinstance(self.label, str):
            raise ValueError(f"Slider {self.name!r}: label must be a string; got {self.label!r}")
        shown = self.shown
        if len(set(shown)) != len(shown):
            raise ValueError(f"Slider {self.name!r}: values repeat as shown: {shown}")
        if self.initial is not None and self.initial not in values:
            raise ValueError(f"Slider {self.name!r}: initial = {self.initial!r} is not one of its values")

    @property
    def shown(self) -> list[str]:
        """The values as the readout shows them."""
        return [_format(v, self.fmt) for v in self.values]

    @property
    def text(self) -> str:
        """The label shown before the slider."""
        return self.label or self.name

    @property
    def start(self) -> int:
        """Index of the initial value."""
        return 0 if self.initial is None else self.values.index(self.initial)


def register_explorer(func: Callable) -> Callable:
    """Decorator: add a chapter's explorer function to :data:`EXPLORERS` (by its name).

    The function must take ``mode`` and the keywords ``width``, ``height`` and
    ``dpi``, and return an :class:`~scaling_lab.widgets.core.Explorer`.

    Where ``SCALING_LAB_CACHE`` names a folder (the Makefile's builds and tests), the kernel-free frames of a
    call whose arguments are plain values are kept there (:func:`frame_store`): the notebook tests draw each
    chapter's explorers once, and the contract test and the book build read the same frames.  The key is the
    explorer, its arguments but ``mode``, the package's source and the versions of what draws the frames.
    """
    params = inspect.signature(func).parameters
    missing = [name for name in ("mode", "width", "height", "dpi") if name not in params]
    if missing:
        raise ValueError(f"{func.__name__} must accept {missing} to be registered as an explorer")
    if func.__name__ in EXPLORERS:
        raise ValueError(f"an explorer named {func.__name__!r} is registered already")

    @functools.wraps(func)
    def explorer(*args, **kwargs):
        path = entry_path(func, args, kwargs, ignore=("mode",), extra=_drawing_versions())
        token = _FRAME_STORE.set([path] if path is not None else None)
        try:
            return func(*args, **kwargs)
        finally:
            _FRAME_STORE.reset(token)

    EXPLORERS[func.__name__] = explorer
    return explorer


#: Where the registered explorer being called keeps its frames (a one-item list, emptied by the first
#: :func:`frame_store`), or None.
_FRAME_STORE: contextvars.ContextVar = contextvars.ContextVar("scaling_lab_frame_store", default=None)


def frame_store() -> Path | None:
    """The file that holds the frames of the registered explorer being called, or None (no cache folder, an
    argument that is not a plain value, or not inside a registered explorer).  Given once per call, to its
    first :func:`~scaling_lab.widgets.core.explore`."""
    box = _FRAME_STORE.get()
    return box.pop() if box else None


@functools.lru_cache(maxsize=1)
def _drawing_versions() -> str:
    import matplotlib
    import PIL

    return f"matplotlib {matplotlib.__version__}, Pillow {PIL.__version__}, NumPy {np.__version__}"
