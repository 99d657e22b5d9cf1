"""Tests of the trade widget view: controls drive the table and the static twin."""

from __future__ import annotations

import pytest

from toolkit.errors import ParameterError
from toolkit.themes import trade
from toolkit.themes.sanctions.events import load_events
from toolkit.themes.trade.views import trade_view


@pytest.fixture(scope="module")
def data():
    return trade.load_us_russia_trade(), trade.load_us_russia_trade(freq="monthly")


def test_controls(data):
    view = trade_view(*data, start=2010)
    assert set(view.controls) == {"period", "flows", "freq", "log"}
    assert view.controls["period"].value == (2010, 2024)
    assert (view.controls["period"].min, view.controls["period"].max) == (1992, 2024)
    assert view.controls["freq"].options == ("annual", "monthly")
    table = view.last_table
    assert list(table.columns) == ["year", "exports", "imports"]
    assert table.year.tolist() == list(range(2010, 2025))


def test_period_and_flows_change_the_table(data):
    view = trade_view(*data, events=load_events())
    view.controls["period"].value = (2020, 2022)
    assert view.last_table.year.tolist() == [2020, 2021, 2022]
    view.controls["flows"].value = ("total",)
    assert list(view.last_table.columns) == ["year", "total"]
    assert view.last_table.total.tolist() == [21791.1, 36026.5, 16093.2]  # A29-A31


def test_freq_and_log_change_the_view(data):
    view = trade_view(*data, start=2023)
    before = view.static_html()
    view.controls["freq"].value = "monthly"
    table = view.last_table
    assert list(table.columns[:2]) == ["year", "month"] and len(table) == 24
    assert table.imports.isna().sum() == 6  # Jul-Dec 2024 not published
    after = view.static_html()
    assert after != before and "<table" in after and "data:image/png;base64," in after
    view.controls["log"].value = True
    assert view.last_figure.axes[0].get_yscale() == "log"


def test_no_flow_selected(data):
    view = trade_view(*data)
    view.controls["flows"].value = ()
    assert view.last_table is None
    assert "Select at least one flow" in [t.get_text() for t in view.last_figure.axes[0].texts]


def test_bad_initial_values(data):
    with pytest.raises(ParameterError, match="start 2020 is after end 2010"):
        trade_view(*data, start=2020, end=2010)
    with pytest.raises(ParameterError, match="not a frequency"):
        trade_view(*data, freq="weekly")
