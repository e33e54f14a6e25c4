"""Tests of scaling_lab.reference.benchmarks: the benchmarks of Pythia's evaluations, their guessing levels and
the human accuracies their authors published.

Guessing scores one over the number of answer options (0 for LAMBADA's open vocabulary); a published human
accuracy lies above it; the benchmarks are exactly the columns of the shipped Pythia data.
"""

import re

import pytest

from scaling_lab.data import load_pythia_evals
from scaling_lab.reference.benchmarks import (
    MMLU_CHANCE_ACCURACY, PYTHIA_BENCHMARKS, WINOGRANDE_CHANCE_ACCURACY, WINOGRANDE_HUMAN_ACCURACY, BenchmarkInfo,
)


def test_the_benchmarks_are_the_columns_of_the_shipped_data():
    assert set(PYTHIA_BENCHMARKS) == set(load_pythia_evals().benchmarks)
    assert all(isinstance(info, BenchmarkInfo) and info.key == key for key, info in PYTHIA_BENCHMARKS.items())


@pytest.mark.parametrize("key", sorted(PYTHIA_BENCHMARKS))
def test_guessing_scores_one_over_the_number_of_options(key):
    info = PYTHIA_BENCHMARKS[key]
    if info.n_options is None:
        assert info.chance_accuracy == 0.0  # open vocabulary
    else:
        assert info.chance_accuracy == pytest.approx(1 / info.n_options, rel=1e-12)
    if info.human_accuracy is not None:
        assert info.chance_accuracy < info.human_accuracy <= 1.0
    assert re.search(r"(19|20)\d\d", info.source), info.source


def test_published_levels():
    # Sakaguchi et al. 2020, abstract: "human performance of 94.0%", two options; Hendrycks et al. 2021: four
    # answer choices; Bisk et al. 2020, abstract: humans 95% on PIQA, two solutions.
    assert (WINOGRANDE_HUMAN_ACCURACY, WINOGRANDE_CHANCE_ACCURACY, MMLU_CHANCE_ACCURACY) == (0.940, 0.5, 0.25)
    assert PYTHIA_BENCHMARKS["winogrande"].human_accuracy == WINOGRANDE_HUMAN_ACCURACY
    assert PYTHIA_BENCHMARKS["mmlu"].chance_accuracy == MMLU_CHANCE_ACCURACY
    assert (PYTHIA_BENCHMARKS["piqa"].n_options, PYTHIA_BENCHMARKS["piqa"].human_accuracy) == (2, 0.95)


def test_the_table_cannot_be_changed():
    with pytest.raises(TypeError):
        PYTHIA_BENCHMARKS["mmlu"] = None
