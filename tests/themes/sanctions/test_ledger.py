"""Tests of the designation ledger on real SDN snapshots, and of its embedded summary."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.errors import DataFormatError, ParameterError
from toolkit.sources.ofac_sdn import explode_programs, read_sdn
from toolkit.themes.sanctions.ledger import (
    designation_ledger,
    is_russia_ukraine_program,
    load_ledger_summary,
    snapshot_files,
    totals_by_program,
)

DATES = ["2021-08-18", "2022-02-23", "2022-03-31"]


@pytest.fixture(scope="module")
def three(shared_data):
    files = {d: shared_data / "ofac-sdn-snapshots" / d / "sdn.csv" for d in DATES}
    missing = [str(p) for p in files.values() if not p.exists()]
    if missing:
        pytest.skip(f"snapshots missing: {missing}")
    return files


@pytest.fixture(scope="module")
def ledger(three):
    return designation_ledger(three)


def test_in_force_counts_match_provenance(ledger):
    totals = totals_by_program(ledger).set_index(["snapshot_date", "program"])["in_force"]
    assert totals.loc[("2021-08-18", "ALL")] == 9_083
    assert totals.loc[("2022-02-23", "ALL")] == 9_121
    assert totals.loc[("2022-03-31", "ALL")] == 9_847
    assert [totals.loc[(d, "RUSSIA-EO14024")] for d in DATES] == [6, 69, 700]


def test_added_and_removed_agree_with_a_plain_set_difference(ledger, three):
    before = explode_programs(read_sdn(three["2022-02-23"]))
    after = explode_programs(read_sdn(three["2022-03-31"]))
    pair = lambda df, p: set(df.loc[df["program"] == p, "ent_num"])  # noqa: E731
    rows = totals_by_program(ledger).set_index(["snapshot_date", "program"])
    for program in ("RUSSIA-EO14024", "UKRAINE-EO13661", "CUBA"):
        got = rows.loc[("2022-03-31", program)]
        assert got["added"] == len(pair(after, program) - pair(before, program))
        assert got["removed"] == len(pair(before, program) - pair(after, program))
    # the jump between the last pre-invasion snapshot and 31 March 2022
    assert rows.loc[("2022-03-31", "RUSSIA-EO14024"), "added"] == 631
    assert rows.loc[("2022-03-31", "ALL"), "added"] == 727


def test_ledger_is_consistent_over_time(ledger):
    totals = totals_by_program(ledger)
    for program, grp in totals.groupby("program"):
        grp = grp.sort_values("snapshot_date")
        step = grp["in_force"].diff().iloc[1:]
        net = (grp["added"] - grp["removed"]).iloc[1:]
        # a program absent from a date has no row there; check only consecutive rows
        if len(grp) == 3:
            assert (step.astype(int) == net.astype(int)).all(), program
    first = ledger[ledger["snapshot_date"] == "2021-08-18"]
    assert first["added"].isna().all() and first["removed"].isna().all()
    assert set(ledger["entry_type"]) == {"individual", "entity", "vessel", "aircraft"}


def test_program_filter_and_folder_input(three, tmp_path):
    only = designation_ledger(three, programs=["RUSSIA-EO14024"])
    assert set(only["program"]) == {"RUSSIA-EO14024", "ALL"}
    ru = designation_ledger(three, programs=is_russia_ukraine_program)
    assert "CUBA" not in set(ru["program"]) and "UKRAINE-EO13662" in set(ru["program"])
    # a folder laid out DATE/sdn.csv (links to the real files; nothing copied)
    for date, path in three.items():
        (tmp_path / date).mkdir()
        (tmp_path / date / "sdn.csv").symlink_to(path)
    (tmp_path / "notes").mkdir()  # not a date: ignored
    assert list(snapshot_files(tmp_path)) == [pd.Timestamp(d) for d in DATES]


def test_bad_snapshot_inputs(tmp_path):
    with pytest.raises(DataFormatError, match="no DATE/sdn.csv inside"):
        designation_ledger(tmp_path)
    with pytest.raises(DataFormatError, match="not a folder"):
        designation_ledger(tmp_path / "nowhere")
    with pytest.raises(ParameterError, match="'March' is not an ISO date"):
        designation_ledger({"March": tmp_path / "sdn.csv"})
    (tmp_path / "2022-01-01").mkdir()
    row = '36,"A",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    (tmp_path / "2022-01-01" / "sdn.csv").write_bytes((row + row).encode())
    with pytest.raises(DataFormatError, match="ent_num 36 appears twice") as err:
        designation_ledger(tmp_path)
    assert err.value.line == 2


def test_embedded_summary_matches_the_published_counts():
    summary = load_ledger_summary()
    assert summary["snapshot_date"].nunique() == 14
    totals = totals_by_program(summary).set_index(["snapshot_date", "program"])["in_force"]
    assert totals.loc[("2024-05-03", "ALL")] == 14_965
    assert totals.loc[("2024-05-03", "RUSSIA-EO14024")] == 4_439
    assert totals.loc[("2022-03-31", "RUSSIA-EO14024")] == 700
    assert summary["citation"].iloc[-1] == "OFAC SDN list as published on 2024-05-03"
    assert all(p == "ALL" or is_russia_ukraine_program(p) for p in summary["program"])
    with pytest.raises(ParameterError, match="programs"):
        load_ledger_summary(programs=["RUSSIA"])


def test_embedded_summary_equals_a_fresh_build(shared_data):
    folder = shared_data / "ofac-sdn-snapshots"
    if not folder.is_dir():
        pytest.skip("ofac-sdn-snapshots not in the shared data")
    fresh = designation_ledger(folder, programs=is_russia_ukraine_program)
    embedded = load_ledger_summary().drop(columns="citation")
    pd.testing.assert_frame_equal(fresh, embedded, check_dtype=False)
