"""PNG bytes without a round trip through an image library: size, text chunks, and the records of a figure.

:func:`~scaling_lab.plotting.legibility.legible_png` records in each PNG it draws the smallest text drawn and the
markers and line styles drawn (:func:`png_records` reads them back); it splices those text chunks into the PNG
matplotlib wrote (:func:`png_with_text`) rather than encoding the image again.  Public to the package and its
tests, not re-exported under ``sl.``.
"""

from __future__ import annotations

import io

from scaling_lab._lazy import lazy_module

_pil_image = lazy_module("PIL.Image")
_pil_png = lazy_module("PIL.PngImagePlugin")

__all__: list[str] = []  # used by the plotting helpers, the explorers and the tests; not part of sl.

#: Key of the PNG text chunk that records the smallest text drawn, in the PNG's own pixels.
TEXT_SIZE_KEY = "scaling_lab:smallest_text_px"

#: Key of the PNG text chunk that records the markers and line styles drawn
#: (:func:`~scaling_lab.plotting.legibility.drawn_styles`).
STYLES_KEY = "scaling_lab:styles"

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunks(png: bytes):
    # (type, start, end) of each chunk of a PNG, its length, type, data and CRC between start and end.
    if not isinstance(png, (bytes, bytearray)) or not png.startswith(_PNG_SIGNATURE):
        raise ValueError("png must be the bytes of a PNG")
    at = len(_PNG_SIGNATURE)
    while at + 8 <= len(png):
        length = int.from_bytes(png[at:at + 4], "big")
        kind = bytes(png[at + 4:at + 8])
        yield kind, at, at + 12 + length
        at += 12 + length


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG in pixels, read from its header (nothing is decoded)."""
    kind, start, _ = next(_png_chunks(png))
    if kind != b"IHDR":
        raise ValueError("png must be the bytes of a PNG")
    return int.from_bytes(png[start + 8:start + 12], "big"), int.from_bytes(png[start + 12:start + 16], "big")


def png_with_text(png: bytes, texts: dict) -> bytes:
    """``png`` with a text chunk (``tEXt``) for each key and value of ``texts``, before its image data.

    The image data are not decoded or encoded again: the chunks are spliced in.  Keys are 1-79 Latin-1
    characters; values Latin-1 text.
    """
    import zlib

    if not isinstance(texts, dict):
        raise ValueError(f"texts must be a dict of str to str; got {type(texts).__name__}")
    chunks = b""
    for key, value in texts.items():
        if not isinstance(key, str) or not isinstance(value, str) or not 1 <= len(key) <= 79 or "\0" in key:
            raise ValueError(f"texts must map keys of 1-79 characters to str values; got {key!r}: {value!r}")
        data = key.encode("latin-1") + b"\0" + value.encode("latin-1")
        chunks += len(data).to_bytes(4, "big") + b"tEXt" + data + zlib.crc32(b"tEXt" + data).to_bytes(4, "big")
    for kind, start, _ in _png_chunks(png):
        if kind == b"IDAT":
            return bytes(png[:start]) + chunks + bytes(png[start:])
    raise ValueError("png must be the bytes of a PNG (it has no image data)")


def png_records(png: bytes) -> dict:
    """What :func:`~scaling_lab.plotting.legibility.legible_png` recorded in a PNG: ``{"text_px": float or None, "styles": frozenset or None}``."""
    text = getattr(_pil_image.open(io.BytesIO(png)), "text", {})
    size, styles = text.get(TEXT_SIZE_KEY), text.get(STYLES_KEY)
    return {"text_px": None if size is None else float(size),
            "styles": None if styles is None else frozenset(filter(None, styles.split(",")))}


def png_with_records(image, png: bytes) -> bytes:
    """A PIL image (a palette-reduced frame, say) as an optimised PNG keeping the records of ``png``."""
    text = getattr(_pil_image.open(io.BytesIO(png)), "text", {})
    info = _pil_png.PngInfo()
    for key in (TEXT_SIZE_KEY, STYLES_KEY):
        if key in text:
            info.add_text(key, text[key])
    out = io.BytesIO()
    image.save(out, format="png", optimize=True, pnginfo=info)
    return out.getvalue()
