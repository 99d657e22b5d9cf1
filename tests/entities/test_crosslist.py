"""The cross-jurisdiction view on the real lists."""

from __future__ import annotations

import pandas as pd


def test_russia_listings_series(lists_present):
    from toolkit.entities.crosslist import MEASURES, russia_listings

    df = russia_listings()
    assert set(df["jurisdiction"]) == set(MEASURES)
    ofac = df[df["jurisdiction"] == "OFAC (US)"].set_index("date")["count"]
    # Russia/Ukraine-program entries double between the snapshots around the invasion
    assert ofac.loc[pd.Timestamp("2022-03-31")] > 2 * ofac.loc[pd.Timestamp("2022-02-23")]
    assert ofac.is_monotonic_increasing and len(ofac) == 14

    whole = df[df["jurisdiction"] == "OFAC (US), whole list"].set_index("date")["count"]
    assert whole.loc[pd.Timestamp("2026-06-02")] == 19014  # PROVENANCE.md: distinct ent_nums
    dfat = df[df["jurisdiction"] == "DFAT (Australia)"]["count"]
    assert dfat.is_monotonic_increasing and dfat.iloc[-1] == 647
    un = df[df["jurisdiction"] == "UN Security Council"].set_index("date")["count"]
    assert un.loc[pd.Timestamp("2024-11-30")] == 686 + 193


def test_ofac_presence_matches_provenance(lists_present):
    """PROVENANCE.md: entries tagged RUSSIA-EO14024: 69 (2022-02-23), 700 (03-31), 4,439 (2024-05-03)."""
    from toolkit.entities.ofac import ofac_presence

    p = ofac_presence(partial_sets=False)
    tagged = p[p["programs"].map(lambda ps: "RUSSIA-EO14024" in ps)]
    counts = tagged.groupby("snapshot_date").size()
    assert [counts[pd.Timestamp(d)] for d in ("2022-02-23", "2022-03-31", "2024-05-03")] == [
        69,
        700,
        4439,
    ]


def test_cross_listed_needs_more_than_a_name(lists_present):
    from toolkit.entities.crosslist import cross_listed

    both = cross_listed()
    assert len(both) > 100
    assert (both["list_a"] != both["list_b"]).all()
    assert (both["shared_years"].ne("") | both["shared_numbers"].ne("")).all()
    assert both["evidence"].str.startswith("same name key").all()
