"""How long sanctions last: Kaplan-Meier survival of case durations, ongoing cases right-censored."""

from __future__ import annotations

import numpy as np

from toolkit.errors import ParameterError
from toolkit.themes.easing.tables import read_embedded_csv

__all__ = [
    "AGGREGATE_COLUMNS",
    "GROUP_KINDS",
    "SANCTION_TYPES",
    "SENDER_GROUPS",
    "TIES_GROUPS",
    "aggregate_durations",
    "fit_group",
    "fit_km",
    "group_mask",
    "load_gsdb_durations",
    "median_with_ci",
    "russia_positions",
    "share_lasting",
    "summarise_fitters",
    "survival_summary",
    "ties_fitters",
]

#: Sender groups and sanction types of the GSDB cases (groups and types overlap).
SENDER_GROUPS = ("US", "EU", "UN", "others")
SANCTION_TYPES = ("trade", "financial", "travel", "arms", "military", "other")
#: Grouping kinds of the duration aggregate, with the groups each holds.
GROUP_KINDS = {
    "all": ("all cases",),
    "sender": SENDER_GROUPS,
    "type": SANCTION_TYPES,
    "target": ("Russia", "not Russia"),
    "russia_cohort": ("Russia, begun 2014", "Russia, begun 2022"),
}
AGGREGATE_COLUMNS = ("group_kind", "group", "duration_years", "ongoing", "n_cases")


def group_mask(cases, kind: str, group: str):
    """Return the boolean mask of the cases of one group.

    Parameters
    ----------
    cases : pandas.DataFrame
        From :func:`toolkit.sources.read_gsdb`.
    kind : {"all", "sender", "type", "target", "russia_cohort"}
    group : str
        One of ``GROUP_KINDS[kind]``.
    """
    import pandas as pd

    if kind not in GROUP_KINDS or group not in GROUP_KINDS[kind]:
        known = "; ".join(f"{k}: {', '.join(v)}" for k, v in GROUP_KINDS.items())
        raise ParameterError(f"unknown group {kind}/{group!r}; known: {known}", key="group")
    if kind == "all":
        return pd.Series(True, index=cases.index)
    if kind == "sender":
        return cases[f"sender_{group.lower()}"].astype(bool)
    if kind == "type":
        return cases[group].astype(bool)
    russia = cases["target"] == "Russia"
    if kind == "target":
        # Multi-target rows listing Russia count as Russia cases here.
        return cases["target_russia"] if group == "Russia" else ~cases["target_russia"]
    year = int(group[-4:])
    return russia & (cases["begin_year"] == year)


def aggregate_durations(cases):
    """Count cases by duration and censoring for every group of :data:`GROUP_KINDS`.

    Parameters
    ----------
    cases : pandas.DataFrame
        From :func:`toolkit.sources.read_gsdb`.

    Returns
    -------
    pandas.DataFrame
        ``group_kind, group, duration_years, ongoing, n_cases``; the Kaplan-Meier
        curve of a group fitted with ``weights=n_cases`` equals the one fitted
        on its cases.
    """
    import pandas as pd

    parts = []
    for kind, groups in GROUP_KINDS.items():
        for group in groups:
            sub = cases[group_mask(cases, kind, group)]
            counts = (
                sub.groupby(["duration_years", "ongoing"]).size().rename("n_cases").reset_index()
            )
            counts.insert(0, "group", group)
            counts.insert(0, "group_kind", kind)
            parts.append(counts)
    out = pd.concat(parts, ignore_index=True)
    out["duration_years"] = out["duration_years"].astype("int64")
    out["ongoing"] = out["ongoing"].astype(bool)
    return out[list(AGGREGATE_COLUMNS)]


def fit_km(durations, ongoing, *, weights=None, label: str | None = None):
    """Fit a Kaplan-Meier curve with ongoing cases right-censored.

    Parameters
    ----------
    durations : array-like
        Years each case lasted (or has lasted so far, if ongoing).
    ongoing : array-like of bool
        True when the case was still in force at the data cut-off (censored).
    weights : array-like, optional
        Number of cases per row (for an aggregated table).
    label : str, optional

    Returns
    -------
    lifelines.KaplanMeierFitter
    """
    from lifelines import KaplanMeierFitter

    durations = np.asarray(durations, dtype=float)
    observed = ~np.asarray(ongoing, dtype=bool)
    if len(durations) == 0:
        raise ParameterError("no cases to fit: the selected group is empty", key="group")
    kmf = KaplanMeierFitter(label=label)
    kwargs = {} if weights is None else {"weights": np.asarray(weights, dtype=float)}
    kmf.fit(durations, event_observed=observed, **kwargs)
    return kmf


def fit_group(data, kind: str, group: str):
    """Fit the Kaplan-Meier curve of one group, from cases or from the aggregate.

    Parameters
    ----------
    data : pandas.DataFrame
        Either cases (:func:`toolkit.sources.read_gsdb`) or the aggregate
        (``toolkit.load("gsdb_durations")``); recognised by its columns.
    kind, group : str
        See :data:`GROUP_KINDS`.
    """
    if "n_cases" in data.columns:
        if kind not in GROUP_KINDS or group not in GROUP_KINDS[kind]:
            group_mask(data.iloc[:0], kind, group)  # raises the ParameterError
        sub = data[(data["group_kind"] == kind) & (data["group"] == group)]
        return fit_km(sub["duration_years"], sub["ongoing"], weights=sub["n_cases"], label=group)
    sub = data[group_mask(data, kind, group)]
    return fit_km(sub["duration_years"], sub["ongoing"], label=group)


def share_lasting(kmf, years: float) -> float:
    """Return the estimated share of cases that last at least ``years`` years, in percent."""
    # S(t) = P(T > t); P(T >= years) is S just below ``years``.
    t = np.nextafter(float(years), -np.inf)
    return float(kmf.survival_function_at_times(t).iloc[0]) * 100


def median_with_ci(kmf) -> tuple[float, float, float]:
    """Return the median duration in years and its 95% confidence interval (inf = not reached)."""
    from lifelines.utils import median_survival_times

    ci = median_survival_times(kmf.confidence_interval_)
    return float(kmf.median_survival_time_), float(ci.iloc[0, 0]), float(ci.iloc[0, 1])


def survival_summary(data, kind: str, groups=None):
    """Summarise the curves of one grouping: cases, median with CI, shares lasting 10 and 20 years.

    Parameters
    ----------
    data : pandas.DataFrame
        Cases or the aggregate (see :func:`fit_group`).
    kind : str
        A key of :data:`GROUP_KINDS`.
    groups : list of str, optional
        Subset of the groups (default: all of the kind).

    Returns
    -------
    pandas.DataFrame
        ``group, n_cases, n_ongoing, median_years, median_ci_low, median_ci_high,
        lasting_10y_pct, lasting_20y_pct``.
    """
    if kind not in GROUP_KINDS:
        group_mask(data.iloc[:0], kind, "")  # raises the ParameterError listing the kinds
    fitters = {g: fit_group(data, kind, g) for g in groups or GROUP_KINDS[kind]}
    return summarise_fitters(fitters)


def summarise_fitters(fitters):
    """Summarise fitted curves: cases, median with CI, shares lasting 10 and 20 years.

    Parameters
    ----------
    fitters : dict of str to lifelines.KaplanMeierFitter

    Returns
    -------
    pandas.DataFrame
        ``group, n_cases, n_ongoing, median_years, median_ci_low, median_ci_high,
        lasting_10y_pct, lasting_20y_pct``.
    """
    import pandas as pd

    rows = []
    for group, kmf in fitters.items():
        weights = kmf.weights if kmf.weights is not None else np.ones(len(kmf.durations))
        n_ongoing = float(np.sum(weights[~kmf.event_observed.astype(bool)]))
        median, low, high = median_with_ci(kmf)
        rows.append(
            {
                "group": group,
                "n_cases": int(round(float(np.sum(weights)))),
                "n_ongoing": int(round(n_ongoing)),
                "median_years": median,
                "median_ci_low": low,
                "median_ci_high": high,
                "lasting_10y_pct": share_lasting(kmf, 10),
                "lasting_20y_pct": share_lasting(kmf, 20),
            }
        )
    return pd.DataFrame(rows)


#: Groups of the TIES curves (imposed cases with a known end or ongoing-as-of date).
TIES_GROUPS = ("all imposed", "US primary sender", "other primary sender", "target Russia/USSR")


def ties_fitters(cases, groups=None):
    """Fit Kaplan-Meier curves of TIES case durations (imposed cases, known status).

    Parameters
    ----------
    cases : pandas.DataFrame
        From :func:`toolkit.sources.read_ties`.
    groups : list of str, optional
        Subset of :data:`TIES_GROUPS`.

    Returns
    -------
    dict of str to lifelines.KaplanMeierFitter
    """
    known = cases[cases["imposed"] & cases["status"].isin(["ended", "ongoing"])]
    masks = {
        "all imposed": known["imposed"],
        "US primary sender": known["sender_us"],
        "other primary sender": ~known["sender_us"],
        "target Russia/USSR": known["target_russia"],
    }
    unknown = [g for g in groups or () if g not in masks]
    if unknown:
        raise ParameterError(f"unknown TIES group(s) {unknown}; known: {', '.join(masks)}")
    out = {}
    for group in groups or TIES_GROUPS:
        sub = known[masks[group].astype(bool)]
        out[group] = fit_km(
            sub["duration_years"].astype(float), sub["ongoing"].astype(bool), label=group
        )
    return out


def russia_positions(data, *, as_of_year: int | None = None, cutoff_year: int = 2022):
    """Place the 2014 and 2022 Russia cases on the curve of all cases.

    Parameters
    ----------
    data : pandas.DataFrame
        Cases or the aggregate.
    as_of_year : int, optional
        Year to count the Russia cases' age to (e.g. 2025 for a March 2025 view);
        default: the data cut-off.
    cutoff_year : int
        Last year the data covers (GSDB release 3: 2022).

    Returns
    -------
    pandas.DataFrame
        ``cohort, begin_year, n_cases, years_in_force, share_lasting_as_long_pct``:
        the estimated share of all sanction cases that lasted at least as long as
        the Russia cohort has so far.
    """
    import pandas as pd

    kmf = fit_group(data, "all", "all cases")
    year = cutoff_year if as_of_year is None else int(as_of_year)
    rows = []
    for cohort in GROUP_KINDS["russia_cohort"]:
        begin = int(cohort[-4:])
        if "n_cases" in data.columns:
            sub = data[(data["group_kind"] == "russia_cohort") & (data["group"] == cohort)]
            n = int(sub["n_cases"].sum())
        else:
            n = int(group_mask(data, "russia_cohort", cohort).sum())
        age = year - begin + 1  # calendar years in force, as GSDB durations count them
        rows.append(
            {
                "cohort": cohort,
                "begin_year": begin,
                "n_cases": n,
                "years_in_force": age,
                "share_lasting_as_long_pct": share_lasting(kmf, age),
            }
        )
    return pd.DataFrame(rows)


def load_gsdb_durations():
    """Return the embedded GSDB release-3 duration aggregate (counts by duration and censoring).

    Returns
    -------
    pandas.DataFrame
        ``group_kind, group, duration_years, ongoing, n_cases``; fit with
        :func:`fit_group`.
    """
    df, path = read_embedded_csv("gsdb_durations.csv", AGGREGATE_COLUMNS, comment="#")
    df["ongoing"] = df["ongoing"].astype(str).eq("True")
    return df[list(AGGREGATE_COLUMNS)]
