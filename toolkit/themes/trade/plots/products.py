"""What the US still imports from Russia, drawn: by product (2024) and 2025 year to date."""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.themes.trade.goods import OTHER
from toolkit.themes.trade.plots.series import COLORS
from toolkit.themes.trade.series import SHORT_SOURCES, short_publisher
from toolkit.viz.theme import _get_ax, add_source_note

__all__ = ["plot_goods", "plot_products", "plot_year_to_date"]

PALETTE = COLORS


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


def plot_products(products, *, level: str = "hs4", ax=None, **kwargs):
    """Draw 2024 US imports for consumption from Russia by product, largest on top.

    Parameters
    ----------
    products : pandas.DataFrame
        :func:`toolkit.themes.trade.goods.load_us_imports_hs` (or
        :func:`~toolkit.themes.trade.goods.hs_products` of a user's HS10 file).
    level : {"hs4", "hs10"}
        HS headings or 10-digit lines.
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.barh``.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per product and a grey bar for all the others, each labelled with its
        value and share.
    """
    part = products[products.level == level].sort_values("rank", ascending=False)
    if part.empty:
        raise ParameterError(f"no rows of level {level!r}", source="plot_products", key="level")
    ax = _get_ax(ax)
    names = [
        f"{r.heading} (HS {r.code})" if r.code != OTHER else f"{r.heading} ({r.products} lines)"
        for r in part.itertuples()
    ]
    if level == "hs10":
        names = [
            f"{r.description.lower()[:42]} ({r.code})" if r.code != OTHER else n
            for r, n in zip(part.itertuples(), names, strict=True)
        ]
    colours = ["#999999" if c == OTHER else COLORS["imports"] for c in part.code]
    bars = ax.barh(names, part.imports_for_consumption_usd_m, color=colours, **kwargs)
    for bar, r in zip(bars, part.itertuples(), strict=True):
        ax.annotate(
            f"{r.imports_for_consumption_usd_m:,.0f} ({r.share_pct:.1f}%)",
            xy=(bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
            textcoords="offset points", va="center", fontsize=8, gid="value-label",
        )  # fmt: skip
    ax.set_xlim(0, part.imports_for_consumption_usd_m.max() * 1.25)
    ax.set_xlabel("USD million (imports for consumption, customs value)")
    ax.tick_params(axis="y", labelsize=9)
    year = int(part.year.iloc[0])
    what = "HS heading" if level == "hs4" else "HS10 line"
    ax.set_title(f"US imports from Russia by {what}, {year}: imports for consumption")
    total = part.imports_for_consumption_usd_m.sum()
    add_source_note(
        ax,
        f"Source: {short_publisher('census_hs10')}, international trade API (imports/hs): "
        f"imports for consumption (CON_VAL_YR), not general imports; all rows = {total:,.1f} "
        "USD million. A derived Parquet pull (tradewartracker/trade-war-redux-2025), "
        "retrieved 2025-06.",
    )
    return ax


def plot_year_to_date(ytd, *, ax=None, **kwargs):
    """Draw 2025 year to date beside the same months of 2024, per flow, with the change.

    Parameters
    ----------
    ytd : pandas.DataFrame
        :func:`toolkit.themes.trade.recent.year_to_date`.
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.bar``.

    Returns
    -------
    matplotlib.axes.Axes
        Two bar containers (2024 Census; 2025 press-quoted, hatched: medium confidence).
    """
    import numpy as np

    if ytd.empty:
        raise ParameterError("no year-to-date rows", source="plot_year_to_date", key="ytd")
    ax = _get_ax(ax)
    x = np.arange(len(ytd))
    width = 0.38
    colours = [COLORS[f] for f in ytd.flow]
    period = ytd.period.iloc[0].replace(" 2025", "")
    ax.bar(x - width / 2, ytd.value_2024_usd_m, width, color=colours,
           label=f"{period} 2024 (Census)", **kwargs)  # fmt: skip
    ax.bar(x + width / 2, ytd.value_2025_usd_m, width, color="white", edgecolor=colours,
           hatch="///", linewidth=1.2, label=f"{period} 2025 (Census via press, medium)",
           **kwargs)  # fmt: skip
    for xi, r in zip(x, ytd.itertuples(), strict=True):
        ax.annotate(
            f"{r.change_pct:+.0f}%", xy=(xi + width / 2, r.value_2025_usd_m), xytext=(0, 3),
            textcoords="offset points", ha="center", fontsize=9, gid="change-label",
        )  # fmt: skip
    names = {"imports": "US imports from Russia", "exports": "US exports to Russia"}
    ax.set_xticks(x, [names.get(f, f) for f in ytd.flow])
    ax.set_ylim(0, max(ytd.value_2024_usd_m.max(), ytd.value_2025_usd_m.max()) * 1.2)
    from matplotlib.ticker import StrMethodFormatter

    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.set_ylabel("USD million (nominal)")
    ax.set_title(f"US-Russia trade, {period} 2025 vs {period} 2024")
    from matplotlib.patches import Patch

    handles = [  # neutral swatches: the colour says the flow, the fill says the year
        Patch(facecolor="#777777", label=f"{period} 2024 (Census)"),
        Patch(facecolor="white", edgecolor="#777777", hatch="///",
              label=f"{period} 2025 (Census via press, medium confidence)"),
    ]  # fmt: skip
    ax.legend(handles=handles, fontsize=8, loc="upper right")
    facts = ", ".join(sorted(set(ytd.fact_id)))
    add_source_note(
        ax,
        f"Source: 2024: {SHORT_SOURCES['census-country-2024-06']}; 2025: Census figures "
        f"quoted by the press (facts.md {facts}, medium confidence).",
    )
    return ax
