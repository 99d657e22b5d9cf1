"""Reader of the Threat and Imposition of Economic Sanctions (TIES) 4.1 case file (.xls)."""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.fields import LICENCES, Column
from toolkit.files import regular_file
from toolkit.sources._checks import (
    detected_format,
    read_csv_table,
    refuse_misnamed,
)
from toolkit.sources._declare import Hostile, ReaderDataset, Source
from toolkit.sources._formulas import refuse_uncached_formulas

SHEET = "TIESv4.1.raw"
#: Columns the reader needs (the file has 66).
REQUIRED = (
    "caseid",
    "startyear",
    "startmonth",
    "startday",
    "endyear",
    "endmonth",
    "endday",
    "ongoingasofyear",
    "ongoingasofmonth",
    "ongoingasofday",
    "sender1",
    "primarysender",
    "targetstate",
    "imposition",
    "sancimpositionstartyear",
    "sanctiontype",
    "finaloutcome",
)
SENDER_COLUMNS = ("sender1", "sender2", "sender3", "sender4", "sender5", "primarysender")
#: Correlates of War state codes named in PROVENANCE: 2 = USA, 365 = Russia (USSR before 1992).
COW_USA = 2
COW_RUSSIA = 365
TIES_CITATION = (
    "Morgan, Bapat and Kobayashi (2014), Threat and Imposition of Economic Sanctions 1945-2005: "
    "Updating the TIES dataset, Conflict Management and Peace Science; TIES 4.1"
)

SOURCE = Source(
    key="ties",
    title="Threat and Imposition of Economic Sanctions (TIES) 4.1 case file",
    publisher="TIES project (Morgan, Bapat and Kobayashi)",
    licence=LICENCES["ties"],
    format="legacy Excel workbook (.xls, sheet TIESv4.1.raw; .xlsx with the same columns)",
    reader="toolkit.sources.ties:read_ties",
    files=("TIESv4-1.xls",),
    url_note="the official file is distributed by the TIES project; fetch from a mirror with --base-url",
    shared=("ties-v4.1/TIESv4-1.xls",),
    dataset=ReaderDataset(
        theme="easing",
        vintage="cases 1945-2005 (version 4.1)",
        as_of="2005",  # version 4.1 covers cases to 2005
        cadence="one-off",
        citation=TIES_CITATION,
        description="load('ties', path=...): one row per case, threats included.",
        columns=(
            Column("case_id", "int"),
            Column("start_date", "date"),
            Column("end_date", "date"),
            Column("status", "str", description="ended / ongoing / unknown"),
            Column("duration_years", "float", "years"),
            Column("primary_sender", "int", description="COW code (2 = USA)"),
            Column("target_state", "int", description="COW code (365 = Russia)"),
        ),
        usage_warnings=(
            "286 cases give neither an end nor an ongoing-as-of date: their duration is NaN.",
            "TIES cases include threats that were never imposed (imposed = False).",
            "Two cases carry 31 June; their dates fall back to year precision.",
        ),
    ),
    hostile=(Hostile("workbook", "TIESv4-1.xls", samples=("ties-v4.1/TIESv4-1.xls",)),),
)

_YEAR = re.compile(r"^\s*(\d{4})\b")


def _number(path, raw, column, *, required=False, allowed=None):
    """Return a nullable Int64 column; text that is not a whole number is an error."""
    import pandas as pd

    text = raw[column].astype(str).str.strip()
    blank = text.isin(["", "nan", "None"])
    values = pd.to_numeric(text.where(~blank), errors="coerce")
    bad = (~blank & (values.isna() | (values != values.round()))) | (blank & required)
    if allowed is not None:
        bad |= values.notna() & ~values.between(*allowed)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        expected = "a whole number" if allowed is None else f"a whole number in {allowed}"
        if column in SENDER_COLUMNS:
            expected = "a Correlates of War state code (a whole number, e.g. 2 = USA)"
        raise DataFormatError(
            path,
            f"expected {expected}, found {raw[column].iloc[i]!r}"
            + (" (unknown sender format)" if column in SENDER_COLUMNS else ""),
            row=i + 2,
            column=column,
        )
    return values.astype("Int64")


def _refuse_error_cells(path, book, sheet: str) -> None:
    """Raise at the first Excel error cell (#N/A, #REF!...) of a legacy .xls sheet.

    pandas reads them as missing values: an ended case would become "unknown" and a sender
    would vanish without a word.
    """
    engine = getattr(book, "engine", None)
    if engine == "openpyxl":
        ws = book.book[sheet]
        header = None
        for r, row in enumerate(ws.iter_rows(), start=1):
            if header is None:
                header = [str(c.value).strip() if c.value is not None else "" for c in row]
            for c, cell in enumerate(row):
                if cell.data_type == "e":
                    raise DataFormatError(
                        path,
                        f"Excel error cell {cell.value} (a broken formula or lookup): the value "
                        "is unknown, not missing; expected the TIES 4.1 values",
                        row=r,
                        column=header[c] if c < len(header) else c + 1,
                    )
        return
    if engine != "xlrd":
        return
    import xlrd

    ws = book.book.sheet_by_name(sheet)
    header = [str(v).strip() for v in ws.row_values(0)] if ws.nrows else []
    for c in range(ws.ncols):
        types = ws.col_types(c)
        if xlrd.XL_CELL_ERROR in types:
            r = types.index(xlrd.XL_CELL_ERROR)
            code = xlrd.error_text_from_code.get(ws.cell_value(r, c), "an error")
            raise DataFormatError(
                path,
                f"Excel error cell {code} (a broken formula or lookup): the value is unknown, "
                "not missing; expected the TIES 4.1 values",
                row=r + 1,
                column=header[c] if c < len(header) else c + 1,
            )


def _dates(path, raw, prefix):
    """Return (year, date, precision) for one of the start/end/ongoingasof triples."""
    import pandas as pd

    year = _number(path, raw, f"{prefix}year", required=prefix == "start")
    month = _number(path, raw, f"{prefix}month", allowed=(1, 12))
    day = _number(path, raw, f"{prefix}day", allowed=(1, 31))
    full = year.notna() & month.notna() & day.notna()
    date = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if full.any():
        # Impossible calendar days in the official file (e.g. 31 June) fall back to year precision.
        date[full] = pd.to_datetime(
            {"year": year[full], "month": month[full], "day": day[full]}, errors="coerce"
        )
    precision = pd.Series("year", index=raw.index).where(year.notna(), None)
    precision[date.notna()] = "day"
    return year, date, precision


def read_ties(path, *, sheet: str = SHEET):
    """Read the TIES 4.1 case file into one row per case, with durations and censoring.

    Parameters
    ----------
    path : str or path-like
        ``TIESv4-1.xls`` as downloaded (also ``.xlsx`` or ``.csv`` with the same columns).
    sheet : str
        Worksheet holding the cases.

    Returns
    -------
    pandas.DataFrame
        ``case_id, start_year, start_date, end_year, end_date, ongoing_as_of_year,
        ongoing_as_of_date, status`` (``ended``, ``ongoing`` or ``unknown`` when the
        file gives neither an end nor an ``ongoingasof`` date), ``ongoing``
        (nullable bool), ``duration_years`` (start to end or to the
        ongoing-as-of date; days / 365.25 when both dates are day-level, else the
        difference of the years), ``date_precision``, ``primary_sender``,
        ``senders`` (;-joined COW codes), ``target_state`` (COW code),
        ``sender_us``, ``target_russia``, ``imposed``, ``imposition_year``,
        ``imposition_note`` (free text the file holds in the year cell),
        ``sanction_type_codes``, ``final_outcome``.

    Raises
    ------
    DataFormatError
        Missing sheet or columns, a sender that is not a COW code, a month or
        day out of range, an end before the start, a case both ended and
        ongoing; the message names the file, row and column.
    """
    import pandas as pd

    path = Path(path)
    expected = "the TIES 4.1 case file (.xls)"
    regular_file(path, expected)
    if path.suffix.lower() != ".csv":
        with open(path, "rb") as fh:
            what = detected_format(fh.read(512))
        if what not in ("a legacy .xls workbook (OLE2)", "an .xlsx workbook (a zip archive)"):
            kind = what or "text or unknown bytes"
            raise DataFormatError(path, f"is {kind}, named {path.suffix}; expected {expected}")
        refuse_misnamed(path, what, expected)
        if what.startswith("an .xlsx"):
            refuse_uncached_formulas(path, expected)
    try:
        if path.suffix.lower() == ".csv":
            # a spreadsheet program ends every row, the last one too, with a line end: a
            # copy without it was cut, maybe inside its last field
            raw, _ = read_csv_table(path, "the TIES 4.1 case file as CSV", final_line_end=True)
        else:
            book = pd.ExcelFile(path)
            if sheet not in book.sheet_names:
                raise DataFormatError(
                    path, f"no sheet {sheet!r}; the workbook has {book.sheet_names}"
                )
            _refuse_error_cells(path, book, sheet)
            # no default NA strings: a cell reading "n/a" or "NULL" is text, not a missing value
            raw = book.parse(sheet, dtype=object, keep_default_na=False, na_values=[])
    except DataFormatError:
        raise
    except Exception as exc:  # xlrd/openpyxl raise many types on a damaged workbook
        raise DataFormatError(path, f"not a readable TIES workbook: {exc}") from None
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise DataFormatError(
            path, f"missing column(s) {missing}; expected the TIES 4.1 layout", column=missing[0]
        )

    case_id = _number(path, raw, "caseid", required=True)
    start_year, start_date, start_prec = _dates(path, raw, "start")
    end_year, end_date, end_prec = _dates(path, raw, "end")
    asof_year, asof_date, asof_prec = _dates(path, raw, "ongoingasof")
    both = end_year.notna() & asof_year.notna()
    if both.any():
        i = int(both.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path,
            "the case has both an end date and an ongoing-as-of date; expected one of them",
            row=i + 2,
            column="ongoingasofyear",
        )
    stop_year = end_year.fillna(asof_year)
    stop_date = end_date.fillna(asof_date)
    early = (stop_year < start_year).fillna(False) | (stop_date < start_date).fillna(False)
    if early.any():
        i = int(early.to_numpy().nonzero()[0][0])
        column = "endyear" if end_year.notna().iloc[i] else "ongoingasofyear"
        raise DataFormatError(
            path,
            f"end ({stop_year.iloc[i]}) is before the start ({start_year.iloc[i]}); "
            "expected end >= start",
            row=i + 2,
            column=column,
        )

    days = (stop_date - start_date).dt.days
    years = (stop_year - start_year).astype("Float64")
    duration = (days / 365.25).astype("Float64").fillna(years)
    precision = pd.Series("year", index=raw.index).where(stop_year.notna(), None)
    precision[days.notna()] = "day"

    # sender2..sender5 are optional (empty when a case has one sender).
    senders = {c: _number(path, raw, c) for c in SENDER_COLUMNS if c in raw.columns}
    target = _number(path, raw, "targetstate", required=True)
    imposition = _number(path, raw, "imposition", required=True, allowed=(0, 1))
    # A few year cells carry a note ("1949, sometime before this date."): keep the year and the note.
    imp_text = raw["sancimpositionstartyear"].astype(str).str.strip().replace("nan", "")
    imp_year = pd.to_numeric(imp_text.str.extract(_YEAR, expand=False), errors="coerce")
    imp_note = imp_text.where(~imp_text.str.fullmatch(r"(\d{4}(\.0)?)?"), None)

    status = pd.Series("unknown", index=raw.index)
    status[end_year.notna()] = "ended"
    status[asof_year.notna()] = "ongoing"
    ongoing = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    ongoing[status == "ended"] = False
    ongoing[status == "ongoing"] = True

    def codes(row):
        return ";".join(str(int(v)) for v in row if pd.notna(v))

    cases = pd.DataFrame(
        {
            "case_id": case_id,
            "start_year": start_year,
            "start_date": start_date,
            "end_year": end_year,
            "end_date": end_date,
            "ongoing_as_of_year": asof_year,
            "ongoing_as_of_date": asof_date,
            "status": status,
            "ongoing": ongoing,
            "duration_years": duration,
            "date_precision": precision,
            "primary_sender": senders["primarysender"],
            "senders": pd.DataFrame(
                {c: senders[c] for c in SENDER_COLUMNS[:5] if c in senders}
            ).apply(codes, axis=1),
            "target_state": target,
            "sender_us": (senders["primarysender"] == COW_USA).fillna(False).astype(bool),
            "target_russia": target == COW_RUSSIA,
            "imposed": imposition == 1,
            "imposition_year": imp_year.astype("Int64"),
            "imposition_note": imp_note,
            "sanction_type_codes": raw["sanctiontype"]
            .astype(str)
            .replace("nan", "")
            .str.replace(r"\.0$", "", regex=True)
            .str.split()
            .str.join(";")
            .replace("", None),
            "final_outcome": _number(path, raw, "finaloutcome"),
        }
    )
    cases.attrs["source"] = SOURCE.provenance(source=str(path), vintage=SOURCE.dataset.vintage)
    return cases
