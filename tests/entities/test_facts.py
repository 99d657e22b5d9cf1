"""Facts of the real lists the entity tables must reproduce (PROVENANCE.md, the files)."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.entities import (
    EVENT_COLUMNS,
    entity_timeline,
    listing_events,
    ofac_timelines,
)
from toolkit.entities.lists import dfat_primary, un_entries


def test_un_counts_per_file(lists_present):
    un = un_entries()
    first = un[un["generated"] == "2024-11-30"]["kind"].value_counts()
    assert (first["individual"], first["entity"]) == (686, 193)
    last = un[un["generated"] == "2026-02-27"]["kind"].value_counts()
    assert (last["individual"], last["entity"]) == (730, 273)


def test_dfat_primary_names_and_the_issues_count(lists_present):
    """3,062 primary names; 2,925 of them written exactly ``Primary Name`` (the issue's count)."""
    import openpyxl

    prim = dfat_primary()
    assert len(prim) == prim["entity_id"].nunique() == 3062
    russia = prim[prim["regime"] == "Autonomous (Russia)"]
    assert len(russia) == 647
    path = lists_present / "dfat-consolidated/2024-11-11/regulation8_consolidated.xlsx"
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = wb.worksheets[0].iter_rows(values_only=True)
    header = list(next(rows))
    kind, committee = header.index("Name Type"), header.index("Committees")
    exact = [r for r in rows if r[kind] == "Primary Name"]
    wb.close()
    assert len(exact) == 2925
    assert sum(r[committee] == "Autonomous (Russia)" for r in exact) == 576


def test_ofac_first_snapshot_of_vtb(lists_present):
    """VTB Bank: not in the snapshot of 2022-02-23, in that of 2022-03-31 (designated 24 Feb)."""
    tl = ofac_timelines().set_index("ent_num")
    vtb = tl.loc[17013]
    assert vtb["name"] == "VTB BANK PUBLIC JOINT STOCK COMPANY"
    assert vtb["first_seen"] == pd.Timestamp("2022-03-31")
    assert vtb["listed_after"] == pd.Timestamp("2022-02-23")
    assert "RUSSIA-EO14024" in vtb["programs"]
    assert vtb["in_latest"]


def test_ofac_delisting_dated_by_its_snapshots(lists_present):
    """Manuel Noriega (d. 2017): in the 2021-09-30 snapshot, gone from that of 2021-12-30."""
    ev = entity_timeline("ofac_sdn", "1572")
    assert list(ev["event"]) == ["listed", "delisted"]
    gone = ev.iloc[1]
    assert (gone["date_earliest"], gone["date_latest"]) == (
        pd.Timestamp("2021-10-01"),
        pd.Timestamp("2021-12-30"),
    )
    assert pd.isna(ev.iloc[0]["date_earliest"])  # in the first snapshot: on or before it


def test_ofac_program_added_to_an_existing_entry(lists_present):
    ev = entity_timeline("ofac_sdn", "21171")  # PRIGOZHIN, Yevgeniy Viktorovich
    change = ev[ev["event"] == "programs changed"].iloc[0]
    assert change["detail"] == "+RUSSIA-EO14024"
    assert change["date_latest"] == pd.Timestamp("2022-03-31")


def test_listing_events_table(lists_present):
    ev = listing_events()
    assert tuple(ev.columns) == EVENT_COLUMNS
    assert set(ev["list"]) == {"ofac_sdn", "un", "dfat", "opensanctions"}
    both = ev.dropna(subset=["date_earliest"])
    assert (both["date_earliest"] <= both["date_latest"]).all()
    assert ev["date_latest"].notna().all()
    un = ev[(ev["list"] == "un") & (ev["event"] == "listed")]
    assert un["entity_id"].nunique() == len(un)  # one listing per UN reference
    # UN entries in the 2026 file with a LISTED_ON before 2024-11-30 but absent then
    back = ev[(ev["list"] == "un") & (ev["event"] == "added back")]
    assert len(back) > 0 and set(back["program_or_regime"]) >= {"Iran"}


def test_dfat_listing_year_from_the_instrument(lists_present):
    ev = listing_events(["dfat"])
    listed = ev[ev["event"] == "listed"]
    by_year = listed[listed["detail"].str.startswith("instrument year")]
    assert (by_year["date_earliest"].dt.year == by_year["date_latest"].dt.year).all()
    assert (by_year["date_earliest"].dt.dayofyear == 1).all()


def test_unavailable_names_the_missing_file(tmp_path, monkeypatch):
    from toolkit.entities import search
    from toolkit.entities.ofac import ofac_presence
    from toolkit.errors import Unavailable
    from toolkit.paths import SHARED_DATA_ENV

    monkeypatch.setenv(SHARED_DATA_ENV, str(tmp_path))
    with pytest.raises(Unavailable, match="ofac-sdn-snapshots"):
        ofac_presence()
    with pytest.raises(Unavailable, match="no list's files found"):
        search("Sberbank")
