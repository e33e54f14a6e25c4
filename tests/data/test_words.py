"""Tests of scaling_lab.data.words: wordfreq English word frequencies and corpus sampling.

The reference numbers were measured offline with wordfreq 3.1.1 (the version pinned for the course); the
tolerances allow for a later wordfreq release that re-bins the data slightly, not for a different corpus.
"""

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scaling_lab.checks
from scaling_lab.data import WordFrequencies, english_word_frequencies, sample_corpus_counts
from scaling_lab.fitting import fit_power_law, fit_zipf_mle


@pytest.fixture(scope="module")
def words10k():
    return english_word_frequencies(10_000)


def test_top_ten_words(words10k):
    assert words10k.words[:10] == ("the", "to", "and", "of", "a", "in", "i", "is", "for", "that")


def test_frequency_of_the(words10k):
    # wordfreq bins frequencies to about 1% (centibels); 0.0537 is the binned value.
    assert words10k.frequencies[0] == pytest.approx(0.0537, rel=0.01)


def test_top_10000_cover_about_90_percent(words10k):
    assert words10k.frequencies.sum() == pytest.approx(0.8962, abs=0.002)


def test_shapes_ranks_and_order(words10k):
    assert isinstance(words10k, WordFrequencies)
    assert len(words10k.words) == words10k.frequencies.size == words10k.ranks.size == 10_000
    np.testing.assert_array_equal(words10k.ranks, np.arange(1, 10_001))
    assert np.all(np.diff(words10k.frequencies) <= 0)
    assert np.all(words10k.frequencies > 0)
    assert len(set(words10k.words)) == 10_000


def test_frequencies_are_binned(words10k):
    # Many ties: 287 distinct values among 10,000 words (measured); the docstring warns about this.
    assert np.unique(words10k.frequencies).size < 500


def test_ols_slopes(words10k):
    # Measured OLS slopes of log f on log r; 0.002 covers re-binning, the fit itself is exact.
    full = fit_power_law(words10k.ranks, words10k.frequencies)
    head = fit_power_law(words10k.ranks[:1000], words10k.frequencies[:1000])
    assert full.exponent == pytest.approx(-1.1442, abs=0.002)
    assert head.exponent == pytest.approx(-0.9889, abs=0.002)


def test_truncated_zipf_mle(words10k):
    # Frequency-weighted truncated Zipf MLE over ranks 1..10000, measured 0.9734.
    assert fit_zipf_mle(words10k.frequencies).decay_exponent == pytest.approx(0.9734, abs=0.002)


def test_smaller_request_is_a_prefix(words10k):
    small = english_word_frequencies(100)
    assert small.words == words10k.words[:100]
    np.testing.assert_array_equal(small.frequencies, words10k.frequencies[:100])


def test_cached_and_read_only(words10k):
    assert english_word_frequencies(10_000) is words10k
    with pytest.raises(ValueError):
        words10k.frequencies[0] = 1.0


def test_repr_is_readable(words10k):
    text = repr(words10k)
    assert "n_words=10000" in text and "'the'" in text


@pytest.mark.parametrize("bad", [0, -5, 2.5, "ten", None, True, float("nan")])
def test_bad_n_words(bad):
    with pytest.raises(ValueError, match="n_words"):
        english_word_frequencies(bad)


def test_too_many_words():
    with pytest.raises(ValueError, match="n_words must be <="):
        english_word_frequencies(10_000_000)


@pytest.mark.parametrize("bad", ["huge", "", None, 3])
def test_bad_wordlist(bad):
    with pytest.raises(ValueError, match="wordlist"):
        english_word_frequencies(10, wordlist=bad)


def test_small_wordlist_agrees_on_the_top():
    small = english_word_frequencies(5, wordlist="small")
    assert small.words[0] == "the"


# --------------------------------------------------------------------------- sample_corpus_counts
def test_sample_sums_and_is_seeded():
    weights = np.array([0.5, 0.3, 0.2, 0.0])
    a = sample_corpus_counts(weights, 1000, seed=3)
    b = sample_corpus_counts(weights, 1000, seed=3)
    c = sample_corpus_counts(weights, 1000, seed=4)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert a.sum() == 1000 and a[3] == 0 and a.dtype.kind == "i"


def test_sample_matches_the_distribution(words10k):
    # Multinomial: the share of 'the' in 10^6 tokens has sd sqrt(p(1-p)/n) ~ 2.4e-4; allow 5 sd.
    counts = sample_corpus_counts(words10k.frequencies, 1_000_000, seed=0)
    p_the = words10k.frequencies[0] / words10k.frequencies.sum()
    assert counts[0] / 1e6 == pytest.approx(p_the, abs=5 * np.sqrt(p_the * (1 - p_the) / 1e6))


def test_sample_gives_honest_mle(words10k):
    # With 10^5 tokens the MLE se is ~0.001, so the sample's estimate lies within 0.005 of the population's.
    counts = sample_corpus_counts(words10k.frequencies, 100_000, seed=0)
    assert fit_zipf_mle(counts).decay_exponent == pytest.approx(0.9734, abs=0.005)


@pytest.mark.parametrize(
    "frequencies, match",
    [
        ([0.5, float("nan")], "frequencies"),
        ([0.5, float("inf")], "frequencies"),
        ([0.5, -0.1], "frequencies"),
        ([0.0, 0.0], "frequencies"),
        ([[0.5, 0.5]], "frequencies"),
        ([], "frequencies"),
    ],
)
def test_sample_bad_frequencies(frequencies, match):
    with pytest.raises(ValueError, match=match):
        sample_corpus_counts(frequencies, 10)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "x"])
def test_sample_bad_n_tokens(bad):
    with pytest.raises(ValueError, match="n_tokens"):
        sample_corpus_counts([0.5, 0.5], bad)


@settings(max_examples=30, deadline=None)
@given(
    weights=st.lists(st.floats(0.0, 10.0, allow_nan=False), min_size=1, max_size=20).filter(lambda w: sum(w) > 0),
    n_tokens=st.integers(1, 5000),
    seed=st.integers(0, 2**32 - 1),
)
def test_sample_invariants(weights, n_tokens, seed):
    # Any weights: counts sum to n_tokens, are >= 0, and a word of weight 0 is never drawn.
    counts = sample_corpus_counts(weights, n_tokens, seed=seed)
    assert counts.sum() == n_tokens and counts.min() >= 0
    assert np.all(counts[np.asarray(weights) == 0] == 0)


# --------------------------------------------------------------------------- the shipped snapshot
def test_snapshot_matches_wordfreq():
    """The shipped snapshot is exactly what wordfreq 3.1.1 returns for the "best" English list."""
    wordfreq = pytest.importorskip("wordfreq")
    import scaling_lab.data.words as words_module

    snap_words, snap_freqs = words_module._snapshot()
    assert len(snap_words) == words_module.WORDFREQ_SNAPSHOT_SIZE
    assert list(snap_words) == wordfreq.top_n_list("en", len(snap_words), wordlist="best")
    expected = [wordfreq.word_frequency(w, "en", wordlist="best") for w in snap_words]
    np.testing.assert_array_equal(snap_freqs, expected)  # written with repr: read back exactly


def test_snapshot_note_gives_source_citation_and_licence():
    from importlib import resources

    note = resources.files("scaling_lab.datasets").joinpath("wordfreq_en_top10000.md").read_text()
    for needed in ("CC BY-SA 4.0", "10.5281/zenodo.7199437", "SUBTLEX", "wordfreq 3.1.1"):
        assert needed in note


def test_only_lab_one_reads_word_frequencies():
    """Why the test below checks Lab 1's exercises only: no other checker module reads the words."""
    checks = Path(scaling_lab.checks.__file__).parent
    reads_words = re.compile(r"english_word|wordfreq|sample_corpus_counts|data\.words")
    readers = sorted(p.stem for p in checks.glob("*.py") if reads_words.search(p.read_text()))
    assert readers == ["lab01_zipf"]


def test_loader_works_without_wordfreq():
    """The labs run where wordfreq is not installed (JupyterLite): the snapshot is enough."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['wordfreq'] = None\n"  # 'import wordfreq' now raises ImportError
        "import scaling_lab as sl\n"
        "d = sl.english_word_frequencies(10_000)\n"
        "assert d.words[:3] == ('the', 'to', 'and') and abs(d.frequencies.sum() - 0.89619) < 1e-4\n"
        "from scaling_lab.checks import lab01_zipf\n"
        "for exercise in lab01_zipf.EXERCISES.values():\n"
        "    assert exercise.check(exercise.answer()).correct\n"
        "try:\n"
        "    sl.english_word_frequencies(20_000)\n"
        "except ImportError as exc:\n"
        "    assert 'wordfreq' in str(exc)\n"
        "else:\n"
        "    raise AssertionError('more words than the snapshot need wordfreq')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**__import__("os").environ, "MPLBACKEND": "Agg"})
    assert result.returncode == 0, result.stderr[-2000:]
