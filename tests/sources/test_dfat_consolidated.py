"""The DFAT Consolidated List reader: real facts of the 2024-11 workbook (counted a second way,
from the sheet's XML), the dates read from ``Listing Information``, and hostile workbooks
(damaged archives, a missing sheet or column, cells that are not what they claim) that must end
in a DataFormatError naming the file (and a cell's row and column). The generated cases are
counted in the hostile-input summary.
"""

from __future__ import annotations

import functools
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.hostile import record

from toolkit.errors import DataFormatError
from toolkit.sources import read_dfat_consolidated
from toolkit.sources.dfat_consolidated import COLUMNS, HEADER, listing_dates

BOOK = "dfat-consolidated/2024-11-11/regulation8_consolidated.xlsx"
READER = "dfat_consolidated"
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture(scope="module")
def real(shared_data):
    if not (shared_data / BOOK).exists():
        pytest.skip(f"{BOOK} is not in {shared_data}")
    return read_dfat_consolidated(shared_data / BOOK)


def _name_types_from_xml(path: Path) -> Counter:
    """Column D (``Name Type``) counted from the sheet XML and shared strings, not openpyxl."""
    with zipfile.ZipFile(path) as z:
        shared = [
            "".join(t.text or "" for t in si.iter(f"{NS}t"))
            for si in ET.parse(z.open("xl/sharedStrings.xml")).getroot()
        ]
        counts = Counter()
        for _, el in ET.iterparse(z.open("xl/worksheets/sheet1.xml")):
            if el.tag != f"{NS}c":
                continue
            v = el.find(f"{NS}v")
            if el.get("r", "").startswith("D") and el.get("r") != "D1" and v is not None:
                counts[shared[int(v.text)] if el.get("t") == "s" else v.text] += 1
            el.clear()
    return counts


def test_primary_names_counted_two_ways(real, shared_file):
    primary = real[real["name_type"] == "primary"]
    xml = _name_types_from_xml(shared_file(BOOK))
    # 2,925 cells read exactly "Primary Name"; 137 more write it "Primary Name ",
    # "Primary name", "primary Name", "primary name": 3,062 primary names in all
    assert xml["Primary Name"] == 2925
    assert sum(n for k, n in xml.items() if k.strip().lower() == "primary name") == 3062
    assert len(primary) == 3062 and primary["entity_id"].is_unique
    assert primary["reference"].str.fullmatch(r"\d+").all()
    assert len(real) == sum(xml.values()) == 9553
    assert real["name_type"].value_counts().to_dict() == {
        "alias": 6047,
        "primary": 3062,
        "original script": 440,
        "formerly known as": 3,
        "previously listed as": 1,
    }
    assert list(real.columns) == list(COLUMNS)


def test_russia_regime_and_control_dates(real):
    primary = real[real["name_type"] == "primary"]
    russia = primary[primary["regime"] == "Autonomous (Russia)"]
    assert len(russia) == 647  # 576 of them spelled exactly "Primary Name"
    assert russia["control_date"].dt.year.value_counts().to_dict() == {
        2022: 241,
        2023: 303,
        2024: 103,
    }
    # most Russia listings name only their instrument: no listing date in the text
    assert russia["listed_on"].notna().sum() == 42
    assert real.attrs["source"]["vintage"] == "control dates up to 2024-11-11"


def test_an_entry_with_its_aliases_and_dates(real):
    rows = real[real["entity_id"] == "2680"]
    first = rows.iloc[0]
    assert first["name"] == "Sergey Yur’yevich GLAZYEV" and first["name_type"] == "primary"
    assert first["listing_information"] == (
        "Listed on 19 Jun. 2014 (relisted on 16 Jun. 2017 and 10 June 2023)"
    )
    assert first["listed_on"] == pd.Timestamp("2014-06-19")
    assert first["listing_dates"] == [date(2014, 6, 19), date(2017, 6, 16), date(2023, 6, 10)]
    assert first["control_date"] == pd.Timestamp("2023-06-10")
    assert (rows["primary_name"] == first["name"]).all()
    akhund = real[real["entity_id"] == "2"]
    assert akhund["reference"].tolist() == ["2", "2a"]
    assert akhund["name_type"].tolist() == ["primary", "original script"]
    assert akhund.iloc[0]["listed_on"] == pd.Timestamp("2001-01-25")
    assert akhund.iloc[0]["control_date"] == pd.Timestamp("2014-12-15")


@pytest.mark.parametrize(
    "text, dates, listed",
    [
        (
            "Listed on: 9 Feb. 2011 (amended on 1 May 2019, 14 Nov. 2023) ",
            ["2011-02-09", "2019-05-01", "2023-11-14"],
            "2011-02-09",
        ),
        (
            "Listed by UN (1267 Committee) on 6 July 2004, amended on 21 March 2012",
            ["2004-07-06", "2012-03-21"],
            "2004-07-06",
        ),
        ("Listedon 8 Jun. 2007 (amended on3 Sep 2003)", ["2007-06-08", "2003-09-03"], "2007-06-08"),
        ("Resolution 1735 (2006) Listed on: 4 June. 2008", ["2008-06-04"], "2008-06-04"),
        (
            "Instrument of first listing: List 2001. Last listed on: 16/09/2022",
            ["2022-09-16"],
            None,
        ),
        ("Resolution 1596 (2005), amended 16 December 2008", ["2008-12-16"], None),
        ("16 Jul.2020 (amended on 19 Dec. 2023)", ["2020-07-16", "2023-12-19"], None),
        ("Listed on 5/02/2022", [], None),  # 5 February or May 2? not read
        ("Autonomous Sanctions (Designated Persons) Amendment (No. 13) Instrument 2022", [], None),
        ("Listed in Nov. 2022", [], None),  # no day
    ],
)
def test_listing_dates_read_only_when_unambiguous(text, dates, listed):
    got, got_listed = listing_dates(text)
    assert [d.isoformat() for d in got] == dates
    assert got_listed == (None if listed is None else date.fromisoformat(listed))


# --- hostile input ------------------------------------------------------------------------

SETTINGS = dict(
    deadline=None,
    database=None,
    max_examples=25,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
CONTROL = datetime(2022, 3, 17)
ROWS = [
    [
        "1",
        "Ivan PETROV",
        "Individual",
        "Primary Name",
        "1970-01-31",
        "Moscow",
        "Russia",
        "",
        "",
        "Listed on 17 Mar. 2022 (amended on 2 June 2023)",
        "Autonomous (Russia)",
        CONTROL,
    ],
    [
        "1a",
        "Иван Петров",
        "Individual ",
        "Original Script",
        "",
        "",
        "",
        "",
        "",
        "",
        "Autonomous (Russia)",
        CONTROL,
    ],
    [
        "1b",
        "Ivan PETROFF",
        "Individual",
        "aka ",
        "",
        "",
        "",
        "",
        "",
        "",
        "Autonomous (Russia)",
        CONTROL,
    ],
    [
        2,
        "OOO VEKTOR",
        "Entity ",
        "primary name",
        None,
        None,
        None,
        "Moscow",
        "",
        "Autonomous "
        "Sanctions (Designated Persons and Entities—Russia) Amendment (No. 1) Instrument 2022",
        "Autonomous (Russia)",
        datetime(2022, 4, 1),
    ],
]


def _book(path: Path, rows=ROWS, header=HEADER, *, sheet="Sheet1", extra_sheets=(), extra=0):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(header) + [None] * extra)
    for row in rows:
        ws.append(list(row))
    for name in extra_sheets:
        wb.create_sheet(name).append(["notes"])
    wb.save(path)
    return path


def _read(path: Path):
    start = time.perf_counter()
    try:
        return read_dfat_consolidated(path), None
    except DataFormatError as exc:
        assert exc.path == str(path), exc.path
        assert exc.problem.strip()
        return None, exc
    finally:
        assert time.perf_counter() - start < 5, "a hostile case took over 5 s"


@pytest.fixture
def clean(tmp_path):
    df, exc = _read(_book(tmp_path / "clean.xlsx"))
    assert exc is None, exc
    return df


def test_clean_hand_made_workbook(clean):
    assert clean["entity_id"].tolist() == ["1", "1", "1", "2"]
    assert clean["name_type"].tolist() == ["primary", "original script", "alias", "primary"]
    assert clean["kind"].tolist() == ["individual"] * 3 + ["entity"]
    assert clean["primary_name"].tolist() == ["Ivan PETROV"] * 3 + ["OOO VEKTOR"]
    assert clean.iloc[0]["listing_dates"] == [date(2022, 3, 17), date(2023, 6, 2)]
    assert clean.iloc[0]["listed_on"] == pd.Timestamp("2022-03-17")
    assert pd.isna(clean.iloc[3]["listed_on"]) and clean.iloc[3]["listing_dates"] == []
    assert clean["row"].tolist() == [2, 3, 4, 5]


def _same(got, want):
    pd.testing.assert_frame_equal(got.drop(columns="row"), want.drop(columns="row"))


def test_harmless_variants_read_the_same(tmp_path, clean):
    order = [HEADER.index(c) for c in reversed(HEADER)]
    variants = {
        "swapped columns": dict(
            header=[HEADER[i] for i in order], rows=[[r[i] for i in order] for r in ROWS]
        ),
        "extra columns": dict(header=[*HEADER, "Remarks"], rows=[[*r, "x"] for r in ROWS]),
        "empty trailing columns": dict(extra=240),
        "blank rows": dict(rows=[ROWS[0], [None] * 12, *ROWS[1:], [" "] * 12]),
        "other sheets": dict(extra_sheets=("Notes",), sheet="Consolidated"),
    }
    for mutation, kwargs in variants.items():
        got, exc = _read(_book(tmp_path / f"{mutation}.xlsx", **kwargs))
        assert exc is None, f"{mutation}: {exc}"
        _same(got, clean)
        record(READER, mutation, "equal")


def _cell(rows, r, column, value):
    out = [list(row) for row in rows]
    out[r][HEADER.index(column)] = value
    return out


def test_bad_cells_name_row_and_column(tmp_path):
    cases = {
        "control date as text": (1, "Control Date", "next week"),
        "control date empty": (0, "Control Date", None),
        "control date a number": (3, "Control Date", 44562),
        "listing date that does not exist": (0, "Listing Information", "Listed on 31 Sep. 2010"),
        "unknown name type": (2, "Name Type", "nickname"),
        "unknown type": (0, "Type", "Vessel"),
        "bad reference": (2, "Reference", "x1b"),
        "alias with a primary's reference": (2, "Reference", "3"),
        "primary with an alias reference": (0, "Reference", "1c"),
        "empty name": (1, "Name of Individual or Entity", "  "),
        "alias without its primary": (2, "Reference", "7a"),
        "primary twice": (3, "Reference", "1"),
    }
    for mutation, (r, column, value) in cases.items():
        got, exc = _read(_book(tmp_path / "bad.xlsx", rows=_cell(ROWS, r, column, value)))
        assert exc is not None, f"{mutation}: read without an error"
        assert exc.row == r + 2 and exc.column == column, str(exc)
        record(READER, mutation, "error")


def test_missing_sheet_header_or_column(tmp_path):
    cases = {
        "missing column": dict(
            header=[h for h in HEADER if h != "Control Date"], rows=[r[:-1] for r in ROWS]
        ),
        "header renamed": dict(header=["Ref", *HEADER[1:]]),
        "no header": dict(header=list(ROWS[0]), rows=ROWS[1:]),
        "no sheet with the header": dict(header=["Name", *HEADER[1:]], extra_sheets=("Notes",)),
        "no rows": dict(rows=[]),
    }
    for mutation, kwargs in cases.items():
        got, exc = _read(_book(tmp_path / "bad.xlsx", **kwargs))
        assert exc is not None, f"{mutation}: read without an error"
        assert exc.row is not None or exc.line is not None, str(exc)
        record(READER, mutation, "error")
    _, exc = _read(_book(tmp_path / "bad.xlsx", header=[h for h in HEADER if h != "Committees"]))
    assert exc.column == "Committees", str(exc)


@functools.cache
def _clean_bytes():
    """The clean workbook, saved once (a save stamps the time: sizes vary between saves)."""
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        return _book(Path(tmp) / "clean.xlsx").read_bytes()


@settings(**SETTINGS)
@given(data=st.data())
def test_damaged_archives(tmp_path, data):
    raw = _clean_bytes()
    clean_path = tmp_path / "clean.xlsx"
    clean_path.write_bytes(raw)
    want, _ = _read(clean_path)
    how = data.draw(st.sampled_from(["truncated", "corrupted", "empty", "text renamed"]))
    if how == "truncated":
        damaged = raw[: data.draw(st.integers(0, len(raw) - 1), label="cut byte")]
    elif how == "corrupted":
        at = data.draw(st.integers(0, len(raw) - 1), label="at")
        junk = data.draw(st.binary(min_size=1, max_size=64), label="junk")
        damaged = raw[:at] + junk + raw[at + len(junk) :]
    else:
        damaged = b"" if how == "empty" else b"Reference,Name\n1,Ivan PETROV\n"
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(damaged)
    got, exc = _read(path)
    if exc is not None:
        record(READER, how, "error")
        return
    assert how == "corrupted", f"{how}: read without an error"
    _same(got, want)  # the junk hit bytes no reader uses
    record(READER, how, "equal")


def test_missing_file_and_folder(tmp_path):
    for target in (tmp_path / "nowhere.xlsx", tmp_path):
        with pytest.raises(DataFormatError) as info:
            read_dfat_consolidated(target)
        assert info.value.path == str(target)
        record(READER, "missing file" if target.suffix else "folder", "error")
