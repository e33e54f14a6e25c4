"""Tests of scaling_lab.widgets.why_scaling_laws: the small-to-large explorer of ``book/why_scaling_laws.md``
(bad input).
"""

import matplotlib

matplotlib.use("Agg")

import pytest

import scaling_lab as sl


@pytest.mark.parametrize("call, name", [
    (lambda: sl.small_to_large_explorer("live", targets=[]), "targets"),
    (lambda: sl.small_to_large_explorer("live", targets=[1e11, -1.0]), "targets"),
    (lambda: sl.small_to_large_explorer("live", largest_runs="1e9"), "largest_runs"),
    (lambda: sl.small_to_large_explorer("live", largest_runs=[1.5e7]), "largest_runs"),
    (lambda: sl.small_to_large_explorer("live", seed=-1), "seed"),
    (lambda: sl.small_to_large_explorer("live", n_boot=5), "n_boot"),
])
def test_explorers_reject_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()
