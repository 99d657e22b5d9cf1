"""The record's figures, checked as objects (never pixels) against the data files and E rows."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import toolkit  # noqa: E402
from toolkit.errors import ParameterError  # noqa: E402
from toolkit.themes.sanctions.record import (  # noqa: E402
    list_size_series,
    load_designation_counts,
    load_oil_prices,
)
from toolkit.themes.sanctions.record_plots import (  # noqa: E402
    designations_panels_data,
    plot_crude_caps,
    plot_designation_counts,
    plot_designations_panels,
)
from toolkit.viz.theme import source_note_of  # noqa: E402

PROGRAMS = ["RUSSIA-EO14024", "UKRAINE-EO13661", "UKRAINE-EO13662"]


@pytest.fixture(scope="module")
def ledger():
    return toolkit.load("sdn_ledger_summary")


def _partial(ledger):
    # three later list sizes, as list_sizes() gives them (the real files: test_record.py)
    return pd.DataFrame(
        {
            "list_date": pd.to_datetime(["2025-01-06", "2025-12-24", "2026-06-02"]),
            "entries": [16_989, 18_494, 19_014],
        }
    )


def test_all_is_never_drawn_beside_the_russia_programs(ledger):
    sizes = list_size_series(ledger)
    with pytest.raises(ParameterError, match="own panel") as err:
        designations_panels_data(ledger, sizes, programs=["ALL", "RUSSIA-EO14024"])
    assert err.value.key == "programs"
    with pytest.raises(ParameterError, match="not in the ledger"):
        designations_panels_data(ledger, sizes, programs=["RUSSIA-EO99999"])


def test_two_panels_log_scale_then_the_whole_list_with_the_break(ledger):
    sizes = list_size_series(ledger, _partial(ledger))
    proxy = pd.DataFrame(
        {"list_date": pd.to_datetime(["2025-01-06", "2026-06-02"]), "entries": [4_902, 5_218]}
    )
    data = designations_panels_data(ledger, sizes, programs=PROGRAMS, russia_addresses=proxy)
    top, bottom = plot_designations_panels(data)
    assert top.get_yscale() == "log" and bottom.get_yscale() == "linear"
    lines = {ln.get_label(): ln for ln in top.get_lines() if not ln.get_label().startswith("_")}
    assert set(lines) == set(PROGRAMS)
    assert lines["RUSSIA-EO14024"].get_ydata()[-1] == 4_439  # 2024-05-03 snapshot
    whole = [ln for ln in bottom.get_lines() if ln.get_label().startswith("whole list")]
    assert [ln.get_linestyle() for ln in whole] == ["-", "--"]
    assert list(whole[0].get_ydata())[-1] == 14_965 and list(whole[1].get_ydata()) == [
        16_989,
        18_494,
        19_014,
    ]
    # the gap between the last complete snapshot and the first partial set is shaded
    (span,) = [p for p in bottom.patches if p.get_gid() == "break"]
    x0, x1 = span.get_x(), span.get_x() + span.get_width()
    assert (mdates.num2date(x0).date().isoformat(), mdates.num2date(x1).date().isoformat()) == (
        "2024-05-03",
        "2025-01-06",
    )
    assert any("programs unknown" in t.get_text() for t in bottom.texts)
    assert any("not a program" in ln.get_label() for ln in bottom.get_lines())
    assert sum(ln.get_gid() == "invasion" for ln in top.get_lines() + bottom.get_lines()) == 2
    # the CSV written beside the figure is exactly this frame
    assert set(data["panel"]) == {"a", "b"} and "ALL" not in set(data["series"])


def test_crude_caps_beside_each_other_with_urals():
    caps, prices = toolkit.load("price_caps"), load_oil_prices()
    ax = plot_crude_caps(caps, prices)
    by_id = {ln.get_gid(): ln for ln in ax.get_lines() if ln.get_gid()}
    crude = caps[caps["product"] == "crude"]
    assert set(by_id) == set(crude["cap_id"])  # product caps are not drawn
    for row in crude.itertuples():
        assert set(by_id[row.cap_id].get_ydata()) == {row.cap_usd_per_bbl}
    assert by_id["EU-CRUDE-FROZEN"].get_linestyle() == ":"  # inferred level (E30)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "G7+EU+Australia" in labels and "US" in labels and "EU" in labels and "UK" in labels
    assert "EU (frozen; level inferred)" in labels
    assert any(lab.startswith("Urals") for lab in labels)
    urals = [ln for ln in ax.get_lines() if ln.get_marker() == "D"]
    assert sorted(v for ln in urals for v in ln.get_ydata()) == [39, 40]  # E88
    assert "E87" in source_note_of(ax) and ax.get_ylabel() == "USD per barrel"


def test_designation_counts_bars_are_the_file():
    counts = load_designation_counts()
    ax = plot_designation_counts(counts)
    heights = sorted(round(p.get_height()) for p in ax.patches)
    every = counts[counts["scope"] == "all programs"]
    assert heights == sorted(every["count"])
    assert 1706 not in heights  # the Russian-only count is in the table, not beside totals
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert [round(p.get_height()) for p in hatched] == [815]  # the 2017-2021 average
    assert "Castellum" in source_note_of(ax)
