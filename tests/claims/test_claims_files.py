"""A user's claims file under hostile input: encodings, dates, types, extremes, structure.

Generated cases, counted in the printed hostile-input summary (readers ``claims_csv`` and
``claims_yaml``): each ends in the clean read (or the exact normalised value expected) or in
a DataFormatError naming the file, the row and the column.
"""

from __future__ import annotations

import pandas as pd
import pytest
from support.hostile import record

from toolkit.claims import audit
from toolkit.claims.register import read_register
from toolkit.errors import DataFormatError

HEADER = "claim_id,claim,relation,claimed,unit,tolerance,check,args\n"
ROWS = [
    "T1,a trade figure,equals,36.0,USD billion,0.05,trade_value,flow=total; year=2021\n",
    "D1,a date,before,2022-03-01,date,,event_date,kind=war\n",
    "S1,designations,greater_than,2000,count,,sdn_added,before=2022-02-24\n",
]
CLEAN_CSV = HEADER + "".join(ROWS)
CLEAN_YAML = """\
claims:
  - {claim_id: T1, claim: a trade figure, relation: equals, claimed: 36.0, unit: USD billion,
     tolerance: 0.05, check: trade_value, args: {flow: total, year: 2021}}
  - {claim_id: D1, claim: a date, relation: before, claimed: '2022-03-01', unit: date,
     check: event_date, args: {kind: war}}
  - {claim_id: S1, claim: designations, relation: greater_than, claimed: 2000, unit: count,
     check: sdn_added, args: {before: '2022-02-24'}}
"""


def _row(i: int, **cells) -> str:
    """Return CSV data row ``i`` (0-based) with some cells replaced."""
    cols = HEADER.strip().split(",")
    values = dict(zip(cols, ROWS[i].rstrip("\n").split(","), strict=True))
    values.update(cells)
    return ",".join(values[c] for c in cols) + "\n"


def _csv(i: int, **cells) -> str:
    rows = list(ROWS)
    rows[i] = _row(i, **cells)
    return HEADER + "".join(rows)


#: (name, bytes, expected: ("equal", {claim_id: {column: value}}) or ("error", row, column, words))
CSV_CASES = [
    ("clean", CLEAN_CSV.encode(), ("equal", {})),
    ("utf8-bom", ("\ufeff" + CLEAN_CSV).encode(), ("equal", {})),
    ("crlf", CLEAN_CSV.replace("\n", "\r\n").encode(), ("equal", {})),
    (
        "comment-lines",
        ('# a comment, with "quotes\n' + HEADER + "# another\n" + "".join(ROWS)).encode(),
        ("equal", {}),
    ),
    (
        "multi-line-claim-with-hash",
        _csv(0, claim='"first line\n# middle line\nlast line"').encode(),
        ("equal", {"T1": {"claim": "first line\n# middle line\nlast line"}}),
    ),
    ("utf16", CLEAN_CSV.encode("utf-16"), ("error", None, None, "UTF-16")),
    (
        "cp1252",
        _csv(0, claim="café figure").encode("cp1252"),
        ("error", None, None, "Windows-1252"),
    ),
    ("nul-byte", _csv(0, claim="a\x00b").encode(), ("error", None, None, "NUL")),
    (
        "extra-field",
        (_csv(1).rstrip("\n") + ",surplus\n").encode(),
        ("error", 3, "field 9 (beyond the header)", "extra ['surplus']"),
    ),
    (
        "repeated-header-column",
        (
            "claim_id,claim,relation,claimed,unit,tolerance,check,args,claim\n" + "".join(ROWS)
        ).encode(),
        ("error", None, None, "appear twice"),
    ),
    ("claimed-inf", _csv(0, claimed="inf").encode(), ("error", 1, "claimed", "not a finite")),
    ("claimed-nan", _csv(0, claimed="NaN").encode(), ("error", 1, "claimed", "not a finite")),
    ("claimed-1e400", _csv(0, claimed="1e400").encode(), ("error", 1, "claimed", "not a finite")),
    ("tolerance-nan", _csv(0, tolerance="nan").encode(), ("error", 1, "tolerance", "finite")),
    ("tolerance-true", _csv(0, tolerance="true").encode(), ("error", 1, "tolerance", "number")),
    (
        "year-true",
        _csv(0, args="flow=total; year=true").encode(),
        ("error", 1, "args", "argument year"),
    ),
    (
        "year-2021.9",
        _csv(0, args="flow=total; year=2021.9").encode(),
        ("error", 1, "args", "not an integer year"),
    ),
    (
        "year-1e+20",
        _csv(0, args="flow=total; year=1e+20").encode(),
        ("error", 1, "args", "not an integer year"),
    ),
    (
        "year-2999",
        _csv(0, args="flow=total; year=2999").encode(),
        ("error", 1, "args", "outside 1900-2100"),
    ),
    (
        "year-twice",
        _csv(0, args="flow=total; year=2021; year=2022").encode(),
        ("error", 1, "args", "given twice"),
    ),
    (
        "date-Z",
        _csv(1, claimed="2022-03-01T12:00:00Z").encode(),
        ("equal", {"D1": {"claimed": "2022-03-01T12:00:00"}}),
    ),
    (
        "date-offset",
        _csv(1, claimed="2022-03-01T02:00+05:00").encode(),
        ("equal", {"D1": {"claimed": "2022-02-28T21:00:00"}}),
    ),
    (
        "date-dotted",
        _csv(1, claimed="24.02.2022").encode(),
        ("error", 2, "claimed", "not an ISO date"),
    ),
    (
        "date-slashes",
        _csv(1, claimed="2022/02/24").encode(),
        ("error", 2, "claimed", "not an ISO date"),
    ),
    (
        "date-31-feb",
        _csv(1, claimed="2022-02-31").encode(),
        ("error", 2, "claimed", "not an ISO date"),
    ),
    (
        "date-year-0001",
        _csv(1, claimed="0001-01-01").encode(),
        ("error", 2, "claimed", "not an ISO date"),
    ),
    (
        "sdn-before-slashes",
        _csv(2, args="before=2022/02/24").encode(),
        ("error", 3, "args", "argument before"),
    ),
    (
        "sdn-before-dotted",
        _csv(2, args="before=24.02.2022").encode(),
        ("error", 3, "args", "argument before"),
    ),
    (
        "sdn-before-month",
        _csv(2, args="before=2022-02").encode(),
        ("error", 3, "args", "to the day"),
    ),
    (
        "sdn-before-offset",
        _csv(2, args="before=2022-02-23T23:00:00-05:00").encode(),
        ("equal", {"S1": {"args": {"before": "2022-02-24T04:00:00"}}}),
    ),
    (
        "programs-digits",
        _csv(2, args="before=2022-02-24; programs=14024").encode(),
        ("equal", {"S1": {"args": {"before": "2022-02-24", "programs": "14024"}}}),
    ),
    (
        "unclosed-quote",
        _csv(0, claim='"never closed').encode(),
        ("error", None, None, "not closed"),
    ),
]

#: (name, text, expected) as above, for YAML files.
YAML_CASES = [
    ("clean", CLEAN_YAML, ("equal", {})),
    ("utf8-bom", "\ufeff" + CLEAN_YAML, ("equal", {})),
    (
        "unquoted-dates",
        CLEAN_YAML.replace("'2022-03-01'", "2022-03-01").replace("'2022-02-24'", "2022-02-24"),
        ("equal", {}),
    ),
    (
        "date-offset",
        CLEAN_YAML.replace("'2022-03-01'", "2022-03-01T10:00:00+05:00"),
        ("equal", {"D1": {"claimed": "2022-03-01T05:00:00"}}),
    ),
    (
        "date-Z",
        CLEAN_YAML.replace("'2022-03-01'", "2022-03-01T10:00:00Z"),
        ("equal", {"D1": {"claimed": "2022-03-01T10:00:00"}}),
    ),
    (
        "int-programs",
        CLEAN_YAML.replace("{before: '2022-02-24'}", "{before: '2022-02-24', programs: 14024}"),
        ("equal", {"S1": {"args": {"before": "2022-02-24", "programs": "14024"}}}),
    ),
    (
        "int-fact-id",
        CLEAN_YAML.replace("claim_id: T1,", "claim_id: T1, fact_ids: 123,"),
        ("equal", {"T1": {"fact_ids": "123"}}),
    ),
    (
        "int-claim-id",
        CLEAN_YAML.replace("claim_id: T1,", "claim_id: 123,"),
        ("equal", {"123": {"claim": "a trade figure"}}),
    ),
    (
        "claimed-inf",
        CLEAN_YAML.replace("claimed: 36.0", "claimed: .inf"),
        ("error", 1, "claimed", "not a finite"),
    ),
    (
        "tolerance-nan",
        CLEAN_YAML.replace("tolerance: 0.05", "tolerance: .nan"),
        ("error", 1, "tolerance", "not a finite"),
    ),
    (
        "tolerance-list",
        CLEAN_YAML.replace("tolerance: 0.05", "tolerance: [0.05]"),
        ("error", 1, "tolerance", "a YAML list"),
    ),
    (
        "year-true",
        CLEAN_YAML.replace("year: 2021", "year: true"),
        ("error", 1, "args", "YAML boolean"),
    ),
    (
        "year-2021.9",
        CLEAN_YAML.replace("year: 2021", "year: 2021.9"),
        ("error", 1, "args", "YAML number"),
    ),
    (
        "claim-bool",
        CLEAN_YAML.replace("claim: a date,", "claim: yes,"),
        ("error", 2, "claim", "YAML boolean"),
    ),
    (
        "claimed-dotted-date",
        CLEAN_YAML.replace("'2022-03-01'", "24.02.2022"),
        ("error", 2, "claimed", "not an ISO date"),
    ),
    (
        "sdn-before-slashes",
        CLEAN_YAML.replace("{before: '2022-02-24'}", "{before: 2022/02/24}"),
        ("error", 3, "args", "argument before"),
    ),
    (
        "extra-field",
        CLEAN_YAML.replace("check: event_date,", "check: event_date, colour: red,"),
        ("error", 2, "colour", "unknown key"),
    ),
    (
        "duplicate-key",
        CLEAN_YAML.replace("check: event_date,", "check: event_date, claimed: '2022-01-01',"),
        ("error", 2, "claimed", "duplicate key 'claimed'"),
    ),
    (
        "alias",
        CLEAN_YAML.replace("claim: a date,", "claim: *x,").replace(
            "claim: a trade figure", "claim: &x a trade figure"
        ),
        ("error", None, None, "alias *x refused"),
    ),
    (
        "multi-line-claim-with-hash",
        CLEAN_YAML.replace("claim: a date,", 'claim: "first\n\n     # middle\n\n     last",'),
        ("equal", {"D1": {"claim": "first\n# middle\nlast"}}),
    ),
    ("utf16", CLEAN_YAML, ("error", None, None, "UTF-16")),
]


def _clean(suffix: str, tmp_path):
    path = tmp_path / f"clean.{suffix}"
    path.write_text(CLEAN_CSV if suffix == "csv" else CLEAN_YAML, encoding="utf-8")
    return read_register(path).set_index("claim_id")


def _check(tmp_path, reader: str, suffix: str, name: str, raw: bytes, expected) -> None:
    path = tmp_path / f"{name}.{suffix}"
    path.write_bytes(raw)
    if expected[0] == "error":
        _, row, column, words = expected
        with pytest.raises(DataFormatError) as err:
            read_register(path)
        assert str(path) in str(err.value) and words in str(err.value), str(err.value)
        assert (err.value.row, err.value.column) == (row, column), str(err.value)
        record(reader, name, "error")
        return
    got = read_register(path).set_index("claim_id")
    want = _clean(suffix, tmp_path)
    for cid, cells in expected[1].items():
        for column, value in cells.items():
            assert got.loc[cid, column] == value, (cid, column, got.loc[cid, column])
            if cid in want.index:
                want.at[cid, column] = value
    if set(got.index) == set(want.index):
        pd.testing.assert_frame_equal(got, want)
    record(reader, name, "equal")


@pytest.mark.parametrize("name, raw, expected", CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_csv_claims_file(tmp_path, name, raw, expected):
    _check(tmp_path, "claims_csv", "csv", name, raw, expected)


@pytest.mark.parametrize("name, text, expected", YAML_CASES, ids=[c[0] for c in YAML_CASES])
def test_yaml_claims_file(tmp_path, name, text, expected):
    raw = text.encode("utf-16") if name == "utf16" else text.encode("utf-8")
    _check(tmp_path, "claims_yaml", "yaml", name, raw, expected)


def test_claims_file_that_is_not_a_regular_file(tmp_path):
    import os

    fifo = tmp_path / "claims.csv"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    for path, words in ((fifo, "named pipe"), (folder, "is a folder")):
        with pytest.raises(DataFormatError, match=words):
            read_register(path)
        record("claims_csv" if path.suffix == ".csv" else "claims_yaml", path.name, "error")


def test_nan_tolerance_never_reads_off_by_nan():
    """A register handed over as a frame skips the file checks: the audit still says why."""
    from toolkit.claims import load_register

    register = load_register()
    register = register[register.claim_id == "T-2021-total"].reset_index(drop=True)
    register.loc[0, "tolerance"] = float("nan")
    row = audit(register).iloc[0]
    assert row.verdict == "unverifiable" and "nan" not in row.explanation.replace(
        "tolerance nan", ""
    )
    assert "tolerance nan is not a finite number" in row.explanation
    register.loc[0, "tolerance"], register.loc[0, "claimed"] = 0.05, float("inf")
    assert "not a finite number" in audit(register).iloc[0].explanation


@pytest.mark.parametrize("before", ["2022/02/24", "24.02.2022", "2022-02"])
def test_sdn_added_checks_its_before_date(before):
    """No other snapshot is picked silently: the check cannot run, and the audit says why."""
    from toolkit.claims import load_register

    register = load_register()
    register = register[register.claim_id == "S-designations"].reset_index(drop=True)
    register.at[0, "args"] = {**register.at[0, "args"], "before": before}
    row = audit(register).iloc[0]
    assert row.verdict == "unverifiable", row.explanation
    assert f"before={before!r} is not an ISO date to the day" in row.explanation
