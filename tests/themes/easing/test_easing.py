"""Easing: the authority map covers every measure, lift paths, scenarios, programs, exposure."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit.errors import ParameterError
from toolkit.themes import easing


@pytest.fixture(scope="module")
def authority():
    return toolkit.load("authority_map")


@pytest.fixture(scope="module")
def measures():
    return toolkit.load("measures")


@pytest.fixture(scope="module")
def scenarios():
    return toolkit.load("easing_scenarios")


def test_every_measure_has_exactly_one_authority_row(authority, measures):
    assert authority["measure_id"].is_unique
    assert easing.check_authority_map(authority, measures) == {
        "no_authority_row": [],
        "not_a_measure": [],
    }
    assert len(authority) == len(measures)
    assert set(authority["who_can_lift"]) <= set(easing.AUTHORITIES)
    # Every row cites its basis.
    assert authority["basis_fact_ids"].str.len().gt(0).all()
    assert authority["source_url"].str.len().gt(0).all()
    assert authority["confidence"].isin(["high", "medium"]).all()


def test_authority_rules_follow_legal_basis(authority, measures):
    table = easing.authority_with_measures(authority, measures).set_index("measure_id")
    statutes = table[table["legal_basis_type"] == "statute"]
    # the CBW Act determinations: the Act's own termination path is not recorded (issue 14)
    cbw = statutes.index.str.startswith("US-STAT-CBW")
    assert cbw.sum() == 2
    assert (statutes.loc[~cbw, "who_can_lift"] == "Congress only").all()
    assert statutes.loc[~cbw, "requires_legislation"].all()
    assert (statutes.loc[cbw, "who_can_lift"] == "not recorded").all()
    assert statutes.loc[cbw, "requires_legislation"].isna().all()
    assert statutes.loc[cbw, "min_wait_days"].isna().all()
    assert statutes.loc[cbw, "how_to_lift"].str.startswith("not recorded").all()
    assert (statutes.loc[cbw, "judgement"] == "not recorded").all()
    eu = table[table["legal_basis_type"] == "EU Council act"]
    assert (eu["who_can_lift"] == "EU Council (unanimity)").all()
    for eo in ("US-EO13660", "US-EO13661", "US-EO13662", "US-EO13685"):
        assert table.loc[eo, "who_can_lift"] == "President, subject to congressional review"
    assert table.loc["US-EO14024", "who_can_lift"] == "President alone"


def test_lift_path_codified_eo_needs_216_review(authority):
    path = easing.lift_path(authority, ["US-EO13662"])
    assert path.actors == ["President, subject to congressional review"]
    assert path.min_wait_days == 30
    assert any("216" in s for s in path.statutes_in_way)
    assert not path.requires_legislation


def test_lift_path_ieepa_eo_is_president_alone(authority):
    path = easing.lift_path(authority, "US-EO14071")
    assert path.actors == ["President alone"]
    assert path.min_wait_days == 0 and path.statutes_in_way == []


def test_lift_path_eu_measure_needs_unanimity(authority):
    path = easing.lift_path(authority, ["EU-PKG06"])
    assert path.actors == ["EU Council (unanimity)"]
    assert path.renewals and "six months" in path.renewals[0]


def test_lift_path_mixed_set(authority):
    path = easing.lift_path(
        authority, ["US-EO14024", "US-EO13661", "US-STAT-CAATSA-2017", "EU-PKG06"]
    )
    assert path.actors == [
        "President alone",
        "President, subject to congressional review",
        "EU Council (unanimity)",
        "Congress only",
    ]
    assert path.min_wait_days == 30 and path.requires_legislation
    summary = path.summary().set_index("item")["value"]
    assert summary["minimum formal time"].startswith("30 days + new legislation")


def test_lift_path_statute_blocks_executive_action(authority):
    # OFAC can amend Directive 4, but the REPO Act bars releasing the sovereign assets.
    path = easing.lift_path(authority, ["US-OFAC-DIR4-CBR"])
    assert "Congress (to amend the statutes in the way)" in path.actors
    assert any("REPO" in s for s in path.statutes_in_way)
    # the row no longer says "President alone" while requiring legislation (issue 14)
    row = authority.set_index("measure_id").loc["US-OFAC-DIR4-CBR"]
    assert row["who_can_lift"] == "President, and Congress for what a statute bars"
    assert bool(row["requires_legislation"]) and "REPO" in row["how_to_lift"]
    contradictory = (authority["who_can_lift"] == "President alone") & authority[
        "requires_legislation"
    ].fillna(False)
    assert not contradictory.any(), authority.loc[contradictory, "measure_id"].tolist()


def test_lift_path_claims_nothing_where_the_path_is_not_recorded(authority):
    path = easing.lift_path(authority, ["US-STAT-CBW-NAVALNY-2021", "US-EO14071"])
    assert path.actors == ["President alone"]  # no actor is claimed for the CBW row
    assert path.not_recorded == ["US-STAT-CBW-NAVALNY-2021"]
    assert not path.requires_legislation and path.min_wait_days == 0
    summary = path.summary().set_index("item")["value"]
    assert summary["lifting path not recorded"] == "US-STAT-CBW-NAVALNY-2021"


def test_derived_judgements_are_marked(authority):
    """'President alone' and 'Congress only' rest on facts.md D11, a derived judgement."""
    assert set(authority["judgement"]) <= set(easing.JUDGEMENTS)
    derived = authority[authority["who_can_lift"].isin(["President alone", "Congress only"])]
    assert (derived["judgement"] == "derived").all()
    # D11 is no shippable fact (no confidence): the note names it, the fact ids do not
    assert derived["note"].str.startswith("derived judgement (facts.md D11").all()
    assert not authority["basis_fact_ids"].str.contains("D11").any()
    ieepa = ["US-EO14024", "US-EO14066", "US-EO14068", "US-EO14071", "US-EO14114"]
    # the rows were rated high on that judgement: the rating stays the facts', the judgement is marked
    assert (authority.set_index("measure_id").loc[ieepa, "judgement"] == "derived").all()


def test_legal_position_is_dated_by_its_latest_fact(authority, measures):
    """No row is labelled with a position older than the facts it rests on (issue 14)."""
    assert authority["position_date"].max() == pd.Timestamp(easing.POSITION_AS_OF)
    dated = measures.set_index("measure_id")
    first = dated["announced_date"].fillna(dated["effective_date"])
    for row in authority.itertuples():
        assert row.position_date >= first[row.measure_id], row.measure_id
    meta = toolkit.registry.get_dataset("authority_map")
    assert easing.POSITION_AS_OF in meta.vintage and "2025-03-14" not in meta.vintage
    # rows resting on a 2025-26 fact carry its date, e.g. the EU cap frozen in July 2026 (E30)
    row = authority.set_index("measure_id").loc["EU-PRICECAP-DYNAMIC"]
    assert "E30" in row["basis_fact_ids"].split(";") and row["position_date"] == pd.Timestamp(
        "2026-07-23"
    )
    # every row resting on a dated E row is dated after the commentary (E33 is undated: 2025-26)
    ids = authority["basis_fact_ids"].str.split(";").map(lambda x: set(x) - {"E33"})
    later = authority[ids.map(lambda x: any(i.startswith("E") for i in x))]
    assert len(later) > 20 and (later["position_date"] > pd.Timestamp("2025-03-14")).all()


def test_lift_path_unknown_id_lists_known(authority):
    with pytest.raises(ParameterError) as err:
        easing.lift_path(authority, ["US-EO99999"])
    assert "US-EO99999" in str(err.value) and "US-EO14024" in str(err.value)


def test_scenarios_resolve_to_known_measures(scenarios, authority):
    table = scenarios
    known = set(easing.load_authority_map()["measure_id"])
    assert set(table["measure_id"]) <= known
    names = easing.scenario_names(scenarios)
    assert "embassies-and-transport" in names
    assert easing.resolve_measures(scenarios, "heavy-oil-and-banks", authority=authority) == [
        "US-EO14066",
        "US-EO14024",
    ]
    both = easing.resolve_measures(
        scenarios, "heavy-oil-and-banks", ["EU-PKG06", "US-EO14066"], authority=authority
    )
    assert both == ["US-EO14066", "US-EO14024", "EU-PKG06"]
    us = easing.resolve_measures(scenarios, "all-us-measures", authority=authority)
    assert all(m.startswith("US-") for m in us) and "US-STAT-CAATSA-2017" in us
    with pytest.raises(ParameterError) as err:
        easing.resolve_measures(scenarios, "lift-everything", authority=authority)
    assert err.value.key == "scenario" and "embassies-and-transport" in str(err.value)
    with pytest.raises(ParameterError) as err:
        easing.resolve_measures(scenarios, "", ["NOPE"], authority=authority)
    assert err.value.key == "measures_to_ease"


def test_outlook_covers_commentary_items(measures):
    outlook = toolkit.load("easing_outlook")
    assert outlook["outlook"].value_counts().to_dict() == {
        "likely first": 4,
        "possible": 2,
        "will stay": 2,
    }
    assert outlook["claim_source"].str.contains("Hung Anh").all()
    mapped = easing.outlook_measures(outlook, measures)
    dual = mapped[mapped["outlook_id"] == "DUAL-USE"]["measure_id"]
    assert set(dual) == {"EU-2014-SECTORAL", "EU-PKG09", "EU-PKG10"}
    # Embassy operations match no measure.
    assert mapped[mapped["outlook_id"] == "EMBASSY"]["measure_id"].isna().all()


def test_us_programs_history():
    programs = easing.load_us_programs("2025-03-14").set_index("program_id")
    assert len(programs) == 11
    # the two Russia programs, drawn for comparison on the timeline (B01, B05)
    russia = programs[programs["kind"] == "russia"]
    assert russia["start_date"].to_dict() == {
        "RUSSIA-UKRAINE-2014": pd.Timestamp("2014-03-06"),
        "RUSSIA-EO14024-2021": pd.Timestamp("2021-04-15"),
    }
    assert russia["ongoing"].all() and russia.loc["RUSSIA-EO14024-2021", "years_in_force"] == 3.9
    assert programs.loc["LIBYA", "years_in_force"] == 18.7  # 1986-01-07 -> 2004-09-20 (D06)
    assert programs.loc["JACKSON-VANIK-RUSSIA", "end_date"] == pd.Timestamp("2012-12-14")
    relief = programs.loc["IRAN-JCPOA-RELIEF"]
    assert (relief["start_date"], relief["end_date"]) == (
        pd.Timestamp("2016-01-16"),
        pd.Timestamp("2018-05-08"),
    )
    assert programs.loc["CUBA", "ongoing"] and programs.loc["CUBA", "years_in_force"] == 63.1
    assert set(programs["confidence"]) <= {"high", "medium"}
    # Ongoing programs count to the pinned cut-off, not to today.
    earlier = easing.load_us_programs("2020-01-01").set_index("program_id")
    assert earlier.loc["CUBA", "years_in_force"] == 57.9
    with pytest.raises(ParameterError):
        easing.load_us_programs("1970-01-01")  # before several starts
    with pytest.raises(ParameterError):
        easing.load_us_programs("soon")


def test_analogues_match_authority(authority):
    programs = toolkit.load("us_programs_history", as_of="2025-03-14")
    path = easing.lift_path(authority, ["US-STAT-NTR-2022"])
    found = easing.analogues(programs, path)
    assert set(found["program"]) >= {"Cuba embargo", "Jackson-Vanik amendment (applied to Russia)"}
    path = easing.lift_path(authority, ["US-EO14071"])
    found = set(easing.analogues(programs, path)["program"])
    assert "Libya sanctions (EO 12543/12544)" in found
    assert not any(p.startswith("Russia:") for p in found)  # Russia is no analogue of itself


def test_import_exposure_of_energy_and_seafood_bans():
    banned = toolkit.load("us_imports_2021_banned")
    exposure = easing.import_exposure(banned, ["US-EO14066", "US-EO14068"])
    # fuel oil + crude + other petroleum products + fish (facts A40) over 29,638.3 (A30)
    assert exposure["imports_2021_usd_m"].sum() == pytest.approx(18712.0, abs=0.05)
    assert exposure["share_of_2021_imports_pct"].sum() == pytest.approx(63.1, abs=0.1)
    assert easing.import_exposure(banned, ["EU-PKG06"]).empty


def test_designations_affected_is_explicit_when_absent():
    ledger = toolkit.load("sdn_ledger_summary")
    table, reason = easing.designations_affected(ledger, ["US-EO14024"])
    assert len(table) > 0 and set(table["program"]) == {"RUSSIA-EO14024"}
    # the publisher comes from the source's declaration, not restated (issue 13)
    from toolkit.sources import get_source

    assert reason.startswith(f"{get_source('ofac_sdn').publisher}, SDN list as published on ")
    table, reason = easing.designations_affected(None, ["US-EO14024"])
    assert table is None and reason.startswith("no SDN ledger given")
    table, reason = easing.designations_affected(ledger, ["EU-PKG06"])
    assert table is None and reason == "none of these measures is an SDN designation program"


def test_empty_selection_and_registry_option(authority):
    path = easing.lift_path(authority, [])
    assert path.actors == [] and path.min_wait_days == 0 and path.table.empty
    assert path.summary().set_index("item").loc["who must act", "value"] == "nobody"
    programs = toolkit.load("us_programs_history", as_of="2020-01-01").set_index("program_id")
    assert programs.loc["CUBA", "years_in_force"] == 57.9
