"""The widget view of US-Russia trade (a static twin for the report)."""

from __future__ import annotations

import functools

from toolkit.errors import ParameterError
from toolkit.themes.trade.plots import plot_trade
from toolkit.themes.trade.series import FLOWS, check_flows, select, wide

__all__ = ["trade_view"]


def trade_view(
    annual,
    monthly=None,
    *,
    events=None,
    start: int | None = None,
    end: int | None = None,
    flows=("exports", "imports"),
    freq: str = "annual",
    log: bool = False,
):
    """Return a widget view of the trade series with a static twin.

    Controls: a period slider (years), a flow selector, an annual/monthly
    toggle and a log-scale checkbox. ``view.last_table`` holds the table of
    the current view (one row per period, one column per flow).

    Parameters
    ----------
    annual : pandas.DataFrame
        Annual trade (:func:`toolkit.themes.trade.series.load_us_russia_trade`).
    monthly : pandas.DataFrame, optional
        Monthly trade; loaded from the embedded data when omitted.
    events : pandas.DataFrame, optional
        Events to mark.
    start, end, flows, freq, log
        Initial control values.

    Returns
    -------
    toolkit.viz.widgets.View
    """
    import ipywidgets as W
    from matplotlib.figure import Figure

    from toolkit.themes.trade.series import FREQS, load_us_russia_trade
    from toolkit.viz.kept import reuse_axes
    from toolkit.viz.twins import Twin, data_as_of
    from toolkit.viz.widgets import build_view

    if freq not in FREQS:
        raise ParameterError(
            f"{freq!r} is not a frequency; expected one of {', '.join(FREQS)}",
            source="trade_view",
            key="freq",
        )
    flows = check_flows(flows, "trade_view")
    if monthly is None:
        monthly = load_us_russia_trade(freq="monthly")
    data = {"annual": annual, "monthly": monthly}
    lo, hi = int(annual.year.min()), int(annual.year.max())
    start, end = _period(lo, hi, start, end)
    controls = {
        "period": W.IntRangeSlider(value=(start, end), min=lo, max=hi, step=1, description="Years"),
        "flows": W.SelectMultiple(
            options=list(FLOWS), value=tuple(flows), description="Flows", rows=4
        ),
        "freq": W.ToggleButtons(options=list(FREQS), value=freq, description="Frequency"),
        "log": W.Checkbox(value=log, description="log scale"),
    }

    def draw(ax, period, flows, freq, log):
        if _no_flows(ax, flows):
            return None
        plot_trade(
            data[freq],
            flows=list(flows),
            start=period[0],
            end=period[1],
            log=log,
            events=events,
            ax=ax,
        )
        return table_of(period, flows, freq)

    def table_of(period, flows, freq):
        """Return the view's table (a copy: each frame owns its table)."""
        return table_kept(period, tuple(flows), freq).copy()

    @functools.lru_cache(maxsize=16)
    def table_kept(period, flows, freq):
        """Return the table of one setting, made once (the log scale does not change it)."""
        rows = select(data[freq], start=period[0], end=period[1], flows=list(flows))
        return wide(rows).round(1).reset_index()

    def render(period, flows, freq, log):
        # a figure outside pyplot: the inline backend does not show it a second time
        fig = Figure(figsize=(9, 4.5))
        return fig, draw(fig.subplots(), period, flows, freq, log)

    def update(fig, period, flows, freq, log):
        """Draw the new setting on the kept figure's Axes (no new figure, ticks kept)."""
        if len(fig.axes) != 1:
            return NotImplemented
        return draw(reuse_axes(fig.axes[0]), period, flows, freq, log)

    def plotted(period, flows, freq, log):
        if not flows:
            return data[freq].iloc[0:0]
        rows = select(data[freq], start=period[0], end=period[1], flows=list(flows))
        keep = ["year", "month", "date", "flow", "value_usd_m", "is_estimate", "source_id"]
        return rows[[c for c in keep if c in rows.columns]]

    measured = monthly.dropna(subset=["value_usd_m"])
    # the vintage: the latest month measured (a later annual figure is a USTR estimate)
    as_of = f"{measured['date'].max():%Y-%m}" if len(measured) else data_as_of(annual, "year")
    twin = Twin("trade-view", sources="us_russia_trade", as_of=as_of, data=plotted)
    return build_view(
        render, controls, title="US goods trade with Russia", update=update, twin=twin
    )


def _no_flows(ax, flows) -> bool:
    """Write the empty-selection message on ``ax`` and return True when no flow is chosen."""
    if flows:
        return False
    ax.text(0.5, 0.5, "Select at least one flow", ha="center", va="center", transform=ax.transAxes)
    return True


def _period(lo: int, hi: int, start, end) -> tuple[int, int]:
    """Return the first and last year shown: ``start``/``end`` within ``lo``-``hi``."""
    start = lo if start is None else max(lo, int(start))
    end = hi if end is None else min(hi, int(end))
    if start > end:
        raise ParameterError(f"start {start} is after end {end}", source="trade_view", key="start")
    return start, end
