"""Tests of scaling_lab.data.overtraining: the shipped runs of Gadre et al. (2024) and their loader.

Reference values are read in mlfoundations/scaling @ a003c4913793ac2ae7ef87b28ecb562955d026d5: ``params`` and
``tokens`` in ``exp_data/models/<name>.json`` (``hyperparameters``), the C4 eval loss in its ``results``
(the entry whose ``val_data`` is ``c4_val``), and the errors as the mean of ``1 - accuracy`` over the tasks
of their ``scaling/constants.py`` in ``exp_data/evals/evaluation_<name>_heavy.json``.  The values are
copied, so the tolerances are on the last digit printed here.
"""

import numpy as np
import pytest

from scaling_lab import OVERTRAINING_TRAINING_SETS, OVERTRAINING_VALIDATION_SETS, load_overtraining_runs


@pytest.fixture(scope="module")
def runs():
    return load_overtraining_runs()


def test_row_counts_per_training_set(runs):
    # README: 104 models; paper §3.2: C4 lacks the 0.411B, M = 640 run.
    assert len(runs) == 104
    counts = {ts: len(load_overtraining_runs(ts)) for ts in OVERTRAINING_TRAINING_SETS}
    assert counts == {"c4_original": 34, "rpj": 35, "rw_original": 35}
    assert set(np.unique(runs.model)) == {"d=96_l=8_h=4", "d=512_l=8_h=4", "d=576_l=24_h=8", "d=1024_l=24_h=8",
                                          "open_lm_1b", "open_lm_7b"}
    assert np.sum(runs.model == "open_lm_7b") == 3 and np.all(runs.tokens_per_param[runs.model == "open_lm_7b"] == 20)


def test_values_against_the_source_json(runs):
    i = list(runs.name).index("rpj-open_lm_1b-32.0")
    assert runs.n_params[i] == 1_439_795_200 and runs.n_tokens[i] == 921_468_928_000
    assert runs.tokens_per_param[i] == 640 and runs.chinchilla_multiplier[i] == 32
    assert runs.loss[i] == pytest.approx(2.502053562117363, abs=1e-12)
    assert runs.losses["openlm"][i] == pytest.approx(1.964944910009702, abs=1e-12)
    assert runs.error_17_tasks[i] == pytest.approx(0.47521523, abs=1e-8)
    assert runs.error_46_tasks[i] == pytest.approx(0.60002041, abs=1e-8)
    j = list(runs.name).index("c4_original-d=96_l=8_h=4-0.25")
    assert runs.n_params[j] == 10_569_312 and runs.n_tokens[j] == 52_846_560
    assert runs.loss[j] == pytest.approx(5.974923739894816, abs=1e-12)
    k = list(runs.name).index("rw_original-open_lm_7b-1.0")
    assert runs.n_params[k] == 6_889_410_560 and runs.n_tokens[k] == 137_788_211_200


def test_derived_columns(runs):
    np.testing.assert_allclose(runs.tokens_per_param, 20 * runs.chinchilla_multiplier, rtol=1e-9)
    np.testing.assert_allclose(runs.compute_flops, 6 * runs.n_params * runs.n_tokens)
    assert set(runs.losses) == set(OVERTRAINING_VALIDATION_SETS)
    np.testing.assert_array_equal(runs.loss, runs.losses["c4_val"])
    assert np.all((runs.error_17_tasks > 0.4) & (runs.error_17_tasks < 0.85))
    assert np.all(runs.error_46_tasks > runs.error_17_tasks - 0.1)


def test_filter_and_select(runs):
    rpj = load_overtraining_runs("rpj")
    assert set(rpj.training_set) == {"rpj"}
    assert rpj.tokens_per_param.max() == 640
    small = rpj.select(rpj.n_params < 5e8)
    assert len(small) == 32 and small.losses["c4_val"].shape == (32,)
    with pytest.raises(ValueError, match="mask"):
        rpj.select(np.ones(3, dtype=bool))


def test_the_papers_fit_set(runs):
    # Gadre et al. (2024) Table 1: four small models at M = 20 and the 0.011B model at M = 320, per training set;
    # the loss-to-error fit adds the 1.4B model at M = 20.
    for training_set in ("c4_original", "rpj", "rw_original"):
        one = runs.select(runs.training_set == training_set)
        keep = one.paper_fit_set()
        assert keep.sum() == 5
        assert sorted(zip(one.tokens_per_param[keep].tolist(), np.round(one.n_params[keep] / 1e6).tolist())) == \
            [(20.0, 11.0), (20.0, 79.0), (20.0, 154.0), (20.0, 412.0), (320.0, 11.0)]
        with_1b = one.paper_fit_set(with_1b=True)
        assert with_1b.sum() == 6 and set(one.model[with_1b & ~keep]) == {"open_lm_1b"}


def test_arrays_are_read_only(runs):
    with pytest.raises(ValueError):
        runs.loss[0] = 1.0
    with pytest.raises(ValueError):
        runs.losses["openlm"][0] = 1.0


@pytest.mark.parametrize("bad", ["pile", "RPJ", 3])
def test_unknown_training_set_is_named(bad):
    with pytest.raises(ValueError, match="training_set"):
        load_overtraining_runs(bad)
