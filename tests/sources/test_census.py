"""Tests of the Census country.xlsx reader: real file values and malformed inputs."""

from __future__ import annotations

import math

import openpyxl
import pytest

from toolkit.errors import DataFormatError, ParameterError
from toolkit.sources import read_census_country
from toolkit.sources.census_country import COLUMNS, SOURCE

CENSUS = SOURCE.shared[0]  # census-country-trade/country.xlsx


@pytest.fixture(scope="module")
def census_monthly(shared_data):
    path = shared_data / CENSUS
    if not path.exists():
        pytest.skip(f"{CENSUS} is not in {shared_data}")
    return read_census_country(path)


@pytest.fixture(scope="module")
def census_annual(shared_data):
    path = shared_data / CENSUS
    if not path.exists():
        pytest.skip(f"{CENSUS} is not in {shared_data}")
    return read_census_country(path, freq="annual")


def _value(df, code, year, flow, month=None):
    sel = (df.cty_code == code) & (df.year == year) & (df.flow == flow)
    if month is not None:
        sel &= df.month == month
    (value,) = df.loc[sel, "value_usd_m"]
    return value


def test_every_country_and_row(census_monthly):
    # PROVENANCE.md: 8,725 rows, 263 country codes, 1985-2024.
    df = census_monthly
    assert list(df.columns) == ["cty_code", "country", "year", "month", "flow", "value_usd_m"]
    assert df["cty_code"].nunique() == 263
    assert len(df) == 8725 * 12 * 2
    assert (df.year.min(), df.year.max()) == (1985, 2024)
    assert set(df.flow) == {"exports", "imports"}
    assert set(df.month) == set(range(1, 13))


def test_vintage_detected_from_data(census_monthly):
    assert census_monthly.attrs["source"]["last_published"] == "2024-06"
    assert census_monthly.attrs["source"]["publisher"] == "US Census Bureau"


def test_unpublished_months_are_missing_not_zero(census_monthly):
    df = census_monthly
    late = df[(df.year == 2024) & (df.month >= 7)]
    n_2024 = df[df.year == 2024].cty_code.nunique()  # 248 codes have a 2024 row
    assert n_2024 == 248
    assert len(late) == n_2024 * 6 * 2
    assert late.value_usd_m.isna().all()
    # Jan-Jun 2024 are published: no NaN in them for Russia.
    early = df[(df.year == 2024) & (df.month <= 6) & (df.cty_code == "4621")]
    assert early.value_usd_m.notna().all()
    # Earlier years keep genuine zeros (they are not "unpublished").
    assert df[df.year < 2024].value_usd_m.notna().all()


def test_russia_known_values(census_monthly, census_annual):
    # facts.md A01, A30, A33, A34, A35.
    a = census_annual
    assert round(_value(a, "4621", 1992, "exports"), 1) == 2112.5
    assert round(_value(a, "4621", 1992, "imports"), 1) == 481.4
    assert round(_value(a, "4621", 2021, "exports"), 1) == 6388.2
    assert round(_value(a, "4621", 2021, "imports"), 1) == 29638.3
    assert round(_value(a, "4621", 2024, "imports"), 1) == 1881.7  # Jan-Jun only
    m = census_monthly
    imports_2022 = [round(_value(m, "4621", 2022, "imports", k), 1) for k in (1, 2, 3)]
    exports_2022 = [round(_value(m, "4621", 2022, "exports", k), 1) for k in (1, 2, 3)]
    assert imports_2022 == [1959.2, 2571.1, 2751.0]
    assert exports_2022 == [386.3, 466.3, 87.1]
    assert (m[m.cty_code == "4621"].year.min()) == 1992


def test_annual_totals_flag_partial_year(census_annual):
    a = census_annual[census_annual.cty_code == "4621"]
    assert a.month.isna().all()
    assert set(a[a.year == 2024].months_published) == {6}
    assert set(a[a.year == 2023].months_published) == {12}


def test_annual_equals_sum_of_months(census_monthly, census_annual):
    monthly = census_monthly.groupby(["cty_code", "year", "flow"]).value_usd_m.sum(min_count=1)
    annual = census_annual.set_index(["cty_code", "year", "flow"]).value_usd_m
    diff = (monthly - annual.loc[monthly.index]).abs()
    assert diff.max() < 0.6  # the file rounds to 0.1 in older years


def test_neighbour_codes_for_resilience(shared_file):
    # facts.md C17/C18: US exports 2021 to Armenia, Kyrgyzstan, Kazakhstan, Georgia, UAE, Turkey.
    df = read_census_country(
        shared_file(CENSUS), freq="annual", countries=[4631, "4635", 4634, 4633, 5200, 4890]
    )
    got = {
        code: round(_value(df, code, 2021, "exports"), 1)
        for code in ("4631", "4635", "4634", "4633", "5200", "4890")
    }
    assert got == {
        "4631": 44.5,
        "4635": 34.1,
        "4634": 806.0,
        "4633": 656.5,
        "5200": 17051.1,
        "4890": 11927.4,
    }


# --- malformed inputs --------------------------------------------------------------


def _workbook(path, header=COLUMNS, rows=(), title="country"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def _row(year="2021", code="4621", name="Russia", value=1.0):
    return [year, code, name] + [value] * 26


def test_small_workbook_roundtrip(tmp_path):
    # Two years: 2020 complete, 2021 published through March only (zeros after).
    late = [1.0, 2.0, 3.0] + [0] * 9
    rows = [
        _row("2020"),
        ["2021", "4621", "Russia", *late, 6.0, *late, 6.0],
    ]
    df = read_census_country(_workbook(tmp_path / "c.xlsx", rows=rows))
    assert df.attrs["source"]["last_published"] == "2021-03"
    r21 = df[df.year == 2021]
    assert r21[r21.month <= 3].value_usd_m.tolist() == [1.0, 1.0, 2.0, 2.0, 3.0, 3.0]
    assert r21[r21.month > 3].value_usd_m.isna().all()
    assert df[df.year == 2020].value_usd_m.eq(1.0).all()


def test_new_year_with_nothing_published(tmp_path):
    # A vintage that already carries 2022 rows, all zero: 2022 is entirely unpublished.
    rows = [_row("2021"), ["2022", "4621", "Russia"] + [0] * 26]
    path = _workbook(tmp_path / "c.xlsx", rows=rows)
    df = read_census_country(path)
    assert df.attrs["source"]["last_published"] == "2021-12"
    assert df[df.year == 2022].value_usd_m.isna().all()
    annual = read_census_country(path, freq="annual")
    y22 = annual[annual.year == 2022]
    assert y22.value_usd_m.isna().all() and set(y22.months_published) == {0}


def test_truncated_workbook(shared_file, tmp_path):
    data = shared_file(CENSUS).read_bytes()
    bad = tmp_path / "country.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataFormatError, match="truncated or corrupt") as err:
        read_census_country(bad)
    assert err.value.path == str(bad)


def test_not_a_workbook(tmp_path):
    bad = tmp_path / "country.xlsx"
    bad.write_text("year,CTY_CODE\n2021,4621\n")
    with pytest.raises(DataFormatError, match="is text .*named .xlsx"):
        read_census_country(bad)


def test_missing_file(tmp_path):
    with pytest.raises(DataFormatError, match="no such file"):
        read_census_country(tmp_path / "absent.xlsx")


def test_missing_column(tmp_path):
    header = [c for c in COLUMNS if c != "EYR"]
    path = _workbook(tmp_path / "c.xlsx", header=header, rows=[_row()[:-1]])
    with pytest.raises(DataFormatError, match="missing column") as err:
        read_census_country(path)
    assert err.value.column == "EYR"
    assert err.value.row == 1


def test_wrong_sheet(tmp_path):
    path = tmp_path / "c.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "notes"
    wb.create_sheet("data")
    wb.save(path)
    with pytest.raises(DataFormatError, match="no sheet 'country'; sheets found: notes, data"):
        read_census_country(path)
    _workbook(path, rows=[_row()])
    with pytest.raises(DataFormatError, match="no sheet 'exports'"):
        read_census_country(path, sheet="exports")


def test_non_numeric_value(tmp_path):
    row = _row()
    row[COLUMNS.index("IMAR")] = "n/a"
    path = _workbook(tmp_path / "c.xlsx", rows=[_row("2020"), row])
    with pytest.raises(DataFormatError, match="'n/a' is not a number") as err:
        read_census_country(path)
    assert (err.value.row, err.value.column) == (3, "IMAR")


def test_non_numeric_year(tmp_path):
    path = _workbook(tmp_path / "c.xlsx", rows=[_row(year="FY21")])
    with pytest.raises(DataFormatError, match="not an integer") as err:
        read_census_country(path)
    assert (err.value.row, err.value.column) == (2, "year")


def test_empty_cell_is_missing(tmp_path):
    row = _row()
    row[COLUMNS.index("EFEB")] = None
    df = read_census_country(_workbook(tmp_path / "c.xlsx", rows=[_row("2020"), row]))
    sel = (df.year == 2021) & (df.month == 2) & (df.flow == "exports")
    assert math.isnan(df.loc[sel, "value_usd_m"].item())


def test_bad_freq(tmp_path):
    with pytest.raises(ParameterError, match="expected one of monthly, annual") as err:
        read_census_country(tmp_path / "c.xlsx", freq="weekly")
    assert err.value.key == "freq"


# --- bad input, round two: values that would change the numbers without an error -----------


@pytest.mark.parametrize(
    ("year", "match"),
    [
        ("2042", "year 2042 is outside the file's range"),  # moves the vintage: unpublished -> 0
        ("1900", "year 1900 is outside"),
        ("2021.5", "'2021.5' is not an integer|2021.5 is not an integer"),
        ("1e+20", "is not an integer"),
        ("2_021", "'2_021' is not an integer"),
        ("inf", "not a finite number"),
    ],
)
def test_a_year_out_of_range_or_not_whole_is_named(tmp_path, year, match):
    path = _workbook(tmp_path / "c.xlsx", rows=[_row("2020"), _row(year, value=0.0)])
    with pytest.raises(DataFormatError, match=match) as err:
        read_census_country(path)
    assert err.value.row == 3 and err.value.column == "year"


def test_a_repeated_data_row_is_an_error_not_double_months(tmp_path):
    path = _workbook(tmp_path / "c.xlsx", rows=[_row("2020"), _row("2021"), _row("2021")])
    with pytest.raises(
        DataFormatError, match="year 2021, country 4621 again .first on row 3."
    ) as err:
        read_census_country(path)
    assert err.value.row == 4


def test_a_repeated_column_is_an_error_not_the_first_one_silently(tmp_path):
    header = list(COLUMNS)
    header[COLUMNS.index("IJAN")] = "EJAN"  # EJAN twice: imports would be read as exports
    path = _workbook(tmp_path / "c.xlsx", header=header, rows=[_row("2020")])
    with pytest.raises(DataFormatError, match="'EJAN' appears twice") as err:
        read_census_country(path)
    assert err.value.column == "EJAN"


@pytest.mark.parametrize("value", ["inf", "-inf", "NaN", "1e400"])
def test_non_finite_values_are_named(tmp_path, value):
    row = _row("2020")
    row[COLUMNS.index("IMAR")] = value
    path = _workbook(tmp_path / "c.xlsx", rows=[row])
    with pytest.raises(DataFormatError, match="not a finite number") as err:
        read_census_country(path)
    assert (err.value.row, err.value.column) == (2, "IMAR")


@pytest.mark.parametrize("code", ["46210000000000000000", "0", "4621.5"])
def test_country_codes_out_of_range(tmp_path, code):
    path = _workbook(tmp_path / "c.xlsx", rows=[_row("2020", code=code)])
    with pytest.raises(DataFormatError) as err:
        read_census_country(path)
    assert err.value.column == "CTY_CODE"
