"""Shared plot plumbing: the house theme, event markers and the source note under a figure.

Theme helpers (``toolkit.trade_plots`` etc.) follow seaborn's contract: ``data``
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
    ax.annotate(
        text,
        xy=(0, 0),
        xycoords="axes fraction",
        xytext=(0, -32),
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


def mark_events(ax, events, *, date_col: str = "date", label_col: str = "label", x_as_year=False):
    """Draw a vertical line and a short label for each event on ``ax``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    events : pandas.DataFrame or None
        One row per event with a date column and a label column.
    x_as_year : bool
        The x axis holds years as numbers (annual plots), not dates.
    """
    if events is None or len(events) == 0:
        return ax
    import pandas as pd

    dates = pd.to_datetime(events[date_col])
    lo, hi = ax.get_xlim()
    for date, label in zip(dates, events[label_col], strict=True):
        x = date.year + (date.dayofyear - 1) / 365.25 if x_as_year else date
        if x_as_year and not (lo <= x <= hi):
            continue
        line = ax.axvline(x, color="#888888", linestyle="--", linewidth=0.8, zorder=0)
        line.set_gid("event")
        ax.annotate(
            label,
            xy=(x, 1),
            xycoords=("data", "axes fraction"),
            rotation=90,
            va="top",
            ha="right",
            fontsize=7,
            color="#555555",
        )
    if x_as_year:
        ax.set_xlim(lo, hi)
    return ax
