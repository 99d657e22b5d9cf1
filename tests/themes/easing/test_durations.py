"""Kaplan-Meier durations: the embedded GSDB aggregate reproduces the curves of the real file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.errors import ParameterError
from toolkit.sources import read_gsdb
from toolkit.themes.easing import durations as du


@pytest.fixture(scope="module")
def aggregate():
    return toolkit.load("gsdb_durations")


def test_aggregate_totals(aggregate):
    everything = aggregate[aggregate["group_kind"] == "all"]
    assert everything["n_cases"].sum() == 1325
    assert everything.loc[everything["ongoing"], "n_cases"].sum() == 411
    cohorts = aggregate[aggregate["group_kind"] == "russia_cohort"]
    by = cohorts.groupby("group")["n_cases"].sum().to_dict()
    assert by == {"Russia, begun 2014": 8, "Russia, begun 2022": 17}
    # All Russia cohort cases are still in force at the 2022 cut-off.
    assert cohorts["ongoing"].all()


def test_median_from_aggregate_equals_real_file(aggregate, shared_file):
    cases = read_gsdb(shared_file("gsdb-v3/GSDB_V3.csv"))
    for kind, groups in du.GROUP_KINDS.items():
        for group in groups:
            a = du.fit_group(aggregate, kind, group)
            c = du.fit_group(cases, kind, group)
            assert a.median_survival_time_ == c.median_survival_time_, (kind, group)
            # The whole curve, not only the median.
            np.testing.assert_allclose(
                a.survival_function_.to_numpy().ravel(), c.survival_function_.to_numpy().ravel()
            )
    pd.testing.assert_frame_equal(
        du.survival_summary(aggregate, "sender"), du.survival_summary(cases, "sender")
    )


def test_known_values(aggregate):
    summary = du.survival_summary(aggregate, "all").iloc[0]
    assert summary["n_cases"] == 1325 and summary["n_ongoing"] == 411
    assert summary["median_years"] == 6.0
    assert (summary["median_ci_low"], summary["median_ci_high"]) == (5.0, 6.0)
    assert summary["lasting_10y_pct"] == pytest.approx(36.92, abs=0.01)
    assert summary["lasting_20y_pct"] == pytest.approx(17.14, abs=0.01)
    senders = du.survival_summary(aggregate, "sender").set_index("group")
    assert senders.loc["US", "n_cases"] == 486 and senders.loc["US", "median_years"] == 7.0
    assert senders.loc["UN", "median_years"] == 10.0


def test_russia_positions(aggregate):
    pos = du.russia_positions(aggregate).set_index("cohort")
    assert pos.loc["Russia, begun 2014", "years_in_force"] == 9
    assert pos.loc["Russia, begun 2014", "n_cases"] == 8
    # Every case lasts at least one calendar year.
    assert pos.loc["Russia, begun 2022", "share_lasting_as_long_pct"] == 100.0
    later = du.russia_positions(aggregate, as_of_year=2025).set_index("cohort")
    assert later.loc["Russia, begun 2014", "years_in_force"] == 12
    assert (
        later.loc["Russia, begun 2014", "share_lasting_as_long_pct"]
        < pos.loc["Russia, begun 2014", "share_lasting_as_long_pct"]
    )


def test_share_lasting_hand_case():
    # Four cases ending after 1, 2, 3 and 4 years: half last at least 3 years.
    kmf = du.fit_km([1, 2, 3, 4], [False] * 4)
    assert du.share_lasting(kmf, 3) == pytest.approx(50.0)
    assert du.share_lasting(kmf, 1) == pytest.approx(100.0)
    # A censored case still counts as at risk: one of two left at 2 years ends.
    kmf = du.fit_km([1, 2, 3], [True, False, False])
    assert du.share_lasting(kmf, 3) == pytest.approx(50.0)


def test_unknown_group_and_empty(aggregate):
    with pytest.raises(ParameterError) as err:
        du.fit_group(aggregate, "sender", "NATO")
    assert "US, EU, UN, others" in str(err.value)
    with pytest.raises(ParameterError):
        du.fit_km([], [])


def test_ties_curves(shared_file):
    from toolkit.sources import read_ties

    cases = read_ties(shared_file("ties-v4.1/TIESv4-1.xls"))
    summary = du.summarise_fitters(du.ties_fitters(cases)).set_index("group")
    # Imposed cases with a known end or ongoing-as-of date.
    assert summary.loc["all imposed", "n_cases"] == 627
    assert summary.loc["all imposed", "n_ongoing"] == 119
    assert summary.loc["US primary sender", "n_cases"] == 315
    assert summary.loc["target Russia/USSR", "n_cases"] == 19
    with pytest.raises(ParameterError):
        du.ties_fitters(cases, ["NATO"])


def test_embedded_aggregate_is_the_build_of_the_real_file(aggregate, shared_file):
    # scripts/build_gsdb_durations.py output, re-derived: the embedded file is not stale.
    rebuilt = du.aggregate_durations(read_gsdb(shared_file("gsdb-v3/GSDB_V3.csv")))
    pd.testing.assert_frame_equal(
        rebuilt.reset_index(drop=True), aggregate.reset_index(drop=True), check_dtype=False
    )
