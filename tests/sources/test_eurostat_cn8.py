"""The Eurostat data-browser workbook reader: layout, bad input, the Parquet cache, real files.

Hand-made workbooks (written with openpyxl in the data browser's layout) pin the layout and
every refusal; damaged bytes must raise a DataFormatError naming the file. The real
``eurostat-cn8-exports`` workbooks are converted once per session into a temporary cache;
three group x partner x year totals are pinned, computed here with openpyxl alone.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.hostile import record

from toolkit.errors import DataFormatError
from toolkit.sources import read_eurostat_cn8
from toolkit.sources.eurostat_cn8 import COLUMNS, read_eurostat_workbook

PERIODS = ("2021-01", "2021-02", "2022-01")
RUSSIA = "Russian Federation (Russia)"
PRODUCTS = {"Sheet 1": "Beer made from malt [2203]", "Sheet 2": "Machine tools [84571010]"}
ROWS = {
    "Sheet 1": [("Austria", "Armenia", [10.0, ":", 30.0]), ("Austria", RUSSIA, [1.0, 2.0, ":"])],
    "Sheet 2": [("Germany", "Armenia", [5.0, 6.0, 7.0]), ("Germany", RUSSIA, [":", ":", 9.0])],
}


def write_book(
    path,
    *,
    products=None,
    rows=None,
    periods=PERIODS,
    flow="EXPORT",
    indicator="VALUE_IN_EUROS",
    edit=None,
):
    """Write a workbook in the data browser's layout; ``edit(wb)`` damages it before saving."""
    products = PRODUCTS if products is None else products
    rows = ROWS if rows is None else rows
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "Summary"
    summary.append([])
    summary.append(["EU trade since 1988 by HS2-4-6 and CN8 [DS-045409]"])
    summary.append([None, "Contents", "PRODUCT [PRODUCT]", "FLOW", "INDICATORS"])
    for sheet, label in products.items():
        summary.append([None, sheet, label, flow, indicator])
    wb.create_sheet("Structure").append(["Structure"])
    for sheet, label in products.items():
        ws = wb.create_sheet(sheet)
        ws.append(["Data extracted on 21/01/2023 20:19:52 from [ESTAT]"])
        ws.append([])
        ws.append(["PRODUCT [PRODUCT]", None, label])
        ws.append(["FLOW", None, flow])
        ws.append(["INDICATORS", None, indicator])
        ws.append([])
        ws.append(["TIME", "TIME", *periods])
        ws.append(["FREQ (Labels)", "FREQ (Labels)", *["Monthly"] * len(periods)])
        ws.append(["REPORTER (Labels)", "PARTNER (Labels)", *[""] * len(periods)])
        for reporter, partner, values in rows[sheet]:
            ws.append([reporter, partner, *values])
        ws.append([])
        ws.append(["Special value"])
        ws.append([":", "not available"])
    if edit:
        edit(wb)
    wb.save(path)
    return path


def test_reads_the_layout_into_a_tidy_table(tmp_path):
    df = read_eurostat_workbook(write_book(tmp_path / "book.xlsx"))
    assert tuple(df.columns) == COLUMNS
    assert len(df) == 2 * 2 * 3
    beer = df[(df["product_code"] == "2203") & (df["partner"] == "Armenia")]
    assert beer["product"].unique().tolist() == ["Beer made from malt"]
    assert beer["period"].astype(str).tolist() == list(PERIODS)
    assert beer["value_eur"].iloc[0] == 10.0
    assert np.isnan(beer["value_eur"].iloc[1])  # ':' is missing, not zero
    assert df["value_eur"].isna().sum() == 4
    assert df["period"].cat.ordered and (df["period"] >= "2022-01").sum() == 4
    assert set(df["flow"]) == {"EXPORT"} and set(df["sheet"]) == {"Sheet 1", "Sheet 2"}
    assert df.attrs["source"]["publisher"] == "Eurostat (Comext)"


def _set(sheet, cell, value):
    def edit(wb):
        wb[sheet][cell] = value

    return edit


BAD = {
    "text in a value cell": (dict(edit=_set("Sheet 1", "D10", "n/a")), "'Sheet 1' row 10", "D"),
    "negative value": (dict(edit=_set("Sheet 2", "C11", -5)), "'Sheet 2' row 11", "C"),
    "empty value cell": (dict(edit=_set("Sheet 2", "E10", None)), "'Sheet 2' row 10", "E"),
    "bad period": (dict(edit=_set("Sheet 1", "D7", "2021-13")), "'Sheet 1' row 7", "D"),
    "duplicate period": (dict(edit=_set("Sheet 1", "D7", "2021-01")), "'Sheet 1' row 7", "D"),
    "no TIME row": (dict(edit=_set("Sheet 2", "A7", "TIMES")), "'Sheet 2' row 1", "A"),
    "no reporter header": (dict(edit=_set("Sheet 1", "A9", "COUNTRY")), "'Sheet 1' row 8", "A"),
    "value right of the last month": (
        dict(edit=_set("Sheet 1", "F11", 99)),
        "'Sheet 1' row 11",
        "F",
    ),
    "blank row inside the data": (
        dict(edit=lambda wb: wb["Sheet 2"].insert_rows(11)),
        "'Sheet 2' row 12",
        "A",
    ),
    "empty partner": (dict(edit=_set("Sheet 1", "B11", None)), "'Sheet 1' row 11", "B"),
    "duplicate row": (dict(edit=_set("Sheet 1", "B11", "Armenia")), "'Sheet 1' row 11", "A"),
    "label differs from Summary": (
        dict(edit=_set("Sheet 2", "C3", "Other [84571010]")),
        "'Sheet 2' row 3",
        "C",
    ),
    "no code in the label": (
        dict(products={"Sheet 1": "Beer made from malt", "Sheet 2": PRODUCTS["Sheet 2"]}),
        "'Sheet 1' row 3",
        "C",
    ),
    "quantities, not euros": (dict(indicator="QUANTITY_IN_100KG"), "'Summary' row 4", None),
    "sheet named in Summary missing": (dict(edit=lambda wb: wb.remove(wb["Sheet 2"])), None, None),
    "no Summary": (dict(edit=lambda wb: setattr(wb["Summary"], "title", "Overview")), None, None),
    "product twice": (
        dict(
            products={"Sheet 1": PRODUCTS["Sheet 1"], "Sheet 2": PRODUCTS["Sheet 1"]},
            rows={"Sheet 1": ROWS["Sheet 1"], "Sheet 2": ROWS["Sheet 2"]},
        ),
        "'Summary' row 5",
        None,
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_layout_names_file_sheet_row_and_column(tmp_path, case):
    options, row, column = BAD[case]
    path = write_book(tmp_path / "book.xlsx", **options)
    with pytest.raises(DataFormatError) as info:
        read_eurostat_workbook(path)
    err = info.value
    assert err.path == str(path) and err.problem.strip()
    assert err.row == row, err
    assert err.column == column, err
    record("eurostat_cn8", case, "error")


@pytest.mark.parametrize("how", ["empty", "text renamed", "truncated", "missing", "folder"])
def test_damaged_or_absent_files(tmp_path, how):
    data = write_book(tmp_path / "good.xlsx").read_bytes()
    path = tmp_path / "book.xlsx"
    if how == "empty":
        path.write_bytes(b"")
    elif how == "text renamed":
        path.write_text("REPORTER,PARTNER\nAustria,Armenia\n")
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "folder":
        path.mkdir()
    with pytest.raises(DataFormatError) as info:
        read_eurostat_workbook(path)
    assert info.value.path == str(path)


@functools.cache
def clean_book() -> tuple[bytes, pd.DataFrame]:
    """The hand-made workbook's bytes (written once: every save stamps a new time) and table."""
    with tempfile.TemporaryDirectory(prefix="clean-") as tmp:
        path = write_book(Path(tmp) / "good.xlsx")
        return path.read_bytes(), read_eurostat_workbook(path)


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_bytes_never_escape_as_another_error(tmp_path_factory, data):
    raw, clean = clean_book()
    at = data.draw(st.integers(0, len(raw) - 1), label="at")
    if data.draw(st.booleans(), label="truncate"):
        damaged = raw[:at]
    else:
        damaged = raw[:at] + bytes(b ^ 0x5A for b in raw[at : at + 16]) + raw[at + 16 :]
    path = tmp_path_factory.mktemp("hostile") / "good.xlsx"
    path.write_bytes(damaged)
    try:
        df = read_eurostat_workbook(path)
    except DataFormatError as exc:
        assert exc.path == str(path)
        record("eurostat_cn8", "damaged bytes", "error")
        return
    # a damage that leaves the archive readable must still give the whole clean table
    pd.testing.assert_frame_equal(df, clean)
    record("eurostat_cn8", "damaged bytes", "equal")


def test_cache_is_written_reused_and_matches_the_workbooks(tmp_path):
    folder = tmp_path / "books"
    folder.mkdir()
    a = write_book(folder / "a.xlsx")
    other = {"Sheet 1": "Total [TOTAL]"}
    # another workbook with other months: a month it lacks is no row, its ':' stays NaN
    b_rows = {"Sheet 1": [("Austria", "Armenia", [":", 4.0]), ("Austria", RUSSIA, [1.5, ":"])]}
    b = write_book(folder / "b.xlsx", products=other, rows=b_rows, periods=("2021-01", "2022-02"))
    first = read_eurostat_cn8(folder, cache=tmp_path / "cache")
    assert first.attrs["cache"]["hit"] is False
    again = read_eurostat_cn8(folder, cache=tmp_path / "cache")
    assert again.attrs["cache"]["hit"] is True
    pd.testing.assert_frame_equal(first, again)
    direct = pd.concat([read_eurostat_workbook(a), read_eurostat_workbook(b)])
    assert len(first) == len(direct) == 12 + 4
    assert first["value_eur"].isna().sum() == direct["value_eur"].isna().sum() == 6
    assert first["value_eur"].sum() == direct["value_eur"].sum()
    total = first[first["product_code"] == "TOTAL"]
    assert sorted(total["period"].astype(str).unique()) == ["2021-01", "2022-02"]
    assert list(first["period"].cat.categories) == ["2021-01", "2021-02", "2022-01", "2022-02"]
    assert set(first["product_code"]) == {"2203", "84571010", "TOTAL"}
    parquet = tmp_path / "cache" / "eurostat-cn8"
    manifest = json.loads(next(parquet.glob("*/manifest.json")).read_text())
    digest = hashlib.sha256(a.read_bytes()).hexdigest()
    assert {"path": str(a.resolve()), "bytes": a.stat().st_size, "sha256": digest} in manifest[
        "files"
    ]
    assert len(list(parquet.glob("*/data-*.parquet"))) == 1


def test_a_changed_workbook_rebuilds_the_cache(tmp_path):
    path = write_book(tmp_path / "book.xlsx")
    cache = tmp_path / "cache"
    assert read_eurostat_cn8(path, cache=cache).attrs["cache"]["hit"] is False
    rows = {k: [(r, p, [100.0, 200.0, 300.0]) for r, p, _ in v] for k, v in ROWS.items()}
    write_book(path, rows=rows)  # same layout, new values
    df = read_eurostat_cn8(path, cache=cache)
    assert df.attrs["cache"]["hit"] is False
    assert df["value_eur"].sum() == 4 * 600.0
    assert read_eurostat_cn8(path, cache=cache).attrs["cache"]["hit"] is True
    # a forced refresh and a damaged Parquet or manifest are rebuilt, never trusted
    assert read_eurostat_cn8(path, cache=cache, refresh=True).attrs["cache"]["hit"] is False
    parquet = next((cache / "eurostat-cn8").glob("*/data-*.parquet"))
    parquet.write_bytes(b"PAR1 not a parquet")
    df = read_eurostat_cn8(path, cache=cache)
    assert df.attrs["cache"]["hit"] is False and df["value_eur"].sum() == 2400.0
    next((cache / "eurostat-cn8").glob("*/manifest.json")).write_text("{not json")
    assert read_eurostat_cn8(path, cache=cache).attrs["cache"]["hit"] is False


def test_one_product_in_two_workbooks_is_refused(tmp_path):
    folder = tmp_path / "books"
    folder.mkdir()
    write_book(folder / "a.xlsx")
    shutil.copy(folder / "a.xlsx", folder / "b.xlsx")
    with pytest.raises(DataFormatError, match="count twice"):
        read_eurostat_cn8(folder, cache=tmp_path / "cache")
    assert not list((tmp_path / "cache").rglob("*.parquet"))


def test_a_folder_without_workbooks_is_refused(tmp_path):
    with pytest.raises(DataFormatError, match="no .xlsx"):
        read_eurostat_cn8(tmp_path, cache=tmp_path / "cache")


# ---- the real files ---------------------------------------------------------------------

FOLDER = "eurostat-cn8-exports"


@pytest.fixture(scope="session")
def cn8_real(shared_data, tmp_path_factory):
    """The real workbooks, converted once per session into a temporary cache."""
    folder = shared_data / FOLDER
    if not folder.is_dir():
        pytest.skip(f"{FOLDER} is not in {shared_data}")
    cache = tmp_path_factory.getbasetemp() / "cn8-cache"
    return read_eurostat_cn8(folder, cache=cache)


def test_reads_every_real_workbook(cn8_real):
    df = cn8_real
    assert df["file"].nunique() == 23  # 22 product workbooks + the all-goods workbook
    exports = df.loc[df["flow"] == "EXPORT", "product_code"].cat.remove_unused_categories()
    assert len(exports.cat.categories) == 2338 + 2  # HS4/CN8 codes, plus TOTAL and chapter 27
    assert df["reporter"].nunique() == 27 and df["partner"].nunique() == 7
    assert df["period"].min() == "2020-01" and df["period"].max() == "2022-12"
    assert df.loc[df["period"] == "2022-12", "value_eur"].isna().all()  # not yet published
    assert (df["value_eur"].dropna() >= 0).all()
    assert df["value_eur"].isna().mean() > 0.9  # most cells are ':', kept as missing


def _openpyxl_total(path, sheets, partner, year):
    """Sum the cells of ``sheets`` for one partner and year, with openpyxl alone."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    summary_sheet = wb["Summary"]
    summary_sheet.reset_dimensions()
    summary = {r[1]: r[2] for r in summary_sheet.iter_rows(values_only=True) if len(r) > 2 and r[1]}
    total = 0.0
    for sheet, code in sheets.items():
        assert summary[sheet].endswith(f"[{code}]"), summary[sheet]
        ws = wb[sheet]
        ws.reset_dimensions()
        rows = list(ws.iter_rows(values_only=True))
        assert next(r[2] for r in rows if r and r[0] == "FLOW") == "EXPORT"
        header = next(r for r in rows if r and r[0] == "TIME")
        cols = [j for j, p in enumerate(header) if isinstance(p, str) and p.startswith(f"{year}-")]
        for r in rows[rows.index(header) + 1 :]:
            if len(r) > 1 and r[1] == partner:
                total += sum(r[j] for j in cols if isinstance(r[j], int | float))
    wb.close()
    return total


PINNED = [
    # group, file, {sheet: product code}, partner label, year, EUR
    (
        "all goods (control)",
        "eu_total_trade_4630244_spreadsheet.xlsx",
        {"Sheet 4": "TOTAL"},
        RUSSIA,
        2021,
        89197190797.0,
    ),
    (
        "CHPL tier 2",
        "eurostat_xlsx/18_4623849_spreadsheet.xlsx",
        {"Sheet 85": "85176200", "Sheet 100": "85269120", "Sheet 101": "85269180"},
        "Kazakhstan",
        2022,
        109831009.0,
    ),
    (
        "CHPL tier 4.A",
        "eurostat_xlsx/17_4606328_spreadsheet.xlsx",
        {"Sheet 87": "84718000"},
        "Kyrgyzstan",
        2022,
        2227086.0,
    ),
]


@pytest.mark.parametrize("group,file,sheets,partner,year,expected", PINNED)
def test_pinned_totals_match_openpyxl(
    cn8_real, shared_file, group, file, sheets, partner, year, expected
):
    from toolkit.themes.resilience.cn8_panel import group_totals, short_name
    from toolkit.themes.resilience.groupings import product_groups

    assert _openpyxl_total(shared_file(f"{FOLDER}/{file}"), sheets, partner, year) == expected
    groups = product_groups(cn8_real["product_code"].cat.categories)
    assert set(groups.loc[groups["group"] == group, "product_code"]) == set(sheets.values())
    totals = group_totals(cn8_real, groups[groups["group"] == group])
    mine = totals[
        (totals["partner"] == short_name(partner)) & totals["period"].str.startswith(str(year))
    ]
    assert mine["value_eur"].sum() == pytest.approx(expected, rel=1e-12)
