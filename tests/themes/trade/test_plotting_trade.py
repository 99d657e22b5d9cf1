"""Tests of the trade plot helpers: the objects drawn (lines, bars, labels, source note), not pixels."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from toolkit.errors import ParameterError
from toolkit.themes import trade
from toolkit.themes.sanctions.events import load_events
from toolkit.themes.trade.plots import (
    plot_fall,
    plot_goods,
    plot_mirror,
    plot_products,
    plot_trade,
    plot_year_to_date,
)
from toolkit.viz.theme import source_note_of


@pytest.fixture(scope="module")
def annual():
    return trade.load_us_russia_trade()


@pytest.fixture(scope="module")
def monthly():
    return trade.load_us_russia_trade(freq="monthly")


def _line(ax, gid):
    (line,) = [ln for ln in ax.lines if ln.get_gid() == gid]
    return line


def test_plot_trade_annual(annual):
    fig, ax = plt.subplots()
    out = plot_trade(annual, ax=ax)
    assert out is ax
    exports = _line(ax, "flow-exports")
    assert list(exports.get_xdata())[:2] == [1992, 1993]
    assert list(exports.get_ydata())[0] == 2112.5
    assert len(exports.get_xdata()) == 32  # Census 1992-2023; 2024 is drawn as an estimate
    est = _line(ax, "estimate-imports")
    assert list(est.get_xdata()) == [2023, 2024]
    assert est.get_linestyle() == "--"
    assert est.get_markevery() == [1]  # only the estimate has an open marker, not 2023
    assert list(est.get_ydata())[-1] == 3000.0
    assert ax.get_title() == "US goods trade with Russia, 1992-2024"
    assert ax.get_ylabel() == "USD million (nominal)"
    note = source_note_of(ax)
    assert "US Census Bureau" in note and "USTR" in note
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "US imports from Russia" in labels


def test_plot_trade_events_are_numbered_with_a_key(annual):
    ev = load_events()
    ax = plot_trade(annual, flows=["total"], start=2010, end=2021, events=ev, log=True)
    event_lines = [ln for ln in ax.lines if ln.get_gid() == "event"]
    # events of 2012-12-14 .. 2021-04-15 fall inside 2010-2021: six of them
    assert len(event_lines) == 6
    numbers = [t.get_text() for t in ax.texts if t.get_gid() == "event-number"]
    assert numbers == [str(i) for i in range(1, 7)]
    (key,) = [a for a in ax.artists if a.get_gid() == "event-key"]
    texts = [t.get_text() for t in key.get_texts()]
    assert texts[0] == "1  2012-12-14  Magnitsky Act / PNTR"
    # the numbers are above the data: the log axis got headroom over the highest value
    assert ax.get_ylim()[1] > 3 * annual[annual.year.between(2010, 2021)].value_usd_m.max()
    assert ax.get_yscale() == "log" and ax.get_ylabel().endswith("log scale)")
    assert source_note_of(ax).count("USTR") == 0  # no 2024 estimate drawn


def test_close_events_step_down_instead_of_overlapping(annual):
    ev = load_events()
    ax = plot_trade(annual, flows=["imports"], start=2021, end=2024, events=ev)
    ys = [t.xy[1] for t in ax.texts if t.get_gid() == "event-number"]
    xs = [t.xy[0] for t in ax.texts if t.get_gid() == "event-number"]
    for i in range(1, len(xs)):
        if xs[i] - xs[i - 1] < 0.04 * 4:  # close in x: not on the same level
            assert ys[i] != ys[i - 1]


def test_plot_trade_monthly_log(monthly):
    ax = plot_trade(monthly, flows=["imports", "balance"], start=2021, log=True)
    assert ax.get_yscale() == "symlog"  # balance is negative
    imports = _line(ax, "flow-imports")
    assert len(imports.get_xdata()) == 48
    ax2 = plot_trade(monthly, flows=["imports"], start=2021, log=True, ax=plt.subplots()[1])
    assert ax2.get_yscale() == "log"


def test_plot_trade_errors(annual):
    with pytest.raises(ParameterError, match="unknown flow"):
        plot_trade(annual, flows=["re-exports"])
    with pytest.raises(ParameterError, match="no data between 2030"):
        plot_trade(annual, start=2030)


def test_plot_fall(annual):
    ax = plot_fall(annual)
    assert len(ax.containers) == 2
    heights = [bar.get_height() for bar in ax.containers[1]]
    assert heights == pytest.approx([526.1, 3000.0, 3526.1])
    labels = [t.get_text() for t in ax.texts if t.get_gid() == "factor-label"]
    assert labels == ["÷12.1 (-92%)", "÷9.9 (-90%)", "÷10.2 (-90%)"]
    assert "USTR" in source_note_of(ax)


def test_plot_mirror_names_each_side_and_marks_estimates():
    mirror = trade.load_mirror()
    ax = plot_mirror(mirror, flow="imports")
    us = _line(ax, "us-imports")
    assert list(us.get_xdata()) == list(range(2006, 2024))  # 2024 is the USTR estimate
    ru = _line(ax, f"{trade.ROSSTAT_ID}-imports")
    assert round(list(ru.get_ydata())[-1], 1) == 17522.8
    imf = _line(ax, f"{trade.IMF_ID}-imports")
    assert list(imf.get_xdata()) == list(range(2016, 2025))
    assert list(_line(ax, "estimated-imports").get_xdata()) == [2022, 2023, 2024]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert all(lab.startswith(("US imports", "US-reported", "Russia's exports")) for lab in labels)
    # the legend is under the Axes, not over the data
    assert ax.get_legend().get_bbox_to_anchor().y0 < ax.get_window_extent().y0
    assert ax.get_yscale() == "log"
    note = source_note_of(ax)
    assert "Rosstat" in note and "Census" in note and "International Monetary Fund" in note
    ax2 = plot_mirror(mirror, flow="exports", ax=plt.subplots()[1])
    labels = [t.get_text() for t in ax2.get_legend().get_texts()]
    assert any(lab.startswith("Russia's imports from the US") for lab in labels)
    with pytest.raises(ParameterError, match="expected imports or exports"):
        plot_mirror(mirror, flow="total")


def test_plot_goods():
    ax = plot_goods(trade.load_us_imports_goods())
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "aircraft engine parts",
        "uranium",
        "palladium",
        "fertilizers",
    ]
    assert "≈1,100" in [t.get_text() for t in ax.texts]
    assert "A41" in source_note_of(ax)
    with pytest.raises(ParameterError, match="no goods figures for 2019"):
        plot_goods(trade.load_us_imports_goods(), year=2019)


def test_plot_products():
    products = trade.load_us_imports_hs()
    ax = plot_products(products, level="hs4")
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names[-1] == "palladium and platinum (HS 7110)"  # largest on top
    assert names[0].startswith("all other products")
    widths = [b.get_width() for b in ax.containers[0]]
    assert sum(widths) == pytest.approx(2931.8, abs=0.05)  # every product, the rest summed
    assert "not general imports" in source_note_of(ax)
    with pytest.raises(ParameterError, match="no rows of level"):
        plot_products(products, level="hs6")


def test_plot_year_to_date(monthly):
    ytd = trade.year_to_date(trade.load_trade_2025(), monthly)
    ax = plot_year_to_date(ytd)
    assert len(ax.containers) == 2
    assert [b.get_height() for b in ax.containers[1]] == pytest.approx([2091, 231.7])
    labels = [t.get_text() for t in ax.texts if t.get_gid() == "change-label"]
    assert labels == ["+23%", "+21%"]  # on Census Jan-May 2024: 1,695.0 and 191.5 (facts A45)
    assert "medium" in source_note_of(ax)


def test_event_key_is_inside_the_saved_figure(monthly):
    """The key beside the Axes is not cut by a tight bounding box (as show_figure saves)."""
    ev = load_events()
    fig, ax = plt.subplots(figsize=(11, 5))
    plot_trade(monthly, flows=["imports", "balance"], start=2021, log=True, events=ev, ax=ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    (key,) = [a for a in ax.artists if a.get_gid() == "event-key"]
    assert key.get_window_extent(renderer).x1 <= fig.get_tightbbox(renderer).x1 * fig.dpi + 0.5
    # symlog (the balance is negative) labelled in plain numbers, not 10^n (mathtext)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels and not any("$" in t for t in labels)
