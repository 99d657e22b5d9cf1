"""Tests of the designation plots and the designations widget view on the embedded ledger summary."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit.errors import ParameterError
from toolkit.themes.sanctions.designations import designation_jump, programs_at
from toolkit.themes.sanctions.plots import plot_designations, plot_programs
from toolkit.themes.sanctions.views import designations_view
from toolkit.viz.theme import source_note_of


@pytest.fixture(scope="module")
def ledger():
    return toolkit.load("sdn_ledger_summary")


def test_designations_lines_hold_the_real_counts(ledger):
    ax = plot_designations(ledger, programs=["ALL", "RUSSIA-EO14024"])
    lines = {line.get_label(): line for line in ax.lines if not line.get_label().startswith("_")}
    assert set(lines) == {"ALL", "RUSSIA-EO14024"}
    ru = lines["RUSSIA-EO14024"].get_ydata()
    assert list(ru[:5]) == [6, 11, 11, 69, 700] and ru[-1] == 4_439
    assert lines["ALL"].get_ydata()[-1] == 14_965
    assert "OFAC" in source_note_of(ax)
    by_type = plot_designations(
        ledger, programs=["RUSSIA-EO14024"], by="entry_type", start="2022-03-01"
    )
    labels = {
        line.get_label(): line for line in by_type.lines if not line.get_label().startswith("_")
    }
    assert (
        labels["vessel"].get_ydata()[-1] == 223 and len(labels["vessel"].get_ydata()) == 10
    )  # 2022-03-31 .. 2024-05-03


def test_jump_and_programs_table(ledger):
    jump = designation_jump(ledger)
    assert (jump["before"], jump["after"], jump["added"], jump["removed"]) == (69, 700, 631, 0)
    table = programs_at(ledger)
    assert table.iloc[0]["program"] == "RUSSIA-EO14024" and table.iloc[0]["total"] == 4_439
    assert table.set_index("program").loc["UKRAINE-EO13662", "total"] == 79
    ax = plot_programs(table)
    assert len(ax.patches) == len(table) * 4
    with pytest.raises(ParameterError, match="not a snapshot date"):
        programs_at(ledger, "2022-01-01")


def test_bad_plot_arguments(ledger):
    with pytest.raises(ParameterError, match="not in the ledger"):
        plot_designations(ledger, programs=["RUSSIA"])
    with pytest.raises(ParameterError, match="by must be"):
        plot_designations(ledger, by="country")


def test_view_program_selector_and_period(ledger):
    view = designations_view(ledger)
    assert view.last_table["RUSSIA-EO14024"].tolist()[-1] == 4_439
    assert "ALL" not in view.controls["programs"].options  # never beside the Russia programs
    with pytest.raises(ParameterError, match="unknown program"):
        designations_view(ledger, programs=["ALL"])
    view.controls["programs"].value = ("UKRAINE-EO13661", "UKRAINE-EO13660")
    assert list(view.last_table.columns) == ["snapshot_date", "UKRAINE-EO13660", "UKRAINE-EO13661"]
    view.controls["by"].value = "entry_type"
    assert "individual" in view.last_table.columns
    view.controls["period"].value = ("2022-02-23", "2022-03-31")
    assert view.last_table["snapshot_date"].tolist() == ["2022-02-23", "2022-03-31"]
    assert "2022-03-31" in view.static_html()
    view.controls["programs"].value = ()
    assert view.last_table is None
    assert pd.Timestamp(ledger["snapshot_date"].max()) == pd.Timestamp("2024-05-03")
