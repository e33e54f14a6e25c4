"""Tests of scaling_lab.data.pythia: the shipped Pythia evaluations and their loader.

The reference numbers are read in EleutherAI/pythia @ a19eecb8 (evals/pythia-v1/*/zero-shot/*.json); the file
was checked value by value against those JSON files when it was added (see the note beside it).  Tolerances
are on the last printed digit only: the data are copied, not computed.
"""

import numpy as np
import pytest

from scaling_lab.data import PYTHIA_BATCH_TOKENS, PYTHIA_FINAL_STEP, BenchmarkScores, PythiaEvals, load_pythia_evals
from scaling_lab.reference import MMLU_CHANCE_ACCURACY, PYTHIA_BENCHMARKS, WINOGRANDE_CHANCE_ACCURACY


@pytest.fixture(scope="module")
def evals():
    return load_pythia_evals()


@pytest.fixture(scope="module")
def final(evals):
    return evals.final()


def test_suite_shape(evals):
    assert isinstance(evals, PythiaEvals) and not evals.deduplicated
    assert len(evals) == 7 * 27
    assert evals.steps.size == 27 and evals.steps[0] == 0 and evals.steps[-1] == PYTHIA_FINAL_STEP
    np.testing.assert_allclose(evals.sizes, [70_426_624, 162_322_944, 405_334_016, 1_414_647_808,
                                             2_775_208_960, 6_857_302_016, 11_846_072_320])


def test_deduplicated_suite_has_the_1b_model():
    dedup = load_pythia_evals(deduplicated=True)
    assert dedup.deduplicated and len(dedup) == 8 * 27
    assert 1_011_781_632 in dedup.sizes
    assert all(name.endswith("-deduped") for name in dedup.model)


def test_headline_lambada_perplexity(final):
    # 70M: 142.43, 12B: 3.92 at step 143,000 (70m_step143000.json, 12b_step143000.json).
    assert final.lambada_perplexity[0] == pytest.approx(142.43, abs=0.01)
    assert final.lambada_perplexity[-1] == pytest.approx(3.924, abs=0.001)
    assert np.all(np.diff(final.lambada_perplexity) < 0)  # every bigger model is better


def test_headline_winogrande_and_mmlu(final):
    wino = final.accuracy["winogrande"]
    assert wino[0] == pytest.approx(0.528, abs=0.001) and wino[-1] == pytest.approx(0.639, abs=0.001)
    assert np.all(final.mmlu_accuracy >= 0.243) and np.all(final.mmlu_accuracy <= 0.283)
    assert final.mmlu_accuracy.max() == pytest.approx(0.2825, abs=1e-4)  # 6.9B


def test_tokens_and_parameter_counts(evals):
    np.testing.assert_array_equal(evals.n_tokens, evals.step * PYTHIA_BATCH_TOKENS)
    assert evals.final().n_tokens[0] == 299_892_736_000  # "299,892,736,000 ~= 300B tokens" (README)
    d, layers = evals.d_model, evals.n_layers
    np.testing.assert_array_equal(evals.n_params_nonembedding, layers * (12 * d**2 + 13 * d) + 2 * d)
    vocab = (evals.n_params - evals.n_params_nonembedding) / (2 * d)
    assert set(vocab.tolist()) == {50304.0, 50432.0, 50688.0}  # 6.9B and 12B pad differently


def test_stderr_is_binomial(final):
    # The harness's standard error is sqrt(a(1 - a)/(n - 1)); WinoGrande's validation set has 1,267 problems.
    acc, se = final.accuracy["winogrande"], final.accuracy_stderr["winogrande"]
    np.testing.assert_allclose(se, np.sqrt(acc * (1 - acc) / (1267 - 1)), rtol=1e-6)
    assert "mmlu" not in final.accuracy_stderr


def test_selectors(evals):
    one = evals.for_model("1.4b")
    assert len(one) == 27 and set(one.model) == {"pythia-1.4b"}
    assert evals.for_model("pythia-1.4b").step.tolist() == one.step.tolist()
    early = evals.at_step(1000)
    assert len(early) == 7 and set(early.step.tolist()) == {1000}
    scores = evals.final().benchmark("winogrande")
    assert isinstance(scores, BenchmarkScores) and len(scores) == 7
    assert scores.chance_accuracy == WINOGRANDE_CHANCE_ACCURACY
    assert evals.benchmark("mmlu").accuracy_stderr is None
    assert evals.benchmark("mmlu").chance_accuracy == MMLU_CHANCE_ACCURACY
    assert set(evals.benchmarks) == set(PYTHIA_BENCHMARKS)


def test_grid_is_size_by_step(evals):
    sizes, steps, table = evals.benchmark("lambada_openai").grid()
    assert table.shape == (7, 27) and not np.isnan(table).any()
    np.testing.assert_array_equal(sizes, evals.sizes)
    assert table[-1, -1] == pytest.approx(evals.final().accuracy["lambada_openai"][-1])
    assert np.all(table[:, 0] == 0.0)  # an untrained model never gets LAMBADA's last word right
    _, _, ppl = evals.grid(evals.lambada_perplexity)
    assert ppl[0, -1] == pytest.approx(142.43, abs=0.01) and ppl.shape == (7, 27)
    with pytest.raises(ValueError, match="values"):
        evals.grid(evals.lambada_perplexity[:5])


def test_cached_and_read_only(evals):
    assert load_pythia_evals() is evals
    with pytest.raises(ValueError):
        evals.n_params[0] = 1.0
    with pytest.raises(ValueError):
        evals.final().accuracy["winogrande"][0] = 1.0
    with pytest.raises(TypeError):
        evals.accuracy["winogrande"] = None


def test_reprs_are_readable(evals, final):
    assert "70.4M" in repr(evals) and "11.8B" in repr(evals) and "27 checkpoint" in repr(evals)
    assert "winogrande" in repr(final.benchmark("winogrande"))


@pytest.mark.parametrize("bad", [1, "yes", None])
def test_bad_deduplicated(bad):
    with pytest.raises(ValueError, match="deduplicated"):
        load_pythia_evals(deduplicated=bad)


@pytest.mark.parametrize("bad", [-1, 999, 2.5, "final", None])
def test_bad_step(evals, bad):
    with pytest.raises(ValueError, match="step"):
        evals.at_step(bad)


@pytest.mark.parametrize("bad", ["1b", "pythia-13b", 1.4, None])
def test_bad_model(evals, bad):
    # The standard suite has no 1B zero-shot results.
    with pytest.raises(ValueError, match="model"):
        evals.for_model(bad)


@pytest.mark.parametrize("bad", ["hellaswag", "", None, 3])
def test_bad_benchmark(evals, bad):
    with pytest.raises(ValueError, match="name"):
        evals.benchmark(bad)
