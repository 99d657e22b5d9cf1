"""The numbers behind notebook 02's findings, computed from the data (never typed)."""

from __future__ import annotations

__all__ = ["finding_numbers"]


def _value(indicators, indicator: str, period: str) -> float:
    hit = indicators[(indicators["indicator"] == indicator) & (indicators["period"] == period)]
    if len(hit) != 1:
        from toolkit.errors import ParameterError

        raise ParameterError(
            f"expected one {indicator} row for {period}, found {len(hit)}",
            source="finding_numbers",
            key="indicators",
        )
    return float(hit["value"].item())


def _crude(crude) -> dict:
    from toolkit.themes.resilience.rerouting import destination_shares

    s = destination_shares(crude).set_index(["group", "year"])["share_pct"]
    return {
        "india_china_2021": float(s[("India + China", 2021)]),
        "india_china_2022": float(s[("India + China", 2022)]),
        "eu_2021": float(s[("EU-27", 2021)]),
        "eu_2022": float(s[("EU-27", 2022)]),
    }


def _partners(table, start: int, end: int) -> tuple[dict, dict]:
    from toolkit.themes.resilience.partners import trade_change

    china = trade_change(table, partner="China", start=start, end=end)
    india = trade_change(table, partner="India", start=start, end=end, column="exports_usd_m")
    return (
        {"start": start, "end": end, "start_bn": china["start_value"] / 1000,
         "end_bn": china["end_value"] / 1000, "change_pct": china["change_pct"]},
        {"start": start, "end": end, "start_bn": india["start_value"] / 1000,
         "end_bn": india["end_value"] / 1000, "ratio": india["ratio"]},
    )  # fmt: skip


def _macro(indicators) -> dict:
    rate = indicators[indicators["indicator"] == "key_rate"].sort_values("period_end_date")
    return {
        "gdp_2024": _value(indicators, "gdp_growth", "2024"),
        "gdp_2025": _value(indicators, "gdp_growth", "2025"),
        "rate_peak": float(rate["value"].max()),
        "rate_peak_period": str(rate.loc[rate["value"].idxmax(), "period"]),
        "rate_last": float(rate["value"].iloc[-1]),
        "rate_last_period": str(rate["period"].iloc[-1]),
    }


def _revenue(indicators) -> dict:
    monthly = indicators[indicators["indicator"] == "oil_gas_revenue_monthly"]
    last = monthly.sort_values("period_end_date").iloc[-1]
    before, after = (
        _value(indicators, "oil_gas_revenue", "2024"),
        _value(indicators, "oil_gas_revenue", "2025"),
    )
    return {
        "rev_2024": before,
        "rev_2025": after,
        "change_pct": 100 * (after / before - 1),
        "month": str(last["period"]),
        "month_bn": float(last["value"]),
    }


def finding_numbers(*, indicators, crude, partners, start: int = 2021, end: int = 2024) -> dict:
    """Return the numbers of each finding of notebook 02, by finding key.

    Parameters
    ----------
    indicators : pandas.DataFrame
        :func:`toolkit.themes.resilience.indicators.load_indicators`.
    crude : pandas.DataFrame
        Mirror rows of series ``crude_exports`` (CREA).
    partners : pandas.DataFrame or None
        :func:`toolkit.themes.resilience.partners.partner_trade` (IMF IMTS); None when the
        IMF file is not at hand (then the two partner findings are left out).
    start, end : int
        Years compared in the IMF partner trade.

    Returns
    -------
    dict
        ``{"crude-buyers": {...}, "china-trade": {...}, "india-exports": {...},
        "growth-and-rate": {...}, "oil-gas-revenue": {...}}``: plain floats, ints and
        strings for :func:`toolkit.notebook.finding`.
    """
    out = {"crude-buyers": _crude(crude)}
    if partners is not None:
        out["china-trade"], out["india-exports"] = _partners(partners, start, end)
    out["growth-and-rate"] = _macro(indicators)
    out["oil-gas-revenue"] = _revenue(indicators)
    return out
