"""OFAC's legacy CSV record format: header-less, ``"``-quoted, ``-0-`` nulls, CP1252, final 0x1A.

The strict parsing of one file, shared by the list readers (:mod:`toolkit.sources._ofac_lists`):
every record must have its fields, every quote must close, a cut file is named as such.
"""

from __future__ import annotations

import gc
import io
import re
from contextlib import contextmanager
from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.files import read_limited
from toolkit.sources._checks import line_of_offset

#: The size bound of one OFAC CSV file (the 2024 sdn.csv is about 4 MB; alt.csv about 2 MB).
_MAX_BYTES = 256 << 20

#: NUL and the other control bytes (tab, CR and LF are line structure; the final 0x1A is dropped).
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: OFAC's null marker, with its trailing space.
NULL = "-0- "


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while a reader allocates its many small objects.

    Parsing one list builds tens of thousands of strings and lists; each batch of 700
    triggers a collection that scans every object of the process, which made one read
    up to twice as slow as another. Nothing read here forms reference cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _line_of_offset(raw: bytes, offset: int) -> int:
    return line_of_offset(raw, offset)


def _refuse_utf8_as_cp1252(path: Path, raw: bytes, encoding: str) -> None:
    """Raise when a file to read as CP1252/Latin-1 is really UTF-8 with multi-byte characters.

    Read as CP1252, text re-saved as UTF-8 would silently garble every accented name.
    """
    if encoding.lower().replace("-", "") not in ("cp1252", "windows1252", "latin1", "iso88591"):
        return
    if raw.isascii():
        return
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    first = next(i for i, b in enumerate(raw) if b > 127)
    raise DataFormatError(
        path,
        f"looks UTF-8 encoded (multi-byte characters); OFAC legacy CSVs are {encoding} "
        "(pass encoding='utf-8' if this file really is UTF-8)",
        line=_line_of_offset(raw, first),
    )


#: A UTF-8 multi-byte character. In a real CP1252 list these byte pairs would be an accented
#: capital followed by a symbol (``Ã©``), which no OFAC file holds (none of the 33 shared
#: snapshots); in a CP1252 file they are a record re-saved as UTF-8.
_UTF8_CHAR = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)

#: A quote with text on both sides: text after a closing quote (``"NAME"JUNK``) or before an
#: opening one. OFAC quotes whole fields and writes no quote inside one.
_QUOTE_INSIDE = re.compile(rb'[^,\r\n]"[^,\r\n]')


def _refuse_utf8_records(path: Path, raw: bytes, encoding: str) -> None:
    """Raise at a UTF-8 character inside a CP1252 file (one record saved as UTF-8).

    Read as CP1252 it would be garbled (``É`` as ``Ã‰``); the whole file cannot be read as
    UTF-8 either (its other records are CP1252), so the record is named, not guessed.
    """
    if encoding.lower().replace("-", "") not in ("cp1252", "windows1252", "latin1", "iso88591"):
        return
    m = _UTF8_CHAR.search(raw)
    if m:
        char = m.group().decode("utf-8")
        garbled = m.group().decode(encoding, errors="replace")
        raise DataFormatError(
            path,
            f"bytes {m.group().hex(' ')} are the UTF-8 character {char!r} inside a {encoding} "
            f"file (a record saved as UTF-8?): read as {encoding} it would be {garbled!r}; "
            "re-save the file in one encoding",
            line=_line_of_offset(raw, m.start()),
        )


def _refuse_text_beside_quotes(path: Path, raw: bytes) -> None:
    """Raise at a quote with text on both sides (``"NAME"JUNK`` would read ``NAMEJUNK``)."""
    m = _QUOTE_INSIDE.search(raw)
    if m:
        raise DataFormatError(
            path,
            f"text beside a quote ({m.group().decode('latin-1')!r}): a quoted field must "
            "start after a comma and end before one (OFAC writes no quote inside a field)",
            line=_line_of_offset(raw, m.start()),
        )


def _raw_bytes(path: Path, encoding: str) -> tuple[bytes, str]:
    """Return the file's bytes without the final Ctrl-Z, and their encoding, after cheap checks.

    A UTF-8 byte-order mark says the file was re-saved as UTF-8: it is dropped and the
    text is read as UTF-8 (names then read as in the original CP1252 file).
    """
    raw = read_limited(path, "an OFAC CSV file", limit=_MAX_BYTES)
    # Treasury ends each file with one 0x1A (DOS end-of-file) byte; some copies lack it.
    raw = raw.rstrip(b"\x1a")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw, encoding = raw[3:], "utf-8"
    if not raw.strip():
        raise DataFormatError(path, "file is empty; expected OFAC legacy CSV records", line=1)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        line = _line_of_offset(raw, max(raw.find(b"\x00"), 0))
        raise DataFormatError(
            path, f"looks UTF-16 encoded (NUL bytes); OFAC legacy CSVs are {encoding}", line=line
        )
    control = _CONTROL_BYTES.search(raw)
    if control:
        raise DataFormatError(
            path,
            f"control byte 0x{control.group()[0]:02x} inside a record (a damaged file: the "
            "field would be read altered); OFAC legacy CSVs hold none",
            line=_line_of_offset(raw, control.start()),
        )
    _refuse_utf8_as_cp1252(path, raw, encoding)
    if not raw.isascii():
        _refuse_utf8_records(path, raw, encoding)
    try:
        if not raw.isascii():  # ASCII is valid in every encoding OFAC uses: skip the decode
            raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DataFormatError(
            path,
            f"byte 0x{raw[exc.start]:02x} is not valid {encoding}",
            line=_line_of_offset(raw, exc.start),
        ) from None
    except LookupError:
        raise DataFormatError(path, f"unknown encoding {encoding!r}") from None
    return raw, encoding


def _record_lines(raw: bytes, encoding: str) -> list[int]:
    """Return the 1-based starting line of every record (slow path, only to place an error)."""
    import csv

    text = raw.decode(encoding)
    reader = csv.reader(io.StringIO(text, newline=""))
    starts = []
    line = 1
    try:
        for _ in reader:
            starts.append(line)
            line = reader.line_num + 1
    except csv.Error:
        starts.append(line)
    return starts


def read_legacy_csv(path, columns, *, encoding: str = "cp1252"):
    """Read one OFAC legacy CSV file into strings, with ``-0- `` as missing.

    Parameters
    ----------
    path : str or path-like
        A header-less OFAC CSV (``sdn.csv``, ``add.csv``, ``alt.csv``, ...).
    columns : sequence of str
        The file's column names, in order; every record must have that many fields.
    encoding : str
        Text encoding of the file (Treasury publishes CP1252).

    Returns
    -------
    pandas.DataFrame
        One row per record; every column a string, ``NaN`` where OFAC wrote ``-0- ``;
        ``ent_num`` as int64.

    Raises
    ------
    DataFormatError
        Naming the file and line: a record with too few or too many fields, an
        unterminated quote, a non-numeric ``ent_num``, a wrong encoding.
    """
    import pandas as pd

    values, ent = _read_records(path, columns, encoding=encoding)
    out = {c: values[:, j] for j, c in enumerate(columns)}
    out["ent_num"] = ent
    return pd.DataFrame(out)


def _complete_last_record(path: Path, raw: bytes) -> bytes:
    """Return ``raw`` whose last record, if it lost its line end, is whole; else raise.

    Text fields are quoted and nulls written -0- (with its space): a last record that has
    lost its line end must still end in one of them, or the file was cut inside it.
    """
    if not raw.endswith((b"\n", b"\r")):
        # A cut inside a last null marker loses nothing: complete it ("-0" -> "-0- "), as
        # in the 2019 files whose trailing space and more were stripped with the line end.
        for cut in (b",-", b",-0", b",-0-"):
            if raw.endswith(cut):
                raw += NULL.encode()[len(cut) - 1 :]
                break
    if not raw.endswith((b"\n", b"\r")) and not raw.endswith((b'"', NULL.encode())):
        raise DataFormatError(
            path,
            "the last record is cut short: it ends neither with a closing quote nor with "
            "OFAC's null '-0- ' (truncated file?)",
            line=_line_of_offset(raw, len(raw)),
        )
    return raw


def _parse(path: Path, raw: bytes, encoding: str, n: int):
    """Parse the records with pandas (all strings); a parser error names the line."""
    import pandas as pd

    try:
        df = pd.read_csv(
            io.BytesIO(raw),
            header=None,
            # no names=: a file whose every record has one field too many would make pandas
            # take the first field as the index and read shifted columns without a word
            dtype=str,
            na_filter=False,
            # ASCII reads the same in every encoding; pandas decodes UTF-8 natively (faster)
            encoding="utf-8" if raw.isascii() else encoding,
            quotechar='"',
            skip_blank_lines=True,
        )
    except pd.errors.ParserError as exc:
        msg = str(exc)
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", msg)
        if m:
            raise DataFormatError(
                path, f"record has {m.group(3)} fields; expected {n}", line=int(m.group(2))
            ) from None
        m = re.search(r"row (\d+)", msg)
        if "EOF inside string" in msg and m:
            line = _record_lines(raw, encoding)[-1]
            raise DataFormatError(
                path, "unterminated quote: a quoted field never closes", line=line
            ) from None
        raise DataFormatError(path, f"not an OFAC legacy CSV ({msg.strip()})") from None
    return df


def _read_records(path, columns, *, encoding: str, before_nulls=None):
    """Read and check one OFAC legacy CSV.

    Returns the records as a 2-D object array with ``NaN`` for ``-0- `` and the
    ``ent_num`` column as int64; ``before_nulls(values)`` may inspect the raw
    strings first (every cell still a ``str``).
    """
    import numpy as np

    path = Path(path)
    raw, encoding = _raw_bytes(path, encoding)
    n = len(columns)
    raw = _complete_last_record(path, raw)
    df = _parse(path, raw, encoding, n)
    if df.shape[1] != n:
        raise DataFormatError(path, f"record has {df.shape[1]} fields; expected {n}", line=1)
    df.columns = list(columns)
    values = df.to_numpy()
    # Every field of a well-formed record holds text or the -0- marker, never nothing:
    # an empty cell means a short record (pandas pads it) or a quote that swallowed a line end.
    # CRLF, LF and CR line ends (mixed too) each end one line
    n_lines = raw.count(b"\n") + raw.count(b"\r") - raw.count(b"\r\n")
    n_lines += 0 if raw.endswith((b"\n", b"\r")) else 1
    bad_rows = np.flatnonzero((values == "").any(axis=1))
    if len(df) != n_lines or len(bad_rows):
        starts = _record_lines(raw, encoding)
        multi = [i for i in range(len(starts) - 1) if starts[i + 1] - starts[i] > 1]
        first_multi = multi[0] if multi else (len(starts) - 1 if len(df) != n_lines else None)
        first_short = int(bad_rows[0]) if len(bad_rows) else None
        candidates = [i for i in (first_multi, first_short) if i is not None]
        i = min(candidates)
        line = starts[i] if i < len(starts) else n_lines
        if i == first_multi:
            problem = "a quoted field runs over a line end (unterminated quote?); OFAC records are one line each"
        else:
            fields = int((values[i] != "").sum())
            problem = f"record has {fields} fields; expected {n}"
            text = raw.splitlines()[line - 1] if line <= n_lines else b""
            if text.count(b'"') % 2:  # an odd number of quotes: one was cut off
                problem = f"unbalanced (truncated) quote: {problem}"
        raise DataFormatError(path, problem, line=line)
    _refuse_text_beside_quotes(path, raw)
    ent = df["ent_num"]
    # plain digits only: Python's int() would take "1_000" as 1000; 20 digits overflow int64
    bad = ~ent.str.fullmatch(r"\s*[1-9]\d{0,9}\s*").to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataFormatError(
            path,
            f"ent_num {ent.iloc[i]!r} is not a positive whole number of at most 10 digits",
            line=i + 1,
            column="ent_num",
        )
    ent = ent.astype("int64")
    if before_nulls is not None:
        before_nulls(values)
    # Replace the null marker in place (one vectorised pass; the parsed frame is not used again).
    # "-0-" without its space (a copy whose editor trimmed trailing blanks) is the same marker
    values[(values == NULL) | (values == NULL.strip())] = np.nan
    return values, ent.to_numpy()
