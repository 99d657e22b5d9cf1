"""Circumvention: did it last (Comext totals, IMF), the plots, the view and the claim checks.

Hand-made frames pin the arithmetic; the real Comext and IMF files check that the series run
to 2024-08 / 2024 and agree with sums taken with the csv module alone.
"""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from toolkit.claims.checks import DataSource, Unavailable
from toolkit.errors import ParameterError
from toolkit.themes.resilience import checks as rchecks
from toolkit.themes.resilience import circumvention_later as cl
from toolkit.themes.resilience import circumvention_plots as cp
from toolkit.themes.resilience import circumvention_views as cvw
from toolkit.themes.resilience import cn8_panel as cnp
from toolkit.themes.resilience import groupings as gr
from toolkit.viz.theme import source_note_of

# ---- did it last: hand-made frames ----------------------------------------------------------


def comext_rows(values):
    """Comext-like rows from ``{(reporter, partner, year, month): value}``."""
    rows = [
        {
            "reporter": r,
            "reporter_kind": "aggregate" if r.startswith("European Union") else "eu27_member",
            "partner": p,
            "product": "Total",
            "flow": "export",
            "stat_procedure": "Total",
            "year": y,
            "month": m,
            "value_eur": v,
        }
        for (r, p, y, m), v in values.items()
    ]
    return pd.DataFrame(rows)


def test_eu_monthly_totals_drops_aggregates_and_keeps_missing():
    df = comext_rows(
        {
            ("Austria", "Russian Federation (Russia)", 2021, 1): 10.0,
            ("Czechia", "Russian Federation (Russia)", 2021, 1): 5.0,
            ("European Union - 27 countries", "Russian Federation (Russia)", 2021, 1): 15.0,
            ("Austria", "Kyrgyz Republic", 2021, 1): np.nan,
        }
    )
    out = cl.eu_monthly_totals(df).set_index(["partner", "period"])
    assert out.loc[("Russia", "2021-01"), "value_eur"] == 15.0  # not 30: the aggregate is dropped
    assert out.loc[("Russia", "2021-01"), "reporters"] == 2
    assert np.isnan(out.loc[("Kyrgyzstan", "2021-01"), "value_eur"])  # missing, not zero
    df.loc[0, "flow"] = "2-export"  # the code+label variant counts by its label
    assert cl.eu_monthly_totals(df).set_index(["partner", "period"]).loc[
        ("Russia", "2021-01"), "value_eur"
    ] == pytest.approx(15.0)
    df.loc[1, "product"] = "84"
    with pytest.raises(ParameterError, match="values of product"):
        cl.eu_monthly_totals(df)


def test_same_months_by_year_compares_only_the_months_of_the_last_year():
    values = {}
    for year, level in ((2021, 10.0), (2022, 20.0)):
        for m in range(1, 13):
            values[("Austria", "Russia", year, m)] = level
            values[("Austria", "Armenia", year, m)] = level / 10
    for m in (1, 2):  # 2023 has two months only
        values[("Austria", "Russia", 2023, m)] = 5.0
        values[("Austria", "Armenia", 2023, m)] = 4.0
    monthly = cl.eu_monthly_totals(comext_rows(values))
    out = cl.same_months_by_year(monthly).set_index(["partner", "year"])
    assert set(out["months"]) == {2}
    assert out.loc[("Russia", 2021), "value_eur"] == 20.0
    assert out.loc[("Russia", 2023), "index"] == pytest.approx(50.0)
    assert out.loc[("Armenia", 2023), "index"] == pytest.approx(400.0)
    assert out.loc[("neighbours", 2022), "index"] == pytest.approx(200.0)
    full = cl.same_months_by_year(monthly, months=range(1, 13)).set_index(["partner", "year"])
    assert 2023 not in full.loc["Russia"].index  # a year lacking months is left out
    with pytest.raises(ParameterError, match="base year 2019"):
        cl.same_months_by_year(monthly, base_year=2019)


def test_imf_partner_index_keeps_missing_and_flags_estimates():
    imf = pd.DataFrame(
        {
            "partner_id": ["ARM", "ARM", "KAZ", "KAZ", "USA"],
            "flow": "imports",
            "year": [2021, 2024, 2021, 2024, 2021],
            "value_usd_m": [100.0, 250.0, 50.0, np.nan, 1.0],
            "estimated_from_partners": [False, True, False, True, False],
        }
    )
    out = cl.imf_partner_index(imf).set_index(["partner", "year"])
    assert out.loc[("Armenia", 2024), "index"] == pytest.approx(250.0)
    assert np.isnan(out.loc[("Kazakhstan", 2024), "index"])
    assert out.loc[("Armenia", 2024), "estimated_from_partners"]
    assert "USA" not in set(out.index.get_level_values(0))
    with pytest.raises(ParameterError, match="no exports rows"):
        cl.imf_partner_index(imf, flow="exports")


def test_shared_paths_names_the_missing_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("SANCTIONS_TOOLKIT_SHARED_DATA", str(tmp_path / "absent"))
    monkeypatch.setattr("toolkit.paths.PROJECT_DIR", tmp_path)  # no ../shared/data either
    with pytest.raises(ParameterError, match="not embedded"):
        cl.shared_paths()
    given = cl.shared_paths(cn8_dir="a", comext_root="b", imf_path="c")
    assert {k: str(v) for k, v in given.items()} == {
        "cn8_dir": "a",
        "comext_root": "b",
        "imf_path": "c",
    }


# ---- did it last: the real files --------------------------------------------------------------


def _csv_total(folder, year, months):
    """EU-27 members' exports in ``folder`` for the months of one year, with the csv module."""
    from toolkit.sources.comext import EU27_MEMBERS

    total = 0.0
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                period = row["PERIOD"].split("-")[-1]  # "202408-Aug. 2024" or "Aug. 2024"
                month, yr = period.split(". ")
                if int(yr) != year or month not in months:
                    continue
                if row["REPORTER"].split(" (")[0] in EU27_MEMBERS and row["VALUE_IN_EUR"]:
                    total += float(row["VALUE_IN_EUR"])
    return total


@pytest.fixture(scope="module")
def real_eu(shared_data):
    """EU-27 monthly totals of every partner's folder (the two export variants mixed)."""
    absent = [f for f in cl.COMEXT_FOLDERS.values() if not (shared_data / f).is_dir()]
    if absent:
        pytest.skip(f"{', '.join(absent)} not in {shared_data}")
    monthly = cl.load_eu_monthly(shared_data)
    assert set(monthly["partner"]) == set(cl.COMEXT_FOLDERS)
    assert (monthly.groupby("partner")["period"].max() == "2024-08").all()
    return monthly


JAN_AUG = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug")


@pytest.mark.parametrize(
    "partner,year", [("Kyrgyzstan", 2024), ("Kazakhstan", 2023), ("Russia", 2021)]
)
def test_real_comext_same_months_match_the_csv_module(real_eu, shared_data, partner, year):
    folder = shared_data / cl.COMEXT_FOLDERS[partner]
    out = cl.same_months_by_year(real_eu).set_index(["partner", "year"])
    expected = _csv_total(folder, year, JAN_AUG)
    assert out.loc[(partner, year), "value_eur"] == pytest.approx(expected, rel=1e-12)


def test_real_imf_neighbours_to_2024(shared_file):
    from toolkit.sources import read_imf_imts

    imf = read_imf_imts(shared_file("imf-imts-russia-by-partner/RU_trade.csv"))
    out = cl.imf_partner_index(imf).set_index(["partner", "year"])
    assert out.index.get_level_values("year").max() == 2024
    assert np.isnan(out.loc[("Kazakhstan", 2024), "value_usd_m"])  # empty in the file
    assert out.loc[("Armenia", 2021), "index"] == 100
    assert out.loc[("Armenia", 2024), "estimated_from_partners"]


# ---- plots, view and checks on a hand-made panel -------------------------------------------


@pytest.fixture(scope="module")
def panel():
    """Group sums of two reporters, Russia and the five neighbours, 2021-01..2022-12."""
    rows = []
    months = [f"{y}-{m:02d}" for y in (2021, 2022) for m in range(1, 13)]
    for k, reporter in enumerate(["Austria", "Czechia"], start=1):
        for partner, chips, total in (
            ("Russian Federation (Russia)", (100.0, 10.0), (1000.0, 600.0)),
            ("Armenia", (10.0, 40.0), (100.0, 150.0)),
            ("Kyrgyzstan", (5.0, 20.0 + k), (50.0, 60.0)),
            ("Georgia", (1.0, 1.0 + k), (10.0, 10.0)),
            ("Kazakhstan", (2.0, 2.0), (20.0, 20.0 + k)),
            ("Uzbekistan", (3.0, 4.0), (30.0, 30.0)),
        ):
            for period in months:
                after = period >= "2022-03"
                rows.append((reporter, partner, "85423111", period, k * chips[after]))
                rows.append((reporter, partner, "TOTAL", period, k * total[after]))
    df = pd.DataFrame(rows, columns=["reporter", "partner", "product_code", "period", "value_eur"])
    df = df.assign(product=df["product_code"], flow="EXPORT")
    return cnp.group_totals(df, gr.product_groups(df["product_code"].unique()))


def test_plots_draw_the_data_with_a_source_note(panel):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from toolkit.themes.resilience.circumvention import substitution_ratio, who_ships

    monthly = cp.eu_monthly_by_group(panel)
    ax = cp.plot_group_flows(
        monthly,
        group=gr.CHPL_ALL,
        partners=["Armenia"],
        post=PERIODS_POST,
        ax=plt.figure().subplots(),
    )
    russia, armenia = ax.get_lines()
    assert (russia.get_label(), armenia.get_label()) == ("Russia", "Armenia")
    assert russia.get_ydata()[-1] == pytest.approx(3 * 10.0 / 1e6)  # both reporters, EUR m
    assert "DS-045409" in source_note_of(ax)
    ratio = substitution_ratio(panel, neighbours=["Armenia", "Kyrgyzstan"])
    ax = cp.plot_substitution(ratio, control=gr.ALL_GOODS, ax=plt.figure().subplots())
    shown = ratio.set_index("group")["ratio"].drop(gr.ALL_GOODS).dropna().sort_values()
    assert [t.get_text() for t in ax.get_yticklabels()] == list(shown.index)
    assert [p.get_width() for p in ax.patches] == pytest.approx(list(shown))
    assert ax.get_lines()[0].get_xdata()[0] == pytest.approx(  # the control's reference line
        ratio.set_index("group").loc[gr.ALL_GOODS, "ratio"]
    )
    ships = who_ships(panel, group=gr.CHPL_ALL, neighbours=["Armenia", "Kyrgyzstan"])
    ax = cp.plot_who_ships(ships, ax=plt.figure().subplots())
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == ships["reporter"].iloc[0]
    with pytest.raises(ParameterError, match="no group"):
        cp.plot_group_flows(monthly, group="nothing", partners=[])


PERIODS_POST = ("2022-03", "2022-11")


def test_view_changes_group_partner_and_period(panel):
    view = cvw.circumvention_view(
        panel,
        group=gr.CHPL_ALL,
        partner="Armenia",
        period="2022-03..2022-11",
        neighbours=["Armenia", "Kyrgyzstan"],
    )
    row = view.last_table.iloc[0]
    # Armenia: chips 10 -> 40 a month for reporter 1, x2 for reporter 2; Russia 100 -> 10
    exact = cvw.period_ratio(
        cp.eu_monthly_by_group(panel),
        group=gr.CHPL_ALL,
        partners=["Armenia"],
        period="2022-03..2022-11",
    ).iloc[0]
    assert exact["rise_eur"] == pytest.approx(9 * 30 * 3)
    assert exact["fall_eur"] == pytest.approx(9 * 90 * 3)
    assert row["rise_eur_m"] == round(exact["rise_eur"] / 1e6, 1)
    assert row["ratio"] == pytest.approx(1 / 3, abs=5e-4)  # shown to 3 decimals
    view.controls["partner"].value = cvw.ALL_NEIGHBOURS
    both = view.last_table.iloc[0]
    assert both["partners"] == "Armenia, Kyrgyzstan" and both["ratio"] > row["ratio"]
    view.controls["group"].value = gr.ALL_GOODS
    assert view.last_table["group"].iloc[0] == gr.ALL_GOODS
    view.controls["period"].value = "2022-03..2022-06"
    assert view.last_table["period"].iloc[0] == "2022-03..2022-06"
    assert "substitution ratio" in view.last_figure.axes[0].get_title()
    html = view.static_html()
    assert "<img" in html and "2022-03..2022-06" in html


def test_view_update_matches_a_fresh_drawing(panel):
    kw = {"neighbours": ["Armenia", "Kyrgyzstan"], "period": "2022-03..2022-11"}
    view = cvw.circumvention_view(panel, group=gr.CHPL_ALL, partner="Armenia", **kw)
    view.controls["partner"].value = cvw.ALL_NEIGHBOURS
    view.controls["period"].value = "2022-07..2022-11"
    view.controls["group"].value = gr.ALL_GOODS
    moved = view.last_figure.axes[0]
    fresh = cvw.circumvention_view(
        panel,
        group=gr.ALL_GOODS,
        partner=cvw.ALL_NEIGHBOURS,
        **{**kw, "period": "2022-07..2022-11"},
    ).last_figure.axes[0]
    assert moved is not fresh and moved.get_title() == fresh.get_title()
    for a, b in zip(moved.get_lines(), fresh.get_lines(), strict=True):
        assert a.get_label() == b.get_label()
        assert list(a.get_xdata()) == list(b.get_xdata())
        assert np.allclose(a.get_ydata(), b.get_ydata())
    assert [t.get_text() for t in moved.get_legend().get_texts()] == [
        t.get_text() for t in fresh.get_legend().get_texts()
    ]
    span = [p.get_bbox().bounds for ax in (moved, fresh) for p in ax.patches if p.get_gid()]
    assert np.allclose(span[0][::2], span[1][::2])  # the same x and width
    assert np.allclose(moved.get_ylim(), fresh.get_ylim())


def test_period_ratio_is_nan_when_russia_did_not_fall(panel):
    monthly = cp.eu_monthly_by_group(panel)
    russia = monthly["partner"] == "Russia"
    monthly = pd.concat([monthly[~russia], monthly[russia].assign(value_eur=1.0)])
    out = cvw.period_ratio(
        monthly, group=gr.CHPL_ALL, partners=["Armenia"], period="2022-03..2022-11"
    )
    assert out["fall_eur"].iloc[0] == 0 and np.isnan(out["ratio"].iloc[0])


def test_claim_checks_on_the_product_data(panel):
    from toolkit.themes.resilience.circumvention import did_estimate, substitution_ratio

    data = DataSource({rchecks.CN8_DATASET: panel})
    obs = rchecks.cn8_substitution(data, group=gr.CHPL_ALL)
    expected = substitution_ratio(panel).set_index("group").loc[gr.CHPL_ALL, "ratio"]
    assert obs.value == pytest.approx(expected) and obs.dataset == rchecks.CN8_DATASET
    assert "Kyrgyzstan" in obs.detail
    did = rchecks.cn8_did(data, treated=gr.CHPL_ALL, control=gr.ALL_GOODS)
    ref = did_estimate(panel, treated=gr.CHPL_ALL, control=gr.ALL_GOODS)
    assert did.value == pytest.approx(ref["estimate"])
    assert (did.low, did.high) == (ref["ci_low"], ref["ci_high"])
    with pytest.raises(Unavailable, match="no product-level data"):
        rchecks.cn8_substitution(DataSource(), group=gr.CHPL_ALL)
    with pytest.raises(Unavailable, match="no group"):
        rchecks.cn8_substitution(data, group="nothing")
