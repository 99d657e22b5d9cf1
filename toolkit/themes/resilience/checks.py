"""The resilience theme's claim checks: resilience indicators and mirror-trade ratios."""

from __future__ import annotations

import math

from toolkit.claims.checks import DataSource, Observation, Unavailable, format_number

__all__ = ["CHECKS", "indicator", "mirror_ratio"]


def indicator(data: DataSource, *, indicator: str, period: str = "") -> Observation:
    """One value of ``resilience_indicators`` (latest period unless ``period`` is given)."""
    df = data.get("resilience_indicators")
    hit = df[df["indicator"] == indicator]
    if period:
        hit = hit[hit["period"].astype(str) == str(period)]
    if hit.empty:
        raise Unavailable(
            f"resilience_indicators has no {indicator!r}" + (f" for {period}" if period else "")
        )
    r = hit.sort_values("period").iloc[-1]
    value = r["value"]
    unit = str(r["unit"])
    if unit in ("year", "date") or (isinstance(value, float) and math.isnan(value)):
        value, unit = str(r["period"]), "date"
    qualifier = r.get("qualifier")
    qualifier = "" if not isinstance(qualifier, str) else qualifier + " "
    shown = value if isinstance(value, str) else f"{qualifier}{value:g} {unit}"
    return Observation(
        value=value,
        unit=unit,
        dataset="resilience_indicators",
        source=str(r["publisher"]),
        vintage=str(r["period"]),
        confidence=str(r["confidence"]),
        fact_ids=str(r["fact_id"]),
        detail=f"{r['label']} ({r['period']}): {shown}",
    )


def mirror_ratio(
    data: DataSource, *, series: str, partner: str, year: int, base_year: int
) -> Observation:
    """``value(year) / value(base_year)`` of one mirror-trade series and partner."""
    df = data.get("mirror_trade")
    sub = df[(df["series"] == series) & (df["partner"] == partner)]
    got = sub.set_index("year")["value"]
    if int(year) not in got.index or int(base_year) not in got.index:
        raise Unavailable(f"mirror_trade has no {series} to {partner} for {base_year} and {year}")
    value = float(got[int(year)] / got[int(base_year)])
    unit = str(sub["unit"].iloc[0])
    return Observation(
        value=value,
        unit="factor",
        dataset="mirror_trade",
        source=str(sub["publisher"].iloc[0]),
        vintage=str(sub["vintage"].iloc[0]),
        confidence="high",
        detail=(
            f"{series} to {partner}: {format_number(got[int(year)], unit)} ({year}) / "
            f"{format_number(got[int(base_year)], unit)} ({base_year}) = {value:.2f} times"
        ),
    )


#: The checks of this theme a claims file may name.
CHECKS = {
    "indicator": indicator,
    "mirror_ratio": mirror_ratio,
}
