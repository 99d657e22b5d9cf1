"""The entity search on the real lists, and the name keys it compares."""

from __future__ import annotations

import pytest

from toolkit.entities.names import name_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("PETROV, Aleksandr", "Mr Aleksandr Petrov"),
        ('OOO "Gazprom Neft"', "Gazprom Neft LLC"),
        ("PAO Sberbank", "Public Joint Stock Company Sberbank"),
        ("Yevgeniy Prigozhin", "Евгений Пригожин"),
        ("Evgenij Prigožin", "Yevgeny Prigozhin"),
        ("Dmitriy", "Dmitry"),
        ("Vyacheslav", "Viacheslav"),
        ("Yury", "Iurii"),
    ],
)
def test_same_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [("George Bush", "George Habbash"), ("Petrov", "Petrovsky")])
def test_different_key(a, b):
    assert name_key(a) != name_key(b)


def _top(name, **kw):
    from toolkit.entities import search

    return search(name, **kw).iloc[0]


def test_cyrillic_query_finds_the_latin_listing(lists_present):
    top = _top("Евгений Викторович Пригожин", lists=["ofac_sdn"])
    assert top["entity_id"] == "21171" and top["match"]


def test_legal_form_and_word_order(lists_present):
    top = _top("Neft Gazprom OOO", lists=["dfat"])
    assert (top["primary_name"], top["score"]) == ("Gazprom Neft", 100.0)


def test_alias_reported_and_dates_shown(lists_present):
    from toolkit.entities import search

    hits = search("Evgeny Prigozhin", limit=5)
    ofac = hits[hits["list"] == "ofac_sdn"].iloc[0]
    assert ofac["primary_name"] == "PRIGOZHIN, Yevgeniy Viktorovich"
    assert ofac["matched_alias"] != ofac["primary_name"]  # an alias scored best
    assert str(ofac["first_seen"].date()) == "2021-08-18"
    assert {"ofac_sdn", "dfat"} <= set(hits.loc[hits["match"], "list"])


def test_near_miss_is_returned_but_not_a_match(lists_present):
    from toolkit.entities import THRESHOLD, search

    hits = search("George Bush", limit=5)
    assert len(hits) and not hits["match"].any()
    assert hits["score"].max() < THRESHOLD


def test_unknown_list_refused(lists_present):
    from toolkit.entities import search

    with pytest.raises(ValueError, match="unknown list"):
        search("x", lists=["eu"])
