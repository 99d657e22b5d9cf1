"""The layout of a Eurostat data-browser workbook (``*_spreadsheet.xlsx``), sheet by sheet.

A data-browser download holds a ``Summary`` sheet (a ``Contents`` table naming, for each
``Sheet N``, the product label with its code in brackets, the flow and the indicator), a
``Structure`` sheet, and one sheet per product::

    Data extracted on ... from [ESTAT]          header block (free text)
    PRODUCT [PRODUCT] | | <label> [<code>]      the sheet's own product, flow, indicator
    FLOW              | | EXPORT
    INDICATORS        | | VALUE_IN_EUROS
    TIME              | TIME | 2020-01 | 2020-02 | ...
    FREQ (Labels)     | ...
    REPORTER (Labels) | PARTNER (Labels) | ...
    Austria           | Armenia | 8813 | : | ...     one row per reporter x partner
    (blank row, then "Special value" / ":" = not available)

This module turns one workbook into numpy blocks (never a half-read table): cells are read
with calamine (the Rust reader; openpyxl needs minutes per 2.5 MB workbook of these files).
Every departure from the layout raises a ``DataFormatError`` naming the file, the sheet (in
``row`` as ``'<sheet>' row N``) and the column letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from toolkit.errors import DataFormatError
from toolkit.sources._checks import sniff_workbook
from toolkit.sources._formulas import refuse_uncached_formulas

EXPECTED = "a Eurostat data-browser workbook (Summary sheet, one sheet per product)"
#: The indicator whose values are euros; any other (quantities) is refused, not mislabelled.
INDICATOR = "VALUE_IN_EUROS"
#: How the data browser writes "not available" (confidential or nil): missing, never zero.
NOT_AVAILABLE = ":"
_CODE = re.compile(r"^(?P<label>.*?)\s*\[(?P<code>[^\[\]]+)\]\s*$", re.S)
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_NUMBER = re.compile(r"^\s*\d+(\.\d+)?\s*$")
_HEADER_ROWS = 40  # the TIME row and the Contents table lie within the first rows


@dataclass
class SheetBlock:
    """One product sheet as arrays: ``values[i, j]`` is reporter/partner ``i`` in period ``j``."""

    sheet: str
    product_code: str
    product: str
    flow: str
    reporters: list[str]
    partners: list[str]
    periods: list[str]
    values: np.ndarray


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index (0 -> ``A``, 27 -> ``AB``)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _where(sheet: str, row: int) -> str:
    return f"{sheet!r} row {row + 1}"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def split_label(path, label: str, sheet: str, row: int, column: int) -> tuple[str, str]:
    """Split ``'Beer made from malt [2203]'`` into ``('2203', 'Beer made from malt')``."""
    match = _CODE.match(label)
    if not match or not match["code"].strip():
        raise DataFormatError(
            path,
            f"product label {label[:80]!r} has no code in brackets; expected e.g. "
            "'Beer made from malt [2203]'",
            row=_where(sheet, row),
            column=column_letter(column),
        )
    return match["code"].strip(), match["label"].strip()


def open_book(path: Path):
    """Open a workbook with calamine, or raise a ``DataFormatError`` naming the file."""
    from python_calamine import CalamineWorkbook

    sniff_workbook(path, EXPECTED)
    refuse_uncached_formulas(path, EXPECTED)
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own classes, OSError, ValueError
        raise DataFormatError(
            path,
            f"not a readable .xlsx workbook (truncated or corrupt?): {type(exc).__name__}: {exc}; "
            f"expected {EXPECTED}",
        ) from None


def sheet_rows(path: Path, book, name: str) -> list[list]:
    """Return every row of sheet ``name`` from row 1 (index 0) and column A."""
    if name not in book.sheet_names:
        raise DataFormatError(
            path,
            f"sheet {name!r} is named in the Summary but not in the workbook; sheets found: "
            f"{', '.join(book.sheet_names[:8])}{' ...' if len(book.sheet_names) > 8 else ''}",
        )
    try:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:
        raise DataFormatError(
            path,
            f"sheet {name!r} cannot be read (damaged workbook?): {type(exc).__name__}: {exc}",
        ) from None


def read_contents(path: Path, book) -> list[tuple[str, str, str, str, int]]:
    """Return ``(sheet, product label, flow, indicator, row)`` for each row of the Summary."""
    if "Summary" not in book.sheet_names:
        raise DataFormatError(
            path,
            f"no 'Summary' sheet; sheets found: {', '.join(book.sheet_names[:8])}; "
            f"expected {EXPECTED}",
        )
    rows = sheet_rows(path, book, "Summary")
    header = None
    for i, row in enumerate(rows[:_HEADER_ROWS]):
        cells = [_text(c) for c in row]
        if "Contents" in cells:
            header = (i, cells.index("Contents"))
            break
    if header is None:
        raise DataFormatError(
            path,
            "no 'Contents' table in the first rows; expected a Contents row naming "
            "PRODUCT, FLOW and INDICATORS",
            row=_where("Summary", 0),
        )
    start, col = header
    entries = []
    for i in range(start + 1, len(rows)):
        cells = [_text(c) for c in rows[i][col : col + 4]] + [""] * 4
        if not any(cells):
            break
        if not all(cells[:4]):
            missing = next(k for k in range(4) if not cells[k])
            raise DataFormatError(
                path,
                "incomplete Contents row; expected sheet, product, flow and indicator",
                row=_where("Summary", i),
                column=column_letter(col + missing),
            )
        entries.append((cells[0], cells[1], cells[2], cells[3], i))
    if not entries:
        raise DataFormatError(
            path, "the Contents table names no sheet", row=_where("Summary", start + 1)
        )
    return entries


def _header_block(path, rows, sheet: str) -> tuple[dict, int]:
    """Return the ``PRODUCT``/``FLOW``/``INDICATORS`` values and the index of the TIME row."""
    block = {}
    for i, row in enumerate(rows[:_HEADER_ROWS]):
        key = _text(row[0]) if row else ""
        if key == "TIME":
            return block, i
        name = key.split(" [")[0]
        if name in ("PRODUCT", "FLOW", "INDICATORS"):
            value = next((_text(c) for c in row[1:] if _text(c)), "")
            block[name] = (value, i)
    raise DataFormatError(
        path,
        f"no TIME row in the first {_HEADER_ROWS} rows; expected a row starting 'TIME' with "
        "the months",
        row=_where(sheet, 0),
        column="A",
    )


def _periods(path, row, sheet: str, at: int) -> list[str]:
    periods = []
    for j, cell in enumerate(row[2:], start=2):
        text = _text(cell)
        if not text:
            if any(_text(c) for c in row[j:]):
                raise DataFormatError(
                    path,
                    "empty period in the TIME row",
                    row=_where(sheet, at),
                    column=column_letter(j),
                )
            break
        if not _PERIOD.match(text):
            raise DataFormatError(
                path,
                f"period {text!r} is not a month; expected YYYY-MM",
                row=_where(sheet, at),
                column=column_letter(j),
            )
        if text in periods:
            raise DataFormatError(
                path,
                f"period {text} appears twice in the TIME row",
                row=_where(sheet, at),
                column=column_letter(j),
            )
        periods.append(text)
    if not periods:
        raise DataFormatError(
            path, "the TIME row lists no month", row=_where(sheet, at), column="C"
        )
    return periods


def _value(path, cell, sheet: str, i: int, j: int) -> float:
    if isinstance(cell, bool):
        pass
    elif isinstance(cell, int | float):
        if cell >= 0 and np.isfinite(cell):
            return float(cell)
    elif isinstance(cell, str):
        if cell.strip() == NOT_AVAILABLE:
            return np.nan
        if _NUMBER.match(cell):
            return float(cell)
    raise DataFormatError(
        path,
        f"cell {str(cell)[:40]!r} is not a value; expected a non-negative number of euros or "
        f"{NOT_AVAILABLE!r} (not available)",
        row=_where(sheet, i),
        column=column_letter(j),
    )


def _data_start(path, rows, sheet: str, time_row: int) -> int:
    for i in range(time_row + 1, min(len(rows), time_row + 6)):
        row = rows[i]
        if (
            len(row) > 1
            and _text(row[0]).startswith("REPORTER")
            and _text(row[1]).startswith("PARTNER")
        ):
            return i + 1
    raise DataFormatError(
        path,
        "no 'REPORTER (Labels)' / 'PARTNER (Labels)' row under the TIME row; expected the "
        "data browser's layout with reporters in column A and partners in column B",
        row=_where(sheet, time_row + 1),
        column="A",
    )


def _stray(path, row, sheet: str, i: int, width: int) -> None:
    """Refuse a value right of the last month (it has no month) in a data row."""
    for j in range(width, len(row)):
        if _text(row[j]):
            raise DataFormatError(
                path,
                f"cell {_text(row[j])[:40]!r} lies right of the last month of the TIME row",
                row=_where(sheet, i),
                column=column_letter(j),
            )


def _after_blank(path, rows, sheet: str, blank: int, width: int) -> None:
    """Refuse a data row below the blank row that ends the table (only notes may follow)."""
    for i in range(blank + 1, len(rows)):
        row = list(rows[i][:width])
        if len(row) > 2 and _text(row[0]) and _text(row[1]) and any(_text(c) for c in row[2:]):
            raise DataFormatError(
                path,
                "a data row below the blank row that ends the table (a blank row inside the "
                "data?); expected only the 'Special value' notes there",
                row=_where(sheet, i),
                column="A",
            )


def _data_rows(path, rows, sheet: str, start: int, width: int):
    """Return reporters, partners and values of the rows from ``start`` to the blank row."""
    reporters, partners, values, seen = [], [], [], set()
    for i in range(start, len(rows)):
        row = list(rows[i][:width]) + [""] * (width - len(rows[i]))
        reporter, partner = _text(row[0]), _text(row[1])
        if not any(_text(c) for c in rows[i]):
            _after_blank(path, rows, sheet, i, width)
            break  # the blank row before the "Special value" notes ends the data
        _stray(path, rows[i], sheet, i, width)
        for j, name in ((0, reporter), (1, partner)):
            if not name:
                raise DataFormatError(
                    path,
                    "empty reporter or partner in a data row",
                    row=_where(sheet, i),
                    column=column_letter(j),
                )
        if (reporter, partner) in seen:
            raise DataFormatError(
                path,
                f"{reporter} / {partner} appears twice in the sheet",
                row=_where(sheet, i),
                column="A",
            )
        seen.add((reporter, partner))
        values.append([_value(path, row[j], sheet, i, j) for j in range(2, width)])
        reporters.append(reporter)
        partners.append(partner)
    return reporters, partners, values


def read_sheet(path: Path, rows: list[list], sheet: str, summary_label: str) -> SheetBlock:
    """Parse one product sheet; its PRODUCT header must match the Summary's label."""
    block, time_row = _header_block(path, rows, sheet)
    for key in ("PRODUCT", "FLOW", "INDICATORS"):
        if not block.get(key, ("",))[0]:
            raise DataFormatError(
                path,
                f"no {key} row in the header block above TIME",
                row=_where(sheet, 0),
                column="A",
            )
    label, at = block["PRODUCT"]
    if label != summary_label:
        raise DataFormatError(
            path,
            f"the sheet's product {label[:60]!r} differs from the Summary's "
            f"{summary_label[:60]!r} for this sheet",
            row=_where(sheet, at),
            column="C",
        )
    indicator, at = block["INDICATORS"]
    if indicator != INDICATOR:
        raise DataFormatError(
            path,
            f"indicator {indicator!r}; expected {INDICATOR} (values in euros)",
            row=_where(sheet, at),
            column="C",
        )
    code, product = split_label(path, label, sheet, block["PRODUCT"][1], 2)
    periods = _periods(path, rows[time_row], sheet, time_row)
    width = 2 + len(periods)
    start = _data_start(path, rows, sheet, time_row)
    reporters, partners, values = _data_rows(path, rows, sheet, start, width)
    if not reporters:
        raise DataFormatError(
            path,
            "no data rows under the REPORTER/PARTNER row",
            row=_where(sheet, time_row + 3),
            column="A",
        )
    return SheetBlock(
        sheet=sheet,
        product_code=code,
        product=product,
        flow=block["FLOW"][0],
        reporters=reporters,
        partners=partners,
        periods=periods,
        values=np.asarray(values, dtype="float64"),
    )


def read_book(path: Path) -> list[SheetBlock]:
    """Return every product sheet the Summary names, checked, in Summary order."""
    book = open_book(path)
    blocks, keys = [], {}
    for sheet, label, flow, indicator, at in read_contents(path, book):
        if indicator != INDICATOR:
            raise DataFormatError(
                path,
                f"indicator {indicator!r}; expected {INDICATOR} (values in euros)",
                row=_where("Summary", at),
            )
        block = read_sheet(path, sheet_rows(path, book, sheet), sheet, label)
        if block.flow != flow:
            raise DataFormatError(
                path,
                f"sheet {sheet!r} has flow {block.flow!r}, the Summary says {flow!r}",
                row=_where("Summary", at),
            )
        key = (block.product_code, block.flow)
        if key in keys:
            raise DataFormatError(
                path,
                f"product {key[0]} ({key[1]}) appears in sheets {keys[key]!r} and "
                f"{sheet!r}: its values would count twice",
                row=_where("Summary", at),
            )
        keys[key] = sheet
        blocks.append(block)
    return blocks
