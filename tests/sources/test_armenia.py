"""Armenia trade reader: yearly exports to Russia from the real file, and malformed input."""

from __future__ import annotations

import pytest

from toolkit.errors import DataFormatError
from toolkit.sources.armenia_trade import SOURCE, read_armenia_trade

REAL = SOURCE.shared[0]  # armenia-trade/arm_trade_country.csv
HEADER = '\ufeff"country","year","month","export","import_origin","import_consignment","date"\n'


def _file(tmp_path, body: str, header: str = HEADER):
    path = tmp_path / "arm.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_yearly_exports_to_russia(shared_file):
    df = read_armenia_trade(shared_file(REAL))
    assert list(df.columns) == ["country", "year", "month", "month_date", "flow", "value_usd_k"]
    rus = df[(df["country"] == "Russian Federation") & (df["flow"] == "exports")]
    annual = rus.groupby("year")["value_usd_k"].sum() / 1000  # thousand USD -> USD million
    assert annual[2021] == pytest.approx(840.68, abs=0.01)  # PROVENANCE.md ≈ 841 m
    assert annual[2022] == pytest.approx(2462.78, abs=0.01)  # ≈ 2,463 m
    assert annual[2023] == pytest.approx(3540.19, abs=0.01)  # ≈ 3,540 m
    assert rus.groupby("year")["month"].nunique().eq(12).all()
    assert rus["month_date"].min().strftime("%Y-%m") == "2007-01"
    assert rus["month_date"].max().strftime("%Y-%m") == "2024-12"


def test_bom_is_not_part_of_the_first_column(tmp_path):
    df = read_armenia_trade(_file(tmp_path, '"Russian Federation",2021,1,10.5,2,3,"2021-01-01"\n'))
    assert df.set_index("flow")["value_usd_k"].to_dict() == {
        "exports": 10.5,
        "imports_by_consignment": 3.0,
        "imports_by_origin": 2.0,
    }


def test_empty_value_is_missing_not_zero(tmp_path):
    df = read_armenia_trade(_file(tmp_path, '"Georgia",2021,1,,2,3,"2021-01-01"\n'))
    assert df[df["flow"] == "exports"]["value_usd_k"].isna().all()


def test_missing_column(tmp_path):
    header = '"country","year","month","import_origin","import_consignment","date"\n'
    with pytest.raises(DataFormatError, match="missing column") as err:
        read_armenia_trade(_file(tmp_path, '"Georgia",2021,1,2,3,"2021-01-01"\n', header))
    assert (err.value.line, err.value.column) == (1, "export")


def test_non_numeric_value(tmp_path):
    body = '"Georgia",2021,1,5,2,3,"2021-01-01"\n"Georgia",2021,2,five,2,3,"2021-02-01"\n'
    with pytest.raises(DataFormatError, match="'five'") as err:
        read_armenia_trade(_file(tmp_path, body))
    assert (err.value.line, err.value.column) == (3, "export")


def test_month_out_of_range(tmp_path):
    with pytest.raises(DataFormatError, match="not 1–12") as err:
        read_armenia_trade(_file(tmp_path, '"Georgia",2021,13,5,2,3,"2021-12-01"\n'))
    assert (err.value.line, err.value.column) == (2, "month")


def test_date_disagrees_with_year_and_month(tmp_path):
    with pytest.raises(DataFormatError, match="does not match") as err:
        read_armenia_trade(_file(tmp_path, '"Georgia",2021,2,5,2,3,"2021-03-01"\n'))
    assert err.value.column == "date"


def test_duplicate_country_month(tmp_path):
    body = '"Georgia",2021,2,5,2,3,"2021-02-01"\n"Georgia",2021,2,6,2,3,"2021-02-01"\n'
    with pytest.raises(DataFormatError, match="appears twice") as err:
        read_armenia_trade(_file(tmp_path, body))
    assert err.value.line == 3


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(DataFormatError, match="empty file"):
        read_armenia_trade(empty)
    with pytest.raises(DataFormatError, match="no data rows"):
        read_armenia_trade(_file(tmp_path, ""))
    with pytest.raises(DataFormatError, match="no such file"):
        read_armenia_trade(tmp_path / "nope.csv")
