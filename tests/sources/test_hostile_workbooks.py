"""Hostile inputs for the readers of workbooks: the Census country.xlsx, Rosstat's 96stran.xlsx
and the TIES 4.1 case file (.xls as published; .xlsx with the same columns).

Seeds are hand-written workbooks plus samples cut from the real files in ../shared/data at test
time when that folder is present. Every case must read as the clean workbook (swapped or extra
columns, blank rows; for Rosstat a dropped partner reads as the clean file without it) or raise
a DataFormatError naming the file (and, for a cell, its row and column). Damaged archives
(truncated, corrupted, empty, a text file renamed) must never reach the caller as another
exception or as fewer rows. The cases per reader are printed at the end of the run.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.hostile import record

from toolkit.errors import DataFormatError
from toolkit.paths import shared_data_dir
from toolkit.sources import census_country as census
from toolkit.sources import get_source, source_keys, ties
from toolkit.sources import rosstat_trade as rosstat

#: The declared workbook entries of the hostile suite (``Hostile(suite="workbook")``), by source.
WORKBOOKS = {
    key: h for key in source_keys() for h in get_source(key).hostile if h.suite == "workbook"
}
#: The test function of each declared entry below.
TESTED = ("census_country", "rosstat_trade", "ties")
read_census_country = census.SOURCE.read_function()
read_rosstat_trade = rosstat.SOURCE.read_function()
read_ties = ties.SOURCE.read_function()
ROSSTAT_FILE = WORKBOOKS["rosstat_trade"].file

SETTINGS = dict(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BYTE_DAMAGE = ("truncated", "corrupted", "empty", "text renamed", "bom prefix")


def _real(relative: str) -> Path | None:
    base = shared_data_dir()
    if base is None or not (base / relative).exists():
        return None
    return base / relative


def _save(write, suffix=".xlsx") -> bytes:
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        path = Path(tmp) / f"book{suffix}"
        write(path)
        return path.read_bytes()


def _read(read, data: bytes, name: str):
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            return read(path), None, path
        except DataFormatError as exc:
            assert exc.path == str(path), exc.path
            assert exc.problem.strip()
            return None, exc, path


def damage(data: bytes, how: str, draw) -> bytes:
    """Damage a workbook's bytes as a download or a careless save would."""
    if how == "truncated":
        return data[: draw(st.integers(0, len(data) - 1), label="cut byte")]
    if how == "corrupted":
        at = draw(st.integers(0, len(data) - 1), label="corrupt at")
        size = draw(st.integers(1, 64), label="corrupt bytes")
        junk = draw(st.binary(min_size=size, max_size=size), label="junk")
        return data[:at] + junk + data[at + size :]
    if how == "empty":
        return b""
    if how == "text renamed":
        return b"year,CTY_CODE,CTYNAME\n2021,4621,Russia\n"
    if how == "bom prefix":
        return b"\xef\xbb\xbf" + data
    raise AssertionError(how)


def judge_bytes(reader, how, read, data, name, want, same):
    """A damaged archive: an error naming the file, or (damage that hit nothing) the clean read."""
    got, exc, _ = _read(read, data, name)
    if exc is not None:
        record(reader, how, "error")
        return
    assert how not in ("empty", "text renamed"), f"{reader} read a {how} file"
    same(got, want)
    record(reader, how, "equal")


def judge_cell(reader, mutation, exc, row=None, column=None):
    assert exc is not None, f"{mutation}: {reader} read a bad cell without an error"
    assert exc.row is not None or exc.line is not None, str(exc)
    assert exc.column is not None, str(exc)
    if row is not None:
        assert exc.row == row, str(exc)
    if column is not None:
        assert str(exc.column) == str(column), str(exc)
    record(reader, mutation, "error")


@functools.cache
def _clean_bytes(reader: str, k: int) -> bytes:
    """The clean workbook of seed ``k``, saved once (a save stamps the time: sizes vary)."""
    if reader == "census":
        header, rows, _ = census_seeds()[k]
        return census_bytes(header, rows)
    if reader == "rosstat":
        partners, years, values, _ = rosstat_seeds()[k]
        return rosstat_bytes(partners, years, values)
    header, rows, _ = ties_seeds()[k]
    return ties_bytes(header, rows)


def test_every_declared_workbook_has_its_test():
    assert set(WORKBOOKS) == set(TESTED)


def frame_equal(got, want):
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))


# --- Census country.xlsx ------------------------------------------------------------------


def _census_row(year, code, name, imports, exports):
    return [year, code, name, *imports, sum(imports), *exports, sum(exports)]


@functools.cache
def census_seeds():
    header = list(census.COLUMNS)
    full = [float(m) * 10.5 for m in range(1, 13)]
    half = [float(m) * 3.25 for m in range(1, 7)] + [0.0] * 6
    hand = [
        _census_row(2023, 4621, "Russia", full, [v / 2 for v in full]),
        _census_row(2024, 4621, "Russia", half, [v / 2 for v in half]),
        _census_row(2023, 4890, "Türkiye", full, full),
        _census_row(2024, 4890, "Türkiye", half, half),
    ]
    seeds = [(header, hand, "hand-written")]
    real = _real(WORKBOOKS["census_country"].samples[0])
    if real:
        wb = openpyxl.load_workbook(real, read_only=True, data_only=True)
        rows = list(wb[wb.sheetnames[0]].iter_rows(values_only=True))
        wb.close()
        head = [str(h) for h in rows[0]]
        body = [list(r) for r in rows[1:] if r[1] in (4621, 4631) and r[0] >= 2021]
        seeds.append((head, body[:12] + [list(r) for r in rows[1:6]], "real sample"))
    return seeds


def census_bytes(header, rows, blank_rows=()):
    def write(path):
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("country")
        ws.append(header)
        for i, row in enumerate(rows):
            if i in blank_rows:
                ws.append([None] * len(header))
            ws.append(row)
        wb.save(path)

    return _save(write)


def read_census(path):
    return read_census_country(path, freq="monthly")


CENSUS_MUTATIONS = (
    "swapped columns",
    "extra column",
    "missing column",
    "blank rows",
    "text in a number cell",
    "huge field",
    *BYTE_DAMAGE,
)


@pytest.mark.parametrize("mutation", CENSUS_MUTATIONS)
@settings(max_examples=10, **SETTINGS)
@given(data=st.data())
def test_census_workbook(mutation, data):
    seeds = census_seeds()
    k = data.draw(st.integers(0, len(seeds) - 1), label="seed")
    header, rows, _ = seeds[k]
    clean = _clean_bytes("census", k)
    want, exc, _ = _read(read_census, clean, "country.xlsx")
    assert exc is None, exc
    name = "census_country"
    if mutation in BYTE_DAMAGE:
        judge_bytes(
            name,
            mutation,
            read_census,
            damage(clean, mutation, data.draw),
            "country.xlsx",
            want,
            frame_equal,
        )
        return
    if mutation == "swapped columns":
        order = data.draw(st.permutations(range(len(header))))
        h = [header[j] for j in order]
        r = [[row[j] for j in order] for row in rows]
        got, exc, _ = _read(read_census, census_bytes(h, r), "country.xlsx")
        assert exc is None, exc
        frame_equal(got, want)
        record(name, mutation, "equal")
    elif mutation == "extra column":
        at = data.draw(st.integers(0, len(header)))
        h = header[:at] + ["NOTE"] + header[at:]
        r = [row[:at] + ["x"] + row[at:] for row in rows]
        got, exc, _ = _read(read_census, census_bytes(h, r), "country.xlsx")
        assert exc is None, exc
        frame_equal(got, want)
        record(name, mutation, "equal")
    elif mutation == "missing column":
        gone = data.draw(st.sampled_from(header))
        j = header.index(gone)
        h = header[:j] + header[j + 1 :]
        r = [row[:j] + row[j + 1 :] for row in rows]
        _, exc, _ = _read(read_census, census_bytes(h, r), "country.xlsx")
        judge_cell(name, mutation, exc, row=1, column=gone)
    elif mutation == "blank rows":
        blanks = data.draw(st.sets(st.integers(0, len(rows) - 1), min_size=1))
        got, exc, _ = _read(read_census, census_bytes(header, rows, blanks), "country.xlsx")
        assert exc is None, exc
        frame_equal(got, want)
        record(name, mutation, "equal")
    elif mutation == "text in a number cell":
        i = data.draw(st.integers(0, len(rows) - 1))
        col = data.draw(st.sampled_from(header[3:] + ["year", "CTY_CODE"]))
        text = data.draw(st.sampled_from(["n/a", "1,234.5", "12 %", "(D)"]))
        r = [list(row) for row in rows]
        r[i][header.index(col)] = text
        _, exc, _ = _read(read_census, census_bytes(header, r), "country.xlsx")
        judge_cell(name, mutation, exc, row=i + 2, column=col)
    elif mutation == "huge field":
        i = data.draw(st.integers(0, len(rows) - 1))
        huge = "Big " + "Ж" * 32_000  # an .xlsx cell holds up to 32,767 characters
        r = [list(row) for row in rows]
        r[i][header.index("CTYNAME")] = huge
        got, exc, _ = _read(read_census, census_bytes(header, r), "country.xlsx")
        assert exc is None, exc
        assert (got["country"] == huge).any()
        record(name, mutation, "equal")


# --- Rosstat 96stran.xlsx -----------------------------------------------------------------


@functools.cache
def rosstat_seeds():
    partners = ["Китай", "Германия", "США", "Турция"]
    values = {
        flow: [
            [(y - 2019) * 100 + m + k / 10 for k in range(len(partners))]
            for y in (2020, 2021)
            for m in range(1, 13)
        ]
        for flow in rosstat.SHEETS
    }
    values["Импорт"][3][1] = "…"  # Rosstat's "not published"
    seeds = [(partners, (2020, 2021), values, "hand-written")]
    real = _real(WORKBOOKS["rosstat_trade"].samples[0])
    if real:
        wb = openpyxl.load_workbook(real, read_only=True, data_only=True)
        sheets = {s: list(wb[s].iter_rows(values_only=True)) for s in rosstat.SHEETS}
        wb.close()
        head = sheets["Экспорт"][4]
        keep = [j for j, v in enumerate(head) if v is not None][:5]
        usa = next(j for j, v in enumerate(head) if v and rosstat.normalise_name(v) == "США")
        keep = sorted(set(keep) | {usa})
        names = [head[j] for j in keep]
        vals = {}
        for s, rows in sheets.items():
            body = [r for r in rows[5:] if r[0] is not None and not isinstance(r[0], int | float)]
            vals[s] = [[r[j] for j in keep] for r in body[:24]]
        seeds.append((names, (2006, 2007), vals, "real sample"))
    return seeds


def rosstat_bytes(partners, years, values, *, order=None, extra=None, skip=None, swap_months=None):
    order = list(range(len(partners))) if order is None else order

    def write(path):
        wb = openpyxl.Workbook(write_only=True)
        toc = wb.create_sheet("Содержание")
        toc.append(["Содержание"])
        for sheet in rosstat.SHEETS:
            ws = wb.create_sheet(sheet)
            ws.append(["К содержанию"])
            ws.append([f"{sheet} Российской Федерации"])
            ws.append(["(млн долларов США)"])
            names = [partners[j] for j in order] + ([extra] if extra else [])
            ws.append([None, *names])
            months = list(rosstat.MONTHS_RU)
            if swap_months is not None:
                a, b = swap_months
                months[a], months[b] = months[b], months[a]
            for y, year in enumerate(years):
                ws.append([year])
                for m, month in enumerate(months):
                    if skip == (sheet, y, m):
                        continue
                    row = values[sheet][y * 12 + m]
                    ws.append([f"  {month}", *[row[j] for j in order], *([1.0] if extra else [])])
        wb.save(path)

    return _save(write)


ROSSTAT_MUTATIONS = (
    "swapped columns",
    "unknown partner column",
    "dropped partner",
    "missing month row",
    "months out of order",
    "text in a number cell",
    *BYTE_DAMAGE,
)


@pytest.mark.parametrize("mutation", ROSSTAT_MUTATIONS)
@settings(max_examples=10, **SETTINGS)
@given(data=st.data())
def test_rosstat_workbook(mutation, data):
    seeds = rosstat_seeds()
    k = data.draw(st.integers(0, len(seeds) - 1), label="seed")
    partners, years, values, _ = seeds[k]
    clean = _clean_bytes("rosstat", k)
    want, exc, _ = _read(read_rosstat_trade, clean, ROSSTAT_FILE)
    assert exc is None, exc
    name = "rosstat_trade"
    n = len(partners)
    if mutation in BYTE_DAMAGE:
        judge_bytes(
            name,
            mutation,
            read_rosstat_trade,
            damage(clean, mutation, data.draw),
            ROSSTAT_FILE,
            want,
            frame_equal,
        )
        return
    if mutation == "swapped columns":
        order = data.draw(st.permutations(range(n)))
        got, exc, _ = _read(
            read_rosstat_trade, rosstat_bytes(partners, years, values, order=order), ROSSTAT_FILE
        )
        assert exc is None, exc
        frame_equal(got, want)
        record(name, mutation, "equal")
    elif mutation == "unknown partner column":
        _, exc, _ = _read(
            read_rosstat_trade,
            rosstat_bytes(partners, years, values, extra="Атлантида"),
            ROSSTAT_FILE,
        )
        judge_cell(name, mutation, exc, row=4, column=n + 2)
    elif mutation == "dropped partner":
        names = [rosstat.normalise_name(p) for p in partners]
        j = data.draw(st.sampled_from([k for k, p in enumerate(names) if p != "США"]))
        order = [k for k in range(n) if k != j]
        got, exc, _ = _read(
            read_rosstat_trade, rosstat_bytes(partners, years, values, order=order), ROSSTAT_FILE
        )
        assert exc is None, exc
        frame_equal(got, want[want["partner_ru"] != names[j]])
        record(name, mutation, "equal")
    elif mutation == "missing month row":
        sheet = data.draw(st.sampled_from(list(rosstat.SHEETS)))
        skip = (sheet, data.draw(st.integers(0, len(years) - 1)), data.draw(st.integers(0, 11)))
        _, exc, _ = _read(
            read_rosstat_trade, rosstat_bytes(partners, years, values, skip=skip), ROSSTAT_FILE
        )
        assert exc is not None and sheet in str(exc), f"{mutation}: read without an error"
        assert exc.row is not None
        record(name, mutation, "error")
    elif mutation == "months out of order":
        a, b = sorted(data.draw(st.lists(st.integers(0, 11), min_size=2, max_size=2, unique=True)))
        _, exc, _ = _read(
            read_rosstat_trade,
            rosstat_bytes(partners, years, values, swap_months=(a, b)),
            ROSSTAT_FILE,
        )
        judge_cell(name, mutation, exc, column=1)
    elif mutation == "text in a number cell":
        sheet = data.draw(st.sampled_from(list(rosstat.SHEETS)))
        i = data.draw(st.integers(0, len(values[sheet]) - 1))
        j = data.draw(st.integers(0, n - 1))
        bad = {s: [list(r) for r in v] for s, v in values.items()}
        bad[sheet][i][j] = data.draw(st.sampled_from(["n/a", "12 %", "x" * 30_000]))
        _, exc, _ = _read(read_rosstat_trade, rosstat_bytes(partners, years, bad), ROSSTAT_FILE)
        judge_cell(name, mutation, exc)
        assert sheet in str(exc)


# --- TIES 4.1 -----------------------------------------------------------------------------


TIES_XLS = WORKBOOKS["ties"].samples[0]


@functools.cache
def ties_seeds():
    cols = list(ties.REQUIRED) + ["sender2", "sender3", "sender4", "sender5", "issue1"]
    base = dict.fromkeys(cols, "")

    def case(**kw):
        return [{**base, **kw}[c] for c in cols]

    hand = [
        case(
            caseid=1,
            startyear=1962,
            startmonth=2,
            startday=7,
            endyear="",
            ongoingasofyear=2005,
            ongoingasofmonth=12,
            ongoingasofday=31,
            sender1=2,
            primarysender=2,
            targetstate=40,
            imposition=1,
            sancimpositionstartyear=1962,
            sanctiontype="1 2",
            finaloutcome=6,
        ),
        case(
            caseid=2,
            startyear=2014,
            startmonth=3,
            startday=17,
            endyear=2015,
            endmonth=6,
            endday=30,
            sender1=2,
            sender2=200,
            primarysender=2,
            targetstate=365,
            imposition=1,
            sancimpositionstartyear="2014, sometime in March",
            sanctiontype=4,
            finaloutcome=1,
        ),
        case(
            caseid=3,
            startyear=1980,
            endyear=1981,
            sender1=365,
            primarysender=365,
            targetstate=700,
            imposition=0,
            sanctiontype="",
            finaloutcome="",
        ),
    ]
    seeds = [(cols, hand, "hand-written")]
    real = _real(TIES_XLS)
    if real:
        df = pd.read_excel(real, sheet_name=ties.SHEET, dtype=object, nrows=25)
        rows = [["" if pd.isna(v) else v for v in r] for r in df.itertuples(index=False)]
        seeds.append(([str(c) for c in df.columns], rows, "real sample"))
    return seeds


def ties_bytes(header, rows):
    def write(path):
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet(ties.SHEET)
        ws.append(header)
        for row in rows:
            ws.append([None if v == "" else v for v in row])
        wb.save(path)

    return _save(write)


TIES_MUTATIONS = (
    "swapped columns",
    "extra column",
    "missing column",
    "text in a number cell",
    "huge field",
    *BYTE_DAMAGE,
)


@pytest.mark.parametrize("mutation", TIES_MUTATIONS)
@settings(max_examples=10, **SETTINGS)
@given(data=st.data())
def test_ties_workbook(mutation, data):
    seeds = ties_seeds()
    k = data.draw(st.integers(0, len(seeds) - 1), label="seed")
    header, rows, _ = seeds[k]
    clean = _clean_bytes("ties", k)
    want, exc, _ = _read(read_ties, clean, "TIESv4-1.xlsx")
    assert exc is None, exc
    name = "ties"
    if mutation in BYTE_DAMAGE:
        judge_bytes(
            name,
            mutation,
            read_ties,
            damage(clean, mutation, data.draw),
            "TIESv4-1.xlsx",
            want,
            frame_equal,
        )
        return
    if mutation in ("swapped columns", "extra column"):
        if mutation == "swapped columns":
            order = data.draw(st.permutations(range(len(header))))
            h = [header[j] for j in order]
            r = [[row[j] for j in order] for row in rows]
        else:
            at = data.draw(st.integers(0, len(header)))
            h = header[:at] + ["zz_note"] + header[at:]
            r = [row[:at] + ["x"] + row[at:] for row in rows]
        got, exc, _ = _read(read_ties, ties_bytes(h, r), "TIESv4-1.xlsx")
        assert exc is None, exc
        frame_equal(got, want)
        record(name, mutation, "equal")
    elif mutation == "missing column":
        gone = data.draw(st.sampled_from(list(ties.REQUIRED)))
        j = header.index(gone)
        h = header[:j] + header[j + 1 :]
        r = [row[:j] + row[j + 1 :] for row in rows]
        _, exc, _ = _read(read_ties, ties_bytes(h, r), "TIESv4-1.xlsx")
        assert exc is not None and exc.column == gone, exc
        record(name, mutation, "error")
    elif mutation == "text in a number cell":
        i = data.draw(st.integers(0, len(rows) - 1))
        col = data.draw(
            st.sampled_from(["caseid", "startyear", "targetstate", "primarysender", "imposition"])
        )
        r = [list(row) for row in rows]
        r[i][header.index(col)] = data.draw(st.sampled_from(["n/a", "USA", "12b"]))
        _, exc, _ = _read(read_ties, ties_bytes(header, r), "TIESv4-1.xlsx")
        judge_cell(name, mutation, exc, row=i + 2, column=col)
    elif mutation == "huge field":
        i = data.draw(st.integers(0, len(rows) - 1))
        r = [list(row) for row in rows]
        start = r[i][header.index("startyear")]
        huge = f"{start}, " + "note " * 6_000
        r[i][header.index("sancimpositionstartyear")] = huge
        got, exc, _ = _read(read_ties, ties_bytes(header, r), "TIESv4-1.xlsx")
        assert exc is None, exc
        assert (got["imposition_note"] == huge.strip()).any()
        record(name, mutation, "equal")


@settings(max_examples=10, **SETTINGS)
@given(data=st.data())
def test_ties_official_xls_damaged(data):
    """The real .xls as published, damaged: an error, or (damage in padding) the whole file."""
    real = _real(TIES_XLS)
    if real is None:
        pytest.skip(f"{TIES_XLS} is not in the shared data folder")
    clean = real.read_bytes()
    want = _whole_ties()
    how = data.draw(st.sampled_from(["truncated", "corrupted", "empty", "bom prefix"]))
    judge_bytes(
        "ties .xls (official)",
        how,
        read_ties,
        damage(clean, how, data.draw),
        "TIESv4-1.xls",
        want,
        frame_equal,
    )


@functools.cache
def _whole_ties():
    return read_ties(_real(TIES_XLS))
