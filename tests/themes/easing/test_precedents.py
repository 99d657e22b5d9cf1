"""The GL lineage and the precedent log against their facts.md rows; the findings recomputed."""

from __future__ import annotations

import csv
import re
from datetime import date

import numpy as np
import pandas as pd
import pytest
from support.facts import facts_rows

import toolkit
from toolkit.errors import DataFormatError
from toolkit.paths import embedded
from toolkit.themes import easing

RANK = {"medium": 1, "high": 2}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@pytest.fixture(scope="module")
def facts(shared_data):
    """facts.md rows by id (the E addendum included); skips without the shared reference."""
    path = shared_data.parent / "reference" / "facts.md"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    rows = facts_rows(path)
    assert sum(1 for i in rows if i.startswith("E")) == 118  # E01..E118 (the addendum's count)
    return rows


def _text(facts, ids):
    return " ".join(" ".join(facts[i].values()) for i in ids.split(";") if i)


def _written(text, day: str, precision: str) -> bool:
    """Whether the fact text writes the date (ISO, or a month name and year for a month)."""
    if precision == "day":
        return day in text
    y, m = day[:4], int(day[5:7])
    lowered = text.lower()
    return f"{y}-{m:02d}" in text or bool(
        re.search(rf"\b{MONTHS[m - 1]}[a-z]*\.? (?:\d{{1,2}} )?{y}\b", lowered)
    )


def _raw(name):
    with open(embedded(name), encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_every_licence_version_is_its_fact_rows(facts):
    for row in _raw("general_licence_lineage.csv"):
        text = _text(facts, row["fact_id"])
        number = row["licence"].removeprefix("GL ")
        if row["licence"].startswith("GL "):
            assert re.search(rf"\b{re.escape(number)}\b", text), (row["licence"], row["fact_id"])
        if row["issued_date"]:
            assert _written(text, row["issued_date"], row["issued_precision"]), row["licence"]
        if row["expiry_date"]:
            assert _written(text, row["expiry_date"], "day"), row["licence"]
        weakest = min(RANK[facts[i]["confidence"]] for i in row["fact_id"].split(";"))
        assert RANK[row["confidence"]] <= weakest, row["licence"]


def test_licence_lineages_pinned():
    gl = toolkit.load("general_licence_lineage").set_index("licence")
    assert len(gl) == 22 and set(gl["program"]) == {
        "Russia (EO 14024)", "Venezuela", "Syria", "Belarus"
    }  # fmt: skip
    # the Lukoil retail line (E37, OFAC FAQ 1225: high) and the sale-negotiation line (E38-E39)
    b = gl.loc["GL 128B"]
    assert (b["issued_date"], b["expiry_date"], b["replaces"], b["confidence"]) == (
        pd.Timestamp("2025-12-04"), pd.Timestamp("2026-04-29"), "GL 128A", "high"
    )  # fmt: skip
    line = gl[gl["lineage"] == "GL 131"].sort_values("version")
    assert line.index.tolist() == ["GL 131", "GL 131A", "GL 131B"]
    assert line["expiry_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-12-13", "2026-01-17", "2026-02-28"
    ]  # fmt: skip
    assert gl.loc["GL 131B", "confidence"] == "medium"  # E39 is medium
    assert gl.loc["GL 44A", "expiry_date"] == pd.Timestamp("2024-05-31")  # E113 wind-down
    assert pd.isna(gl.loc["GL 46", "expiry_date"]) and gl.loc["GL 46", "fact_id"] == "E114"
    # no date is invented: versions without a written issue day have none
    for undated in ("GL 48", "GL 49", "GL 50", "GL 11", "GL 124", "GL 128A"):
        assert pd.isna(gl.loc[undated, "issued_date"]), undated
    assert gl.loc["GL 124B", "issued_precision"] == "month"


def test_every_precedent_is_its_fact_rows(facts):
    for row in _raw("easing_precedents.csv"):
        text = _text(facts, row["fact_id"])
        assert _written(text, row["date"], row["date_precision"]), row["precedent_id"]
        if row["from_date"]:
            start = _text(facts, row["from_fact_id"])
            assert _written(start, row["from_date"], row["from_precision"]), row["precedent_id"]
        else:  # no start: the note says so (never a guessed imposition date)
            assert "not in facts.md" in row["note"], row["precedent_id"]
        weakest = min(RANK[facts[i]["confidence"]] for i in row["fact_id"].split(";"))
        assert RANK[row["confidence"]] <= weakest, row["precedent_id"]


def test_precedent_log_pinned():
    log = toolkit.load("easing_precedents").set_index("precedent_id")
    # the cases issue 14 names: Syria 2025, Belarus/Belavia, Venezuela licences, Myanmar,
    # Iran 2016/2018 and the UN snapback
    for pid in ("SYRIA-EO14312-2025", "BELAVIA-2025", "VENEZUELA-GL44-2023", "MYANMAR-2025",
                "IRAN-JCPOA-2016", "IRAN-WITHDRAWAL-2018", "IRAN-SNAPBACK-2025"):  # fmt: skip
        assert pid in log.index
    assert log.loc["IRAN-SNAPBACK-2025", ["sender", "action"]].tolist() == ["UN", "re-imposed"]
    # years from imposition: EO 12170 1979-11-14 -> 2016-01-16 (D02, D03); Belavia Aug 2023 ->
    # 2025-11-04 (E59); the India tariff 2025-08-27 -> 2026-02-07 (E44, E45)
    assert log.loc["IRAN-JCPOA-2016", "years_from"] == 36.2
    assert log.loc["BELAVIA-2025", "years_from"] == 2.3
    assert log.loc["INDIA-TARIFF-2026", "years_from"] == 0.4
    # a re-imposition counts from the relief it reversed (D04: about 28 months)
    assert log.loc["IRAN-WITHDRAWAL-2018", ["from_event", "years_from"]].tolist() == ["relief", 2.3]
    assert log.loc[["SYRIA-GL25-2025", "MYANMAR-2025"], "years_from"].isna().all()
    assert log["date"].is_monotonic_increasing


def test_as_of_drops_what_came_later():
    march = easing.load_precedents(as_of="2025-03-14")
    assert march["date"].max() <= pd.Timestamp("2025-03-14")
    # Tornado Cash (2025-03-21) and everything after are left out
    assert march["precedent_id"].iloc[-1] == "VENEZUELA-GL44A-2024" and len(march) == 7
    gl = easing.load_gl_lineage(as_of="2025-03-14")
    # undated versions of later lines (GL 11, 48, 124, 128A) are left out of the March 2025 view
    assert set(gl["licence"]) == {"temporary GL (number not recorded)", "GL 44", "GL 44A"}
    # on the Rosneft/Lukoil designation day: GL 124-128A (6), GL 11, GL 25, GL 44/44A, Belarus 2015
    assert len(easing.load_gl_lineage(as_of="2025-10-22")) == 11
    contacts = easing.until(toolkit.load("us_russia_contacts"), "2025-03-14", "date")
    assert contacts["contact_id"].tolist() == [
        "FOGEL-RELEASE", "PHONE-CALL", "RIYADH-TALKS", "ISTANBUL-TALKS-1"
    ]  # fmt: skip
    assert (
        easing.latest_fact_date(
            toolkit.load("authority_map")["position_date"],
            toolkit.load("easing_precedents")["date"],
        )
        == easing.POSITION_AS_OF
    )
    assert (
        easing.as_dated(
            pd.Series(pd.to_datetime(["2025-12-01", None])), pd.Series(["month", ""])
        ).tolist()[0]
        == "2025-12"
    )


def test_a_bad_row_names_its_line(monkeypatch, tmp_path):
    rows = (embedded("easing_precedents.csv")).read_text(encoding="utf-8").splitlines()
    rows[3] = rows[3].replace(",lifted,", ",relaxed,", 1)
    bad = tmp_path / "easing_precedents.csv"
    bad.write_text("\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setattr("toolkit.themes.easing.tables.embedded", lambda name: tmp_path / name)
    with pytest.raises(DataFormatError, match="line 4.*action|action.*line 4|relaxed"):
        easing.load_precedents()


def _km_median(durations, observed, weights):
    """The Kaplan-Meier median computed by hand: the first time the survival falls to 1/2."""
    table = pd.DataFrame({"t": durations, "e": observed, "w": weights})
    survival = 1.0
    for t, at in table.groupby("t"):
        at_risk = table.loc[table["t"] >= t, "w"].sum()
        survival *= 1 - at.loc[at["e"], "w"].sum() / at_risk
        if survival <= 0.5:
            return float(t)
    return np.inf


def test_findings_are_the_numbers_in_the_data():
    """Each number of the notebook's findings, recomputed from the embedded files by another way."""
    agg = toolkit.load("gsdb_durations")
    precedents = easing.load_precedents()
    contacts = toolkit.load("us_russia_contacts")
    found = {
        f["key"]: f
        for f in easing.easing_findings(
            gsdb=agg,
            authority=toolkit.load("authority_map"),
            precedents=precedents,
            contacts=contacts,
        )  # fmt: skip
    }
    assert 3 <= len(found) <= 5
    # GSDB: the median from the raw aggregate rows, by hand
    everything = agg[agg["group_kind"] == "all"]
    n = found["gsdb-median-duration"]["numbers"]
    assert n["n_cases"] == everything["n_cases"].sum() == 1325
    assert n["median"] == _km_median(
        everything["duration_years"], ~everything["ongoing"], everything["n_cases"]
    )
    # authority: counted on the raw CSV
    raw = [r for r in _raw("authority_map.csv") if r["measure_id"].startswith("US-")]
    n = found["congress-only"]["numbers"]
    assert n["n_us"] == len(raw)
    assert n["n_congress"] == sum(r["who_can_lift"] == "Congress only" for r in raw)
    assert n["n_not_recorded"] == sum(r["who_can_lift"] == "not recorded" for r in raw) == 2
    assert n["n_review"] == sum("congressional review" in r["who_can_lift"] for r in raw)
    # precedents: years computed from the raw dates
    years = []
    for r in _raw("easing_precedents.csv"):
        if r["from_event"] == "imposition" and r["action"] != "re-imposed":
            d0, d1 = date.fromisoformat(r["from_date"]), date.fromisoformat(r["date"])
            years.append(round((d1 - d0).days / 365.25, 1))
    n = found["precedent-timing"]["numbers"]
    assert (n["n_timed"], n["median_years"]) == (len(years), float(np.median(years)))
    assert (n["min_years"], n["max_years"]) == (min(years), max(years))
    assert n["n_reimposed"] == sum(
        r["action"] == "re-imposed" for r in _raw("easing_precedents.csv")
    )
    # contacts
    raw_contacts = _raw("us_russia_contacts_2025.csv")
    n = found["contacts-no-russia-easing"]["numbers"]
    assert n["n_contacts"] == len(raw_contacts)
    assert (n["first"], n["last"]) == (
        min(r["date"] for r in raw_contacts),
        max(r["date"] for r in raw_contacts),
    )
    assert n["n_russia_eased"] == 0
    for f in found.values():  # every template field is a computed number
        f["template"].format(**f["numbers"])
