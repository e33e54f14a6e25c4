"""Tests of scaling_lab.experiments.subgroup_lab: simulated groups that follow their own laws, and the hidden
truth of ``labs/lab03_data_budget.md`` with its scoring of a student's allocation.
"""

import numpy as np
import pytest

from scaling_lab.experiments.manifold_data import ManifoldData
from scaling_lab.experiments.subgroup_lab import (
    LAB3_PILOT_SIZES, SubgroupTruth, hidden_subgroup_truth, pilot_group_errors, score_against_truth,
    subgroup_learning_curves,
)
from scaling_lab.experiments.subgroups import SubgroupLaw, allocate_worst_group
from scaling_lab.fitting import fit_saturating_power_law


def test_simulated_groups_follow_their_own_laws():
    result = subgroup_learning_curves([ManifoldData(1), ManifoldData(3)], seed=0)
    # Exponents 2/(k+2): 2/3 and 2/5, up to the pre-asymptotic bend at these sizes (< 0.05).
    assert result.laws[0].group_exponent == pytest.approx(2 / 3, abs=0.05)
    assert result.laws[1].group_exponent == pytest.approx(2 / 5, abs=0.05)
    assert result.laws[0].group_exponent > result.laws[1].group_exponent + 0.15


def test_hidden_truth_and_the_lab_solution():
    truth = hidden_subgroup_truth(3)
    assert isinstance(truth, SubgroupTruth) and "laws hidden" in repr(truth)
    assert truth == hidden_subgroup_truth(3) and sum(truth.population_shares) == pytest.approx(1.0)
    pilot = pilot_group_errors(truth, seed=3)
    assert pilot.shape == (3, len(LAB3_PILOT_SIZES))
    assert np.array_equal(pilot, pilot_group_errors(truth, seed=3))
    # The intended solution: a saturating law per group, then the worst-group allocation.
    fits = [fit_saturating_power_law(LAB3_PILOT_SIZES, row) for row in pilot]
    laws = [SubgroupLaw(f.coefficient, f.decay_exponent, floor=f.irreducible_loss) for f in fits]
    score = score_against_truth(truth, allocate_worst_group(laws, truth.budget).counts)
    assert score.regret < 0.05                                  # measured 2.8% for this seed
    assert score_against_truth(truth, truth.population_shares).regret > 0.5   # proportional: 88%
    assert score_against_truth(truth, score.optimum.counts).regret == pytest.approx(0.0, abs=1e-9)
    assert "regret" in repr(score)


@pytest.mark.parametrize("call,match", [
    (lambda: subgroup_learning_curves([ManifoldData(1)]), "at least 2 ManifoldData"),
    (lambda: pilot_group_errors("truth"), "truth must be a SubgroupTruth"),
    (lambda: pilot_group_errors(hidden_subgroup_truth(0), measurement_noise=-0.1), "measurement_noise must be >= 0"),
    (lambda: score_against_truth(hidden_subgroup_truth(0), [1, 2]), "one value per group"),
    (lambda: hidden_subgroup_truth(-2), "seed must be >= 0"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
