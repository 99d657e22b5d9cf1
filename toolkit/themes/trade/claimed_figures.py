"""The commentary's trade figures placed beside the data's values."""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.themes.trade.change import annual_only
from toolkit.themes.trade.series import wide

__all__ = ["compare_claims"]


def _decimals(value) -> int:
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text else 0


def _holds(comparator, claimed, actual, scale=1.0):
    """Whether ``actual`` satisfies ``comparator claimed`` (rounding as written for '=')."""
    import math

    if math.isnan(actual) or math.isnan(claimed):
        return None
    if comparator == "=":
        return abs(actual - claimed) <= 0.5 * 10 ** -_decimals(claimed / scale) * scale + 1e-9
    if comparator == "about":
        return abs(actual - claimed) <= 0.1 * abs(claimed)
    if comparator == "more than":
        return actual > claimed
    if comparator == "less than":
        return actual < claimed
    raise ParameterError(f"unknown comparator {comparator!r}", source="compare_claims")


def compare_claims(data, claims):
    """Place each trade figure of the commentary beside the data's value.

    Parameters
    ----------
    data : pandas.DataFrame
        Annual trade with ``exports``, ``imports`` and ``total`` (from
        :func:`~toolkit.themes.trade.series.load_us_russia_trade` or
        :func:`~toolkit.themes.trade.series.from_census`).
    claims : pandas.DataFrame
        :func:`toolkit.claims.load_claims`; only ``theme == "trade"`` rows are used.

    Returns
    -------
    pandas.DataFrame
        One row per claim: ``claim_id``, ``quantity``, ``flow``, ``year``,
        ``comparator``, ``claimed`` and ``unit`` (as written), ``claimed_usd_m``,
        ``data_usd_m`` (or the data's factor for the fall), ``diff_abs``
        (data - claim, in USD million, or in times for the factor) and
        ``diff_pct`` (relative to the claim), ``holds`` (the claim's comparator
        is met, '=' read as rounding of the written figure), the stated and
        the data's ``change_pct`` and absolute change, ``change_holds``,
        ``data_source`` and a ``note``.
    """
    import math

    import pandas as pd

    annual_only(data, "compare_claims")
    table = wide(data)
    indexed = data.drop_duplicates(["year", "flow"]).set_index(["year", "flow"])
    src = indexed.source_id
    approx = indexed.approx if "approx" in indexed.columns else None
    nan = float("nan")

    def get(year, flow):
        if year is pd.NA or year not in table.index or flow not in table.columns:
            return nan
        return float(table.loc[year, flow])

    rows = []
    trade = claims[claims.theme == "trade"]
    for c in trade.itertuples(index=False):
        year = int(c.year)
        base = None if pd.isna(c.base_year) else int(c.base_year)
        note = ""
        row = {
            "claim_id": c.claim_id,
            "quantity": c.quantity,
            "flow": c.flow,
            "year": year,
            "comparator": c.comparator,
            "claimed": c.value,
            "unit": c.unit,
        }
        if c.unit == "factor":
            actual = get(base, c.flow) / get(year, c.flow) if base else nan
            claimed = c.value
            row.update(claimed_usd_m=nan, data_usd_m=nan, data_factor=actual)
            implied = claims.set_index("claim_id").value_usd_m
            if {"T-2021-total", "T-2024-total"} <= set(implied.index):
                own = implied["T-2021-total"] / implied["T-2024-total"]
                note = f"the commentary's own {base} and {year} totals give a factor of {own:.2f}"
            holds = _holds(c.comparator, claimed, actual)
            diff = actual - claimed
        else:
            actual = get(year, c.flow)
            claimed = c.value_usd_m
            row.update(claimed_usd_m=claimed, data_usd_m=actual, data_factor=nan)
            if math.isnan(claimed) and c.comparator == "less than" and base:
                # a direction only: "lower than the base year"
                holds = _holds("less than", get(base, c.flow), actual)
                diff = nan
                note = f"direction only: {year} below {base}"
            else:
                scale = 1000.0 if c.unit == "USD billion" else 1.0
                holds = _holds(c.comparator, claimed, actual, scale)
                diff = actual - claimed
        row["diff_abs"] = diff
        row["diff_pct"] = diff / claimed * 100 if claimed and not math.isnan(claimed) else nan
        row["holds"] = holds
        data_change = nan
        data_change_abs = nan
        if base and c.unit != "factor":
            prev = get(base, c.flow)
            data_change = (actual / prev - 1) * 100 if prev else nan
            data_change_abs = actual - prev
        row["claimed_change_pct"] = c.change_pct
        row["data_change_pct"] = data_change
        row["claimed_change_abs_usd_m"] = c.change_abs_usd_m
        row["data_change_abs_usd_m"] = data_change_abs
        change_holds = None
        if not pd.isna(c.change_pct) and not math.isnan(data_change):
            change_holds = _holds("=", float(c.change_pct), data_change)
        if not pd.isna(c.change_abs_usd_m) and not math.isnan(data_change_abs):
            comp = c.change_abs_comparator if isinstance(c.change_abs_comparator, str) else "="
            scale = 1000.0 if c.unit == "USD billion" else 1.0
            ok = _holds(comp, abs(c.change_abs_usd_m), abs(data_change_abs), scale)
            change_holds = ok if change_holds is None else (change_holds and ok)
        row["change_holds"] = change_holds
        ids = {src.get((year, c.flow), "")} | ({src.get((base, c.flow), "")} if base else set())
        row["data_source"] = " & ".join(sorted(i for i in ids if i))
        if approx is not None and bool(approx.get((year, c.flow), False)):
            rounded = "the data's value is itself rounded (approx), so small differences are not meaningful"
            note = f"{note}; {rounded}" if note else rounded
        row["note"] = note
        rows.append(row)
    return pd.DataFrame(rows)
