"""Plots of US-Russia trade (seaborn's contract: data first, ``ax=``, return the Axes).

``series``: the trade lines with numbered events and the fall; ``mirror``: each side's
figures; ``products``: what the US imports by product and 2025 year to date. The widget view
is in :mod:`toolkit.themes.trade.views`.
"""

from toolkit.themes.trade.plots.mirror import FLOW_NAMES, mirror_source_note, plot_mirror
from toolkit.themes.trade.plots.products import plot_goods, plot_products, plot_year_to_date
from toolkit.themes.trade.plots.series import (
    COLORS,
    LABELS,
    PALETTE,
    log_axis,
    mark_numbered_events,
    plot_fall,
    plot_trade,
    trade_source_note,
)

__all__ = [
    "COLORS",
    "FLOW_NAMES",
    "LABELS",
    "PALETTE",
    "log_axis",
    "mark_numbered_events",
    "mirror_source_note",
    "plot_fall",
    "plot_goods",
    "plot_mirror",
    "plot_products",
    "plot_trade",
    "plot_year_to_date",
    "trade_source_note",
]
