"""Checks shared by the readers: opening a workbook, a header's required columns."""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.files import MAX_LINE_BYTES, check_text, read_limited, regular_file
from toolkit.sources._formulas import WORKBOOK_ERRORS, refuse_uncached_formulas


def open_workbook(path: Path, expected: str):
    """Open an ``.xlsx`` workbook read-only, or raise a ``DataFormatError`` naming the file.

    Parameters
    ----------
    path : pathlib.Path
    expected : str
        What the file should be, for the message (e.g. ``"the Census country.xlsx workbook"``).
    """
    import openpyxl

    path = Path(path)
    sniff_workbook(path, expected)
    refuse_uncached_formulas(path, expected)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except DataFormatError:
        raise
    except (*WORKBOOK_ERRORS, TypeError) as exc:
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


def line_of_offset(text, offset: int) -> int:
    """Return the 1-based line of ``offset`` in ``text`` (str or bytes), counting any line end."""
    nl = b"\n" if isinstance(text, bytes) else "\n"
    cr = b"\r" if isinstance(text, bytes) else "\r"
    crlf = cr + nl
    head = text[:offset]
    return head.count(nl) + head.count(cr) - head.count(crlf) + 1


#: The first bytes of the file formats the readers meet, for naming a file saved under the
#: wrong extension: (magic, what it is).
_MAGIC = (
    (b"PK\x03\x04", "an .xlsx workbook (a zip archive)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy .xls workbook (OLE2)"),
    (b"PAR1", "a Parquet file"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
)


def detected_format(head: bytes) -> str | None:
    """Return what the first bytes of a file say it is, or None for text or unknown bytes."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    return None


def sniff_workbook(path: Path, expected: str) -> None:
    """Raise unless ``path`` is a regular file whose bytes are an .xlsx workbook (zip).

    The format is taken from the bytes, not the extension: a CSV, an HTML page or a legacy
    .xls saved as ``.xlsx`` (or the reverse) is named as what it is.
    """
    regular_file(path, expected)
    with open(path, "rb") as fh:
        head = fh.read(512)
    what = detected_format(head)
    if what is None and head:
        what = "text (a CSV or other text file?)" if b"\x00" not in head else "not a workbook"
    if not head:
        raise DataFormatError(path, f"is empty; expected {expected}")
    if what != XLSX:
        raise DataFormatError(
            path, f"is {what}, named {path.suffix or '(no extension)'}; expected {expected}"
        )
    refuse_misnamed(path, what, expected)


#: What the bytes of an .xlsx workbook are, as :func:`detected_format` says.
XLSX = "an .xlsx workbook (a zip archive)"
XLS = "a legacy .xls workbook (OLE2)"

#: Extensions that name another format than the bytes hold, and that format.
_SUFFIX_FORMATS = {
    ".xls": XLS,
    ".xlsx": XLSX,
    ".xlsm": XLSX,
    ".csv": "a CSV text file",
    ".txt": "a text file",
    ".tsv": "a tab-separated text file",
    ".ods": "an OpenDocument spreadsheet",
    ".parquet": "a Parquet file",
    ".xml": "an XML file",
}


def refuse_misnamed(path: Path, what: str, expected: str) -> None:
    """Raise when ``path``'s extension names another format than its bytes (``what``).

    The bytes decide how a file is read; a workbook saved under another format's extension
    (an .xlsx named .xls or .csv) is named as both, rather than read by guess or handed to
    a library that refuses it by its name.
    """
    named = _SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if named is not None and named != what:
        raise DataFormatError(
            path,
            f"is {what} but named {Path(path).suffix} ({named}): rename it to the extension "
            f"of its format; expected {expected}",
        )


def read_bytes(
    path: Path, expected: str, *, text: bool = True, max_line: int | None = MAX_LINE_BYTES
) -> bytes:
    """Return a file's bytes through :func:`toolkit.files.read_limited`.

    A missing file, a folder, a pipe or device, a link loop, no permission, a file over the
    size bound or a text file with a hole of NUL bytes is a ``DataFormatError`` naming it;
    so is a text file whose bytes are a workbook or another binary format, and one with
    a line longer than ``max_line`` bytes (None: no bound, for XML written on one line).
    """
    raw = read_limited(path, expected, text=False)
    if not text:
        return raw
    what = detected_format(raw[:512])
    if what and "HTML" not in what:
        raise DataFormatError(
            path, f"is {what}, not a CSV (named {Path(path).name}); expected {expected}", line=1
        )
    check_text(path, raw, expected, max_line=max_line)
    return raw


#: Control characters no field of the text formats holds (tab, CR and LF are line structure).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def refuse_control(path, text: str, expected: str) -> None:
    """Raise at the first NUL or other control character in ``text`` (never read altered)."""
    m = _CONTROL.search(text)
    if m:
        raise DataFormatError(
            path,
            f"control character U+{ord(m.group()):04X} inside the data (a damaged file?); "
            f"expected {expected}",
            line=line_of_offset(text, m.start()),
        )


def decode_utf8(path: Path, raw: bytes, expected: str) -> str:
    """Decode UTF-8 text (a byte-order mark is dropped), naming the line of the first bad byte.

    A UTF-16 file (its byte-order mark, or NUL bytes) is named as such rather than read as
    garbled text.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        at = max(raw.find(b"\x00"), 0)
        raise DataFormatError(
            path,
            f"looks UTF-16 encoded (NUL bytes); expected {expected} in UTF-8",
            line=line_of_offset(raw, at),
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFormatError(
            path,
            f"byte 0x{raw[exc.start]:02x} is not UTF-8 (saved as Latin-1 or Windows-1252?); "
            f"expected {expected} in UTF-8",
            line=line_of_offset(raw, exc.start),
        ) from None


def _records(path: Path, text: str, expected: str):
    """Return the non-blank records of ``text`` and the line each starts on."""
    import csv
    import io

    csv.field_size_limit(2**31 - 1)  # a long remark is data, not an error
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, lines = [], []
    start = 1
    try:
        for row in reader:
            if row and not (len(row) == 1 and not row[0].strip()):
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            problem = "unterminated quote: a quoted field never closes (truncated file?)"
        else:
            problem = f"malformed CSV record ({exc})"
        raise DataFormatError(path, f"{problem}; expected {expected}", line=start) from None
    return rows, lines


def _unique_header(path: Path, header: list[str], line: int) -> None:
    """Raise at a column named twice (letter case and spaces aside: which one would count?)."""
    seen = {}
    for name in header:
        key = name.casefold()
        if key in seen:
            same = "" if seen[key] == name else f" (as {seen[key]!r} before)"
            raise DataFormatError(
                path,
                f"column {name!r} appears twice in the header{same}: which one counts?",
                line=line,
                column=name,
            )
        seen[key] = name


def read_csv_table(
    path,
    expected: str,
    *,
    columns=(),
    final_line_end: bool = False,
    raw: bytes | None = None,
):
    """Read a UTF-8 CSV with a header row, checking every record before anything is returned.

    Unlike ``pandas.read_csv``, a record with too few fields is an error (pandas pads it
    with empty cells, which hides a truncated last row), as are a duplicated header name,
    a quote that never closes and, with ``final_line_end``, a last record without its line
    end (a cut inside an unquoted last field leaves a record that looks whole). CRLF, LF
    and CR line ends, mixed, read the same; a UTF-8 byte-order mark is dropped; blank
    lines are skipped.

    Parameters
    ----------
    path : str or path-like
    expected : str
        What the file should be, for the messages (e.g. ``"an OpenSanctions targets.simple.csv"``).
    columns : sequence of str
        Columns the header must have (others are kept; order does not matter).
    final_line_end : bool
        The publisher ends every record, the last one too, with a line end: a file that
        does not is taken as truncated.
    raw : bytes, optional
        The file's content, if already read.

    Returns
    -------
    frame : pandas.DataFrame
        Every cell a ``str``, columns as in the header.
    lines : list of int
        The 1-based line each row starts on (rows may span lines).

    Raises
    ------
    DataFormatError
        Naming the file, the line and, for the header, the column.
    """
    import pandas as pd

    path = Path(path)
    if raw is None:
        raw = read_bytes(path, expected)
    text = decode_utf8(path, raw, expected)
    if not text.strip():
        raise DataFormatError(path, f"empty file; expected {expected} with a header row", line=1)
    rows, lines = _records(path, text, expected)
    if not rows:
        raise DataFormatError(path, f"empty file; expected {expected} with a header row", line=1)
    header = [h.strip() for h in rows[0]]
    _unique_header(path, header, lines[0])
    require_header(path, header, columns)
    refuse_control(path, text, expected)  # after the header: a wrong file is named as such
    n = len(header)
    for row, line in zip(rows[1:], lines[1:], strict=True):
        if len(row) != n:
            raise DataFormatError(
                path,
                f"record has {len(row)} fields; expected {n} as in the header "
                "(a truncated or shifted record?)",
                line=line,
            )
    if final_line_end and len(rows) > 1 and not text.endswith(("\n", "\r")):
        raise DataFormatError(
            path,
            f"the last record has no line end: the file looks truncated ({expected} ends "
            "every record, the last one too, with a line end)",
            line=lines[-1],
        )
    frame = pd.DataFrame(rows[1:], columns=header, dtype=object)
    if not len(frame):
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in header})
    return frame, lines[1:]
