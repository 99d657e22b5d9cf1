"""Census HS10 imports from Russia (Parquet): the real file against a direct pyarrow read (total,
top products, chapters), and hand-made hostile files (each case counted in the hostile-input
summary)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from support.hostile import record

from toolkit.errors import DataFormatError
from toolkit.sources import read_census_hs10
from toolkit.sources.census_hs10 import chapter_totals

REAL = "census-hs10-imports/2024-hs10-imports4621.parquet"
READER = "census_hs10"


def test_total_and_top_products_match_pyarrow(shared_file):
    path = shared_file(REAL)
    table = pq.read_table(path).to_pydict()  # the file, read directly
    values = [int(v) for v in table["CON_VAL_YR"]]
    direct = sorted(zip(values, table["I_COMMODITY"], strict=True), reverse=True)
    df = read_census_hs10(path)
    assert len(df) == len(values) == 642
    assert df["imports_for_consumption_usd"].sum() == sum(values) == 2_931_845_520
    top = df.head(5)
    assert top["hs10"].tolist() == [c for _, c in direct[:5]]
    assert top["imports_for_consumption_usd"].tolist() == [float(v) for v, _ in direct[:5]]
    assert top["hs10"].iloc[0] == "7110210000"  # palladium, unwrought or in powder form
    assert top["description"].iloc[0].startswith("PALLADIUM")
    duty = sum(int(v) for v in table["CAL_DUT_YR"])
    assert df["calculated_duty_usd"].sum() == duty
    assert (df["year"] == 2024).all() and (df["hs2"] == df["hs10"].str[:2]).all()


def test_chapters_and_concept(shared_file):
    path = shared_file(REAL)
    table = pq.read_table(path, columns=["I_COMMODITY", "CON_VAL_YR"]).to_pydict()
    by_chapter: dict[str, int] = {}
    for code, value in zip(table["I_COMMODITY"], table["CON_VAL_YR"], strict=True):
        by_chapter[code[:2]] = by_chapter.get(code[:2], 0) + int(value)
    chapters = chapter_totals(read_census_hs10(path))
    assert dict(zip(chapters["hs2"], chapters["imports_for_consumption_usd"], strict=True)) == {
        k: float(v) for k, v in by_chapter.items()
    }
    assert chapters["hs2"].head(3).tolist() == ["31", "71", "28"]  # fertilisers, metals, chemicals
    assert chapters["share_pct"].sum() == pytest.approx(100)
    src = chapters.attrs["source"]
    assert "imports for consumption" in src["concept"] and "NOT general imports" in src["concept"]
    assert src["format"].startswith("derived") and src["vintage"] == "2024-12 (full year)"
    assert src["country"] == "RUSSIA (4621)"


# --- hand-made files ------------------------------------------------------------------------

CLEAN = {
    "CTY_NAME": ["RUSSIA", "RUSSIA", "RUSSIA"],
    "CON_VAL_YR": ["877727586", "7640", "0"],
    "CAL_DUT_YR": ["0", "0", "12"],
    "I_COMMODITY": ["7110210000", "0106199120", "0406909900"],
    "I_COMMODITY_SDESC": ["PALLADIUM, UNWROUGHT", "DOGS, LIVE", "CHEESE, NESOI"],
    "time": [dt.datetime(2024, 12, 1)] * 3,
    "COMM_LVL": ["HS10"] * 3,
    "CTY_CODE": ["4621"] * 3,
    "share": [0.9, 0.05, 0.05],  # a column the repository added: ignored
}


def _parquet(tmp_path, columns: dict, name="imports.parquet") -> bytes:
    path = tmp_path / name
    pq.write_table(pa.table(columns), path)
    return path.read_bytes()


def _judge(tmp_path, mutation, data: bytes, want=None, *, row=None, column=None):
    path = tmp_path / "2024-hs10-imports4621.parquet"
    path.write_bytes(data)
    try:
        got = read_census_hs10(path)
    except DataFormatError as exc:
        assert exc.path == str(path) and exc.problem.strip(), str(exc)
        if row is not None:
            assert exc.row == row, str(exc)
        if column is not None:
            assert exc.column == column, str(exc)
        record(READER, mutation, "error")
        return exc
    assert want is not None, f"{mutation}: read a damaged file without an error"
    pd.testing.assert_frame_equal(got, want)
    record(READER, mutation, "equal")
    return None


def _clean(tmp_path):
    (tmp_path / "clean").mkdir(exist_ok=True)
    path = tmp_path / "clean" / "x.parquet"
    path.write_bytes(_parquet(tmp_path, CLEAN))
    return read_census_hs10(path)


def test_hand_made_file(tmp_path):
    df = _clean(tmp_path)
    assert df["hs10"].tolist() == ["7110210000", "0106199120", "0406909900"]  # largest first
    assert df["hs2"].tolist() == ["71", "01", "04"]  # leading zeros kept
    assert df["imports_for_consumption_usd"].tolist() == [877727586.0, 7640.0, 0.0]
    assert "share" not in df.columns
    partial = dict(CLEAN, time=[dt.datetime(2024, 6, 1)] * 3)
    path = tmp_path / "june.parquet"
    path.write_bytes(_parquet(tmp_path, partial))
    src = read_census_hs10(path).attrs["source"]
    assert src["vintage"] == "2024-06 (year to date)"
    assert any("not a full year" in w for w in src["usage_warnings"])


def _with(**changes):
    return {**CLEAN, **changes}


def _without(name):
    return {k: v for k, v in CLEAN.items() if k != name}


HARMLESS = {
    "columns reordered": dict(reversed(list(CLEAN.items()))),
    "values as integers": _with(CON_VAL_YR=[877727586, 7640, 0], CAL_DUT_YR=[0, 0, 12]),
    "time as text": _with(time=["2024-12"] * 3),
    "padded text": _with(
        COMM_LVL=["HS10 "] * 3, I_COMMODITY=[" 7110210000", "0106199120", "0406909900"]
    ),
}


@pytest.mark.parametrize("mutation", sorted(HARMLESS))
def test_harmless_variants_read_the_same(tmp_path, mutation):
    want = _clean(tmp_path)
    _judge(tmp_path, mutation, _parquet(tmp_path, HARMLESS[mutation]), want)


# mutation -> (columns, row, column named by the error)
BAD_CELLS = {
    "missing column": (_without("CON_VAL_YR"), None, "CON_VAL_YR"),
    "malformed number": (_with(CON_VAL_YR=["877727586", "7,640", "0"]), 2, "CON_VAL_YR"),
    "negative value": (_with(CAL_DUT_YR=["0", "-1", "12"]), 2, "CAL_DUT_YR"),
    "null value": (_with(CON_VAL_YR=["877727586", None, "0"]), 2, "CON_VAL_YR"),
    "9-digit code": (
        _with(I_COMMODITY=["7110210000", "106199120", "0406909900"]),
        2,
        "I_COMMODITY",
    ),
    "duplicate code": (
        _with(I_COMMODITY=["7110210000", "0106199120", "7110210000"]),
        3,
        "I_COMMODITY",
    ),
    "two countries": (_with(CTY_CODE=["4621", "4621", "5700"]), 3, "CTY_CODE"),
    "HS6 row": (_with(COMM_LVL=["HS10", "HS6", "HS10"]), 2, "COMM_LVL"),
    "HS6 file": (_with(COMM_LVL=["HS6"] * 3), 1, "COMM_LVL"),
    "two months": (
        _with(time=[dt.datetime(2024, 12, 1)] * 2 + [dt.datetime(2024, 6, 1)]),
        3,
        "time",
    ),
    "not a month": (_with(time=["2024-12", "soon", "2024-12"]), 2, "time"),
}


@pytest.mark.parametrize("mutation", sorted(BAD_CELLS))
def test_bad_content_is_an_error_naming_row_and_column(tmp_path, mutation):
    columns, row, column = BAD_CELLS[mutation]
    exc = _judge(tmp_path, mutation, _parquet(tmp_path, columns), row=row, column=column)
    assert exc is not None and exc.column == column


def test_wrong_or_damaged_files(tmp_path):
    clean = _parquet(tmp_path, CLEAN)
    footer = len(clean) - 8  # the footer length and the PAR1 marker end the file
    damaged = {
        "empty file": b"",
        "csv renamed": b"CTY_CODE,CON_VAL_YR\n4621,100\n",
        "truncated": clean[: len(clean) // 2],
        "footer length corrupted": clean[:footer] + b"\xff\xff\xff\x7f" + clean[-4:],
        "marker only": b"PAR1",
        "no rows": _parquet(tmp_path, {k: v[:0] for k, v in CLEAN.items()}),
    }
    for mutation, data in damaged.items():
        assert _judge(tmp_path, mutation, data) is not None, mutation
    with pytest.raises(DataFormatError, match="no such file"):
        read_census_hs10(tmp_path / "nowhere.parquet")
    with pytest.raises(DataFormatError, match="is a folder"):
        read_census_hs10(tmp_path)
    record(READER, "missing file", "error")
    record(READER, "folder", "error")
