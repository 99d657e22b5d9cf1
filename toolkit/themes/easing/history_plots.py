"""Plots of how long sanctions last and how they were eased: GSDB medians, the precedent log."""

from __future__ import annotations

from toolkit.themes.easing.plots import OKABE_ITO, _get_ax
from toolkit.viz.theme import add_source_note

__all__ = ["ACTION_COLOURS", "plot_medians", "plot_precedents"]

#: One colour per precedent action (Okabe-Ito).
ACTION_COLOURS = {
    "eased": OKABE_ITO["sky"],
    "lifted": OKABE_ITO["blue"],
    "delisted": OKABE_ITO["green"],
    "re-imposed": OKABE_ITO["vermillion"],
}


def plot_medians(data, *, y="group", ax=None, source=None, **kwargs):
    """Draw median durations with their 95% confidence intervals, one row per group.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`toolkit.themes.easing.durations.survival_summary` rows (``median_years``,
        ``median_ci_low``, ``median_ci_high``, ``n_cases``), optionally with a ``kind``
        column naming the grouping.
    y : str
        Column labelling the rows.
    ax : matplotlib.axes.Axes, optional
    source : str, optional
        Source note (default: the embedded GSDB aggregate's).
    **kwargs
        Passed to ``Axes.errorbar``.

    Returns
    -------
    matplotlib.axes.Axes
        An interval that does not close (the curve never falls to 50% within the data) is
        drawn to the axis edge with an arrow and labelled "not reached".
    """
    import numpy as np

    from toolkit.themes.easing.plots import gsdb_aggregate_note

    ax = _get_ax(ax)
    rows = data.reset_index(drop=True)
    finite = rows[["median_years", "median_ci_low", "median_ci_high"]].replace(np.inf, np.nan)
    right = float(np.nanmax(finite.to_numpy())) * 1.25 + 1
    for i, r in rows.iterrows():
        high = r["median_ci_high"]
        closed = bool(np.isfinite(high))
        ax.errorbar(
            [r["median_years"]], [i],
            xerr=[[r["median_years"] - r["median_ci_low"]],
                  [(high if closed else right) - r["median_years"]]],
            fmt="o", color=OKABE_ITO["blue"], ecolor="#555555", capsize=3, **kwargs,
        )  # fmt: skip
        median = float(r["median_years"])
        shown = f"{median:.0f}" if median.is_integer() else f"{median:.1f}"
        text = f"{shown} y (n = {int(r['n_cases']):,})"
        if not closed:
            ax.annotate("", (right, i), xytext=(right - 0.5, i),
                        arrowprops={"arrowstyle": "->", "color": "#555555"})  # fmt: skip
            text += "; upper bound not reached"
        ax.annotate(text, (r["median_years"], i), xytext=(0, 6), textcoords="offset points",
                    ha="center", fontsize=7)  # fmt: skip
    labels = rows[y] if "kind" not in rows else rows["kind"] + ": " + rows[y]
    ax.set_yticks(range(len(rows)), labels)
    ax.set_ylim(len(rows) - 0.5, -0.7)
    ax.set_xlim(0, right + 0.5)
    ax.set_xlabel("median duration (years in force), with 95% confidence interval")
    ax.set_title("Median duration of sanction cases by sender and type (Kaplan-Meier)")
    add_source_note(ax, source or gsdb_aggregate_note())
    return ax


def plot_precedents(data, *, median=None, ax=None, **kwargs):
    """Draw the years from imposition (or relief) to each easing step of the precedent log.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`toolkit.themes.easing.precedents.load_precedents` rows with a ``years_from``
        (rows without one are not drawn: their start is not recorded).
    median : tuple of float, optional
        ``(median, ci_low, ci_high)`` of all GSDB cases, drawn as a line and a band.
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.barh``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Patch

    ax = _get_ax(ax)
    rows = data.dropna(subset=["years_from"]).sort_values("date").reset_index(drop=True)
    for i, r in rows.iterrows():
        bar = ax.barh(i, r["years_from"], color=ACTION_COLOURS[r["action"]], **kwargs)
        bar[0].set_gid(f"precedent-{r['precedent_id']}")
        since = "relief" if r["from_event"] == "relief" else "imposition"
        ax.annotate(f"{r['years_from']:.1f} y from {since}", (r["years_from"], i),
                    xytext=(3, 0), textcoords="offset points", va="center", fontsize=7,
                    bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none",
                          "alpha": 0.85})  # fmt: skip
    labels = [f"{r.program}, {r.date:%Y-%m} ({r.sender})" for r in rows.itertuples()]
    ax.set_yticks(range(len(rows)), labels)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    handles = [Patch(color=c, label=a) for a, c in ACTION_COLOURS.items()
               if a in set(rows["action"])]  # fmt: skip
    if median is not None:
        mid, low, high = median
        ax.axvspan(low, high, color=OKABE_ITO["grey"], alpha=0.25, lw=0)
        ax.axvline(mid, color="#333333", linestyle="--", linewidth=1)
        handles.append(
            Patch(color=OKABE_ITO["grey"], alpha=0.5,
                  label=f"GSDB, all cases: median {mid:.0f} y (95% CI {low:.0f}-{high:.0f})")
        )  # fmt: skip
    ax.set_xlim(0, max(float(rows["years_from"].max()), median[2] if median else 0) * 1.3)
    ax.legend(handles=handles, fontsize=7, loc="lower right", framealpha=0.9)
    ax.set_xlabel("years from imposition (re-impositions: from the relief they reversed)")
    ax.set_title("Easing since 2015: years from imposition to each step, beside the GSDB median")
    add_source_note(
        ax,
        "Source: facts.md D02-D04, D08, D09, E44-E45, E51, E59-E60, E110-E116 (per-row publishers); "
        "median: GSDB release 3",
    )
    return ax
