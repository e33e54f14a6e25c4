"""Validation of the slider values an explorer is called with (private; shared by the chapter modules)."""

from __future__ import annotations

import numpy as np

from scaling_lab._validate import as_int, as_positive_array

__all__: list[str] = []  # private module


def _sequence(given, name):
    if isinstance(given, (str, bytes)) or np.ndim(given) != 1 or len(given) == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence of numbers; got {given!r}")
    return given


def positive_values(given, name: str, *, allow_zero: bool = False) -> list[float]:
    """``given`` as a list of floats, each > 0 (>= 0 with ``allow_zero``; a ``ValueError`` naming ``name`` otherwise)."""
    return [float(v) for v in as_positive_array(_sequence(given, name), name, allow_zero=allow_zero)]


def int_values(given, name: str, minimum: int) -> list[int]:
    """``given`` as a list of integers, each >= ``minimum`` (a ``ValueError`` naming ``name`` otherwise)."""
    return [as_int(v, name, minimum=minimum) for v in _sequence(given, name)]
