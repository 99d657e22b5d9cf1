"""The embedded catalogue of sanctions measures against Russia, 2012-2025, and its vocabulary."""

from __future__ import annotations

from toolkit.errors import DataFormatError, ParameterError
from toolkit.paths import embedded

__all__ = [
    "MEASURE_COLUMNS",
    "COMMENTARY_TERMS",
    "EXTRA_TERMS",
    "LEGAL_BASIS_TYPES",
    "VOCABULARY",
    "filter_measures",
    "load_measures",
    "match_commentary",
]

#: The commentary's own measure types (Hung Anh, "'Resetting' Russia-US relations",
#: commentary, 2025-03-14), each with a short paraphrase of what it names.
COMMENTARY_TERMS = {
    "investment ban": "no new investment in Russia",
    "bond-trading ban": "no dealing in Russian bonds",
    "deposit ban": "limits on deposits by Russian nationals",
    "banks cut off / SWIFT": "Russian banks disconnected from payment and financial services",
    "dual-use goods": "export bans on dual-use goods",
    "industrial goods": "export bans on many industrial goods",
    "luxury goods": "export bans on luxury goods",
    "oil price cap": "the USD 60 per barrel cap on seaborne oil",
    "airspace": "Russian aircraft kept out of airspace and airports",
    "sea and ports": "Russian ships kept out of sea routes and ports",
    "visas": "visa bans on listed persons",
    "secondary sanctions": "penalties on non-Russian parties that trade with listed Russians or help evade",
    "asset freeze / blocking": "listed persons blocked, their assets frozen",
    "import ban": "bans on buying Russian goods",
}

#: Terms added to the commentary's vocabulary, with why each is needed.
EXTRA_TERMS = {
    "regional embargo": "embargo on an occupied region (Crimea, DNR/LNR, Zaporizhzhia, Kherson)",
    "congressional review": "statutory limits on lifting sanctions: codification and the CAATSA sec. 216 review",
    "trade status": "trade-status measures (normal trade relations, Jackson-Vanik)",
    "not detailed": "the measure is sourced but facts.md records nothing of its form or content",
}

#: Every term a ``category`` / ``categories`` value may use.
VOCABULARY = {**COMMENTARY_TERMS, **EXTRA_TERMS}

#: Allowed ``legal_basis_type`` values.
LEGAL_BASIS_TYPES = (
    "executive order (IEEPA)",
    "statute",
    "agency action",
    "EU Council act",
    "multilateral",
)

MEASURE_COLUMNS = (
    "measure_id",
    "jurisdiction",
    "announced_date",
    "effective_date",
    "date_precision",
    "instrument",
    "legal_basis_type",
    "category",
    "categories",
    "subcategory",
    "description",
    "note",
    "source_url",
    "publisher",
    "confidence",
    "fact_id",
)


def _check_row(row, path, line: int) -> None:
    """Raise DataFormatError if one catalogue row breaks the catalogue's rules."""
    import pandas as pd

    for col in ("measure_id", "jurisdiction", "announced_date", "source_url", "publisher"):
        if not row[col]:
            raise DataFormatError(
                path, "empty value; every measure needs it", line=line, column=col
            )
    if row["legal_basis_type"] not in LEGAL_BASIS_TYPES:
        raise DataFormatError(
            path,
            f"legal basis {row['legal_basis_type']!r} is not one of {LEGAL_BASIS_TYPES}",
            line=line,
            column="legal_basis_type",
        )
    terms = row["categories"].split(";")
    unknown = [t for t in terms + [row["category"]] if t not in VOCABULARY]
    if unknown:
        raise DataFormatError(
            path,
            f"category term(s) {unknown} not in the declared vocabulary",
            line=line,
            column="categories",
        )
    if row["category"] != terms[0]:
        raise DataFormatError(
            path, "category must be the first of categories", line=line, column="category"
        )
    if row["confidence"] not in ("high", "medium", "low"):
        raise DataFormatError(
            path, "confidence must be high, medium or low", line=line, column="confidence"
        )
    if row["date_precision"] not in ("day", "month"):
        raise DataFormatError(
            path, "date_precision must be day or month", line=line, column="date_precision"
        )
    for col in ("announced_date", "effective_date"):
        if row[col] and pd.isna(pd.to_datetime(row[col], format="ISO8601", errors="coerce")):
            raise DataFormatError(path, f"{row[col]!r} is not an ISO date", line=line, column=col)


def _check(df, path) -> None:
    """Raise DataFormatError at the first row that breaks the catalogue's rules."""
    missing = [c for c in MEASURE_COLUMNS if c not in df.columns]
    if missing:
        raise DataFormatError(
            path, f"missing column(s) {missing}; expected {list(MEASURE_COLUMNS)}"
        )
    for i, row in df.iterrows():
        _check_row(row, path, line=i + 2)  # header is line 1
    dup = df["measure_id"][df["measure_id"].duplicated()]
    if len(dup):
        raise DataFormatError(
            path, f"measure_id {dup.iloc[0]!r} appears twice", column="measure_id"
        )


def load_measures(*, path=None, include_low: bool = False):
    """Load the catalogue of sanctions measures, one row per measure.

    Parameters
    ----------
    path : str or path-like, optional
        A catalogue file of the same layout (default: the embedded ``measures.csv``).
    include_low : bool
        Keep rows marked ``confidence="low"`` (there are none in the embedded file).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`MEASURE_COLUMNS`; ``announced_date`` and ``effective_date`` as
        datetimes (``NaT`` when empty; ``date_precision="month"`` marks a month-only
        date stored as its first day) plus ``in_force_date`` (effective, else announced)
        and ``categories_list`` (the ``;``-split terms).

    Raises
    ------
    DataFormatError
        A missing column, an empty source, an unknown category term, a bad date.
    """
    import pandas as pd

    path = embedded("measures.csv") if path is None else path
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataFormatError(path, f"not a UTF-8 CSV catalogue: {exc}") from None
    _check(df, path)
    if not include_low:
        df = df[df["confidence"] != "low"].reset_index(drop=True)
    for col in ("announced_date", "effective_date"):
        df[col] = pd.to_datetime(df[col].replace("", None), format="ISO8601")
    df["in_force_date"] = df["effective_date"].fillna(df["announced_date"])
    df["categories_list"] = df["categories"].str.split(";")
    return df


def filter_measures(measures, *, jurisdictions=None, categories=None, start=None, end=None):
    """Keep the measures of some jurisdictions and categories, announced in a period.

    Parameters
    ----------
    measures : pandas.DataFrame
        As returned by :func:`load_measures`.
    jurisdictions, categories : list of str, optional
        Keep rows whose jurisdiction is listed / any of whose ``categories`` is listed.
    start, end : str, optional
        ISO dates bounding ``announced_date`` (inclusive).

    Raises
    ------
    ParameterError
        An unknown jurisdiction or category term, or a date that does not parse.
    """
    import pandas as pd

    out = measures
    if jurisdictions:
        known = set(measures["jurisdiction"])
        bad = [j for j in jurisdictions if j not in known]
        if bad:
            raise ParameterError(
                f"unknown jurisdiction(s) {bad}; known: {sorted(known)}", key="jurisdictions"
            )
        out = out[out["jurisdiction"].isin(jurisdictions)]
    if categories:
        bad = [c for c in categories if c not in VOCABULARY]
        if bad:
            raise ParameterError(
                f"unknown category term(s) {bad}; known: {list(VOCABULARY)}", key="categories"
            )
        wanted = set(categories)
        out = out[out["categories_list"].map(lambda terms: bool(wanted.intersection(terms)))]
    for key, value, op in (("start", start, "ge"), ("end", end, "le")):
        if value:
            try:
                stamp = pd.Timestamp(value)
            except ValueError:
                raise ParameterError(f"{value!r} is not an ISO date", key=key) from None
            out = out[getattr(out["announced_date"], op)(stamp)]
    return out.reset_index(drop=True)


def match_commentary(measures):
    """Match each of the commentary's measure types to the catalogue rows that carry it.

    Returns
    -------
    pandas.DataFrame
        One row per term of :data:`COMMENTARY_TERMS`: ``term``, ``commentary_says``
        (paraphrase), ``n_measures``, ``measure_ids`` and ``status`` (``matched`` or
        ``UNMATCHED: no sourced row``) — unmatched terms are flagged, never filled.
    """
    import pandas as pd

    rows = []
    for term, said in COMMENTARY_TERMS.items():
        hit = measures[measures["categories_list"].map(lambda terms, t=term: t in terms)]
        rows.append(
            {
                "term": term,
                "commentary_says": said,
                "n_measures": len(hit),
                "measure_ids": ", ".join(hit["measure_id"]),
                "status": "matched" if len(hit) else "UNMATCHED: no sourced row",
            }
        )
    return pd.DataFrame(rows)
