"""Tests of the embedded price caps and the EU dynamic-cap rule on hand-checkable series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toolkit.errors import DataFormatError, ParameterError
from toolkit.paths import embedded
from toolkit.themes.sanctions.price_cap import caps_over_time, dynamic_cap, load_price_caps


def test_embedded_caps_values_dates_and_sources():
    caps = load_price_caps().set_index("cap_id")
    assert caps.loc["G7-CRUDE-60", "cap_usd_per_bbl"] == 60
    assert caps.loc["G7-CRUDE-60", "start_date"] == pd.Timestamp("2022-12-05")
    assert caps.loc["G7-PRODUCTS-PREMIUM", "cap_usd_per_bbl"] == 100
    assert caps.loc["G7-PRODUCTS-DISCOUNT", "cap_usd_per_bbl"] == 45
    assert (
        caps.loc[["G7-PRODUCTS-PREMIUM", "G7-PRODUCTS-DISCOUNT"], "start_date"]
        == pd.Timestamp("2023-02-05")
    ).all()
    assert caps.loc["EU-CRUDE-DYNAMIC", "cap_usd_per_bbl"] == 47.6
    assert caps.loc["EU-CRUDE-DYNAMIC", "start_date"] == pd.Timestamp("2025-09-03")
    assert caps["source_url"].str.startswith("https://").all()
    assert caps["fact_id"].tolist() == [
        "B60", "B61", "B61", "E27;B59", "E33;E27", "E28;E26", "E30;E28", "E29", "E31",
    ]  # fmt: skip
    # the coalition cap ends when the EU and the UK move (E27, E29); the US keeps 60 (E33)
    assert caps.loc["G7-CRUDE-60", "end_date"] == pd.Timestamp("2025-09-02")
    assert caps.loc["US-CRUDE-60", ["cap_usd_per_bbl", "start_date"]].tolist() == [
        60, pd.Timestamp("2025-09-03")
    ]  # fmt: skip
    assert pd.isna(caps.loc["US-CRUDE-60", "end_date"])
    # EU: 47.60 to 2026-01-31 (E27), 44.10 from 2026-02-01 (E28), frozen from 2026-07-23 (E30)
    assert caps.loc["EU-CRUDE-DYNAMIC", "end_date"] == pd.Timestamp("2026-01-31")
    assert caps.loc["EU-CRUDE-4410", ["cap_usd_per_bbl", "start_date"]].tolist() == [
        44.1, pd.Timestamp("2026-02-01")
    ]  # fmt: skip
    assert caps.loc["EU-CRUDE-FROZEN", "start_date"] == pd.Timestamp("2026-07-23")
    assert "INFERRED" in caps.loc["EU-CRUDE-FROZEN", "note"]  # E30 states no number
    # UK: 47.60 from 2025-09-02 (E29), 44.10 from 2026-01-31 (E31)
    assert caps.loc["UK-CRUDE-4760", ["cap_usd_per_bbl", "start_date"]].tolist() == [
        47.6, pd.Timestamp("2025-09-02")
    ]  # fmt: skip
    assert caps.loc["UK-CRUDE-4410", ["cap_usd_per_bbl", "start_date"]].tolist() == [
        44.1, pd.Timestamp("2026-01-31")
    ]  # fmt: skip
    assert caps.loc["G7-PRODUCTS-PREMIUM", "confidence"] == "high"


def test_caps_over_time_steps():
    series = caps_over_time(load_price_caps(), end="2025-12-31")
    crude = series[series["cap_id"] == "G7-CRUDE-60"]
    assert crude["date"].min() == pd.Timestamp("2022-12-05") and crude[
        "date"
    ].max() == pd.Timestamp("2025-09-02")
    # 2025-09-03 .. 2025-12-31 inclusive
    assert (series["cap_id"] == "EU-CRUDE-DYNAMIC").sum() == 120
    with pytest.raises(ParameterError, match="end"):
        caps_over_time(load_price_caps(), end="soon")


def test_flat_series_gives_85_percent():
    flat = pd.Series(70.0, index=pd.date_range("2025-01-01", "2025-12-31"))
    out = dynamic_cap(flat)
    # first review: 22 weeks after 1 Jan 2025 = 4 Jun 2025; then every six months
    assert out["review_date"].tolist() == [pd.Timestamp("2025-06-04"), pd.Timestamp("2025-12-04")]
    assert np.allclose(out["cap_usd_per_bbl"], 59.5)
    assert out["n_prices"].tolist() == [154, 154]  # 22 weeks of daily prices
    assert out["in_force_until"].iloc[0] == pd.Timestamp("2025-12-03")


def test_weekly_rising_series_by_hand():
    # weekly prices 50, 51, ..., 89 (40 weeks from 2025-01-06)
    dates = pd.date_range("2025-01-06", periods=40, freq="7D")
    frame = pd.DataFrame(
        {"date": dates.strftime("%Y-%m-%d"), "price_usd_per_bbl": np.arange(50.0, 90.0)}
    )
    out = dynamic_cap(frame, first_review="2025-07-01")
    # window [2025-01-28, 2025-07-01): weeks 4..25 after 6 Jan (3 Feb .. 30 Jun), prices 54..75, mean 64.5
    first = out.iloc[0]
    assert first["n_prices"] == 22
    assert first["average_usd_per_bbl"] == pytest.approx(64.5)
    assert first["cap_usd_per_bbl"] == pytest.approx(64.5 * 0.85)
    other = dynamic_cap(frame, first_review="2025-07-01", discount_pct=20, window_weeks=4)
    # 4 weeks before 1 Jul: 9, 16, 23 and 30 Jun = weeks 22..25, prices 72..75, mean 73.5
    assert other["n_prices"].iloc[0] == 4
    assert other["cap_usd_per_bbl"].iloc[0] == pytest.approx(73.5 * 0.8)


def test_missing_prices_are_skipped_not_zero():
    prices = pd.Series(80.0, index=pd.date_range("2025-01-01", "2025-07-01"))
    prices.iloc[::2] = np.nan
    out = dynamic_cap(prices)
    assert out["cap_usd_per_bbl"].iloc[0] == pytest.approx(68.0)


@pytest.mark.parametrize(
    ("prices", "kwargs", "message"),
    [
        ([70, 71], {}, "must be a pandas Series"),
        (
            pd.Series([70.0, "n/a"], index=["2025-01-01", "2025-01-02"]),
            {},
            "'n/a' on 2025-01-02 is not a number",
        ),
        (
            pd.Series([70.0, -1.0], index=["2025-01-01", "2025-01-02"]),
            {},
            "-1.0 on 2025-01-02 is not positive",
        ),
        (
            pd.Series([70.0, 71.0], index=["2025-01-01", "2025-01-01"]),
            {},
            "2025-01-01 appears twice",
        ),
        (
            pd.Series([70.0, 71.0], index=["2025-01-01", "2025-02-01"]),
            {},
            "shorter than one 22-week window",
        ),
        (
            pd.Series([70.0], index=["2025-01-01"]),
            {"first_review": "2025-03-01"},
            "needs prices from",
        ),
        (pd.Series([70.0], index=["2025-01-01"]), {"discount_pct": 150}, "discount_pct"),
        (pd.Series([70.0], index=["2025-01-01"]), {"window_weeks": 0}, "window_weeks"),
        (
            pd.DataFrame({"day": ["2025-01-01"], "price_usd_per_bbl": [70.0]}),
            {},
            "no column 'date'",
        ),
        (pd.Series([70.0], index=["first of May"]), {}, "not an ISO date"),
    ],
)
def test_bad_price_input(prices, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        dynamic_cap(prices, **kwargs)


def test_malformed_caps_file(tmp_path):
    frame = pd.read_csv(embedded("price_caps.csv"), dtype=str, keep_default_na=False)
    path = tmp_path / "caps.csv"
    bad = frame.copy()
    bad.loc[2, "cap_usd_per_bbl"] = "forty-five"
    bad.to_csv(path, index=False)
    with pytest.raises(DataFormatError, match="line 4.*'forty-five' is not a positive") as err:
        load_price_caps(path=path)
    assert err.value.column == "cap_usd_per_bbl"
    bad = frame.copy()
    bad.loc[1, "start_date"] = ""
    bad.to_csv(path, index=False)
    with pytest.raises(DataFormatError, match="line 3.*start_date"):
        load_price_caps(path=path)
