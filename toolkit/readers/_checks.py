"""Checks shared by the readers: opening a workbook, a header's required columns."""

from __future__ import annotations

import zipfile
from pathlib import Path

from toolkit.errors import DataFormatError


def open_workbook(path: Path, expected: str):
    """Open an ``.xlsx`` workbook read-only, or raise a ``DataFormatError`` naming the file.

    Parameters
    ----------
    path : pathlib.Path
    expected : str
        What the file should be, for the message (e.g. ``"the Census country.xlsx workbook"``).
    """
    import openpyxl

    if not path.exists():
        raise DataFormatError(path, f"no such file; expected {expected}")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataFormatError(
            path,
            f"not a readable .xlsx workbook (truncated or corrupt?): {type(exc).__name__}: {exc}",
        ) from None


def require_header(path, header, columns) -> None:
    """Raise a ``DataFormatError`` (line 1, first missing column) unless ``header`` has ``columns``."""
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataFormatError(
            path,
            f"missing column(s) {', '.join(missing)}; expected the header {','.join(columns)}",
            line=1,
            column=missing[0],
        )
