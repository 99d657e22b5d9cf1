"""Plots of listings over time and of entity timelines (seaborn's contract: data, keywords, ax)."""

from __future__ import annotations

__all__ = [
    "LIST_NAMES",
    "listing_style",
    "plot_cross_listed",
    "plot_entity_timeline",
    "plot_listings",
]

_MARKERS = {
    "listed": "o",
    "added back": "o",
    "relisted": "o",
    "first seen": "o",
    "delisted": "X",
    "programs changed": "D",
    "renamed": "D",
    "amended": "D",
    "updated": "d",
    "control date": "s",
    "last seen": "|",
}


#: Each list owner's house colour (:mod:`toolkit.viz.palettes`), by the start of a series label.
_OWNERS = (("OFAC", "US"), ("DFAT", "Australia"), ("OpenSanctions", "OpenSanctions"),
           ("UN", "UN"), ("EU", "EU"), ("UK", "UK"))  # fmt: skip


def listing_style(series: str, i: int = 0) -> dict:
    """Return the ``Axes.plot`` colour and line style of one listings series.

    A series keeps its list owner's house colour (OFAC: the US blue); a "whole list"
    series is dashed beside the owner's Russia-related one.
    """
    from toolkit.viz.palettes import JURISDICTION_COLOURS, OKABE_ITO

    fallback = [OKABE_ITO[k] for k in ("vermillion", "purple", "yellow")]
    owner = next((o for prefix, o in _OWNERS if series.startswith(prefix)), None)
    colour = JURISDICTION_COLOURS[owner] if owner else fallback[i % len(fallback)]
    return {"color": colour, "linestyle": "--" if "whole list" in series else "-"}


def plot_listings(data, *, x="date", y="count", hue="jurisdiction", log=True, ax=None, **kwargs):
    """Draw listings per jurisdiction over time as steps (one line per ``hue`` value).

    Parameters
    ----------
    data : pandas.DataFrame
        As returned by :func:`toolkit.entities.crosslist.russia_listings`.
    x, y, hue : str
        Columns of the date, the count and the series.
    log : bool
        A logarithmic count axis (the series differ a hundredfold), labelled in plain numbers.
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.plot``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullFormatter

    ax = ax or plt.gca()
    kwargs.setdefault("drawstyle", "steps-post")
    kwargs.setdefault("marker", ".")
    kwargs.setdefault("markersize", 3)
    for i, (series, part) in enumerate(data.groupby(hue, sort=False)):
        part = part.sort_values(x)
        ax.plot(part[x], part[y], label=series, **{**listing_style(str(series), i), **kwargs})
    if log:
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("")
    ax.set_ylabel("entries listed (log scale)" if log else "entries listed")
    # beside the axes: inside, it covered the whole list's line
    ax.legend(title="", fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return ax


def plot_entity_timeline(data, *, ax=None, label="name"):
    """Draw each entity's listing events on its own row; an interval's uncertainty as a bar.

    Parameters
    ----------
    data : pandas.DataFrame
        Listing events (:func:`toolkit.entities.listing_events` rows) of a few entities.
    ax : matplotlib.axes.Axes, optional
    label : str
        Column naming a row (with its list).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt
    import pandas as pd

    ax = ax or plt.gca()
    rows = data.drop_duplicates(["list", "entity_id"])[["list", "entity_id", label]]
    for y, r in enumerate(rows.itertuples(index=False)):
        ev = data[(data["list"] == r.list) & (data["entity_id"] == r.entity_id)]
        span = ev["date_latest"]
        ax.hlines(y, span.min(), span.max(), color="0.8", lw=1, zorder=1)
        for e in ev.itertuples(index=False):
            start = e.date_earliest if pd.notna(e.date_earliest) else e.date_latest
            if start != e.date_latest:  # dated only within an interval
                ax.hlines(y, start, e.date_latest, color="C0", lw=6, alpha=0.35, zorder=2)
            ax.scatter(
                [e.date_latest],
                [y],
                marker=_MARKERS.get(e.event, "o"),
                s=30,
                zorder=3,
                color="C3" if e.event == "delisted" else "C0",
            )
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([f"{r[0]}: {str(r[2])[:40]}" for r in rows.itertuples(index=False)])
    ax.invert_yaxis()
    ax.set_xlabel("date (bars: the interval an event is known to lie in)")
    return ax


#: Readers' names of the lists (the codes of ``toolkit.entities``), on the cross-listing chart.
LIST_NAMES = {
    "ofac_sdn": "OFAC SDN (US)", "dfat": "DFAT (Australia)", "un": "UN Security Council",
    "opensanctions": "OpenSanctions", "ofac_consolidated": "OFAC non-SDN (US)",
}  # fmt: skip


def plot_cross_listed(data, *, ax=None, **kwargs):
    """Draw how many entities each pair of lists shares (name plus birth year or number).

    Parameters
    ----------
    data : pandas.DataFrame
        As returned by :func:`toolkit.entities.crosslist.cross_listed`.
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    ax = ax or plt.gca()
    names = data[["list_a", "list_b"]].apply(lambda c: c.map(lambda v: LIST_NAMES.get(v, v)))
    pairs = data.assign(pair=names["list_a"] + " & " + names["list_b"])
    counts = pairs.groupby("pair").size().rename("entities").reset_index()
    counts = counts.sort_values("entities", ascending=False)
    kwargs.setdefault("color", "C0")
    # plain bars: seaborn's barplot would import scipy (over a second of the notebook's time)
    # to draw one bar per pair, largest on top
    ax.barh(counts["pair"], counts["entities"], **kwargs)
    ax.set_ylim(len(counts) - 0.5, -0.5)
    ax.set_ylabel("")
    ax.set_xlabel("entities on both lists (same name, and birth year or number)")
    return ax
