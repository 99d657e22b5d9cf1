"""Resilience plots and widget view: objects, labels and source notes (never pixels)."""

from __future__ import annotations

import pytest

from toolkit.errors import ParameterError
from toolkit.themes.resilience import load_indicators, load_mirror_trade, rerouting_index
from toolkit.themes.resilience.plots import (
    OKABE_ITO,
    plot_crude_destinations,
    plot_indicator,
    plot_panels,
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
    years = ["2020", "2021", "2022", "2023", "2024", "2025"]
    assert [t.get_text() for t in ax.get_xticklabels()] == years
    assert [round(p.get_height(), 1) for p in ax.patches] == [-2.7, 5.6, -2.1, 3.6, 4.3, 1.0]
    assert "C06, C07, C08, E83, E84" in source_note_of(ax)
    assert ax.texts[0].get_text() == "-2.7" or "≈1" in [t.get_text() for t in ax.texts]
    with pytest.raises(ParameterError, match="unknown indicator"):
        plot_indicator(load_indicators(), indicator="happiness")


def test_plot_indicator_draws_a_missing_year_as_a_gap():
    ax = plot_indicator(load_indicators(), indicator="oil_gas_revenue")
    assert [p.get_x() + p.get_width() / 2 for p in ax.patches] == [2020, 2022, 2023, 2024, 2025]
    gaps = [t for t in ax.texts if t.get_gid() == "gap"]
    assert len(gaps) == 1 and gaps[0].xy[0] == 2021  # 2021: a slot, not joined over
    assert "2021" in [t.get_text() for t in ax.get_xticklabels()]


def test_plot_indicator_puts_uneven_dates_on_a_time_axis():
    import pandas as pd

    ind = load_indicators()
    ax = plot_indicator(ind, indicator="spfs_participants")
    xs = [pd.Timestamp(x).date().isoformat() for x in ax.get_lines()[0].get_xdata()]
    assert xs == ["2022-03-15", "2022-09-15", "2023-09-15", "2023-12-15"]  # mid-month, uneven
    assert ax.get_ylabel() == "participants"


def test_plot_crude_destinations(mirror):
    ax = plot_crude_destinations(mirror[mirror["series"] == "crude_exports"], top=5)
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names[-1] == "China" and "India" in names and len(names) == 5
    assert "CREA" in source_note_of(ax)
    # the file states no unit for its volumes: the axis compares shares, a unit it does carry
    assert (
        ax.get_xlabel().startswith("share of the year's crude exports") and "%" in ax.get_xlabel()
    )
    assert "(not" not in ax.get_xlabel()  # no nested parentheses
    assert ax.get_legend().get_title().get_text() == "year"


def test_crude_destination_shares_are_of_each_year_total(mirror):
    from toolkit.themes.resilience.plots import crude_destination_shares

    crude = mirror[mirror["series"] == "crude_exports"]
    shares = crude_destination_shares(crude, top=5)
    assert (
        list(shares.columns) == ["partner", "year", "share_pct"] and shares.partner.nunique() == 5
    )
    for year in (2021, 2022):
        rows = crude[(crude.partner == "China") & (crude.year == year)]
        expected = rows.value.sum() / crude[crude.year == year].value.sum() * 100
        got = shares[(shares.partner == "China") & (shares.year == year)].share_pct.item()
        assert got == pytest.approx(expected)
    ax = plot_crude_destinations(crude, top=5)
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == sorted(round(v, 6) for v in shares.share_pct)  # the bars are the shares


def test_plot_panels_one_scale_per_partner_and_gaps_named():
    import pandas as pd

    data = pd.DataFrame(
        {
            "partner": ["A", "A", "A", "B", "B", "B"],
            "year": [2021, 2022, 2023, 2021, 2022, 2023],
            "v": [1000.0, 2000.0, 3000.0, 10.0, 20.0, float("nan")],  # B 2023: missing
            "est": [False, True, True, False, True, True],
        }
    )
    fig = plot_panels(
        data, panel="partner", lines={"v": ("value", OKABE_ITO["blue"])}, scale=1e-3,
        unit="bn", shade="est", shade_label="estimate", ncols=2,
    )  # fmt: skip
    a, b = fig.axes[:2]
    assert a.get_title() == "A" and b.get_title() == "B\n(no figure for 2023)"
    assert list(a.get_lines()[0].get_ydata()) == [1.0, 2.0, 3.0]
    assert a.get_ylim()[1] > 2.5 and b.get_ylim()[1] < 0.1  # each panel on its own scale
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["value", "estimate"]


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
