"""Input validation shared by every public function of :mod:`scaling_lab`.

Each helper takes the value and the *name of the argument* as the caller
spells it, so that the message points the user at the right place, e.g.
``ValueError: n_params must be > 0; got -3``.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

__all__: list[str] = []  # private module


def _describe(arr: np.ndarray) -> str:
    flat = np.ravel(arr)
    if flat.size <= 4:
        return np.array2string(flat, separator=", ") if flat.size != 1 else repr(flat[0].item())
    return f"array of shape {arr.shape}"


def as_float_array(value, name: str) -> np.ndarray:
    """Convert ``value`` to a float array; reject NaN and inf."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric; got {value!r}") from exc
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    bad = ~np.isfinite(arr)
    if bad.any():
        what = "NaN" if np.isnan(arr).any() else "inf"
        raise ValueError(f"{name} must be finite; got {what} in {_describe(arr)}")
    return arr


def as_positive_array(value, name: str, *, allow_zero: bool = False) -> np.ndarray:
    """Finite float array with every entry > 0 (or >= 0 with ``allow_zero``)."""
    arr = as_float_array(value, name)
    if allow_zero:
        if (arr < 0).any():
            raise ValueError(f"{name} must be >= 0; got {_describe(arr[arr < 0])}")
    elif (arr <= 0).any():
        raise ValueError(f"{name} must be > 0; got {_describe(arr[arr <= 0])}")
    return arr


def as_unit_interval_array(value, name: str, *, open_low: bool = False, open_high: bool = False) -> np.ndarray:
    """Finite float array with entries in [0, 1] (ends optionally open)."""
    arr = as_float_array(value, name)
    low_bad = arr <= 0 if open_low else arr < 0
    high_bad = arr >= 1 if open_high else arr > 1
    if (low_bad | high_bad).any():
        lo = "(" if open_low else "["
        hi = ")" if open_high else "]"
        raise ValueError(f"{name} must lie in {lo}0, 1{hi}; got {_describe(arr[low_bad | high_bad])}")
    return arr


def as_scalar(value, name: str) -> float:
    """A single finite real number."""
    if isinstance(value, bool) or not isinstance(value, (Real, np.number)) and np.ndim(value) != 0:
        raise ValueError(f"{name} must be a single number; got {value!r}")
    try:
        out = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a single number; got {value!r}") from exc
    if not math.isfinite(out):
        raise ValueError(f"{name} must be finite; got {out}")
    return out


def as_positive_scalar(value, name: str, *, allow_zero: bool = False) -> float:
    out = as_scalar(value, name)
    if out < 0 or (out == 0 and not allow_zero):
        raise ValueError(f"{name} must be {'>= 0' if allow_zero else '> 0'}; got {out!r}")
    return out


def as_int(value, name: str, *, minimum: int | None = None) -> int:
    """An integer (a float with an integral value is accepted)."""
    if isinstance(value, bool):
        raise ValueError(f"{name} must be an integer; got {value!r}")
    try:
        out = int(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an integer; got {value!r}") from exc
    if out != value:
        raise ValueError(f"{name} must be an integer; got {value!r}")
    if minimum is not None and out < minimum:
        raise ValueError(f"{name} must be >= {minimum}; got {out}")
    return out


def same_shape(**arrays: np.ndarray) -> None:
    """Raise if the arrays (already validated) do not share one shape."""
    items = list(arrays.items())
    first_name, first = items[0]
    for name, arr in items[1:]:
        if np.shape(arr) != np.shape(first):
            raise ValueError(
                f"{name} must have the same shape as {first_name}; "
                f"got {np.shape(arr)} and {np.shape(first)}"
            )


def at_least(arr: np.ndarray, name: str, n_points: int) -> None:
    """Raise if ``arr`` holds fewer than ``n_points`` values."""
    if np.size(arr) < n_points:
        raise ValueError(f"{name} needs at least {n_points} points; got {np.size(arr)}")


def broadcast(**arrays):
    """Broadcast validated arrays together; name them if their shapes clash."""
    try:
        return np.broadcast_arrays(*arrays.values())
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise ValueError(f"{', '.join(arrays)} must have broadcastable shapes; got {shapes}") from None


def to_output(arr):
    """Return a Python float for a 0-d result, else the array."""
    arr = np.asarray(arr, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


def param_value(params, attr, name="params", *, positive=True):
    """Read and check one constant of a parameter object (e.g. ``params.alpha``)."""
    if not hasattr(params, attr):
        raise ValueError(f"{name} must have an attribute {attr!r}; got {params!r}")
    value = getattr(params, attr)
    if positive:
        return as_positive_scalar(value, f"{name}.{attr}")
    return as_scalar(value, f"{name}.{attr}")


def chinchilla_constants(params, name="params", *, floor=True):
    """``(E, A, B, alpha, beta)`` of a Chinchilla-form parameter object, checked once for the package.

    The rule, the same everywhere: ``E >= 0`` (a loss floor), ``A, B, alpha, beta > 0``, all finite.
    With ``floor=False`` (the compute-optimal frontier, which does not depend on E) ``params`` need
    not have an ``E`` and the first item is None.
    """
    e = None
    if floor:
        e = param_value(params, "E", name, positive=False)
        if e < 0:
            raise ValueError(f"{name}.E must be >= 0 (a loss floor); got {e!r}")
    return (e, param_value(params, "A", name), param_value(params, "B", name),
            param_value(params, "alpha", name), param_value(params, "beta", name))


def as_confidence(value, name: str = "confidence") -> float:
    """A coverage probability strictly between 0 and 1."""
    out = as_scalar(value, name)
    if not 0.0 < out < 1.0:
        raise ValueError(f"{name} must lie in (0, 1); got {out!r}")
    return out


def format_ci(ci) -> str:
    """An interval as ``(low, high)`` with four significant digits, for result reprs."""
    return f"({ci[0]:.4g}, {ci[1]:.4g})"


def flip_interval(ci) -> tuple[float, float]:
    """The interval of ``-x`` given that of ``x``: ``(-high, -low)``."""
    return (-ci[1], -ci[0])
