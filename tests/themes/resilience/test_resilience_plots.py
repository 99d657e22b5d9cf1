"""Resilience plots and widget view: objects, labels and source notes (never pixels)."""

from __future__ import annotations

import pytest

from toolkit.errors import ParameterError
from toolkit.themes.resilience import load_indicators, load_mirror_trade, rerouting_index
from toolkit.themes.resilience.plots import (
    plot_crude_destinations,
    plot_indicator,
    plot_rerouting,
)
from toolkit.themes.resilience.views import rerouting_view
from toolkit.viz.theme import source_note_of


@pytest.fixture(scope="module")
def mirror():
    return load_mirror_trade(full_years=True)


def test_plot_rerouting_lines_and_source(mirror):
    table = rerouting_index(
        mirror[mirror["series"] == "us_exports"], base_year=2021, partners=["Armenia", "Kyrgyzstan"]
    )
    ax = plot_rerouting(table)
    labels = [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert labels == ["Armenia (US exports)", "Kyrgyzstan (US exports)", "Russia (US exports)"]
    russia = ax.get_lines()[2]
    assert russia.get_linestyle() == "--"
    assert list(russia.get_ydata())[list(russia.get_xdata()).index(2021)] == 100
    assert "US Census Bureau" in source_note_of(ax) and "data through 2024-06" in source_note_of(ax)
    assert ax.get_ylabel() == "index, base year = 100"


def test_plot_rerouting_absolute_and_bad_y(mirror):
    table = rerouting_index(
        mirror[mirror["series"] == "eu_exports"], base_year=2021, partners=["Kyrgyzstan"]
    )
    ax = plot_rerouting(table, y="value")
    assert ax.get_ylabel() == "EUR million"
    with pytest.raises(ParameterError, match="y="):
        plot_rerouting(table, y="share")


def test_plot_indicator():
    ax = plot_indicator(load_indicators(), indicator="gdp_growth")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2020", "2021", "2022", "2023", "2024"]
    assert [round(p.get_height(), 1) for p in ax.patches] == [-2.7, 5.6, -2.1, 3.6, 4.1]
    assert "C06, C07, C08" in source_note_of(ax)
    with pytest.raises(ParameterError, match="unknown indicator"):
        plot_indicator(load_indicators(), indicator="happiness")


def test_plot_crude_destinations(mirror):
    ax = plot_crude_destinations(mirror[mirror["series"] == "crude_exports"], top=5)
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names[-1] == "China" and "India" in names and len(names) == 5
    assert "CREA" in source_note_of(ax)


def test_rerouting_view_controls_change_the_table(mirror):
    view = rerouting_view(mirror, partners=["Kyrgyzstan"], base_year=2021, series="eu_exports")
    first = view.last_table.copy()
    assert set(first["partner"]) == {"Kyrgyzstan"}
    assert first.set_index("year").loc[2021, "index"] == 100
    view.controls["base_year"].value = 2019
    assert view.last_table.set_index("year").loc[2019, "index"] == 100
    view.controls["series"].value = "us_exports"
    view.controls["partners"].value = ("Armenia", "Georgia")
    assert set(view.last_table["partner"]) == {"Armenia", "Georgia"}
    html = view.static_html()
    assert "<img" in html and "Armenia" in html
    view.controls["mode"].value = "absolute"
    assert view.last_figure.axes[0].get_ylabel() == "USD million"
