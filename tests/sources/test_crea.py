"""CREA crude reader: destinations 2021 vs 2022 from the real file, and malformed input."""

from __future__ import annotations

import pytest

from toolkit.errors import DataFormatError
from toolkit.sources.crea_crude import SOURCE, read_crea_crude

REAL = SOURCE.shared[0]  # crea-fossil/crude_ru_exports.csv


def _file(tmp_path, text: str):
    path = tmp_path / "crude.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_real_destinations(shared_file):
    df = read_crea_crude(shared_file(REAL))
    assert list(df.columns) == ["destination", "year", "volume", "unit"]
    assert sorted(df["year"].unique()) == [2021, 2022]
    assert df["destination"].nunique() == 43
    vol = df.set_index(["destination", "year"])["volume"]
    assert vol[("China", 2021)] == pytest.approx(39269.80575)
    assert vol[("India", 2021)] == pytest.approx(4525.856172)
    assert vol[("India", 2022)] == pytest.approx(43853.33415)  # India ~x9.7 from 2021 to 2022
    totals = df.groupby("year")["volume"].sum()
    assert totals[2021] == pytest.approx(209471.37, abs=0.01)
    assert totals[2022] == pytest.approx(226383.30, abs=0.01)
    assert set(df["unit"]) == {"not stated in the file (likely kt)"}
    assert df.groupby("year").head(1)["destination"].tolist() == ["China", "China"]


def test_empty_cell_is_missing(tmp_path):
    df = read_crea_crude(_file(tmp_path, "date,China,India\n2021,5,\n"))
    assert df.set_index("destination")["volume"].isna().to_dict() == {"China": False, "India": True}


@pytest.mark.parametrize(
    ("text", "match", "line", "column"),
    [
        ("year,China\n2021,5\n", "missing column date", 1, "date"),  # the year column renamed
        ("date,China\n21a,5\n", "not a year", 2, "date"),  # not an integer year
        ("date,China\n2021,5\n2021,6\n", "appears twice", 3, "date"),  # year repeated
        ("date,China\n2021,lots\n", "'lots' is not a number", 2, "China"),  # text value
        (
            "date,China,China\n2021,5,6\n",
            "appears twice in the header",
            1,
            "China",
        ),  # duplicate column
        ("date,China\n", "no data rows", 2, None),  # header only
    ],
)
def test_malformed(tmp_path, text, match, line, column):
    with pytest.raises(DataFormatError, match=match) as err:
        read_crea_crude(_file(tmp_path, text))
    assert (err.value.line, err.value.column) == (line, column)


def test_empty_and_missing_file(tmp_path):
    with pytest.raises(DataFormatError, match="empty file"):
        read_crea_crude(_file(tmp_path, ""))
    with pytest.raises(DataFormatError, match="no such file"):
        read_crea_crude(tmp_path / "nope.csv")
