"""Tests of the OpenSanctions targets.simple.csv reader on the real export and malformed copies."""

from __future__ import annotations

import pytest

from toolkit.errors import DataFormatError
from toolkit.sources.opensanctions import COLUMNS, SOURCE, read_opensanctions, split_multi

FILE = SOURCE.shared[0]  # opensanctions-ua-war-sanctions/targets.simple.csv


@pytest.fixture(scope="module")
def targets(shared_data):
    path = shared_data / FILE
    if not path.exists():
        pytest.skip(f"{FILE} is not in {shared_data}")
    return read_opensanctions(path)


def test_row_count_schemas_and_licence(targets):
    assert len(targets) == 5_600
    assert targets["schema"].value_counts().to_dict() == {
        "Person": 1_543,
        "Company": 1_524,
        "Vessel": 1_340,
        "LegalEntity": 1_193,
    }
    assert targets.attrs["source"]["licence"].startswith("CC BY-NC 4.0")
    assert targets.attrs["source"]["vintage"] == "last_seen up to 2026-03-13"


def test_multi_values_are_split(targets):
    rosalin = targets.set_index("id").loc["NK-24cf2zYe7LEKhr2zFck73j"]  # vessel ROSALIN
    assert rosalin["aliases"] == ["Ceram Sea", "Gold Sun", "Nurkez"]
    assert rosalin["countries"] == ["lr", "pa", "sg", "st"]
    assert rosalin["program_ids"] == ["UA-WS-MARE"]
    assert int(targets["countries"].map(lambda c: "ru" in c).sum()) == 2_824
    # an empty quoted sanctions value ("") is no value at all
    assert targets.set_index("id").loc["NK-24ZomtS59XsEEB94Qcqy7S", "sanctions"] == []


def test_embedded_newlines_and_doubled_quotes_survive(targets):
    texts = targets["sanctions"].explode().dropna()
    assert texts.str.contains("\n").sum() > 0
    assert (
        texts.str.contains('"rehabilitation, recreation and education"', regex=False).sum() == 66
    )  # as grep counts in the raw file
    assert str(targets["first_seen"].dtype).startswith("datetime64")


def test_split_multi_cases():
    assert split_multi("") == []
    assert split_multi("a;b") == ["a", "b"]
    assert split_multi('"x; y";z') == ["x; y", "z"]
    assert split_multi('""') == []


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "targets.simple.csv"
    path.write_bytes(text.encode(encoding))
    return path


ROW = '"NK-1","Person","A","","","ru","","","","","","","Ukraine War and Sanctions","{seen}","2026-03-13T05:41:01","2026-02-05T14:54:48"\n'


def test_missing_column_bad_timestamp_and_encoding(tmp_path):
    header = ",".join(f'"{c}"' for c in COLUMNS) + "\n"
    path = write(
        tmp_path,
        header.replace(',"emails"', "") + ROW.replace(',""', "", 1).format(seen="2025-10-06"),
    )
    with pytest.raises(DataFormatError, match=r"line 1, column 'emails': missing column"):
        read_opensanctions(path)
    path = write(
        tmp_path, header + ROW.format(seen="2025-10-06T14:15:21") + ROW.format(seen="yesterday")
    )
    with pytest.raises(DataFormatError, match="'yesterday' is not an ISO timestamp") as err:
        read_opensanctions(path)
    assert err.value.row == 2 and err.value.column == "first_seen"
    path = write(
        tmp_path, header + ROW.format(seen="2025-10-06").replace('"A"', '"Ã"'), encoding="cp1252"
    )
    path.write_bytes(path.read_bytes().replace(b"\xc3", b"\xff"))
    with pytest.raises(DataFormatError, match="not UTF-8"):
        read_opensanctions(path)


HEADER = ",".join(f'"{c}"' for c in COLUMNS) + "\n"


def test_offsets_are_normalised_to_utc(tmp_path):
    """A +02:00 offset used to raise a TypeError (naive vs aware); it is the same instant in UTC."""
    path = write(
        tmp_path,
        HEADER
        + ROW.format(seen="2025-10-06T14:15:21+02:00")
        + ROW.format(seen="2025-10-06T12:15:21Z")
        + ROW.format(seen="2025-10-06T12:15:21"),
    )
    df = read_opensanctions(path)
    assert df["first_seen"].dt.tz is None
    assert (
        df["first_seen"].nunique() == 1 and str(df["first_seen"].iloc[0]) == "2025-10-06 12:15:21"
    )


def test_a_column_of_empty_dates_is_empty_not_an_error(tmp_path):
    row = ROW.format(seen="").replace('"2026-03-13T05:41:01"', '""')
    df = read_opensanctions(write(tmp_path, HEADER + row + row))
    assert df["first_seen"].isna().all() and df["last_seen"].isna().all()
    assert df.attrs["source"]["vintage"] == "no last_seen dates"


@pytest.mark.parametrize("seen", ["0001-01-01", "2999-01-01", "2025-02-31"])
def test_timestamps_out_of_range_are_named(tmp_path, seen):
    path = write(tmp_path, HEADER + ROW.format(seen="2025-10-06") + ROW.format(seen=seen))
    with pytest.raises(DataFormatError, match=f"'{seen}' is") as err:
        read_opensanctions(path)
    assert (err.value.row, err.value.column) == (2, "first_seen")
