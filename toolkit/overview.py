"""Notebook 00's computations: the audit's verdicts per theme, their figure and the overview's numbers.

Every number a finding of the overview states comes from one function here, applied to
the audit (:func:`toolkit.claims.audit`) or to a loaded dataset; the notebook only
formats them.
"""

from __future__ import annotations

__all__ = ["VERDICT_COLOURS", "claim_numbers", "plot_verdicts", "trade_change", "verdict_table"]

#: Okabe-Ito colours, told apart by colour-blind readers; a verdict not listed is sky blue.
VERDICT_COLOURS = {
    "consistent": "#009E73",
    "same-source": "#0072B2",
    "inconsistent": "#D55E00",
    "different-source": "#E69F00",
    "unverifiable": "#D0D0D0",  # light grey: apart from the green for deuteranopes
}
_OTHER = "#56B4E9"


def _verdicts(result) -> list[str]:
    from toolkit.claims.audit import VERDICTS

    return [*VERDICTS, *sorted(set(result["verdict"]) - set(VERDICTS))]


def verdict_table(result):
    """Return the claims per theme and verdict, one row each (zero counts kept).

    Parameters
    ----------
    result : DataFrame
        :func:`toolkit.claims.audit` (columns ``theme``, ``verdict``).

    Returns
    -------
    DataFrame
        Columns ``theme``, ``verdict``, ``claims`` (int); themes sorted, verdicts in the
        audit's order.
    """
    import pandas as pd

    counts = result.groupby(["theme", "verdict"]).size()
    index = pd.MultiIndex.from_product(
        [sorted(result["theme"].unique()), _verdicts(result)], names=["theme", "verdict"]
    )
    return counts.reindex(index, fill_value=0).rename("claims").reset_index()


def plot_verdicts(data, *, x="claims", y="theme", hue="verdict", ax=None):
    """Draw the claims of each theme as one horizontal bar stacked by verdict.

    Parameters
    ----------
    data : DataFrame
        :func:`verdict_table`.
    x, y, hue : str
        The count, the category and the stacking columns.
    ax : matplotlib.axes.Axes, optional
        Drawn on this Axes (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 3.2))
    wide = data.pivot(index=y, columns=hue, values=x)
    wide = wide[list(dict.fromkeys(data[hue]))].iloc[::-1]  # first theme on top
    left = None
    for verdict in wide.columns:
        values = wide[verdict]
        ax.barh(wide.index, values, left=left, label=verdict,
                color=VERDICT_COLOURS.get(verdict, _OTHER))  # fmt: skip
        left = values if left is None else left + values
    ax.set_xlabel("claims (count)")
    ax.xaxis.get_major_locator().set_params(integer=True)  # counts: 0, 5, 10, not 2.5
    ax.set_ylabel("")
    ax.legend(title="verdict", loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False,
              fontsize=8)  # fmt: skip
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def claim_numbers(result) -> dict:
    """Return the overview's counts of the audit.

    Parameters
    ----------
    result : DataFrame
        :func:`toolkit.claims.audit`.

    Returns
    -------
    dict
        ``claims``, ``figures`` (checkable figures), their count per verdict
        (each of ``toolkit.claims.audit.VERDICTS``, ``-`` as ``_``: ``consistent``,
        ``same_source``, ``inconsistent``, ``different_source``, ``unverifiable``),
        ``context`` (qualitative claims), ``context_checked`` (those an indicator
        speaks to: any verdict but unverifiable), ``context_open``, and the theme whose
        figures disagree most (``top_theme``, ``top_disputed``: inconsistent or
        different-source, ``top_figures``; ``top_disputed`` is 0 when none disagrees).
    """
    from toolkit.claims.audit import VERDICTS

    figures = result[result["kind"] == "figure"]
    context = result[result["kind"] != "figure"]
    numbers = {"claims": len(result), "figures": len(figures)}
    for verdict in VERDICTS:
        numbers[verdict.replace("-", "_")] = int((figures["verdict"] == verdict).sum())
    checked = int((context["verdict"] != "unverifiable").sum())
    numbers.update(context=len(context), context_checked=checked,
                   context_open=len(context) - checked)  # fmt: skip
    disputed = figures["verdict"].isin(["inconsistent", "different-source"])
    per_theme = disputed.groupby(figures["theme"]).sum().sort_values(ascending=False, kind="stable")
    top = per_theme.index[0] if len(per_theme) else ""
    numbers.update(
        top_theme=top,
        top_disputed=int(per_theme.iloc[0]) if len(per_theme) else 0,
        top_figures=int((figures["theme"] == top).sum()),
    )
    return numbers


def trade_change(trade, *, base_year: int, flow: str = "total") -> dict:
    """Return a flow's latest year, its value and its change against ``base_year``.

    Parameters
    ----------
    trade : DataFrame
        ``toolkit.load("us_russia_trade")`` (``year``, ``flow``, ``value_usd_m``,
        ``approx``, ``confidence``).
    base_year : int
        The year compared with.
    flow : str
        ``total``, ``imports``, ``exports`` or ``balance``.

    Returns
    -------
    dict
        ``latest_year``, ``latest_bn`` and ``base_bn`` (USD billion), ``pct_below``
        (percent below the base year), ``approx`` (the latest value is approximate).
    """
    rows = trade[trade["flow"] == flow].dropna(subset=["value_usd_m"]).set_index("year")
    latest = int(rows.index.max())
    value, base = rows.loc[latest, "value_usd_m"], rows.loc[base_year, "value_usd_m"]
    return {
        "latest_year": latest,
        "latest_bn": float(value) / 1000,
        "base_year": int(base_year),
        "base_bn": float(base) / 1000,
        "pct_below": float(100 * (1 - value / base)),
        "approx": bool(rows.loc[latest, "approx"]),
    }
