"""Tests of scaling_lab.experiments._sizes: the grids of sample sizes the experiments take, checked once.

A grid is a flat float array of integer sizes at or above a minimum, with enough distinct values to fit a
power law; every message names the argument as the caller spells it.
"""

import numpy as np
import pytest

from scaling_lab.experiments._sizes import sample_size_grid


def test_a_grid_comes_back_flat_and_as_floats():
    n = sample_size_grid([[64, 128], [256, 512]])
    assert n.dtype == float and n.shape == (4,)
    np.testing.assert_array_equal(n, [64.0, 128.0, 256.0, 512.0])
    np.testing.assert_array_equal(sample_size_grid([4.0, 4.0], distinct=0), [4.0, 4.0])


@pytest.mark.parametrize("sizes, kwargs, match", [
    ([64, 128.5, 256], {}, r"sample_sizes must be integers >= 1; got \[128\.5\]"),
    ([2, 4, 8], {"minimum": 4}, r"sample_sizes must be integers >= 4; got \[2\.\]"),
    ([64, 0, 256], {}, "sample_sizes must be > 0"),
    ([64, np.nan, 256], {}, "sample_sizes must be finite"),
    ([64, 128], {}, "sample_sizes needs at least 3 points; got 2"),
    ([64, 64, 128, 128], {}, "sample_sizes must contain at least 3 distinct values"),
    ([64, 128], {"name": "pilot_sizes"}, "pilot_sizes needs at least 3"),
    ([10, 20, 30, 40], {"distinct": 5}, "needs at least 5 points"),
])
def test_bad_grids_name_the_argument(sizes, kwargs, match):
    with pytest.raises(ValueError, match=match):
        sample_size_grid(sizes, **kwargs)
