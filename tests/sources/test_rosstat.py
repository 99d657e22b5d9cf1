"""Tests of the Rosstat 96stran.xlsx reader: real file values and malformed inputs."""

from __future__ import annotations

import openpyxl
import pytest

from toolkit.errors import DataFormatError, ParameterError
from toolkit.sources import read_rosstat_trade
from toolkit.sources.rosstat_trade import MONTHS_RU, SOURCE, normalise_name

ROSSTAT = SOURCE.shared[0]  # rosstat-trade-by-country/96stran.xlsx


@pytest.fixture(scope="module")
def rosstat(shared_data):
    path = shared_data / ROSSTAT
    if not path.exists():
        pytest.skip(f"{ROSSTAT} is not in {shared_data}")
    return read_rosstat_trade(path)


def test_layout(rosstat):
    df = rosstat
    assert list(df.columns) == ["partner", "partner_ru", "year", "month", "flow", "value_usd_m"]
    assert df.partner.nunique() == 29
    assert (df.year.min(), df.year.max()) == (2006, 2021)
    assert len(df) == 29 * 16 * 12 * 2
    assert "США" in set(df.partner_ru) and "Китай" in set(df.partner_ru)  # homoglyphs fixed


def test_not_published_is_missing(rosstat):
    # Rosstat writes "…" for Kazakhstan Jul-Dec 2010; those 12 cells are NaN, nothing else is.
    missing = rosstat[rosstat.value_usd_m.isna()]
    assert len(missing) == 12
    assert set(missing.partner) == {"Kazakhstan"} and set(missing.year) == {2010}


def test_usa_values(rosstat):
    us = rosstat[rosstat.partner == "USA"]
    first = us[(us.year == 2006) & (us.month == 1)].set_index("flow").value_usd_m
    assert first["exports"] == pytest.approx(459.71534)
    assert first["imports"] == pytest.approx(282.98197)
    annual = us.groupby(["year", "flow"]).value_usd_m.sum()
    assert round(annual[(2021, "exports")], 1) == 17522.8
    assert round(annual[(2021, "imports")], 1) == 16872.2
    assert round(annual[(2006, "exports")], 1) == 8638.4


def test_partner_filter(shared_file):
    df = read_rosstat_trade(shared_file(ROSSTAT), partners=["США", "China"])
    assert set(df.partner) == {"USA", "China"}
    with pytest.raises(ParameterError, match="unknown partner"):
        read_rosstat_trade(shared_file(ROSSTAT), partners=["Atlantis"])


def test_normalise_name():
    assert normalise_name("Китaй") == "Китай"  # Latin "a" inside
    assert normalise_name("Республикa \nКорея") == "Республика Корея"


# --- malformed inputs --------------------------------------------------------------


def _workbook(path, *, sheets=("Экспорт", "Импорт"), body=None, header=("США", "Китай")):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in sheets:
        ws = wb.create_sheet(name)
        ws.append(["(млн долларов США)"])
        ws.append([None, *header])
        rows = body if body is not None else [[2021]] + [[f"  {m}", 1.0, 2.0] for m in MONTHS_RU]
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_small_workbook(tmp_path):
    df = read_rosstat_trade(_workbook(tmp_path / "r.xlsx"))
    assert len(df) == 2 * 12 * 2
    assert df[df.partner == "USA"].value_usd_m.eq(1.0).all()


def test_truncated(shared_file, tmp_path):
    data = shared_file(ROSSTAT).read_bytes()
    bad = tmp_path / "96stran.xlsx"
    bad.write_bytes(data[: len(data) // 3])
    with pytest.raises(DataFormatError, match="truncated or corrupt"):
        read_rosstat_trade(bad)


def test_missing_sheet(tmp_path):
    path = _workbook(tmp_path / "r.xlsx", sheets=("Экспорт",))
    with pytest.raises(DataFormatError, match="no sheet 'Импорт'"):
        read_rosstat_trade(path)


def test_no_header(tmp_path):
    path = _workbook(tmp_path / "r.xlsx", header=("Китай",))
    with pytest.raises(DataFormatError, match="no header row of partner names"):
        read_rosstat_trade(path)


def test_unknown_partner(tmp_path):
    path = _workbook(tmp_path / "r.xlsx", header=("США", "Атлантида"))
    with pytest.raises(DataFormatError, match="unknown partner 'Атлантида'") as err:
        read_rosstat_trade(path)
    assert (err.value.row, err.value.column) == (2, 3)


def test_month_out_of_order(tmp_path):
    months = list(MONTHS_RU)
    months[2], months[3] = months[3], months[2]
    body = [[2021]] + [[m, 1.0, 2.0] for m in months]
    with pytest.raises(DataFormatError, match="out of order in 2021; expected 'март'") as err:
        read_rosstat_trade(_workbook(tmp_path / "r.xlsx", body=body))
    assert err.value.row == 6


def test_missing_months(tmp_path):
    body = [[2020]] + [[m, 1.0, 2.0] for m in MONTHS_RU[:11]] + [[2021]]
    body += [[m, 1.0, 2.0] for m in MONTHS_RU]
    with pytest.raises(DataFormatError, match="year 2020 has only 11 months"):
        read_rosstat_trade(_workbook(tmp_path / "r.xlsx", body=body))


def test_bad_row_label(tmp_path):
    body = [[2021], ["итого", 1.0, 2.0]]
    with pytest.raises(DataFormatError, match="neither a year nor a Russian month name"):
        read_rosstat_trade(_workbook(tmp_path / "r.xlsx", body=body))


def test_non_numeric(tmp_path):
    body = [[2021]] + [[m, 1.0, 2.0] for m in MONTHS_RU]
    body[5][1] = "n.a."
    with pytest.raises(DataFormatError, match="'n.a.' is not a number") as err:
        read_rosstat_trade(_workbook(tmp_path / "r.xlsx", body=body))
    assert (err.value.row, err.value.column) == (8, "США")


def test_missing_file(tmp_path):
    with pytest.raises(DataFormatError, match="no such file"):
        read_rosstat_trade(tmp_path / "absent.xlsx")


def test_a_second_usa_column_is_an_error_not_counted_twice(tmp_path):
    path = _workbook(
        tmp_path / "r.xlsx",
        header=("США", "США"),
        body=[[2021]] + [[m, 1.0, 2.0] for m in MONTHS_RU],
    )
    with pytest.raises(
        DataFormatError, match="partner 'США' appears twice .columns 2 and 3."
    ) as err:
        read_rosstat_trade(path)
    assert (err.value.row, err.value.column) == (2, 3)


def test_a_repeated_year_block_is_an_error_not_counted_twice(tmp_path):
    block = [[2021]] + [[m, 1.0, 2.0] for m in MONTHS_RU]
    path = _workbook(tmp_path / "r.xlsx", body=block + block)
    with pytest.raises(DataFormatError, match="year 2021 again .first on row 3.") as err:
        read_rosstat_trade(path)
    assert err.value.row == 16
