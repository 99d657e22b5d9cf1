"""Formula cells saved without their computed value, found in a workbook's sheet XML.

A program that writes formulas without calculating them (openpyxl, pandas, some converters)
stores no value for those cells; every reader (openpyxl with ``data_only``, calamine, pandas)
then sees an empty cell, read as missing or zero. The sheets are searched as bytes first (one
substring search per sheet), and only a sheet holding formulas is parsed.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from toolkit.errors import DataFormatError

__all__ = ["WORKBOOK_ERRORS", "refuse_uncached_formulas"]

#: What openpyxl raises, while opening or streaming a sheet, on a damaged .xlsx archive.
WORKBOOK_ERRORS = (
    zipfile.BadZipFile,
    KeyError,
    OSError,
    EOFError,
    ValueError,
    zlib.error,
    ParseError,
)


#: How a formula element ends in a worksheet part (``</f>``, or ``</x:f>`` with a namespace
#: prefix): every sheet with formulas holds one (a shared formula's first cell carries its
#: text). A cheap byte search; the XML is parsed only on a hit.
_FORMULA_ENDS = (b"</f>", b":f>")


def _formula_in(window: bytes) -> bool:
    return any(end in window for end in _FORMULA_ENDS)


def _sheet_names(book: zipfile.ZipFile) -> dict[str, str]:
    """Return ``{worksheet part: sheet name}`` from the workbook's own index."""
    from defusedxml.ElementTree import fromstring

    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        rels = fromstring(book.read("xl/_rels/workbook.xml.rels"))
        index = fromstring(book.read("xl/workbook.xml"))
    except (KeyError, ParseError, ValueError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in index.iter():
        if sheet.tag.endswith("}sheet") and sheet.get(rel_ns) in targets:
            target = targets[sheet.get(rel_ns)]
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            out[part] = sheet.get("name", part)
    return out


def _has_formula(book: zipfile.ZipFile, part: str) -> bool:
    """Whether a worksheet part holds a formula element (streamed: no sheet held whole)."""
    tail = b""
    with book.open(part) as fh:
        while chunk := fh.read(1 << 22):
            if _formula_in(tail + chunk):
                return True
            tail = chunk[-4:]
    return False


def _first_uncached(book: zipfile.ZipFile, part: str) -> str | None:
    """Return the reference of the first formula cell of ``part`` without a cached value."""
    from xml.etree.ElementTree import iterparse

    with book.open(part) as fh:
        for _, elem in iterparse(fh, events=("end",)):
            if elem.tag.rsplit("}", 1)[-1] != "c":
                continue
            kids = {k.tag.rsplit("}", 1)[-1]: k for k in elem}
            value = kids.get("v")
            if "f" in kids and (value is None or not (value.text or "").strip()):
                if elem.get("t") != "str" or value is None:
                    return elem.get("r", "?")
            elem.clear()
    return None


def refuse_uncached_formulas(path: Path, expected: str) -> None:
    """Raise at a formula cell saved without its computed value (a cell read as empty or 0).

    A workbook written by a program that stores formulas but does not compute them
    (openpyxl, pandas, some converters) holds no value for those cells: a reader sees an
    empty cell, which would read as missing or zero. Excel and LibreOffice store both.
    """
    try:
        with zipfile.ZipFile(path) as book:
            parts = [
                n for n in book.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")
            ]
            names = None
            for part in parts:
                if not _has_formula(book, part):
                    continue
                ref = _first_uncached(book, part)
                if ref is None:
                    continue
                names = names if names is not None else _sheet_names(book)
                m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
                raise DataFormatError(
                    path,
                    f"cell {ref} of sheet {names.get(part, part)!r} holds a formula without a "
                    "computed value (saved by a program that does not calculate formulas?); "
                    f"open and save it in Excel or LibreOffice; expected {expected}",
                    row=int(m.group(2)) if m else None,
                    column=m.group(1) if m else ref,
                )
    except DataFormatError:
        raise
    except (*WORKBOOK_ERRORS, RuntimeError) as exc:
        raise DataFormatError(
            path,
            f"not a readable .xlsx workbook (truncated or corrupt?): {type(exc).__name__}: {exc}",
        ) from None
