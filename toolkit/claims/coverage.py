"""Which rows of the fact sheet's section E the toolkit uses, and why the others stay out.

``toolkit/data/facts_e_coverage.csv`` has one row per facts.md E row (E01-E118, the
2026-12-03 addendum): ``used`` (cited by its id in the embedded tables named in
``where``, as ``toolkit/data/<file>:<column>``), ``recomputed`` (the toolkit computes the
figure from the real file: ``where`` names ``dataset:<name>`` and the test that pins it),
or ``excluded`` (``reason``: out of scope, duplicate, qualitative, another source). The
tests check it against facts.md and against the tables it names.
"""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.paths import embedded

__all__ = ["COVERAGE_COLUMNS", "COVERAGE_FILE", "STATUSES", "load_facts_coverage", "locations"]

COVERAGE_FILE = "facts_e_coverage.csv"
COVERAGE_COLUMNS = ("fact_id", "confidence", "status", "where", "reason")
#: What the toolkit does with an E row.
STATUSES = ("used", "recomputed", "excluded")
_ID = re.compile(r"E\d{2,3}")


def locations(where: str) -> list[str]:
    """Return the places a ``where`` cell names (``;``-separated), stripped."""
    return [w.strip() for w in str(where).split(";") if w.strip()]


def _problem(df) -> tuple[int, str, str] | None:
    """Return ``(row position, column, problem)`` of the first bad row, or None."""
    checks = (
        ("fact_id", lambda r: bool(_ID.fullmatch(r["fact_id"])), "is not an E row id (E01)"),
        ("confidence", lambda r: r["confidence"] in ("high", "medium", "low"), "is not a mark"),
        ("status", lambda r: r["status"] in STATUSES, f"is not one of {STATUSES}"),
        ("where", lambda r: r["status"] == "excluded" or bool(locations(r["where"])), "is empty"),
        ("where", lambda r: r["status"] != "excluded" or not r["where"].strip(), "is set"),
        ("reason", lambda r: bool(r["reason"].strip()), "is empty"),
    )
    for i, row in enumerate(df.to_dict("records")):
        for column, ok, problem in checks:
            if not ok(row):
                return i, column, f"{row[column]!r} {problem} (status {row['status']})"
    return None


def load_facts_coverage(*, path=None):
    """Load the coverage of facts.md section E: one row per E row, used or why not.

    Parameters
    ----------
    path : path-like, optional
        A file of the same layout (default: the embedded ``facts_e_coverage.csv``).

    Returns
    -------
    pandas.DataFrame
        ``fact_id, confidence, status, where, reason`` (all text).

    Raises
    ------
    DataFormatError
        A missing column, an id that is not an E id or appears twice, an unknown status,
        a ``used``/``recomputed`` row without ``where``, an ``excluded`` one with it, or a
        row without a reason (names the line and the column).
    """
    from toolkit.sources._checks import read_csv_table

    path = Path(path) if path is not None else embedded(COVERAGE_FILE)
    df, lines = read_csv_table(path, "the facts.md section E coverage", columns=COVERAGE_COLUMNS)
    df = df[list(COVERAGE_COLUMNS)].astype(str)
    dup = df["fact_id"].duplicated()
    if dup.any():
        at = int(dup.to_numpy().argmax())
        raise DataFormatError(
            path, f"{df['fact_id'].iloc[at]} appears twice", line=lines[at], column="fact_id"
        )
    bad = _problem(df)
    if bad is not None:
        at, column, problem = bad
        raise DataFormatError(path, problem, line=lines[at], column=column)
    df.attrs["source"] = {
        "name": "facts_e_coverage",
        "publisher": "sanctions-toolkit (audit of facts.md section E)",
        "title": "Coverage of the fact sheet's section E: used, recomputed or excluded, per row",
        "source": str(path),
    }
    return df
