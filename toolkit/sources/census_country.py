"""Reader of the US Census Bureau's trade-in-goods-by-country workbook (``country.xlsx``)."""

from __future__ import annotations

import math
from pathlib import Path

from toolkit.errors import DataFormatError, ParameterError
from toolkit.fields import LICENCES, MONTH, VALUE_USD_M, YEAR, Column
from toolkit.sources._checks import WORKBOOK_ERRORS, open_workbook
from toolkit.sources._declare import Hostile, ReaderDataset, Source

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
#: Header of the Census bulk file, in order.
COLUMNS = (
    ("year", "CTY_CODE", "CTYNAME")
    + tuple(f"I{m}" for m in MONTHS)
    + ("IYR",)
    + tuple(f"E{m}" for m in MONTHS)
    + ("EYR",)
)
FLOWS = {"I": "imports", "E": "exports"}
FREQS = ("monthly", "annual")
DEFAULT_SHEET = "country"

SOURCE = Source(
    key="census_country",
    title="US trade in goods by country (country.xlsx), USD million, nominal",
    publisher="US Census Bureau",
    licence=LICENCES["us_government"],
    format="xlsx workbook (one sheet, a row per country and year)",
    reader="toolkit.sources.census_country:read_census_country",
    url="https://www.census.gov/foreign-trade/balance/",
    files=("country.xlsx",),
    url_note="the Census bulk file; facts.md (open issue 1)",
    shared=("census-country-trade/country.xlsx",),
    dataset=ReaderDataset(
        theme="trade",
        vintage="as downloaded (the reader names the last published month)",
        cadence="monthly",
        citation="US Census Bureau, Foreign Trade Division, trade in goods by country (country.xlsx)",
        description="load('census_country', path=..., freq='monthly'|'annual', countries=[4621]).",
        columns=(
            Column("cty_code", "str", description="Census country code, four digits"),
            Column("country", "str", description="country name as Census writes it"),
            YEAR,
            MONTH.but(description="1-12; missing for annual totals"),
            Column("flow", "str", description="exports or imports"),
            VALUE_USD_M.but(description="nominal; exports FAS, imports customs value"),
        ),
        usage_warnings=(
            "Months after the vintage's last published month are NaN (Census writes 0).",
        ),
    ),
    hostile=(Hostile("workbook", "country.xlsx", samples=("census-country-trade/country.xlsx",)),),
)


def _code(value) -> str:
    """Return a Census country code as the file writes it: four digits, zero-padded."""
    return f"{int(value):04d}"


def _open_sheet(path: Path, sheet: str | None):
    wb = open_workbook(path, "the Census country.xlsx workbook")
    names = wb.sheetnames
    if sheet is None:
        # The bulk file has one sheet named "country"; a one-sheet workbook saved under
        # another name is still accepted, because its header is checked next.
        if DEFAULT_SHEET in names:
            sheet = DEFAULT_SHEET
        elif len(names) == 1:
            sheet = names[0]
        else:
            raise DataFormatError(
                path, f"no sheet {DEFAULT_SHEET!r}; sheets found: {', '.join(names)}"
            )
    elif sheet not in names:
        raise DataFormatError(path, f"no sheet {sheet!r}; sheets found: {', '.join(names)}")
    return wb, wb[sheet]


def _number(path, value, row: int, column: str, *, integer: bool = False):
    """Return a cell as a number; empty cells are missing (None); text is an error."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if integer:
            raise DataFormatError(path, "empty cell; expected a number", row=row, column=column)
        return None
    kind = "an integer" if integer else "a number (USD million)"
    if isinstance(value, bool):
        raise DataFormatError(path, f"{value!r} is not a number", row=row, column=column)
    if not isinstance(value, int | float):
        text = str(value).strip()
        if "_" in text or len(text) > 24:  # Python would read "1_000" as 1000
            raise DataFormatError(path, f"{text[:40]!r} is not {kind}", row=row, column=column)
        try:
            value = float(text)
        except (TypeError, ValueError):
            raise DataFormatError(path, f"{text!r} is not {kind}", row=row, column=column) from None
    if not math.isfinite(value):
        raise DataFormatError(path, f"{value!r} is not a finite number", row=row, column=column)
    if integer:
        if not float(value).is_integer() or abs(value) > 10**6:
            raise DataFormatError(path, f"{value!r} is not {kind}", row=row, column=column)
        return int(value)
    return value


#: The years the country file covers: from 1985 to the current year.
FIRST_YEAR = 1985


_CACHE: dict = {}


def _read_rows(path: Path, sheet: str | None):
    """Parse the sheet's rows once per file version (reading monthly then annual costs one parse)."""
    try:
        stat = path.stat()
        # inode and ctime too: a file replaced in place within one mtime tick is re-read
        key = (
            str(path.resolve()),
            stat.st_ino,
            stat.st_mtime_ns,
            stat.st_ctime_ns,
            stat.st_size,
            sheet,
        )
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    records = _parse_rows(path, sheet)
    if key is not None:
        _CACHE.clear()  # keep one workbook: the bulk file is ~9,000 rows
        _CACHE[key] = records
    return records


def _header_index(path: Path, header: tuple) -> dict:
    """Return ``{column: position}`` of :data:`COLUMNS`; a missing or repeated one is an error."""
    known = {c.casefold(): c for c in COLUMNS}
    seen, first = {}, {}
    for pos, name in enumerate(header, start=1):
        key = str(name).strip().casefold() if name is not None else None
        if key in known and key in first:
            raise DataFormatError(
                path,
                f"column {name!r} appears twice (columns {first[key]} and {pos}, letter case "
                "aside): which one holds the data?",
                row=1,
                column=name,
            )
        if key in known:
            first[key] = pos
        seen[name] = pos
    for name in COLUMNS:
        if name not in header:
            raise DataFormatError(
                path,
                f"missing column; expected the header {', '.join(COLUMNS)}",
                row=1,
                column=name,
            )
    return {name: header.index(name) for name in COLUMNS}


def _parse_rows(path: Path, sheet: str | None):
    wb, ws = _open_sheet(path, sheet)
    try:
        rows = ws.iter_rows(values_only=True)
        try:
            header = next(rows)
        except StopIteration:
            raise DataFormatError(path, "empty sheet; expected a header row", row=1) from None
        header = tuple("" if h is None else str(h).strip() for h in header)
        index = _header_index(path, header)
        records, first_row = [], {}
        for excel_row, raw in enumerate(rows, start=2):
            if raw is None or all(v is None for v in raw):
                continue  # trailing empty rows some spreadsheet programs leave behind
            raw = tuple(raw) + (None,) * (len(header) - len(raw))
            year = _number(path, raw[index["year"]], excel_row, "year", integer=True)
            code = _number(path, raw[index["CTY_CODE"]], excel_row, "CTY_CODE", integer=True)
            name = raw[index["CTYNAME"]]
            values = {col: _number(path, raw[index[col]], excel_row, col) for col in COLUMNS[3:]}
            _check_year(path, year, excel_row)
            if not 0 < code <= 9999:
                raise DataFormatError(
                    path, f"{code} is not a Census country code (1-9999)", row=excel_row,
                    column="CTY_CODE",
                )  # fmt: skip
            key = (int(year), _code(code))
            if key in first_row:
                raise DataFormatError(
                    path,
                    f"year {key[0]}, country {key[1]} again (first on row {first_row[key]}): "
                    "a repeated row would count its months twice",
                    row=excel_row,
                )
            first_row[key] = excel_row
            records.append((excel_row, int(year), _code(code), str(name or "").strip(), values))
    except DataFormatError:
        raise
    except WORKBOOK_ERRORS as exc:
        # read-only mode streams the sheet, so a damaged archive can fail mid-way.
        raise DataFormatError(
            path, f"workbook is truncated or corrupt while reading: {type(exc).__name__}: {exc}"
        ) from None
    finally:
        wb.close()
    if not records:
        raise DataFormatError(path, "no data rows under the header", row=2)
    return records


def _check_year(path, year: int, row: int) -> None:
    """Raise unless ``year`` lies between :data:`FIRST_YEAR` and the current year."""
    import datetime

    latest = datetime.date.today().year
    if not FIRST_YEAR <= year <= latest:
        raise DataFormatError(
            path,
            f"year {year} is outside the file's range {FIRST_YEAR}-{latest} (a typo? it would "
            "move the vintage and turn unpublished months into zeros)",
            row=row,
            column="year",
        )


def last_published_month(records) -> tuple[int, int]:
    """Return ``(year, month)`` of the vintage's last published month.

    Census writes months not yet published as 0 in the latest year; the last
    month with any non-zero value, over all countries, is the vintage's end.
    """
    latest = max(r[1] for r in records)
    last = 0
    for _, year, _, _, values in records:
        if year != latest:
            continue
        for m, mon in enumerate(MONTHS, start=1):
            if m > last and any(values[f"{f}{mon}"] for f in FLOWS):
                last = m
    return latest, last


def read_census_country(path, *, freq: str = "monthly", countries=None, sheet: str | None = None):
    """Read the Census ``country.xlsx`` workbook into a long table.

    Parameters
    ----------
    path : str or path-like
        The workbook as downloaded from
        ``https://www.census.gov/foreign-trade/balance/country.xlsx``.
    freq : {"monthly", "annual"}
        ``monthly``: one row per country, year, month (1-12) and flow.
        ``annual``: the file's own annual totals (``IYR``/``EYR``), with
        ``month`` missing (``<NA>``) and a ``months_published`` column (12, or
        fewer for the vintage's partial last year).
    countries : iterable of int or str, optional
        Keep only these Census country codes (e.g. ``[4621]`` for Russia).
    sheet : str, optional
        Sheet to read; default ``"country"`` (or the only sheet).

    Returns
    -------
    pandas.DataFrame
        Columns ``cty_code`` (str, 4 digits), ``country``, ``year``, ``month``
        (Int64), ``flow`` (``exports``/``imports``), ``value_usd_m`` (float,
        USD million, nominal). Months after the vintage's last published month
        are NaN, never zero. ``df.attrs["source"]["vintage"]`` names that month,
        e.g. ``"data through 2024-06"``.

    Raises
    ------
    DataFormatError
        If the file is missing, truncated or corrupt, lacks the sheet or a
        column, or holds a non-numeric value (the error names row and column).
    ParameterError
        If ``freq`` is not ``monthly`` or ``annual``.
    """
    import pandas as pd

    if freq not in FREQS:
        raise ParameterError(
            f"{freq!r} is not a frequency; expected one of {', '.join(FREQS)}",
            source="read_census_country",
            key="freq",
        )
    path = Path(path)
    wanted = None if countries is None else {_code(c) for c in countries}
    records = _read_rows(path, sheet)
    latest, last = last_published_month(records)
    rows = []
    for _, year, code, name, values in records:
        if wanted is not None and code not in wanted:
            continue
        for f, flow in FLOWS.items():
            if freq == "annual":
                n = last if year == latest else 12
                total = values[f"{f}YR"] if n else None  # a year with no month published
                rows.append((code, name, year, pd.NA, flow, total, n))
                continue
            for m, mon in enumerate(MONTHS, start=1):
                value = values[f"{f}{mon}"]
                if year == latest and m > last:
                    value = None  # not yet published in this vintage: missing, not zero
                rows.append((code, name, year, m, flow, value))
    cols = SOURCE.column_names()  # cty_code, country, year, month, flow, value_usd_m
    if freq == "annual":
        cols.append("months_published")
    df = pd.DataFrame(rows, columns=cols)
    df["year"] = df["year"].astype("int64")
    df["month"] = df["month"].astype("Int64")
    df["value_usd_m"] = pd.to_numeric(df["value_usd_m"], errors="coerce").astype("float64")
    df = df.sort_values(["cty_code", "year", "month", "flow"], ignore_index=True)
    # a new year's row of zeros only: the vintage ends with the previous December
    end = f"{latest}-{last:02d}" if last else f"{latest - 1}-12"
    df.attrs["source"] = SOURCE.provenance(
        source=SOURCE.urls()[0],
        file=str(path),
        vintage=f"data through {end}",
        last_published=end,
    )
    return df
