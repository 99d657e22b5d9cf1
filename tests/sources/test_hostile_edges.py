"""Hostile inputs, round two: values at the edges, long lines, workbooks and repeated columns.

Generated cases for every reader the class applies to, each ending in the toolkit's own
``DataFormatError`` naming the file and the place (line or row, and column where there is one)
or in a correct read, within :data:`FAST` seconds. The classes, counted in the summary printed
at the end of the run:

- ``edge``: numbers at the edges in the value and year cells of armenia_trade, comext,
  crea_crude and imf_imts: ``inf``, ``-inf``, ``NaN``, ``1e400``, ``1_000``, a negative value,
  a year ``0001``/``0000``/``2999``, 20 digits or ``1e+20``, a day that does not exist;
  ``1e+20`` as a value is a finite number and reads as written.
- ``long-line``: a line of 9 MiB (over the 8 MiB bound) in every text reader's file, and one
  single 50 MB line.
- ``workbook``: a formula cell saved without its computed value; an .xlsx named .xls or .csv
  and a legacy .xls named .xlsx.
- ``dup-column``: a key or partner column repeated in the header (in another letter case).
- ``cut-last-field``: the TIES CSV copy cut inside its last field.
- ``ofac``: text beside a quote (``"NAME"JUNK``), one UTF-8 record inside a CP1252 file.
"""

from __future__ import annotations

import csv
import io
import os
import time
from pathlib import Path

import openpyxl
import pytest
import test_dfat_consolidated as dfat_t
import test_eurostat_cn8 as cn8_t
import test_hostile_text as text_t
import test_hostile_workbooks as wb_t
from support.hostile import record
from test_hostile_files import _layout

import toolkit
from toolkit.errors import DataFormatError
from toolkit.files import MAX_LINE_BYTES
from toolkit.sources import get_source, source_keys, ties
from toolkit.sources import ofac_sdn as ofac

#: Seconds a case may take (the shared machine is slow; the real cost is well under one).
FAST = 8.0


def _judge(reader, mutation, read, path, *, line=None, row=None, column=None, names=None):
    """Read ``path``: a DataFormatError naming it and the place, fast; return the error."""
    start = time.monotonic()
    with pytest.raises(DataFormatError) as err:
        read(path)
    took = time.monotonic() - start
    exc = err.value
    assert took < FAST, f"{reader} {mutation}: {took:.1f} s"
    named = {str(path), str(Path(path).parent), *(str(n) for n in names or ())}
    assert exc.path in named, f"{reader} {mutation}: names {exc.path}, not the file"
    assert exc.line is not None or exc.row is not None, f"{reader} {mutation}: no place: {exc}"
    if line is not None:
        assert exc.line == line, f"{reader} {mutation}: line {exc.line}, expected {line}: {exc}"
    if row is not None:
        assert exc.row == row, f"{reader} {mutation}: row {exc.row}, expected {row}: {exc}"
    if column is not None:
        assert str(exc.column) == str(column), f"{reader} {mutation}: {exc}"
    record(reader, mutation, "error")
    return exc


# --- edge: numbers at the edges ------------------------------------------------------------

ARMENIA_HEADER = "country,year,month,export,import_origin,import_consignment,date\n"
IMF_HEADER = (
    "DATASET,COUNTRY.ID,INDICATOR.ID,COUNTERPART_COUNTRY.ID,COUNTERPART_COUNTRY,"
    "FREQUENCY.ID,SCALE,{y1},2024\n"
)
COMEXT_HEADER = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\r\n"

#: Value cells that are no amount, and the ones that are.
BAD_VALUES = ("inf", "-inf", "+Infinity", "NaN", "nan", "1e400", "-1e400", "1_000", "0x1F", "-5")
BAD_YEARS = ("0001", "0000", "2999", "1e+20", "12345678901234567890", "2021.0", "-2021")


def _armenia(tmp, value="5", year="2021", date=None):
    date = date or f"{year}-02-01"
    path = tmp / "arm_trade_country.csv"
    path.write_text(
        ARMENIA_HEADER
        + "Russia,2021,1,5,6,7,2021-01-01\n"
        + f"Russia,{year},2,{value},6,7,{date}\n"
    )
    return path


def _crea(tmp, value="4", year="2022"):
    path = tmp / "crude_ru_exports.csv"
    path.write_text(f"date,China,India\n2021,1,2\n{year},{value},3\n")
    return path


def _imf(tmp, value="2", year="2023"):
    path = tmp / "RU_trade.csv"
    path.write_text(
        IMF_HEADER.format(y1=year)
        + f"IMF.STA:IMTS,RUS,XG_FOB_USD,USA,United States,A,Millions,1,{value}\n"
    )
    return path


def _comext(tmp, value="100", period="Aug. 2024"):
    folder = tmp / "comext"
    folder.mkdir(exist_ok=True)
    (folder / "a.csv").write_text(
        COMEXT_HEADER + f'"Austria","Russia","Total","EXPORT","Total","{period}","{value}"\r\n'
    )
    return folder


def _read_comext(folder):
    return toolkit.load("comext", path=str(folder), include="all")


#: reader -> (write(tmp, value=) , write(tmp, year=), read, (line, value column), (line, year column))
EDGE_READERS = {
    "armenia_trade": (
        _armenia,
        lambda tmp, v: _armenia(tmp, year=v),
        lambda p: toolkit.load("armenia_trade", path=str(p)),
        (3, "export"),
        (3, "year"),
    ),
    "crea_crude": (
        _crea,
        lambda tmp, v: _crea(tmp, year=v),
        lambda p: toolkit.load("crea_crude", path=str(p)),
        (3, "China"),
        (3, "date"),
    ),
    "imf_imts": (
        _imf,
        lambda tmp, v: _imf(tmp, year=v),
        lambda p: toolkit.load("imf_imts", path=str(p)),
        (2, "2024"),
        (1, None),  # the year is a column name: the error names that column
    ),
    "comext": (
        _comext,
        lambda tmp, v: _comext(tmp, period=f"Feb. {v}"),
        _read_comext,
        (2, "VALUE_IN_EUR"),
        (2, "PERIOD"),
    ),
}


@pytest.mark.parametrize("value", BAD_VALUES)
@pytest.mark.parametrize("reader", sorted(EDGE_READERS))
def test_value_at_the_edge_is_named(reader, value, tmp_path):
    write, _, read, (line, column), _ = EDGE_READERS[reader]
    path = write(tmp_path, value)
    target = path / "a.csv" if path.is_dir() else path
    _judge(reader, "edge:value", read, path, line=line, column=column, names=[target])


@pytest.mark.parametrize("year", BAD_YEARS)
@pytest.mark.parametrize("reader", sorted(EDGE_READERS))
def test_year_at_the_edge_is_named(reader, year, tmp_path):
    _, write, read, _, (line, column) = EDGE_READERS[reader]
    if reader == "imf_imts" and not (year.isdigit() and len(year) == 4):
        # a header name that is not four digits is no year column: kept out, as the labels
        got = read(write(tmp_path, year))
        assert set(got["year"]) == {2024}
        record(reader, "edge:year", "equal")
        return
    if reader == "comext" and not year.isdigit():
        pytest.skip("a period that is not 'Mon. YYYY' is the comext period case")
    path = write(tmp_path, year)
    target = path / "a.csv" if path.is_dir() else path
    exc = _judge(reader, "edge:year", read, path, line=line, names=[target])
    assert column is None or str(exc.column) == column, str(exc)


@pytest.mark.parametrize("reader", sorted(EDGE_READERS))
def test_a_finite_huge_value_reads_as_written(reader, tmp_path):
    write, _, read, _, _ = EDGE_READERS[reader]
    got = read(write(tmp_path, "1e+20"))
    value = [c for c in got.columns if c.startswith(("value", "volume"))][0]
    assert got[value].max() == 1e20
    record(reader, "edge:value", "equal")


@pytest.mark.parametrize(
    "reader, write, line, column",
    [
        ("armenia_trade", lambda tmp: _armenia(tmp, date="2021-02-31"), 3, "date"),
        ("armenia_trade", lambda tmp: _armenia(tmp, date="2021-02-29"), 3, "date"),
        ("comext", lambda tmp: _comext(tmp, period="Feb. 31 2024"), 2, "PERIOD"),
    ],
)
def test_a_day_that_does_not_exist(reader, write, line, column, tmp_path):
    path = write(tmp_path)
    read = EDGE_READERS[reader][2]
    target = path / "a.csv" if path.is_dir() else path
    _judge(reader, "edge:date", read, path, line=line, column=column, names=[target])


# --- long-line: a line over the bound in every text reader --------------------------------

TEXT_READERS = [
    k
    for k in source_keys()
    if not any(w in get_source(k).format.lower() for w in ("xlsx", "xls", "workbook", "parquet"))
]


@pytest.mark.parametrize("where", ["after the header", "first line"])
@pytest.mark.parametrize("key", [*TEXT_READERS, "ties"])
def test_a_line_over_the_bound_fails_fast(key, where, tmp_path):
    given, damaged = _layout(key, tmp_path)
    if key == "ties":
        given = damaged[0] = tmp_path / "TIESv4-1.csv"
    long = b"A" * (MAX_LINE_BYTES + (1 << 20))
    for d in damaged:
        d.parent.mkdir(parents=True, exist_ok=True)
        d.write_bytes(b"a,b\n" + long + b"\n" if where == "after the header" else long)
    line = 2 if where == "after the header" else 1
    exc = _judge(
        key,
        "long-line",
        lambda p: toolkit.load(key, path=str(p)),
        given,
        line=line,
        names=damaged,
    )
    assert "bound for one line" in exc.problem


def test_a_50_mb_single_line_fails_fast_in_bounded_memory(tmp_path):
    import resource

    path = tmp_path / "arm_trade_country.csv"
    with open(path, "wb") as fh:
        fh.write(ARMENIA_HEADER.encode())
        for _ in range(50):
            fh.write(b"x" * (1 << 20))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _judge(
        "armenia_trade",
        "long-line",
        lambda p: toolkit.load("armenia_trade", path=str(p)),
        path,
        line=2,
    )
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 400, f"peak memory grew by {grown_mb:.0f} MB for a 50 MB file"


# --- workbook: formulas without a value, wrong extensions ---------------------------------


def _formula(data: bytes, sheet: str | None, cell: str) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[sheet] if sheet else wb.worksheets[0]
    ws[cell] = "=1+1"  # openpyxl stores the formula, no computed value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _census_book():
    header, rows, _ = wb_t.census_seeds()[0]
    return wb_t.census_bytes(header, rows)


def _rosstat_book():
    partners, years, values, _ = wb_t.rosstat_seeds()[0]
    return wb_t.rosstat_bytes(partners, years, values)


def _ties_book():
    header, rows, _ = wb_t.ties_seeds()[0]
    return wb_t.ties_bytes(header, rows)


def _dfat_book():
    path = dfat_t._book(Path(os.environ.get("TMPDIR", "/tmp")) / f"dfat-{os.getpid()}.xlsx")
    try:
        return path.read_bytes()
    finally:
        path.unlink()


def _cn8_book():
    path = cn8_t.write_book(Path(os.environ.get("TMPDIR", "/tmp")) / f"cn8-{os.getpid()}.xlsx")
    try:
        return path.read_bytes()
    finally:
        path.unlink()


#: reader -> (clean bytes, file name, read, [(sheet, cell)] holding a value the reader uses)
WORKBOOKS = {
    "census_country": (
        _census_book,
        "country.xlsx",
        wb_t.read_census,
        [(None, "D2"), (None, "A3")],
    ),
    "rosstat_trade": (
        _rosstat_book,
        "96stran.xlsx",
        wb_t.read_rosstat_trade,
        [("Экспорт", "B7"), ("Импорт", "C20")],
    ),
    "ties": (_ties_book, "TIESv4-1.xlsx", wb_t.read_ties, [(ties.SHEET, "B2"), (ties.SHEET, "A3")]),
    "dfat_consolidated": (
        _dfat_book,
        "regulation8_consolidated.xlsx",
        lambda p: toolkit.load("dfat_consolidated", path=str(p)),
        [(None, "A2"), (None, "B3")],
    ),
    "eurostat_cn8": (
        _cn8_book,
        "exports.xlsx",
        lambda p: toolkit.load("eurostat_cn8", path=str(p.parent), refresh=True),
        [("Sheet 1", "C10"), ("Sheet 2", "D11")],
    ),
}

_CELLS = [(r, k) for r in WORKBOOKS for k in range(len(WORKBOOKS[r][3]))]


@pytest.mark.parametrize("reader, k", _CELLS)
def test_a_formula_without_its_value_names_the_cell(reader, k, tmp_path):
    clean, name, read, cells = WORKBOOKS[reader]
    sheet, cell = cells[k]
    path = tmp_path / name
    path.write_bytes(_formula(clean(), sheet, cell))
    column = "".join(c for c in cell if c.isalpha())
    exc = _judge(
        reader, "workbook:formula", read, path, row=int(cell[len(column) :]), column=column
    )
    assert cell in exc.problem and "formula" in exc.problem


@pytest.mark.parametrize("suffix", [".xls", ".csv"])
@pytest.mark.parametrize("reader", sorted(WORKBOOKS))
def test_an_xlsx_under_another_extension_names_both(reader, suffix, tmp_path):
    clean, name, read, _ = WORKBOOKS[reader]
    path = tmp_path / (Path(name).stem + suffix)
    path.write_bytes(clean())
    with pytest.raises(DataFormatError) as err:
        read(path)
    assert err.value.path in (str(path), str(path.parent)), err.value.path
    assert ".xlsx workbook" in err.value.problem and suffix in err.value.problem, err.value
    record(reader, "workbook:misnamed", "error")


@pytest.mark.parametrize("reader", sorted(WORKBOOKS))
def test_a_legacy_xls_named_xlsx_names_both(reader, tmp_path):
    _, name, read, _ = WORKBOOKS[reader]
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    with pytest.raises(DataFormatError) as err:
        read(path)
    assert "legacy .xls" in err.value.problem and ".xlsx" in err.value.problem, err.value
    record(reader, "workbook:misnamed", "error")


# --- dup-column: a header column repeated -------------------------------------------------

#: reader -> (file name, header, a data row, read)
HEADER_CSVS = {
    "armenia_trade": (
        "arm_trade_country.csv",
        ARMENIA_HEADER.strip().split(","),
        ["Russia", "2021", "1", "5", "6", "7", "2021-01-01"],
        lambda p: toolkit.load("armenia_trade", path=str(p)),
    ),
    "crea_crude": (
        "crude_ru_exports.csv",
        ["date", "China", "India"],
        ["2021", "1", "2"],
        lambda p: toolkit.load("crea_crude", path=str(p)),
    ),
    "imf_imts": (
        "RU_trade.csv",
        IMF_HEADER.format(y1="2023").strip().split(","),
        ["IMF.STA:IMTS", "RUS", "XG_FOB_USD", "USA", "United States", "A", "Millions", "1", "2"],
        lambda p: toolkit.load("imf_imts", path=str(p)),
    ),
    "comext": (
        "a.csv",
        COMEXT_HEADER.strip().split(","),
        ["Austria", "Russia", "Total", "EXPORT", "Total", "Aug. 2024", "100"],
        lambda p: _read_comext(p.parent),
    ),
}


def _dup_cases():
    for reader, (_, header, _, _) in HEADER_CSVS.items():
        for j, name in enumerate(header):
            if reader == "crea_crude" and j == 0:
                continue
            for variant in (name, name.lower() if name != name.lower() else name.upper()):
                yield reader, j, variant


@pytest.mark.parametrize("reader, j, variant", list(_dup_cases()))
def test_a_repeated_column_is_named(reader, j, variant, tmp_path):
    name, header, row, read = HEADER_CSVS[reader]
    path = tmp_path / name
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([*header, variant])
    w.writerow([*row, row[j]])
    path.write_text(buf.getvalue())
    _judge(reader, "dup-column", read, path, line=1, column=variant)


def test_a_repeated_partner_in_rosstat_is_named(tmp_path):
    partners, years, values, _ = wb_t.rosstat_seeds()[0]
    path = tmp_path / wb_t.ROSSTAT_FILE
    usa = partners.index("США")
    path.write_bytes(wb_t.rosstat_bytes(partners, years, values, extra=partners[usa]))
    exc = _judge("rosstat_trade", "dup-column", wb_t.read_rosstat_trade, path)
    assert "США" in str(exc)


@pytest.mark.parametrize("variant", ["EJAN", "ejan", "CTY_CODE"])
def test_a_repeated_census_column_is_named(variant, tmp_path):
    header, rows, _ = wb_t.census_seeds()[0]
    path = tmp_path / "country.xlsx"
    j = [h.casefold() for h in header].index(variant.casefold())
    path.write_bytes(wb_t.census_bytes([*header, variant], [[*r, r[j]] for r in rows]))
    _judge("census_country", "dup-column", wb_t.read_census, path, row=1)


# --- cut-last-field: the TIES CSV copy cut inside its last field --------------------------


def _ties_csv() -> str:
    header, rows, _ = wb_t.ties_seeds()[0]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


def test_the_ties_csv_copy_reads_whole():
    text = _ties_csv()
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"ties-{os.getpid()}.csv"
    path.write_text(text)
    try:
        assert len(ties.read_ties(path)) == len(wb_t.ties_seeds()[0][1])
    finally:
        path.unlink()
    record("ties", "cut-last-field", "equal")


@pytest.mark.parametrize("cut", [1, 2, 3, 5, 8])
def test_the_ties_csv_copy_cut_inside_its_last_field(cut, tmp_path):
    text = _ties_csv()
    body = text.rstrip("\r\n")
    path = tmp_path / "TIESv4-1.csv"
    path.write_text(body[: len(body) - cut + 1] if cut > 1 else body)
    lines = body.count("\r\n") + 1
    _judge("ties", "cut-last-field", ties.read_ties, path, line=lines)


# --- ofac: text beside a quote, a UTF-8 record in a CP1252 file ----------------------------

OFAC_PARTS = {
    "ofac_sdn": ("sdn", ofac.MAIN_COLUMNS),
    "ofac_sdn add.csv": ("add", ofac.ADD_COLUMNS),
    "ofac_sdn alt.csv": ("alt", ofac.ALT_COLUMNS),
    "ofac_sdn sdn_comments.csv": ("comments", ofac.COMMENT_COLUMNS),
}


def _ofac_lines(name):
    """The hand-written seed of one OFAC file, serialised as Treasury writes it, by line."""
    fmt = text_t.FORMATS[name]
    seed = fmt.seeds()[0]
    text, _ = text_t.serialize(fmt, seed)
    return text.split("\r\n")[:-1]


def _junk_cases():
    for name in OFAC_PARTS:
        lines = _ofac_lines(name)
        for i, line in enumerate(lines):
            quotes = [k for k, c in enumerate(line) if c == '"']
            for q in quotes[1::2][:3]:  # closing quotes
                yield name, i, q, "after"
            for q in quotes[0::2][:2]:  # opening quotes
                yield name, i, q, "before"


@pytest.mark.parametrize("name, i, q, side", list(_junk_cases()))
def test_text_beside_a_quote_names_the_line(name, i, q, side, tmp_path):
    _, columns = OFAC_PARTS[name]
    lines = _ofac_lines(name)
    line = lines[i]
    lines[i] = (
        line[: q + 1] + "JUNK" + line[q + 1 :] if side == "after" else line[:q] + "X" + line[q:]
    )
    path = tmp_path / "x.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252") + b"\x1a")
    _judge(
        name,
        "ofac:text-beside-quote",
        lambda p: ofac.read_legacy_csv(p, columns),
        path,
        line=i + 1,
    )


@pytest.mark.parametrize("name", sorted(OFAC_PARTS))
def test_a_utf8_record_in_a_cp1252_file_names_the_line(name, tmp_path):
    _, columns = OFAC_PARTS[name]
    lines = _ofac_lines(name)
    accented = [k for k, line in enumerate(lines) if not line.isascii()]
    if not accented:  # give one record an accented letter
        lines[-1] = lines[-1].replace('"', '"É', 1)
        accented = [len(lines) - 1]
    k = accented[-1]
    raw = b"".join(
        (line.encode("utf-8") if j == k else line.encode("cp1252")) + b"\r\n"
        for j, line in enumerate(lines)
    )
    path = tmp_path / "x.csv"
    path.write_bytes(raw + b"\x1a")
    exc = _judge(
        name, "ofac:utf8-record", lambda p: ofac.read_legacy_csv(p, columns), path, line=k + 1
    )
    assert "UTF-8" in exc.problem


def test_a_misnamed_workbook_beside_good_ones_is_not_skipped(tmp_path):
    """A folder reader names a workbook saved as .xls rather than reading the others only."""
    (tmp_path / "a.xlsx").write_bytes(_cn8_book())
    (tmp_path / "b.xls").write_bytes(_cn8_book())
    with pytest.raises(DataFormatError) as err:
        toolkit.load("eurostat_cn8", path=str(tmp_path), refresh=True)
    assert err.value.path == str(tmp_path / "b.xls"), err.value
    assert ".xlsx workbook" in err.value.problem and ".xls" in err.value.problem
    record("eurostat_cn8", "workbook:misnamed", "error")
