"""Shared plot plumbing: the house theme, event markers and the source note under a figure.

Theme helpers (``toolkit.themes.trade.plots`` etc.) follow seaborn's contract: ``data``
first, keyword-only options, ``events=None``, ``ax=None``, and they return the Axes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

#: Colours of the house palette, by meaning, so every notebook reads the same way.
PALETTE = {
    "exports": "#1f5fa8",
    "imports": "#c0392b",
    "balance": "#6c6c6c",
    "total": "#2c3e50",
    "russia": "#c0392b",
    "us": "#1f5fa8",
    "eu": "#f1c40f",
    "other": "#7f8c8d",
}

#: Default theme arguments for :func:`set_theme` (passed to ``seaborn.set_theme``).
THEME = {
    "context": "notebook",
    "style": "whitegrid",
    "palette": "deep",
    "rc": {"figure.figsize": (9, 4.5), "axes.titleweight": "bold", "figure.dpi": 100},
}


def set_theme(**overrides) -> None:
    """Apply the house theme (explicit; nothing is applied at import).

    Parameters
    ----------
    **overrides
        Keyword arguments of ``seaborn.set_theme`` that replace the house ones.
    """
    import seaborn as sns

    kwargs = {**THEME, **overrides}
    sns.set_theme(**kwargs)


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
        ax.annotate(
            labels[0] if len(labels) == 1 else f"{labels[0]} (+{len(labels) - 1})",
            xy=(x, 1),
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
