"""Real data for the course: English word frequencies.

The word frequencies come from the ``wordfreq`` package (Speer 2022).  The
10,000 most common English words of its "best" list, the data every chapter and
lab of the course uses, ship inside this package as a snapshot
(``scaling_lab/datasets/wordfreq_en_top10000.csv.gz``, CC BY-SA 4.0 like
wordfreq's data; its note beside it gives the sources and the licence), so the
labs run where wordfreq's 57 MB wheel is not installed, such as JupyterLite.

``wordfreq`` itself is an optional dependency (``pip install scaling_lab[data]``),
imported only when more words or another list are asked for.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import csv
import io

import numpy as np

from scaling_lab._validate import as_int, as_positive_array

__all__ = ["WordFrequencies", "WORDFREQ_SNAPSHOT_SIZE", "english_word_frequencies", "sample_corpus_counts"]

_WORDLISTS = ("best", "large", "small")
#: How many of the most common English words (wordfreq 3.1.1, "best" list) ship in the package.
WORDFREQ_SNAPSHOT_SIZE = 10_000
_SNAPSHOT = "wordfreq_en_top10000.csv.gz"


class WordFrequencies(NamedTuple):
    """English words in order of frequency, most common first.

    Attributes
    ----------
    words : tuple of str
        The words; ``words[0]`` is the most common ("the").
    frequencies : numpy.ndarray
        Share of all word tokens in wordfreq's corpus taken by each word
        (a proportion, not a count), non-increasing.
    ranks : numpy.ndarray
        Integer ranks ``1, 2, ..., n`` (rank 1 is the most common word).
    """

    words: tuple[str, ...]
    frequencies: np.ndarray
    ranks: np.ndarray

    def __repr__(self) -> str:
        n = len(self.words)
        head = ", ".join(f"{w!r}: {f:.4g}" for w, f in zip(self.words[:3], self.frequencies[:3]))
        return f"WordFrequencies(n_words={n}, top=[{head}, ...], total_share={self.frequencies.sum():.4f})"


@lru_cache(maxsize=1)
def _snapshot() -> tuple[tuple[str, ...], np.ndarray]:
    """Words and frequencies of the shipped snapshot, most common first."""
    raw = _dataset_files().joinpath(_SNAPSHOT).read_bytes()
    import gzip

    rows = list(csv.reader(io.StringIO(gzip.decompress(raw).decode("utf-8"))))
    if rows[0] != ["rank", "word", "frequency"] or len(rows) != WORDFREQ_SNAPSHOT_SIZE + 1:
        raise RuntimeError(f"{_SNAPSHOT} is damaged: unexpected header or length")
    words = tuple(row[1] for row in rows[1:])
    freqs = np.array([float(row[2]) for row in rows[1:]])
    return words, freqs


def _ranked(words, freqs) -> WordFrequencies:
    # wordfreq sorts by frequency; a stable sort guards the invariant.
    order = np.argsort(-freqs, kind="stable")
    words = tuple(words[i] for i in order)
    freqs = freqs[order]
    freqs.setflags(write=False)
    ranks = np.arange(1, len(words) + 1)
    ranks.setflags(write=False)
    return WordFrequencies(words, freqs, ranks)


@lru_cache(maxsize=8)
def _load(n_words: int, wordlist: str) -> WordFrequencies:
    if wordlist == "best" and n_words <= WORDFREQ_SNAPSHOT_SIZE:
        words, freqs = _snapshot()
        return _ranked(words[:n_words], freqs[:n_words].copy())
    return _from_wordfreq(n_words, wordlist)


def _from_wordfreq(n_words: int, wordlist: str) -> WordFrequencies:
    try:
        import wordfreq
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "english_word_frequencies needs the 'wordfreq' package: pip install wordfreq "
            "(or pip install scaling_lab[data])"
        ) from exc
    words = wordfreq.top_n_list("en", n_words, wordlist=wordlist)
    if len(words) < n_words:
        raise ValueError(
            f"n_words must be <= {len(words)} (the size of wordfreq's {wordlist!r} English list); got {n_words}"
        )
    freqs = np.array([wordfreq.word_frequency(w, "en", wordlist=wordlist) for w in words])
    return _ranked(words, freqs)


def english_word_frequencies(n_words: int = 10_000, *, wordlist: str = "best") -> WordFrequencies:
    r"""The ``n_words`` most common English words and their frequencies.

    Zipf's law says the frequency of the word of rank :math:`r` falls like a
    power of the rank,

    .. math:: f(r) \approx C \, r^{-s}, \qquad s \approx 1,

    (Zipf 1949; Piantadosi 2014). This loader gives real numbers to test it on.

    Parameters
    ----------
    n_words : int, default 10_000
        How many of the most common words to return, >= 1 and at most the
        size of the list (about 320,000 words for "best"/"large").
    wordlist : {"best", "large", "small"}, default "best"
        Which wordfreq list to read; "best" is the large list for English.

    Returns
    -------
    WordFrequencies
        ``(words, frequencies, ranks)``, most common first. The arrays are
        read-only because the result is cached.

    Notes
    -----
    The data come from wordfreq 3 (Speer 2022, Zenodo,
    doi:10.5281/zenodo.7199437), which pools Wikipedia, subtitles, news,
    books, web text, Twitter and Reddit.  Up to
    :data:`WORDFREQ_SNAPSHOT_SIZE` words of the "best" list are read from the
    snapshot shipped in the package (wordfreq 3.1.1, CC BY-SA 4.0), so the
    answer does not depend on the installed wordfreq and needs no wordfreq at
    all; more words, or another list, are read from wordfreq itself.  Two
    properties matter when fitting:

    * the frequencies are **proportions** of all tokens in a very large mixed
      corpus, not counts, so they carry no sample size; a likelihood-based
      confidence interval needs an assumed number of tokens (or a sample drawn
      with :func:`sample_corpus_counts`);
    * they are **binned** to about 1% resolution (centibels), so many words
      share exactly the same value: the top 10,000 words take only 287
      distinct values.

    The top 10 words are "the, to, and, of, a, in, i, is, for, that"; "the"
    has frequency 0.0537, and the top 10,000 words together cover about 89.6%
    of all tokens (measured with wordfreq 3.1.1).

    The first call takes a fraction of a second; results are cached.

    Examples
    --------
    >>> data = english_word_frequencies(1000)
    >>> data.words[:3]
    ('the', 'to', 'and')
    """
    n_words = as_int(n_words, "n_words", minimum=1)
    if not isinstance(wordlist, str) or wordlist not in _WORDLISTS:
        raise ValueError(f"wordlist must be one of {_WORDLISTS}; got {wordlist!r}")
    return _load(n_words, wordlist)


def sample_corpus_counts(frequencies, n_tokens: int, *, seed: int = 0) -> np.ndarray:
    r"""Word counts in a random corpus of ``n_tokens`` tokens.

    Each token is drawn independently from the distribution
    :math:`p_i = f_i / \sum_j f_j`, so the counts follow a multinomial
    distribution, :math:`(k_1, \dots, k_n) \sim \mathrm{Multinomial}(n_{\text{tokens}}, p)`.
    This turns wordfreq's proportions into honest counts with a known sample
    size, which is what a maximum-likelihood fit and its confidence interval
    assume.

    Parameters
    ----------
    frequencies : array_like
        Non-negative weights, one per word (need not sum to 1), at least one
        of them > 0.
    n_tokens : int
        Number of tokens in the sampled corpus, >= 1.
    seed : int, default 0
        Seed for :func:`numpy.random.default_rng`.

    Returns
    -------
    numpy.ndarray of int
        Counts in the same order as ``frequencies``; they sum to ``n_tokens``.
        Re-rank them by count (``np.sort(counts)[::-1]``) to get the
        rank-frequency list an observer of the sample would see.
    """
    weights = as_positive_array(frequencies, "frequencies", allow_zero=True)
    if weights.ndim != 1:
        raise ValueError(f"frequencies must be one-dimensional; got shape {weights.shape}")
    total = weights.sum()
    if total <= 0:
        raise ValueError("frequencies must contain at least one value > 0")
    n_tokens = as_int(n_tokens, "n_tokens", minimum=1)
    rng = np.random.default_rng(seed)
    return rng.multinomial(n_tokens, weights / total)


def _dataset_files():
    """The shipped data folder (importlib.resources, imported here: it is slow to import and rarely needed)."""
    from importlib import resources

    return resources.files("scaling_lab.datasets")
