"""The coverage of facts.md section E: every E row once, each use real, no low row unflagged."""

from __future__ import annotations

import csv
import io
import re

import pytest
from support.facts import facts_rows

from toolkit.claims.coverage import STATUSES, load_facts_coverage, locations
from toolkit.errors import DataFormatError
from toolkit.paths import PROJECT_DIR
from toolkit.registry import dataset_names

ID_COLUMNS = ("fact_id", "fact_ids", "basis_fact_ids", "context_fact_ids", "from_fact_id")
FLAGS = re.compile(r"not verified|\(low\)|low\)|from memory|NOT VERIFIED", re.I)
#: The 2025-26 record issue 14 asks the curated tables to carry (each must be used).
EXPECTED = {
    "EU packages 18-21, legal acts, LNG ban, vessels, anti-circumvention tool": range(1, 16),
    "EU/UK dynamic cap beside the US 60": (26, 27, 28, 29, 30, 31, 33),
    "Rosneft and Lukoil and what followed": range(35, 44),
    "India tariff and its lifting": (44, 45),
    "designation counts by year (CNAS, Castellum)": (62, 63),
    "Russia's GDP, key rate, oil-and-gas revenue": range(79, 87),
    "frozen assets, Euroclear, the EUR 90 bn loan": range(91, 96),
    "US-Russia contacts to 2026": range(52, 58),
    "easing precedents since 2015": (*range(104, 117), 59, 60, 51),
    "general-licence lineage": (36, 37, 38, 39, 42, 104, 109, 113, 114),
}


@pytest.fixture(scope="module")
def facts(shared_data):
    path = shared_data.parent / "reference" / "facts.md"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    rows = facts_rows(path, r"E\d{2,3}")
    assert len(rows) == 118  # E01-E118, the addendum's own count
    return rows


@pytest.fixture(scope="module")
def coverage():
    return load_facts_coverage()


def _table(relative: str) -> list[dict]:
    lines = (PROJECT_DIR / relative).read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.startswith("#"))  # comment lines
    return list(csv.DictReader(io.StringIO(text)))


def cited_in(fact_id: str, rows: list[dict], column: str) -> list[dict]:
    """Return the rows whose ``column`` cites ``fact_id`` (an id list, or the id in text)."""
    if column in ID_COLUMNS:
        return [
            r for r in rows if fact_id in re.split(r"\s*[;,]\s*", (r.get(column) or "").strip())
        ]
    word = re.compile(rf"(?<![A-Za-z0-9]){fact_id}(?!\d)")
    return [r for r in rows if word.search(r.get(column) or "")]


def unflagged_low_uses(fact_id: str, rows: list[dict]) -> list[dict]:
    """Return the rows that cite a low-confidence fact without flagging it on the row."""
    return [r for r in rows if not FLAGS.search(" ".join(str(v) for v in r.values()))]


def test_every_e_row_appears_exactly_once(facts, coverage):
    ids = list(coverage["fact_id"])
    assert len(ids) == len(set(ids))
    assert set(ids) == set(facts), {
        "missing": sorted(set(facts) - set(ids)),
        "unknown": sorted(set(ids) - set(facts)),
    }


def test_confidence_is_the_fact_sheets(facts, coverage):
    for row in coverage.to_dict("records"):
        assert row["confidence"] == facts[row["fact_id"]]["confidence"], row["fact_id"]


def test_every_used_row_is_cited_where_it_says(coverage):
    used = coverage[coverage["status"] == "used"]
    assert len(used) > 80
    for row in used.to_dict("records"):
        for place in locations(row["where"]):
            relative, _, column = place.partition(":")
            assert relative.startswith("toolkit/data/") and column, (row["fact_id"], place)
            rows = _table(relative)
            assert rows and column in rows[0], f"{row['fact_id']}: {place} has no such column"
            assert cited_in(row["fact_id"], rows, column), f"{row['fact_id']} not in {place}"


def _figures(value: str) -> set[str]:
    """Numbers of four or more digits a fact states (thousands separators dropped)."""
    return {
        n.replace(",", "")
        for n in re.findall(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{4,}(?:\.\d+)?", value)
    }


def test_every_recomputed_row_names_its_dataset_and_a_test_pinning_it(facts, coverage):
    names = set(dataset_names())
    for row in coverage[coverage["status"] == "recomputed"].to_dict("records"):
        places = locations(row["where"])
        datasets = [p.removeprefix("dataset:") for p in places if p.startswith("dataset:")]
        tests = [p for p in places if p.startswith("tests/")]
        assert datasets and set(datasets) <= names, (row["fact_id"], datasets)
        assert tests, f"{row['fact_id']}: no test pins the recomputed figure"
        for test in tests:
            text = (PROJECT_DIR / test).read_text(encoding="utf-8").replace("_", "")
            figures = {
                f for f in _figures(facts[row["fact_id"]]["value"]) if not f.startswith("20")
            }
            pinned = re.search(rf"\b{row['fact_id']}\b", text) or any(f in text for f in figures)
            assert pinned, f"{row['fact_id']}: {test} neither cites it nor pins one of {figures}"


def test_no_low_confidence_row_is_used_unflagged(facts, coverage):
    for row in coverage.to_dict("records"):
        if facts[row["fact_id"]]["confidence"] != "low" or row["status"] == "excluded":
            continue
        for place in locations(row["where"]):
            relative, _, column = place.partition(":")
            if relative.startswith("toolkit/data/"):
                rows = cited_in(row["fact_id"], _table(relative), column)
                assert not unflagged_low_uses(row["fact_id"], rows), (row["fact_id"], place)


def test_the_low_confidence_check_can_fail():
    rows = [
        {"fact_id": "E99", "note": "a figure"},
        {"fact_id": "E99", "note": "(low) not verified"},
    ]
    assert unflagged_low_uses("E99", cited_in("E99", rows, "fact_id")) == rows[:1]
    assert cited_in("E9", rows, "fact_id") == [] and cited_in("E99", rows, "note") == []


@pytest.mark.parametrize("what", sorted(EXPECTED))
def test_the_record_issue_14_lists_is_in_the_tables(coverage, what):
    status = coverage.set_index("fact_id")["status"]
    ids = [f"E{n:02d}" for n in EXPECTED[what]]
    assert [i for i in ids if status[i] == "excluded"] == [], what


def test_excluded_rows_say_why(coverage):
    excluded = coverage[coverage["status"] == "excluded"]
    words = r"out of scope|duplicate|qualitative|another source|different source|not law|ratio|not a contact|minister"
    for row in excluded.to_dict("records"):
        assert re.search(words, row["reason"]), row


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("E02,", "E01,", 1), "E01 appears twice"),
        (lambda t: t.replace(",used,", ",cited,", 1), "is not one of"),
        (
            lambda t: t.replace("E20,medium,excluded,", "E20,medium,excluded,toolkit/x.csv:a", 1),
            "is set",
        ),
        (lambda t: re.sub(r"(E01,medium,used,)[^,]*,", r"\1,", t, count=1), "is empty"),
    ],
)
def test_a_bad_coverage_file_is_named(tmp_path, edit, message):
    text = (PROJECT_DIR / "toolkit/data/facts_e_coverage.csv").read_text(encoding="utf-8")
    bad = tmp_path / "coverage.csv"
    bad.write_text(edit(text), encoding="utf-8")
    with pytest.raises(DataFormatError, match=message) as info:
        load_facts_coverage(path=bad)
    assert str(bad) in str(info.value) and "line" in str(info.value)


def test_statuses_are_the_documented_ones(coverage):
    assert set(coverage["status"]) <= set(STATUSES)
