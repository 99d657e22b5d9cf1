"""The resilience theme's claim checks: resilience indicators, mirror-trade ratios, product level.

The product-level checks (:func:`cn8_substitution`, :func:`cn8_did`) read the dataset
``cn8_group_totals``: the group sums of the Eurostat product workbooks
(:func:`toolkit.themes.resilience.cn8_panel.group_totals`), which no embedded file holds;
notebook ``05-circumvention`` passes them (``theme_claims("resilience",
cn8_group_totals=totals)``); elsewhere these claims are unverifiable.
"""

from __future__ import annotations

import math

from toolkit.claims.checks import DataSource, Observation, Unavailable, format_number

__all__ = ["CHECKS", "CN8_DATASET", "cn8_did", "cn8_substitution", "indicator", "mirror_ratio"]

#: The name the product-level group sums are passed under.
CN8_DATASET = "cn8_group_totals"
_CN8_SOURCE = "Eurostat, EU trade since 1988 by HS2-4-6 and CN8 (DS-045409), data browser"
_CN8_VINTAGE = "2020-01..2022-11 (extracted 2023-01-21)"


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


def _cn8(data: DataSource):
    try:
        return data.get(CN8_DATASET)
    except Unavailable:
        raise Unavailable(
            f"no product-level data: {CN8_DATASET} (the group sums of eurostat-cn8-exports) "
            "is passed by notebook 05-circumvention only"
        ) from None


def cn8_substitution(data: DataSource, *, group: str) -> Observation:
    """Return the substitution ratio of one product group (the neighbours' rise / Russia's fall)."""
    from toolkit.themes.resilience.circumvention import substitution_ratio

    row = substitution_ratio(_cn8(data)).set_index("group")
    if group not in row.index:
        raise Unavailable(f"{CN8_DATASET} has no group {group!r}")
    r = row.loc[group]
    return Observation(
        value=float(r["ratio"]),
        unit="ratio",
        dataset=CN8_DATASET,
        source=_CN8_SOURCE,
        vintage=_CN8_VINTAGE,
        detail=(
            f"{group}: EU-27 exports to {r['neighbours']} rose by "
            f"{format_number(r['rise_neighbours_eur'] / 1e6, 'EUR million')} while exports to "
            f"Russia fell by {format_number(r['fall_russia_eur'] / 1e6, 'EUR million')} "
            f"(2022-03..11 vs 2021-03..11): ratio {r['ratio']:.3f}"
        ),
    )


def cn8_did(data: DataSource, *, treated: str, control: str) -> Observation:
    """Return the difference in differences of the treated group vs the control, to the neighbours."""
    from toolkit.themes.resilience.circumvention import did_estimate

    out = did_estimate(_cn8(data), treated=treated, control=control)
    return Observation(
        value=out["estimate"],
        unit="log points",
        dataset=CN8_DATASET,
        source=_CN8_SOURCE,
        vintage=_CN8_VINTAGE,
        low=out["ci_low"],
        high=out["ci_high"],
        detail=(
            f"{out['design']}: {out['estimate']:+.3f} log points (SE {out['se']:.3f}, 95% CI "
            f"{out['ci_low']:+.3f} to {out['ci_high']:+.3f}; {out['pairs']} member state x "
            f"partner pairs)"
        ),
    )


#: The checks of this theme a claims file may name.
CHECKS = {
    "indicator": indicator,
    "mirror_ratio": mirror_ratio,
    "cn8_substitution": cn8_substitution,
    "cn8_did": cn8_did,
}
