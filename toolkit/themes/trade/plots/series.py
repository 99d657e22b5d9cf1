"""US-Russia trade over time drawn: the series with numbered events, and the fall.

Seaborn's contract: data first, ``ax=``, return the Axes.
"""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.themes.trade.change import fall_factor
from toolkit.themes.trade.series import SHORT_SOURCES, check_flows, select
from toolkit.viz.theme import _get_ax, add_source_note

#: Okabe-Ito colours (told apart by colour-blind readers); lines also differ in style.
COLORS = {
    "exports": "#0072B2",
    "imports": "#D55E00",
    "balance": "#7F7F7F",
    "total": "#000000",
    "census-country": "#000000",
    "ustr": "#000000",
    "rosstat": "#E69F00",
    "imf": "#009E73",
}
PALETTE = COLORS  # the name the plots used before

LABELS = {
    "exports": "US exports to Russia",
    "imports": "US imports from Russia",
    "balance": "US balance (exports - imports)",
    "total": "Total trade (exports + imports)",
}


_MARKERS = {"exports": "o", "imports": "s", "total": "D", "balance": "^"}


def _short(source_id: str) -> str:
    """Return a few words naming a source id, for legends."""
    return {"ustr-2024-summary": "USTR 2024 summary"}.get(source_id, source_id)


def trade_source_note(data) -> str:
    """Return the source note of a trade table: every source its rows come from."""
    sources = data.attrs.get("source", {}).get("sources", {})
    used = sorted({i for s in data.get("source_id", []) for i in str(s).split("+")})
    used = used or sorted(sources)
    texts = [SHORT_SOURCES.get(i) or sources.get(i, i) for i in used]
    return "Source: " + "; ".join(texts) if texts else "Source: not recorded"


def log_axis(ax):
    """Set a log y axis labelled in plain numbers at 1, 2 and 5 of each decade."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    return ax


def mark_numbered_events(ax, events, *, x_as_year: bool = True, legend: bool = True):
    """Mark events with a dashed line and a number at the top; name them in a key beside the Axes.

    Numbers never collide with one another (events closer than 4% of the x range step
    down) and sit above the data (the y range gets headroom). The key is a legend outside
    the Axes on the right, so no label covers a line.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    events : pandas.DataFrame or None
        ``date`` and ``label`` columns.
    x_as_year : bool
        The x axis holds years as numbers (annual plots), not dates.
    legend : bool
        Draw the key (number, date, label) beside the Axes.

    Returns
    -------
    pandas.DataFrame
        ``number, date, label`` of the events drawn.
    """
    import matplotlib.dates as mdates
    import pandas as pd
    from matplotlib.lines import Line2D

    empty = pd.DataFrame(columns=["number", "date", "label"])
    if events is None or len(events) == 0:
        return empty
    frame = pd.DataFrame(
        {"date": pd.to_datetime(events["date"]), "label": events["label"].astype(str)}
    ).sort_values("date", ignore_index=True)
    if x_as_year:
        frame["x"] = frame.date.dt.year + (frame.date.dt.dayofyear - 1) / 365.25
    else:
        frame["x"] = mdates.date2num(frame.date)
    lo, hi = ax.get_xlim()
    frame = frame[(frame.x >= lo) & (frame.x <= hi)].reset_index(drop=True)
    if frame.empty:
        return empty
    frame["number"] = range(1, len(frame) + 1)
    bottom, top = ax.get_ylim()
    if ax.get_yscale() == "log":
        ax.set_ylim(bottom, top * 4)  # a band above the data for the numbers
    else:
        ax.set_ylim(bottom, top + 0.18 * (top - bottom))
    level, last_x = 0, None
    handles = []
    for r in frame.itertuples():
        ax.axvline(r.x, color="#888888", linestyle="--", linewidth=0.8, zorder=0, gid="event")
        close = last_x is not None and r.x - last_x < 0.04 * (hi - lo)
        level = (level + 1) % 3 if close else 0
        last_x = r.x
        ax.annotate(
            str(r.number), xy=(r.x, 0.975 - 0.06 * level), xycoords=("data", "axes fraction"),
            ha="center", va="top", fontsize=8, fontweight="bold", gid="event-number",
            bbox={"boxstyle": "circle,pad=0.2", "fc": "white", "ec": "#555555", "lw": 0.8},
        )  # fmt: skip
        # the number is part of the text (a mathtext marker would need fonts not always installed)
        handles.append(
            Line2D(
                [], [], linestyle="", marker="", label=f"{r.number}  {r.date:%Y-%m-%d}  {r.label}"
            )
        )
    ax.set_xlim(lo, hi)
    if legend:
        key = ax.legend(
            handles=handles, title="Events", loc="lower left", bbox_to_anchor=(1.01, 0.0),
            fontsize=7.5, title_fontsize=8, frameon=False, handlelength=0, handletextpad=0,
            alignment="left",
        )  # fmt: skip
        key.set_gid("event-key")
        ax.add_artist(key)
        key.set_clip_on(False)  # else a tight bounding box cuts it at the Axes' clip box
    return frame[["number", "date", "label"]]


def _events_in_range(events, lo, hi):
    import pandas as pd

    if events is None or len(events) == 0:
        return events
    dates = pd.to_datetime(events["date"])
    return events[(dates >= lo) & (dates <= hi)]


def plot_trade(
    data,
    *,
    flows=("exports", "imports"),
    start=None,
    end=None,
    log: bool = False,
    events=None,
    ax=None,
    title: str | None = None,
    **kwargs,
):
    """Draw US-Russia trade over time, one line per flow.

    Parameters
    ----------
    data : pandas.DataFrame
        From :func:`toolkit.themes.trade.series.load_us_russia_trade` (annual or monthly).
    flows : iterable of str
        Any of ``exports``, ``imports``, ``balance``, ``total``.
    start, end : int, optional
        First and last year drawn.
    log : bool
        Logarithmic y axis (symmetric-log when a drawn value is zero or negative,
        e.g. the balance).
    events : pandas.DataFrame, optional
        :func:`toolkit.themes.sanctions.events.load_events` rows to mark with vertical lines.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    **kwargs
        Passed to ``Axes.plot``.

    Returns
    -------
    matplotlib.axes.Axes
        Estimated figures (USTR 2024) are drawn dashed with open markers.
    """
    import pandas as pd

    flows = check_flows(flows, "plot_trade")
    ax = _get_ax(ax)
    monthly = "month" in data.columns
    df = select(data, start=start, end=end, flows=flows)
    if df.empty:
        raise ParameterError(f"no data between {start} and {end}", source="plot_trade", key="start")
    xcol = "date" if monthly else "year"
    for flow in flows:
        part = df[df.flow == flow].sort_values(xcol)
        est = (
            part["is_estimate"].astype(bool)
            if "is_estimate" in part
            else pd.Series(False, index=part.index)
        )
        solid = part[~est]
        (line,) = ax.plot(
            solid[xcol],
            solid.value_usd_m,
            color=PALETTE[flow],
            label=LABELS[flow],
            marker=None if monthly else _MARKERS.get(flow),
            markersize=3.5,
            **kwargs,
        )
        line.set_gid(f"flow-{flow}")
        if est.any():
            # join the estimate to the last measured point so the line reads on
            bridge = pd.concat([solid.tail(1), part[est]])
            (dash,) = ax.plot(
                bridge[xcol],
                bridge.value_usd_m,
                color=PALETTE[flow],
                linestyle="--",
                marker="o",
                markevery=list(range(1, len(bridge))),  # the joined measured point is not one
                markerfacecolor="white",
                label=f"{LABELS[flow]} (estimate: {', '.join(_short(i) for i in sorted(set(part[est].source_id)))})",
            )
            dash.set_gid(f"estimate-{flow}")
    if log:
        values = df.value_usd_m.dropna()
        if (values <= 0).any():
            from matplotlib.ticker import FuncFormatter, NullFormatter

            ax.set_yscale("symlog", linthresh=100)
            # plain numbers: the default 10^n labels need mathtext fonts not always installed
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
            ax.yaxis.set_minor_formatter(NullFormatter())
        else:
            ax.set_yscale("log")
    if "balance" in flows:
        ax.axhline(0, color="#999999", linewidth=0.8)
    if monthly:
        import matplotlib.dates as mdates

        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("")  # years/dates on the ticks say it; the source note sits below
    ax.set_ylabel("USD million (nominal" + (", log scale)" if log else ")"))
    if log and ax.get_yscale() == "log":
        log_axis(ax)
    first, last = int(df.year.min()), int(df.year.max())
    ax.set_title(
        title or f"US goods trade with Russia, {first}-{last}{' (monthly)' if monthly else ''}"
    )
    if events is not None:
        lo, hi = pd.Timestamp(f"{first}-01-01"), pd.Timestamp(f"{last}-12-31")
        if not monthly:
            ax.set_xlim(first - 0.5, last + 0.5)
        mark_numbered_events(ax, _events_in_range(events, lo, hi), x_as_year=not monthly)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    add_source_note(ax, trade_source_note(df))
    return ax


def plot_fall(
    data,
    *,
    base_year: int = 2021,
    comparison_year: int = 2024,
    flows=("exports", "imports", "total"),
    ax=None,
    **kwargs,
):
    """Draw the fall of trade between two years as paired bars, labelled with the factor.

    Parameters
    ----------
    data : pandas.DataFrame
        Annual trade (:func:`toolkit.themes.trade.series.load_us_russia_trade`).
    base_year, comparison_year : int
    flows : iterable of str
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.bar``.

    Returns
    -------
    matplotlib.axes.Axes
        Two bar containers (base and comparison year); each flow's factor is
        written above its pair.
    """
    import numpy as np

    table = fall_factor(data, base_year=base_year, comparison_year=comparison_year, flows=flows)
    ax = _get_ax(ax)
    x = np.arange(len(table))
    width = 0.38
    colors = [PALETTE[f] for f in table.flow]
    ax.bar(x - width / 2, table.base_usd_m, width, color=colors, label=str(base_year), **kwargs)
    ax.bar(
        x + width / 2,
        table.comparison_usd_m,
        width,
        color=colors,
        alpha=0.45,
        hatch="//",
        label=str(comparison_year),
        **kwargs,
    )
    for xi, row in zip(x, table.itertuples(), strict=True):
        ax.annotate(
            f"÷{row.factor:.1f} ({row.change_pct:+.0f}%)",
            xy=(xi, max(row.base_usd_m, row.comparison_usd_m)),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            fontsize=9,
            gid="factor-label",
        )
    ax.set_xticks(x, list(table.flow))
    ax.set_ylim(0, max(table.base_usd_m.max(), table.comparison_usd_m.max()) * 1.15)
    from matplotlib.patches import Patch
    from matplotlib.ticker import StrMethodFormatter

    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.set_ylabel("USD million (nominal)")
    ax.set_title(f"US-Russia trade, {base_year} vs {comparison_year}")
    handles = [  # neutral swatches: the colour says the flow, the fill says the year
        Patch(facecolor="#777777", label=str(base_year)),
        Patch(facecolor="#777777", alpha=0.45, hatch="//", label=str(comparison_year)),
    ]
    ax.legend(handles=handles, fontsize=8, loc="upper left")
    used = select(data, flows=list(table.flow))
    used = used[used.year.isin([base_year, comparison_year])]
    used.attrs = data.attrs
    add_source_note(ax, trade_source_note(used))
    return ax


__all__ = [
    "COLORS",
    "LABELS",
    "PALETTE",
    "log_axis",
    "mark_numbered_events",
    "plot_fall",
    "plot_trade",
    "trade_source_note",
]
