"""Data vintages in time: ``as_of``/``cadence`` declarations, their checks, ages and staleness."""

from __future__ import annotations

import datetime as dt

import pytest

from toolkit.errors import ToolkitError
from toolkit.periods import age_text, is_stale, period_end
from toolkit.registry import Dataset, get_dataset, list_datasets

RUN = dt.date(2026, 12, 3)


def _dataset(**time):
    return Dataset(name="x_y", title="t", publisher="p", source="s", vintage="v", licence="l",
                   kind="embedded", theme="trade", loader="m:f", **time)  # fmt: skip


@pytest.mark.parametrize(
    "as_of, end",
    [
        ("2024", dt.date(2024, 12, 31)),
        ("2024-Q1", dt.date(2024, 3, 31)),
        ("2024-02", dt.date(2024, 2, 29)),  # leap year
        ("2026-06-02", dt.date(2026, 6, 2)),
    ],
)
def test_a_period_ends_on_its_last_day(as_of, end):
    assert period_end(as_of) == end


@pytest.mark.parametrize(
    "time, words",
    [
        ({"as_of": "2024-13"}, "no month 13"),
        ({"as_of": "2025-02-30"}, "no calendar date"),
        ({"as_of": "June 2024"}, "not an ISO date or period"),
        ({"as_of": "2024-Q5"}, "not an ISO date or period"),
        ({"cadence": "weekly"}, "cadence 'weekly' is not one of"),
    ],
)
def test_a_bad_vintage_or_cadence_names_the_dataset(time, words):
    with pytest.raises(ToolkitError, match=rf"dataset 'x_y': .*{words}"):
        _dataset(**time)


def test_undeclared_time_is_none_and_travels_with_the_provenance():
    assert _dataset().provenance()["as_of"] is None
    record = _dataset(as_of="2024-06", cadence="monthly").provenance()
    assert (record["as_of"], record["cadence"]) == ("2024-06", "monthly")


@pytest.mark.parametrize(
    "as_of, words",
    [
        ("2026-11-30", "3 days"),
        ("2026-12-02", "1 day"),
        ("2026-06", "5 months"),  # 2026-06-30 to 2026-12-03
        ("2024-06", "2 years 5 months"),
        ("2024-11", "2 years"),
        ("2027", "after the run date"),
    ],
)
def test_age_on_the_run_date(as_of, words):
    assert age_text(as_of, RUN) == words


@pytest.mark.parametrize(
    "as_of, cadence, stale",
    [
        ("2026-10", "monthly", False),  # 34 days: one cycle
        ("2026-09", "monthly", True),  # 64 days: over two
        ("2026-Q2", "quarterly", False),  # 156 days
        ("2026-Q1", "quarterly", True),  # 247 days
        ("2025", "annual", False),
        ("2024", "annual", False),  # 702 days: under two cycles
        ("2023", "annual", True),
        ("2005", "one-off", False),  # no cycle: old, never "stale"
        ("2005", "irregular", False),
        ("2005", None, False),
    ],
)
def test_stale_means_older_than_two_publication_cycles(as_of, cadence, stale):
    assert is_stale(as_of, cadence, RUN) is stale


def test_the_reader_and_claims_declarations_carry_their_time():
    """Datasets no theme owns: the claims register and the sources' reader datasets."""
    assert (get_dataset("claims").as_of, get_dataset("claims").cadence) == ("2025-03-14", "one-off")
    assert (get_dataset("comext").as_of, get_dataset("comext").cadence) == ("2024-08", "monthly")
    assert get_dataset("ofac_partial_sets").as_of == "2026-06-02"
    assert get_dataset("rosstat_trade").as_of == "2021-12"
    assert get_dataset("ofac_sdn").as_of is None  # the user's download: no fixed date


def test_every_dataset_declares_its_vintage_period_and_cadence():
    """The list the lead reads: datasets whose as_of or cadence is still undeclared.

    Every dataset declares a cadence; every dataset with fixed content (embedded, or a
    reader with a default shared file) declares its ``as_of``. A reader of the user's own
    download only (no default file) has the date of that file, so no ``as_of``.
    """
    from toolkit.sources import get_source, source_keys

    fixed = {k for k in source_keys() if get_source(k).dataset.default_file}
    df = list_datasets()
    needs_as_of = (df["kind"] == "embedded") | df["name"].isin(fixed)
    missing = df[(needs_as_of & df["as_of"].isna()) | df["cadence"].isna()]
    listed = [f"{r.theme}/{r.name} (vintage: {r.vintage})" for r in missing.itertuples()]
    assert not listed, "datasets without as_of/cadence:\n  " + "\n  ".join(listed)


def test_the_probe_hands_the_index_each_dataset_s_time():
    """The report's probe keeps as_of and cadence; an undeclared one is an empty text."""
    import pandas as pd

    from toolkit.report.probe import datasets_in

    declared, undeclared = pd.DataFrame({"x": [1]}), pd.DataFrame({"x": [2]})
    declared.attrs["source"] = {"name": "a", "as_of": "2024-06", "cadence": "monthly"}
    undeclared.attrs["source"] = {"name": "b", "as_of": None, "cadence": None}
    records = {r["name"]: r for r in datasets_in({"d": declared, "u": undeclared})}
    assert (records["a"]["as_of"], records["a"]["cadence"]) == ("2024-06", "monthly")
    assert (records["b"]["as_of"], records["b"]["cadence"]) == ("", "")
