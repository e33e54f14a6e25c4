"""Tests of scaling_lab.widgets.observational: the held-out forecast explorer of ``book/observational.md`` (its
own slider values, that its frames are the package's fits, bad input).  Its drawing is covered by the contract
test in test_spec.py.
"""

import numpy as np
import pytest

import scaling_lab as sl

SMALL = dict(width=120, height=80, dpi=30)


@pytest.mark.parametrize("kwargs, name", [
    (dict(cutoffs_flops=[-1e22]), "cutoffs_flops"),
    (dict(cutoffs_flops=[np.nan]), "cutoffs_flops"),
    (dict(cutoffs_flops=[]), "cutoffs_flops"),
    (dict(cutoffs_flops=[1e20]), "cutoffs_flops"),  # too few models below it
    (dict(cutoffs_flops=[1e26]), "cutoffs_flops"),  # nothing left to forecast with known compute... or at all
    (dict(width=0), "width"),
])
def test_observational_forecast_explorer_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        sl.observational_forecast_explorer(mode="live", **{**SMALL, **kwargs})


def test_explorer_takes_its_own_cutoffs_and_draws_distinct_frames():
    ex = sl.observational_forecast_explorer(mode="static", cutoffs_flops=[8.4e22, 1e24], **SMALL)
    assert ex.values["cutoff"] == (8.4e22, 1e24) and ex.values["task"] == ("BBH", "GPQA", "MATH Lvl 5")
    assert len(ex.frames) == 6 and len(set(ex.frames)) == 6 and len(set(ex.axis_limits)) == 1


def test_capability_forecast_wins_in_19_of_the_21_default_frames():
    """The chapter's claim about the explorer's frames (our computation): the capability forecast has the
    smaller held-out error in every frame but GPQA at 4.2e22 FLOPs and MATH at 2.1e22 FLOPs."""
    v = sl.load_leaderboard_v2()
    losses = []
    for j, task in enumerate(v.tasks):
        for cut in (2.1e22, 4.2e22, 8.4e22, 1.68e23, 2.52e23, 5e23, 1e24):
            pcs, base = (sl.fit_observational_forecast(v.predictor_scores, v.target(task), v.base.compute_flops,
                                                       cut, chance=v.chance[j], predictor=p)
                         for p in ("capabilities", "compute"))
            if pcs.mse_test >= base.mse_test:
                losses.append((task, cut))
    assert losses == [("GPQA", 4.2e22), ("MATH Lvl 5", 2.1e22)]
