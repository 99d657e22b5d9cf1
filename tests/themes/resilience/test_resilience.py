"""Resilience theme: cited indicators, factor coverage, the rerouting index and the mirror-trade table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from toolkit.errors import ParameterError
from toolkit.themes.resilience import (
    FACTORS,
    compare_annual,
    destination_shares,
    factor_coverage,
    load_indicators,
    load_mirror_trade,
    mirror_trade_from_files,
    ratio,
    rerouting_index,
)


@pytest.fixture(scope="module")
def indicators():
    return load_indicators()


@pytest.fixture(scope="module")
def mirror():
    return load_mirror_trade()


def _value(ind, indicator, period):
    return ind[(ind["indicator"] == indicator) & (ind["period"] == period)]["value"].item()


# --------------------------------------------------------------------------- indicators


def test_every_indicator_row_is_cited(indicators):
    # Mir's card share (C12 note) is left out: facts.md gives no URL of its Reuters source.
    # 74 rows cite groups B and C; 35 cite section E (34 new rows, and 2024 growth revised: E83)
    assert len(indicators) == 109
    assert indicators["fact_id"].str.startswith("E").sum() == 35
    assert indicators["source_url"].str.startswith("http").all()
    assert (indicators["publisher"].str.len() > 0).all()
    assert set(indicators["confidence"]) == {"high", "medium"}  # no low row is shipped
    assert indicators["fact_id"].str.fullmatch(r"[BC]\d\d|E\d{2,3}").all()
    # one row per indicator, period and qualifier, unless two sources conflict (basis tells them)
    assert not indicators.duplicated(["indicator", "period", "qualifier", "basis"]).any()


def test_indicator_values_from_facts(indicators):
    assert [
        _value(indicators, "gdp_growth", y) for y in ("2020", "2021", "2022", "2023", "2024")
    ] == [
        -2.7,
        5.6,
        -2.1,
        3.6,
        4.3,
    ]  # C06-C08; 2024 revised from 4.1 (E83)
    assert _value(indicators, "oil_gas_revenue", "2020") == 5.24  # C09 note (Reuters)
    assert _value(indicators, "oil_gas_revenue", "2022") == 11.586  # C09
    assert _value(indicators, "spfs_participants", "2023-09") == 514  # C11 note
    assert _value(indicators, "mir_cards_issued", "2023-09") == 228.4  # C12 note
    assert _value(indicators, "kse_full_exits", "2023-10-01") == 284  # C20
    assert _value(indicators, "sovereign_assets_immobilised_world", "2024") == 300  # B62
    euroclear = indicators[indicators["indicator"] == "euroclear_sanctioned_assets"]
    assert euroclear.set_index("period")["confidence"].to_dict()["2024-03-31"] == "high"  # B64
    assert len(euroclear) == 7  # B64 (2) + B65 (4) + E94 (end-2025)


def test_2020_revenue_cites_reuters(indicators):
    row = indicators[
        (indicators["indicator"] == "oil_gas_revenue") & (indicators["period"] == "2020")
    ]
    assert "Reuters" in row["publisher"].item()
    assert row["source_url"].item().startswith("https://www.globalbankingandfinance.com/")


def test_crude_shares_kept_apart_by_basis(indicators):
    oil = indicators[indicators["factor"] == "oil_rerouting"]
    bases = oil.groupby("indicator")["basis"].unique()
    assert all(len(b) == 1 for b in bases)  # one basis per indicator, never mixed
    assert bases["india_china_share_seaborne_crude"][0] == "Kpler: seaborne crude"
    assert bases["india_china_share_crude_iea"][0] == "IEA: crude exports"
    assert bases["eu_share_oil_exports_gov"][0].startswith("Russian government")


def test_milestones_have_dates_not_values(indicators):
    dated = indicators[indicators["unit"] == "date"]
    assert dated["value"].isna().all()
    decree = dated[dated["indicator"] == "parallel_imports_decree"]
    assert decree["period_end_date"].item() == pd.Timestamp("2022-03-29")  # C10


@pytest.mark.parametrize(
    ("period", "end"),
    [
        ("2020", "2020-12-31"),  # a year
        ("2023-09", "2023-09-30"),  # a month
        ("2024-03-31", "2024-03-31"),  # a day
        ("2023-Q1", "2023-03-31"),  # a quarter
        ("2025-H1", "2025-06-30"),  # a half-year
        ("2021/2022", "2022-12-31"),  # a change between two years ends with the second
    ],
)
def test_period_end_dates(indicators, period, end):
    ends = indicators[indicators["period"] == period]["period_end_date"]
    assert len(ends) and (ends == pd.Timestamp(end)).all()


def test_unknown_factor_is_an_error():
    with pytest.raises(ParameterError, match="unknown factor"):
        load_indicators(factor="luck")
    assert set(load_indicators(factor="frozen_assets")["fact_id"]) == {
        "B62",
        "B63",
        "B64",
        "B65",
        "B66",
        "E91",
        "E92",
        "E93",
        "E94",
        "E95",
    }


def test_factor_coverage_marks_what_lacks_data(indicators, mirror):
    cov = factor_coverage(indicators, mirror).set_index("factor")
    assert list(cov.index) == list(FACTORS)
    lacking = set(cov.index[cov["status"] == "lacking data"])
    assert lacking == {"firm_replacement"}  # the shadow-fleet counts (E89, E90) cover transport
    assert (
        cov.loc["third_countries", "mirror_rows"] == 102
    )  # US: 7 neighbours x 12 years; EU: Kyrgyzstan x 6; Armenia->Russia x 12
    assert cov.loc["oil_rerouting", "mirror_rows"] == 86  # 43 destinations x 2 years


# --------------------------------------------------------------------------- rerouting index

# A small frame with known answers; each edge case is commented.
FRAME = pd.DataFrame(
    [
        ("s", "Russia", 2021, 200.0),
        ("s", "Russia", 2022, 100.0),  # Russia halves: index 50
        ("s", "Kyrgyzstan", 2021, 10.0),
        ("s", "Kyrgyzstan", 2022, 45.0),  # x4.5: index 450
        ("s", "Zero", 2021, 0.0),  # a zero base year: no index, not infinity
        ("s", "Zero", 2022, 5.0),
        ("s", "Gap", 2022, 7.0),  # no base-year row at all: index NaN
        ("t", "Kyrgyzstan", 2021, 4.0),  # a second series without Russia
        ("t", "Kyrgyzstan", 2022, 2.0),  # index 50; Russia columns NaN
        ("s", "Armenia", 2021, np.nan),  # base year missing (NaN): index NaN
        ("s", "Armenia", 2022, 3.0),
    ],
    columns=["series", "partner", "year", "value"],
)


def test_rerouting_index_known_answers():
    out = rerouting_index(FRAME, base_year=2021, partners=["Kyrgyzstan", "Zero", "Gap", "Armenia"])
    got = out.set_index(["series", "partner", "year"])
    assert got.loc[("s", "Kyrgyzstan", 2021), "index"] == 100
    assert got.loc[("s", "Kyrgyzstan", 2022), "index"] == 450
    assert got.loc[("s", "Kyrgyzstan", 2022), "russia_index"] == 50
    assert got.loc[("s", "Kyrgyzstan", 2022), "russia_value"] == 100
    assert got.loc[("s", "Kyrgyzstan", 2022), "index_gap"] == 400
    assert math.isnan(got.loc[("s", "Zero", 2022), "index"])
    assert math.isnan(got.loc[("s", "Gap", 2022), "index"])
    assert math.isnan(got.loc[("s", "Armenia", 2022), "index"])
    assert got.loc[("t", "Kyrgyzstan", 2022), "index"] == 50
    assert math.isnan(got.loc[("t", "Kyrgyzstan", 2022), "russia_index"])
    assert "Russia" not in set(out["partner"])  # Russia is beside each row, not a row
    assert len(out) == 9


def test_rerouting_index_of_russia_itself():
    out = rerouting_index(FRAME, base_year=2022, partners=["Russia"])
    assert out["index"].tolist() == [200.0, 100.0]
    assert out["russia_index"].tolist() == out["index"].tolist()


@pytest.mark.parametrize(
    ("kwargs", "key", "match"),
    [
        ({"base_year": 2021, "partners": ["Atlantis"]}, "partners", "unknown partner"),
        (
            {"base_year": 1999, "partners": ["Kyrgyzstan"]},
            "base_year",
            "not in the data; years available: 2021–2022",
        ),
        ({"base_year": 2021, "partners": []}, "partners", "no partners"),
    ],
)
def test_rerouting_index_errors(kwargs, key, match):
    with pytest.raises(ParameterError, match=match) as err:
        rerouting_index(FRAME, **kwargs)
    assert err.value.key == key


def test_rerouting_index_bad_frames():
    with pytest.raises(ParameterError, match="lacks column"):
        rerouting_index(FRAME.drop(columns="series"), base_year=2021, partners=["Kyrgyzstan"])
    doubled = pd.concat([FRAME, FRAME.iloc[[0]]])
    with pytest.raises(ParameterError, match="more than once"):
        rerouting_index(doubled, base_year=2021, partners=["Kyrgyzstan"])


def test_ratio():
    assert ratio(FRAME, series="s", partner="Kyrgyzstan", year=2022, base_year=2021) == 4.5
    assert math.isnan(ratio(FRAME, series="s", partner="Zero", year=2022, base_year=2021))


# --------------------------------------------------------------------------- mirror trade


def test_mirror_rows_are_cited(mirror):
    assert set(mirror["series"]) == {"eu_exports", "us_exports", "armenia_exports", "crude_exports"}
    for col in ("publisher", "source_file", "source_url", "vintage", "unit"):
        assert mirror[col].notna().all() and (mirror[col].str.len() > 0).all()
    assert not mirror.duplicated(["series", "partner", "year"]).any()


def test_mirror_known_values(mirror):
    v = mirror.set_index(["series", "partner", "year"])["value"]
    # facts.md C17/C18 (Census, high)
    assert v[("us_exports", "Armenia", 2021)] == pytest.approx(44.5, abs=0.05)
    assert v[("us_exports", "Armenia", 2023)] == pytest.approx(188.7, abs=0.05)
    assert v[("us_exports", "Kyrgyzstan", 2023)] == pytest.approx(141.2, abs=0.05)
    assert v[("us_exports", "Georgia", 2022)] == pytest.approx(1236.5, abs=0.05)
    assert v[("us_exports", "United Arab Emirates", 2023)] == pytest.approx(24849.3, abs=0.05)
    assert v[("us_exports", "Turkey", 2023)] == pytest.approx(14579.8, abs=0.05)
    assert v[("us_exports", "Russia", 2021)] == pytest.approx(6388.2, abs=0.05)  # A30
    # PROVENANCE.md: Armenia's exports to Russia
    assert v[("armenia_exports", "Russia", 2021)] == pytest.approx(841, abs=1)
    assert v[("armenia_exports", "Russia", 2023)] == pytest.approx(3540, abs=1)
    assert v[("eu_exports", "Russia", 2021)] == pytest.approx(89169.3, abs=0.1)


def test_partial_years_are_flagged(mirror):
    months = mirror[mirror["year"] == 2024].groupby("series")["months_covered"].unique()
    assert list(months["eu_exports"]) == [8] and list(months["us_exports"]) == [6]
    assert list(months["armenia_exports"]) == [12]
    full = load_mirror_trade(full_years=True)
    assert (full["months_covered"] == 12).all()
    assert not ((full["series"] == "us_exports") & (full["year"] == 2024)).any()


def test_unknown_series_is_an_error():
    with pytest.raises(ParameterError, match="unknown series"):
        load_mirror_trade(series=["gas"])


def test_divergence_russia_down_kyrgyzstan_up(mirror):
    out = rerouting_index(
        mirror[mirror["series"] == "eu_exports"], base_year=2021, partners=["Kyrgyzstan"]
    )
    y2022 = out[out["year"] == 2022].iloc[0]
    assert round(y2022["index"]) == 445 and round(y2022["russia_index"]) == 62  # C13: +345%, -38%


def test_crude_destination_shares(mirror):
    shares = destination_shares(mirror[mirror["series"] == "crude_exports"]).set_index(
        ["group", "year"]
    )
    assert shares.loc[("EU-27", 2021), "share_pct"] == pytest.approx(55.3, abs=0.05)
    assert shares.loc[("EU-27", 2022), "share_pct"] == pytest.approx(40.1, abs=0.05)
    assert shares.loc[("India + China", 2021), "share_pct"] == pytest.approx(20.9, abs=0.05)
    assert shares.loc[("India + China", 2022), "share_pct"] == pytest.approx(42.9, abs=0.05)


def test_embedded_equals_the_readers_on_the_real_files(shared_data, mirror):
    fresh = mirror_trade_from_files(
        comext_dir=shared_data / "eurostat-comext-exports",
        census_path=shared_data / "census-country-trade" / "country.xlsx",
        armenia_path=shared_data / "armenia-trade" / "arm_trade_country.csv",
        crea_path=shared_data / "crea-fossil" / "crude_ru_exports.csv",
    )
    cmp = compare_annual(mirror, fresh, tolerance=1e-5)
    assert len(cmp) == len(mirror) == len(fresh) == 206
    assert cmp["equal"].all()
    assert (fresh["months_covered"].to_numpy() == mirror["months_covered"].to_numpy()).all()


def test_build_script_checks_pass_on_the_embedded_table(mirror):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "scripts" / "build_mirror_trade.py"
    spec = importlib.util.spec_from_file_location("build_mirror_trade", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.validate(mirror) == []
    broken = mirror.copy()
    broken.loc[(broken["series"] == "us_exports") & (broken["partner"] == "Armenia"), "value"] = 1.0
    assert any("Armenia 2021" in p for p in module.validate(broken))


# --------------------------------------------------------------------------- registry entries


def test_registry_loads_with_file_options(shared_data):
    import toolkit

    df = toolkit.load(
        "mirror_trade", armenia_path=str(shared_data / "armenia-trade" / "arm_trade_country.csv")
    )
    arm = df[df["series"] == "armenia_exports"].set_index("year")["value"]
    assert arm[2022] == pytest.approx(2462.78, abs=0.01)
    assert df.attrs["source"]["publisher"].startswith("Eurostat (Comext)")
    crude = toolkit.load("crea_crude")  # default path: the shared data copy
    assert len(crude) == 86


def test_reader_loaders_without_shared_data(monkeypatch):
    import toolkit.paths

    monkeypatch.setattr(toolkit.paths, "shared_data_dir", lambda: None)
    with pytest.raises(ParameterError, match="no path given") as err:
        toolkit.load("armenia_trade")
    assert err.value.key == "path"


def test_eu_annual_keeps_the_product_total_only():
    from toolkit.themes.resilience import eu_exports_annual

    def row(product, value, month=1):
        return {
            "reporter_kind": "eu27_member",
            "flow": "export",
            "partner": "Kyrgyzstan",
            "product": product,
            "stat_procedure": "Total",
            "year": 2022,
            "month": month,
            "value_eur": value,
        }

    rows = pd.DataFrame(
        [row("Total", 3e6), row("84", 2e6), row("85", 1e6)]
    )  # parts beside the total
    out = eu_exports_annual(rows)
    assert out["value"].tolist() == [3.0] and out["months_covered"].tolist() == [1]
    parts = pd.DataFrame([row("84", 2e6), row("85", 1e6)])  # parts without a total
    with pytest.raises(ParameterError, match="double count") as err:
        eu_exports_annual(parts)
    assert err.value.key == "product"
