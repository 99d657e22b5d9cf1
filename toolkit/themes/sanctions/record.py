"""The 2025-26 record of the sanctions theme: list size to 2026, designations a year, market price.

Three small curated tables from the fact sheet's section E (each row cites its E row and
confidence) and one series built from real OFAC files:

* :func:`load_designation_counts`: new US designations per year as CNAS and Castellum.AI
  count them (E62, E63); all programs unless ``scope`` says otherwise.
* :func:`load_oil_prices`: the Urals price points the fact sheet gives (E87, E88).
* :func:`list_size_series`: the size of the whole SDN list, from the complete snapshots
  (programs known, to 2024-05) and then from the partial sets (programs unknown).
* :func:`sanctions_numbers`: the numbers the notebook's findings state, computed from these.
"""

from __future__ import annotations

from toolkit.errors import DataFormatError
from toolkit.paths import embedded

__all__ = [
    "COUNT_COLUMNS",
    "PRICE_COLUMNS",
    "crude_caps_at",
    "list_size_series",
    "load_designation_counts",
    "load_oil_prices",
    "sanctions_numbers",
]

COUNT_COLUMNS = (
    "period", "year_start", "year_end", "counter", "scope", "count", "statistic", "note",
    "source_url", "publisher", "confidence", "fact_id",
)  # fmt: skip
PRICE_COLUMNS = (
    "period_start", "period_end", "benchmark", "usd_per_bbl", "statistic", "note",
    "source_url", "publisher", "confidence", "fact_id",
)  # fmt: skip

#: Where each part of :func:`list_size_series` comes from.
SNAPSHOT_BASIS = "complete SDN list (sdn.csv): programs known"
PARTIAL_BASIS = "partial set (add.csv, alt.csv, sdn_comments.csv; no sdn.csv): programs unknown"


def _read(path, columns, numeric, dates):
    """Read a curated CSV, checking its columns, numbers, dates and citations."""
    import pandas as pd

    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataFormatError(
            path, f"missing column(s) {missing}; expected {list(columns)}", line=1
        )
    for col in numeric:
        values = pd.to_numeric(df[col], errors="coerce")
        bad = values.isna() | (values < 0)
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise DataFormatError(
                path, f"{df[col].iloc[i]!r} is not a non-negative number", line=i + 2, column=col
            )
        df[col] = values
    for col in dates:
        parsed = pd.to_datetime(df[col], format="%Y-%m-%d", errors="coerce")
        if parsed.isna().any():
            i = int(parsed.isna().to_numpy().nonzero()[0][0])
            raise DataFormatError(
                path, f"{df[col].iloc[i]!r} is not an ISO date", line=i + 2, column=col
            )
        df[col] = parsed
    for col in ("source_url", "publisher", "fact_id"):
        empty = df[col].str.strip() == ""
        if empty.any():
            i = int(empty.to_numpy().nonzero()[0][0])
            raise DataFormatError(
                path, "empty value; every row cites its source", line=i + 2, column=col
            )
    bad = ~df["confidence"].isin(["high", "medium"])
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path, f"confidence {df['confidence'].iloc[i]!r} is not high or medium (low rows stay out)",
            line=i + 2, column="confidence",
        )  # fmt: skip
    return df


def load_designation_counts(*, path=None):
    """Load new US designations a year as CNAS and Castellum.AI count them (facts.md E62, E63).

    Parameters
    ----------
    path : path-like, optional
        A file of the same layout (default: the embedded ``us_designation_counts.csv``).

    Returns
    -------
    pandas.DataFrame
        One row per (period, counter, scope); ``count`` is a year's total or, for
        ``statistic == "annual average"``, the average a year over the period.

    Raises
    ------
    DataFormatError
        A missing column, a bad number, an uncited or low-confidence row (with its line).
    """
    path = embedded("us_designation_counts.csv") if path is None else path
    df = _read(path, COUNT_COLUMNS, ("year_start", "year_end", "count"), ())
    for col in ("year_start", "year_end", "count"):
        df[col] = df[col].astype("int64")
    return df


def load_oil_prices(*, path=None):
    """Load the market price points of Russian crude the fact sheet gives (E87, E88).

    Parameters
    ----------
    path : path-like, optional
        A file of the same layout (default: the embedded ``oil_market_prices.csv``).

    Returns
    -------
    pandas.DataFrame
        One row per price point: ``period_start``, ``period_end``, ``benchmark``,
        ``usd_per_bbl``, ``statistic`` (annual average or an approximate monthly level).

    Raises
    ------
    DataFormatError
        A missing column, a bad number or date, an uncited or low-confidence row.
    """
    path = embedded("oil_market_prices.csv") if path is None else path
    return _read(path, PRICE_COLUMNS, ("usd_per_bbl",), ("period_start", "period_end"))


def list_size_series(ledger, partial_sizes=None):
    """Return the size of the whole SDN list over time, complete snapshots then partial sets.

    Parameters
    ----------
    ledger : pandas.DataFrame
        A designation ledger with the ``ALL`` program (``toolkit.load("sdn_ledger_summary")``).
    partial_sizes : pandas.DataFrame, optional
        :func:`toolkit.sources.ofac_partial_sets.list_sizes` of the partial sets; dates not
        after the last snapshot are dropped (the snapshot counts programs too).

    Returns
    -------
    pandas.DataFrame
        ``date``, ``entries``, ``basis`` (:data:`SNAPSHOT_BASIS` or :data:`PARTIAL_BASIS`),
        sorted by date.
    """
    import pandas as pd

    full = ledger[ledger["program"] == "ALL"].groupby("snapshot_date")["in_force"].sum()
    out = pd.DataFrame(
        {"date": full.index, "entries": full.to_numpy().astype("int64"), "basis": SNAPSHOT_BASIS}
    )
    if partial_sizes is not None and len(partial_sizes):
        later = partial_sizes[partial_sizes["list_date"] > out["date"].max()]
        out = pd.concat(
            [out, pd.DataFrame({"date": later["list_date"].to_numpy(),
                                "entries": later["entries"].to_numpy().astype("int64"),
                                "basis": PARTIAL_BASIS})],
            ignore_index=True,
        )  # fmt: skip
    return out.sort_values("date", ignore_index=True)


def crude_caps_at(caps, date):
    """Return the crude cap in force on ``date`` per jurisdiction (USD/bbl).

    Parameters
    ----------
    caps : pandas.DataFrame
        From ``toolkit.load("price_caps")``.
    date : str or Timestamp
        The day.

    Returns
    -------
    pandas.Series
        ``cap_usd_per_bbl`` indexed by jurisdiction.
    """
    import pandas as pd

    day = pd.Timestamp(date)
    crude = caps[caps["product"] == "crude"]
    on = (crude["start_date"] <= day) & (crude["end_date"].isna() | (crude["end_date"] >= day))
    return crude.loc[on].set_index("jurisdiction")["cap_usd_per_bbl"]


def sanctions_numbers(ledger, sizes, counts, caps, prices):
    """Return the numbers the sanctions findings state, computed from the data.

    Parameters
    ----------
    ledger : pandas.DataFrame
        The designation ledger (``RUSSIA-EO14024`` rows).
    sizes : pandas.DataFrame
        :func:`list_size_series`.
    counts : pandas.DataFrame
        :func:`load_designation_counts`.
    caps : pandas.DataFrame
        ``toolkit.load("price_caps")``.
    prices : pandas.DataFrame
        :func:`load_oil_prices`.

    Returns
    -------
    dict
        ``size``: list size at the first snapshot, the last snapshot and the last partial set;
        ``counts``: CNAS and Castellum yearly totals; ``caps``: the US and EU crude caps on
        the day of the latest cap change; ``urals``: the latest Urals point and the caps then;
        ``russia``: ``RUSSIA-EO14024`` entries at the last snapshot before the invasion, the
        first after it and the last one.
    """
    import pandas as pd

    first, last = sizes.iloc[0], sizes.iloc[-1]
    snap = sizes[sizes["basis"] == SNAPSHOT_BASIS].iloc[-1]
    size = {
        "first_date": f"{first['date']:%Y-%m-%d}", "first": int(first["entries"]),
        "snap_date": f"{snap['date']:%Y-%m-%d}", "snap": int(snap["entries"]),
        "last_date": f"{last['date']:%Y-%m-%d}", "last": int(last["entries"]),
        "growth_pct": round(100 * (last["entries"] / first["entries"] - 1)),
    }  # fmt: skip
    every = counts[(counts["scope"] == "all programs") & (counts["statistic"] == "year total")]
    cnas = every[every["counter"] == "CNAS"].set_index("year_start")["count"]
    cast = every[every["counter"] == "Castellum.AI"].set_index("year_start")["count"]
    avg = counts[(counts["counter"] == "CNAS") & (counts["statistic"] == "annual average")].iloc[0]
    tally = {
        "avg_2017_2021": int(avg["count"]), "cnas_first_year": int(cnas.index.min()),
        "cnas_first": int(cnas.loc[cnas.index.min()]), "cnas_peak_year": int(cnas.idxmax()),
        "cnas_peak": int(cnas.max()), "cast_last_year": int(cast.index.max()),
        "cast_last": int(cast.loc[cast.index.max()]),
        "cast_change_pct": round(100 * (cast.loc[cast.index.max()] / cast.loc[cast.index.max() - 1] - 1)),
    }  # fmt: skip
    crude = caps[caps["product"] == "crude"]
    latest_change = crude["start_date"].max()
    now = crude_caps_at(caps, latest_change)
    cut = crude[(crude["jurisdiction"] == "EU") & (crude["rule"].str.startswith("dynamic"))]
    cap = {
        "us": float(now["US"]), "eu": float(now["EU"]),
        "eu_first": float(cut.sort_values("start_date")["cap_usd_per_bbl"].iloc[0]),
        "eu_first_date": f"{cut['start_date'].min():%Y-%m-%d}",
    }  # fmt: skip
    monthly = prices[prices["statistic"].str.startswith("monthly")].sort_values("period_start")
    point = monthly.iloc[-1]
    then = crude_caps_at(caps, point["period_start"] + pd.Timedelta(days=14))  # mid-month
    urals = {
        "month": f"{point['period_start']:%B %Y}", "price": float(point["usd_per_bbl"]),
        "us_cap": float(then["US"]), "eu_cap": float(then["EU"]),
    }  # fmt: skip
    ru = ledger[ledger["program"] == "RUSSIA-EO14024"].groupby("snapshot_date")["in_force"].sum()
    invasion = pd.Timestamp("2022-02-24")
    before, after = ru[ru.index < invasion], ru[ru.index >= invasion]
    russia = {
        "before_date": f"{before.index.max():%Y-%m-%d}", "before": int(before.iloc[-1]),
        "after_date": f"{after.index.min():%Y-%m-%d}", "after": int(after.iloc[0]),
        "last_date": f"{ru.index.max():%Y-%m-%d}", "last": int(ru.iloc[-1]),
        "factor": round(float(ru.iloc[-1] / before.iloc[-1])),
    }  # fmt: skip
    return {"size": size, "counts": tally, "caps": cap, "urals": urals, "russia": russia}
