"""Tests of the book's own Sphinx extensions and tools that are not part of scaling_lab (loaded by path with
``tests/book_files.py``): ``book/_ext/offline_assets.py`` finds the vendored JavaScript, and
``book/_tools/draw_logo.py`` draws the logo and the favicon.

The logic of the other extensions lives in scaling_lab.authoring and is tested in tests/authoring; the built
site is checked in tests/site.
"""

from __future__ import annotations

from pathlib import Path

from tests.book_files import load_book_module

ROOT = Path(__file__).resolve().parents[2]


def test_vendored_asset_detection(tmp_path):
    vendored_assets_available = load_book_module("_ext/offline_assets.py").vendored_assets_available
    assert not vendored_assets_available(tmp_path)
    vendor = tmp_path / "_vendor"
    for name in (".complete", "mathjax/tex-mml-chtml.js", "require.min.js", "html-manager/embed-amd.js"):
        (vendor / name).parent.mkdir(parents=True, exist_ok=True)
        (vendor / name).write_text("x")
    assert vendored_assets_available(tmp_path)


def test_logo_script_draws_both_images(tmp_path):
    main = load_book_module("_tools/draw_logo.py").main

    assert main(["--out", str(tmp_path)]) == 0
    from PIL import Image

    for name, size in (("logo.png", (320, 200)), ("favicon.png", (64, 64))):
        drawn = Image.open(tmp_path / name)
        assert drawn.size == size and drawn.mode == "RGBA"
        assert (ROOT / "book" / "images" / name).is_file(), f"{name} must be committed"
        assert Image.open(ROOT / "book" / "images" / name).size == size
