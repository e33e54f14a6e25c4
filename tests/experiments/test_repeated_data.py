"""Tests of scaling_lab.experiments.repeated_data: epochs against model size at a fixed budget."""

import numpy as np
import pytest

from scaling_lab.allocation import compute_optimal, isoflop_curve
from scaling_lab.experiments import RepeatedDataProfile, repeated_data_profile
from scaling_lab.laws import chinchilla_loss, data_constrained_loss, effective_data, effective_params
from scaling_lab.reference import MUENNIGHOFF_2023, MUENNIGHOFF_2023_TEST_VALUES


def test_the_budget_is_spent_exactly_and_the_losses_are_the_laws():
    profile = repeated_data_profile(1e22, 1e10, epochs=[1.0, 2.0, 4.0, 16.0])
    assert isinstance(profile, RepeatedDataProfile)
    np.testing.assert_allclose(6 * profile.n_params * profile.n_tokens, 1e22, rtol=1e-12)
    np.testing.assert_allclose(profile.n_tokens, [1e10, 2e10, 4e10, 16e10], rtol=1e-12)
    np.testing.assert_allclose(profile.loss, data_constrained_loss(profile.n_params, profile.n_tokens, 1e10),
                               rtol=1e-12)
    np.testing.assert_allclose(profile.loss_if_fresh,
                               chinchilla_loss(profile.n_params, profile.n_tokens, MUENNIGHOFF_2023), rtol=1e-12)
    np.testing.assert_allclose(profile.loss_if_fresh, isoflop_curve(profile.n_params, 1e22, MUENNIGHOFF_2023),
                               rtol=1e-12)
    assert profile.fresh_optimum == pytest.approx(tuple(compute_optimal(1e22, MUENNIGHOFF_2023)), rel=1e-12)


def test_repetition_never_helps_and_the_best_point_is_the_minimum():
    profile = repeated_data_profile(1e21, 1e9)
    # Effective data and parameters never exceed the real ones, so the constrained loss is never lower.
    assert np.all(profile.loss >= profile.loss_if_fresh - 1e-12)
    assert profile.best_loss == pytest.approx(profile.loss.min())
    assert profile.epochs[0] == 1.0 and profile.epochs[-1] == pytest.approx(100.0)
    i = profile.best
    assert profile.best_epochs == profile.epochs[i] and profile.best_n_params == profile.n_params[i]
    assert "best" in repr(profile)


def test_the_published_runs_sit_on_their_profile():
    # Muennighoff et al. 2023 (datablations README): two runs on 25B unique tokens; the profile at their
    # epochs and budget reproduces the printed losses (to 1e-9, as the law itself does).
    for row in MUENNIGHOFF_2023_TEST_VALUES:
        budget = 6 * row.n_params * row.n_tokens
        profile = repeated_data_profile(budget, row.unique_tokens, epochs=[row.n_tokens / row.unique_tokens])
        assert profile.n_params[0] == pytest.approx(row.n_params, rel=1e-12)
        assert profile.loss[0] == pytest.approx(row.loss, rel=1e-9)
        d_eff, n_eff = effective_data(row.n_tokens, row.unique_tokens), effective_params(row.n_params, row.unique_tokens)
        assert d_eff < row.n_tokens and n_eff <= row.n_params


@pytest.mark.parametrize("call, name", [
    (lambda: repeated_data_profile(-1e21, 1e9), "compute_flops"),
    (lambda: repeated_data_profile(np.nan, 1e9), "compute_flops"),
    (lambda: repeated_data_profile(1e21, 0.0), "unique_tokens"),
    (lambda: repeated_data_profile(1e21, np.inf), "unique_tokens"),
    (lambda: repeated_data_profile(1e21, 1e9, epochs=[0.5, 2.0]), "epochs"),
    (lambda: repeated_data_profile(1e21, 1e9, epochs=[np.nan]), "epochs"),
    (lambda: repeated_data_profile(1e21, 1e9, params=object()), "params"),
])
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
