"""Tests of the embedded measures catalogue: sources, dates, vocabulary, commentary matching."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from toolkit.errors import DataFormatError, ParameterError
from toolkit.paths import embedded
from toolkit.themes.sanctions.measures import (
    COMMENTARY_TERMS,
    LEGAL_BASIS_TYPES,
    VOCABULARY,
    filter_measures,
    load_measures,
    match_commentary,
)

CONTRACT_IDS = (
    ["US-EO13660", "US-EO13661", "US-EO13662", "US-EO13685", "US-EO14024", "US-EO14065"]
    + ["US-EO14066", "US-EO14068", "US-EO14071", "US-EO14114", "US-OFAC-DIR4-CBR"]
    + ["US-OFAC-PRICECAP-CRUDE", "US-OFAC-PRICECAP-PRODUCTS", "US-STAT-MAGNITSKY-2012"]
    + ["US-STAT-UFSA-2014", "US-STAT-CAATSA-2017", "US-STAT-CAATSA-216", "US-STAT-CBW-SKRIPAL-2018"]
    + ["US-STAT-CBW-NAVALNY-2021", "US-STAT-PEESA-2019", "US-STAT-NTR-2022", "US-STAT-REPO-2024"]
    + ["US-STAT-URANIUM-2024", "EU-2014-LISTINGS", "EU-2014-CRIMEA", "EU-2014-SECTORAL"]
    + [f"EU-PKG{i:02d}" for i in range(1, 19)]
    + ["EU-SWIFT-2022-03", "G7-PRICECAP-CRUDE", "G7-PRICECAP-PRODUCTS", "EU-PRICECAP-DYNAMIC"]
)


@pytest.fixture(scope="module")
def measures():
    return load_measures()


def test_contract_ids_all_present_and_unique(measures):
    assert set(CONTRACT_IDS) <= set(measures["measure_id"])
    assert measures["measure_id"].is_unique
    assert len(measures) == 59


def test_every_row_has_a_source_publisher_and_fact_id(measures):
    # a URL, or a repository path as facts.md section E writes it (E14: no URL was seen)
    source = r"https?://\S+|repo [\w.-]+/[\w.-]+, path \S+ @ [0-9a-f]{7,40}"
    parts = measures["source_url"].str.split(" ; ")
    assert parts.map(lambda p: all(re.fullmatch(source, s) for s in p)).all()
    assert (measures["publisher"].str.len() > 0).all()
    assert measures["fact_id"].str.fullmatch(r"[BE]\d\d(;[BE]\d\d)*").all()
    assert set(measures["confidence"]) == {"high", "medium"}


def test_dates_parse_and_effective_not_before_announced(measures):
    assert measures["announced_date"].notna().all()
    both = measures.dropna(subset=["effective_date"])
    assert (both["effective_date"] >= both["announced_date"]).all()
    row = measures.set_index("measure_id").loc["US-EO14071"]
    assert row["announced_date"] == pd.Timestamp("2022-04-06")
    ntr = measures.set_index("measure_id").loc["US-STAT-NTR-2022"]
    assert ntr["date_precision"] == "month" and ntr["announced_date"] == pd.Timestamp("2022-04-01")


def test_categories_come_from_the_declared_vocabulary(measures):
    for terms, primary in zip(measures["categories_list"], measures["category"], strict=True):
        assert set(terms) <= set(VOCABULARY)
        assert terms[0] == primary
    assert set(measures["legal_basis_type"]) == set(LEGAL_BASIS_TYPES)


def test_flags_kept_for_unverified_content_and_date_disagreement(measures):
    by_id = measures.set_index("measure_id")
    for pkg in ("EU-PKG04", "EU-PKG07"):
        assert by_id.loc[pkg, "category"] == "not detailed"
        assert "CONTENT NOT VERIFIED" in by_id.loc[pkg, "note"]
    assert "2014-03-17" in by_id.loc["US-EO13661", "note"]


def test_commentary_terms_matched_or_flagged(measures):
    table = match_commentary(measures)
    assert list(table["term"]) == list(COMMENTARY_TERMS)
    unmatched = table[table["n_measures"] == 0]["term"].tolist()
    assert unmatched == ["deposit ban"]
    assert table.set_index("term").loc["deposit ban", "status"].startswith("UNMATCHED")
    assert table.set_index("term").loc["oil price cap", "n_measures"] == 10


def test_filter_by_jurisdiction_category_and_period(measures):
    eu_caps = filter_measures(measures, jurisdictions=["EU"], categories=["oil price cap"])
    assert set(eu_caps["measure_id"]) == {
        "EU-PKG08",
        "EU-PKG12",
        "EU-PKG18",
        "EU-PRICECAP-DYNAMIC",
        "EU-PRICECAP-4410",  # first automatic review (E28)
        "EU-PKG21",  # the cap frozen for a year (E30)
    }
    y2022 = filter_measures(measures, start="2022-01-01", end="2022-12-31")
    # 6 US EOs/OFAC actions, the NTR Act, EU packages 1-9, the SWIFT cut-off, the G7 crude cap
    assert len(y2022) == 18
    with pytest.raises(ParameterError, match="jurisdictions"):
        filter_measures(measures, jurisdictions=["XX"])
    with pytest.raises(ParameterError, match="unknown category"):
        filter_measures(measures, categories=["bond ban"])
    with pytest.raises(ParameterError, match="not an ISO date"):
        filter_measures(measures, start="spring 2022")


def _write_variant(tmp_path, edit):
    text = embedded("measures.csv").read_text(encoding="utf-8").splitlines()
    text = edit(text)
    path = tmp_path / "measures.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return path


def test_unknown_category_names_file_line_and_column(tmp_path):
    # line 3 is the second measure (US-EO13661)
    path = _write_variant(
        tmp_path, lambda t: t[:2] + [t[2].replace("asset freeze / blocking", "freezing")] + t[3:]
    )
    with pytest.raises(DataFormatError) as err:
        load_measures(path=path)
    assert err.value.line == 3 and err.value.column == "categories" and str(path) in str(err.value)


def test_missing_source_bad_date_and_missing_column_are_errors(tmp_path):
    path = tmp_path / "measures.csv"
    frame = pd.read_csv(embedded("measures.csv"), dtype=str, keep_default_na=False)
    frame.loc[4, "source_url"] = ""  # row 4 is on line 6 (header + 1-based)
    frame.to_csv(path, index=False)
    with pytest.raises(DataFormatError, match="line 6.*source_url"):
        load_measures(path=path)
    frame = pd.read_csv(embedded("measures.csv"), dtype=str, keep_default_na=False)
    frame.loc[0, "announced_date"] = "2014-13-06"  # month 13
    frame.to_csv(path, index=False)
    with pytest.raises(DataFormatError, match="line 2.*announced_date"):
        load_measures(path=path)
    frame.drop(columns=["fact_id"]).to_csv(path, index=False)
    with pytest.raises(DataFormatError, match="missing column"):
        load_measures(path=path)


def test_registry_load_carries_provenance_and_warnings():
    import toolkit

    df = toolkit.load("measures")
    assert len(df) == 59
    assert df.attrs["source"]["name"] == "measures"
    assert any("deposit ban" in w for w in df.attrs["source"]["usage_warnings"])
