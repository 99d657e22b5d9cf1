"""Reader of CREA's extract of Russian crude exports by destination country (``crude_ru_exports.csv``)."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.fields import LICENCES, YEAR, Column
from toolkit.sources._checks import read_csv_table
from toolkit.sources._declare import Hostile, ReaderDataset, Source
from toolkit.sources._values import parse_amounts, parse_years

__all__ = ["SOURCE", "UNIT", "read_crea_crude"]

#: The file states no unit; magnitudes (China 2021 ≈ 39,000) fit thousand tonnes a year.
UNIT = "not stated in the file (likely kt)"
_SHARED = "crea-fossil/crude_ru_exports.csv"
#: The first year a CREA extract may hold (its shipment tracker starts in 2021; earlier
#: years come from its historical series).
FIRST_YEAR = 2000

SOURCE = Source(
    key="crea_crude",
    title="Russian crude exports by destination country, 2021 and 2022",
    publisher="CREA (Centre for Research on Energy and Clean Air), Kpler-based",
    licence=LICENCES["crea"],
    format="CSV with a header: a year column, then one column per destination",
    reader="toolkit.sources.crea_crude:read_crea_crude",
    files=("crude_ru_exports.csv",),
    url_note="an extract in energyandcleanair/fossil_shipment_tracker; "
    "fetch from a mirror with --base-url",
    shared=(_SHARED,),
    dataset=ReaderDataset(
        theme="resilience",
        vintage="years 2021 and 2022",
        as_of="2022",  # the shared copy's latest period
        cadence="annual",
        citation="CREA, Russia fossil shipment tracker (energyandcleanair/fossil_shipment_tracker)",
        description="load('crea_crude', path=...): one row per destination and year.",
        default_file=_SHARED,
        columns=(
            Column("destination", "str", "", "country as in the file"),
            YEAR,
            Column("volume", "float", "not stated (likely kt)", "crude exported"),
            Column("unit", "str", "", "states that the file gives no unit"),
        ),
        usage_warnings=("The file states no unit; magnitudes suggest thousand tonnes a year.",),
    ),
    hostile=(
        Hostile(
            "text",
            "crude_ru_exports.csv",
            samples=(_SHARED,),
            required=("date",),
            sort=("year", "destination"),
        ),
    ),
)


def read_crea_crude(path):
    """Read Russian crude exports by destination and year as a long table.

    Parameters
    ----------
    path : str or path-like
        ``crude_ru_exports.csv`` from CREA's fossil shipment tracker: a ``date``
        column holding the year, then one column per destination country.

    Returns
    -------
    pandas.DataFrame
        Columns ``destination, year, volume, unit``. The file does not state its
        unit; ``unit`` says so (magnitudes suggest kt). Empty cells are NaN.

    Raises
    ------
    DataFormatError
        For a missing or empty file, no ``date`` column, a year that is not four
        digits from :data:`FIRST_YEAR` to the current year, a duplicated year or
        destination, or a value that is not a finite, non-negative decimal number.
    """
    import pandas as pd

    path = Path(path)
    raw, lines = read_csv_table(
        path,
        "crude_ru_exports.csv (a header 'date,<country>,…')",
        final_line_end=True,
    )
    if "date" not in raw.columns:
        raise DataFormatError(
            path, "missing column date; expected a header 'date,<country>,…'", line=1, column="date"
        )
    if raw.empty:
        raise DataFormatError(path, "no data rows after the header", line=2)
    years = parse_years(path, raw["date"], lines, "date", first=FIRST_YEAR)
    dup = years.duplicated()
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path, f"year {int(years.iloc[i])} appears twice", line=lines[i], column="date"
        )
    destinations = [c for c in raw.columns if c != "date"]
    if not destinations:
        raise DataFormatError(path, "no destination columns after date", line=1)
    frames = []
    for col in destinations:
        values = parse_amounts(path, raw[col], lines, col, what="export volumes")
        frames.append(
            pd.DataFrame({"destination": col, "year": years.astype(int), "volume": values})
        )
    df = pd.concat(frames, ignore_index=True)
    df["unit"] = UNIT
    df = df.sort_values(["year", "volume"], ascending=[True, False], ignore_index=True)
    df.attrs["source"] = SOURCE.provenance(source=str(path))
    return df
