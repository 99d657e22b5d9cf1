"""Price caps on Russian oil: the embedded caps and the EU dynamic-cap rule for any price series."""

from __future__ import annotations

from toolkit.errors import DataFormatError, ParameterError
from toolkit.paths import embedded

__all__ = [
    "PRICE_CAP_COLUMNS",
    "EU_DISCOUNT_PCT",
    "EU_REVIEW_MONTHS",
    "EU_WINDOW_WEEKS",
    "caps_over_time",
    "dynamic_cap",
    "load_price_caps",
]

#: The EU rule of the 18th package (facts.md B59): a 22-week average market price, minus 15 %,
#: reviewed every six months.
EU_WINDOW_WEEKS = 22
EU_DISCOUNT_PCT = 15.0
EU_REVIEW_MONTHS = 6

PRICE_CAP_COLUMNS = (
    "cap_id",
    "jurisdiction",
    "product",
    "cap_usd_per_bbl",
    "start_date",
    "end_date",
    "rule",
    "note",
    "source_url",
    "publisher",
    "confidence",
    "fact_id",
)


def load_price_caps(*, path=None):
    """Load the price caps on seaborne Russian crude and petroleum products.

    Parameters
    ----------
    path : path-like, optional
        A file of the same layout (default: the embedded ``price_caps.csv``).

    Returns
    -------
    pandas.DataFrame
        One row per cap: ``cap_usd_per_bbl`` (float), ``start_date`` and ``end_date``
        (datetimes; ``NaT`` while in force), the rule, source and confidence.

    Raises
    ------
    DataFormatError
        A missing column, a cap that is not a positive number, a bad date (with its line).
    """
    import pandas as pd

    path = embedded("price_caps.csv") if path is None else path
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in PRICE_CAP_COLUMNS if c not in df.columns]
    if missing:
        raise DataFormatError(
            path, f"missing column(s) {missing}; expected {list(PRICE_CAP_COLUMNS)}", line=1
        )
    caps = pd.to_numeric(df["cap_usd_per_bbl"], errors="coerce")
    bad = caps.isna() | (caps <= 0)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path,
            f"{df['cap_usd_per_bbl'].iloc[i]!r} is not a positive USD/bbl cap",
            line=i + 2,
            column="cap_usd_per_bbl",
        )
    df["cap_usd_per_bbl"] = caps
    for col in ("start_date", "end_date"):
        parsed = pd.to_datetime(df[col].replace("", None), format="%Y-%m-%d", errors="coerce")
        # a start date is required; an end date may be empty (still in force)
        wrong = parsed.isna() & ((df[col] != "") | (col == "start_date"))
        if wrong.any():
            i = int(wrong.to_numpy().nonzero()[0][0])
            raise DataFormatError(
                path, f"{df[col].iloc[i]!r} is not an ISO date", line=i + 2, column=col
            )
        df[col] = parsed
    return df


def caps_over_time(caps, *, end="2025-12-31", freq="D"):
    """Return each cap as a dated step series, for plotting.

    Parameters
    ----------
    caps : pandas.DataFrame
        As returned by :func:`load_price_caps`.
    end : str
        Last date drawn for caps still in force.
    freq : str
        Spacing of the dates (pandas offset alias).

    Returns
    -------
    pandas.DataFrame
        ``date``, ``cap_id``, ``jurisdiction``, ``product``, ``cap_usd_per_bbl``.
    """
    import pandas as pd

    try:
        stop = pd.Timestamp(end)
    except ValueError:
        raise ParameterError(
            f"{end!r} is not an ISO date", source="caps_over_time", key="end"
        ) from None
    parts = []
    for row in caps.itertuples(index=False):
        last = row.end_date if pd.notna(row.end_date) else stop
        dates = pd.date_range(row.start_date, min(last, stop), freq=freq)
        parts.append(
            pd.DataFrame(
                {
                    "date": dates,
                    "cap_id": row.cap_id,
                    "jurisdiction": row.jurisdiction,
                    "product": row.product,
                    "cap_usd_per_bbl": row.cap_usd_per_bbl,
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out.attrs = dict(caps.attrs)
    return out


def _as_series(prices, date_col, price_col):
    import pandas as pd

    where = "dynamic_cap"
    if isinstance(prices, pd.DataFrame):
        for col in (date_col, price_col):
            if col not in prices.columns:
                raise ParameterError(
                    f"prices has no column {col!r}; columns are {list(prices.columns)}",
                    source=where,
                    key="prices",
                )
        series = pd.Series(prices[price_col].to_numpy(), index=prices[date_col], name=price_col)
    elif isinstance(prices, pd.Series):
        series = prices
    else:
        raise ParameterError(
            f"prices must be a pandas Series indexed by date or a DataFrame, not {type(prices).__name__}",
            source=where,
            key="prices",
        )
    try:
        index = pd.DatetimeIndex(pd.to_datetime(series.index, format="ISO8601"))
    except (ValueError, TypeError):
        bad = next(
            i
            for i, v in enumerate(series.index)
            if pd.isna(pd.to_datetime(str(v), errors="coerce"))
        )
        raise ParameterError(
            f"date {series.index[bad]!r} (row {bad}) is not an ISO date", source=where, key="prices"
        ) from None
    values = pd.to_numeric(pd.Series(series.to_numpy()), errors="coerce")
    text = pd.Series(series.to_numpy())
    bad = values.isna() & text.notna()
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise ParameterError(
            f"price {text.iloc[i]!r} on {index[i]:%Y-%m-%d} is not a number (USD/bbl)",
            source=where,
            key="prices",
        )
    if (values <= 0).any():
        i = int((values <= 0).to_numpy().nonzero()[0][0])
        raise ParameterError(
            f"price {values.iloc[i]} on {index[i]:%Y-%m-%d} is not positive (USD/bbl)",
            source=where,
            key="prices",
        )
    if index.has_duplicates:
        raise ParameterError(
            f"date {index[index.duplicated()][0]:%Y-%m-%d} appears twice",
            source=where,
            key="prices",
        )
    out = pd.Series(values.to_numpy(dtype=float), index=index).sort_index().dropna()
    if out.empty:
        raise ParameterError("prices holds no number", source=where, key="prices")
    return out


def dynamic_cap(
    prices,
    *,
    first_review=None,
    window_weeks: int = EU_WINDOW_WEEKS,
    discount_pct: float = EU_DISCOUNT_PCT,
    review_months: int = EU_REVIEW_MONTHS,
    date_col: str = "date",
    price_col: str = "price_usd_per_bbl",
):
    """Apply the EU dynamic price-cap rule to a price series of one's own.

    At each review the cap is the average of the prices of the ``window_weeks``
    before the review date (the review day excluded), less ``discount_pct`` percent;
    it stays in force until the next review, ``review_months`` later.

    Parameters
    ----------
    prices : pandas.Series or pandas.DataFrame
        Market prices in USD/bbl (e.g. Urals), a Series indexed by date or a frame
        with ``date_col`` and ``price_col``. Missing prices (NaN) are skipped.
    first_review : str, optional
        ISO date of the first review; default: the first date with a full window.
    window_weeks, discount_pct, review_months : optional
        The rule's parameters (EU defaults: 22 weeks, 15 %, six months).

    Returns
    -------
    pandas.DataFrame
        One row per review: ``review_date``, ``window_start``, ``n_prices``,
        ``average_usd_per_bbl``, ``cap_usd_per_bbl``, ``in_force_until``.

    Raises
    ------
    ParameterError
        A non-numeric or non-positive price (naming its date), a bad date, a rule
        parameter out of range, or a series shorter than one window.

    Examples
    --------
    >>> import pandas as pd
    >>> flat = pd.Series(70.0, index=pd.date_range("2025-01-01", "2025-12-31"))
    >>> dynamic_cap(flat)["cap_usd_per_bbl"].round(2).tolist()
    [59.5, 59.5]
    """
    import pandas as pd

    where = "dynamic_cap"
    if not (isinstance(window_weeks, int) and window_weeks >= 1):
        raise ParameterError(
            f"window_weeks must be a positive integer, not {window_weeks!r}",
            source=where,
            key="window_weeks",
        )
    if not (0 <= float(discount_pct) < 100):
        raise ParameterError(
            f"discount_pct must be in [0, 100), not {discount_pct!r}",
            source=where,
            key="discount_pct",
        )
    if not (isinstance(review_months, int) and review_months >= 1):
        raise ParameterError(
            f"review_months must be a positive integer, not {review_months!r}",
            source=where,
            key="review_months",
        )
    series = _as_series(prices, date_col, price_col)
    window = pd.Timedelta(weeks=window_weeks)
    earliest = series.index.min() + window
    if first_review is None:
        start = earliest
    else:
        try:
            start = pd.Timestamp(first_review)
        except ValueError:
            raise ParameterError(
                f"{first_review!r} is not an ISO date", source=where, key="first_review"
            ) from None
        if start < earliest:
            raise ParameterError(
                f"first review {start:%Y-%m-%d} needs prices from {start - window:%Y-%m-%d}; "
                f"the series starts {series.index.min():%Y-%m-%d}",
                source=where,
                key="first_review",
            )
    last = series.index.max() + pd.Timedelta(days=1)
    if start > last:
        raise ParameterError(
            f"the series ({series.index.min():%Y-%m-%d} to {series.index.max():%Y-%m-%d}) is shorter "
            f"than one {window_weeks}-week window",
            source=where,
            key="prices",
        )
    reviews = pd.date_range(start, last, freq=pd.DateOffset(months=review_months))
    rows = []
    for review in reviews:
        chunk = series[(series.index >= review - window) & (series.index < review)]
        average = chunk.mean()
        rows.append(
            {
                "review_date": review,
                "window_start": review - window,
                "n_prices": len(chunk),
                "average_usd_per_bbl": average,
                "cap_usd_per_bbl": average * (1 - float(discount_pct) / 100),
            }
        )
    out = pd.DataFrame(rows)
    out["in_force_until"] = (
        out["review_date"] + pd.DateOffset(months=review_months)
    ) - pd.Timedelta(days=1)
    out.attrs["source"] = {
        "title": f"Dynamic cap: {window_weeks}-week average minus {discount_pct:g}%, reviewed every {review_months} months",
        "rule": "EU 18th package (adopted 2025-07-18; facts.md B59)",
    }
    return out
