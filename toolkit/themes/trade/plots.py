"""Plots of US-Russia trade (seaborn's contract: data first, ``ax=``, return the Axes).

The widget view is in :mod:`toolkit.themes.trade.views`.
"""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.themes.trade.change import fall_factor
from toolkit.themes.trade.series import SHORT_SOURCES, check_flows, select
from toolkit.viz.theme import PALETTE, _get_ax, add_source_note, mark_events

LABELS = {
    "exports": "US exports to Russia",
    "imports": "US imports from Russia",
    "balance": "US balance (exports - imports)",
    "total": "Total trade (exports + imports)",
}


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
            solid[xcol], solid.value_usd_m, color=PALETTE[flow], label=LABELS[flow], **kwargs
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
                markerfacecolor="white",
                label=f"{LABELS[flow]} (estimate: {', '.join(_short(i) for i in sorted(set(part[est].source_id)))})",
            )
            dash.set_gid(f"estimate-{flow}")
    if log:
        values = df.value_usd_m.dropna()
        if (values <= 0).any():
            ax.set_yscale("symlog", linthresh=100)
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
    ax.set_ylabel("USD million (nominal)")
    first, last = int(df.year.min()), int(df.year.max())
    ax.set_title(
        title or f"US goods trade with Russia, {first}-{last}{' (monthly)' if monthly else ''}"
    )
    if events is not None:
        lo, hi = pd.Timestamp(f"{first}-01-01"), pd.Timestamp(f"{last}-12-31")
        if not monthly:
            ax.set_xlim(first - 0.5, last + 0.5)
        mark_events(ax, _events_in_range(events, lo, hi), x_as_year=not monthly)
    ax.legend(loc="best", fontsize=8)
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
    ax.set_ylabel("USD million (nominal)")
    ax.set_title(f"US-Russia trade, {base_year} vs {comparison_year}")
    ax.legend(fontsize=8)
    used = select(data, flows=list(table.flow))
    used = used[used.year.isin([base_year, comparison_year])]
    used.attrs = data.attrs
    add_source_note(ax, trade_source_note(used))
    return ax


def plot_mirror(mirror, *, flows=("imports", "exports"), events=None, ax=None, **kwargs):
    """Draw US-reported and Russia-reported trade side by side (the mirror view).

    Parameters
    ----------
    mirror : pandas.DataFrame
        From :func:`toolkit.themes.trade.mirror.load_mirror` or :func:`toolkit.themes.trade.mirror.mirror_view`.
    flows : iterable of {"imports", "exports"}
        US view: ``imports`` pairs US imports from Russia with Russia's exports
        to the USA; ``exports`` the reverse.
    events : pandas.DataFrame, optional
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Solid lines: US Census; dashed: Rosstat.
    """
    import pandas as pd

    flows = [flows] if isinstance(flows, str) else list(flows)
    bad = [f for f in flows if f not in ("imports", "exports")]
    if bad:
        raise ParameterError(
            f"unknown flow(s) {bad}; expected imports and/or exports",
            source="plot_mirror",
            key="flows",
        )
    ax = _get_ax(ax)
    mirror_of = {
        "imports": "Russia's exports to the USA",
        "exports": "Russia's imports from the USA",
    }
    for flow in flows:
        part = mirror[mirror.us_flow == flow].sort_values("year")
        (us,) = ax.plot(
            part.year,
            part.us_reported_usd_m,
            color=PALETTE[flow],
            label=f"{LABELS[flow]} (US Census)",
            **kwargs,
        )
        us.set_gid(f"us-{flow}")
        (ru,) = ax.plot(
            part.year,
            part.russia_reported_usd_m,
            color=PALETTE[flow],
            linestyle="--",
            label=f"{mirror_of[flow]} (Rosstat)",
            **kwargs,
        )
        ru.set_gid(f"russia-{flow}")
    first, last = int(mirror.year.min()), int(mirror.year.max())
    ax.set_xlim(first - 0.5, last + 0.5)
    ax.set_xlabel("")
    ax.set_ylabel("USD million (nominal)")
    ax.set_title(f"Mirror view: what each side reports, {first}-{last}")
    if events is not None:
        mark_events(
            ax,
            _events_in_range(events, pd.Timestamp(f"{first}-01-01"), pd.Timestamp(f"{last}-12-31")),
            x_as_year=True,
        )
    ax.legend(loc="best", fontsize=8)
    ids = sorted(set(mirror.get("us_source", [])) | set(mirror.get("russia_source", [])))
    ids = ids or sorted(mirror.attrs.get("source", {}).get("sources", {}))
    texts = [SHORT_SOURCES.get(i, i) for i in ids]
    add_source_note(ax, "Source: " + "; ".join(texts) if texts else "Source: not recorded")
    return ax


def plot_goods(goods, *, year: int = 2024, ax=None, **kwargs):
    """Draw what the US imports from Russia in one year, by category (horizontal bars).

    Parameters
    ----------
    goods : pandas.DataFrame
        From :func:`toolkit.themes.trade.goods.load_us_imports_goods`.
    year : int
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Categories with a USD value; approximate figures are labelled "≈".
    """
    part = goods[(goods.year == year) & goods.value_usd_m.notna()].sort_values("value_usd_m")
    if part.empty:
        raise ParameterError(f"no goods figures for {year}", source="plot_goods", key="year")
    ax = _get_ax(ax)
    bars = ax.barh(part.category, part.value_usd_m, color=PALETTE["imports"], **kwargs)
    for bar, row in zip(bars, part.itertuples(), strict=True):
        ax.annotate(
            f"{'≈' if row.approx else ''}{row.value_usd_m:,.0f}",
            xy=(bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.set_xlabel("")
    ax.set_title(f"US imports from Russia by category, {year} (USD million)")
    publishers = sorted(set(part.publisher))
    facts = ", ".join(sorted(set(part.fact_id)))
    add_source_note(ax, f"Source: {'; '.join(publishers)} (facts.md {facts}; confidence medium)")
    return ax


__all__ = [
    "LABELS",
    "plot_fall",
    "plot_goods",
    "plot_mirror",
    "plot_trade",
    "trade_source_note",
]
