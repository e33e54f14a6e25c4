"""Tests of scaling_lab.widgets.data_composition: the mixture and allocation explorers of
``book/data_composition.md`` (bad input, and the frames of the allocation explorer).
"""

import matplotlib

matplotlib.use("Agg")

import pytest

import scaling_lab as sl

SMALL = dict(width=120, height=80, dpi=30)
TWO_LAWS = (sl.SubgroupLaw(3.0, 0.6), sl.SubgroupLaw(5.0, 0.4))


@pytest.mark.parametrize("call, name", [
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
