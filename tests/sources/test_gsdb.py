"""GSDB reader: the real release-3 and release-2-era files, and malformed inputs."""

from __future__ import annotations

import pytest

from toolkit.errors import DataFormatError
from toolkit.sources import read_gsdb

HEADER_V3 = (
    "case_id,sanctioned_state,sanctioning_state,begin,end,trade,descr_trade,arms,military,"
    "financial,travel,other,target_mult,sender_mult,objective,success\n"
)


def write(tmp_path, text, name="cases.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_release3_counts(shared_file):
    cases = read_gsdb(shared_file("gsdb-v3/GSDB_V3.csv"))
    assert len(cases) == 1325
    assert cases["release"].eq("release-3").all()
    # Ongoing cases carry end = 2022 (the release year) and are censored.
    assert cases["ongoing"].sum() == 411
    assert (cases.loc[cases["ongoing"], "end_year"] == 2022).all()
    assert cases.attrs["source"]["cutoff_year"] == 2022
    russia = cases[cases["target"] == "Russia"]
    assert len(russia) == 30
    assert (russia["begin_year"] == 2014).sum() == 8
    assert (russia["begin_year"] == 2022).sum() == 17
    # Plus one multi-target row ("Syria, Russia, Iran").
    assert cases["target_russia"].sum() == 31
    first = cases.iloc[0]  # GDR sanctioned by Germany 1949-1973
    assert (first["begin_year"], first["end_year"], first["duration_years"]) == (1949, 1973, 25)
    assert not first["ongoing"]
    assert cases["sender_us"].sum() == 486
    assert cases["begin_year"].min() == 1949 and cases["begin_year"].max() == 2022


def test_release2_variant_reads(shared_file):
    cases = read_gsdb(shared_file("gsdb-v2-derived/sanctions.csv"))
    assert len(cases) == 1101
    assert cases["release"].eq("release-2-derived").all()
    assert cases.attrs["source"]["cutoff_year"] == 2019
    assert cases["ongoing"].sum() == 231  # end = 2019
    # "US"/"UK" abbreviations are written out as in release 3.
    tokens = cases["senders"].str.split("; ").explode()
    assert not tokens.isin(["US", "UK"]).any()
    assert cases["sender_us"].sum() == 366


def test_names_with_commas(tmp_path):
    text = HEADER_V3 + (
        # GSDB writes some names with a comma: one sender here, two in the next row.
        '1,"Korea, North","Korea, South",2016,2022,1,,0,0,1,0,0,0,0,policy_change,ongoing\n'
        '2,"Gambia, The","United States, EU",2014,2016,0,,0,0,1,1,0,0,1,democracy,failed\n'
    )
    cases = read_gsdb(write(tmp_path, text))
    assert cases["n_senders"].tolist() == [1, 2]
    assert cases["senders"].tolist() == ["Korea, South", "United States; EU"]
    assert cases["sender_us"].tolist() == [False, True]
    assert cases["sender_others"].tolist() == [True, False]


def test_missing_column(tmp_path):
    path = write(tmp_path, HEADER_V3.replace(",travel", "") + "")
    with pytest.raises(DataFormatError) as err:
        read_gsdb(path)
    assert err.value.column == "travel" and err.value.line == 1
    assert "cases.csv" in str(err.value)


def test_end_before_begin(tmp_path):
    text = HEADER_V3 + (
        "1,Cuba,United States,1962,2022,1,,0,0,1,0,0,0,0,policy_change,ongoing\n"
        # end 1990 before begin 1995: a typo in the years
        "2,Iran,EU,1995,1990,0,,1,0,0,0,0,0,0,policy_change,failed\n"
    )
    with pytest.raises(DataFormatError) as err:
        read_gsdb(write(tmp_path, text))
    assert err.value.line == 3 and err.value.column == "end"
    assert "before begin" in str(err.value)


@pytest.mark.parametrize(
    "sender",
    [
        "2",  # a COW code: a TIES-style file, not GSDB names
        '""',  # empty sender
        '"United States; EU"',  # wrong separator
    ],
)
def test_unknown_sender_format(tmp_path, sender):
    text = HEADER_V3 + f"1,Cuba,{sender},1962,2022,1,,0,0,1,0,0,0,0,policy_change,ongoing\n"
    with pytest.raises(DataFormatError) as err:
        read_gsdb(write(tmp_path, text))
    assert err.value.column == "sanctioning_state" and err.value.line == 2
    assert "unknown sender format" in str(err.value)


def test_bad_flag_and_year(tmp_path):
    text = HEADER_V3 + "1,Cuba,United States,1962,2022,yes,,0,0,1,0,0,0,0,x,ongoing\n"
    with pytest.raises(DataFormatError) as err:
        read_gsdb(write(tmp_path, text))
    assert err.value.column == "trade"
    text = HEADER_V3 + "1,Cuba,United States,19x2,2022,1,,0,0,1,0,0,0,0,x,ongoing\n"
    with pytest.raises(DataFormatError) as err:
        read_gsdb(write(tmp_path, text))
    assert err.value.column == "begin" and err.value.line == 2


def test_release2_length_mismatch(tmp_path):
    header = (
        "case_id,sanctioned_state,sanctioning_state,begin,end,length,trade,descr_trade,arms,"
        "military,financial,travel,other,objective,success\n"
    )
    # length 5 but 2002..2019 is 18 calendar years
    text = header + "1,Afghanistan,EU,2002,2019,5,0,,1,1,1,1,1,terrorism,ongoing\n"
    with pytest.raises(DataFormatError) as err:
        read_gsdb(write(tmp_path, text))
    assert err.value.column == "length"


def test_not_a_csv(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DataFormatError):
        read_gsdb(path)
    with pytest.raises(DataFormatError):
        read_gsdb(tmp_path / "absent.csv")


def test_the_censoring_year_is_the_release_not_the_largest_end(shared_file, tmp_path):
    """One typo (end = 20222) used to make it the censoring year: 411 ongoing cases became 1."""
    real = shared_file("gsdb-v3/GSDB_V3.csv").read_text(encoding="utf-8")
    lines = real.splitlines(keepends=True)
    cut = HEADER_V3 + "".join(lines[1:40])
    assert read_gsdb(write(tmp_path, cut)).attrs["source"]["cutoff_year"] == 2022
    text = HEADER_V3 + "1,Cuba,United States,1962,20222,1,,0,0,1,0,0,0,0,policy_change,ongoing\n"
    with pytest.raises(
        DataFormatError, match="end year 20222 is outside the release's 1949-2022"
    ) as err:
        read_gsdb(write(tmp_path, text))
    assert (err.value.line, err.value.column) == (2, "end")


@pytest.mark.parametrize("case_id", ["1.5", "1_000", "12345678901234567890", "inf", "1e+20"])
def test_ids_at_the_edges_are_named(tmp_path, case_id):
    text = HEADER_V3 + f"{case_id},Cuba,United States,1962,2022,1,,0,0,1,0,0,0,0,x,ongoing\n"
    with pytest.raises(DataFormatError, match="expected a whole number") as err:
        read_gsdb(write(tmp_path, text))
    assert (err.value.line, err.value.column) == (2, "case_id")
