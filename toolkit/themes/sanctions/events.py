"""Dated, cited sanctions events (executive orders, statutes, EU packages, price caps) any plot can mark."""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.paths import embedded

__all__ = [
    "CONFIDENCE",
    "EVENTS_FILE",
    "INVASION_DATE",
    "load_events",
]

EVENTS_FILE = "events.csv"
CONFIDENCE = ("high", "medium", "low")
#: Date of Russia's full-scale invasion of Ukraine: the break every timeline marks.
INVASION_DATE = "2022-02-24"


def load_events(*, jurisdiction=None, kind=None, start=None, end=None, include_low: bool = False):
    """Return the events table, optionally filtered.

    Parameters
    ----------
    jurisdiction : str or list of str, optional
        Keep these jurisdictions (``US``, ``EU``, ``RU``, ``G7+EU+Australia``, ``G7+EU``).
    kind : str or list of str, optional
        Keep these kinds (``executive_order``, ``statute``, ``import_ban``,
        ``price_cap``, ``listing``, ``sectoral``, ``financial``, ``investment_ban``, ``war``).
    start, end : str, optional
        ISO dates bounding the events kept (inclusive).
    include_low : bool
        Keep rows of ``low`` confidence (none ship today; excluded by default).

    Returns
    -------
    pandas.DataFrame
        ``date`` (datetime64), ``label``, ``jurisdiction``, ``kind``,
        ``description``, ``source_url``, ``publisher``, ``confidence``,
        ``fact_id`` (facts.md row), ``note``; sorted by date.

    Raises
    ------
    ParameterError
        If a jurisdiction or kind is unknown, or a date is not ISO.
    """
    import pandas as pd

    df = pd.read_csv(embedded(EVENTS_FILE), dtype=str, keep_default_na=False)
    df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
    for col in ("fact_id", "note", "source_url"):
        df[col] = df[col].replace("", pd.NA)
    if not include_low:
        df = df[df["confidence"] != "low"]
    for key, wanted in (("jurisdiction", jurisdiction), ("kind", kind)):
        if wanted is None:
            continue
        wanted = [wanted] if isinstance(wanted, str) else list(wanted)
        unknown = sorted(set(wanted) - set(df[key]))
        if unknown:
            raise ParameterError(
                f"unknown value(s) {unknown}; expected some of {sorted(set(df[key]))}",
                source="load_events",
                key=key,
            )
        df = df[df[key].isin(wanted)]
    for key, bound in (("start", start), ("end", end)):
        if bound is None:
            continue
        try:
            when = pd.Timestamp(bound)
        except (TypeError, ValueError):
            raise ParameterError(
                f"{bound!r} is not an ISO date (YYYY-MM-DD)", source="load_events", key=key
            ) from None
        df = df[df["date"] >= when] if key == "start" else df[df["date"] <= when]
    return df.sort_values("date", ignore_index=True)
