"""Bad input and small behaviours of the explorers of chapters 1 and 3-5 (the contract test in
``test_widgets.py`` draws every registered explorer with its defaults)."""

import matplotlib

matplotlib.use("Agg")

import math

import pytest

import scaling_lab as sl
from scaling_lab.widgets._slider_values import int_values, positive_values

SMALL = dict(width=120, height=80, dpi=30)
TWO_LAWS = (sl.SubgroupLaw(3.0, 0.6), sl.SubgroupLaw(5.0, 0.4))


@pytest.mark.parametrize("call, name", [
    (lambda: sl.small_to_large_explorer("live", targets=[]), "targets"),
    (lambda: sl.small_to_large_explorer("live", targets=[1e11, -1.0]), "targets"),
    (lambda: sl.small_to_large_explorer("live", largest_runs="1e9"), "largest_runs"),
    (lambda: sl.small_to_large_explorer("live", largest_runs=[1.5e7]), "largest_runs"),
    (lambda: sl.small_to_large_explorer("live", seed=-1), "seed"),
    (lambda: sl.small_to_large_explorer("live", n_boot=5), "n_boot"),
    (lambda: sl.mean_estimation_explorer("live", sigmas=[0.0]), "sigmas"),
    (lambda: sl.mean_estimation_explorer("live", sigmas=[math.nan]), "sigmas"),
    (lambda: sl.mean_estimation_explorer("live", trials=[5]), "trials"),
    (lambda: sl.mean_estimation_explorer("live", seed=-2), "seed"),
    (lambda: sl.box_width_explorer("live", boxes=[0, 4]), "boxes"),
    (lambda: sl.box_width_explorer("live", boxes=[2.5]), "boxes"),
    (lambda: sl.box_width_explorer("live", sample_sizes=[1]), "sample_sizes"),
    (lambda: sl.box_width_explorer("live", noise=0.0), "noise"),
    (lambda: sl.box_width_explorer("live", noise=math.inf), "noise"),
    (lambda: sl.mixture_explorer("live", label_shift=0.0), "label_shift"),
    (lambda: sl.mixture_explorer("live", seed=-1), "seed"),
    (lambda: sl.allocation_explorer("live", laws=[1, 2]), "laws"),
    (lambda: sl.allocation_explorer("live", laws=[sl.SubgroupLaw(1.0, 0.5)]), "laws"),
    (lambda: sl.allocation_explorer("live", laws=TWO_LAWS, minority_share=1.0), "minority_share"),
    (lambda: sl.allocation_explorer("live", laws=TWO_LAWS, minority_share=0.0), "minority_share"),
    (lambda: sl.allocation_explorer("live", laws=TWO_LAWS, budget=-5.0), "budget"),
])
def test_explorers_reject_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_allocation_explorer_marks_the_three_allocations():
    ex = sl.allocation_explorer("static", laws=TWO_LAWS, minority_share=0.2, budget=1000, **SMALL)
    assert len(ex.frames) == 19 and len(set(ex.frames)) == 19
    assert len(set(ex.axis_limits)) == 1
    worst = sl.allocate_worst_group(TWO_LAWS, 1000, population_shares=(0.8, 0.2))
    # The worst-group optimum of these laws gives the slower minority most of the data.
    assert worst.fractions[1] > 0.5
    assert "minority's share of the data = 0.5" in ex.alt_texts[ex.specs[0].start]


def test_mean_estimation_explorer_frames_follow_sigma():
    ex = sl.mean_estimation_explorer("static", sigmas=[1.0, 2.0], trials=[20], **SMALL)
    assert len(ex.frames) == 2 and len(set(ex.frames)) == 2 and len(set(ex.axis_limits)) == 1


@pytest.mark.parametrize("given", [[], "abc", [[1.0, 2.0]], 3.0])
def test_slider_values_reject_non_sequences(given):
    with pytest.raises(ValueError, match="things"):
        positive_values(given, "things")
    with pytest.raises(ValueError, match="things"):
        int_values(given, "things", 1)


def test_slider_values_convert_and_check():
    assert positive_values((1, 2.5), "x") == [1.0, 2.5]
    assert int_values([3, 4.0], "n", 2) == [3, 4]
    with pytest.raises(ValueError, match="n"):
        int_values([1], "n", 2)
    with pytest.raises(ValueError, match="x"):
        positive_values([1.0, -1.0], "x")
