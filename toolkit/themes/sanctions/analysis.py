"""The sanctions-regime theme: measures, price caps, OFAC designations and the ledger, in one place."""

from __future__ import annotations

from toolkit.themes.sanctions.ledger import (
    ALL,
    designation_ledger,
    is_russia_ukraine_program,
    load_ledger_summary,
    totals_by_program,
)
from toolkit.themes.sanctions.measures import (
    COMMENTARY_TERMS,
    EXTRA_TERMS,
    VOCABULARY,
    filter_measures,
    load_measures,
    match_commentary,
)
from toolkit.themes.sanctions.price_cap import caps_over_time, dynamic_cap, load_price_caps

#: Date of Russia's full-scale invasion of Ukraine: the break every timeline marks.
INVASION_DATE = "2022-02-24"

__all__ = [
    "ALL",
    "COMMENTARY_TERMS",
    "EXTRA_TERMS",
    "INVASION_DATE",
    "VOCABULARY",
    "caps_over_time",
    "designation_ledger",
    "dynamic_cap",
    "filter_measures",
    "is_russia_ukraine_program",
    "load_ledger_summary",
    "load_measures",
    "load_price_caps",
    "match_commentary",
    "programs_at",
    "designation_jump",
    "totals_by_program",
]


def programs_at(ledger, date=None):
    """Return the Russia/Ukraine programs in force at one snapshot, one column per entry type.

    Parameters
    ----------
    ledger : pandas.DataFrame
        A ledger (:func:`designation_ledger` or :func:`load_ledger_summary`).
    date : str, optional
        A snapshot date (default: the latest).

    Returns
    -------
    pandas.DataFrame
        ``program``, one count column per entry type, and ``total``; sorted by total.
    """
    import pandas as pd

    from toolkit.errors import ParameterError

    dates = sorted(ledger["snapshot_date"].unique())
    when = dates[-1] if date is None else pd.Timestamp(date)
    if when not in set(dates):
        raise ParameterError(
            f"{date!r} is not a snapshot date; expected one of {[f'{d:%Y-%m-%d}' for d in pd.to_datetime(dates)]}",
            source="programs_at",
            key="date",
        )
    rows = ledger[(ledger["snapshot_date"] == when) & (ledger["program"] != ALL)]
    rows = rows[rows["program"].map(is_russia_ukraine_program)]
    wide = rows.pivot_table(
        index="program", columns="entry_type", values="in_force", aggfunc="sum", fill_value=0
    )
    wide["total"] = wide.sum(axis=1)
    wide = wide.sort_values("total", ascending=False).reset_index()
    wide.columns.name = None
    wide.attrs = dict(ledger.attrs)
    return wide


def designation_jump(ledger, *, before="2022-02-23", after="2022-03-31", program="RUSSIA-EO14024"):
    """Return the entries of ``program`` in force before and after, and what was added between.

    Returns
    -------
    dict
        ``before``, ``after`` (entries in force), ``added``, ``removed`` (at ``after``,
        since the snapshot preceding it), ``ratio`` (after / before).
    """
    from toolkit.errors import ParameterError

    totals = totals_by_program(ledger).set_index(["snapshot_date", "program"])
    try:
        b = totals.loc[(before, program)]
        a = totals.loc[(after, program)]
    except KeyError:
        raise ParameterError(
            f"no ledger row for {program!r} on {before} or {after}",
            source="designation_jump",
            key="program",
        ) from None
    return {
        "program": program,
        "before": int(b["in_force"]),
        "after": int(a["in_force"]),
        "added": int(a["added"]),
        "removed": int(a["removed"]),
        "ratio": a["in_force"] / b["in_force"] if b["in_force"] else float("nan"),
    }
