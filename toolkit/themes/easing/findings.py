"""The easing notebook's findings, computed from the data it shows (never typed)."""

from __future__ import annotations

__all__ = ["easing_findings"]


def _gsdb_median(gsdb) -> dict:
    from toolkit.themes.easing.durations import survival_summary

    row = survival_summary(gsdb, "all").iloc[0]
    return {
        "n_cases": int(row["n_cases"]),
        "median": float(row["median_years"]),
        "ci_low": float(row["median_ci_low"]),
        "ci_high": float(row["median_ci_high"]),
        "lasting_20y": float(row["lasting_20y_pct"]),
    }


def _congress(authority) -> dict:
    us = authority[authority["measure_id"].str.startswith("US-")]
    return {
        "n_us": len(us),
        "n_congress": int((us["who_can_lift"] == "Congress only").sum()),
        "n_review": int((us["who_can_lift"] == "President, subject to congressional review").sum()),
        "n_not_recorded": int((us["who_can_lift"] == "not recorded").sum()),
    }


def _precedents(precedents) -> dict:
    timed = precedents[
        (precedents["from_event"] == "imposition") & (precedents["action"] != "re-imposed")
    ]
    years = timed["years_from"].dropna()
    return {
        "n_precedents": len(precedents),
        "n_timed": len(years),
        "median_years": float(years.median()),
        "min_years": float(years.min()),
        "max_years": float(years.max()),
        "n_reimposed": int((precedents["action"] == "re-imposed").sum()),
    }


def _contacts(contacts, precedents) -> dict:
    russia = precedents["target"].str.contains("Russia")
    return {
        "n_contacts": len(contacts),
        "first": f"{contacts['date'].min():%Y-%m-%d}",
        "last": f"{contacts['date'].max():%Y-%m-%d}",
        "n_russia_eased": int((russia & (precedents["action"] != "re-imposed")).sum()),
        "n_steps": int((precedents["action"] != "re-imposed").sum()),
    }


def easing_findings(*, gsdb, authority, precedents, contacts) -> list[dict]:
    """Return the notebook's findings: key, template, numbers and the figure each illustrates.

    Parameters
    ----------
    gsdb : pandas.DataFrame
        GSDB cases or the embedded ``gsdb_durations`` aggregate.
    authority : pandas.DataFrame
        The ``authority_map`` dataset (the measures shown).
    precedents : pandas.DataFrame
        :func:`toolkit.themes.easing.precedents.load_precedents` (to the notebook's ``as_of``).
    contacts : pandas.DataFrame
        The ``us_russia_contacts`` dataset (to the notebook's ``as_of``).

    Returns
    -------
    list of dict
        ``key``, ``template`` (``str.format`` fields), ``numbers``, ``figure`` and, for the
        dated tables, ``as_of`` (their latest date) per finding, for
        :func:`toolkit.notebook.finding`.
    """
    out = [
        {
            "key": "gsdb-median-duration",
            "template": (
                "The median sanction case of the Global Sanctions Data Base ({n_cases:,} cases, "
                "1949-2022) lasted {median:.0f} years (95% CI {ci_low:.0f}-{ci_high:.0f}); an "
                "estimated {lasting_20y:.0f}% lasted 20 years or more."
            ),
            "numbers": _gsdb_median(gsdb),
            "figure": "gsdb-survival-all",
        },
        {
            "key": "congress-only",
            "template": (
                "Of the {n_us} US measures on Russia, {n_congress} are statutes that, on the "
                "toolkit's derived reading, only Congress can undo; {n_review} more need the "
                "CAATSA review first, and for {n_not_recorded} the lifting path is not recorded."
            ),
            "numbers": _congress(authority),
            "figure": "authority",
        },
    ]
    if len(precedents) and precedents["years_from"].notna().any():
        out.append(
            {
                "key": "precedent-timing",
                "template": (
                    "Of {n_precedents} easing steps logged since 2015, {n_timed} have a recorded "
                    "imposition date: they came a median {median_years:.1f} years after it "
                    "(from {min_years:.1f} to {max_years:.1f} years); {n_reimposed} steps re-imposed "
                    "what had been eased."
                ),
                "numbers": _precedents(precedents),
                "figure": "precedents",
                "as_of": f"{precedents['date'].max():%Y-%m-%d}",
            }
        )
    if len(contacts):
        out.append(
            {
                "key": "contacts-no-russia-easing",
                "template": (
                    "{n_contacts} US-Russia contacts are recorded from {first} to {last}, yet "
                    "{n_russia_eased} of the {n_steps} easing steps in the precedent log target "
                    "Russia."
                ),
                "numbers": _contacts(contacts, precedents),
                "figure": None,
                "as_of": f"{max(contacts['date'].max(), precedents['date'].max()):%Y-%m-%d}",
            }
        )
    return out
