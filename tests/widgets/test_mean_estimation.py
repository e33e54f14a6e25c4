"""Tests of scaling_lab.widgets.mean_estimation: the explorer of ``book/mean_estimation.md`` (frames that
follow sigma, bad input).
"""

import matplotlib

matplotlib.use("Agg")

import math

import pytest

import scaling_lab as sl

SMALL = dict(width=120, height=80, dpi=30)


@pytest.mark.parametrize("call, name", [
    (lambda: sl.mean_estimation_explorer("live", sigmas=[0.0]), "sigmas"),
    (lambda: sl.mean_estimation_explorer("live", sigmas=[math.nan]), "sigmas"),
    (lambda: sl.mean_estimation_explorer("live", trials=[5]), "trials"),
    (lambda: sl.mean_estimation_explorer("live", seed=-2), "seed"),
])
def test_explorers_reject_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_mean_estimation_explorer_frames_follow_sigma():
    ex = sl.mean_estimation_explorer("static", sigmas=[1.0, 2.0], trials=[20], **SMALL)
    assert len(ex.frames) == 2 and len(set(ex.frames)) == 2 and len(set(ex.axis_limits)) == 1
