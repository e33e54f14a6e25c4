"""Validation of the sample-size grids shared by the experiments (private)."""

from __future__ import annotations

import numpy as np

from scaling_lab._validate import as_positive_array, at_least

__all__: list[str] = []  # private module


def sample_size_grid(sample_sizes, *, minimum=1, distinct=3, name="sample_sizes"):
    """A flat float array of integer sizes >= ``minimum`` with at least ``distinct`` distinct values."""
    n = as_positive_array(sample_sizes, name).ravel()
    bad = (n != np.round(n)) | (n < minimum)
    if bad.any():
        raise ValueError(f"{name} must be integers >= {minimum}; got {n[bad][:4]}")
    if distinct:
        at_least(n, name, distinct)
        if np.unique(n).size < distinct:
            raise ValueError(f"{name} must contain at least {distinct} distinct values")
    return n
