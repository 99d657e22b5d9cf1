"""Plots of the resilience theme: rerouting lines, indicator bars, crude destinations.

The widget view is in :mod:`toolkit.themes.resilience.views`.
"""

from __future__ import annotations

from toolkit.viz.palettes import OKABE_ITO, partner_style
from toolkit.viz.theme import _get_ax, add_source_note, mark_events

SERIES_LABELS = {
    "eu_exports": "EU exports",
    "us_exports": "US exports",
    "armenia_exports": "Armenia's exports",
    "crude_exports": "Russian crude exports",
}
MODES = ("indexed", "absolute")


def mirror_source(data) -> str:
    """Return a source note naming the publisher, file and vintage of each series in ``data``."""
    cols = ["publisher", "source_file", "vintage"]
    if not set(cols) <= set(data.columns):
        return "Source: see the data's publisher column"
    parts = data[cols].drop_duplicates().itertuples(index=False)
    return "Source: " + " | ".join(f"{p}, {f}, {v}" for p, f, v in parts)


def plot_rerouting(
    data, *, y: str = "index", russia: str = "Russia", events=None, ax=None, source=None, **kwargs
):
    """Draw each partner's flow beside the flow to Russia, one line per series and partner.

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`toolkit.themes.resilience.rerouting.rerouting_index`.
    y : {"index", "value"}
        Indexed (base year = 100) or absolute values (in each series' unit).
    russia : str
        Name of Russia in ``data``; its line is dashed, in the house Russia colour.
    events : pandas.DataFrame, optional
        Events to mark (``toolkit.load("events")``).
    ax : matplotlib.axes.Axes, optional
    source : str, optional
        Source note; default built from the rows' publisher, file and vintage.
    **kwargs
        Passed to ``Axes.plot`` for the partner lines.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if y not in ("index", "value"):
        from toolkit.errors import ParameterError

        raise ParameterError(
            f"y={y!r}; expected 'index' or 'value'", source="plot_rerouting", key="y"
        )
    ax = _get_ax(ax)
    russia_y = "russia_index" if y == "index" else "russia_value"
    # the house partner styles (Okabe-Ito, a marker each): Russia vermillion and dashed
    for i, ((series, partner), sub) in enumerate(data.groupby(["series", "partner"], sort=False)):
        label = f"{partner} ({SERIES_LABELS.get(series, series)})"
        style = partner_style("Russia" if partner == russia else partner, i)
        ax.plot(sub["year"], sub[y], label=label, **{**style, **kwargs})
    for series, sub in data.groupby("series", sort=False):
        if (sub["partner"] == russia).any() or sub[russia_y].isna().all():
            continue
        line = sub.drop_duplicates("year")
        ax.plot(
            line["year"],
            line[russia_y],
            **partner_style("Russia"),
            label=f"{russia} ({SERIES_LABELS.get(series, series)})",
        )
    if y == "index":
        ax.axhline(100, color="#999999", linewidth=0.8)
        ax.set_ylabel("index, base year = 100")
    else:
        units = ", ".join(data["unit"].unique()) if "unit" in data.columns else ""
        ax.set_ylabel(units)
    ax.set_xlabel("")
    ax.xaxis.get_major_locator().set_params(integer=True)
    mark_events(ax, events, x_as_year=True)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    add_source_note(ax, source or mirror_source(data))
    return ax


def _indicator_rows(data, indicator: str, basis: str | None):
    """Return the rows of one indicator (and basis), sorted by period, or raise ParameterError."""
    from toolkit.errors import ParameterError

    sub = data[data["indicator"] == indicator]
    if basis is not None:
        sub = sub[sub["basis"] == basis]
    if sub.empty:
        raise ParameterError(
            f"unknown indicator {indicator!r}"
            + (f" with basis {basis!r}" if basis is not None else "")
            + f"; known: {', '.join(sorted(data['indicator'].unique()))}",
            source="plot_indicator",
            key="indicator",
        )
    return sub.sort_values("period_end_date")


def _value_labels(sub) -> list[str]:
    quals = sub["qualifier"].fillna("").replace({"range from": "", "range to": ""})
    return [f"{q}{v:,.4g}".strip() for q, v in zip(quals, sub["value"], strict=True)]


def period_dates(sub):
    """Return where each row sits on a time axis: mid-month for a month, else its last day."""
    import pandas as pd

    months = sub["period"].astype(str).str.fullmatch(r"\d{4}-\d{2}")
    mid = pd.to_datetime(sub["period"].where(months) + "-15", errors="coerce")
    return mid.where(months, sub["period_end_date"])


def plot_indicator(data, *, indicator: str, basis: str | None = None, ax=None, **kwargs):
    """Draw one indicator of the resilience table over time, on a true time axis.

    Annual figures are bars over every year from the first to the last, so a year the
    sources do not give is an empty slot marked "no figure"; figures of uneven dates
    (months, quarters, days) are stems at the last day of their period on a date axis.

    Parameters
    ----------
    data : pandas.DataFrame
        From :func:`toolkit.themes.resilience.indicators.load_indicators`.
    indicator : str
        An ``indicator`` id (e.g. ``gdp_growth``, ``oil_gas_revenue``).
    basis : str, optional
        Keep one ``basis`` of the indicator (where sources disagree, both are kept apart).
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.bar`` (annual) or ``Axes.plot`` (dated markers).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.dates as mdates

    sub = _indicator_rows(data, indicator, basis)
    ax = _get_ax(ax)
    periods = sub["period"].astype(str)
    if periods.str.fullmatch(r"\d{4}").all():
        got = dict(zip(periods.astype(int), sub["value"], strict=True))
        years = list(range(min(got), max(got) + 1))
        shown = sub.assign(year=periods.astype(int))
        colors = [OKABE_ITO["vermillion"] if v < 0 else OKABE_ITO["blue"] for v in shown["value"]]
        bars = ax.bar(shown["year"], shown["value"], color=kwargs.pop("color", colors), **kwargs)
        ax.bar_label(bars, labels=_value_labels(sub), fontsize=8, padding=2)
        for year in sorted(set(years) - set(got)):
            ax.annotate(
                "no figure\nin the sources", xy=(year, 0), xytext=(0, 4),
                textcoords="offset points", ha="center", va="bottom", fontsize=7.5,
                color="#555555", gid="gap",
            )  # fmt: skip
        ax.set_xticks(years)
        ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    else:
        x = period_dates(sub)
        color = kwargs.pop("color", OKABE_ITO["blue"])
        ax.vlines(x, 0, sub["value"], color=color, linewidth=1.2)
        ax.plot(x, sub["value"], "o", color=color, **kwargs)
        for xi, yi, text in zip(x, sub["value"], _value_labels(sub), strict=True):
            ax.annotate(text, (xi, yi), xytext=(0, 4), textcoords="offset points",
                        ha="center", va="bottom", fontsize=8)  # fmt: skip
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=6))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        ax.set_ylim(bottom=0)
    ax.margins(y=0.15)
    ax.axhline(0, color="#666666", linewidth=0.8)
    ax.set_title(sub["label"].iloc[0])
    ax.set_ylabel(sub["unit"].iloc[0])
    ax.set_xlabel("")
    pubs = "; ".join(dict.fromkeys(sub["publisher"]))
    ids = ", ".join(dict.fromkeys(sub["fact_id"]))
    conf = "/".join(dict.fromkeys(sub["confidence"]))
    add_source_note(ax, f"Source: {pubs} (facts.md {ids}; confidence {conf})")
    return ax


def crude_destination_shares(data, *, top: int = 10):
    """Return each destination's share of the crude exports the file lists, per year.

    The CREA extract states no unit for its volumes, so the figure compares shares (a
    unit the data do carry): each destination's value over the year's total of every
    destination listed.

    Parameters
    ----------
    data : pandas.DataFrame
        Mirror rows of series ``crude_exports``.
    top : int
        How many destinations (largest share in any year) to keep.

    Returns
    -------
    pandas.DataFrame
        ``partner, year, share_pct``, the largest destinations first (what the figure draws).
    """
    wide = data.pivot_table(index="partner", columns="year", values="value", aggfunc="sum")
    shares = wide.div(wide.sum(axis=0), axis=1) * 100
    keep = shares.max(axis=1).sort_values(ascending=False).index[:top]
    long = shares.loc[keep].stack().rename("share_pct").reset_index()
    long["partner"] = long["partner"].astype(str)
    return long[["partner", "year", "share_pct"]]


def plot_crude_destinations(data, *, top: int = 10, ax=None, **kwargs):
    """Draw the largest destinations' shares of Russian crude exports, one bar per year.

    Parameters
    ----------
    data : pandas.DataFrame
        Mirror rows of series ``crude_exports`` (see :func:`crude_destination_shares`).
    top : int
        How many destinations (largest in any year) to show.
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.barh``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    shares = crude_destination_shares(data, top=top)
    order = list(dict.fromkeys(shares["partner"]))
    wide = shares.pivot(index="partner", columns="year", values="share_pct").loc[order[::-1]]
    ax = _get_ax(ax)
    colours = [OKABE_ITO["sky"], OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["green"]]
    height = 0.8 / len(wide.columns)
    for i, year in enumerate(wide.columns):
        pos = [j + 0.4 - height * (i + 0.5) for j in range(len(wide))]  # first year on top
        ax.barh(pos, wide[year], height=height, color=colours[i % len(colours)],
                label=str(year), **kwargs)  # fmt: skip
    ax.set_yticks(range(len(wide)), wide.index)
    ax.set_xlabel(
        "share of the year's crude exports listed in the file (%; volumes: no unit stated)"
    )
    ax.xaxis.set_major_formatter("{x:,.0f}")
    ax.set_ylabel("")
    ax.legend(title="year", frameon=False, loc="lower right")
    add_source_note(ax, mirror_source(data))
    return ax


def _readable_ticks():
    """Tick labels with thousands separators (80,000), small values as they are (2.5)."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 100 else f"{v:g}")


def plot_panels(data, *, panel: str, lines: dict, x: str = "year", scale: float = 1.0,
                unit: str = "", shade=None, shade_label: str = "", titles=None,
                ncols: int = 4, fig=None):  # fmt: skip
    """Draw one small panel per group, each on its own y scale, with the lines named in ``lines``.

    Parameters
    ----------
    data : pandas.DataFrame
        Long table with a ``panel`` column, ``x`` and the value columns of ``lines``.
    panel : str
        Column whose values get a panel each (in the order of first appearance).
    lines : dict
        ``{column: (label, colour)}`` drawn in every panel; NaN breaks a line (a gap).
    x : str
        Column of the horizontal axis (years).
    scale : float
        Values are multiplied by it (``1e-3``: USD million to USD billion).
    unit : str
        The y-axis unit after scaling.
    shade : str, optional
        Boolean column: the x range where it is true is shaded (e.g. IMF estimates).
    shade_label : str
        Legend entry of the shaded range.
    titles : dict, optional
        ``{panel value: title}``; default the panel value. A panel with a missing value
        says which years in its title.
    ncols : int
        Panels per row.
    fig : matplotlib.figure.Figure, optional
        Figure to draw on; a new one when omitted.

    Returns
    -------
    matplotlib.figure.Figure
        A figure-level plot (seaborn's contract): it owns its figure.
    """
    import math

    import matplotlib.pyplot as plt

    groups = list(dict.fromkeys(data[panel]))
    nrows = math.ceil(len(groups) / ncols)
    if fig is None:
        fig = plt.figure(figsize=(3.2 * ncols, 2.6 * nrows + 0.6))
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, name in zip(axes, groups, strict=False):
        sub = data[data[panel] == name].sort_values(x)
        gaps = set()
        for column, (label, colour) in lines.items():
            ax.plot(
                sub[x], sub[column] * scale, marker="o", markersize=3, color=colour, label=label
            )
            gaps |= {int(v) for v in sub.loc[sub[column].isna(), x]}
        if shade is not None and sub[shade].any():
            xs = sub.loc[sub[shade], x]
            ax.axvspan(xs.min() - 0.5, xs.max() + 0.5, color="#dddddd", zorder=0, label=shade_label)
        title = (titles or {}).get(name, str(name))
        if gaps:
            title += f"\n(no figure for {', '.join(str(g) for g in sorted(gaps))})"
        ax.set_title(title, fontsize=9)
        ax.set_ylim(bottom=0)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.yaxis.set_major_formatter(_readable_ticks())  # 80,000 not 80000
        ax.tick_params(labelsize=7.5)
        ax.set_ylabel(unit, fontsize=8)
    for ax in axes[len(groups) :]:
        ax.set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncols=len(labels), frameon=False, fontsize=8)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


__all__ = [
    "crude_destination_shares",
    "MODES",
    "OKABE_ITO",
    "SERIES_LABELS",
    "mirror_source",
    "plot_crude_destinations",
    "plot_indicator",
    "period_dates",
    "plot_panels",
    "plot_rerouting",
]
