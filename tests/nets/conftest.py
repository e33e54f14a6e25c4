"""Shared by the tests of scaling_lab.nets: gradients checked against central differences."""

from __future__ import annotations

import numpy as np


def numerical_gradient(loss, params, step=1e-6):
    """Central differences of ``loss()`` with respect to each entry of ``params`` (changed in place, restored)."""
    grad = np.zeros_like(params)
    for i in range(params.size):
        old = params[i]
        params[i] = old + step
        up = loss()
        params[i] = old - step
        down = loss()
        params[i] = old
        grad[i] = (up - down) / (2 * step)
    return grad


def relative_error(a, b):
    """``|a - b| / |b|`` in the Euclidean norm (``b`` = 0 guarded)."""
    return np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-300)
