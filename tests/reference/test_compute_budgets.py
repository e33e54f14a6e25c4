"""Tests of scaling_lab.reference.compute_budgets: the published numbers the chapters on compute recompute.

Brown et al. 2020 Table D.1 (3.64E+03 PF-days = 3.14E+23 FLOPs) and Table 2.1; Kaplan et al. 2020 App. B.4
(Figure 12), recomputed from eqs. B.16-B.17 of scaling_lab.laws.kaplan_training.
"""

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.laws import kaplan_size_penalty, training_flops
from scaling_lab.reference import (
    GPT3, GPT3_BATCH_TOKENS, GPT3_D_MODEL, GPT3_N_LAYERS, GPT3_TRAINING_COMPUTE_FLOPS,
    GPT3_TRAINING_COMPUTE_PF_DAYS, KAPLAN_2020_FIG12_EXTRA_COMPUTE, KAPLAN_2020_FIG12_FEWER_STEPS,
    KAPLAN_2020_FIG12_LARGE_SIZE, KAPLAN_2020_FIG12_SIZE_RANGE, KAPLAN_2020_STANDARD_BATCH_TOKENS, PF_DAY_FLOPS,
)


def test_gpt3_compute_in_flops_and_pf_days_agree_and_match_6nd():
    # Table D.1 prints both, rounded to 3 digits: 3.64e3 PF-days x 8.64e19 = 3.145e23 against 3.14e23.
    assert GPT3_TRAINING_COMPUTE_PF_DAYS * PF_DAY_FLOPS == pytest.approx(GPT3_TRAINING_COMPUTE_FLOPS, rel=2e-3)
    # 6 N D with N = 175B, D = 300B: 3.15e23 (Table D.1 uses N = 174,600M, hence 3.14e23).
    assert training_flops(GPT3.n_params, GPT3.n_tokens) == pytest.approx(GPT3_TRAINING_COMPUTE_FLOPS, rel=5e-3)
    # 12 n_layer d_model^2 (Kaplan eq. 2.1) for GPT-3's shape is 174B of its 175B parameters.
    assert 12 * GPT3_N_LAYERS * GPT3_D_MODEL**2 == pytest.approx(GPT3.n_params, rel=0.01)
    assert 1e6 < GPT3_BATCH_TOKENS < 1e7


def test_kaplan_figure_12_statements_follow_from_eqs_b16_b17():
    low, high = KAPLAN_2020_FIG12_SIZE_RANGE
    extra = kaplan_size_penalty([low, high]).compute_ratio - 1
    # "only a 20% increase": 16.5% and 20.4% with Table 3's exponents.
    assert np.all(np.abs(extra - KAPLAN_2020_FIG12_EXTRA_COMPUTE) < 0.04)
    fewer = 1 - kaplan_size_penalty(KAPLAN_2020_FIG12_LARGE_SIZE).steps_ratio
    assert fewer == pytest.approx(KAPLAN_2020_FIG12_FEWER_STEPS, abs=0.01)  # 45.3%
    assert KAPLAN_2020_STANDARD_BATCH_TOKENS == 512 * 1024


def test_reference_names_are_public():
    assert sl.GPT3_TRAINING_COMPUTE_FLOPS == GPT3_TRAINING_COMPUTE_FLOPS
    assert sl.BESIROGLU_2024_EXPERIMENTS_NEEDED > 1000 * sl.BESIROGLU_2024_EXPERIMENTS_RUN
