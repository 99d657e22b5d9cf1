"""Plots of the resilience theme: rerouting lines, indicator bars, crude destinations.

The widget view is in :mod:`toolkit.themes.resilience.views`.
"""

from __future__ import annotations

from toolkit.viz.theme import DEEP, PALETTE, _get_ax, add_source_note, mark_events

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
    # partner colours skip the red of the "deep" palette: red is Russia's in every plot
    colours = [c for i, c in enumerate(DEEP) if i != 3]
    for i, ((series, partner), sub) in enumerate(data.groupby(["series", "partner"], sort=False)):
        label = f"{partner} ({SERIES_LABELS.get(series, series)})"
        style = {"color": colours[i % len(colours)]}
        if partner == russia:
            style = {"color": PALETTE["russia"], "linestyle": "--"}
        ax.plot(sub["year"], sub[y], marker="o", label=label, **{**style, **kwargs})
    for series, sub in data.groupby("series", sort=False):
        if (sub["partner"] == russia).any() or sub[russia_y].isna().all():
            continue
        line = sub.drop_duplicates("year")
        ax.plot(
            line["year"],
            line[russia_y],
            color=PALETTE["russia"],
            linestyle="--",
            marker="s",
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


def plot_indicator(data, *, indicator: str, ax=None, **kwargs):
    """Draw one indicator of the resilience table as bars over its periods.

    Parameters
    ----------
    data : pandas.DataFrame
        From :func:`toolkit.themes.resilience.indicators.load_indicators`.
    indicator : str
        An ``indicator`` id (e.g. ``gdp_growth``, ``oil_gas_revenue``).
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.bar``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    sub = data[data["indicator"] == indicator]
    if sub.empty:
        from toolkit.errors import ParameterError

        raise ParameterError(
            f"unknown indicator {indicator!r}; known: {', '.join(sorted(data['indicator'].unique()))}",
            source="plot_indicator",
            key="indicator",
        )
    sub = sub.sort_values("period_end_date")
    ax = _get_ax(ax)
    colors = [PALETTE["russia"] if v < 0 else PALETTE["total"] for v in sub["value"]]
    bars = ax.bar(sub["period"], sub["value"], color=kwargs.pop("color", colors), **kwargs)
    labels = [f"{q}{v:,.4g}".strip() for q, v in zip(sub["qualifier"], sub["value"], strict=True)]
    ax.bar_label(bars, labels=labels, fontsize=8, padding=2)
    ax.axhline(0, color="#666666", linewidth=0.8)
    ax.set_title(sub["label"].iloc[0])
    ax.set_ylabel(sub["unit"].iloc[0])
    pubs = "; ".join(dict.fromkeys(sub["publisher"]))
    ids = ", ".join(dict.fromkeys(sub["fact_id"]))
    conf = "/".join(dict.fromkeys(sub["confidence"]))
    add_source_note(ax, f"Source: {pubs} (facts.md {ids}; confidence {conf})")
    return ax


def plot_crude_destinations(data, *, top: int = 10, ax=None, **kwargs):
    """Draw Russian crude exports by destination, one bar per year, for the largest destinations.

    Parameters
    ----------
    data : pandas.DataFrame
        Mirror rows of series ``crude_exports``.
    top : int
        How many destinations (largest in any year) to show.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    wide = data.pivot_table(index="partner", columns="year", values="value", aggfunc="sum")
    keep = wide.max(axis=1).sort_values(ascending=False).index[:top]
    wide = wide.loc[keep[::-1]]
    ax = _get_ax(ax)
    wide.plot.barh(ax=ax, **kwargs)
    ax.set_xlabel(f"volume ({data['unit'].iloc[0]})")
    ax.set_ylabel("")
    ax.legend(title="")
    add_source_note(ax, mirror_source(data))
    return ax


__all__ = [
    "MODES",
    "SERIES_LABELS",
    "mirror_source",
    "plot_crude_destinations",
    "plot_indicator",
    "plot_rerouting",
]
