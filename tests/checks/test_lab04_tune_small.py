"""Tests of scaling_lab.checks.lab04_tune_small, the checkers of ``labs/lab04_tune_small.md``: predict, then
reveal; tune small, then transfer.

Each expected answer is checked against a computation written here independently of the checker (a closed
form, a planted law, a fit written out with SciPy, the package's fits called directly); the contract every
lab's checkers keep (placeholders, junk, mistakes, hints) is proven by tests/checks/test_registry.py.
"""

import itertools

import numpy as np
import pytest
from scipy.optimize import least_squares

import scaling_lab as sl
from scaling_lab.checks import lab04_tune_small as lab
from scaling_lab.checks.lab04_tune_small import EXERCISES, LAWS, SEED, TRUST_MARGIN


def _kaplan_by_hand(n, d, loss, new_n, new_d):
    """Eq. 1.5 fitted by least squares on log L from 16 starts, written out independently of the package."""
    ln, ld, ly = np.log(n), np.log(d), np.log(loss)

    def log_law(theta, ln, ld):
        lnc, ldc, an, ad = theta
        return ad * np.log(np.exp((an / ad) * (lnc - ln)) + np.exp(ldc - ld))

    best = None
    for sn, sd, an, ad in itertools.product((5.0, 15.0), (5.0, 15.0), (0.1, 0.5), (0.1, 0.5)):
        with np.errstate(all="ignore"):
            fit = least_squares(lambda t: log_law(t, ln, ld) - ly, [np.median(ln) + sn, np.median(ld) + sd, an, ad],
                                bounds=([-np.inf, -np.inf, 1e-4, 1e-4], np.inf), x_scale="jac", xtol=1e-12,
                                ftol=1e-12, gtol=1e-12)
        if np.isfinite(fit.cost) and (best is None or fit.cost < best.cost):
            best = fit
    return np.exp(log_law(best.x, np.log(new_n), np.log(new_d)))


def test_the_law_is_eq_1_5():
    law = EXERCISES["lab4-law"].reference
    # At N = N_c and D = D_c the bracket is 1 + 1, so L = 2^alpha_D (Kaplan et al. 2020, Table 2 constants).
    assert law(6.4e13, 1.8e13, 6.4e13, 1.8e13, 0.076, 0.103) == pytest.approx(2**0.103, rel=1e-12)
    # With unlimited data the law is (N_c/N)^alpha_N, eq. 1.1's form.
    assert law(1e9, 1e300, 6.4e13, 1.8e13, 0.076, 0.103) == pytest.approx((6.4e13 / 1e9) ** 0.076, rel=1e-12)


def test_the_reference_fit_recovers_a_planted_law_and_agrees_with_a_fit_by_hand():
    n, d, loss = lab._planted_runs()  # Table 2's law with 0.5% noise
    fit = sl.fit_kaplan_joint(n, d, loss)
    assert fit.alpha_n == pytest.approx(0.076, abs=0.01) and fit.alpha_d == pytest.approx(0.103, abs=0.01)
    truth = EXERCISES["lab4-law"].reference(1e10, 1e11, 6.4e13, 1.8e13, 0.076, 0.103)
    assert fit.predict(1e10, 1e11) == pytest.approx(truth, rel=0.01)  # 0.5% noise on 20 runs
    for args in EXERCISES["lab4-fit"].test_inputs:
        assert _kaplan_by_hand(*args) == pytest.approx(EXERCISES["lab4-fit"].reference(*args), rel=2e-3)


def test_the_commitment_is_each_law_fitted_to_the_grid():
    grid, big = sl.lm_grid_sweep(seed=SEED), sl.lm_extrapolation_run(seed=SEED)
    assert big.n_params[0] == sl.CharMLP(362).n_params == 192_261 and big.n_tokens[0] == 250_000
    committed = dict(zip(LAWS, EXERCISES["lab4-commit"].answer()))
    assert committed["kaplan"] == pytest.approx(
        float(_kaplan_by_hand(grid.n_params, grid.n_tokens, grid.loss, big.n_params, big.n_tokens)[0]), rel=1e-3)
    assert committed["chinchilla"] == pytest.approx(
        float(sl.fit_chinchilla(grid.n_params, grid.n_tokens, grid.loss).predict(big.n_params[0], 250_000)),
        rel=1e-9)
    rosenfeld = sl.fit_rosenfeld(grid.n_params, grid.n_tokens, grid.loss, random_guess_loss=np.log2(39))
    assert committed["rosenfeld"] == pytest.approx(float(rosenfeld.predict(big.n_params[0], 250_000)), rel=1e-9)
    # The errors are the relative misses of the commitment; all three laws forecast within 2% (seed 7).
    errors = np.array([(committed[law] - big.loss[0]) / big.loss[0] for law in LAWS])
    assert EXERCISES["lab4-errors"].answer() == pytest.approx(errors, rel=1e-12)
    assert np.all(np.abs(errors) < 0.02)


def test_the_trusted_law_is_the_best_on_the_next_run_by_a_clear_margin():
    grid, big = sl.lm_grid_sweep(seed=SEED), sl.lm_extrapolation_run(seed=SEED)
    following = sl.lm_extrapolation_run(seed=SEED, full=True)
    assert following.n_params[0] == big.n_params[0] and following.n_tokens[0] == 2 * big.n_tokens[0]
    n, d, loss = (np.append(getattr(grid, k), getattr(big, k)) for k in ("n_params", "n_tokens", "loss"))
    fits = {"kaplan": sl.fit_kaplan_joint(n, d, loss), "chinchilla": sl.fit_chinchilla(n, d, loss),
            "rosenfeld": sl.fit_rosenfeld(n, d, loss, random_guess_loss=np.log2(39))}
    measured = following.loss[0]
    errors = {law: abs(float(f.predict(following.n_params[0], following.n_tokens[0])) - measured) / measured
              for law, f in fits.items()}
    best = min(errors, key=errors.get)
    assert EXERCISES["lab4-trust"].answer() == best == "kaplan"
    # Every other law is worse by more than the margin, so each is a listed mistake (seed 7: 0.85%, 1.8%, 1.9%).
    assert all(errors[law] > errors[best] + TRUST_MARGIN for law in LAWS if law != best)
    assert len(EXERCISES["lab4-trust"].mistake_list()) == 2


def test_the_scan_reference_and_the_transfer():
    rates = 2.0 ** np.arange(-10.0, -0.9, 0.5)
    sweep = sl.learning_rate_sweep([32], rates, seeds=(SEED,))
    best = [float(rates[np.argmin(sweep.loss[sweep.parametrizations.index(p), 0])]) for p in ("standard", "mup")]
    assert EXERCISES["lab4-scan"].answer() == pytest.approx(best, rel=1e-12)
    # A coarse scan in whole octaves lands within the 10% of the check (the lab's solution design).
    assert EXERCISES["lab4-scan"].check([2.0**-4, 2.0**-4]).correct
    assert not EXERCISES["lab4-scan"].check([2.0**-1, 2.0**-1]).correct
    # At width 256 the standard parametrisation's tuned rate costs more than twice muP's loss.
    wide = sl.learning_rate_sweep([256], [best[0]], parametrizations=("standard",), seeds=(SEED,), n_jobs=1)
    wide_mup = sl.learning_rate_sweep([256], [best[1]], parametrizations=("mup",), seeds=(SEED,), n_jobs=1)
    assert wide.loss[0, 0, 0] > 2 * wide_mup.loss[0, 0, 0]
    assert EXERCISES["lab4-wide"].answer() == "mup"
