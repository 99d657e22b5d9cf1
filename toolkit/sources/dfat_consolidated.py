"""Reader of Australia's DFAT Consolidated List workbook (``regulation8_consolidated.xlsx``).

The workbook has one row per name: each entity's primary name and every alias are rows,
linked by the reference (``2`` and its aliases ``2a``, ``2b`` ...). The regime is the
``Committees`` cell; ``Control Date`` is an Excel date (the latest listing or amendment);
the original listing date is only in the free text of ``Listing Information``, from which
dates are parsed when, and only when, they cannot be misread (see :func:`listing_dates`).
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.fields import LICENCES, Column
from toolkit.sources._checks import WORKBOOK_ERRORS, open_workbook, require_header
from toolkit.sources._declare import ReaderDataset, Source

__all__ = ["COLUMNS", "HEADER", "LIST", "SOURCE", "listing_dates", "read_dfat_consolidated"]

#: The ``list`` value of every row (the source key).
LIST = "dfat_consolidated"
#: The workbook's header (row 1), in order; about 250 empty columns follow it.
HEADER = (
    "Reference",
    "Name of Individual or Entity",
    "Type",
    "Name Type",
    "Date of Birth",
    "Place of Birth",
    "Citizenship",
    "Address",
    "Additional Information",
    "Listing Information",
    "Committees",
    "Control Date",
)
#: ``Name Type`` as written (compared without case and surrounding space) -> ``name_type``.
NAME_TYPES = {
    "primary name": "primary",
    "aka": "alias",
    "original script": "original script",
    "formerly known as": "formerly known as",
    "previously listed as": "previously listed as",
}
KINDS = {"individual": "individual", "entity": "entity"}
#: Columns of :func:`read_dfat_consolidated`, in order.
COLUMNS = (
    "list",
    "entity_id",
    "reference",
    "kind",
    "name",
    "name_type",
    "primary_name",
    "regime",
    "date_of_birth",
    "place_of_birth",
    "citizenship",
    "listing_information",
    "listed_on",
    "listing_dates",
    "control_date",
    "row",
)
# hostile cases: tests/sources/test_dfat_consolidated.py (its own workbooks and checks)
SOURCE = Source(
    key="dfat_consolidated",
    title="Australia DFAT Consolidated List (regulation8_consolidated.xlsx)",
    publisher="Australian Government, Department of Foreign Affairs and Trade (DFAT)",
    licence=LICENCES["dfat"],
    format="xlsx workbook (one sheet, a row per name: primary names and aliases)",
    reader="toolkit.sources.dfat_consolidated:read_dfat_consolidated",
    url="https://www.dfat.gov.au/sites/default/files/",
    files=("regulation8_consolidated.xlsx",),
    url_note="linked from dfat.gov.au/international-relations/security/sanctions/"
    "consolidated-list; PROVENANCE.md (dfat-consolidated)",
    shared=("dfat-consolidated/2024-11-11/regulation8_consolidated.xlsx",),
    dataset=ReaderDataset(
        theme="sanctions",
        vintage="as downloaded (control dates up to the workbook's date)",
        cadence="irregular",
        citation="Australian Government DFAT, Consolidated List "
        "(regulation8_consolidated.xlsx), downloaded DATE",
        description="load('dfat_consolidated', path=<regulation8_consolidated.xlsx>): one row "
        "per name (primary names and aliases), linked by entity_id.",
        columns=(
            Column("entity_id", "str", description="the reference's number (2 for 2, 2a, 2b)"),
            Column("reference", "str", description="the Reference cell as written"),
            Column("kind", "str", description="individual or entity"),
            Column("name", "str"),
            Column("name_type", "str", description="primary, alias, original script, ..."),
            Column("regime", "str", description="Committees (Autonomous (Russia) ...)"),
            Column("listed_on", "date", description="stated in Listing Information; NaT if not"),
            Column("listing_dates", "list", description="dates read from Listing Information"),
            Column("control_date", "date", description="Control Date: latest listing/amendment"),
        ),
        usage_warnings=(
            "Most Russia listings state only their instrument: the control date is then the "
            "only date (the latest listing or amendment, not necessarily the first).",
        ),
    ),
)


@functools.cache
def _named_dates():
    """Return (pattern of ``25 January 2001``-like dates, month-name parser info).

    The month names and abbreviations are python-dateutil's (``Jan``/``January``,
    ``Sep``/``Sept``/``September``, ...), matched in any letter case.
    """
    from dateutil.parser import parserinfo

    info = parserinfo()
    names = sorted((n for names in info.MONTHS for n in names), key=len, reverse=True)
    # ``25 January 2001``, ``9 Feb. 2011``, ``21 Sep 2007``, ``4 June. 2008``,
    # ``16 Jul.2020``, ``on3 Sep 2003``
    pattern = re.compile(
        rf"(?<!\d)(\d{{1,2}})\s*({'|'.join(names)})\b\.?,?\s*(\d{{4}})(?!\d)", re.IGNORECASE
    )
    return pattern, info


#: ``16/09/2022``: read only when the first number is above 12 (it can only be a day).
_NUMERIC = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
#: Words that make the first date of the text the listing date ...
_LISTED = re.compile(r"(?<!re)(?:listed|designated(?!\s+persons))", re.IGNORECASE)
#: ... unless one of these comes first (the date is then an amendment or a re-listing).
_NOT_LISTED = re.compile(r"amend|re-?listed|last\s+listed|delisted|revoked", re.IGNORECASE)
#: ``2`` (a primary name); ``2a``, ``34c1`` (its other names).
#: What openpyxl raises on a damaged archive; zipfile also raises NotImplementedError for a
#: compression method byte that the damage changed.
_DAMAGE = (*WORKBOOK_ERRORS, TypeError, NotImplementedError)
_REFERENCE = re.compile(r"(\d+)((?:[a-z]+\d*)?)", re.IGNORECASE)


def listing_dates(text: str) -> tuple[list[date], date | None]:
    """Parse the dates of a ``Listing Information`` text that cannot be misread.

    Read: a day, a month name or abbreviation (with or without a full stop) and a
    four-digit year (``25 January 2001``, ``9 Feb. 2011``, ``21 Sep 2007``); and
    ``day/month/year`` when the first number is above 12 (``16/09/2022``). Not read:
    ``5/02/2022`` (day-month or month-day?), a month and year without a day (``Nov.
    2022``), a year alone (``Instrument 2022``).

    Parameters
    ----------
    text : str

    Returns
    -------
    dates : list of datetime.date
        Every date read, in the order of the text (listing, amendments, re-listings).
    listed_on : datetime.date or None
        The text's first date when a listing word comes before it (``Listed on: 9 Feb.
        2011``, ``Listed by UN (1267 Committee) on 25 January 2001``, ``Designated ...
        on 2 March 2012``) and no amendment or re-listing word does; None otherwise
        (a text with only the instrument's title; ``Resolution 1596 (2005), amended 16
        December 2008``; ``Last listed on: 16/09/2022``; ``22 Apr. 2010 (amended ...)``,
        which states no listing).

    Raises
    ------
    ValueError
        A date of a form read above that does not exist (``31 Sep. 2010``).
    """
    found = []
    named, months = _named_dates()
    for m in named.finditer(text):
        found.append((m.start(), m.group(0), int(m[3]), months.month(m[2]), int(m[1])))
    for m in _NUMERIC.finditer(text):
        day, month = int(m[1]), int(m[2])
        if day > 12 and month <= 12:
            found.append((m.start(), m.group(0), int(m[3]), month, day))
    found.sort()
    dates, listed_on = [], None
    for _, raw, year, month, day in found:
        try:
            value = date(year, month, day)
        except ValueError:
            raise ValueError(f"{raw!r} is not a date") from None
        dates.append(value)
    if found:
        before = text[: found[0][0]]
        if _LISTED.search(before) and not _NOT_LISTED.search(before):
            listed_on = dates[0]
    return dates, listed_on


def _sheet(path: Path):
    """Return (workbook, sheet, header): the one sheet whose first row has :data:`HEADER`."""
    if path.is_dir():  # openpyxl raises its own InvalidFileException on a folder
        raise DataFormatError(path, "is a folder; expected the DFAT Consolidated List workbook")
    try:
        wb = open_workbook(path, "the DFAT Consolidated List workbook")
    except NotImplementedError as exc:
        raise DataFormatError(path, f"not a readable .xlsx workbook: {exc}") from None
    try:
        for ws in wb.worksheets:
            first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
            header = [str(v).strip() if v is not None else "" for v in first]
            # one sheet: its header is checked column by column next
            if "Reference" in header or len(wb.worksheets) == 1:
                return wb, ws, header
    except _DAMAGE as exc:
        wb.close()
        raise DataFormatError(
            path, f"not a readable .xlsx workbook: {type(exc).__name__}: {exc}"
        ) from None
    sheets = ", ".join(wb.sheetnames)
    wb.close()
    raise DataFormatError(
        path,
        f"no sheet has the DFAT header (Reference, Name of Individual or Entity, ...) in "
        "row 1; "
        f"sheets found: {sheets}",
        row=1,
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _cell_text(path, value, row, column) -> str:
    """Text of a free-text cell: a string, a number, an Excel date (ISO), or empty."""
    if isinstance(value, (bool, int, float, str, datetime)) or value is None:
        return _text(value)
    raise DataFormatError(path, f"unexpected cell value {value!r}", row=row, column=column)


def _row(path, cells: dict, r: int) -> dict:
    """One name row, checked; ``cells`` maps header -> value."""
    ref = _text(cells["Reference"])
    if isinstance(cells["Reference"], float) and cells["Reference"].is_integer():
        ref = str(int(cells["Reference"]))
    m = _REFERENCE.fullmatch(ref)
    if m is None:
        raise DataFormatError(
            path,
            f"reference {ref!r} is not a number with an optional suffix (2, 2a, 34c1)",
            row=r,
            column="Reference",
        )
    name = _text(cells["Name of Individual or Entity"])
    if not name:
        raise DataFormatError(path, "empty name", row=r, column="Name of Individual or Entity")
    name_type = NAME_TYPES.get(" ".join(_text(cells["Name Type"]).split()).lower())
    if name_type is None:
        raise DataFormatError(
            path,
            f"unknown Name Type {cells['Name Type']!r}; expected one of {', '.join(NAME_TYPES)}",
            row=r,
            column="Name Type",
        )
    if (name_type == "primary") != (m[2] == ""):
        raise DataFormatError(
            path,
            f"reference {ref!r} with Name Type {cells['Name Type']!r}: primary names "
            "have a plain number, other names a letter suffix",
            row=r,
            column="Reference",
        )
    kind = KINDS.get(_text(cells["Type"]).lower())
    if kind is None:
        raise DataFormatError(
            path,
            f"unknown Type {cells['Type']!r}; expected Individual or Entity",
            row=r,
            column="Type",
        )
    control = cells["Control Date"]
    if not isinstance(control, datetime):
        raise DataFormatError(
            path, f"{control!r} is not an Excel date", row=r, column="Control Date"
        )
    listing = cells["Listing Information"]
    if isinstance(listing, datetime):  # a few cells hold the listing date itself
        dates, listed_on = [listing.date()], listing.date()
    else:
        listing = _cell_text(path, listing, r, "Listing Information")
        try:
            dates, listed_on = listing_dates(listing)
        except ValueError as exc:
            raise DataFormatError(path, str(exc), row=r, column="Listing Information") from None
    return {
        "list": LIST,
        "entity_id": m[1],
        "reference": ref,
        "kind": kind,
        "name": name,
        "name_type": name_type,
        "regime": _text(cells["Committees"]),
        "date_of_birth": _cell_text(path, cells["Date of Birth"], r, "Date of Birth"),
        "place_of_birth": _cell_text(path, cells["Place of Birth"], r, "Place of Birth"),
        "citizenship": _cell_text(path, cells["Citizenship"], r, "Citizenship"),
        "listing_information": _text(listing),
        "listed_on": listed_on,
        "listing_dates": dates,
        "control_date": control,
        "row": r,
    }


def _rows(path, ws, header):
    index = {name: i for i, name in enumerate(header) if name}
    width = max(index[c] for c in HEADER) + 1
    out = []
    try:
        for r, values in enumerate(
            ws.iter_rows(min_row=2, max_col=width, values_only=True), start=2
        ):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            values = tuple(values) + (None,) * (width - len(values))
            out.append(_row(path, {c: values[index[c]] for c in HEADER}, r))
    except DataFormatError:
        raise
    except _DAMAGE as exc:
        raise DataFormatError(
            path, f"workbook damaged while reading rows: {type(exc).__name__}: {exc}"
        ) from None
    return out


def _link(path, rows) -> None:
    """Give every row its entity's primary name; an alias without its primary is an error."""
    primary = {}
    for row in rows:
        if row["name_type"] == "primary":
            if row["entity_id"] in primary:
                raise DataFormatError(
                    path,
                    f"reference {row['reference']} appears twice",
                    row=row["row"],
                    column="Reference",
                )
            primary[row["entity_id"]] = row["name"]
    for row in rows:
        if row["entity_id"] not in primary:
            raise DataFormatError(
                path,
                f"{row['name_type']} {row['reference']!r} has no primary name "
                f"{row['entity_id']!r} in the file (a truncated workbook?)",
                row=row["row"],
                column="Reference",
            )
        row["primary_name"] = primary[row["entity_id"]]


def read_dfat_consolidated(path):
    """Read the DFAT Consolidated List workbook: one row per name (primary names and aliases).

    Parameters
    ----------
    path : str or path-like
        ``regulation8_consolidated.xlsx`` as downloaded; the sheet is the one whose row 1
        has the :data:`HEADER` columns (others may follow; order does not matter).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`. ``entity_id`` is the reference's number (``"2"`` for
        ``2``, ``2a``, ``2b``), ``reference`` the cell as written; ``kind`` is
        ``"individual"`` or ``"entity"`` and ``name_type`` one of ``"primary"``,
        ``"alias"``, ``"original script"``, ``"formerly known as"``, ``"previously listed
        as"`` (``Type`` and ``Name Type`` are compared without case and surrounding space:
        the workbook writes ``"Primary Name "``, ``"primary name"``, ``"Individual "``);
        ``primary_name`` the entity's primary name on every row; ``regime`` the
        ``Committees`` cell (``"Autonomous (Russia)"``); ``listing_information`` the
        original text, ``listing_dates`` the dates read from it and ``listed_on`` the
        listing date it states (NaT when it states none; see :func:`listing_dates`);
        ``control_date`` the Excel date; ``row`` the worksheet row. Free-text cells are
        stripped of surrounding white space only; an Excel date in one is written as ISO
        text. ``df.attrs["source"]`` cites the file.

    Raises
    ------
    DataFormatError
        Naming the file, and the row and column of a cell: not a readable workbook, no
        sheet with the header, a missing column, a reference that is not ``N`` or ``Na``,
        an unknown ``Type`` or ``Name Type``, a ``Control Date`` that is not an Excel date,
        a date in ``Listing Information`` that does not exist, a primary reference given
        twice, an alias whose primary name is not in the file.
    """
    import pandas as pd

    path = Path(path)
    wb, ws, header = _sheet(path)
    try:
        require_header(path, header, HEADER)
        rows = _rows(path, ws, header)
    finally:
        wb.close()
    if not rows:
        raise DataFormatError(path, "no names below the header", row=2)
    _link(path, rows)
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    df["listed_on"] = pd.to_datetime(df["listed_on"])
    df["control_date"] = pd.to_datetime(df["control_date"])
    df["row"] = df["row"].astype("int64")
    latest = df["control_date"].max()
    df.attrs["source"] = SOURCE.provenance(
        source=str(path), vintage=f"control dates up to {latest:%Y-%m-%d}"
    )
    return df
