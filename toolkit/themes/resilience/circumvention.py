"""Circumvention at product level: goods to Russia and to its neighbours, before and after.

The research on re-routing (Chupilkin, Javorcik & Plekhanov; Korhonen & Simola; Darvas et al.)
compares, product by product, exports to Russia with exports to its neighbours, before and
after February 2022, against a control. These functions do that on the tidy table of
:func:`toolkit.sources.eurostat_cn8.read_eurostat_cn8` (EU-27 member states' monthly exports):

1. :func:`.cn8_panel.group_totals` sums products into groups (:mod:`.groupings`) per reporter, partner
   and month, counting the ``:`` (not available) cells it could not add;
2. :func:`before_after`: levels and growth per partner and group, same months a year apart
   (2021-03..2021-11 vs 2022-03..2022-11), so seasonality cancels;
3. :func:`substitution_ratio`: the rise of exports to the neighbours over the fall of exports
   to Russia, per group;
4. :func:`did_estimate`: a difference-in-differences estimate with a clustered standard error;
5. :func:`who_ships`: the member states whose exports of a group to the neighbours rose most.

What the data cannot show: whether goods sent to a neighbour were re-exported to Russia or used
there; the value of cells marked ``:`` (confidential or nil; counted, never taken as zero);
anything after 2022-11 (the product file's last month); how partners value the same goods
(these are EU-reported exports, FOB-type values, not the partners' import records).
"""

from __future__ import annotations

import numpy as np

from toolkit.errors import ParameterError
from toolkit.themes.resilience.cn8_panel import RUSSIA

__all__ = [
    "NEIGHBOURS",
    "POST",
    "PRE",
    "before_after",
    "did_estimate",
    "load_cn8_exports",
    "substitution_ratio",
    "who_ships",
]

#: Russia's neighbours in the product file (Belarus, itself under sanctions, is kept apart).
NEIGHBOURS = ("Armenia", "Georgia", "Kazakhstan", "Kyrgyzstan", "Uzbekistan")
#: Pre-invasion months and the same months of 2022 (first and last, inclusive).
PRE = ("2021-03", "2021-11")
POST = ("2022-03", "2022-11")
DEFAULT_FOLDER = "eurostat-cn8-exports"
_KEYS = ["reporter", "partner", "group"]

# group_totals, short_name, RUSSIA and BELARUS live in cn8_panel (the sparse aggregation).


def load_cn8_exports(*, path=None, cache=None):
    """Read the product-level workbooks (default: ``../shared/data/eurostat-cn8-exports``).

    Parameters
    ----------
    path : str or path-like, optional
        A data-browser workbook or a folder of them.
    cache : str or path-like, optional
        Cache root for the Parquet copy (see :func:`~toolkit.sources.read_eurostat_cn8`).
    """
    from toolkit.paths import SHARED_DATA_ENV, shared_data_dir
    from toolkit.sources.eurostat_cn8 import read_eurostat_cn8

    if not path:
        root = shared_data_dir()
        if root is None:
            raise ParameterError(
                f"no path given and no shared data folder (set ${SHARED_DATA_ENV}); expected "
                f"e.g. path='.../{DEFAULT_FOLDER}'",
                source="load_cn8_exports",
                key="path",
            )
        path = root / DEFAULT_FOLDER
    return read_eurostat_cn8(path, cache=cache)


def _window(data, window, label: str):
    first, last = window
    period = data["period"].astype(str)
    part = data[(period >= first) & (period <= last)]
    if part.empty:
        raise ParameterError(
            f"no month of {first}..{last} in the data", source="circumvention", key=label
        )
    return part


def _sums(data, keys, window, label):
    part = _window(data, window, label)
    return part.groupby(keys, observed=True)[["value_eur", "cells", "cells_missing"]].sum(
        min_count=1
    )


def before_after(data, *, pre=PRE, post=POST, by=("partner", "group")):
    """Levels and growth per partner and group: the same months before and after.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`.cn8_panel.group_totals` output.
    pre, post : tuple of str
        First and last month (``YYYY-MM``) of each window; same calendar months keep
        seasonality out of the growth.
    by : sequence of str
        Keys summed over the EU-27 reporters (add ``"reporter"`` for member states).

    Returns
    -------
    pandas.DataFrame
        ``by..., pre_eur, post_eur, change_eur, growth_pct, missing_pre_pct,
        missing_post_pct`` (share of ``:`` cells left out of each sum).
    """
    keys = list(by)
    a = _sums(data, keys, pre, "pre")
    b = _sums(data, keys, post, "post")
    out = a.join(b, how="outer", lsuffix="_pre", rsuffix="_post")
    out = out.rename(columns={"value_eur_pre": "pre_eur", "value_eur_post": "post_eur"})
    out["change_eur"] = out["post_eur"] - out["pre_eur"]
    out["growth_pct"] = np.where(
        out["pre_eur"] > 0, 100 * out["change_eur"] / out["pre_eur"], np.nan
    )
    for side in ("pre", "post"):
        out[f"missing_{side}_pct"] = 100 * out[f"cells_missing_{side}"] / out[f"cells_{side}"]
    cols = [
        "pre_eur",
        "post_eur",
        "change_eur",
        "growth_pct",
        "missing_pre_pct",
        "missing_post_pct",
    ]
    return out[cols].reset_index()


def substitution_ratio(data, *, neighbours=NEIGHBOURS, russia=RUSSIA, pre=PRE, post=POST):
    """Divide the rise of exports to the neighbours by the fall of exports to Russia, per group.

    A ratio of 0.2 means the neighbours took, in euros, a fifth of what Russia stopped
    receiving; it says nothing of where the goods went next.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`.cn8_panel.group_totals` output.
    neighbours : sequence of str
        Partners summed as "the neighbours" (short names).
    russia : str
    pre, post : tuple of str
        First and last month of each window.

    Returns
    -------
    pandas.DataFrame
        ``group, neighbours, neighbours_pre_eur, neighbours_post_eur, rise_neighbours_eur,
        russia_pre_eur, russia_post_eur, fall_russia_eur, ratio`` (NaN where exports to
        Russia did not fall).
    """
    table = before_after(data, pre=pre, post=post)
    missing = sorted((set(neighbours) | {russia}) - set(table["partner"]))
    if missing:
        raise ParameterError(
            f"partner(s) {', '.join(missing)} not in the data; partners: "
            f"{', '.join(sorted(table['partner'].unique()))}",
            source="substitution_ratio",
            key="neighbours",
        )
    nb = table[table["partner"].isin(neighbours)].groupby("group")[["pre_eur", "post_eur"]]
    nb = nb.sum(min_count=1)
    ru = table[table["partner"] == russia].set_index("group")[["pre_eur", "post_eur"]]
    out = nb.add_prefix("neighbours_").join(ru.add_prefix("russia_"), how="outer")
    out["rise_neighbours_eur"] = out["neighbours_post_eur"] - out["neighbours_pre_eur"]
    out["fall_russia_eur"] = out["russia_pre_eur"] - out["russia_post_eur"]
    out["ratio"] = np.where(
        out["fall_russia_eur"] > 0, out["rise_neighbours_eur"] / out["fall_russia_eur"], np.nan
    )
    out.insert(0, "neighbours", ", ".join(neighbours))
    cols = [
        "neighbours",
        "neighbours_pre_eur",
        "neighbours_post_eur",
        "rise_neighbours_eur",
        "russia_pre_eur",
        "russia_post_eur",
        "fall_russia_eur",
        "ratio",
    ]
    return out[cols].reset_index()


def _log_changes(data, groups, partners, pre, post):
    """Per reporter, partner, group: log(post sum) - log(pre sum); units without both dropped."""
    sub = data[data["group"].isin(groups) & data["partner"].isin(partners)]
    a = _sums(sub, _KEYS, pre, "pre")["value_eur"]
    b = _sums(sub, _KEYS, post, "post")["value_eur"]
    both = a.to_frame("pre").join(b.to_frame("post"), how="outer")
    ok = (both["pre"] > 0) & (both["post"] > 0)
    return np.log(both.loc[ok, "post"] / both.loc[ok, "pre"]), int((~ok).sum())


def did_estimate(
    data,
    *,
    treated: str,
    control: str,
    partners=NEIGHBOURS,
    comparison=None,
    pre=PRE,
    post=POST,
):
    """Estimate by difference in differences whether the treated group grew faster.

    For each member state x partner pair, the change of log exports between the windows
    (sum over the months) is taken for the treated and the control group; their difference
    ``d`` is the pair's DiD. The estimate is the mean ``d`` over the pairs of ``partners``
    (OLS of ``d`` on a constant); with ``comparison`` partners it is the difference of the
    mean ``d`` between ``partners`` and ``comparison`` (a triple difference: OLS of ``d`` on
    a constant and a ``partners`` dummy). Standard errors are clustered by member state
    (statsmodels OLS, ``cov_type="cluster"``).

    Limits: two windows, not an event study, so parallel pre-trends are assumed, not
    tested; each pair counts equally, however large its trade; pairs with a zero or
    unknown (``:``) window sum are dropped (``dropped_units`` says how many units);
    with 27 member states the cluster count is small and the standard error may be too
    small; in ``eurostat-cn8-exports`` the only partners besides the neighbours are Russia
    and Belarus, themselves sanctioned, so a ``comparison`` of them is no untreated control.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`.cn8_panel.group_totals` output.
    treated, control : str
        Group names (e.g. ``"CHPL all tiers"`` and ``"all goods (control)"``).
    partners : sequence of str
        The partners whose pairs are compared (short names).
    comparison : sequence of str, optional
        Partners to difference against (triple difference).
    pre, post : tuple of str
        First and last month of each window.

    Returns
    -------
    dict
        ``estimate`` (log points), ``estimate_pct`` (``100 * (exp(estimate) - 1)``), ``se``,
        ``ci_low``, ``ci_high`` (95 %), ``p_value``, ``pairs``, ``clusters``,
        ``dropped_units``, ``design``.
    """
    import pandas as pd
    from statsmodels.regression.linear_model import OLS  # not statsmodels.api: a third faster

    for name, key in ((treated, "treated"), (control, "control")):
        if name not in set(data["group"]):
            raise ParameterError(f"no group {name!r} in the data", source="did_estimate", key=key)
    everyone = list(partners) + list(comparison or ())
    changes, dropped = _log_changes(data, [treated, control], everyone, pre, post)
    wide = changes.unstack("group")
    if treated not in wide or control not in wide:
        raise ParameterError("no pair has both windows for both groups", source="did_estimate")
    d = (wide[treated] - wide[control]).dropna().rename("d").reset_index()
    exog = pd.DataFrame({"const": 1.0}, index=d.index)
    if comparison:
        exog["partners"] = d["partner"].isin(partners).astype(float)
        if exog["partners"].nunique() < 2:
            raise ParameterError("no pair of the comparison partners", source="did_estimate")
    if len(d) < 3:
        raise ParameterError(f"only {len(d)} pair(s) to estimate from", source="did_estimate")
    clusters = pd.factorize(d["reporter"])[0]
    fit = OLS(d["d"].to_numpy(), exog).fit(cov_type="cluster", cov_kwds={"groups": clusters})
    term = "partners" if comparison else "const"
    est, se = float(fit.params[term]), float(fit.bse[term])
    low, high = (float(x) for x in fit.conf_int().loc[term])
    return {
        "estimate": est,
        "estimate_pct": 100 * (np.exp(est) - 1),
        "se": se,
        "ci_low": low,
        "ci_high": high,
        "p_value": float(fit.pvalues[term]),
        "pairs": len(d),
        "clusters": int(clusters.max() + 1),
        "dropped_units": dropped,
        "design": (
            f"{treated} vs {control}, {', '.join(partners)}"
            + (f" vs {', '.join(comparison)}" if comparison else "")
            + f"; {pre[0]}..{pre[1]} vs {post[0]}..{post[1]}; clustered by member state"
        ),
    }


def who_ships(
    data,
    *,
    group: str,
    neighbours=NEIGHBOURS,
    russia=RUSSIA,
    pre=PRE,
    post=POST,
    top: int | None = 10,
):
    """Rank the member states by the rise of their exports of a group to the neighbours.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`.cn8_panel.group_totals` output.
    group : str
        E.g. ``"CHPL all tiers"``.
    neighbours : sequence of str
    russia : str
    pre, post : tuple of str
    top : int, optional
        Rows kept (None: all).

    Returns
    -------
    pandas.DataFrame
        ``reporter, neighbours_pre_eur, neighbours_post_eur, rise_eur, growth_pct,
        share_of_rise_pct`` (of the EU-27 rise), ``russia_change_eur``; largest rise first.
    """
    if group not in set(data["group"]):
        raise ParameterError(f"no group {group!r} in the data", source="who_ships", key="group")
    sub = data[data["group"] == group]
    table = before_after(sub, pre=pre, post=post, by=("reporter", "partner"))
    nb = table[table["partner"].isin(neighbours)].groupby("reporter")[["pre_eur", "post_eur"]]
    out = nb.sum(min_count=1).add_prefix("neighbours_")
    out["rise_eur"] = out["neighbours_post_eur"] - out["neighbours_pre_eur"]  # NaN stays NaN
    out["growth_pct"] = np.where(
        out["neighbours_pre_eur"] > 0, 100 * out["rise_eur"] / out["neighbours_pre_eur"], np.nan
    )
    total = out["rise_eur"].sum()
    out["share_of_rise_pct"] = 100 * out["rise_eur"] / total if total else np.nan
    ru = table[table["partner"] == russia].set_index("reporter")["change_eur"]
    out["russia_change_eur"] = ru.reindex(out.index)
    out = out.sort_values("rise_eur", ascending=False, na_position="last").reset_index()
    return out if top is None else out.head(top)
