"""Reader of the IMF IMTS data-portal export of Russia's goods trade by partner (``RU_trade.csv``)."""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.fields import LICENCES, YEAR, Column
from toolkit.sources._checks import read_bytes, read_csv_table
from toolkit.sources._declare import ReaderDataset, Source
from toolkit.sources._values import check_years, parse_amounts

__all__ = ["COLUMNS", "FIRST_ESTIMATED_YEAR", "FIRST_YEAR", "INDICATORS", "SOURCE", "read_imf_imts"]

#: Columns the export must have (others, such as the labels, are kept out of the frame).
COLUMNS = (
    "DATASET",
    "COUNTRY.ID",
    "INDICATOR.ID",
    "COUNTERPART_COUNTRY.ID",
    "COUNTERPART_COUNTRY",
    "FREQUENCY.ID",
    "SCALE",
)
#: IMTS indicator -> (flow, valuation).
INDICATORS = {"XG_FOB_USD": ("exports", "FOB"), "MG_CIF_USD": ("imports", "CIF")}
#: Russia publishes no partner detail from 2022: from this year on, the IMF estimates
#: Russia's trade by partner from the partners' own reports (mirror data).
FIRST_ESTIMATED_YEAR = 2022
#: The first year of the IMF's trade statistics by partner (Direction of Trade, from 1948).
FIRST_YEAR = 1948

_SHARED = "imf-imts-russia-by-partner/RU_trade.csv"
_ESTIMATES = (
    f"From {FIRST_ESTIMATED_YEAR}, Russia publishes no trade by partner: those years are IMF "
    "estimates from the partners' reports (mirror data), flagged estimated_from_partners; the "
    "flag follows the year, the file has no per-cell flag."
)

SOURCE = Source(
    key="imf_imts",
    title="IMF International Trade in Goods (IMTS): Russia's goods trade by partner, annual",
    publisher="International Monetary Fund (IMF), Statistics Department",
    licence=LICENCES["imf"],
    format="CSV export of the IMF data portal (UTF-8 with BOM, one row per flow and partner, "
    "one column per year, USD million)",
    reader="toolkit.sources.imf_imts:read_imf_imts",
    url="https://data.imf.org/",
    url_note="the IMF data portal, dataset IMF.STA:IMTS(1.0.0): exported by hand (no fixed "
    "download URL); the shared copy is from paulinakasetiene/Russia-sanctions-trade-reallocation "
    "(Zenodo 10.5281/zenodo.20099743)",
    shared=(_SHARED,),
    dataset=ReaderDataset(
        theme="trade",
        vintage="annual 2016-2024 (the shared export, committed 2026-05-09)",
        as_of="2024",  # the shared copy's latest period
        cadence="annual",
        citation="International Monetary Fund, International Trade in Goods (IMTS), "
        "IMF.STA:IMTS(1.0.0), Russian Federation by counterpart, annual; 2022-2024 IMF "
        "estimates from partner data",
        description="load('imf_imts', path=<RU_trade.csv>): one row per partner, flow and year.",
        default_file=_SHARED,
        columns=(
            Column("partner_id", "str", "", "IMF counterpart code (ISO alpha-3 or G/GX/TX)"),
            Column("partner", "str", "", "IMF counterpart label"),
            Column("partner_kind", "str", "", "economy, group or other (IMF special codes)"),
            Column("flow", "str", "", "Russia's exports or imports"),
            Column("valuation", "str", "", "FOB (exports) or CIF (imports)"),
            YEAR,
            Column("value_usd_m", "float", "USD million", "nominal; NaN where the cell is empty"),
            Column("estimated_from_partners", "bool", "", "IMF estimate from partner data"),
        ),
        usage_warnings=(
            _ESTIMATES,
            "Partners include groups (World, EU, regions): never sum every partner row.",
        ),
    ),
)

_YEAR = re.compile(r"\d{4}")
_EXPECTED = "an IMF IMTS data-portal CSV export (DATASET, SERIES_CODE, ..., one column per year)"


def _partner_kind(code: str) -> str:
    """Return ``economy`` (ISO alpha-3), ``group`` (G…, GX… aggregates) or ``other`` (TX… codes)."""
    if re.fullmatch(r"[A-Z]{3}", code):
        return "economy"
    if code.startswith("G"):
        return "group"
    return "other"


def _first(mask) -> int:
    return int(mask.to_numpy().nonzero()[0][0])


def _check_constant(path, raw, lines, column: str, allowed, what: str) -> None:
    text = raw[column].str.strip()
    bad = ~text.isin(allowed)
    if bad.any():
        i = _first(bad)
        raise DataFormatError(
            path,
            f"{raw[column].iloc[i]!r} in {column}; expected {what}",
            line=lines[i],
            column=column,
        )


def _values(path, raw, lines, year_columns):
    """Return the year columns as floats (NaN where empty), checking each cell."""
    out = {}
    for col in year_columns:
        values = parse_amounts(path, raw[col], lines, col, what="trade values in USD million")
        out[int(col)] = values.astype("float64")
    return out


def read_imf_imts(path):
    """Read Russia's goods trade by partner (IMF IMTS) as a tidy table.

    Parameters
    ----------
    path : str or path-like
        ``RU_trade.csv``: an IMF data-portal export of dataset
        ``IMF.STA:IMTS``, UTF-8 (a byte-order mark is accepted), one row per
        (indicator, partner) with one column per year; annual, USD million.

    Returns
    -------
    pandas.DataFrame
        ``partner_id`` (IMF code), ``partner`` (IMF label), ``partner_kind``
        (``economy``, ``group`` for regional or income aggregates and World,
        ``other`` for IMF special codes such as "not specified"), ``flow``
        (``exports``/``imports``, Russia's), ``valuation`` (exports FOB,
        imports CIF), ``year``, ``value_usd_m`` (NaN where the cell is empty:
        missing, not zero) and ``estimated_from_partners`` (True from
        :data:`FIRST_ESTIMATED_YEAR`: IMF estimates from partners' reports, not
        Russia-reported figures; the file carries no per-cell flag).

    Raises
    ------
    DataFormatError
        Naming the file, line and column: a missing column, no year column, a
        reporter other than Russia, a frequency other than annual, a scale other
        than millions, an unknown indicator, a (partner, indicator) row present
        twice, a value that is not a finite, non-negative decimal number (``inf``,
        ``NaN``, ``1_000``), a year column outside :data:`FIRST_YEAR` to the current
        year, and everything
        :func:`toolkit.sources._checks.read_csv_table` rejects (encoding,
        quoting, field count, truncation).

    Examples
    --------
    >>> df = read_imf_imts("../shared/data/imf-imts-russia-by-partner/RU_trade.csv")  # doctest: +SKIP
    >>> df.query("partner_id == 'USA' and flow == 'imports' and year == 2024")["value_usd_m"]  # doctest: +SKIP
    1443.226612609705
    """
    import pandas as pd

    path = Path(path)
    data = read_bytes(path, _EXPECTED)
    for magic, kind in ((b"PAR1", "a Parquet file"), (b"PK\x03\x04", "a zip archive (.xlsx?)")):
        if data.startswith(magic):
            raise DataFormatError(path, f"{kind}, not a CSV; expected {_EXPECTED}", line=1)
    raw, lines = read_csv_table(path, _EXPECTED, columns=COLUMNS, final_line_end=True, raw=data)
    if raw.empty:
        raise DataFormatError(path, "no data rows after the header", line=2)
    year_columns = [c for c in raw.columns if _YEAR.fullmatch(c.strip())]
    if not year_columns:
        raise DataFormatError(
            path, f"no year column (e.g. 2024) in the header; expected {_EXPECTED}", line=1
        )
    check_years(
        path,
        [int(c) for c in year_columns],
        FIRST_YEAR,
        where=lambda i: {"line": 1, "column": year_columns[i]},
    )
    _check_constant(path, raw, lines, "COUNTRY.ID", ["RUS"], "RUS (Russia's trade by partner)")
    _check_constant(path, raw, lines, "FREQUENCY.ID", ["A"], "A (annual)")
    _check_constant(path, raw, lines, "SCALE", ["Millions"], "Millions (USD million)")
    _check_constant(path, raw, lines, "INDICATOR.ID", list(INDICATORS), " or ".join(INDICATORS))
    partner_id = raw["COUNTERPART_COUNTRY.ID"].str.strip()
    empty = partner_id == ""
    if empty.any():
        i = _first(empty)
        raise DataFormatError(
            path, "empty partner code", line=lines[i], column="COUNTERPART_COUNTRY.ID"
        )
    indicator = raw["INDICATOR.ID"].str.strip()
    dup = pd.DataFrame({"p": partner_id, "i": indicator}).duplicated()
    if dup.any():
        i = _first(dup)
        raise DataFormatError(
            path,
            f"partner {partner_id.iloc[i]} and indicator {indicator.iloc[i]} appear twice; "
            "expected one row per (indicator, partner)",
            line=lines[i],
        )
    values = _values(path, raw, lines, year_columns)
    base = pd.DataFrame(
        {
            "partner_id": partner_id,
            "partner": raw["COUNTERPART_COUNTRY"].str.strip(),
            "partner_kind": partner_id.map(_partner_kind),
            "flow": indicator.map(lambda k: INDICATORS[k][0]),
            "valuation": indicator.map(lambda k: INDICATORS[k][1]),
        }
    )
    frames = [base.assign(year=year, value_usd_m=v) for year, v in values.items()]
    df = pd.concat(frames, ignore_index=True)
    df["year"] = df["year"].astype("int64")
    df["estimated_from_partners"] = df["year"] >= FIRST_ESTIMATED_YEAR
    df = df.sort_values(["partner_id", "flow", "year"], ignore_index=True)
    years = sorted(values)
    df.attrs["source"] = {
        **SOURCE.provenance(),
        "url": SOURCE.url,
        "dataset": ", ".join(sorted(set(raw["DATASET"].str.strip()))),
        "source": str(path),
        "vintage": f"annual {years[0]}-{years[-1]} (export date not in the file)",
        "unit": "USD million; exports FOB, imports CIF",
        "usage_warnings": [
            _ESTIMATES,
            "Empty cells are missing, not zero (e.g. Kazakhstan 2024).",
            "Partners include groups (World, EU, regions) and IMF special codes: do not sum "
            "every partner row; use partner_kind == 'economy' for countries.",
        ],
    }
    return df
