"""Shared by the tests of scaling_lab.laws: every law names the argument it rejects."""

from __future__ import annotations

import numpy as np
import pytest

#: What no law accepts for an argument that must be a positive number.
BAD_VALUES = [np.nan, np.inf, 0.0, -1.0, "abc"]


def assert_bad_input_is_named(func, good: dict, extra: dict, args: list[str], *, zero_is_valid=()) -> None:
    """``func`` raises a ValueError naming the argument for each bad value of each of ``args`` (the others
    taken from ``good``, keyword constants from ``extra``), and names the second of two mismatched shapes.
    Zero is not tried for the arguments in ``zero_is_valid`` (a probability, a loss of zero)."""
    for name in args:
        for bad in BAD_VALUES:
            if bad == 0.0 and name in zero_is_valid:
                continue
            kwargs = {arg: good[arg] for arg in args} | extra
            kwargs[name] = bad
            with pytest.raises(ValueError, match=name):
                func(**kwargs)
    if len(args) > 1:  # mismatched shapes
        kwargs = {arg: good[arg] for arg in args} | extra
        kwargs[args[0]] = np.full(4, good[args[0]])
        kwargs[args[1]] = np.full(3, good[args[1]])
        with pytest.raises(ValueError, match=args[1]):
            func(**kwargs)
