"""Tests of scaling_lab.plotting.png: a PNG's size and text chunks read and written without decoding it."""

import io

import pytest
from PIL import Image

from scaling_lab.plotting import png


def _plain_png(size=(3, 2), colour=(10, 20, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, format="png")
    return buf.getvalue()


def test_png_records_are_none_for_a_plain_png():
    assert png.png_records(_plain_png()) == {"text_px": None, "styles": None}


def test_png_with_text_splices_text_chunks_before_the_image_data():
    marked = png.png_with_text(_plain_png(), {png.TEXT_SIZE_KEY: "21.50", png.STYLES_KEY: "a,b"})
    image = Image.open(io.BytesIO(marked))
    assert image.text == {png.TEXT_SIZE_KEY: "21.50", png.STYLES_KEY: "a,b"}
    assert image.size == (3, 2) and image.getpixel((2, 1)) == (10, 20, 30)  # CRCs right, pixels untouched
    assert png.png_records(marked) == {"text_px": 21.5, "styles": frozenset({"a", "b"})}
    with pytest.raises(ValueError, match="png"):
        png.png_with_text(b"not a png", {})
    with pytest.raises(ValueError, match="texts"):
        png.png_with_text(marked, {"": "empty key"})
    with pytest.raises(ValueError, match="texts"):
        png.png_with_text(marked, ["not", "a dict"])


def test_png_size_reads_the_header():
    assert png.png_size(_plain_png((7, 5))) == (7, 5)
    with pytest.raises(ValueError, match="png"):
        png.png_size(b"\x89PNG\r\n\x1a\n" + b"\0\0\0\0IEND\xaeB`\x82")
