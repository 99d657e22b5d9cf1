"""The trade theme's claim checks: US-Russia goods trade by year and flow, and what else reproduces a figure."""

from __future__ import annotations

import math

from toolkit.claims.checks import (
    EPS,
    DataSource,
    Observation,
    Unavailable,
    convert,
    format_number,
    join_fact_ids,
    satisfies,
    weakest_confidence,
)
from toolkit.errors import ToolkitError

__all__ = [
    "CHECKS",
    "SEARCHES",
    "search",
    "trade_candidates",
    "trade_change_pct",
    "trade_fall",
    "trade_fall_factor",
    "trade_table",
    "trade_value",
]

TRADE = "us_russia_trade"
MIRROR = "us_russia_trade_mirror"
_FLOWS = ("exports", "imports", "total", "balance")
#: Half-width of a figure stored rounded (``approx``): USTR's 3.0 bn is known to +/- 50 m.
APPROX_HALF_WIDTH_USD_M = 50.0


def trade_table(data: DataSource):
    """Annual US-Russia trade, every flow (exports, imports, total, balance), with bounds.

    Returns
    -------
    pandas.DataFrame
        ``year, flow, value_usd_m, low, high, source_id, confidence, fact_id``.
    """
    from toolkit.themes import trade

    df = data.get(TRADE)
    if "month" in df.columns:
        raise Unavailable(f"{TRADE} is monthly; the trade checks need annual data")
    df = df.copy()
    if not {"total", "balance"} <= set(df["flow"]):
        df = trade.add_derived(df)
    df = df[df["flow"].isin(_FLOWS)].copy()
    approx = df["approx"].fillna(False).astype(bool) if "approx" in df else False
    half = approx * APPROX_HALF_WIDTH_USD_M
    df["low"] = df["value_usd_m"] - half
    df["high"] = df["value_usd_m"] + half
    for col in ("confidence", "fact_id", "source_id"):
        if col not in df:
            df[col] = ""
        df[col] = df[col].fillna("").astype(str)
    # a table read from a Census file carries no confidence: USTR's quoted summary is medium
    # (facts A36-A38), the Census file itself high (A01-A33)
    guess = df["source_id"].map(lambda s: "medium" if "ustr" in s else "high")
    df["confidence"] = df["confidence"].where(df["confidence"] != "", guess)
    return df.reset_index(drop=True)


def _trade_row(data: DataSource, flow: str, year: int):
    if flow not in _FLOWS:
        raise ToolkitError(f"flow {flow!r} is not one of {_FLOWS}")
    df = trade_table(data)
    hit = df[(df["flow"] == flow) & (df["year"] == int(year))]
    if hit.empty:
        years = f"{df['year'].min()}-{df['year'].max()}" if len(df) else "none"
        raise Unavailable(f"{TRADE} has no {flow} value for {year} (years held: {years})")
    return hit.iloc[0]


def _trade_source(data: DataSource, source_id: str) -> str:
    sources = data.provenance(TRADE).get("sources", {})
    parts = [sources.get(s, s) for s in str(source_id).split(" + ")]
    return "; ".join(parts) or data.provenance(TRADE).get("publisher", "")


def _trade_obs(data, rows, value, low, high, unit, detail) -> Observation:
    prov = data.provenance(TRADE)
    return Observation(
        value=value,
        low=low,
        high=high,
        unit=unit,
        dataset=TRADE,
        source=" | ".join(dict.fromkeys(_trade_source(data, r["source_id"]) for r in rows)),
        vintage=prov.get("vintage", ""),
        confidence=weakest_confidence(r["confidence"] for r in rows),
        fact_ids=join_fact_ids(r["fact_id"] for r in rows),
        detail=detail,
        extra={"flow": rows[0]["flow"], "years": [int(r["year"]) for r in rows]},
    )


def trade_value(data: DataSource, *, flow: str, year: int) -> Observation:
    """US goods trade with Russia in one year and flow, USD million."""
    r = _trade_row(data, flow, year)
    detail = f"{flow} {int(year)} = {format_number(r['value_usd_m'], 'USD million')}"
    if r["high"] > r["low"]:
        detail += f" (rounded figure: {format_number(r['low'])} to {format_number(r['high'])})"
    return _trade_obs(data, [r], r["value_usd_m"], r["low"], r["high"], "USD million", detail)


def trade_change_pct(data: DataSource, *, flow: str, year: int, base_year: int) -> Observation:
    """Percent change of a flow from ``base_year`` to ``year``."""
    r, b = _trade_row(data, flow, year), _trade_row(data, flow, base_year)
    ends = [100 * (y / x - 1) for y in (r["low"], r["high"]) for x in (b["low"], b["high"])]
    value = 100 * (r["value_usd_m"] / b["value_usd_m"] - 1)
    detail = (
        f"{flow} {int(year)} / {int(base_year)} - 1 = {format_number(r['value_usd_m'])} / "
        f"{format_number(b['value_usd_m'])} - 1 = {value:+.1f}%"
    )
    return _trade_obs(data, [r, b], value, min(ends), max(ends), "%", detail)


def trade_fall(data: DataSource, *, flow: str, year: int, base_year: int) -> Observation:
    """How much a flow fell from ``base_year`` to ``year``, USD million (positive = fall)."""
    r, b = _trade_row(data, flow, year), _trade_row(data, flow, base_year)
    value = b["value_usd_m"] - r["value_usd_m"]
    detail = (
        f"{flow} {int(base_year)} - {int(year)} = {format_number(b['value_usd_m'])} - "
        f"{format_number(r['value_usd_m'])} = {format_number(value, 'USD million')}"
    )
    return _trade_obs(
        data, [r, b], value, b["low"] - r["high"], b["high"] - r["low"], "USD million", detail
    )


def trade_fall_factor(data: DataSource, *, flow: str, year: int, base_year: int) -> Observation:
    """How many times smaller a flow is in ``year`` than in ``base_year``."""
    r, b = _trade_row(data, flow, year), _trade_row(data, flow, base_year)
    value = b["value_usd_m"] / r["value_usd_m"]
    detail = (
        f"{flow} {int(base_year)} / {int(year)} = {format_number(b['value_usd_m'])} / "
        f"{format_number(r['value_usd_m'])} = {value:.2f} times"
    )
    low, high = b["low"] / r["high"], b["high"] / r["low"]
    return _trade_obs(data, [r, b], value, low, high, "factor", detail)


def trade_candidates(data: DataSource):
    """Every trade figure the toolkit holds, for the search of what reproduces a claim.

    Returns
    -------
    pandas.DataFrame
        ``publisher, series, flow, year, value_usd_m``: US-reported (Census/USTR) rows of
        every flow and year, and Russia-side mirror rows (Rosstat; IMF, estimated from
        partner data from 2022) mapped onto the US flow they mirror, with derived totals,
        one series per publisher.
    """
    import pandas as pd

    from toolkit.themes.trade.series import _source_key, short_publisher

    rows = []
    us = trade_table(data)
    census = short_publisher("census_country")
    for r in us.itertuples():
        publisher = "USTR (as quoted)" if "ustr" in str(r.source_id) else census
        rows.append((publisher, "US-reported", r.flow, int(r.year), r.value_usd_m))
    try:
        mirror = data.get(MIRROR)
    except Unavailable:
        mirror = None
    if mirror is None or not len(mirror):
        return pd.DataFrame(rows, columns=["publisher", "series", "flow", "year", "value_usd_m"])
    # one Russia-side series per publisher (Rosstat to 2021, IMF to 2024): never mixed
    sid = mirror["russia_source"] if "russia_source" in mirror else "rosstat-96stran-2021"
    keyed = mirror.assign(russia_key=pd.Series(sid, index=mirror.index).map(_source_key))
    for key, part in keyed.groupby("russia_key"):
        series = "Russia-reported (mirror)"
        if key == "imf_imts":
            series = "Russia-side (mirror; IMF estimates from partner data from 2022)"
        m = part.pivot_table(index="year", columns="us_flow", values="russia_reported_usd_m")
        for year, r in m.iterrows():
            values = {"exports": r.get("exports"), "imports": r.get("imports")}
            values["total"] = values["exports"] + values["imports"]
            values["balance"] = values["exports"] - values["imports"]
            for flow, v in values.items():
                if v is not None and not math.isnan(v):
                    rows.append((short_publisher(key), series, flow, int(year), v))
    return pd.DataFrame(rows, columns=["publisher", "series", "flow", "year", "value_usd_m"])


# --- what reproduces a figure that the primary series does not -------------------------

#: Years either side of a claim's year searched for a figure that reproduces it: a level
#: may be another year's (a stale figure), a change only a neighbouring year's (a slip).
SEARCH_YEARS = 10
SEARCH_YEARS_CHANGES = 3
#: Half-width of the levels a rate of another series is recomputed from: a text quotes levels
#: to 0.1 bn (34.4 bn), so a rate it derives may come from levels known to +/- 50 m.
QUOTED_LEVEL_HALF_WIDTH_USD_M = 50.0


def _rate_bounds(values, y, b) -> tuple[float, float]:
    """Return the range of ``100 * (values[y] / values[b] - 1)`` over levels quoted to 0.1 bn."""
    h = QUOTED_LEVEL_HALF_WIDTH_USD_M
    ends = [
        100 * (v / w - 1)
        for v in (values[y] - h, values[y] + h)
        for w in (values[b] - h, values[b] + h)
    ]
    return min(ends), max(ends)


def _levels(flow, values, args):
    return [(f"{flow} {y}", v, "USD million", y, None) for y, v in values.items()]


def _changes(flow, values, args):
    out = []
    for y in values.index:
        for b in {y - 1, args.get("base_year")}:
            if b in values.index and b != y and values[b]:
                out.append((f"{flow} {y} vs {b}", 100 * (values[y] / values[b] - 1), "%", y, b))
    return out


def _falls(flow, values, args):
    out = []
    for y in values.index:
        b = args.get("base_year", y - 1) if y == args.get("year") else y - 1
        if b in values.index:
            out.append((f"{flow} fall {b}-{y}", values[b] - values[y], "USD million", y, b))
    return _levels(flow, values, args) + out


def _factors(flow, values, args):
    return [
        (f"{flow} {b} / {y}", values[b] / values[y], "factor", y, b)
        for y in values.index
        for b in values.index
        if b < y and values[y] > 0
    ]


#: ``(label, value, unit, year, base_year)`` of every figure a check could mean, by check.
_FIGURES = {
    "trade_value": _levels,
    "trade_change_pct": _changes,
    "trade_fall": _falls,
    "trade_fall_factor": _factors,
}


def search(data: DataSource, claim, check: str, args: dict) -> list[dict]:
    """Search every trade figure (other publisher, year, aggregate) for the claimed one.

    Returns
    -------
    list of dict
        One per candidate figure: ``publisher, series, label, value, unit`` (the claim's),
        ``flow``, ``low``/``high`` (a rate recomputed from levels quoted to 0.1 bn: a text
        derives rates from its rounded levels), ``off`` (distance to the claimed value),
        ``same_period`` (same flow and years as the claim) and ``match`` (the claim's
        tolerance band meets ``low``-``high``, or the value satisfies the relation).
    """
    cand = trade_candidates(data)
    unit = claim["unit"]
    claimed, tol = claim["claimed"], claim["tolerance"]
    out = []
    year = args.get("year")
    near = SEARCH_YEARS if check == "trade_value" else SEARCH_YEARS_CHANGES
    if year is not None:
        cand = cand[(cand["year"] - int(year)).abs() <= near]
    if args.get("flow") != "balance":  # a balance that changes sign has no meaningful change
        cand = cand[cand["flow"] != "balance"]
    for (publisher, series, flow), g in cand.groupby(["publisher", "series", "flow"]):
        values = g.set_index("year")["value_usd_m"].sort_index()
        for label, v, vunit, y, b in _FIGURES[check](flow, values, args):
            try:
                shown = convert(v, vunit, unit) if vunit not in ("%", "factor") else v
            except ToolkitError:
                continue
            same = flow == args.get("flow") and y == args.get("year")
            if check != "trade_value":
                same = same and b == args.get("base_year")
            low, high = _rate_bounds(values, y, b) if vunit == "%" else (shown, shown)
            out.append(
                {
                    "publisher": publisher,
                    "series": series,
                    "flow": flow,
                    "label": label,
                    "value": shown,
                    "low": low,
                    "high": high,
                    "unit": unit if vunit not in ("%", "factor") else vunit,
                    "off": abs(shown - claimed),
                    "same_period": same,
                    "match": low - tol - EPS <= claimed <= high + tol + EPS
                    or (same and satisfies(claim["relation"], shown, claimed)),
                }
            )
    return out


#: The checks of this theme a claims file may name.
CHECKS = {
    "trade_value": trade_value,
    "trade_change_pct": trade_change_pct,
    "trade_fall": trade_fall,
    "trade_fall_factor": trade_fall_factor,
}
#: Each check's search of what reproduces a figure its series does not.
SEARCHES = dict.fromkeys(CHECKS, search)
