"""Draw the site's logo and favicon with matplotlib: `python book/_tools/draw_logo.py`.

The picture is the course in one glance: measured points falling on a straight line on log-log axes, a
power law, with the fitted line carried past the last point (the forecast). Colours are the Okabe-Ito
blue and vermillion of `scaling_lab.plotting`, the points are markers, the forecast is dashed, so colour
is never the only cue. The background is transparent, so the same files serve the light and dark themes.
Writes book/images/logo.png (the sidebar) and book/images/favicon.png (the browser tab); the images are
committed, and this script regenerates them byte for byte with the pinned matplotlib.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

BLUE, VERMILLION, GREY = "#0072B2", "#D55E00", "#6b6b6b"
IMAGES = Path(__file__).resolve().parents[1] / "images"


def draw(size_px: tuple[int, int], *, frame: bool, marker_size: float, line_width: float, n_points: int = 7) -> Figure:
    """The power-law picture at a pixel size (100 dpi)."""
    fig = Figure(figsize=(size_px[0] / 100, size_px[1] / 100), dpi=100)
    fig.patch.set_alpha(0)
    ax = fig.add_axes((0.08, 0.1, 0.86, 0.84) if frame else (0.04, 0.04, 0.92, 0.92))
    ax.set_xscale("log")
    ax.set_yscale("log")
    x = np.geomspace(1, 1e3, n_points)
    rng = np.random.default_rng(7)
    y = 3.0 * x ** -0.5 * np.exp(rng.normal(0, 0.06, x.size))
    grid = np.geomspace(0.7, 1e5, 50)
    ax.plot(grid[grid <= 1.4e3], 3.0 * grid[grid <= 1.4e3] ** -0.5, color=VERMILLION, linewidth=line_width)
    ax.plot(grid[grid >= 1.4e3], 3.0 * grid[grid >= 1.4e3] ** -0.5, color=VERMILLION, linewidth=line_width,
            linestyle=(0, (2, 1.5)))
    ax.plot(x, y, linestyle="none", marker="o", markersize=marker_size, color=BLUE,
            markeredgecolor="white", markeredgewidth=marker_size / 6)
    ax.set_xlim(0.5, 1.6e5)
    ax.set_ylim(5e-3, 6)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.minorticks_off()
    for side, spine in ax.spines.items():
        spine.set_visible(frame and side in ("left", "bottom"))
        spine.set_color(GREY)
        spine.set_linewidth(line_width * 0.6)
    ax.patch.set_alpha(0)
    return fig


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=IMAGES, help="folder to write logo.png and favicon.png")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    pictures = {
        "logo.png": draw((320, 200), frame=True, marker_size=9, line_width=3.0),
        "favicon.png": draw((64, 64), frame=False, marker_size=9, line_width=3.5, n_points=3),
    }
    for name, fig in pictures.items():
        fig.savefig(args.out / name, dpi=100, transparent=True, metadata={"Software": None})
        print(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
