"""SDN designations read off the ledger: programs in force at a snapshot, the jump of a program."""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.themes.sanctions.ledger import ALL, is_russia_ukraine_program, totals_by_program

__all__ = ["designation_jump", "programs_at"]


def programs_at(ledger, date=None):
    """Return the Russia/Ukraine programs in force at one snapshot, one column per entry type.

    Parameters
    ----------
    ledger : pandas.DataFrame
        A ledger (:func:`~toolkit.themes.sanctions.ledger.designation_ledger` or
        :func:`~toolkit.themes.sanctions.ledger.load_ledger_summary`).
    date : str, optional
        A snapshot date (default: the latest).

    Returns
    -------
    pandas.DataFrame
        ``program``, one count column per entry type, and ``total``; sorted by total.
    """
    import pandas as pd

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

    Parameters
    ----------
    ledger : pandas.DataFrame
        A ledger with ``added`` and ``removed`` (see
        :func:`~toolkit.themes.sanctions.ledger.totals_by_program`).
    before, after : str
        Two snapshot dates.
    program : str
        An SDN program tag.

    Returns
    -------
    dict
        ``before``, ``after`` (entries in force), ``added``, ``removed`` (at ``after``,
        since the snapshot preceding it), ``ratio`` (after / before).
    """
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
