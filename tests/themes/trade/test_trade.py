"""Tests of the trade theme: the embedded tables, their derivation, and the analysis functions."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import toolkit
from toolkit.errors import ParameterError
from toolkit.paths import embedded
from toolkit.sources import read_census_country, read_rosstat_trade
from toolkit.themes import trade

CENSUS = "census-country-trade/country.xlsx"
ROSSTAT = "rosstat-trade-by-country/96stran.xlsx"

# facts.md A01-A32: exports, imports (USD million, rounded to 0.1).
FACTS_A = {
    1992: (2112.5, 481.4),
    1993: (2970.3, 1743.4),
    1994: (2578.0, 3244.9),
    1998: (3552.7, 5747.2),
    2000: (2092.5, 7658.5),
    2005: (3962.3, 15306.7),
    2008: (9334.6, 26783.0),
    2011: (8318.4, 34619.0),
    2012: (10695.3, 29364.8),
    2013: (11144.7, 27085.7),
    2014: (10752.4, 23659.6),
    2019: (5787.4, 22279.1),
    2020: (4889.1, 16902.0),
    2021: (6388.2, 29638.3),
    2022: (1656.1, 14437.1),
    2023: (599.6, 4570.8),
}
# facts.md balances / totals (A11, A20, A30, A32).
FACTS_DERIVED = {
    2002: (-4473.2, 9267.0),
    2011: (-26300.6, 42937.5),
    2021: (-23250.2, 36026.5),
    2023: (-3971.2, 5170.4),
}


@pytest.fixture(scope="module")
def annual():
    return trade.load_us_russia_trade(freq="annual")


@pytest.fixture(scope="module")
def monthly():
    return trade.load_us_russia_trade(freq="monthly")


def _v(df, year, flow, month=None):
    sel = (df.year == year) & (df.flow == flow)
    if month is not None:
        sel &= df.month == month
    (value,) = df.loc[sel, "value_usd_m"]
    return value


def test_annual_facts(annual):
    for year, (exp, imp) in FACTS_A.items():
        assert (round(_v(annual, year, "exports"), 1), round(_v(annual, year, "imports"), 1)) == (
            exp,
            imp,
        ), year
    for year, (bal, tot) in FACTS_DERIVED.items():
        assert round(_v(annual, year, "balance"), 1) == bal, year
        assert round(_v(annual, year, "total"), 1) == tot, year
    assert annual.year.min() == 1992 and annual.year.max() == 2024
    assert len(annual) == 33 * 4


def test_annual_2024_is_ustr_flagged(annual):
    y24 = annual[annual.year == 2024].set_index("flow")
    assert y24.loc["exports", "value_usd_m"] == 526.1  # A36
    assert y24.loc["imports", "value_usd_m"] == 3000.0  # A37, rounded
    assert set(y24.source_id) == {"ustr-2024-summary"}
    assert y24.is_estimate.all()
    assert bool(y24.loc["imports", "approx"]) and not bool(y24.loc["exports", "approx"])
    assert y24.loc["exports", "fact_id"] == "A36" and y24.loc["exports", "confidence"] == "medium"
    assert not annual[annual.year < 2024].is_estimate.any()
    assert set(annual[annual.year == 2021].fact_id) == {"A30"}


def test_monthly_series(monthly):
    assert monthly.date.min() == pd.Timestamp("1992-01-01")
    assert monthly.date.max() == pd.Timestamp("2024-12-01")
    assert len(monthly) == 33 * 12 * 4
    late = monthly[(monthly.year == 2024) & (monthly.month > 6)]
    assert late.value_usd_m.isna().all() and len(late) == 24  # not published: NaN, never 0
    # facts A33-A35, A46.
    h1 = monthly[(monthly.year == 2024) & (monthly.month <= 6)].groupby("flow").value_usd_m.sum()
    assert (round(h1["exports"], 1), round(h1["imports"], 1)) == (233.9, 1881.7)
    assert [round(_v(monthly, 2022, "imports", m), 1) for m in (1, 2, 3)] == [
        1959.2,
        2571.1,
        2751.0,
    ]
    assert [round(_v(monthly, 2022, "exports", m), 1) for m in (1, 2, 3)] == [386.3, 466.3, 87.1]
    assert round(_v(monthly, 2022, "imports", 9), 1) == 333.6
    assert round(_v(monthly, 2023, "exports", 1), 1) == 44.8
    assert round(_v(monthly, 2024, "imports", 5), 1) == 438.7  # matches TASS (method notes)


def test_annual_equals_sum_of_monthly(annual, monthly):
    sums = monthly[monthly.year < 2024].groupby(["year", "flow"]).value_usd_m.sum()
    ann = annual[annual.year < 2024].set_index(["year", "flow"]).value_usd_m
    assert (sums - ann.loc[sums.index]).abs().max() < 0.6


def test_derived_not_stored():
    for name in ("us_russia_trade_annual.csv", "us_russia_trade_monthly.csv"):
        stored = pd.read_csv(embedded(name))
        assert set(stored.flow) == {"exports", "imports"}


def test_bad_options():
    with pytest.raises(ParameterError, match="expected one of annual, monthly") as err:
        trade.load_us_russia_trade(freq="weekly")
    assert err.value.key == "freq"
    with pytest.raises(ParameterError, match="unknown flow"):
        trade.load_us_russia_trade(flows=["re-exports"])


def test_registry_load():
    df = toolkit.load("us_russia_trade", freq="monthly", flows=["imports"])
    assert set(df.flow) == {"imports"}
    assert df.attrs["source"]["publisher"].startswith("US Census Bureau")
    assert df.attrs["source"]["usage_warnings"]
    with pytest.raises(ParameterError, match="freq"):
        toolkit.load("us_russia_trade", freq="quarterly")
    with pytest.raises(ParameterError, match="unknown option"):
        toolkit.load("us_russia_trade", frequency="annual")
    for name in (
        "us_russia_trade_mirror",
        "us_imports_from_russia_goods",
        "us_imports_hs_2024",
        "us_russia_trade_2025",
    ):
        assert len(toolkit.load(name)) > 0


def test_embedded_matches_the_real_files(shared_file):
    """Re-derive the embedded tables from the real files: the build is reproducible."""
    import importlib.util

    from toolkit.paths import PROJECT_DIR

    spec = importlib.util.spec_from_file_location(
        "build_us_russia_trade", PROJECT_DIR / "scripts" / "build_us_russia_trade.py"
    )
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    path = shared_file(CENSUS)
    m, a = build.transform_census(
        read_census_country(path, countries=[4621]),
        read_census_country(path, freq="annual", countries=[4621]),
    )
    ru = build.transform_rosstat(read_rosstat_trade(shared_file(ROSSTAT), partners=["USA"]))
    build.validate(m, a, ru)
    for name, df in (
        ("us_russia_trade_monthly.csv", m),
        ("us_russia_trade_annual.csv", a),
        ("us_russia_trade_rosstat.csv", ru),
    ):
        stored = pd.read_csv(embedded(name))
        pd.testing.assert_frame_equal(
            stored.reset_index(drop=True), df.reset_index(drop=True), check_dtype=False
        )


def test_from_census_equals_embedded(shared_file, annual):
    census = read_census_country(shared_file(CENSUS), freq="annual", countries=[4621])
    got = trade.from_census(census, freq="annual")
    assert got.source_id.iloc[0] == "census-country-2024-06"
    pd.testing.assert_series_equal(
        got.value_usd_m.reset_index(drop=True),
        annual.value_usd_m.reset_index(drop=True),
    )
    monthly = trade.from_census(
        read_census_country(shared_file(CENSUS), countries=[4621]), freq="monthly"
    )
    assert monthly[(monthly.year == 2024) & (monthly.month > 6)].value_usd_m.isna().all()
    with pytest.raises(ParameterError, match="read with freq='annual'"):
        trade.from_census(census, freq="monthly")
    with pytest.raises(ParameterError, match="country code 9999"):
        trade.from_census(census, cty_code=9999)


def test_fall_factor(annual):
    f = trade.fall_factor(annual).set_index("flow")
    # 2021 Census over 2024 USTR: 36,026.5 / 3,526.1; 6,388.2 / 526.1; 29,638.3 / 3,000.
    assert f.loc["total", "factor"] == pytest.approx(36026.5 / 3526.1, rel=1e-5)
    assert f.loc["exports", "factor"] == pytest.approx(12.14, abs=0.01)
    assert f.loc["imports", "factor"] == pytest.approx(9.88, abs=0.01)
    assert f.loc["total", "change_pct"] == pytest.approx(-90.2, abs=0.05)
    assert f.loc["total", "comparison_source"] == "ustr-2024-summary"
    f23 = trade.fall_factor(annual, comparison_year=2023).set_index("flow")
    assert f23.loc["exports", "factor"] == pytest.approx(6388.2 / 599.6, rel=1e-4)
    with pytest.raises(ParameterError, match="year 2030 is not in the data"):
        trade.fall_factor(annual, comparison_year=2030)


def test_fall_factor_needs_annual(monthly):
    with pytest.raises(ParameterError, match="needs annual data"):
        trade.fall_factor(monthly)


def test_yoy(annual):
    y = trade.yoy(annual).set_index(["year", "flow"])
    # A29 -> A30: total 21,791.1 -> 36,026.5 is +65.3%; exports 2022 -74.1% (A31).
    assert y.loc[(2021, "total"), "change_pct"] == pytest.approx(65.33, abs=0.01)
    assert y.loc[(2022, "exports"), "change_pct"] == pytest.approx(-74.08, abs=0.01)
    assert y.loc[(2024, "exports"), "change_abs_usd_m"] == pytest.approx(-73.5, abs=0.02)
    assert math.isnan(y.loc[(1992, "exports"), "change_pct"])


def test_mirror():
    mirror = trade.load_mirror()
    assert (mirror.year.min(), mirror.year.max()) == (2006, 2024)
    ros = mirror[mirror.russia_source == trade.ROSSTAT_ID]
    imf = mirror[mirror.russia_source == trade.IMF_ID]
    assert (len(ros), ros.year.max()) == (32, 2021)  # Rosstat: 2006-2021, both flows
    assert (len(imf), imf.year.min(), imf.year.max()) == (18, 2016, 2024)
    r21 = ros[ros.year == 2021].set_index("us_flow")
    assert round(r21.loc["imports", "us_reported_usd_m"], 1) == 29638.3
    assert round(r21.loc["imports", "russia_reported_usd_m"], 1) == 17522.8
    assert round(r21.loc["exports", "russia_reported_usd_m"], 1) == 16872.2
    assert round(r21.loc["imports", "gap_usd_m"], 1) == round(29638.331711 - 17522.76549, 1)
    # each side names the flow from its own view: US imports are Russia's exports
    assert (r21.loc["imports", "russia_flow"], r21.loc["exports", "russia_flow"]) == (
        "exports",
        "imports",
    )
    assert imf.estimated_from_partners.tolist() == [y >= 2022 for y in imf.year]
    assert not ros.estimated_from_partners.any()
    assert mirror.attrs["source"]["sources"].keys() == {
        "census-country-2024-06",
        "ustr-2024-summary",
        trade.ROSSTAT_ID,
        trade.IMF_ID,
    }
    only = trade.load_mirror(russia=[trade.ROSSTAT_ID])
    assert set(only.russia_source) == {trade.ROSSTAT_ID} and len(only) == 32


def test_imf_us_rows_pinned_to_the_file(shared_file):
    """IMF IMTS US rows 2022-2024 (PROVENANCE.md, facts.md E74) and the embedded copy of them."""
    from toolkit.sources import read_imf_imts

    rows = trade.imf_us_rows(read_imf_imts(shared_file("imf-imts-russia-by-partner/RU_trade.csv")))
    got = rows.set_index(["year", "flow"]).value_usd_m.round(1)
    assert got[(2022, "imports")] == 4561.7 and got[(2023, "imports")] == 1638.6
    assert got[(2024, "imports")] == 1443.2 and got[(2024, "exports")] == 1808.8  # E74
    assert got[(2021, "imports")] == 17519.5
    assert rows[rows.year >= 2022].estimated_from_partners.all()
    stored = pd.read_csv(embedded("us_russia_trade_imf.csv"))
    pd.testing.assert_frame_equal(stored, rows, check_dtype=False)


def test_hs_products_pinned_to_the_parquet_file(shared_file):
    """2024 top products recomputed from the HS10 file: the embedded table is that file's."""
    from toolkit.sources import read_census_hs10

    hs10 = read_census_hs10(shared_file("census-hs10-imports/2024-hs10-imports4621.parquet"))
    by_hs4 = hs10.groupby("hs4").imports_for_consumption_usd.sum() / 1e6
    products = trade.load_us_imports_hs()
    h4 = products[products.level == "hs4"].set_index("code")
    for code in ("7110", "2844", "3102", "3104"):
        assert h4.loc[code, "imports_for_consumption_usd_m"] == pytest.approx(by_hs4[code])
    assert round(h4.loc["7110", "imports_for_consumption_usd_m"], 1) == 877.7  # palladium
    for level, part in products.groupby("level"):
        assert part.imports_for_consumption_usd_m.sum() == pytest.approx(
            hs10.imports_for_consumption_usd.sum() / 1e6
        ), level  # 2,931.8 (PROVENANCE.md): the "other" row holds the rest
    top10 = hs10.set_index("hs10").imports_for_consumption_usd / 1e6
    h10 = products[(products.level == "hs10") & (products.code != trade.OTHER)]
    assert h10.code.tolist() == top10.index[: len(h10)].tolist()
    assert h10.imports_for_consumption_usd_m.tolist() == pytest.approx(
        top10.iloc[: len(h10)].tolist()
    )
    for level, top in (("hs4", 12), ("hs10", 15)):
        again = trade.hs_products(hs10, level=level, top=top)
        stored = products[products.level == level].reset_index(drop=True)
        pd.testing.assert_frame_equal(again, stored, check_dtype=False)


def test_hs_products_reject_an_unknown_level():
    with pytest.raises(ParameterError, match="level 'hs6'"):
        trade.load_us_imports_hs(level="hs6")
    assert "not general imports" in trade.load_us_imports_hs().attrs["source"]["concept"].replace(
        "NOT", "not"
    )


def test_trade_2025_year_to_date(monthly):
    recent = trade.load_trade_2025()
    assert set(recent.confidence) == {"medium"} and set(recent.fact_id) == {"A45", "E78"}
    assert recent[recent.is_projection].fact_id.tolist() == ["E78"]
    assert len(trade.load_trade_2025(projections=False)) == 3
    ytd = trade.year_to_date(recent, monthly).set_index("flow")
    # facts A45: Census Jan-May 2024 1,695.0 / 191.5 (recomputed from the file), 2025 2,091 / 231.7
    assert round(ytd.loc["imports", "value_2024_usd_m"], 1) == 1695.0
    assert round(ytd.loc["exports", "value_2024_usd_m"], 1) == 191.5
    assert round(ytd.loc["imports", "change_pct"]) == 23  # "+23%" (A45)
    short = monthly[~((monthly.year == 2024) & (monthly.month == 3))]
    with pytest.raises(ParameterError, match="lack 2024 months 1-5"):
        trade.year_to_date(recent, short)


def test_mirror_from_reader_output(shared_file):
    from toolkit.sources import read_imf_imts

    us = trade.load_us_russia_trade(flows=["exports", "imports"])
    ru = read_rosstat_trade(shared_file(ROSSTAT))
    imf = read_imf_imts(shared_file("imf-imts-russia-by-partner/RU_trade.csv"))
    pd.testing.assert_frame_equal(trade.mirror_view(us, [ru, imf]), trade.load_mirror())


def test_goods():
    g = trade.load_us_imports_goods(year=2024).set_index("category")
    assert g.loc["palladium", "value_usd_m"] == 878.0  # A41
    assert g.loc["fertilizers + palladium + uranium", "share_pct"] == 90  # A42
    assert set(g.confidence) == {"medium"} and g.source_url.str.startswith("https://").all()
    g21 = trade.load_us_imports_goods(year=2021)
    assert len(g21) == 10 and g21.value_usd_m.iloc[0] == 10265.6  # A40 fuel oil
    with pytest.raises(ParameterError, match="no goods figures for 2019"):
        trade.load_us_imports_goods(year=2019)


def test_select(annual):
    s = trade.select(annual, start=2014, end=2016, flows=["total"])
    assert s.year.tolist() == [2014, 2015, 2016]
    assert s.attrs["source"] == annual.attrs["source"]


def test_every_facts_row_a01_a32(shared_data, annual):
    """facts.md A01-A32 (exports / imports / total / balance), read from the fact sheet itself."""
    import re

    facts = shared_data.parent / "reference" / "facts.md"
    if not facts.exists():
        pytest.skip(f"{facts} is absent")
    rows = re.findall(
        r"^\| (A\d\d) \| US goods trade with Russia, (\d{4}): exports / imports / total / balance "
        r"\| ([^|]+) \|",
        facts.read_text(encoding="utf-8"),
        flags=re.M,
    )
    assert len(rows) == 32
    table = trade.wide(annual)
    for fact_id, year, values in rows:
        exp, imp, tot, bal = (
            float(v.replace(",", "").replace("+", "")) for v in values.split(" / ")
        )
        got = table.loc[int(year)]
        assert (
            round(got.exports, 1),
            round(got.imports, 1),
            round(got.total, 1),
            round(got.balance, 1),
        ) == (exp, imp, tot, bal), fact_id
        assert set(annual[annual.year == int(year)].fact_id) == {fact_id}
