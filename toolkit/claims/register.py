"""Claims registers: the commentary's embedded one, or a user's CSV/YAML file, validated.

A register holds one claim per row: ``claim_id``, ``claim`` (paraphrased), ``relation``,
``check`` (a name of :data:`toolkit.claims.checks.CHECKS`) and its ``args``, plus the
claimed value, unit, period and tolerance. Errors name the file, row and column.
"""

from __future__ import annotations

from pathlib import Path

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
_TEXT_RELATIONS = ("forecast", "context")


def _parse_args(text, path, row) -> dict:
    """``"flow=total; year=2021"`` (or a mapping from YAML) -> ``{"flow": "total", "year": 2021}``."""
    from toolkit.claims.checks import INT_ARGS

    if isinstance(text, dict):
        items = list(text.items())
    else:
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
    out = {}
    for key, value in items:
        if key in INT_ARGS:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise DataFormatError(
                    path, f"argument {key}={value!r} must be an integer", row=row, column="args"
                ) from None
        out[str(key)] = value
    return out


def _records(path: Path) -> list[dict]:
    """Read the raw records of a CSV or YAML claims file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        import csv

        with path.open(newline="", encoding="utf-8") as fh:
            lines = [line for line in fh if not line.startswith("#")]
        reader = csv.DictReader(lines)
        if not reader.fieldnames:
            raise DataFormatError(path, "empty file: expected a header row")
        missing = [c for c in REQUIRED if c not in reader.fieldnames]
        if missing:
            raise DataFormatError(
                path, f"missing column(s) {missing}; required: {list(REQUIRED)}", line=1
            )
        unknown = [c for c in reader.fieldnames if c not in COLUMNS]
        if unknown:
            raise DataFormatError(
                path, f"unknown column(s) {unknown}; allowed: {list(COLUMNS)}", line=1
            )
        return list(reader)
    if suffix in (".yaml", ".yml"):
        import yaml

        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise DataFormatError(
                path,
                f"not valid YAML: {getattr(exc, 'problem', exc)}",
                line=None if mark is None else mark.line + 1,
            ) from None
        if isinstance(doc, dict) and "claims" in doc:
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
                    column=unknown[0],
                )
        return doc
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
    import pandas as pd

    if relation in _DATE_RELATIONS:
        text = str(claimed).strip()
        if pd.isna(pd.to_datetime(text, format="ISO8601", errors="coerce")) or not text:
            raise DataFormatError(
                path,
                f"{claimed!r} is not an ISO date (YYYY-MM or YYYY-MM-DD)",
                row=row,
                column="claimed",
            )
        return text
    if relation in _TEXT_RELATIONS and str(claimed).strip() == "":
        return None
    default = 1.0 if relation == "includes" else None
    try:
        value = float(claimed) if str(claimed).strip() != "" else default
    except (TypeError, ValueError):
        raise DataFormatError(
            path, f"{claimed!r} is not a number", row=row, column="claimed"
        ) from None
    if value is None:
        raise DataFormatError(
            path, f"relation {relation!r} needs a claimed value", row=row, column="claimed"
        )
    return value


def _tolerance(text, path, row) -> float:
    """Return the tolerance (0 when empty), a number >= 0."""
    try:
        tol = float(text) if str(text).strip() != "" else 0.0
    except (TypeError, ValueError):
        raise DataFormatError(
            path, f"{text!r} is not a number", row=row, column="tolerance"
        ) from None
    if tol < 0:
        raise DataFormatError(path, "tolerance must be >= 0", row=row, column="tolerance")
    return tol


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

    rec = {k: ("" if v is None else v) for k, v in rec.items()}
    out = {c: rec.get(c, "") for c in COLUMNS}
    for col in REQUIRED:
        if str(out[col]).strip() == "":
            raise DataFormatError(path, "empty value; every claim needs it", row=row, column=col)
    out["claim_id"] = str(out["claim_id"]).strip()
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
    for col in _TEXT_COLUMNS:
        out[col] = str(out[col]).strip()
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
    if not path.is_file():
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
