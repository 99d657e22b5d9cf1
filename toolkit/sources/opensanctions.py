"""Reader of OpenSanctions ``targets.simple.csv`` exports, with their multi-values split."""

from __future__ import annotations

import csv
from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.sources._checks import read_csv_table

#: The header of every ``targets.simple.csv`` export, in order.
COLUMNS = (
    "id",
    "schema",
    "name",
    "aliases",
    "birth_date",
    "countries",
    "addresses",
    "identifiers",
    "sanctions",
    "phones",
    "emails",
    "program_ids",
    "dataset",
    "first_seen",
    "last_seen",
    "last_change",
)
#: Columns that hold several values joined with ``;``.
MULTI_VALUED = (
    "aliases",
    "birth_date",
    "countries",
    "addresses",
    "identifiers",
    "sanctions",
    "phones",
    "emails",
    "program_ids",
)
TIMESTAMPS = ("first_seen", "last_seen", "last_change")
LICENCE = "CC BY-NC 4.0 (attribute OpenSanctions; non-commercial use only)"


def split_multi(cell: str) -> list[str]:
    """Split one ``;``-joined cell; values holding ``;`` or quotes are themselves CSV-quoted."""
    if not cell:
        return []
    if '"' not in cell:
        return [v for v in cell.split(";") if v]
    row = next(csv.reader([cell], delimiter=";", quotechar='"'), [])
    return [v for v in row if v]


def read_opensanctions(path):
    """Read an OpenSanctions ``targets.simple.csv`` export.

    Parameters
    ----------
    path : str or path-like
        The CSV as downloaded (UTF-8, a header row, fields with embedded
        newlines and doubled quotes).

    Returns
    -------
    pandas.DataFrame
        One row per target; the columns of :data:`MULTI_VALUED` hold lists of
        strings (empty list when blank); ``first_seen``, ``last_seen`` and
        ``last_change`` are datetimes. ``df.attrs["source"]["licence"]`` records the
        data's CC BY-NC 4.0 licence.

    Raises
    ------
    DataFormatError
        Naming the file and line: not UTF-8, a header without the expected columns
        (with the column), a malformed or short record, an unterminated quote, a last
        record without its line end (a truncated download), a timestamp that does not
        parse (with its row and column).
    """
    import pandas as pd

    path = Path(path)
    df, lines = read_csv_table(
        path, "an OpenSanctions targets.simple.csv export", columns=COLUMNS, final_line_end=True
    )
    # the export's column order, whatever the file's; other columns after them
    df = df[list(COLUMNS) + [c for c in df.columns if c not in COLUMNS]].copy()
    for col in MULTI_VALUED:
        df[col] = [split_multi(cell) for cell in df[col].to_numpy()]
    for col in TIMESTAMPS:
        parsed = pd.to_datetime(df[col].replace("", None), format="ISO8601", errors="coerce")
        bad = parsed.isna() & (df[col] != "")
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise DataFormatError(
                path,
                f"{df[col].iloc[i]!r} is not an ISO timestamp",
                line=lines[i],
                row=i + 1,
                column=col,
            )
        df[col] = parsed
    datasets = sorted(set(df["dataset"]))
    df.attrs["source"] = {
        "source": str(path),
        "publisher": "OpenSanctions",
        "title": f"OpenSanctions targets.simple.csv: {', '.join(datasets)}",
        "vintage": f"last_seen up to {df['last_seen'].max():%Y-%m-%d}"
        if len(df)
        else "empty export",
        "licence": LICENCE,
    }
    return df
