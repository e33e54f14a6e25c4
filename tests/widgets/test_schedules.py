"""Tests of scaling_lab.widgets.schedules: the WSD-against-cosine explorer of ``book/schedules.md`` (one
frame per measured length, what a frame's title reports, bad input).  Its drawing is covered by the
contract test in test_spec.py.
"""

import pytest

import scaling_lab as sl

SMALL = dict(width=120, height=80, dpi=30)


@pytest.fixture(scope="module")
def tiny():
    return sl.schedule_comparison(hidden=16, n_steps=(60, 120), seeds=(0,), n_validation=4096, n_curve_points=4,
                                   warmup_steps=5)


def test_one_frame_per_length(tiny):
    ex = sl.schedule_explorer(mode="static", comparison=tiny, **SMALL)
    assert ex.values["n_steps"] == (60, 120)
    assert len(ex.frames) == 2 and len(set(ex.frames)) == 2 and len(set(ex.axis_limits)) == 1
    assert all("training length (steps) = " in text for text in ex.alt_texts)


def test_default_is_a_small_measured_comparison():
    ex = sl.schedule_explorer(mode="static", **SMALL)
    assert ex.values["n_steps"] == (100, 200, 400)


@pytest.mark.parametrize("kwargs, name", [(dict(comparison="runs"), "comparison"), (dict(width=0), "width")])
def test_bad_input(kwargs, name, tiny):
    with pytest.raises(ValueError, match=name):
        sl.schedule_explorer(mode="live", **{**SMALL, "comparison": tiny, **kwargs})
