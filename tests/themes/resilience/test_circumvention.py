"""Circumvention at product level: groupings, group sums, before/after, ratio, DiD, who ships.

Hand-made frames pin every figure; the real ``eurostat-cn8-exports`` workbooks (converted once
per session into a temporary cache) check that the analysis runs on them and agrees with itself.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from toolkit.errors import DataFormatError, ParameterError
from toolkit.paths import shared_data_dir
from toolkit.themes.resilience import circumvention as cv
from toolkit.themes.resilience import cn8_panel as cnp
from toolkit.themes.resilience import groupings as gr

PRE_MONTHS = [f"2021-{m:02d}" for m in range(3, 12)]
POST_MONTHS = [f"2022-{m:02d}" for m in range(3, 12)]


def tidy(rows):
    """A tidy table like the reader's from ``(reporter, partner, code, period, value)`` rows."""
    df = pd.DataFrame(rows, columns=["reporter", "partner", "product_code", "period", "value_eur"])
    df["product"] = df["product_code"]
    df["flow"] = "EXPORT"
    return df


# ---- groupings ----------------------------------------------------------------------------


def test_chpl_is_the_facts_md_list():
    chpl = gr.load_chpl()
    assert len(chpl) == 50 and chpl["hs6"].is_unique
    counts = chpl.groupby("tier").size().to_dict()
    assert counts == {"1": 4, "2": 5, "3.A": 16, "3.B": 9, "4.A": 11, "4.B": 5}
    assert set(chpl["fact_id"]) == {"E98", "E99", "E100", "E101", "E102", "E103"}
    assert (chpl["confidence"] == "medium").all()
    assert chpl["source_url"].str.contains("fyaic/TradeSieve").all()
    assert chpl["original_url"].str.startswith("https://www.bis.gov/").all()
    root = shared_data_dir()
    facts = None if root is None else root.parent / "reference" / "facts.md"
    if facts is None or not facts.exists():
        pytest.skip("facts.md not found beside the shared data")
    listed = {}
    for line in facts.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| (E9[89]|E10[0-3]) \| CHPL Tier \S+: [^|]+\| ([^|]+)\|", line)
        if m:
            listed.update({c.strip(): m[1] for c in m[2].split(",")})
    assert listed == dict(zip(chpl["hs6"], chpl["fact_id"], strict=True))


def test_chpl_matches_cn8_by_prefix_and_falls_back_to_the_heading():
    codes = ["85423111", "85423190", "8471", "84715000", "85176200", "TOTAL"]
    cov = gr.chpl_coverage(codes).set_index("hs6")
    assert cov.loc["854231", "matched_by"] == "cn8"
    assert cov.loc["854231", "product_codes"] == "85423111,85423190"
    assert cov.loc["847150", "matched_by"] == "cn8"  # a CN8 of it exists: the heading is not used
    assert cov.loc["847180", "matched_by"] == "hs4 heading (wider)"
    assert "wider" in cov.loc["847180", "rule"]
    assert cov.loc["845710", "matched_by"] == "absent"
    groups = gr.chpl_groups(codes)
    tier1 = groups[groups["group"] == "CHPL tier 1"]
    assert set(tier1["product_code"]) == {"85423111", "85423190"}
    assert tier1["rule"].str.contains("starts with CHPL HS-6 854231").all()
    everything = set(groups.loc[groups["group"] == gr.CHPL_ALL, "product_code"])
    # 8471 (for 847180) holds 84715000: the CN8 is left out so that nothing counts twice
    assert everything == {"85423111", "85423190", "8471", "85176200"}


def test_chapters_author_list_and_control(tmp_path):
    codes = ["8471", "84715000", "84221100", "85171100", "88023000", "90011000", "2203", "TOTAL"]
    ch = gr.chapter_groups(codes)
    assert set(ch.loc[ch["group"] == "chapter 84", "product_code"]) == {"8471", "84221100"}
    assert set(ch["group"]) == {"chapter 84", "chapter 85", "chapter 88", "chapter 90"}
    listing = tmp_path / "export_sanctions_codes.csv"
    listing.write_text('"code","product"\n"84221100","Dishwashers"\n"99999999","absent"\n')
    author = gr.author_group(listing, codes)
    assert author["product_code"].tolist() == ["84221100"]
    assert author["group"].unique().tolist() == [gr.AUTHOR_GROUP]
    assert "not an official list" in author["rule"].iloc[0]
    assert gr.all_goods_group(codes)["product_code"].tolist() == ["TOTAL"]
    every = gr.product_groups(codes, author_list=listing)
    assert {gr.ALL_GOODS, gr.AUTHOR_GROUP, gr.CHPL_ALL} <= set(every["group"])
    listing.write_text('"code","product"\n"8422110","seven digits"\n')
    with pytest.raises(DataFormatError) as info:
        gr.author_group(listing, codes)
    assert info.value.line == 2 and info.value.column == "code"


# ---- the analysis on a hand-made frame ----------------------------------------------------

REPORTERS = ["Austria", "Czechia", "Germany (incl. German Democratic Republic 'DD' from 1991)"]
PARTNERS = ["Russian Federation (Russia)", "Armenia", "Kazakhstan"]
#: pre and post monthly value per (partner, product); the same for every reporter, times k
BASE = {
    ("Russian Federation (Russia)", "85423111"): (100.0, 10.0),
    ("Russian Federation (Russia)", "TOTAL"): (1000.0, 500.0),
    ("Armenia", "85423111"): (10.0, 40.0),
    ("Armenia", "TOTAL"): (100.0, 200.0),
    ("Kazakhstan", "85423111"): (20.0, 30.0),
    ("Kazakhstan", "TOTAL"): (200.0, 240.0),
}


@pytest.fixture
def panel():
    rows = []
    for k, reporter in enumerate(REPORTERS, start=1):
        for (partner, code), (pre, post) in BASE.items():
            scale = k if code == "TOTAL" else k * (1 + 0.1 * k)  # reporters differ a little
            for m in PRE_MONTHS:
                rows.append((reporter, partner, code, m, pre * scale))
            lift = 1 if code == "TOTAL" else 1 + 0.05 * k  # chips: post rises differ by reporter
            for m in POST_MONTHS:
                rows.append((reporter, partner, code, m, post * scale * lift))
            rows.append((reporter, partner, code, "2022-01", 1e9))  # outside both windows
    # one ':' cell, and a product in no group
    rows.append(("Austria", "Armenia", "85423190", "2021-03", np.nan))
    rows.append(("Austria", "Armenia", "22030001", "2021-03", 5.0))
    data = tidy(rows)
    groups = gr.product_groups(data["product_code"].unique())
    return cnp.group_totals(data, groups)


def test_group_totals_counts_missing_cells_and_uses_short_names(panel):
    assert set(panel["partner"]) == {"Russia", "Armenia", "Kazakhstan"}
    assert "Germany" in set(panel["reporter"])
    cell = panel[
        (panel["reporter"] == "Austria")
        & (panel["partner"] == "Armenia")
        & (panel["group"] == "CHPL tier 1")
        & (panel["period"] == "2021-03")
    ].iloc[0]
    assert cell["value_eur"] == pytest.approx(10.0 * 1.1)  # the ':' cell adds nothing
    assert (cell["cells"], cell["cells_missing"]) == (2, 1)
    # the chip counts in its tier, in all tiers and in chapter 85; TOTAL only in the control
    chip = panel[(panel["period"] == "2021-03") & (panel["reporter"] == "Czechia")]
    assert set(chip["group"]) == {"CHPL tier 1", gr.CHPL_ALL, "chapter 85", gr.ALL_GOODS}


def test_all_missing_is_nan_not_zero():
    data = tidy([("Austria", "Armenia", "TOTAL", "2021-03", np.nan)])
    out = cnp.group_totals(data, gr.all_goods_group(["TOTAL"]))
    assert np.isnan(out["value_eur"].iloc[0]) and out["cells_missing"].iloc[0] == 1


def test_before_after(panel):
    table = cv.before_after(panel).set_index(["partner", "group"])
    row = table.loc[("Armenia", gr.ALL_GOODS)]
    assert row["pre_eur"] == pytest.approx(100 * 9 * (1 + 2 + 3))
    assert row["post_eur"] == pytest.approx(200 * 9 * (1 + 2 + 3))
    assert row["growth_pct"] == pytest.approx(100.0)
    assert row["missing_pre_pct"] == 0
    assert table.loc[("Russia", gr.ALL_GOODS), "growth_pct"] == pytest.approx(-50.0)
    assert table.loc[("Armenia", "CHPL tier 1"), "missing_pre_pct"] == pytest.approx(
        100 / (3 * 9 + 1)
    )


def test_substitution_ratio(panel):
    out = cv.substitution_ratio(panel, neighbours=("Armenia", "Kazakhstan")).set_index("group")
    row = out.loc[gr.ALL_GOODS]
    assert row["neighbours"] == "Armenia, Kazakhstan"
    assert row["rise_neighbours_eur"] == pytest.approx((100 + 40) * 9 * 6)
    assert row["fall_russia_eur"] == pytest.approx(500 * 9 * 6)
    assert row["ratio"] == pytest.approx(140 / 500)
    with pytest.raises(ParameterError, match="Georgia"):
        cv.substitution_ratio(panel, neighbours=("Armenia", "Georgia"))


def test_substitution_ratio_is_nan_when_russia_did_not_fall(panel):
    grown = panel.copy()
    grown.loc[grown["partner"] == "Russia", "value_eur"] *= np.where(
        grown.loc[grown["partner"] == "Russia", "period"] >= "2022", 100, 1
    )
    out = cv.substitution_ratio(grown, neighbours=("Armenia",)).set_index("group")
    assert np.isnan(out.loc[gr.ALL_GOODS, "ratio"])


def _hand_did(panel, treated, control, partners):
    """The per-pair DiD by hand: log growth of treated minus control, mean over pairs."""
    ds = []
    for _, pair in panel[panel["partner"].isin(partners)].groupby(["reporter", "partner"]):
        growth = {}
        for group in (treated, control):
            g = pair[pair["group"] == group]
            pre = g.loc[g["period"].isin(PRE_MONTHS), "value_eur"].sum()
            post = g.loc[g["period"].isin(POST_MONTHS), "value_eur"].sum()
            growth[group] = np.log(post / pre)
        ds.append(growth[treated] - growth[control])
    return np.mean(ds), ds


def test_did_estimate_is_the_mean_pair_difference(panel):
    out = cv.did_estimate(
        panel, treated="CHPL tier 1", control=gr.ALL_GOODS, partners=("Armenia", "Kazakhstan")
    )
    expected, ds = _hand_did(panel, "CHPL tier 1", gr.ALL_GOODS, ("Armenia", "Kazakhstan"))
    assert out["estimate"] == pytest.approx(expected)
    # Armenia: log(4 lift) - log(2); Kazakhstan: log(1.5 lift) - log(1.2), lift = 1 + 0.05 k
    lifts = [1 + 0.05 * k for k in (1, 2, 3)]
    assert expected == pytest.approx(np.mean([np.log(r * x) for x in lifts for r in (2, 1.25)]))
    assert out["estimate_pct"] == pytest.approx(100 * (np.exp(expected) - 1))
    assert out["pairs"] == 6 and out["clusters"] == 3
    assert out["se"] > 0 and out["ci_low"] < out["estimate"] < out["ci_high"]
    assert out["dropped_units"] == 0 and len(ds) == 6


def test_did_triple_difference_against_russia(panel):
    out = cv.did_estimate(
        panel,
        treated="CHPL tier 1",
        control=gr.ALL_GOODS,
        partners=("Armenia",),
        comparison=("Russia",),
    )
    arm, _ = _hand_did(panel, "CHPL tier 1", gr.ALL_GOODS, ("Armenia",))
    rus, _ = _hand_did(panel, "CHPL tier 1", gr.ALL_GOODS, ("Russia",))
    assert out["estimate"] == pytest.approx(arm - rus)
    assert "vs Russia" in out["design"]
    with pytest.raises(ParameterError, match="no group"):
        cv.did_estimate(panel, treated="nope", control=gr.ALL_GOODS)


def test_who_ships(panel):
    out = cv.who_ships(panel, group="CHPL tier 1", neighbours=("Armenia", "Kazakhstan"), top=None)
    assert out["reporter"].tolist() == ["Germany", "Czechia", "Austria"]  # largest scale first
    assert out["share_of_rise_pct"].sum() == pytest.approx(100.0)
    austria = out.set_index("reporter").loc["Austria"]
    assert austria["rise_eur"] == pytest.approx(9 * 1.1 * ((40 + 30) * 1.05 - (10 + 20)))
    assert austria["russia_change_eur"] == pytest.approx(9 * 1.1 * (10 * 1.05 - 100))
    assert len(cv.who_ships(panel, group="CHPL tier 1", top=2)) == 2


# ---- the real files -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def real_totals(shared_data, tmp_path_factory):
    """Group sums of the real workbooks (converted once per session, cache shared)."""
    folder = shared_data / "eurostat-cn8-exports"
    if not folder.is_dir():
        pytest.skip(f"eurostat-cn8-exports is not in {shared_data}")
    data = cv.load_cn8_exports(path=folder, cache=tmp_path_factory.getbasetemp() / "cn8-cache")
    groups = gr.product_groups(
        data["product_code"].cat.categories, author_list=folder / "export_sanctions_codes.csv"
    )
    return cnp.group_totals(data, groups)


def test_real_before_after_and_ratio(real_totals):
    table = cv.before_after(real_totals).set_index(["partner", "group"])
    assert table.loc[("Russia", gr.ALL_GOODS), "growth_pct"] < -30
    assert table.loc[("Russia", gr.CHPL_ALL), "growth_pct"] < -90
    for partner in cv.NEIGHBOURS:
        assert table.loc[(partner, gr.CHPL_ALL), "change_eur"] > 0
    ratio = cv.substitution_ratio(real_totals).set_index("group")
    assert 0 < ratio.loc[gr.CHPL_ALL, "ratio"] < 1
    assert ratio.loc[gr.AUTHOR_GROUP, "neighbours"] == ", ".join(cv.NEIGHBOURS)
    # the ratio is built from the same sums as the before/after table
    nb = table.loc[(list(cv.NEIGHBOURS), gr.CHPL_ALL), "change_eur"].sum()
    assert ratio.loc[gr.CHPL_ALL, "rise_neighbours_eur"] == pytest.approx(nb)


def test_real_did_and_who_ships(real_totals):
    out = cv.did_estimate(real_totals, treated=gr.CHPL_ALL, control=gr.ALL_GOODS)
    assert np.isfinite(out["estimate"]) and out["se"] > 0
    assert out["clusters"] <= 27 and out["pairs"] <= 27 * len(cv.NEIGHBOURS)
    ships = cv.who_ships(real_totals, group=gr.CHPL_ALL, top=None)
    assert ships["rise_eur"].iloc[0] == ships["rise_eur"].max() > 0
    assert ships["reporter"].nunique() == len(ships) <= 27
