"""Tests of scaling_lab.experiments.subgroups: per-group laws (Rolf et al. 2021) and the allocations of a data
budget among groups (worst group, average, proportional), against brute force.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lab.experiments.subgroups import (
    GroupAllocation, SubgroupLaw, allocate_average, allocate_worst_group, evaluate_allocation, group_errors,
    proportional_allocation,
)

LAWS = (SubgroupLaw(1.0, 0.5, floor=0.05, name="majority"),
        SubgroupLaw(3.0, 0.3, floor=0.02, shared_coefficient=1.0, shared_exponent=0.5, name="minority"))
SHARES = (0.9, 0.1)


def _brute_force(objective, budget=1e4):
    fractions = np.linspace(1e-4, 1 - 1e-4, 200001)
    e0 = LAWS[0].error(fractions * budget, budget)
    e1 = LAWS[1].error((1 - fractions) * budget, budget)
    values = objective(e0, e1)
    return fractions[values.argmin()], values.min()


def test_law_formula():
    # Rolf et al. 2021: delta + sigma^2 n_j^-p + tau^2 n^-q.
    assert LAWS[1].error(100, 400) == pytest.approx(0.02 + 3.0 * 100**-0.3 + 1.0 * 400**-0.5)
    assert LAWS[1].level(400) == pytest.approx(0.02 + 0.05)


def test_worst_group_allocation_equalises_and_matches_brute_force():
    alloc = allocate_worst_group(LAWS, 1e4, population_shares=SHARES)
    assert isinstance(alloc, GroupAllocation)
    assert alloc.counts.sum() == pytest.approx(1e4)
    assert alloc.errors[0] == pytest.approx(alloc.errors[1], rel=1e-10)
    fraction, best = _brute_force(np.maximum)
    assert alloc.fractions[0] == pytest.approx(fraction, abs=2e-5)
    assert alloc.worst_group_error == pytest.approx(best, rel=1e-6)


def test_average_allocation_matches_brute_force():
    alloc = allocate_average(LAWS, 1e4, population_shares=SHARES)
    fraction, best = _brute_force(lambda a, b: SHARES[0] * a + SHARES[1] * b)
    assert alloc.fractions[0] == pytest.approx(fraction, abs=2e-5)
    assert alloc.average_error == pytest.approx(best, rel=1e-6)


def test_proportional_sampling_is_worse_for_the_worst_group():
    prop = proportional_allocation(LAWS, 1e4, population_shares=SHARES)
    assert np.allclose(prop.counts, [9000, 1000])
    worst = allocate_worst_group(LAWS, 1e4, population_shares=SHARES)
    assert worst.worst_group_error < prop.worst_group_error
    assert allocate_average(LAWS, 1e4, population_shares=SHARES).average_error <= prop.average_error
    assert "worst group" in repr(worst) and "proportional" in repr(prop)


@settings(max_examples=30, deadline=None)
@given(coefficients=st.lists(st.floats(0.1, 5.0), min_size=3, max_size=3),
       exponents=st.lists(st.floats(0.1, 1.0), min_size=3, max_size=3),
       floors=st.lists(st.floats(0.0, 0.1), min_size=3, max_size=3),
       budget=st.floats(100.0, 1e6), other=st.lists(st.floats(0.01, 1.0), min_size=3, max_size=3))
def test_no_allocation_beats_the_worst_group_optimum(coefficients, exponents, floors, budget, other):
    laws = [SubgroupLaw(c, p, floor=f) for c, p, f in zip(coefficients, exponents, floors)]
    best = allocate_worst_group(laws, budget)
    assert best.counts.sum() == pytest.approx(budget)
    assert np.ptp(best.errors) < 1e-8 * best.worst_group_error + 1e-12
    rival = evaluate_allocation(laws, np.array(other) / sum(other) * budget)
    assert best.worst_group_error <= rival.worst_group_error * (1 + 1e-9)


@pytest.mark.parametrize("call,match", [
    (lambda: SubgroupLaw(-1.0, 0.5), "group_coefficient must be > 0"),
    (lambda: SubgroupLaw(1.0, 0.0), "group_exponent must be > 0"),
    (lambda: SubgroupLaw(1.0, 0.5, floor=np.nan), "floor must be finite"),
    (lambda: SubgroupLaw(1.0, 0.5, shared_coefficient=-1.0), "shared_coefficient must be >= 0"),
    (lambda: LAWS[0].error(0, 10), "n_group and n_total must be > 0"),
    (lambda: allocate_worst_group(LAWS[:1], 100), "at least 2 groups"),
    (lambda: allocate_worst_group([LAWS[0], "law"], 100), r"laws\[1\] must be a SubgroupLaw"),
    (lambda: allocate_worst_group(LAWS, 1.0), "budget must be >= 2"),
    (lambda: allocate_worst_group(LAWS, np.inf), "budget must be finite"),
    (lambda: allocate_average(LAWS, 100, population_shares=[0.5, 0.6]), "sum to 1"),
    (lambda: proportional_allocation(LAWS, 100, population_shares=[1.0]), "one value per group"),
    (lambda: group_errors(LAWS, [10, 0]), "counts must be > 0"),
    (lambda: group_errors(LAWS, [10, 20, 30]), "one value per group"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
