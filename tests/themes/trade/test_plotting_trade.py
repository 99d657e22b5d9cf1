"""Tests of the trade plot helpers: the objects drawn (lines, bars, labels, source note), not pixels."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from toolkit.errors import ParameterError
from toolkit.themes import trade
from toolkit.themes.sanctions.events import load_events
from toolkit.themes.trade.plots import plot_fall, plot_goods, plot_mirror, plot_trade
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
    assert list(est.get_ydata())[-1] == 3000.0
    assert ax.get_title() == "US goods trade with Russia, 1992-2024"
    assert ax.get_ylabel() == "USD million (nominal)"
    note = source_note_of(ax)
    assert "US Census Bureau" in note and "USTR" in note
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "US imports from Russia" in labels


def test_plot_trade_events_and_range(annual):
    ev = load_events()
    ax = plot_trade(annual, flows=["total"], start=2010, end=2021, events=ev)
    event_lines = [ln for ln in ax.lines if ln.get_gid() == "event"]
    # events of 2012-12-14 .. 2021-04-15 fall inside 2010-2021: six of them
    assert len(event_lines) == 6
    assert source_note_of(ax).count("USTR") == 0  # no 2024 estimate drawn
    assert "Magnitsky Act / PNTR" in [t.get_text() for t in ax.texts]


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


def test_plot_mirror():
    mirror = trade.load_mirror()
    ax = plot_mirror(mirror)
    us, ru = _line(ax, "us-imports"), _line(ax, "russia-imports")
    assert list(us.get_xdata()) == list(range(2006, 2022))
    assert round(list(ru.get_ydata())[-1], 1) == 17522.8
    assert "Rosstat" in source_note_of(ax) and "Census" in source_note_of(ax)
    with pytest.raises(ParameterError, match="expected imports and/or exports"):
        plot_mirror(mirror, flows=["total"])


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
