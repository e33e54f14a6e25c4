"""Numbers and figures computed on a page, recorded for the text of the book.

A chapter computes a number in a code cell and quotes it in its prose with MyST's
``{glue:text}`name:.3f``` role, so the text can never disagree with the code::

    fit = sl.fit_power_law(ranks, frequencies)
    sl.glue(slope=fit.exponent, slope_ci=f"{fit.exponent_ci[0]:.3f} to {fit.exponent_ci[1]:.3f}")

When the book is built, :func:`glue` hands each value to ``myst_nb.glue`` (with ``display=False``,
so the cell shows nothing), and Jupyter Book pastes it into the page.  Anywhere ``myst_nb`` is not
installed (Colab, Binder, JupyterLite, a student's own Jupyter) it does nothing, so a chapter's code
runs the same everywhere.
"""

from __future__ import annotations

import importlib
import math
import numbers

import numpy as np

__all__ = ["glue"]


def _myst_nb_glue():
    try:
        return importlib.import_module("myst_nb").glue
    except (ImportError, AttributeError):
        return None


def _checked(name: str, value):
    """Reject what the book could not show: a NaN or inf number, or a value of no displayable kind."""
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"glue value {name} must be a number, a string or a figure; got a boolean")
    if isinstance(value, (numbers.Real, np.floating, np.integer)):
        if not math.isfinite(float(value)):
            raise ValueError(f"glue value {name} must be finite; got {value!r}")
        return value.item() if isinstance(value, np.generic) else value
    if isinstance(value, str):
        return value
    if type(value).__module__.startswith("matplotlib"):
        return value
    raise ValueError(f"glue value {name} must be a number, a string or a matplotlib figure; "
                     f"got {type(value).__name__}")


def glue(**values) -> None:
    """Record values for the book's ``{glue}`` roles; elsewhere, do nothing.

    Parameters
    ----------
    **values : float, int, str or matplotlib.figure.Figure
        One keyword per value, named as the page's ``{glue:text}`` roles name it.
        NumPy scalars are converted to Python numbers.

    Raises
    ------
    ValueError
        If no value is given, or a value is NaN, inf, a boolean, or of a kind the book cannot show.
    """
    if not values:
        raise ValueError("glue needs at least one name=value")
    checked = {name: _checked(name, value) for name, value in values.items()}
    record = _myst_nb_glue()
    if record is None:
        return
    for name, value in checked.items():
        record(name, value, display=False)
