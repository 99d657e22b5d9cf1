"""Tests of the measures timeline and the measures widget view (objects, never pixels)."""

from __future__ import annotations

import pytest

import toolkit
from toolkit.errors import ParameterError
from toolkit.themes.sanctions.plots import plot_measures_timeline
from toolkit.themes.sanctions.views import measures_view
from toolkit.viz.theme import source_note_of


@pytest.fixture(scope="module")
def measures():
    return toolkit.load("measures")


def test_timeline_draws_every_measure_category_pair_and_the_break(measures):
    ax = plot_measures_timeline(measures)
    n_points = sum(len(c.get_offsets()) for c in ax.collections)
    typed = measures["categories_list"].map(lambda terms: [t for t in terms if t != "not detailed"])
    assert n_points == int(typed.map(len).sum())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "investment ban" and "not detailed" not in labels  # not a measure type
    untyped = measures.loc[typed.map(len) == 0, "measure_id"]
    assert set(untyped) == {
        "US-STAT-CBW-SKRIPAL-2018", "US-STAT-CBW-NAVALNY-2021", "EU-PKG04", "EU-PKG07",
    }  # fmt: skip
    assert all(m in source_note_of(ax) for m in untyped)  # named under the chart instead
    assert "deposit ban" not in labels  # no sourced row carries it
    assert [line.get_gid() for line in ax.lines].count("break") == 1
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == ["EU", "G7", "US"]
    assert "Federal Register" in source_note_of(ax)


def test_view_filters_change_table_and_static_twin(measures):
    view = measures_view(measures)
    assert len(view.last_table) == 59
    before = view.static_html()
    view.controls["jurisdictions"].value = ("EU",)
    assert len(view.last_table) == 30 and set(view.last_table["measure_id"].str[:2]) == {"EU"}
    view.controls["categories"].value = ("oil price cap",)
    assert view.last_table["measure_id"].tolist() == [
        "EU-PKG08",
        "EU-PKG12",
        "EU-PKG18",
        "EU-PRICECAP-DYNAMIC",
        "EU-PRICECAP-4410",
        "EU-PKG21",
    ]
    view.controls["years"].value = (2022, 2022)
    assert view.last_table["measure_id"].tolist() == ["EU-PKG08"]
    assert view.static_html() != before and "EU-PKG08" in view.static_html()
    view.controls["categories"].value = ()
    assert view.last_table.empty


def test_view_rejects_unknown_values(measures):
    with pytest.raises(ParameterError, match="jurisdictions"):
        measures_view(measures, jurisdictions=["UK"])
    with pytest.raises(ParameterError, match="start_year"):
        measures_view(measures, start_year=2024, end_year=2020)


def _state(ax):
    """What a reader sees of a timeline: rows, dots, x range, legend, break, source note."""
    return {
        "rows": [t.get_text() for t in ax.get_yticklabels()],
        "dots": {
            c.get_label(): sorted(map(tuple, c.get_offsets().tolist())) for c in ax.collections
        },
        "xlim": tuple(round(x, 6) for x in ax.get_xlim()),
        "ylim": ax.get_ylim(),
        "legend": [t.get_text() for t in ax.get_legend().get_texts()],
        "lines": [line.get_gid() for line in ax.lines],
        "title": ax.get_title(),
        "note": source_note_of(ax),
    }


def test_a_year_range_change_moves_the_dots_of_the_kept_figure_as_a_fresh_drawing_would(
    measures,
):
    from matplotlib.figure import Figure

    view = measures_view(measures)
    view.controls["years"].value = (2014, 2025)  # a fresh figure, kept for the next changes
    kept = view.last_figure
    for years in [(2015, 2025), (2016, 2024), (2013, 2023)]:
        view.controls["years"].value = years
        assert view.last_figure is kept  # updated, not drawn anew
        fresh = view.render(**view.values)[0]
        assert _state(kept.axes[0]) == _state(fresh.axes[0])
        assert view.last_table.equals(view.render(**view.values)[1])
    # the twin of a frame shown again is drawn from a figure in that frame's state
    view.controls["years"].value = (2015, 2025)  # a frame kept: the kept figure is elsewhere
    assert "<img" in view.static_html()
    assert isinstance(view.last_figure, Figure)
    assert _state(view.last_figure.axes[0]) == _state(view.render(**view.values)[0].axes[0])
    # other category rows: set on the kept figure too
    view.controls["years"].value = (2022, 2025)
    view.controls["categories"].value = ("oil price cap", "dual-use goods")
    assert view.last_figure is kept
    assert _state(kept.axes[0]) == _state(view.render(**view.values)[0].axes[0])
    # other jurisdictions (another legend) cannot be made by moving dots: drawn afresh
    view.controls["jurisdictions"].value = ("EU",)
    assert view.last_figure is not kept
    assert _state(view.last_figure.axes[0]) == _state(view.render(**view.values)[0].axes[0])
