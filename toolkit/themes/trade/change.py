"""How far trade fell: the fall factor between two years, year-on-year changes."""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.themes.trade.series import FLOWS, STORED_FLOWS, check_flows, wide

__all__ = ["annual_only", "fall_factor", "yoy"]


def annual_only(data, where) -> None:
    """Raise ParameterError if ``data`` is monthly (``where``: the caller)."""
    if "month" in data.columns:
        raise ParameterError(
            "needs annual data; load it with freq='annual'", source=where, key="data"
        )


def _year_value(table, year, flow, where):
    if year not in table.index:
        raise ParameterError(
            f"year {year} is not in the data ({table.index.min()}-{table.index.max()})",
            source=where,
            key="year",
        )
    return float(table.loc[year, flow])


def fall_factor(
    data, *, base_year: int = 2021, comparison_year: int = 2024, flows=FLOWS[:2] + ("total",)
):
    """Return how many times smaller each flow is in ``comparison_year`` than in ``base_year``.

    Parameters
    ----------
    data : pandas.DataFrame
        Annual trade (:func:`~toolkit.themes.trade.series.load_us_russia_trade`).
    base_year, comparison_year : int
    flows : iterable of str
        Flows to compare (the balance, which changes sign, is better read as a change).

    Returns
    -------
    pandas.DataFrame
        ``flow``, ``base_year``, ``comparison_year``, ``base_usd_m``,
        ``comparison_usd_m``, ``factor`` (base / comparison), ``change_pct``,
        ``comparison_source``.
    """
    import pandas as pd

    annual_only(data, "fall_factor")
    flows = check_flows(flows, "fall_factor")
    table = wide(data)
    src = data.drop_duplicates(["year", "flow"]).set_index(["year", "flow"]).source_id
    rows = []
    for flow in flows:
        base = _year_value(table, base_year, flow, "fall_factor")
        comp = _year_value(table, comparison_year, flow, "fall_factor")
        rows.append(
            {
                "flow": flow,
                "base_year": base_year,
                "comparison_year": comparison_year,
                "base_usd_m": base,
                "comparison_usd_m": comp,
                "factor": base / comp if comp else float("nan"),
                "change_pct": (comp / base - 1) * 100 if base else float("nan"),
                "comparison_source": src.get((comparison_year, flow), ""),
            }
        )
    return pd.DataFrame(rows)


def yoy(data, *, flows=STORED_FLOWS + ("total",)):
    """Return year-on-year changes per flow.

    Parameters
    ----------
    data : pandas.DataFrame
        Annual trade (:func:`~toolkit.themes.trade.series.load_us_russia_trade`).
    flows : iterable of str
        Flows kept.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``flow``, ``value_usd_m``, ``previous_usd_m``,
        ``change_abs_usd_m``, ``change_pct``, ``source_id``.
    """
    annual_only(data, "yoy")
    flows = check_flows(flows, "yoy")
    df = data[data.flow.isin(flows)].sort_values(["flow", "year"]).copy()
    df["previous_usd_m"] = df.groupby("flow").value_usd_m.shift()
    # a gap in the years would make "previous" not the year before
    prev_year = df.groupby("flow").year.shift()
    df.loc[prev_year != df.year - 1, "previous_usd_m"] = float("nan")
    df["change_abs_usd_m"] = df.value_usd_m - df.previous_usd_m
    df["change_pct"] = (df.value_usd_m / df.previous_usd_m - 1) * 100
    cols = [
        "year",
        "flow",
        "value_usd_m",
        "previous_usd_m",
        "change_abs_usd_m",
        "change_pct",
        "source_id",
    ]
    return df[cols].sort_values(["year", "flow"], ignore_index=True)
