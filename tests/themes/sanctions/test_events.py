"""Tests of the events table: rows, sources, filters, errors."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from toolkit.errors import ParameterError
from toolkit.paths import embedded
from toolkit.themes.sanctions.events import load_events

# date -> facts.md id (None: the invasion has no row of its own).
EXPECTED_EVENTS = {
    "2012-12-14": "B20",
    "2014-03-06": "B01",
    "2014-03-17": "B40",
    "2014-07-31": "B40",
    "2017-08-02": "B22",
    "2021-04-15": "B05",
    "2022-02-24": None,
    "2022-02-28": "B07",
    "2022-03-08": "B09",
    "2022-03-11": "B10",
    "2022-04-06": "B11",
    "2022-12-05": "B60",
    "2023-02-05": "B61",
    "2023-12-22": "B12",
    "2024-05-13": "B31",
    "2025-09-03": "B59",
    # the 2025-26 record (facts.md section E)
    "2025-10-22": "E35",
    "2025-10-23": "E04;E05;E06",
    "2026-02-01": "E28;E31",
    "2026-04-23": "E10;E12;E13",
    "2026-04-25": "E05",
    "2026-07-23": "E14;E15;E30",
}

#: A source is a URL, or a repository path as facts.md section E writes it.
SOURCE = r"https?://\S+|repo [\w.-]+/[\w.-]+, path \S+ @ [0-9a-f]{7,40}"


def test_events_rows_and_fact_ids():
    ev = load_events()
    assert ev["date"].dtype.kind == "M"
    got = {
        d.strftime("%Y-%m-%d"): (None if pd.isna(f) else f)
        for d, f in zip(ev.date, ev.fact_id, strict=True)
    }
    assert got == EXPECTED_EVENTS
    assert ev["date"].is_monotonic_increasing


def test_events_cited():
    ev = load_events()
    assert set(ev.confidence) <= {"high", "medium"}
    assert ev.publisher.str.len().gt(3).all()
    assert ev.source_url.map(lambda s: all(re.fullmatch(SOURCE, p) for p in s.split(" ; "))).all()
    # facts.md marks: EO 14066 is high, the price cap medium.
    conf = dict(zip(ev.fact_id, ev.confidence, strict=True))
    assert conf["B09"] == "high" and conf["B60"] == "medium"


def test_events_filters():
    us = load_events(jurisdiction="US")
    assert set(us.jurisdiction) == {"US"} and len(us) == 11
    caps = load_events(kind="price_cap")
    assert caps.label.tolist() == [
        "Crude price cap $60",
        "Product price caps",
        "EU dynamic price cap",
        "EU cap 44.10",
        "EU 21st package",
    ]
    window = load_events(start="2022-01-01", end="2022-12-31")
    assert len(window) == 6


def test_events_bad_filters():
    with pytest.raises(ParameterError, match="unknown value") as err:
        load_events(kind="tariff")
    assert err.value.key == "kind"
    with pytest.raises(ParameterError, match="not an ISO date") as err:
        load_events(start="last year")
    assert err.value.key == "start"


def test_no_sentence_of_the_commentary_is_copied(shared_data):
    seed = shared_data.parent / "seed" / "resetting-russia-us-relations.txt"
    if not seed.exists():
        pytest.skip(f"{seed} is absent")

    def words(text):
        return re.findall(r"[a-z0-9]+", text.lower())

    src = words(seed.read_text(encoding="utf-8"))
    grams = {tuple(src[i : i + 7]) for i in range(len(src) - 6)}
    for name in ("events.csv",):  # the claims register: tests/claims/test_claims_vocabulary.py
        ours = words(embedded(name).read_text(encoding="utf-8"))
        copied = [g for g in zip(*(ours[i:] for i in range(7)), strict=False) if g in grams]
        assert not copied, f"{name} copies the commentary: {' '.join(copied[0])}"


def test_through_the_registry():
    import toolkit

    caps = toolkit.load("events", kind="price_cap")
    assert len(caps) == 5 and caps.attrs["source"]["name"] == "events"
