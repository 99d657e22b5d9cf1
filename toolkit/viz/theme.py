"""Shared plot plumbing: the house theme, event markers and the source note under a figure.

Theme helpers (``toolkit.themes.trade.plots`` etc.) follow seaborn's contract: ``data``
first, keyword-only options, ``events=None``, ``ax=None``, and they return the Axes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

#: Colours of the house palette, by meaning, so every notebook reads the same way (Okabe-Ito,
#: as :mod:`toolkit.viz.palettes`: told apart by colour-blind readers).
PALETTE = {
    "exports": "#0072B2",
    "imports": "#D55E00",
    "balance": "#7F7F7F",
    "total": "#000000",
    "russia": "#D55E00",
    "us": "#0072B2",
    "eu": "#E69F00",
    "other": "#999999",
}

#: Default theme arguments for :func:`set_theme` (passed to ``seaborn.set_theme``).
THEME = {
    "context": "notebook",
    "style": "whitegrid",
    "palette": "deep",
    "rc": {"figure.figsize": (9, 4.5), "axes.titleweight": "bold", "figure.dpi": 100},
}

#: seaborn's "deep" palette (``seaborn.color_palette("deep")``), the house colour cycle.
DEEP = [
    "#4C72B0",
    "#DD8452",
    "#55A868",
    "#C44E52",
    "#8172B3",
    "#937860",
    "#DA8BC3",
    "#8C8C8C",
    "#CCB974",
    "#64B5CD",
]
# seaborn's colour codes of the "deep" palette: what "b", "g", "r", "m", "y", "c", "k" mean
_COLOR_CODES = dict(
    zip(
        "bgrmyck",
        ["#4C72B0", "#55A868", "#C44E52", "#8172B3", "#CCB974", "#64B5CD", (0.1, 0.1, 0.1)],
        strict=True,
    )
)
#: The rcParams that ``seaborn.set_theme(**THEME)`` sets (its "whitegrid" style, "notebook"
#: context and "deep" palette, then ``THEME["rc"]``), written out so that applying the house
#: theme does not import seaborn, and scipy with it (over a second of a notebook's first
#: cell). Only ``image.cmap`` is left out: seaborn's "rocket" exists once seaborn is imported.
HOUSE_RC = {
    # style "whitegrid"
    "figure.facecolor": "white",
    "axes.labelcolor": ".15",
    "xtick.direction": "out",
    "ytick.direction": "out",
    "xtick.color": ".15",
    "ytick.color": ".15",
    "axes.axisbelow": True,
    "grid.linestyle": "-",
    "text.color": ".15",
    "font.family": ["sans-serif"],
    "font.sans-serif": [
        "Arial",
        "DejaVu Sans",
        "Liberation Sans",
        "Bitstream Vera Sans",
        "sans-serif",
    ],
    "lines.solid_capstyle": "round",
    "patch.edgecolor": "w",
    "patch.force_edgecolor": True,
    "xtick.top": False,
    "ytick.right": False,
    "axes.grid": True,
    "axes.facecolor": "white",
    "axes.edgecolor": ".8",
    "grid.color": ".8",
    "axes.spines.left": True,
    "axes.spines.bottom": True,
    "axes.spines.right": True,
    "axes.spines.top": True,
    "xtick.bottom": False,
    "ytick.left": False,
    # context "notebook"
    "axes.linewidth": 1.25,
    "grid.linewidth": 1,
    "lines.linewidth": 1.5,
    "lines.markersize": 6,
    "patch.linewidth": 1,
    "xtick.major.width": 1.25,
    "ytick.major.width": 1.25,
    "xtick.minor.width": 1,
    "ytick.minor.width": 1,
    "xtick.major.size": 6,
    "ytick.major.size": 6,
    "xtick.minor.size": 4,
    "ytick.minor.size": 4,
    "font.size": 12,
    "axes.labelsize": 12,
    "axes.titlesize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.title_fontsize": 12,
    **THEME["rc"],
}


def set_theme(**overrides) -> None:
    """Apply the house theme (explicit; nothing is applied at import).

    Without overrides, the house theme's rcParams (:data:`HOUSE_RC`) are applied
    directly; with overrides, ``seaborn.set_theme`` is called.

    Parameters
    ----------
    **overrides
        Keyword arguments of ``seaborn.set_theme`` that replace the house ones.
    """
    import matplotlib as mpl

    if overrides:
        import seaborn as sns

        sns.set_theme(**{**THEME, **overrides})
        return
    from cycler import cycler

    cycle = cycler(color=[mpl.colors.to_rgb(c) for c in DEEP])  # as seaborn sets it: RGB tuples
    mpl.rcParams.update({**HOUSE_RC, "axes.prop_cycle": cycle})
    for code, colour in _COLOR_CODES.items():
        mpl.colors.colorConverter.colors[code] = mpl.colors.to_rgb(colour)


def _get_ax(ax):
    import matplotlib.pyplot as plt

    return plt.gca() if ax is None else ax


def source_text(source) -> str:
    """Return a one-line citation from a provenance dict, a DataFrame or a string."""
    if hasattr(source, "attrs"):
        source = source.attrs.get("source", {})
    if isinstance(source, str):
        return source
    if isinstance(source, Mapping):
        parts = [source.get("publisher"), source.get("title"), source.get("vintage")]
        return "Source: " + ", ".join(str(p) for p in parts if p)
    if isinstance(source, Iterable):
        return " | ".join(source_text(s) for s in source)
    raise TypeError(f"cannot make a source note from {type(source).__name__}")


def add_source_note(ax, source, *, fontsize: float = 7.5):
    """Write a source note under the Axes and return it.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    source : dict, DataFrame, str or list of those
        Provenance (``df.attrs["source"]``), a frame that carries it, or text.
    """
    text = source_text(source)
    # Anchored under the x-axis label (whatever the tick and label sizes), not at a fixed
    # offset from the axes, so the note never overlaps the axis label.
    ax.annotate(
        text,
        xy=(0, 0),
        xycoords=("axes fraction", ax.xaxis.label),
        xytext=(0, -6),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=fontsize,
        color="#555555",
        wrap=True,
        gid="source-note",
    )
    return ax


def source_note_of(ax) -> str | None:
    """Return the text of the Axes' source note (for tests and static twins)."""
    for child in ax.texts:
        if child.get_gid() == "source-note":
            return child.get_text()
    return None


def _line_fractions(ax, xs) -> list[float]:
    """Return where the Axes' data lines cross the x positions ``xs``, in axes fraction (0-1)."""
    import numpy as np

    to_axes = ax.transAxes.inverted()
    found = []
    for line in ax.lines:
        if line.get_gid() in ("event", "break") or line.get_transform() != ax.transData:
            continue
        xy = np.asarray(line.get_xydata(), dtype=float)
        xy = xy[np.isfinite(xy).all(axis=1)]
        if len(xy) < 1:
            continue
        xy = xy[np.argsort(xy[:, 0])]
        for x in xs:
            if len(xy) == 1 or not xy[0, 0] <= x <= xy[-1, 0]:
                if not np.isclose(xy[:, 0], x).any():
                    continue
            y = float(np.interp(x, xy[:, 0], xy[:, 1]))
            found.append(float(to_axes.transform(ax.transData.transform((x, y)))[1]))
    return [f for f in found if 0 <= f <= 1]


def _free_label_top(ax, x, text: str, *, fontsize: float) -> float:
    """Return the axes-fraction top of an event label at ``x`` where no data line crosses it.

    The label is rotated, right of nothing and left of its event line; it takes the top of
    the Axes when the data lines leave that free, otherwise the top of the largest free
    stretch between the lines (so a line running high near an event does not cross its label).
    """
    fig = ax.figure
    height_pt = ax.bbox.height * 72 / fig.dpi
    width_pt = ax.bbox.width * 72 / fig.dpi
    length = min(0.62 * fontsize * len(text) / max(height_pt, 1) + 0.02, 0.95)
    lo, hi = ax.get_xlim()
    step = (fontsize * 1.2 / max(width_pt, 1)) * (hi - lo)  # the label's width, in data units
    ys = _line_fractions(ax, [x - step, x - step / 2, x])
    pad = 0.03
    edges = sorted([0.0, *(y for y in ys), 1.0 + pad])
    gaps = [(b - pad, a + pad) for a, b in zip(edges[:-1], edges[1:], strict=True) if b - a > 0]
    gaps = [(top, bottom) for top, bottom in gaps if top > bottom]
    if not ys or not gaps:
        return 1.0
    top_gap = max(gaps, key=lambda g: g[0])
    if top_gap[0] - top_gap[1] >= length:
        return min(top_gap[0], 1.0)
    best = max(gaps, key=lambda g: g[0] - g[1])
    return min(best[0], 1.0)


def mark_events(
    ax,
    events,
    *,
    date_col: str = "date",
    label_col: str = "label",
    x_as_year=False,
    min_gap: float = 0.025,
):
    """Draw a vertical line and a short label for each event on ``ax``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    events : pandas.DataFrame or None
        One row per event with a date column and a label column.
    x_as_year : bool
        The x axis holds years as numbers (annual plots), not dates.
    min_gap : float
        Events closer than this share of the x range share one label ("first (+N)"),
        so labels of events days apart do not print over each other; every event
        keeps its own line.
    """
    if events is None or len(events) == 0:
        return ax
    import matplotlib.dates as mdates
    import pandas as pd

    frame = pd.DataFrame(
        {"date": pd.to_datetime(events[date_col]), "label": events[label_col].astype(str)}
    ).sort_values("date")
    lo, hi = ax.get_xlim()
    if x_as_year:
        frame["x"] = frame["date"].dt.year + (frame["date"].dt.dayofyear - 1) / 365.25
    else:
        frame["x"] = mdates.date2num(frame["date"])
    if x_as_year:
        frame = frame[(frame["x"] >= lo) & (frame["x"] <= hi)]
    groups: list[list] = []
    for x, label in zip(frame["x"], frame["label"], strict=True):
        line = ax.axvline(x, color="#888888", linestyle="--", linewidth=0.8, zorder=0)
        line.set_gid("event")
        if groups and x - groups[-1][0] < min_gap * (hi - lo):
            groups[-1][1].append(label)
        else:
            groups.append([x, [label]])
    for x, labels in groups:
        text = labels[0] if len(labels) == 1 else f"{labels[0]} (+{len(labels) - 1})"
        y_top = _free_label_top(ax, x, text, fontsize=7)
        ax.annotate(
            text,
            xy=(x, y_top),
            xycoords=("data", "axes fraction"),
            rotation=90,
            va="top",
            ha="right",
            fontsize=7,
            color="#555555",
            gid="event-label",
        )
    ax.set_xlim(lo, hi)
    return ax


__all__ = [
    "DEEP",
    "HOUSE_RC",
    "PALETTE",
    "THEME",
    "add_source_note",
    "mark_events",
    "set_theme",
    "source_note_of",
    "source_text",
]
