"""Reader of Armenia's monthly trade by partner country (``arm_trade_country.csv``, thousand USD)."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.fields import LICENCES, MONTH, YEAR, Column
from toolkit.sources._checks import read_csv_table
from toolkit.sources._declare import Hostile, ReaderDataset, Source
from toolkit.sources._values import parse_amounts, parse_years

#: Header of ``arm_trade_country.csv`` (tavad/tvyal_newsletter, from Armstat data).
COLUMNS = ("country", "year", "month", "export", "import_origin", "import_consignment", "date")

#: Value columns and the flow name each becomes in the long table.
FLOWS = {
    "export": "exports",
    "import_origin": "imports_by_origin",
    "import_consignment": "imports_by_consignment",
}

_SHARED = "armenia-trade/arm_trade_country.csv"

#: The first year of Armstat's series by partner (Armenia's statistics start after 1991).
FIRST_YEAR = 1991

SOURCE = Source(
    key="armenia_trade",
    title="Armenia's trade by partner country, monthly (thousand USD)",
    publisher="Statistical Committee of Armenia (Armstat), via tavad/tvyal_newsletter",
    licence=LICENCES["armenia"],
    format="CSV with a header (UTF-8 with BOM), one row per country and month",
    reader="toolkit.sources.armenia_trade:read_armenia_trade",
    files=("arm_trade_country.csv",),
    url_note="a table derived from Armstat data in the repository tavad/tvyal_newsletter; "
    "fetch from a mirror with --base-url",
    shared=(_SHARED,),
    dataset=ReaderDataset(
        theme="resilience",
        vintage="the shared copy: 2007-01..2024-12",
        as_of="2024-12",  # the shared copy's latest period
        cadence="monthly",
        citation="Armstat data via tavad/tvyal_newsletter, arm_trade_country.csv",
        description="load('armenia_trade', path=...): a long table, one row per country, month and flow.",
        default_file=_SHARED,
        columns=(
            Column("country", "str", "", "partner as in the file"),
            YEAR,
            MONTH,
            Column("month_date", "date", "", "first day of the month"),
            Column("flow", "str", "", "exports, imports_by_origin, imports_by_consignment"),
            Column("value_usd_k", "float", "thousand USD", "trade value"),
        ),
        usage_warnings=(
            "A derived table (reliability C), not Armstat's own file.",
            "The United States appears under two names ('USA' and 'United States').",
        ),
    ),
    hostile=(
        Hostile(
            "text",
            "arm_trade_country.csv",
            samples=(_SHARED,),
            required=("country", "year", "month", "export", "import_origin", "date"),
            huge_column="country",
            huge_output="country",
        ),
    ),
)


def read_armenia_trade(path):
    """Read Armenia's trade by partner and month as a long table.

    Parameters
    ----------
    path : str or path-like
        ``arm_trade_country.csv``: UTF-8 (a byte-order mark is accepted), header
        ``country,year,month,export,import_origin,import_consignment,date``,
        values in thousand USD.

    Returns
    -------
    pandas.DataFrame
        Columns ``country, year, month, month_date, flow, value_usd_k``; ``flow``
        is ``exports``, ``imports_by_origin`` or ``imports_by_consignment``.
        Empty cells become NaN (missing, not zero).

    Raises
    ------
    DataFormatError
        For a missing or empty file, a missing column, a value that is not a
        finite, non-negative decimal number (``inf``, ``NaN``, ``1_000``), a year
        that is not four digits from :data:`FIRST_YEAR` to the current year, a
        month outside 1–12, a ``date`` that disagrees with ``year``/``month``,
        or a country-month present twice.
    """
    import pandas as pd

    path = Path(path)
    raw, lines = read_csv_table(
        path, "arm_trade_country.csv (country,year,month,...)", columns=COLUMNS, final_line_end=True
    )
    if raw.empty:
        raise DataFormatError(path, "no data rows after the header", line=2)

    year = parse_years(path, raw["year"], lines, "year", first=FIRST_YEAR)
    month_text = raw["month"].str.strip()
    bad_month = ~month_text.str.fullmatch(r"0?[1-9]|1[0-2]")
    if bad_month.any():
        i = int(bad_month.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path, f"month {raw['month'].iloc[i]!r} is not 1–12", line=lines[i], column="month"
        )
    month = month_text.astype("int64")
    month_date = pd.to_datetime({"year": year, "month": month, "day": 1})
    stated = pd.to_datetime(raw["date"].str.strip(), format="%Y-%m-%d", errors="coerce")
    mismatch = stated.isna() | (stated != month_date)
    if mismatch.any():
        i = int(mismatch.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path,
            f"date {raw['date'].iloc[i]!r} does not match year {year.iloc[i]} and month "
            f"{month.iloc[i]}; expected {month_date.iloc[i]:%Y-%m-%d}",
            line=lines[i],
            column="date",
        )
    wide = pd.DataFrame(
        {
            "country": raw["country"].str.strip(),
            "year": year,
            "month": month,
            "month_date": month_date,
        }
    )
    dup = wide.duplicated(["country", "year", "month"], keep="first")
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path,
            f"{wide['country'].iloc[i]!r} {year.iloc[i]}-{month.iloc[i]:02d} appears twice; "
            "expected one row per country and month",
            line=lines[i],
        )
    for col, flow in FLOWS.items():
        wide[flow] = parse_amounts(path, raw[col], lines, col, what="trade values in thousand USD")
    df = wide.melt(
        id_vars=["country", "year", "month", "month_date"],
        value_vars=list(FLOWS.values()),
        var_name="flow",
        value_name="value_usd_k",
    )
    df = df.sort_values(["country", "flow", "month_date"], ignore_index=True)
    df.attrs["source"] = SOURCE.provenance(source=str(path))
    return df
