"""IMF IMTS export of Russia's trade by partner: the real file against an independent csv-module
read (the US rows of every year, seven partners), and hand-made hostile files (each case counted
in the hostile-input summary)."""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest
from support.hostile import record

from toolkit.errors import DataFormatError
from toolkit.sources import read_imf_imts
from toolkit.sources.imf_imts import FIRST_ESTIMATED_YEAR

REAL = "imf-imts-russia-by-partner/RU_trade.csv"
READER = "imf_imts"
YEARS = list(range(2016, 2025))
FLOWS = {"XG_FOB_USD": "exports", "MG_CIF_USD": "imports"}


def _independent(path):
    """{(partner_id, flow, year): value or None} read with the csv module alone."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        (r["COUNTERPART_COUNTRY.ID"], FLOWS[r["INDICATOR.ID"]], int(y)): (
            float(r[y]) if r[y] != "" else None
        )
        for r in rows
        for y in map(str, YEARS)
    }, len(rows)


def _same(got, want):
    return (want is None and math.isnan(got)) or got == pytest.approx(want, rel=1e-12)


def test_us_rows_every_year_match_the_file(shared_file):
    path = shared_file(REAL)
    want, n_series = _independent(path)
    df = read_imf_imts(path)
    assert n_series == 470 and len(df) == 470 * len(YEARS)
    us = df[df["partner_id"] == "USA"].set_index(["flow", "year"])
    assert len(us) == 2 * len(YEARS)
    for flow in ("exports", "imports"):
        for year in YEARS:
            assert _same(us.loc[(flow, year), "value_usd_m"], want[("USA", flow, year)]), (
                flow,
                year,
            )
    # PROVENANCE.md: Russia's imports from the US, USD million
    imports = us.loc["imports", "value_usd_m"]
    assert [round(imports[y], 1) for y in (2021, 2022, 2023, 2024)] == [
        17_519.5,
        4_561.7,
        1_638.6,
        1_443.2,
    ]
    assert set(us.loc["imports", "valuation"]) == {"CIF"}
    assert set(us.loc["exports", "valuation"]) == {"FOB"}


@pytest.mark.parametrize("partner", ["CHN", "IND", "TUR", "KAZ", "KGZ", "ARM", "ARE"])
def test_partners_match_the_file(shared_file, partner):
    path = shared_file(REAL)
    want, _ = _independent(path)
    df = read_imf_imts(path)
    rows = df[df["partner_id"] == partner]
    assert len(rows) == 2 * len(YEARS)
    assert set(rows["partner_kind"]) == {"economy"}
    for r in rows.itertuples():
        assert _same(r.value_usd_m, want[(partner, r.flow, r.year)]), (r.flow, r.year)


def test_known_figures_estimates_and_missing(shared_file):
    df = read_imf_imts(shared_file(REAL)).set_index(["partner_id", "flow", "year"])
    arm = df.loc[("ARM", "exports"), "value_usd_m"]
    assert round(arm[2021], 1) == 1_890.8 and round(arm[2024], 1) == 9_784.8
    assert math.isnan(df.loc[("KAZ", "exports", 2024), "value_usd_m"])  # blank cell: missing
    assert df.loc[("TUR", "exports", 2021), "partner"] == "Türkiye, Republic of"  # UTF-8 read
    flags = df.reset_index().groupby("year")["estimated_from_partners"].agg(["all", "any"])
    assert flags.loc[2022:, "all"].all() and not flags.loc[:2021, "any"].any()
    assert FIRST_ESTIMATED_YEAR == 2022
    assert df.loc[("G001", "exports", 2021), "partner_kind"] == "group"  # World
    assert df.loc[("TX899", "exports", 2021), "partner_kind"] == "other"
    src = df.attrs["source"]
    assert src["vintage"].startswith("annual 2016-2024")
    assert any("IMF estimates from the partners' reports" in w for w in src["usage_warnings"])


# --- hand-made files ------------------------------------------------------------------------

HEADER = (
    '"DATASET","SERIES_CODE","OBS_MEASURE","COUNTRY.ID","COUNTRY","INDICATOR.ID","INDICATOR",'
    '"COUNTERPART_COUNTRY.ID","COUNTERPART_COUNTRY","FREQUENCY.ID","FREQUENCY","SCALE.ID",'
    '"SCALE","TRADE_FLOW.ID","TRADE_FLOW","2021","2022"'
)
USA_MG = (
    '"IMF.STA:IMTS(1.0.0)","RUS.MG_CIF_USD.USA.A","OBS_VALUE","RUS","Russian Federation",'
    '"MG_CIF_USD","Imports of goods, CIF, US dollar","USA","United States","A","Annual","6",'
    '"Millions","MG","Imports of goods","17519.530668","4561.697058207354"'
)
USA_XG = (
    USA_MG.replace("MG_CIF_USD", "XG_FOB_USD")
    .replace('"MG"', '"XG"')
    .replace('"17519.530668","4561.697058207354"', '"17825.671285","8683.446283628538"')
)
KAZ_XG = USA_XG.replace('"USA","United States"', '"KAZ","Kazakhstan, Republic of"').replace(
    '"17825.671285","8683.446283628538"', '"18474.116961",""'
)
LINES = [HEADER, USA_MG, USA_XG, KAZ_XG]


def _text(lines=LINES, end="\n", bom=True):
    return ("\ufeff" if bom else "") + end.join(lines) + end


def _judge(tmp_path, mutation, data: bytes, want=None):
    path = tmp_path / "RU_trade.csv"
    path.write_bytes(data)
    try:
        got = read_imf_imts(path)
    except DataFormatError as exc:
        assert exc.path == str(path), str(exc)
        assert exc.line is not None or exc.column is not None, str(exc)
        record(READER, mutation, "error")
        return exc
    assert want is not None, f"{mutation}: read a damaged file without an error"
    pd.testing.assert_frame_equal(got, want)
    record(READER, mutation, "equal")
    return None


def test_hand_made_file(tmp_path):
    path = tmp_path / "RU_trade.csv"
    path.write_text(_text(), encoding="utf-8")
    df = read_imf_imts(path)
    assert len(df) == 6
    kaz = df[df["partner_id"] == "KAZ"].set_index("year")
    assert kaz.loc[2021, "value_usd_m"] == 18474.116961
    assert math.isnan(kaz.loc[2022, "value_usd_m"])  # empty is missing, not zero
    assert df.set_index(["partner_id", "flow", "year"]).loc[
        ("USA", "imports", 2022), "estimated_from_partners"
    ]


def _swap_columns(lines, a, b):
    out = []
    for line in lines:
        cells = next(csv.reader([line]))
        cells[a], cells[b] = cells[b], cells[a]
        out.append(",".join(f'"{c}"' for c in cells))
    return out


def _cell(lines, row, column, value):
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[row]]))
    cells[header.index(column)] = value
    out = list(lines)
    out[row] = ",".join(f'"{c}"' for c in cells)
    return out


HARMLESS = {
    "no bom": _text(bom=False).encode(),
    "CRLF line ends": _text(end="\r\n").encode(),
    "CR line ends": _text(end="\r").encode(),
    "columns swapped": _text(_swap_columns(LINES, 1, 8)).encode(),
    "blank line": _text([*LINES[:2], "", *LINES[2:]]).encode(),
}


@pytest.mark.parametrize("mutation", sorted(HARMLESS))
def test_harmless_variants_read_the_same(tmp_path, mutation):
    (tmp_path / "clean").mkdir()
    clean = tmp_path / "clean" / "RU_trade.csv"
    clean.write_text(_text(), encoding="utf-8")
    _judge(tmp_path, mutation, HARMLESS[mutation], read_imf_imts(clean))


def _drop_column(lines, column):
    header = next(csv.reader([lines[0]]))
    j = header.index(column)
    out = []
    for line in lines:
        cells = next(csv.reader([line]))
        del cells[j]
        out.append(",".join(f'"{c}"' for c in cells))
    return out


# mutation -> (bytes, expected line, column)
DAMAGED = {
    "missing column": (_text(_drop_column(LINES, "COUNTRY.ID")).encode(), 1, "COUNTRY.ID"),
    "malformed number": (_text(_cell(LINES, 1, "2021", "17,519.5")).encode(), 2, "2021"),
    "text in a value": (_text(_cell(LINES, 2, "2022", "n/a")).encode(), 3, "2022"),
    "negative value": (_text(_cell(LINES, 3, "2021", "-5")).encode(), 4, "2021"),
    "other reporter": (_text(_cell(LINES, 2, "COUNTRY.ID", "DEU")).encode(), 3, "COUNTRY.ID"),
    "quarterly": (_text(_cell(LINES, 1, "FREQUENCY.ID", "Q")).encode(), 2, "FREQUENCY.ID"),
    "thousands": (_text(_cell(LINES, 1, "SCALE", "Thousands")).encode(), 2, "SCALE"),
    "unknown indicator": (
        _text(_cell(LINES, 3, "INDICATOR.ID", "TXG_FOB_USD")).encode(),
        4,
        "INDICATOR.ID",
    ),
    "empty partner": (
        _text(_cell(LINES, 1, "COUNTERPART_COUNTRY.ID", "")).encode(),
        2,
        "COUNTERPART_COUNTRY.ID",
    ),
    "duplicate series": (_text([*LINES, USA_MG]).encode(), 5, None),
    "short record": (_text([*LINES[:3], KAZ_XG.rsplit(",", 1)[0]]).encode(), 4, None),
    "truncated mid-record": (_text()[:-30].encode(), 4, None),
    "truncated, no line end": (_text()[:-1].encode(), 4, None),
    "unterminated quote": (
        _text().replace('"18474.116961",""', '"18474.116961,""').encode(),
        4,
        None,
    ),
    "no year column": (_text(_drop_column(_drop_column(LINES, "2021"), "2022")).encode(), 1, None),
    "header only": (_text(LINES[:1]).encode(), 2, None),
    "empty file": (b"", 1, None),
    "utf-16": (_text().encode("utf-16"), 1, None),
    "latin-1 bytes": (
        _text().replace("Kazakhstan", "Kazakhstân").encode("latin-1", "replace"),
        4,
        None,
    ),
    "wrong file (OFAC add.csv)": (b'36,25,-0- ,"Havana","Cuba",-0- \r\n\x1a', 1, None),
    "wrong file (Parquet)": (b"PAR1\x15\x04\x15\x00\x00PAR1", 1, None),
    "wrong file (xlsx)": (b"PK\x03\x04\x14\x00\x06\x00", 1, None),
}


@pytest.mark.parametrize("mutation", sorted(DAMAGED))
def test_damaged_file_is_an_error_naming_line_and_column(tmp_path, mutation):
    data, line, column = DAMAGED[mutation]
    exc = _judge(tmp_path, mutation, data)
    assert exc is not None
    assert exc.line == line, str(exc)
    if mutation.startswith("wrong file ("):
        assert "not a CSV" in exc.problem or "header" in exc.problem, str(exc)
    if column is not None:
        assert exc.column == column, str(exc)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DataFormatError, match="no such file"):
        read_imf_imts(tmp_path / "RU_trade.csv")
    with pytest.raises(DataFormatError, match="is a folder"):
        read_imf_imts(tmp_path)
    record(READER, "missing file", "error")
    record(READER, "folder", "error")
