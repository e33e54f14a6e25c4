"""The shipped table of Ruan, Maddison and Hashimoto (2024): row counts and values against the source CSV."""

import numpy as np
import pytest

import scaling_lab as sl

# Rows of eval_results/base_llm_benchmark_eval.csv at ryoungj/ObsScaling commit 4d6e1e43 (148 models);
# 77 remain after their loader's filters (28 evaluated families, no pre-registered models).


def test_row_counts_match_the_source_and_their_loader():
    assert len(sl.load_observational_benchmarks(evaluated_families_only=False, include_preregistered=True)) == 148
    assert len(sl.load_observational_benchmarks()) == 77
    assert int(sl.load_observational_benchmarks(include_preregistered=True).preregistered.sum()) == 20


def test_values_against_the_source_csv():
    d = sl.load_observational_benchmarks()
    i = d.model.index("meta-llama/Llama-2-7b-hf")  # first data row of the source CSV
    assert d.family[i] == "Llama-2"
    assert d.n_params[i] == pytest.approx(7e9)
    assert d.n_tokens[i] == pytest.approx(2e12)
    assert d.compute_flops[i] == pytest.approx(84.0e21)
    assert d.score("MMLU")[i] == 0.4379609636092418
    assert d.score("HumanEval")[i] == 0.1280487804878048
    j = d.model.index("tiiuae/falcon-180B")
    assert d.compute_flops[j] == pytest.approx(3780.0e21)
    assert d.benchmarks == sl.OBSERVATIONAL_BENCHMARKS and d.scores.shape == (77, 8)


def test_compute_is_six_n_d_and_missing_values_are_nan():
    d = sl.load_observational_benchmarks()
    known = np.isfinite(d.compute_flops)
    np.testing.assert_allclose(d.compute_flops[known], 6 * d.n_params[known] * d.n_tokens[known], rtol=1e-9)
    assert int(np.isnan(d.scores).sum()) == 6  # missing scores among the 77 default rows (our count)
    assert not d.scores.flags.writeable


def test_bad_arguments():
    with pytest.raises(ValueError, match="evaluated_families_only"):
        sl.load_observational_benchmarks(evaluated_families_only="yes")
    with pytest.raises(ValueError, match="benchmark"):
        sl.load_observational_benchmarks().score("BBH")


# eval_results/base_llm_leaderboard_v2_eval.csv at the same commit: 72 models, all six v2 tasks filled.

def test_leaderboard_v2_rows_and_values_against_the_source():
    v = sl.load_leaderboard_v2()
    assert len(sl.load_leaderboard_v2(flops_families_only=False)) == 72
    assert len(v) == 47  # the notebook's fit set: families with public compute (our count)
    i = v.base.model.index("meta-llama/Llama-2-7b-hf")  # first data row of the source CSV
    assert v.target("BBH")[i] == 0.34750911300121506
    assert v.target("GPQA")[i] == 0.26677852348993286
    assert v.target("MATH Lvl 5")[i] == 0.012084592145015106
    assert v.base.compute_flops[i] == pytest.approx(84e21)
    assert v.tasks == ("BBH", "GPQA", "MATH Lvl 5") and v.targets.shape == (47, 3)
    assert "GSM8K" not in v.predictor_benchmarks and v.predictor_scores.shape == (47, 7)
    # two models of public-compute families have no compute in the table: forecast, never fitted
    assert sorted(m for m, c in zip(v.base.model, v.base.compute_flops) if np.isnan(c)) == [
        "Qwen/Qwen1.5-110B", "ai21labs/Jamba-v0.1"]


def test_leaderboard_v2_chance_levels_and_cutoffs():
    v = sl.load_leaderboard_v2()
    # BBH: mean over 27 subtasks of their BBH_SUBTASKS2RANDOM_VAL; GPQA four options; MATH free-form
    np.testing.assert_allclose(v.chance, [0.2624338624338624, 0.25, 0.0], rtol=1e-12)
    np.testing.assert_allclose(v.cutoff_flops, [84e21, 168e21, 252e21])
    with pytest.raises(ValueError, match="task"):
        v.target("MMLU")
    with pytest.raises(ValueError, match="flops_families_only"):
        sl.load_leaderboard_v2(flops_families_only=1)
