"""Easing plots and the scenario explorer: plot objects, the widget view and its static twin."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
import yaml

import toolkit
from toolkit.errors import ParameterError
from toolkit.paths import params_dir
from toolkit.themes import easing
from toolkit.themes.easing import durations
from toolkit.themes.easing.plots import (
    plot_authority,
    plot_lift_path,
    plot_programs_timeline,
    plot_survival,
)
from toolkit.themes.easing.views import scenario_explorer, scenario_table
from toolkit.viz.theme import source_note_of


@pytest.fixture(scope="module")
def tables():
    """The frames the scenario table and explorer take (the notebook loads the same)."""
    return {
        "programs": toolkit.load("us_programs_history", as_of="2025-03-14"),
        "imports_banned": toolkit.load("us_imports_2021_banned"),
        "ledger": toolkit.load("sdn_ledger_summary"),
    }


@pytest.fixture(scope="module")
def authority():
    return toolkit.load("authority_map")


@pytest.fixture(scope="module")
def scenarios():
    return toolkit.load("easing_scenarios")


def test_plot_authority_counts_measures(authority):
    data = easing.authority_with_measures(authority, toolkit.load("measures"))
    ax = plot_authority(data)
    total = sum(p.get_width() for p in ax.patches)
    assert total == len(data)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "Congress only" in labels and "President alone" in labels
    assert "authority map" in source_note_of(ax)


def test_programs_timeline_runs_ongoing_bars_to_as_of():
    programs = easing.load_us_programs("2025-03-14")
    ax = plot_programs_timeline(programs, as_of="2025-03-14")
    bars = {p.get_gid(): p for p in ax.patches if p.get_gid()}
    cuba = bars["program-CUBA"]
    assert cuba.get_x() + cuba.get_width() == pytest.approx(
        mdates.date2num(pd.Timestamp("2025-03-14"))
    )
    relief = bars["relief-IRAN-JCPOA-RELIEF"]
    assert relief.get_x() == pytest.approx(mdates.date2num(pd.Timestamp("2016-01-16")))
    iran = bars["program-IRAN"]
    assert relief.get_y() == pytest.approx(iran.get_y())  # drawn on the Iran bar
    # eight historical programs and the two Russia programs to compare with (issue 17)
    assert len([g for g in bars if g.startswith("program-")]) == 10
    assert (
        bars["program-RUSSIA-EO14024-2021"].get_facecolor()
        == bars["program-JACKSON-VANIK-RUSSIA"].get_facecolor()
    )
    assert bars["program-RUSSIA-EO14024-2021"].get_facecolor() != cuba.get_facecolor()
    # every colour drawn is explained in the legend (no unexplained red bar)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "target: Russia (USSR before 1991)" in legend and "other targets" in legend
    assert any(t.startswith("Iran: JCPOA sanctions relief") for t in legend)
    assert source_note_of(ax).startswith("Source: facts.md D01-D10")
    events = pd.DataFrame({"date": ["2012-12-14"], "label": ["Magnitsky Act / PNTR"]})
    ax = plot_programs_timeline(programs, as_of="2025-03-14", events=events)
    assert len([line for line in ax.get_lines() if line.get_gid() == "event"]) == 1


def test_plot_survival_draws_groups_and_russia():
    agg = easing.load_gsdb_durations()
    ax = plot_survival(agg, kind="sender", groups=["US", "EU"], ci=False)
    assert [line.get_label() for line in ax.get_lines()] == ["US", "EU"]
    positions = durations.russia_positions(agg, as_of_year=2025)
    ax = plot_survival(agg, kind="all", positions=positions)
    points = [c for c in ax.collections if c.get_gid() == "russia-positions"]
    assert len(points) == 1 and len(points[0].get_offsets()) == 2
    assert "Global Sanctions Data Base" in source_note_of(ax)


def test_plot_lift_path_marks_legislation(authority):
    path = easing.lift_path(authority, ["US-EO13662", "US-STAT-NTR-2022"])
    ax = plot_lift_path(path)
    texts = [t.get_text() for t in ax.texts]
    assert "30 days" in texts and "new legislation (no fixed minimum)" in texts
    # a dot per measure, no bar (zero-day waits drew zero-length bars, issue 17)
    assert not ax.patches
    dots = {c.get_gid(): c.get_offsets()[0] for c in ax.collections}
    assert dots["lift-US-EO13662"][0] == 30
    path = easing.lift_path(authority, ["US-EO14071", "US-STAT-CBW-SKRIPAL-2018"])
    ax = plot_lift_path(path)
    texts = [t.get_text() for t in ax.texts]
    assert "0 days (no formal wait)" in texts and "lifting path not recorded" in texts
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["President alone", "not recorded"]


def test_scenario_table_rows(authority, tables):
    table, path = scenario_table(authority, ["US-EO14066", "US-EO14068"], **tables)
    values = table.set_index("item")["value"]
    assert values["who must act"] == "President alone"
    assert values["2021 US imports from Russia now banned"].startswith("63.1% fully banned")
    assert "Libya" in values["historical analogues"]
    assert (
        values["designations affected"]
        == "not shown: none of these measures is an SDN designation program"
    )
    table, _ = scenario_table(authority, ["US-EO14024"], **{**tables, "ledger": None})
    assert (
        table.set_index("item")
        .loc["designations affected", "value"]
        .startswith("not shown: no SDN ledger given")
    )


def test_explorer_redraws_and_has_static_twin(authority, scenarios, tables):
    view = scenario_explorer(authority, scenarios, **tables, scenario="embassies-and-transport")
    first = view.last_table.set_index("item")["value"]
    assert first["who must act"] == "EU Council (unanimity)"
    view.controls["scenario"].value = "dual-use-and-blocked-persons"
    second = view.last_table.set_index("item")["value"]
    assert second["minimum formal time"] == "30 days"
    view.controls["measures"].value = ("US-STAT-CAATSA-2017",)
    third = view.last_table.set_index("item")["value"]
    assert "Congress only" in third["who must act"]
    html = view.static_html()
    assert "<img" in html and "Congress only" in html
    with pytest.raises(ParameterError):
        scenario_explorer(authority, scenarios, **tables, scenario="no-such-scenario")


def test_constraints_match_the_data(scenarios):
    folder = params_dir() / "04-easing-hurdles"
    rules = yaml.safe_load((folder / "_constraints.yaml").read_text())
    assert rules["scenario"]["choices"] == [""] + easing.scenario_names(scenarios)
    assert set(rules["measures_to_ease"]["choices"]) == set(
        easing.load_authority_map()["measure_id"]
    )
    assert rules["senders"]["choices"] == list(durations.SENDER_GROUPS)
    # One profile per named commentary scenario (the all-US view is an extra, not a profile).
    profiles = {p.stem for p in folder.glob("*.yaml") if not p.stem.startswith("_")}
    assert set(easing.scenario_names(scenarios)) - {"all-us-measures"} <= profiles
    assert {"default", "full-files"} <= profiles


def test_plot_medians_shows_intervals_and_open_bounds():
    from toolkit.themes.easing.history_plots import plot_medians

    summary = pd.DataFrame(
        {
            "group": ["closed", "open"],
            "n_cases": [10, 5],
            "median_years": [6.0, 2.5],
            "median_ci_low": [5.0, 1.0],
            "median_ci_high": [7.0, float("inf")],  # the band never falls to one half
        }
    )
    ax = plot_medians(summary)
    texts = [t.get_text() for t in ax.texts]
    assert "6 y (n = 10)" in texts and "2.5 y (n = 5); upper bound not reached" in texts
    assert np.isfinite(ax.get_xlim()[1])  # an open interval is drawn to the edge, not to inf
    assert [t.get_text() for t in ax.get_yticklabels()] == ["closed", "open"]


def test_plot_precedents_draws_only_timed_steps_beside_the_median():
    from toolkit.themes.easing.history_plots import ACTION_COLOURS, plot_precedents

    log = easing.load_precedents()
    ax = plot_precedents(log, median=(6.0, 5.0, 6.0))
    bars = {p.get_gid(): p for p in ax.patches if p.get_gid()}
    timed = log.dropna(subset=["years_from"])
    assert len(bars) == len(timed) < len(log)  # undated starts are left out, not drawn as 0
    iran = bars["precedent-IRAN-JCPOA-2016"]
    assert iran.get_width() == 36.2
    assert iran.get_facecolor()[:3] == pytest.approx(
        tuple(int(ACTION_COLOURS["lifted"][i : i + 2], 16) / 255 for i in (1, 3, 5))
    )
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "re-imposed" in legend and any(
        t.startswith("GSDB, all cases: median 6 y") for t in legend
    )
