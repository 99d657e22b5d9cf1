"""TIES 4.1 reader: the real .xls file, and malformed workbooks."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.errors import DataFormatError
from toolkit.sources import read_ties
from toolkit.sources.ties import REQUIRED, SHEET


def test_real_file(shared_file):
    cases = read_ties(shared_file("ties-v4.1/TIESv4-1.xls"))
    assert len(cases) == 1412
    assert cases["status"].value_counts().to_dict() == {
        "ended": 961,
        "unknown": 286,
        "ongoing": 165,
    }
    # Censoring comes from the ongoingasof* columns.
    assert cases["ongoing"].sum() == 165
    assert cases.loc[cases["ongoing"].fillna(False), "ongoing_as_of_year"].notna().all()
    assert cases["duration_years"].isna().sum() == 286  # neither end nor ongoing-as-of
    assert cases["sender_us"].sum() == 681  # primarysender 2 = USA
    assert cases["target_russia"].sum() == 33  # targetstate 365
    assert cases["imposed"].sum() == 845
    first = cases.iloc[0]
    assert first["case_id"] == 1945121601
    assert first["start_date"] == pd.Timestamp("1945-12-16")
    assert first["end_date"] == pd.Timestamp("1947-05-27")
    assert first["date_precision"] == "day"
    assert first["duration_years"] == pytest.approx(527 / 365.25)
    # 31 June in the official file: kept, at year precision.
    june31 = cases[cases["case_id"] == cases["case_id"].iloc[208]].iloc[0]
    assert pd.isna(june31["start_date"]) and june31["start_year"] == 1965
    # Free text in a year cell keeps the year and the note.
    assert cases["imposition_note"].notna().sum() == 3
    assert cases["start_year"].min() == 1945 and cases["start_year"].max() == 2005


def minimal(**changes):
    row = {c: "" for c in REQUIRED}
    row.update(
        caseid=1990010101,
        startyear=1990,
        startmonth=1,
        startday=1,
        endyear=1992,
        endmonth=6,
        endday=30,
        sender1=2,
        primarysender=2,
        targetstate=365,
        imposition=1,
        sancimpositionstartyear=1990,
        sanctiontype="2 7",
        finaloutcome=3,
    )
    row.update(changes)
    return row


def workbook(tmp_path, rows, sheet=SHEET, drop=()):
    frame = pd.DataFrame(rows).drop(columns=list(drop))
    path = tmp_path / "ties.xlsx"
    frame.to_excel(path, sheet_name=sheet, index=False)
    return path


def test_minimal_workbook(tmp_path):
    cases = read_ties(workbook(tmp_path, [minimal()]))
    row = cases.iloc[0]
    assert row["status"] == "ended" and row["sender_us"] and row["target_russia"]
    assert row["duration_years"] == pytest.approx(911 / 365.25)
    assert row["sanction_type_codes"] == "2;7"


def test_missing_sheet(tmp_path):
    with pytest.raises(DataFormatError) as err:
        read_ties(workbook(tmp_path, [minimal()], sheet="Sheet1"))
    assert SHEET in str(err.value) and "Sheet1" in str(err.value)


def test_missing_column(tmp_path):
    with pytest.raises(DataFormatError) as err:
        read_ties(workbook(tmp_path, [minimal()], drop=["primarysender"]))
    assert err.value.column == "primarysender"


def test_unknown_sender_format(tmp_path):
    rows = [minimal(), minimal(primarysender="USA")]  # a name where a COW code belongs
    with pytest.raises(DataFormatError) as err:
        read_ties(workbook(tmp_path, rows))
    assert err.value.column == "primarysender" and err.value.row == 3
    assert "unknown sender format" in str(err.value)


def test_end_before_start(tmp_path):
    with pytest.raises(DataFormatError) as err:
        read_ties(workbook(tmp_path, [minimal(endyear=1989)]))
    assert err.value.column == "endyear" and err.value.row == 2


def test_ended_and_ongoing(tmp_path):
    row = minimal(ongoingasofyear=2000, ongoingasofmonth=1, ongoingasofday=1)
    with pytest.raises(DataFormatError) as err:
        read_ties(workbook(tmp_path, [row]))
    assert err.value.column == "ongoingasofyear"


def test_month_out_of_range(tmp_path):
    with pytest.raises(DataFormatError) as err:
        read_ties(workbook(tmp_path, [minimal(startmonth=13)]))
    assert err.value.column == "startmonth"


def test_missing_file(tmp_path):
    with pytest.raises(DataFormatError):
        read_ties(tmp_path / "absent.xls")


@pytest.mark.parametrize(("column", "code"), [("endyear", "#N/A"), ("sender1", "#REF!")])
def test_excel_error_cells_are_errors_not_missing(tmp_path, column, code):
    """#N/A in an end year used to make an ended case "unknown"; #REF! dropped a sender."""
    import openpyxl

    path = workbook(tmp_path, [minimal(), minimal()])
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    col = [c.value for c in ws[1]].index(column) + 1
    ws.cell(row=3, column=col).value = code  # openpyxl stores it as an error cell
    assert ws.cell(row=3, column=col).data_type == "e"
    wb.save(path)
    with pytest.raises(DataFormatError) as err:
        read_ties(path)
    assert (err.value.row, err.value.column) == (3, column) and code in str(err.value)
