"""Reader of Rosstat's table of Russia's trade with its main partners (``96stran.xlsx``, FTS data)."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import DataFormatError, ParameterError
from toolkit.fields import LICENCES, MONTH, VALUE_USD_M, YEAR, Column
from toolkit.sources._checks import WORKBOOK_ERRORS, open_workbook
from toolkit.sources._declare import Hostile, ReaderDataset, Source

#: Sheet name -> flow, from Russia's point of view.
SHEETS = {"Экспорт": "exports", "Импорт": "imports"}
MONTHS_RU = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
#: Partner names as Rosstat writes them (normalised) -> English.
PARTNERS = {
    "Китай": "China",
    "Нидерланды": "Netherlands",
    "Германия": "Germany",
    "Турция": "Turkey",
    "США": "USA",
    "Беларусь": "Belarus",
    "Великобритания": "United Kingdom",
    "Республика Корея": "Republic of Korea",
    "Италия": "Italy",
    "Франция": "France",
    "Казахстан": "Kazakhstan",
    "Япония": "Japan",
    "Польша": "Poland",
    "Вьетнам": "Vietnam",
    "Финляндия": "Finland",
    "Индия": "India",
    "Бельгия": "Belgium",
    "Украина": "Ukraine",
    "Бразилия": "Brazil",
    "Чешская республика": "Czech Republic",
    "Испания": "Spain",
    "Узбекистан": "Uzbekistan",
    "Швейцария": "Switzerland",
    "Австрия": "Austria",
    "Словакия": "Slovakia",
    "Индонезия": "Indonesia",
    "Швеция": "Sweden",
    "Тайвань": "Taiwan",
    "Азербайджан": "Azerbaijan",
}
#: How Rosstat writes a figure that is not published (e.g. Kazakhstan in 2010, customs union).
MISSING_MARKS = ("", "…", "...", "-", "—")
# The published file mixes Latin look-alike letters into Cyrillic names ("Китaй" with a
# Latin "a"); map them back so names compare equal.
_HOMOGLYPHS = str.maketrans("aeopcxyAEOPCTHKMB", "аеорсхуАЕОРСТНКМВ")

SOURCE = Source(
    key="rosstat_trade",
    title="Foreign trade of the Russian Federation with main countries (96stran.xlsx), USD million",
    publisher="Rosstat (Federal State Statistics Service), from Federal Customs Service (FTS) data",
    licence=LICENCES["russian_statistics"],
    format="xlsx workbook (sheets Экспорт and Импорт: a year row, then 12 month rows)",
    reader="toolkit.sources.rosstat_trade:read_rosstat_trade",
    files=("96stran.xlsx",),
    url_note="Rosstat table 96stran.xlsx (copy in "
    "mary-lev/eu-export-sanctions); fetch from a mirror with --base-url",
    shared=("rosstat-trade-by-country/96stran.xlsx",),
    dataset=ReaderDataset(
        theme="trade",
        vintage="monthly 2006-01 to 2021-12 (publication by country stopped in 2022)",
        as_of="2021-12",  # the shared copy's latest period
        cadence="monthly",
        citation="Rosstat, Внешняя торговля Российской Федерации с основными странами "
        "(по данным ФТС России)",
        description="load('rosstat_trade', path=..., partners=['USA']).",
        columns=(
            Column("partner", "str", "", "English name"),
            Column("partner_ru", "str", "", "name as Rosstat writes it"),
            YEAR,
            MONTH,
            Column("flow", "str", "", "exports/imports from Russia's point of view"),
            VALUE_USD_M,
        ),
        usage_warnings=("Russia-reported figures differ widely from partners' mirror figures.",),
    ),
    hostile=(
        Hostile("workbook", "96stran.xlsx", samples=("rosstat-trade-by-country/96stran.xlsx",)),
    ),
)


def normalise_name(text) -> str:
    """Return a Rosstat label with single spaces and Cyrillic letters only."""
    words = str(text).split()
    cyr = [
        w.translate(_HOMOGLYPHS) if any("а" <= ch.lower() <= "я" for ch in w) else w for w in words
    ]
    return " ".join(cyr)


def _number(path, sheet, value, row, column):
    if value is None or (isinstance(value, str) and value.strip() in MISSING_MARKS):
        return None  # an empty cell or Rosstat's "…" (not published) is missing, not zero
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).replace(",", ".").replace("\xa0", ""))
    except ValueError:
        raise DataFormatError(
            path,
            f"sheet {sheet!r}: {value!r} is not a number (USD million)",
            row=row,
            column=column,
        ) from None


def _header(path, rows, sheet):
    """Return the header row's index, its names, and ``{column: partner}`` of the sheet."""
    header_at = None
    for i, raw in enumerate(rows):
        labels = [normalise_name(v) for v in raw[1:] if v is not None]
        if raw and raw[0] is None and "США" in labels:
            header_at = i
            break
    if header_at is None:
        raise DataFormatError(
            path, f"sheet {sheet!r}: no header row of partner names (with 'США') found"
        )
    header = [None if v is None else normalise_name(v) for v in rows[header_at]]
    partners = {}
    for j, name in enumerate(header[1:], start=1):
        if name is None:
            continue
        if name not in PARTNERS:
            raise DataFormatError(
                path,
                f"sheet {sheet!r}: unknown partner {name!r}; expected one of {', '.join(PARTNERS)}",
                row=header_at + 1,
                column=j + 1,
            )
        if name in partners.values():
            first = next(k for k, v in partners.items() if v == name)
            raise DataFormatError(
                path,
                f"sheet {sheet!r}: partner {name!r} appears twice (columns {first + 1} and "
                f"{j + 1}): which one holds the data? (both would be counted)",
                row=header_at + 1,
                column=j + 1,
            )
        partners[j] = name
    return header_at, header, partners


def _is_year_cell(first) -> bool:
    if isinstance(first, bool):
        return False
    return isinstance(first, int | float) or (isinstance(first, str) and first.strip().isdigit())


def _year(path, sheet, first, year, expected_month, excel_row) -> int:
    """Return the year a year row starts, after checking the previous year had 12 months."""
    if expected_month not in (None, 13):
        raise DataFormatError(
            path,
            f"sheet {sheet!r}: year {year} has only {expected_month - 1} months; "
            "expected 12 month rows after each year row",
            row=excel_row,
            column=1,
        )
    new = int(float(first))
    if not 1990 <= new <= 2100:
        raise DataFormatError(
            path, f"sheet {sheet!r}: {first!r} is not a year", row=excel_row, column=1
        )
    return new


def _month(path, sheet, first, year, expected_month, excel_row) -> int:
    """Return the month number of a month row, which must come next in its year."""
    label = normalise_name(first).lower() if first is not None else ""
    if year is None:
        raise DataFormatError(
            path,
            f"sheet {sheet!r}: {first!r} before any year row; expected a year (e.g. 2006)",
            row=excel_row,
            column=1,
        )
    if label not in MONTHS_RU:
        raise DataFormatError(
            path,
            f"sheet {sheet!r}: {first!r} is neither a year nor a Russian month name",
            row=excel_row,
            column=1,
        )
    month = MONTHS_RU.index(label) + 1
    if month != expected_month:
        raise DataFormatError(
            path,
            f"sheet {sheet!r}: month {first.strip()!r} out of order in {year}; "
            f"expected {MONTHS_RU[expected_month - 1]!r}"
            if expected_month <= 12
            else f"sheet {sheet!r}: a 13th month row in {year}",
            row=excel_row,
            column=1,
        )
    return month


def _read_sheet(path, ws, sheet, flow):
    rows = list(ws.iter_rows(values_only=True))
    header_at, header, partners = _header(path, rows, sheet)
    out = []
    year = None
    expected_month = None
    seen_years = {}
    for i in range(header_at + 1, len(rows)):
        raw = rows[i]
        excel_row = i + 1
        first = raw[0] if raw else None
        if first is None and all(v is None for v in raw):
            continue
        if _is_year_cell(first):
            year = _year(path, sheet, first, year, expected_month, excel_row)
            if year in seen_years:
                raise DataFormatError(
                    path,
                    f"sheet {sheet!r}: year {year} again (first on row {seen_years[year]}): "
                    "a repeated year block would count its months twice",
                    row=excel_row,
                    column=1,
                )
            seen_years[year] = excel_row
            expected_month = 1
            continue
        month = _month(path, sheet, first, year, expected_month, excel_row)
        expected_month += 1
        for j, name in partners.items():
            value = raw[j] if j < len(raw) else None
            value = _number(path, sheet, value, excel_row, header[j])
            out.append((PARTNERS[name], name, year, month, flow, value))
    if year is None:
        raise DataFormatError(path, f"sheet {sheet!r}: no year rows under the header")
    if expected_month != 13:
        raise DataFormatError(
            path,
            f"sheet {sheet!r}: year {year} has only {expected_month - 1} months; expected 12",
            row=len(rows),
        )
    return out


def read_rosstat_trade(path, *, partners=None):
    """Read Rosstat's monthly trade of Russia by main partner into a long table.

    Parameters
    ----------
    path : str or path-like
        ``96stran.xlsx`` as published (sheets ``Экспорт`` and ``Импорт``; a
        year row, then 12 rows of Russian month names; one column per partner).
    partners : iterable of str, optional
        Keep these partners, by English or Russian name (e.g. ``["USA"]``).

    Returns
    -------
    pandas.DataFrame
        ``partner`` (English), ``partner_ru``, ``year``, ``month``, ``flow``
        (``exports``/``imports`` from Russia's point of view), ``value_usd_m``
        (USD million). Empty cells are NaN.

    Raises
    ------
    DataFormatError
        If the file is missing, truncated or corrupt, lacks a sheet, has an
        unknown partner, a row that is neither a year nor a month, months out
        of order, or a non-numeric value (naming sheet, row and column).
    """
    import pandas as pd

    path = Path(path)
    wb = open_workbook(path, "Rosstat's 96stran.xlsx")
    try:
        records = []
        for sheet, flow in SHEETS.items():
            if sheet not in wb.sheetnames:
                raise DataFormatError(
                    path,
                    f"no sheet {sheet!r}; expected sheets {', '.join(SHEETS)}; "
                    f"found {', '.join(wb.sheetnames)}",
                )
            records.extend(_read_sheet(path, wb[sheet], sheet, flow))
    except DataFormatError:
        raise
    except WORKBOOK_ERRORS as exc:
        raise DataFormatError(
            path, f"workbook is truncated or corrupt while reading: {type(exc).__name__}: {exc}"
        ) from None
    finally:
        wb.close()
    df = pd.DataFrame(records, columns=SOURCE.column_names())
    if partners is not None:
        wanted = {normalise_name(p) for p in partners}
        known = set(df.partner) | set(df.partner_ru)
        unknown = sorted(wanted - known)
        if unknown:
            raise ParameterError(
                f"unknown partner(s) {unknown}; expected some of {sorted(set(df.partner))}",
                source="read_rosstat_trade",
                key="partners",
            )
        df = df[df.partner.isin(wanted) | df.partner_ru.isin(wanted)]
    df["value_usd_m"] = df["value_usd_m"].astype("float64")
    df = df.sort_values(["partner", "year", "month", "flow"], ignore_index=True)
    first, last = (df.year.min(), df.year.max()) if len(df) else (None, None)
    df.attrs["source"] = SOURCE.provenance(
        source=f"Rosstat table {SOURCE.files[0]}",
        file=str(path),
        vintage=f"monthly {first}-01 to {last}-12",
    )
    return df
