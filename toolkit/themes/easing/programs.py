"""Historical US sanctions programs: years in force, and those whose legal basis matches a lift path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.errors import ParameterError
from toolkit.themes.easing.authority import POSITION_AS_OF
from toolkit.themes.easing.tables import check_choices, read_embedded_csv

if TYPE_CHECKING:
    from toolkit.themes.easing.lifting import LiftPath

__all__ = ["ANALOGUE_BASES", "COMMENTARY_DATE", "DEFAULT_AS_OF", "analogues", "load_us_programs"]


#: The commentary's date: the cut-off of the March 2025 view (profile ``as-of-commentary``).
COMMENTARY_DATE = "2025-03-14"
#: The default cut-off of "ongoing" programs: the date of the legal position the data record.
DEFAULT_AS_OF = POSITION_AS_OF


def load_us_programs(as_of: str = DEFAULT_AS_OF):
    """Return the historical US sanctions programs with their years in force.

    Parameters
    ----------
    as_of : str
        ISO date that ongoing programs are counted to (the data cut-off).

    Returns
    -------
    pandas.DataFrame
        The embedded columns (``kind``: ``program``, ``relief`` inside one, or ``russia``: the
        current Russia programs, drawn for comparison), with ``start_date`` and ``end_date`` parsed (a
        month- or year-only date is placed on its first day, see
        ``*_precision``; ``end_date`` is NaT when ongoing), plus ``ongoing`` and
        ``years_in_force`` (to ``as_of`` when ongoing).
    """
    import pandas as pd

    cols = (
        "program_id",
        "program",
        "target",
        "kind",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        "status",
        "legal_basis_type",
        "legal_basis",
        "ended_by",
        "source_url",
        "publisher",
        "confidence",
        "fact_id",
        "note",
    )
    df, path = read_embedded_csv("us_programs_history.csv", cols, dtype=str, keep_default_na=False)
    check_choices(df, path, "status", ("ongoing", "ended"))
    check_choices(df, path, "kind", ("program", "relief", "russia"))
    cutoff = _as_of(as_of)
    # A month- or year-only date is placed on its first day; *_precision says which.
    df["start_date"] = pd.to_datetime(df["start_date"], format="mixed")
    df["end_date"] = pd.to_datetime(df["end_date"].replace("", None), format="mixed")
    df["ongoing"] = df["status"].eq("ongoing")
    # a Russia program drawn for comparison that starts after the cut-off is left out
    df = df[~(df["kind"].eq("russia") & (df["start_date"] > cutoff))].reset_index(drop=True)
    late = df["start_date"] > cutoff
    if late.any():
        raise ParameterError(
            f"as_of {as_of} is before the start of {df['program_id'][late].tolist()}", key="as_of"
        )
    stop = df["end_date"].where(~df["ongoing"], cutoff)
    df["years_in_force"] = ((stop - df["start_date"]).dt.days / 365.25).round(1)
    df.attrs["source"] = {
        "publisher": "per row (White House, OFAC, Federal Register, GPO, CRS, ...)",
        "title": "Historical US sanctions programs (facts D01-D10, B20) and the Russia programs (B01, B05, B24, E46, E47)",
        "vintage": f"ongoing programs counted to {as_of}",
    }
    return df


def _as_of(as_of: str):
    import pandas as pd

    try:
        return pd.Timestamp(str(as_of))
    except ValueError:
        raise ParameterError(
            f"expected an ISO date such as '2025-03-14', got {as_of!r}", key="as_of"
        ) from None


#: Which historical programs are analogues of each lifting authority: executive-only
#: programs for the President's own measures, statute-based ones for Congress's.
ANALOGUE_BASES = {
    "President alone": ("executive order (IEEPA)", "TWEA (Trading with the Enemy Act)"),
    "President, subject to congressional review": ("mixed (IEEPA orders and statutes)",),
    "Congress only": ("statute",),
    "Congress (to amend the statutes in the way)": ("statute",),
}


def analogues(programs, path: LiftPath):
    """Return the historical US programs whose legal basis matches the lift path's actors.

    Parameters
    ----------
    programs : pandas.DataFrame
        The ``us_programs_history`` dataset (loaded with the cut-off ``as_of`` wanted).
    path : LiftPath
        From :func:`~toolkit.themes.easing.lifting.lift_path`.

    Returns
    -------
    pandas.DataFrame
        ``actor, program, legal_basis_type, status, ended_by, years_in_force, fact_id``.
    """
    import pandas as pd

    parts = []
    # the Russia programs are no analogue of themselves
    past = programs[programs["kind"] != "russia"]
    for actor in path.actors:
        bases = ANALOGUE_BASES.get(actor)
        if not bases:
            continue
        sub = past[past["legal_basis_type"].isin(bases)].copy()
        sub.insert(0, "actor", actor)
        parts.append(sub)
    cols = [
        "actor",
        "program",
        "legal_basis_type",
        "status",
        "ended_by",
        "years_in_force",
        "fact_id",
    ]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]
