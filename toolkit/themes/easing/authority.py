"""Who can lift each sanctions measure, and how: the authority map checked against ``measures``."""

from __future__ import annotations

from toolkit.errors import DataFormatError, ParameterError
from toolkit.themes.easing.tables import check_choices, read_embedded_csv

__all__ = [
    "AUTHORITIES",
    "AUTHORITY_COLUMNS",
    "JUDGEMENTS",
    "POSITION_AS_OF",
    "authority_with_measures",
    "check_authority_map",
    "check_measure_ids",
    "load_authority_map",
]


#: Who can lift a measure, from the least to the most demanding path; "not recorded" where
#: the lifting path is not in facts.md (the CBW Act determinations).
AUTHORITIES = (
    "President alone",
    "President, subject to congressional review",
    "President, and Congress for what a statute bars",
    "EU Council (unanimity)",
    "G7 coalition (each member)",
    "Congress only",
    "not recorded",
)

#: How the row's ``who_can_lift`` is known: stated by the cited sources, derived from the
#: pattern of past cases (facts.md D11, a judgement, not a sourced fact), or not recorded.
JUDGEMENTS = ("sourced", "derived", "not recorded")

#: The date of the legal position the embedded map records (the latest ``position_date``).
POSITION_AS_OF = "2026-07-23"


AUTHORITY_COLUMNS = (
    "measure_id",
    "who_can_lift",
    "how_to_lift",
    "min_wait_days",
    "requires_legislation",
    "statutes_in_way",
    "renewal",
    "basis_fact_ids",
    "judgement",
    "position_date",
    "confidence",
    "source_url",
    "publisher",
    "note",
)


def load_authority_map():
    """Return who can lift each measure of ``measures`` and how (one row per ``measure_id``).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`AUTHORITY_COLUMNS`; ``min_wait_days`` is the minimum
        formal waiting time (NaN where new legislation is needed: no fixed minimum, or
        where the path is not recorded); ``requires_legislation`` is NA where it is not
        recorded; ``judgement`` says whether ``who_can_lift`` is sourced or derived
        (:data:`JUDGEMENTS`); ``position_date`` (datetime) is the latest dated fact the row
        rests on.
    """
    df, path = read_embedded_csv(
        "authority_map.csv", AUTHORITY_COLUMNS, dtype=str, keep_default_na=False
    )
    import pandas as pd

    check_choices(df, path, "who_can_lift", AUTHORITIES)
    check_choices(df, path, "judgement", JUDGEMENTS)
    check_choices(df, path, "requires_legislation", ("True", "False", ""))
    df["min_wait_days"] = pd.to_numeric(df["min_wait_days"].replace("", None)).astype("Float64")
    flags = df["requires_legislation"].map({"True": True, "False": False, "": None})
    df["requires_legislation"] = flags.astype("boolean")
    df["position_date"] = pd.to_datetime(df["position_date"], format="%Y-%m-%d", errors="coerce")
    if df["position_date"].isna().any():
        i = int(df["position_date"].isna().to_numpy().nonzero()[0][0])
        raise DataFormatError(path, "not an ISO date", line=i + 2, column="position_date")
    dup = df["measure_id"].duplicated()
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path,
            f"measure {df['measure_id'].iloc[i]!r} appears twice",
            line=i + 2,
            column="measure_id",
        )
    return df[list(AUTHORITY_COLUMNS)]


def authority_with_measures(authority, measures):
    """Return the authority map joined to the ``measures`` rows (jurisdiction, instrument...).

    Parameters
    ----------
    authority : pandas.DataFrame
        The ``authority_map`` dataset.
    measures : pandas.DataFrame
        The ``measures`` dataset.

    Returns
    -------
    pandas.DataFrame
        One row per authority row, with the measure's ``jurisdiction``, ``instrument``,
        ``legal_basis_type``, ``category`` and ``categories``; the authority map's provenance.
    """
    keep = [
        "measure_id",
        "jurisdiction",
        "instrument",
        "legal_basis_type",
        "category",
        "categories",
    ]
    out = authority.merge(measures[keep], on="measure_id", how="left", validate="1:1")
    out.attrs["source"] = dict(authority.attrs["source"])
    return out


def check_authority_map(authority, measures) -> dict[str, list[str]]:
    """Return the measure ids present in only one of ``measures`` and the authority map.

    Parameters
    ----------
    authority : pandas.DataFrame
        The ``authority_map`` dataset (or :func:`authority_with_measures`).
    measures : pandas.DataFrame
        The ``measures`` dataset.

    Returns
    -------
    dict
        ``{"no_authority_row": [...], "not_a_measure": [...]}``; both empty when
        every measure has exactly one authority row and vice versa.
    """
    a, m = set(authority["measure_id"]), set(measures["measure_id"])
    return {"no_authority_row": sorted(m - a), "not_a_measure": sorted(a - m)}


def check_measure_ids(authority, ids, *, key="measure_ids"):
    """Return the authority map after checking that every id of ``ids`` is in it.

    Parameters
    ----------
    authority : pandas.DataFrame
        The ``authority_map`` dataset: the known measure ids.
    ids : list of str
        Measure ids.
    key : str
        The parameter named in the error.

    Returns
    -------
    pandas.DataFrame
        The authority map.

    Raises
    ------
    ParameterError
        An unknown id; the message lists the known ones.
    """
    known = set(authority["measure_id"])
    unknown = [m for m in ids if m not in known]
    if unknown:
        raise ParameterError(
            f"unknown measure id(s) {unknown}; known measure ids: {', '.join(sorted(known))}",
            source="toolkit.themes.easing.authority",
            key=key,
        )
    return authority
