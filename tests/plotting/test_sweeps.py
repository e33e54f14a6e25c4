"""Tests of scaling_lab.plotting.sweeps: one line per group, best rates circled, bad input named."""

import numpy as np
import pytest

import scaling_lab as sl


def test_plot_runs_by_draws_one_line_per_group():
    n, d = (a.ravel() for a in np.meshgrid([1e3, 1e4], [1e5, 2e5, 4e5], indexing="ij"))
    ax = sl.plot_runs_by(d, 3.0 - 0.1 * np.log10(n) - 0.05 * np.log10(d), n, xlabel="D", ylabel="loss")
    assert len(ax.lines) == 2 and ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["1,000", "10,000"]
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1e5, 2e5, 4e5])  # sorted along x


def test_plot_transfer_sweep_circles_the_best_rate():
    rates = 2.0 ** np.arange(-6, -2)
    loss = np.array([[[3.0, 2.0, 1.0, 4.0], [3.0, 1.0, 2.0, np.inf]]] * 2)
    sweep = sl.TransferSweep(("standard", "mup"), np.array([32, 64]), rates, loss)
    ax = sl.plot_transfer_sweep(sweep, "mup", title="muP")
    circles = [line for line in ax.lines if line.get_markerfacecolor() == "none"]
    assert [c.get_xdata()[0] for c in circles] == [rates[2], rates[1]]
    assert len(ax.lines) == 4 and ax.get_title() == "muP"
    assert len(ax.lines[2].get_xdata()) == 3  # the diverged run (inf) is left out


def test_bad_input():
    with pytest.raises(ValueError, match="group must have the same shape as x"):
        sl.plot_runs_by([1, 2], [1, 2], [1, 2, 3], xlabel="x", ylabel="y")
    with pytest.raises(ValueError, match="y"):
        sl.plot_runs_by([1, 2], [1, -2], [1, 1], xlabel="x", ylabel="y")
    sweep = sl.TransferSweep(("standard",), np.array([32]), np.array([0.1, 0.2]), np.ones((1, 1, 2)))
    with pytest.raises(ValueError, match="parametrization"):
        sl.plot_transfer_sweep(sweep, "mup")


def test_plain_log_ticks():
    ax = sl.loglog_axes(xlabel="x", ylabel="y")
    ax.plot([1, 10], [2.4, 3.4])
    sl.plain_log_ticks(ax, fmt="{x:.1f}")
    assert ax.yaxis.get_major_formatter()(3.0, 0) == "3.0" and ax.yaxis.get_minor_formatter()(2.6, 0) == "2.6"
    with pytest.raises(ValueError, match="axis"):
        sl.plain_log_ticks(ax, axis="z")
    with pytest.raises(ValueError, match="fmt"):
        sl.plain_log_ticks(ax, fmt="%.1f")
