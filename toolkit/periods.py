"""Data vintages in time: a dataset's ``as_of`` period, its publisher's cadence, its age, staleness."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from toolkit.errors import ToolkitError

__all__ = ["CADENCES", "CYCLE_DAYS", "age_text", "check_time", "is_stale", "period_end"]

#: A publisher's cadence: how often a new vintage of the data appears.
CADENCES = ("monthly", "quarterly", "annual", "irregular", "one-off")

#: The length of one publication cycle, days (irregular and one-off data have none).
CYCLE_DAYS = {"monthly": 31, "quarterly": 92, "annual": 366}

_PERIOD = re.compile(r"(\d{4})(?:-(?:Q([1-4])|(\d{2})(?:-(\d{2}))?))?")


def period_end(as_of: str) -> dt.date:
    """Return the last day of an ISO date or period.

    Parameters
    ----------
    as_of : str
        ``2024``, ``2024-Q2``, ``2024-06`` or ``2024-06-30``.

    Returns
    -------
    datetime.date

    Raises
    ------
    ValueError
        If ``as_of`` is none of these forms or names no real date.
    """
    match = _PERIOD.fullmatch(str(as_of))
    if match is None:
        raise ValueError(
            f"as_of {as_of!r} is not an ISO date or period (2024, 2024-Q2, 2024-06, 2024-06-30)"
        )
    year, quarter, month, day = match.groups()
    if day is not None:
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"as_of {as_of!r} is no calendar date") from None
    number = 3 * int(quarter) if quarter else int(month or 12)
    if not 1 <= number <= 12:
        raise ValueError(f"as_of {as_of!r}: there is no month {number:02d}")
    return dt.date(int(year), number, calendar.monthrange(int(year), number)[1])


def check_time(name: str, as_of, cadence) -> None:
    """Check a dataset declaration's ``as_of`` and ``cadence`` (None: not declared).

    Raises
    ------
    ToolkitError
        Naming the dataset and the bad value.
    """
    if as_of is not None:
        try:
            period_end(as_of)
        except ValueError as exc:
            raise ToolkitError(f"dataset {name!r}: {exc}") from None
    if cadence is not None and cadence not in CADENCES:
        raise ToolkitError(f"dataset {name!r}: cadence {cadence!r} is not one of {CADENCES}")


def _days(as_of: str, on: dt.date) -> int:
    return (on - period_end(as_of)).days


def age_text(as_of: str, on: dt.date) -> str:
    """Return the age of data covering up to ``as_of`` on the date ``on``, in words.

    Counted from the end of the period (``2024-06`` is 2024-06-30): under two months in
    days, then in whole months, from two years in years and months.
    """
    days = _days(as_of, on)
    if days < 0:
        return "after the run date"
    if days < 61:
        return f"{days} day{'s' if days != 1 else ''}"
    end = period_end(as_of)
    months = (on.year - end.year) * 12 + on.month - end.month - (on.day < end.day)
    if months < 24:
        return f"{months} months"
    years, rest = divmod(months, 12)
    return f"{years} years" + (f" {rest} month{'s' if rest != 1 else ''}" if rest else "")


def is_stale(as_of: str, cadence: str | None, on: dt.date) -> bool:
    """Whether the data are older than two publication cycles of ``cadence`` on ``on``.

    Irregular, one-off and undeclared cadences have no cycle: never stale.
    """
    cycle = CYCLE_DAYS.get(cadence or "")
    return cycle is not None and _days(as_of, on) > 2 * cycle
