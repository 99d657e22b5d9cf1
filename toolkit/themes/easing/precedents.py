"""Easing since 2015: the general-licence lineages and the precedent log (facts.md E.3, E.8, D)."""

from __future__ import annotations

from toolkit.errors import DataFormatError, ParameterError
from toolkit.themes.easing.tables import check_choices, read_embedded_csv

__all__ = [
    "ACTIONS",
    "LINEAGE_COLUMNS",
    "PRECEDENT_COLUMNS",
    "as_dated",
    "latest_fact_date",
    "load_gl_lineage",
    "load_precedents",
    "until",
]

#: What a precedent did to the sanctions (a re-imposition is the reverse of easing).
ACTIONS = ("eased", "lifted", "delisted", "re-imposed")
#: Precision of a date: a month-only date is placed on the month's first day.
PRECISIONS = ("day", "month", "")
CONFIDENCES = ("high", "medium")

LINEAGE_COLUMNS = (
    "licence",
    "lineage",
    "version",
    "replaces",
    "program",
    "sender",
    "issued_date",
    "issued_precision",
    "expiry_date",
    "expiry_note",
    "period_start",
    "authorises",
    "fact_id",
    "confidence",
    "source_url",
    "publisher",
    "note",
)
PRECEDENT_COLUMNS = (
    "precedent_id",
    "program",
    "target",
    "sender",
    "action",
    "eased",
    "instrument",
    "date",
    "date_precision",
    "from_event",
    "from_date",
    "from_precision",
    "from_fact_id",
    "fact_id",
    "confidence",
    "source_url",
    "publisher",
    "note",
)


def _dates(df, path, column: str, precision: str | None = None):
    """Parse an ISO date column (empty: NaT), naming the line of a bad one."""
    import pandas as pd

    if precision:
        check_choices(df, path, precision, PRECISIONS)
    parsed = pd.to_datetime(df[column].replace("", None), format="%Y-%m-%d", errors="coerce")
    bad = parsed.isna() & df[column].ne("")
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path, f"not an ISO date: {df[column].iloc[i]!r}", line=i + 2, column=column
        )
    return parsed


def until(df, as_of: str | None, column: str):
    """Return the rows of ``df`` dated on or before ``as_of`` in ``column`` (all when empty).

    Parameters
    ----------
    df : pandas.DataFrame
        A table with a datetime column.
    as_of : str or None
        ISO date; rows dated after it are dropped, undated rows kept.
    column : str
        The date column.

    Returns
    -------
    pandas.DataFrame
    """
    if not as_of:
        return df
    import pandas as pd

    try:
        cutoff = pd.Timestamp(str(as_of))
    except ValueError:
        raise ParameterError(f"expected an ISO date, got {as_of!r}", key="as_of") from None
    keep = df[column].isna() | (df[column] <= cutoff)
    return df[keep].reset_index(drop=True)


def load_gl_lineage(*, as_of: str | None = None):
    """Return the OFAC general licences of the 2015-2026 easing record, one row per version.

    Parameters
    ----------
    as_of : str, optional
        ISO date: versions issued after it are left out (an undated version is placed at the
        first date of its line, else at ``period_start``, the start of its fact row's period).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`LINEAGE_COLUMNS`; ``issued_date`` and ``expiry_date`` are
        datetimes (NaT where facts.md gives none, ``*_note``/``note`` say why); a month-only
        issue date is on the month's first day (``issued_precision``). Ordered by lineage and
        version.
    """
    df, path = read_embedded_csv(
        "general_licence_lineage.csv", LINEAGE_COLUMNS, dtype=str, keep_default_na=False
    )
    check_choices(df, path, "confidence", CONFIDENCES)
    df["issued_date"] = _dates(df, path, "issued_date", "issued_precision")
    df["expiry_date"] = _dates(df, path, "expiry_date")
    df["period_start"] = _dates(df, path, "period_start")
    df["version"] = df["version"].astype(int)
    known = set(df["licence"])
    missing = df["replaces"].ne("") & ~df["replaces"].isin(known)
    if missing.any():
        i = int(missing.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path, f"replaces {df['replaces'].iloc[i]!r}, not a row", line=i + 2, column="replaces"
        )
    # an undated version is placed at the first date of its line, else at the start of its
    # fact row's period (only to leave it out of an earlier view; never shown as its date)
    first = df[["issued_date", "expiry_date"]].min(axis=1).groupby(df["lineage"]).transform("min")
    df["placed_date"] = df["issued_date"].fillna(first).fillna(df["period_start"])
    df = until(df, as_of, "placed_date").drop(columns="placed_date")
    df = df.sort_values(["program", "lineage", "version"], ignore_index=True)
    df.attrs["source"] = {
        "publisher": "OFAC, per row (official FAQs, Federal Register; law firms and press)",
        "title": "General-licence lineages, 2015-2026 (facts.md E36-E42, E59, E104, E109, E113, E114)",
        "vintage": f"versions issued to {as_of or df['issued_date'].max().date()}",
    }
    return df


def load_precedents(*, as_of: str | None = None):
    """Return the easing precedents since 2015 with the years from imposition (or relief).

    Parameters
    ----------
    as_of : str, optional
        ISO date: precedents dated after it are left out.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`PRECEDENT_COLUMNS` (dates parsed) plus ``years_from``: years from
        ``from_date`` (the imposition, or for a re-imposition the relief it reversed) to
        ``date``; NaN where facts.md gives no start date. Ordered by date.
    """
    df, path = read_embedded_csv(
        "easing_precedents.csv", PRECEDENT_COLUMNS, dtype=str, keep_default_na=False
    )
    check_choices(df, path, "action", ACTIONS)
    check_choices(df, path, "confidence", CONFIDENCES)
    check_choices(df, path, "from_event", ("imposition", "relief", ""))
    df["date"] = _dates(df, path, "date", "date_precision")
    df["from_date"] = _dates(df, path, "from_date", "from_precision")
    undated = df["date"].isna()
    if undated.any():
        i = int(undated.to_numpy().nonzero()[0][0])
        raise DataFormatError(path, "a precedent needs its date", line=i + 2, column="date")
    df["years_from"] = ((df["date"] - df["from_date"]).dt.days / 365.25).round(1)
    df = until(df, as_of, "date").sort_values("date", ignore_index=True)
    df.attrs["source"] = {
        "publisher": "per row (OFAC, White House, Federal Register, Council of the EU, UN; law firms and press)",
        "title": "Easing precedents since 2015 (facts.md D02-D04, D08, D09, E44-E45, E51, E59-E60, E104-E116)",
        "vintage": f"precedents to {as_of or df['date'].max().date()}",
    }
    return df


def latest_fact_date(*dates):
    """Return the latest of the given dates or date columns, as an ISO string.

    Parameters
    ----------
    *dates : pandas.Series, Timestamp or str
        Date columns (NaT ignored) or single dates.

    Returns
    -------
    str
        ``YYYY-MM-DD``.

    Raises
    ------
    ValueError
        No date at all.
    """
    import pandas as pd

    found = []
    for d in dates:
        if isinstance(d, pd.Series):
            found.extend(pd.to_datetime(d.dropna()).tolist())
        elif d is not None and d == d:
            found.append(pd.Timestamp(d))
    if not found:
        raise ValueError("latest_fact_date: no date given")
    return max(found).strftime("%Y-%m-%d")


def as_dated(dates, precision):
    """Return dates as text to their precision: ``2025-11-04``, a month-only one as ``2025-11``.

    Parameters
    ----------
    dates : pandas.Series
        Datetimes (NaT stays missing).
    precision : pandas.Series
        ``day``, ``month`` or empty, row by row.

    Returns
    -------
    pandas.Series
        Text, or NaN where the date is missing.
    """
    import numpy as np

    day = dates.dt.strftime("%Y-%m-%d")
    month = dates.dt.strftime("%Y-%m")
    return day.where(precision.to_numpy() != "month", month).where(dates.notna(), np.nan)
