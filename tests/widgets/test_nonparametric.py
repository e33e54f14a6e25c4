"""Tests of scaling_lab.widgets.nonparametric: the box-width explorer of ``book/nonparametric.md`` (bad input)."""

import matplotlib

matplotlib.use("Agg")

import math

import pytest

import scaling_lab as sl


@pytest.mark.parametrize("call, name", [
    (lambda: sl.box_width_explorer("live", boxes=[0, 4]), "boxes"),
    (lambda: sl.box_width_explorer("live", boxes=[2.5]), "boxes"),
    (lambda: sl.box_width_explorer("live", sample_sizes=[1]), "sample_sizes"),
    (lambda: sl.box_width_explorer("live", noise=0.0), "noise"),
    (lambda: sl.box_width_explorer("live", noise=math.inf), "noise"),
])
def test_explorers_reject_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()
