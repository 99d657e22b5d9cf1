"""Claims registers: the commentary's embedded one, or a user's CSV/YAML file, validated.

A register holds one claim per row: ``claim_id``, ``claim`` (paraphrased), ``relation``,
``check`` (a name of :data:`toolkit.claims.checks.CHECKS`) and its ``args``, plus the
claimed value, unit, period and tolerance. Errors name the file, row and column.

A claims file is a regular file of UTF-8 text, with or without a byte-order mark (Excel's
"CSV UTF-8"); UTF-16, Windows-1252 and NUL bytes are refused by name. CSV: one header
(no column twice, no unknown column), no row longer than the header, ``#`` lines outside
quoted fields are comments. YAML: read by the toolkit's hardened loader
(:func:`toolkit.io.load_yaml`: no aliases, no duplicate keys, dates kept as written). Every
column is typed and range-checked (:mod:`toolkit.claims.columns`): text columns take text
(a YAML integer as its digits), numbers are finite, dates ISO (offsets normalised to UTC),
years integers in 1900-2100.
"""

from __future__ import annotations

from pathlib import Path

from toolkit.claims.columns import as_date, as_number, as_text, as_year
from toolkit.errors import DataFormatError
from toolkit.paths import embedded

REGISTER_FILE = "claims_register.csv"

#: What a claim asserts about the observed value ``o`` (claimed value ``c``, tolerance ``t``).
RELATIONS = {
    "equals": "|o - c| <= t (the claim's own rounding)",
    "greater_than": "o > c (e.g. 'more than', 'exceeds', 'tenfold')",
    "less_than": "o < c (e.g. 'fell', 'below')",
    "includes": "at least c rows of the data carry the named item (default c = 1)",
    "before": "the observed date is before the claimed ISO date",
    "on_date": "the observed date is the claimed ISO date (or in the claimed month)",
    "forecast": "a statement about the future: the data show the indicator, not a verdict",
    "context": "a qualitative statement: the data show an indicator that speaks to it",
}
KINDS = ("figure", "context")
REQUIRED = ("claim_id", "claim", "relation", "check")
COLUMNS = (
    "claim_id",
    "section",
    "theme",
    "notebook",
    "kind",
    "claim",
    "relation",
    "claimed",
    "unit",
    "period",
    "tolerance",
    "dataset",
    "check",
    "args",
    "attributed_to",
    "fact_ids",
    "note",
)
_DATE_RELATIONS = ("before", "on_date")
#: What a claims file is, for the messages.
EXPECTED = "a claims file (CSV or YAML, UTF-8)"
_TEXT_RELATIONS = ("forecast", "context")


def _arg_value(key, value, path, row):
    """Return one argument typed by its name: a year, an ISO date to the day, or text."""
    from toolkit.claims.checks import DATE_ARGS, INT_ARGS

    try:
        if key in INT_ARGS:
            return as_year(value, path, row, "args")
        if key not in DATE_ARGS:
            return as_text(value, path, row, "args")
        date = as_date(value, path, row, "args")
        if len(date) < 10:
            raise DataFormatError(
                path, f"{value!r} is not a date to the day (YYYY-MM-DD)", row=row, column="args"
            )
        return date
    except DataFormatError as exc:
        raise DataFormatError(
            path, f"argument {key}: {exc.problem}", row=row, column="args"
        ) from None


def _parse_args(text, path, row) -> dict:
    """``"flow=total; year=2021"`` (or a mapping from YAML) -> ``{"flow": "total", "year": 2021}``."""
    if isinstance(text, dict):
        items = list(text.items())
    elif text is None or isinstance(text, str):
        items = []
        for part in filter(None, (p.strip() for p in str(text or "").split(";"))):
            key, sep, value = part.partition("=")
            if not sep or not key.strip():
                raise DataFormatError(
                    path,
                    f"{part!r} is not key=value (args are 'key=value; key=value')",
                    row=row,
                    column="args",
                )
            items.append((key.strip(), value.strip()))
    else:
        raise DataFormatError(
            path,
            f"expected 'key=value; ...' or a mapping, got {text!r}",
            row=row,
            column="args",
        )
    out = {}
    for key, value in items:
        if not isinstance(key, str) or not key.isidentifier():
            raise DataFormatError(
                path, f"argument name {key!r} is not a name", row=row, column="args"
            )
        if key in out:
            raise DataFormatError(path, f"argument {key!r} given twice", row=row, column="args")
        out[key] = _arg_value(key, value, path, row)
    return out


def _csv_lines(path: Path, text: str) -> list[str]:
    """Return the lines of a CSV claims file without its comment lines.

    A line starting with ``#`` is a comment only outside a quoted field: a quoted
    multi-line claim whose middle line starts with ``#`` is kept whole.
    """
    lines, quoted = [], False
    for line in text.splitlines(keepends=True):
        if not quoted and line.startswith("#"):
            continue
        lines.append(line)
        quoted ^= line.count('"') % 2 == 1
    if quoted:
        raise DataFormatError(path, "a quoted field is not closed before the end of the file")
    return lines


def _csv_records(path: Path, text: str) -> list[dict]:
    """Read the raw records of a CSV claims file (header checked, extra fields refused)."""
    import csv

    reader = csv.reader(_csv_lines(path, text), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise DataFormatError(path, f"not valid CSV: {exc}", line=reader.line_num) from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise DataFormatError(path, "empty file: expected a header row")
    header = [h.strip() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise DataFormatError(
            path, f"missing column(s) {missing}; required: {list(REQUIRED)}", line=1
        )
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise DataFormatError(
            path, f"unknown column(s) {unknown}; allowed: {list(COLUMNS)}", line=1
        )
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise DataFormatError(path, f"column(s) {twice} appear twice in the header", line=1)
    out = []
    for i, cells in enumerate(rows[1:], 1):
        if len(cells) > len(header):
            raise DataFormatError(
                path,
                f"{len(cells)} fields, the header has {len(header)}: "
                f"extra {cells[len(header) :]!r}",
                row=i,
                column=f"field {len(header) + 1} (beyond the header)",
            )
        out.append(dict(zip(header, cells, strict=False)))
    return out


def _yaml_records(path: Path) -> list[dict]:
    """Read the raw records of a YAML claims file with the toolkit's hardened loader."""
    from toolkit.io import load_yaml, read_text, yaml_item_of_line

    try:
        doc = load_yaml(path, expected=EXPECTED)
    except DataFormatError as exc:
        if exc.column is None or exc.line is None:
            raise
        # a duplicate key: name the claim (row) it is in, and the key (column)
        text = read_text(path, expected=EXPECTED)
        row = yaml_item_of_line(text, exc.line, "claims")
        raise DataFormatError(
            path, exc.problem, line=exc.line, row=row, column=exc.column
        ) from None
    if isinstance(doc, dict) and "claims" in doc:
        extra = [k for k in doc if k != "claims"]
        if extra:
            raise DataFormatError(path, f"unknown top-level key(s) {extra}; expected claims: [...]")
        doc = doc["claims"]
    if not isinstance(doc, list) or not all(isinstance(d, dict) for d in doc):
        raise DataFormatError(path, "expected a list of claims (mappings), or claims: [...]")
    for i, rec in enumerate(doc, 1):
        unknown = [c for c in rec if c not in COLUMNS]
        if unknown:
            raise DataFormatError(
                path,
                f"unknown key(s) {unknown}; allowed: {list(COLUMNS)}",
                row=i,
                column=str(unknown[0]),
            )
    return doc


def _records(path: Path) -> list[dict]:
    """Read the raw records of a CSV or YAML claims file (UTF-8, a byte-order mark accepted)."""
    from toolkit.io import read_text

    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_records(path, read_text(path, expected=EXPECTED))
    if suffix in (".yaml", ".yml"):
        return _yaml_records(path)
    raise DataFormatError(path, f"unsupported file type {suffix!r}: use .csv, .yaml or .yml")


def _choice(out, column, choices, path, row, default=""):
    """Return ``out[column]`` stripped (or ``default``), checked to be one of ``choices``."""
    value = str(out[column]).strip() or default
    if value not in choices:
        raise DataFormatError(
            path, f"{column} {value!r} is not one of {list(choices)}", row=row, column=column
        )
    return value


def _check_name(out, path, row) -> str:
    """Return the claim's check, ``none`` or a check some theme declares."""
    from toolkit.claims.checks import CHECKS

    check = str(out["check"]).strip()
    if check != "none" and check not in CHECKS:
        raise DataFormatError(
            path,
            f"check {check!r} is not one of {sorted(CHECKS)} (or 'none')",
            row=row,
            column="check",
        )
    return check


def _claimed(claimed, relation: str, path, row):
    """Return the claimed value: an ISO date string, None (a text relation) or a float."""
    if relation in _DATE_RELATIONS:
        return as_date(claimed, path, row, "claimed")
    value = as_number(claimed, path, row, "claimed")
    if relation in _TEXT_RELATIONS:
        return value
    if value is None and relation == "includes":
        return 1.0
    if value is None:
        raise DataFormatError(
            path, f"relation {relation!r} needs a claimed value", row=row, column="claimed"
        )
    return value


def _tolerance(value, path, row) -> float:
    """Return the tolerance (0 when empty), a finite number >= 0."""
    tol = as_number(value, path, row, "tolerance")
    if tol is not None and tol < 0:
        raise DataFormatError(path, "tolerance must be >= 0", row=row, column="tolerance")
    return 0.0 if tol is None else tol


#: Free-text columns, kept as stripped strings.
_TEXT_COLUMNS = (
    "section",
    "theme",
    "notebook",
    "claim",
    "unit",
    "period",
    "dataset",
    "attributed_to",
    "fact_ids",
    "note",
)


def _claim(rec: dict, path, row: int) -> dict:
    """Return one claim of a register, validated (errors name the file, row and column)."""
    from toolkit.claims.checks import check_arguments

    out = {c: rec.get(c) for c in COLUMNS}
    for col in (*_TEXT_COLUMNS, "claim_id", "relation", "kind", "check"):
        out[col] = as_text(out[col], path, row, col)
    for col in REQUIRED:
        if out[col] == "":
            raise DataFormatError(path, "empty value; every claim needs it", row=row, column=col)
    relation = out["relation"] = _choice(out, "relation", RELATIONS, path, row)
    text = "context" if relation in _TEXT_RELATIONS else "figure"
    out["kind"] = _choice(out, "kind", KINDS, path, row, default=text)
    check = out["check"] = _check_name(out, path, row)
    out["args"] = _parse_args(out["args"], path, row)
    wrong = check_arguments(check, out["args"]) if check != "none" else ""
    if wrong:
        raise DataFormatError(path, f"arguments do not fit: {wrong}", row=row, column="args")
    out["claimed"] = _claimed(out["claimed"], relation, path, row)
    out["tolerance"] = _tolerance(out["tolerance"], path, row)
    out["theme"] = out["theme"] or "other"
    return out


def read_register(path=None):
    """Read and validate a claims register.

    Parameters
    ----------
    path : path-like, optional
        A CSV or YAML claims file; default: the embedded register of the commentary.

    Returns
    -------
    pandas.DataFrame
        One row per claim, columns :data:`COLUMNS` (``args`` parsed into dicts,
        ``claimed`` a float, an ISO date string or empty, ``tolerance`` a float).

    Raises
    ------
    DataFormatError
        Naming the file, the row (1-based data row) and the column at fault.
    """
    import pandas as pd

    path = Path(path) if path is not None else embedded(REGISTER_FILE)
    if not path.exists() and not path.is_symlink():
        raise DataFormatError(path, "no such claims file")
    rows, seen = [], {}
    for i, rec in enumerate(_records(path), 1):
        out = _claim(rec, path, i)
        cid = out["claim_id"]
        if cid in seen:
            raise DataFormatError(
                path, f"claim_id {cid!r} already used in row {seen[cid]}", row=i, column="claim_id"
            )
        seen[cid] = i
        rows.append(out)
    if not rows:
        raise DataFormatError(path, "no claims in the file")
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    df.attrs["register_path"] = str(path)
    return df
