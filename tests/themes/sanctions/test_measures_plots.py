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
    assert n_points == int(measures["categories_list"].map(len).sum())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "investment ban" and labels[0] == "not detailed"  # ticks run bottom-up
    assert "deposit ban" not in labels  # no sourced row carries it
    assert [line.get_gid() for line in ax.lines].count("break") == 1
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == ["EU", "G7", "US"]
    assert "Federal Register" in source_note_of(ax)


def test_view_filters_change_table_and_static_twin(measures):
    view = measures_view(measures)
    assert len(view.last_table) == 50
    before = view.static_html()
    view.controls["jurisdictions"].value = ("EU",)
    assert len(view.last_table) == 23 and set(view.last_table["measure_id"].str[:2]) == {"EU"}
    view.controls["categories"].value = ("oil price cap",)
    assert view.last_table["measure_id"].tolist() == [
        "EU-PKG08",
        "EU-PKG12",
        "EU-PKG18",
        "EU-PRICECAP-DYNAMIC",
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
