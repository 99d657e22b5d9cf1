"""Values parsed by their column's type, with explicit ranges: amounts and years.

Shared by the text readers. ``pandas.to_numeric`` (and Python's ``float``) accept text no
statistics office writes: ``inf``, ``-Infinity``, ``1_000``, ``0x1F``; a year read with it
takes ``1e+20`` or 20 digits and overflows, or ``0001`` and ``2999`` and then fails deep in
pandas' date handling. Here an amount is a plain decimal number (an exponent allowed),
finite, and not negative unless the column says so; a year is four digits inside the
format's documented range. Anything else is a ``DataFormatError`` naming the file, the
line and the column.
"""

from __future__ import annotations

import datetime
import math
import re

from toolkit.errors import DataFormatError

__all__ = ["AMOUNT", "check_years", "parse_amount", "parse_amounts", "parse_years"]

#: A plain decimal number: optional sign, digits with an optional fraction, an optional
#: exponent of at most three digits. No ``inf``/``nan`` words, no ``_`` separators, no hex.
AMOUNT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")
_YEAR = re.compile(r"\d{4}")


def _problem(text: str, what: str, negative: bool) -> str:
    """Say why ``text`` (which failed the check) is not an amount of the column."""
    low = text.strip().lower().lstrip("+-")
    if low in ("inf", "infinity", "nan"):
        return f"{text!r} is not a finite number; expected {what} as decimal numbers or empty"
    if AMOUNT.fullmatch(text.strip()):
        number = float(text)
        if not math.isfinite(number):
            return f"{text!r} is out of range (not a finite number) for {what}"
        if number < 0 and not negative:
            return f"{text!r} is negative; {what} are not"
    return f"{text!r} is not a number ({what}) or empty"


def parse_amount(path, text: str, *, line, column, what: str, negative: bool = False) -> float:
    """Return one amount cell as a float; an empty cell is NaN (missing, not zero).

    Parameters
    ----------
    path : str or path-like
        The file, for the message.
    text : str
        The cell as written.
    line, column
        Where the cell is, for the message.
    what : str
        What the column holds, plural (``"trade values in euros"``).
    negative : bool
        Whether the column may hold negative numbers.

    Raises
    ------
    DataFormatError
        For text that is not a plain decimal number, a non-finite or (unless allowed)
        negative value.
    """
    cell = text.strip()
    if not cell:
        return math.nan
    if AMOUNT.fullmatch(cell):
        number = float(cell)
        if math.isfinite(number) and (negative or number >= 0):
            return number
    raise DataFormatError(path, _problem(text, what, negative), line=line, column=column)


def parse_amounts(path, cells, lines, column, *, what: str, negative: bool = False):
    """Return a column of amount cells as float64; empty cells are NaN.

    Parameters
    ----------
    path : str or path-like
    cells : pandas.Series of str
        The cells as written (one per data row).
    lines : sequence of int
        The line each row starts on.
    column : str
        The column's name, for the message.
    what : str
        What the column holds, plural (``"trade values in thousand USD"``).
    negative : bool
        Whether the column may hold negative numbers.

    Returns
    -------
    pandas.Series
        float64, index as ``cells``.

    Raises
    ------
    DataFormatError
        At the first bad cell: naming the file, its line and the column.
    """
    import pandas as pd

    text = cells.str.strip()
    empty = text == ""
    plain = text.str.fullmatch(AMOUNT.pattern)
    values = pd.to_numeric(text.where(plain & ~empty), errors="coerce").astype("float64")
    finite = values.abs() < math.inf
    bad = ~empty & ~(plain & finite)
    if not negative:
        bad |= values < 0
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path, _problem(cells.iloc[i], what, negative), line=lines[i], column=column
        )
    return values


def _latest(last: int | None) -> int:
    return datetime.date.today().year if last is None else last


def check_years(path, years, first: int, *, last: int | None = None, where) -> None:
    """Raise unless every year lies in ``first``..``last`` (default: the current year).

    Parameters
    ----------
    path : str or path-like
    years : iterable of int
    first : int
        The first year the format documents.
    last : int, optional
        The last year it may hold (default the current year: no statistics of the future).
    where : callable
        ``where(i)`` -> ``dict(line=..., column=...)`` of the ``i``-th year, for the message.
    """
    latest = _latest(last)
    for i, year in enumerate(years):
        if not first <= year <= latest:
            raise DataFormatError(
                path,
                f"year {year:04d} is outside the file's range {first}-{latest} (a typo? it "
                "would move the vintage or read as a date pandas cannot hold)",
                **where(i),
            )


def parse_years(path, cells, lines, column, *, first: int, last: int | None = None):
    """Return a column of year cells (four digits, ``first``..``last``) as int64.

    Parameters
    ----------
    path : str or path-like
    cells : pandas.Series of str
    lines : sequence of int
        The line each row starts on.
    column : str
    first : int
        The first year the format documents.
    last : int, optional
        The last year it may hold (default the current year).

    Raises
    ------
    DataFormatError
        For a cell that is not four digits (``2021.0``, ``1e+20``, 20 digits, empty) or a
        year outside the range; naming the file, line and column.
    """
    text = cells.str.strip()
    bad = ~text.str.fullmatch(_YEAR.pattern)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path,
            f"{cells.iloc[i]!r} is not a year (four digits, e.g. 2021)",
            line=lines[i],
            column=column,
        )
    years = text.astype("int64")
    out = ~years.between(first, _latest(last))
    if out.any():
        i = int(out.to_numpy().nonzero()[0][0])
        check_years(
            path,
            [int(years.iloc[i])],
            first,
            last=last,
            where=lambda _: {"line": lines[i], "column": column},
        )
    return years
