"""The mirror view drawn: what the US reports beside what the Russia-side series report."""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.themes.trade.mirror import IMF_ID, ROSSTAT_ID
from toolkit.themes.trade.plots.series import COLORS, log_axis, mark_numbered_events
from toolkit.themes.trade.series import SHORT_SOURCES, short_publisher
from toolkit.viz.theme import _get_ax

__all__ = ["FLOW_NAMES", "mirror_source_note", "plot_mirror"]

#: Each side's name of one trade flow, by the US flow: (US-reported, Russia-side).
FLOW_NAMES = {
    "imports": ("US imports from Russia", "Russia's exports to the US"),
    "exports": ("US exports to Russia", "Russia's imports from the US"),
}
_STYLE = {  # per series: colour key, line style, marker
    "us": ("census-country", "-", "o"),
    ROSSTAT_ID: ("rosstat", "--", "s"),
    IMF_ID: ("imf", ":", "^"),
}


def mirror_source_note(mirror) -> str:
    """Return the source note of a mirror table: every series its rows come from."""
    ids = sorted(set(mirror.get("us_source", [])) | set(mirror.get("russia_source", [])))
    ids = ids or sorted(mirror.attrs.get("source", {}).get("sources", {}))
    texts = [SHORT_SOURCES.get(i, i) for i in ids]
    return "Source: " + "; ".join(texts) if texts else "Source: not recorded"


def _series_label(source_id: str) -> str:
    if source_id == IMF_ID:
        return "IMF (2022-: IMF estimates from partner data, open markers)"
    if source_id == ROSSTAT_ID:
        return f"{short_publisher('rosstat_trade')} (Russia-reported)"
    return source_id


def _draw_us(ax, part, flow, kwargs):
    """Draw the US-reported line (Census solid; a USTR estimate dashed with open markers)."""
    colour, style, marker = _STYLE["us"]
    us = part.drop_duplicates("year").sort_values("year")
    est = us.us_source.str.startswith("ustr")
    (line,) = ax.plot(
        us.year[~est], us.us_reported_usd_m[~est], color=COLORS[colour], linestyle=style,
        marker=marker, markersize=3.5, label=f"{FLOW_NAMES[flow][0]} "
        f"({short_publisher('census_country')})", gid=f"us-{flow}", **kwargs,
    )  # fmt: skip
    if est.any():
        import pandas as pd

        bridge = pd.concat([us[~est].tail(1), us[est]])
        ax.plot(
            bridge.year, bridge.us_reported_usd_m, color=COLORS[colour], linestyle="--",
            marker=marker, markerfacecolor="white", markersize=4.5,
            markevery=list(range(1, len(bridge))),
            label="US-reported 2024: USTR summary (estimate)", gid=f"us-estimate-{flow}",
        )  # fmt: skip
    return line


def plot_mirror(
    mirror,
    *,
    flow: str = "imports",
    log: bool = True,
    events=None,
    source_note: bool = True,
    ax=None,
    **kwargs,
):
    """Draw one flow as each side reports it: the US line and one line per Russia-side series.

    Parameters
    ----------
    mirror : pandas.DataFrame
        From :func:`toolkit.themes.trade.mirror.load_mirror` or
        :func:`toolkit.themes.trade.mirror.mirror_view`.
    flow : {"imports", "exports"}
        The US flow: ``imports`` pairs US imports from Russia with Russia's exports to
        the US; ``exports`` the reverse. Each line is named from its reporter's side.
    log : bool
        Logarithmic y axis (the post-2022 values are a tenth of the earlier ones).
    events : pandas.DataFrame, optional
        Events marked with numbers (:func:`~toolkit.themes.trade.plots.mark_numbered_events`).
    source_note : bool
        Write the source note under the legend (off for all but one panel of a figure).
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.plot``.

    Returns
    -------
    matplotlib.axes.Axes
        Lines with gids ``us-<flow>``, ``<russia_source>-<flow>``; the IMF's estimated
        years drawn with open markers. The legend sits under the Axes, off the data.
    """
    import pandas as pd

    if flow not in FLOW_NAMES:
        raise ParameterError(
            f"unknown flow {flow!r}; expected imports or exports", source="plot_mirror", key="flow"
        )
    ax = _get_ax(ax)
    part = mirror[mirror.us_flow == flow]
    if part.empty:
        raise ParameterError(
            f"no {flow} rows in the mirror table", source="plot_mirror", key="flow"
        )
    _draw_us(ax, part, flow, kwargs)
    sources = part.get("russia_source", pd.Series(ROSSTAT_ID, index=part.index))
    for sid, rows in part.assign(russia_source=sources).groupby("russia_source", sort=False):
        colour, style, marker = _STYLE.get(sid, ("rosstat", "--", "s"))
        rows = rows.sort_values("year")
        ax.plot(
            rows.year, rows.russia_reported_usd_m, color=COLORS[colour], linestyle=style,
            marker=marker, markersize=4, label=f"{FLOW_NAMES[flow][1]}: {_series_label(sid)}",
            gid=f"{sid}-{flow}", **kwargs,
        )  # fmt: skip
        est = rows[rows.get("estimated_from_partners", False) == True]  # noqa: E712
        if len(est):
            ax.plot(
                est.year, est.russia_reported_usd_m, linestyle="", marker=marker,
                markersize=7, markerfacecolor="white", color=COLORS[colour],
                gid=f"estimated-{flow}",
            )  # fmt: skip
    first, last = int(part.year.min()), int(part.year.max())
    ax.set_xlim(first - 0.5, last + 0.5)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if log:
        log_axis(ax)
    ax.set_xlabel("")
    ax.set_ylabel("USD million (nominal" + (", log scale)" if log else ")"))
    ax.set_title(f"{FLOW_NAMES[flow][0]} / {FLOW_NAMES[flow][1]}, {first}-{last}")
    if events is not None:
        mark_numbered_events(ax, events, x_as_year=True, legend=False)
    legend = ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.06), ncol=1, fontsize=7.5,
                       frameon=False)  # fmt: skip
    if not source_note:
        return ax
    # the source note goes under the legend, which sits under the Axes (off the data)
    ax.annotate(
        mirror_source_note(part), xy=(0, 0), xycoords=("axes fraction", legend),
        xytext=(0, -2), textcoords="offset points", ha="left", va="top", fontsize=7,
        color="#555555", wrap=True, gid="source-note",
    )  # fmt: skip
    return ax
