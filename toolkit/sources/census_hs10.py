"""Reader of US imports from one country by HS10 (Census API pull saved as Parquet), one year."""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.fields import LICENCES, YEAR, Column
from toolkit.files import regular_file
from toolkit.sources._declare import ReaderDataset, Source

__all__ = ["COLUMNS", "CONCEPT", "SOURCE", "chapter_totals", "read_census_hs10"]

#: Census API variables the file must hold (the repository's added columns are not read).
COLUMNS = (
    "CTY_CODE",
    "CTY_NAME",
    "COMM_LVL",
    "I_COMMODITY",
    "I_COMMODITY_SDESC",
    "CON_VAL_YR",
    "CAL_DUT_YR",
    "time",
)

#: What ``CON_VAL_YR`` measures, and what it is not.
CONCEPT = (
    "imports for consumption (Census CON_VAL_YR, customs value, USD, year to date): goods "
    "entering US consumption directly plus withdrawals from bonded warehouses and foreign-trade "
    "zones. NOT general imports (GEN_VAL_YR: all goods entering the US, the basis of the "
    "country totals in Census's country tables); the two totals differ"
)

_SHARED = "census-hs10-imports/2024-hs10-imports4621.parquet"
_DERIVED = (
    "A derived Parquet file (Census API variables saved by a third party), not a Census "
    "publication; cite the Census Bureau and the retrieval."
)

SOURCE = Source(
    key="census_hs10",
    title="US imports for consumption from one country by HS10 (Census API pull), one year",
    publisher="US Census Bureau, Foreign Trade Division",
    licence=LICENCES["us_government"],
    format="Parquet (derived: Census API variables saved by a third party, one row per HS10)",
    reader="toolkit.sources.census_hs10:read_census_hs10",
    url="https://api.census.gov/data/timeseries/intltrade/imports/hs",
    url_note="the Census international trade API (imports/hs); Census publishes no Parquet "
    "file: the shared copy was pulled (CTY_CODE 4621, COMM_LVL HS10, 2024-12) and saved by "
    "tradewartracker/trade-war-redux-2025, retrieved 2025-06",
    shared=(_SHARED,),
    dataset=ReaderDataset(
        theme="trade",
        vintage="2024, January-December (year to date at 2024-12), retrieved 2025-06",
        as_of="2024-12",  # the shared copy's latest period
        cadence="monthly",
        citation="US Census Bureau, International Trade API, imports/hs: imports for consumption "
        "from Russia (CTY_CODE 4621) by HS10, 2024; retrieved 2025-06 (saved as Parquet by "
        "tradewartracker/trade-war-redux-2025)",
        description="load('census_hs10', path=<parquet>): one row per HS10 product; "
        "chapter_totals() sums by HS2.",
        default_file=_SHARED,
        columns=(
            YEAR,
            Column("hs10", "str", "", "10-digit HTS statistical code (leading zeros kept)"),
            Column("hs6", "str", "", "HS subheading"),
            Column("hs4", "str", "", "HS heading"),
            Column("hs2", "str", "", "HS chapter"),
            Column("description", "str", "", "Census short description"),
            Column("imports_for_consumption_usd", "float", "USD", "CON_VAL_YR, customs value"),
            Column("calculated_duty_usd", "float", "USD", "CAL_DUT_YR"),
        ),
        usage_warnings=(f"Concept: {CONCEPT}.", _DERIVED),
    ),
)

_HS10 = re.compile(r"\d{10}")
_EXPECTED = "a Parquet pull of the Census API imports/hs endpoint at COMM_LVL HS10"


def _read_table(path: Path):
    """Return the Parquet file's columns of :data:`COLUMNS` as a pandas frame, or raise."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    regular_file(path, _EXPECTED)
    try:
        with path.open("rb") as f:
            head = f.read(4)
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(size - 4, 0))
            tail = f.read(4)
    except FileNotFoundError:
        raise DataFormatError(path, f"no such file; expected {_EXPECTED}") from None
    except IsADirectoryError:
        raise DataFormatError(path, f"is a folder; expected {_EXPECTED}") from None
    if size == 0:
        raise DataFormatError(path, f"empty file; expected {_EXPECTED}")
    if head != b"PAR1" or tail != b"PAR1":
        where = "start" if head != b"PAR1" else "end (truncated?)"
        raise DataFormatError(path, f"not a Parquet file (no PAR1 marker at its {where})")
    try:
        names = pq.read_schema(path).names
        missing = [c for c in COLUMNS if c not in names]
        if missing:
            raise DataFormatError(
                path,
                f"missing column(s) {', '.join(missing)}; expected the Census API variables "
                f"{', '.join(COLUMNS)}",
                column=missing[0],
            )
        table = pq.read_table(path, columns=list(COLUMNS))
    except DataFormatError:
        raise
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise DataFormatError(
            path, f"unreadable Parquet file (corrupt or truncated?): {type(exc).__name__}: {exc}"
        ) from None
    return table.to_pandas()


def _text(path, raw, column: str):
    """Return a column as stripped text, raising on a missing (null) cell."""
    values = raw[column]
    null = values.isna()
    if null.any():
        i = int(null.to_numpy().nonzero()[0][0])
        raise DataFormatError(path, "missing value (null)", row=i + 1, column=column)
    return values.astype(str).str.strip()


def _usd(path, raw, column: str):
    import pandas as pd

    text = _text(path, raw, column)
    values = pd.to_numeric(text, errors="coerce")
    bad = values.isna() | (values < 0)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path,
            f"{raw[column].iloc[i]!r} is not a non-negative number of USD",
            row=i + 1,
            column=column,
        )
    return values.astype("float64")


def _single(path, values, column: str, what: str, *, required=None):
    """Return the one value a column holds (``required`` if given), naming the first other row."""
    values = list(values)
    first = values[0] if required is None else required
    for i, value in enumerate(values):
        if value != first:
            raise DataFormatError(
                path, f"{str(value)!r}; expected {what} ({first})", row=i + 1, column=column
            )
    return first


def read_census_hs10(path):
    """Read US imports for consumption from one country by HS10, for one year.

    Parameters
    ----------
    path : str or path-like
        A Parquet file of the Census API ``timeseries/intltrade/imports/hs``
        variables ``CTY_CODE, CTY_NAME, COMM_LVL, I_COMMODITY, I_COMMODITY_SDESC,
        CON_VAL_YR, CAL_DUT_YR, time`` at ``COMM_LVL`` HS10 for one country and
        one month (e.g. ``2024-hs10-imports4621.parquet``). Extra columns are
        ignored.

    Returns
    -------
    pandas.DataFrame
        One row per HS10 product, largest first: ``year``, ``hs10``, ``hs6``,
        ``hs4``, ``hs2`` (chapter), ``description`` (Census short description),
        ``imports_for_consumption_usd`` (``CON_VAL_YR``, year to the file's month)
        and ``calculated_duty_usd`` (``CAL_DUT_YR``). ``attrs["source"]`` names
        the concept (:data:`CONCEPT`: not general imports), the country, the
        period and the derived format.

    Raises
    ------
    DataFormatError
        For a missing, empty, non-Parquet or corrupt file, a missing column, a
        null cell, a value that is not a non-negative number, a code that is not
        10 digits or appears twice, or a file mixing countries, commodity levels
        or months; naming the file, the row (1-based) and the column.
    """
    import pandas as pd

    path = Path(path)
    raw = _read_table(path)
    if raw.empty:
        raise DataFormatError(path, f"no rows; expected {_EXPECTED}")
    _single(path, _text(path, raw, "COMM_LVL"), "COMM_LVL", "HS10 rows only", required="HS10")
    cty_code = _single(path, _text(path, raw, "CTY_CODE"), "CTY_CODE", "one country")
    cty_name = _single(path, _text(path, raw, "CTY_NAME"), "CTY_NAME", "one country")
    month = pd.to_datetime(raw["time"].astype(str), errors="coerce", format="mixed")
    if month.isna().any():
        i = int(month.isna().to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path, f"{raw['time'].iloc[i]!r} is not a month", row=i + 1, column="time"
        )
    period = _single(path, month.dt.to_period("M"), "time", "one month (the year to date)")
    code = _text(path, raw, "I_COMMODITY")
    bad = ~code.map(lambda c: bool(_HS10.fullmatch(c)))
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path, f"{code.iloc[i]!r} is not a 10-digit HS code", row=i + 1, column="I_COMMODITY"
        )
    dup = code.duplicated()
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path, f"HS10 {code.iloc[i]} appears twice", row=i + 1, column="I_COMMODITY"
        )
    df = pd.DataFrame(
        {
            "year": period.year,
            "hs10": code,
            "hs6": code.str[:6],
            "hs4": code.str[:4],
            "hs2": code.str[:2],
            "description": _text(path, raw, "I_COMMODITY_SDESC"),
            "imports_for_consumption_usd": _usd(path, raw, "CON_VAL_YR"),
            "calculated_duty_usd": _usd(path, raw, "CAL_DUT_YR"),
        }
    )
    df["year"] = df["year"].astype("int64")
    df = df.sort_values(
        ["imports_for_consumption_usd", "hs10"], ascending=[False, True], ignore_index=True
    )
    full_year = period.month == 12
    span = f"{period.year}" if full_year else f"{period.year}-01 to {period}"
    df.attrs["source"] = {
        **SOURCE.provenance(),
        "title": f"US imports for consumption from {cty_name.title()} (CTY_CODE {cty_code}) "
        f"by HS10, {span}",
        "url": SOURCE.url,
        "source": str(path),
        "vintage": f"{period}" + (" (full year)" if full_year else " (year to date)"),
        "country": f"{cty_name} ({cty_code})",
        "concept": CONCEPT,
        "format": "derived: a Census API pull saved as Parquet by a third party, "
        "not a file Census publishes",
        "usage_warnings": [
            f"Concept: {CONCEPT}.",
            _DERIVED,
            "Values are year to date at the file's month"
            + ("" if full_year else f" ({period}): not a full year")
            + ".",
        ],
    }
    return df


def chapter_totals(frame):
    """Return imports for consumption by HS2 chapter, largest first.

    Parameters
    ----------
    frame : pandas.DataFrame
        As returned by :func:`read_census_hs10`.

    Returns
    -------
    pandas.DataFrame
        ``year, hs2, products, imports_for_consumption_usd, share_pct`` (share of
        the file's total).
    """
    out = (
        frame.groupby(["year", "hs2"])
        .agg(
            products=("hs10", "size"),
            imports_for_consumption_usd=("imports_for_consumption_usd", "sum"),
        )
        .reset_index()
    )
    total = out.groupby("year")["imports_for_consumption_usd"].transform("sum")
    out["share_pct"] = 100 * out["imports_for_consumption_usd"] / total
    out = out.sort_values(
        ["year", "imports_for_consumption_usd"], ascending=[True, False], ignore_index=True
    )
    out.attrs = dict(frame.attrs)
    return out
