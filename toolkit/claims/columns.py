"""The claims file's columns, typed and range-checked like params keys.

Each value of a user's claims file, as CSV text or as a YAML scalar, is parsed by its
column's type: text (a YAML integer is accepted as its digits, ``fact_id: 123``), a finite
number (``claimed``, ``tolerance``), an ISO date (``claimed`` of a date relation, an
argument such as ``before``: ``YYYY-MM``, ``YYYY-MM-DD``, or a date and time with ``Z`` or
an offset, normalised to UTC), an integer year within :data:`YEARS`. Anything else -- a
boolean, ``inf``, ``nan``, ``2021.9``, ``24.02.2022``, a list where text belongs -- is a
:class:`~toolkit.errors.DataFormatError` naming the file, the row and the column.
"""

from __future__ import annotations

import math
import re

from toolkit.errors import DataFormatError

__all__ = [
    "DATE_FORMS",
    "YEARS",
    "as_date",
    "as_number",
    "as_text",
    "as_year",
    "iso_date",
]

#: The years a claim or an argument may name.
YEARS = (1900, 2100)
#: The date forms accepted, for the messages.
DATE_FORMS = "YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] with Z or +HH:MM"
_DATE = re.compile(
    r"(?P<ym>\d{4}-\d{2})(?P<d>-\d{2})?"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)


def _yaml_type(value) -> str:
    """Name a YAML value's type for a message (``a YAML boolean``)."""
    names = {bool: "boolean", int: "integer", float: "number", list: "list", dict: "mapping"}
    return f"a YAML {names.get(type(value), type(value).__name__)}"


def as_text(value, path, row, column) -> str:
    """Return a text cell stripped; a YAML integer is taken as its digits.

    Raises
    ------
    DataFormatError
        For a boolean, a float, a list or a mapping where text belongs.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise DataFormatError(
        path, f"expected text, got {_yaml_type(value)} {value!r}", row=row, column=column
    )


def as_number(value, path, row, column) -> float | None:
    """Return a finite number (``None`` for an empty cell).

    Raises
    ------
    DataFormatError
        For a boolean, text that is not a number, ``inf`` or ``nan``.
    """
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise DataFormatError(
            path, f"expected a number, got {_yaml_type(value)} {value!r}", row=row, column=column
        )
    try:
        number = float(value)
    except ValueError:
        raise DataFormatError(path, f"{value!r} is not a number", row=row, column=column) from None
    if not math.isfinite(number):
        raise DataFormatError(path, f"{value!r} is not a finite number", row=row, column=column)
    return number


def as_year(value, path, row, column) -> int:
    """Return an integer year within :data:`YEARS` (``2021`` or ``"2021"``).

    Raises
    ------
    DataFormatError
        For a boolean, a fraction (``2021.9``), text that is not an integer, a year outside
        :data:`YEARS`.
    """
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, bool) or not isinstance(text, int | str):
        raise DataFormatError(
            path, f"expected a year, got {_yaml_type(value)} {value!r}", row=row, column=column
        )
    if isinstance(text, str) and not re.fullmatch(r"[+-]?\d{1,9}", text):
        raise DataFormatError(path, f"{value!r} is not an integer year", row=row, column=column)
    year = int(text)
    if not YEARS[0] <= year <= YEARS[1]:
        raise DataFormatError(
            path,
            f"year {year} is outside {YEARS[0]}-{YEARS[1]}",
            row=row,
            column=column,
        )
    return year


def iso_date(text: str) -> str | None:
    """Return ``text`` as a normalised ISO date (offsets to UTC), or None if it is not one.

    ``2022-02`` and ``2022-02-24`` are kept; a date and time is returned as
    ``YYYY-MM-DDTHH:MM:SS`` in UTC (``2022-02-24T10:00+05:00`` -> ``2022-02-24T05:00:00``).
    """
    import pandas as pd

    m = _DATE.fullmatch(str(text).strip())
    if not m:
        return None
    try:
        stamp = pd.Timestamp(m.group("ym") + (m.group("d") or "-01"))
        if m.group("time"):
            stamp = pd.Timestamp(str(text).strip().replace(" ", "T"))
    except ValueError:  # 2022-02-31, 2022-13
        return None
    if not YEARS[0] <= stamp.year <= YEARS[1]:
        return None
    if not m.group("time"):
        return m.group("ym") + (m.group("d") or "")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S")


def as_date(value, path, row, column) -> str:
    """Return a normalised ISO date (see :func:`iso_date`).

    Raises
    ------
    DataFormatError
        For anything else (``24.02.2022``, ``2022/02/24``, ``31 Feb``, a number).
    """
    found = iso_date(value) if isinstance(value, str) else None
    if found is None:
        raise DataFormatError(
            path,
            f"{value!r} is not an ISO date ({DATE_FORMS}, years {YEARS[0]}-{YEARS[1]})",
            row=row,
            column=column,
        )
    return found
