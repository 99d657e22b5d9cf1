"""Reader of OpenSanctions ``targets.simple.csv`` exports, with their multi-values split."""

from __future__ import annotations

import csv
from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.fields import LICENCES, Column
from toolkit.sources._checks import read_csv_table
from toolkit.sources._declare import Hostile, ReaderDataset, Source

__all__ = ["COLUMNS", "MULTI_VALUED", "SOURCE", "read_opensanctions", "split_multi"]

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

SOURCE = Source(
    key="opensanctions",
    title="OpenSanctions targets.simple.csv export of one dataset (e.g. Ukraine's War and Sanctions)",
    publisher="OpenSanctions",
    licence=LICENCES["opensanctions"],
    format="CSV with a header (UTF-8, ;-joined multi-values, embedded newlines)",
    reader="toolkit.sources.opensanctions:read_opensanctions",
    url="https://data.opensanctions.org/datasets/latest/{variant}/",
    files=("targets.simple.csv",),
    url_note="OpenSanctions' dataset download pattern; one export per OpenSanctions dataset",
    variants=("ua_war_sanctions", "sanctions"),
    shared=("opensanctions-ua-war-sanctions/targets.simple.csv",),
    dataset=ReaderDataset(
        theme="sanctions",
        vintage="as exported by the user",
        cadence="irregular",
        citation="OpenSanctions, targets.simple.csv, DATASET, exported DATE (CC BY-NC 4.0)",
        description="load('opensanctions', path=<targets.simple.csv>): one row per target.",
        columns=(
            Column("id", "str", description="OpenSanctions entity id"),
            Column("schema", "str", description="Person, Company, Vessel, LegalEntity, ..."),
            Column("name", "str"),
            Column("aliases", "list"),
            Column("countries", "list"),
            Column("sanctions", "list"),
        ),
        usage_warnings=(
            "Licence CC BY-NC 4.0: non-commercial use only, with attribution to OpenSanctions.",
        ),
    ),
    hostile=(
        Hostile(
            "text",
            "targets.simple.csv",
            samples=("opensanctions-ua-war-sanctions/targets.simple.csv",),
            required=COLUMNS,
            huge_column="name",
            huge_output="name",
            quote_all=True,
        ),
    ),
)


def split_multi(cell: str) -> list[str]:
    """Split one ``;``-joined cell; values holding ``;`` or quotes are themselves CSV-quoted."""
    if not cell:
        return []
    if '"' not in cell:
        return [v for v in cell.split(";") if v]
    row = next(csv.reader([cell], delimiter=";", quotechar='"'), [])
    return [v for v in row if v]


#: Timestamps before this are not OpenSanctions' (the project started crawling in 2020).
FIRST_TIMESTAMP = "2000-01-01"


def _timestamps(path, text, lines, col):
    """Parse ISO timestamps, offsets normalised to UTC (naive UTC out); empty cells are NaT.

    A timestamp that does not parse, or lies before :data:`FIRST_TIMESTAMP` or more than
    two days after today (a year 2999 or 0001), is an error naming line, row and column.
    """
    import pandas as pd

    text = text.str.strip()
    parsed = pd.to_datetime(text.replace("", None), format="ISO8601", errors="coerce", utc=True)
    parsed = parsed.dt.tz_convert(None)
    latest = pd.Timestamp.now(tz="UTC").tz_convert(None) + pd.Timedelta(days=2)
    bad = (
        (parsed.isna() & (text != ""))
        | (parsed < pd.Timestamp(FIRST_TIMESTAMP))
        | (parsed > latest)
    )
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        what = "is not an ISO timestamp" if pd.isna(parsed.iloc[i]) else "is out of range"
        raise DataFormatError(
            path,
            f"{text.iloc[i]!r} {what} (expected {FIRST_TIMESTAMP} to today)",
            line=lines[i],
            row=i + 1,
            column=col,
        )
    return parsed


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
        df[col] = _timestamps(path, df[col], lines, col)
    datasets = sorted(set(df["dataset"]))
    latest = df["last_seen"].max()
    df.attrs["source"] = SOURCE.provenance(
        source=str(path),
        title=f"OpenSanctions targets.simple.csv: {', '.join(datasets)}",
        vintage=f"last_seen up to {latest:%Y-%m-%d}" if pd.notna(latest) else "no last_seen dates",
    )
    return df
