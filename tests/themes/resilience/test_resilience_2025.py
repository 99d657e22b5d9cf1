"""The 2025-26 resilience record (facts.md E.6), Russia's partner trade (IMF) and notebook 02's findings."""

from __future__ import annotations

import csv
import math

import pytest

from toolkit.errors import ParameterError
from toolkit.paths import embedded, shared_data_dir
from toolkit.themes.resilience import (
    PARTNERS,
    finding_numbers,
    load_indicators,
    load_mirror_trade,
    partner_trade,
    readable,
    trade_change,
)

IMF_FILE = "imf-imts-russia-by-partner/RU_trade.csv"


@pytest.fixture(scope="module")
def indicators():
    return load_indicators()


def _imf_path():
    root = shared_data_dir()
    if root is None or not (root / IMF_FILE).is_file():
        pytest.skip(f"../shared/data/{IMF_FILE} is absent (set $SANCTIONS_TOOLKIT_SHARED_DATA)")
    return root / IMF_FILE


@pytest.fixture(scope="module")
def imf_rows():
    """The IMF file read with the csv module alone: {(partner code, flow id, year): value}."""
    with open(_imf_path(), encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = {}
    for r in rows:
        for year in range(2016, 2025):
            text = r[str(year)].strip()
            out[(r["COUNTERPART_COUNTRY.ID"], r["INDICATOR.ID"], year)] = (
                float(text) if text else math.nan
            )
    return out


@pytest.fixture(scope="module")
def partners():
    import toolkit

    return partner_trade(toolkit.load("imf_imts", path=_imf_path()))


def _row(ind, indicator, period, basis=None):
    hit = ind[(ind["indicator"] == indicator) & (ind["period"] == period)]
    if basis is not None:
        hit = hit[hit["basis"] == basis]
    assert len(hit) == 1, (indicator, period, len(hit))
    return hit.iloc[0]


# --------------------------------------------------------------------------- E.6 rows


@pytest.mark.parametrize(
    ("indicator", "period", "value", "fact", "confidence"),
    [
        ("gdp_growth", "2024", 4.3, "E83", "medium"),  # revised from C08's 4.1
        ("gdp_growth", "2025", 1.0, "E84", "medium"),
        ("key_rate", "2024-10", 21, "E85", "medium"),  # the peak
        ("key_rate", "2025-12-19", 16, "E85", "medium"),
        ("key_rate", "2026-02", 15.5, "E86", "medium"),
        ("oil_gas_revenue_ytd", "2025-01/2025-11", 8.029, "E79", "medium"),
        ("oil_gas_revenue_monthly", "2025-12", 447.8, "E80", "medium"),
        ("oil_gas_revenue_monthly", "2026-01", 393.3, "E81", "medium"),
        ("federal_deficit", "2025", 5.6, "E82", "medium"),
        ("euroclear_sanctioned_assets", "2025-12-31", 195, "E94", "medium"),
        ("eu_loan_ukraine_2026_27", "2025-12-18", 90, "E93", "high"),
        ("shadow_fleet", "2024-Q1", 435, "E89", "high"),
    ],
)
def test_e_rows_carry_their_value_row_and_confidence(
    indicators, indicator, period, value, fact, confidence
):
    rows = indicators[(indicators["indicator"] == indicator) & (indicators["period"] == period)]
    assert len(rows) == 1
    r = rows.iloc[0]
    assert (r["value"], r["fact_id"], r["confidence"]) == (value, fact, confidence)


def test_indefinite_immobilisation_is_a_dated_milestone(indicators):
    r = _row(indicators, "cbr_assets_indefinite_immobilisation", "2025-12-12")
    assert r["unit"] == "date" and math.isnan(r["value"]) and r["fact_id"] == "E91"
    assert "2025/2600" in r["label"]


@pytest.mark.parametrize(
    ("indicator", "period", "values"),
    [
        ("cbr_assets_immobilised_eu", "2025-12", {210.0, 235.0}),  # E92: Reuters vs particle.news
        ("oil_gas_revenue_plan", "2026", {8.92, 8.957}),  # E82: two Reuters reports
    ],
)
def test_conflicts_of_e9_keep_both_values(indicators, indicator, period, values):
    rows = indicators[(indicators["indicator"] == indicator) & (indicators["period"] == period)]
    assert set(rows["value"]) == values
    assert rows["basis"].nunique() == 2  # told apart by basis
    assert rows["note"].str.contains("conflict").all()


def test_key_rate_peak_date_conflict_is_noted(indicators):
    assert "Sept 2024" in _row(indicators, "key_rate", "2024-10")["note"]  # E.9


def test_readable_leaves_no_empty_figure(indicators):
    table = readable(indicators)
    assert (table["figure"].str.len() > 0).all()
    assert "fact_id" not in table.columns and "nan" not in " ".join(table["figure"])
    frozen = readable(indicators[indicators["indicator"] == "cbr_assets_indefinite_immobilisation"])
    assert frozen["figure"].item() == "dated milestone"
    assert "≈210 EUR billion" in set(readable(indicators)["figure"])


# --------------------------------------------------------------------------- IMF partner trade


def test_partner_trade_is_the_file(partners, imf_rows):
    # E71, E72: China and India in 2024, read from the file a second way
    p = partners.set_index(["partner", "year"])
    for code, name in PARTNERS.items():
        for year in (2016, 2021, 2024):
            got = p.loc[(name, year), ["exports_usd_m", "imports_usd_m"]].to_numpy(dtype=float)
            want = [imf_rows[(code, "XG_FOB_USD", year)], imf_rows[(code, "MG_CIF_USD", year)]]
            assert got == pytest.approx(want, nan_ok=True)
    assert p.loc[("China", 2024), "exports_usd_m"] == pytest.approx(112058.7, abs=0.05)  # E71
    assert p.loc[("China", 2024), "imports_usd_m"] == pytest.approx(124272.1, abs=0.05)  # E71
    assert p.loc[("India", 2024), "exports_usd_m"] == pytest.approx(68739.8, abs=0.05)  # E72
    assert p.loc[("Türkiye", 2022), "exports_usd_m"] == pytest.approx(53883.1, abs=0.05)  # E73


def test_partner_trade_marks_estimates_and_keeps_gaps(partners):
    assert set(partners["partner"]) == set(PARTNERS.values())
    est = partners.drop_duplicates("year").set_index("year")["estimated_from_partners"]
    assert not est[2021] and est[2022] and est[2024]  # IMF estimates from partner data
    kaz = partners.set_index(["partner", "year"]).loc[("Kazakhstan", 2024)]
    assert math.isnan(kaz["exports_usd_m"]) and math.isnan(kaz["total_usd_m"])  # a gap, not 0


def test_partner_trade_errors(partners):
    import toolkit

    imf = toolkit.load("imf_imts", path=_imf_path())
    with pytest.raises(ParameterError, match="XXX"):
        partner_trade(imf, partners={"XXX": "Nowhere"})
    with pytest.raises(ParameterError, match="Kazakhstan in 2024"):
        trade_change(partners, partner="Kazakhstan", start=2021, end=2024)


# --------------------------------------------------------------------------- findings


def _indicator_csv():
    with open(embedded("resilience_indicators.csv"), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _one(rows, indicator, period):
    (hit,) = [r for r in rows if r["indicator"] == indicator and r["period"] == period]
    return float(hit["value"])


def test_findings_recomputed_from_the_files(partners, imf_rows):
    """Every number of notebook 02's findings, recomputed without the toolkit's helpers."""
    from toolkit.sources.comext import EU27_MEMBERS

    mirror = load_mirror_trade()
    got = finding_numbers(
        indicators=load_indicators(),
        crude=mirror[mirror["series"] == "crude_exports"],
        partners=partners,
    )
    # crude: the CREA file itself, summed by hand
    root = shared_data_dir()
    with open(root / "crea-fossil/crude_ru_exports.csv", encoding="utf-8", newline="") as fh:
        crea = {int(r["date"]): {k: float(v) for k, v in r.items() if k != "date"}
                for r in csv.DictReader(fh)}  # fmt: skip
    for year in (2021, 2022):
        total = sum(crea[year].values())
        ic = 100 * (crea[year]["India"] + crea[year]["China"]) / total
        eu = 100 * sum(v for k, v in crea[year].items() if k in EU27_MEMBERS) / total
        assert got["crude-buyers"][f"india_china_{year}"] == pytest.approx(ic)
        assert got["crude-buyers"][f"eu_{year}"] == pytest.approx(eu)
    # IMF: China's total trade and India's exports, 2021 and 2024
    china = {y: imf_rows[("CHN", "XG_FOB_USD", y)] + imf_rows[("CHN", "MG_CIF_USD", y)]
             for y in (2021, 2024)}  # fmt: skip
    assert got["china-trade"]["start_bn"] == pytest.approx(china[2021] / 1000)
    assert got["china-trade"]["end_bn"] == pytest.approx(china[2024] / 1000)
    assert got["china-trade"]["change_pct"] == pytest.approx(100 * (china[2024] / china[2021] - 1))
    india = imf_rows[("IND", "XG_FOB_USD", 2024)] / imf_rows[("IND", "XG_FOB_USD", 2021)]
    assert got["india-exports"]["ratio"] == pytest.approx(india)
    assert round(got["india-exports"]["ratio"], 1) == 7.5  # E72: "rose 7.5 times"
    # indicators: the embedded CSV read with the csv module
    rows = _indicator_csv()
    macro = got["growth-and-rate"]
    assert macro["gdp_2024"] == _one(rows, "gdp_growth", "2024")
    assert macro["gdp_2025"] == _one(rows, "gdp_growth", "2025")
    rates = [r for r in rows if r["indicator"] == "key_rate"]
    assert macro["rate_peak"] == max(float(r["value"]) for r in rates)
    assert (macro["rate_last"], macro["rate_last_period"]) == (15.5, "2026-02")
    rev = got["oil-gas-revenue"]
    before, after = _one(rows, "oil_gas_revenue", "2024"), _one(rows, "oil_gas_revenue", "2025")
    assert rev["change_pct"] == pytest.approx(100 * (after / before - 1))
    assert round(rev["change_pct"]) == -24  # C09: "-24% on 2024 as reported"
    assert (rev["month"], rev["month_bn"]) == ("2026-01", 393.3)


def test_findings_fail_on_a_missing_row(partners):
    mirror = load_mirror_trade()
    ind = load_indicators()
    with pytest.raises(ParameterError, match="gdp_growth"):
        finding_numbers(
            indicators=ind[ind["period"] != "2025"],
            crude=mirror[mirror["series"] == "crude_exports"],
            partners=partners,
        )


def test_latest_period_passes_over_undated_rows_and_cite_rows_names_facts(indicators):
    from toolkit.themes.resilience import cite_rows, latest_period

    oil = indicators[indicators["factor"] == "oil_rerouting"]
    assert "pre-2022" in set(oil["period"])  # no date: never the vintage
    assert latest_period(oil) == "2023"  # the 2023 Russian government shares end last
    assert latest_period(indicators[indicators["indicator"] == "key_rate"]) == "2026-02"
    euroclear = indicators[indicators["indicator"] == "euroclear_sanctioned_assets"]
    text = cite_rows(euroclear)
    assert text.startswith("Euroclear (results release)") and text.endswith(
        "(facts.md B64, B65, E94)"
    )


def test_findings_without_the_imf_file_leave_out_the_partner_findings():
    mirror = load_mirror_trade()
    got = finding_numbers(
        indicators=load_indicators(),
        crude=mirror[mirror["series"] == "crude_exports"],
        partners=None,
    )
    assert list(got) == ["crude-buyers", "growth-and-rate", "oil-gas-revenue"]
