"""Plots of the product-level circumvention analysis (seaborn's contract: data first, ``ax=None``).

Each takes the frame one function of :mod:`.circumvention` or :mod:`.circumvention_later`
returns, draws on ``ax`` (or the current Axes), puts a source note under it and returns the Axes.
The widget view is in :mod:`.circumvention_views`.
"""

from __future__ import annotations

from matplotlib.ticker import FuncFormatter, NullLocator

from toolkit.errors import ParameterError
from toolkit.viz.palettes import OKABE_ITO, partner_style
from toolkit.viz.theme import PALETTE, _get_ax, add_source_note

__all__ = [
    "CN8_SOURCE",
    "COMEXT_SOURCE",
    "IMF_SOURCE",
    "POST_GID",
    "eu_monthly_by_group",
    "plot_group_flows",
    "plot_lasting",
    "plot_substitution",
    "plot_who_ships",
]

CN8_SOURCE = (
    "Source: Eurostat, EU trade since 1988 by HS2-4-6 and CN8 (DS-045409), data-browser "
    "extractions of 2023-01-21, EU-27 member states' exports, 2020-01..2022-11"
)
COMEXT_SOURCE = (
    "Source: Eurostat, Comext data-browser exports (all goods, EU-27 member states summed), "
    "2019-01..2024-08, exported 2024-11"
)
IMF_SOURCE = (
    "Source: IMF, International Trade in Goods (IMTS), Russia by counterpart, annual; "
    "2022-2024 IMF estimates from partners' data"
)
#: The ``gid`` of the shaded window of :func:`plot_group_flows` (a view moves it).
POST_GID = "post-window"


def eu_monthly_by_group(totals):
    """Sum :func:`.cn8_panel.group_totals` over the member states: ``partner, group, period, value_eur``.

    Parameters
    ----------
    totals : pandas.DataFrame
        Group sums per reporter.

    Returns
    -------
    pandas.DataFrame
        One row per partner, group and month (NaN if no member state had a known value).
    """
    out = totals.groupby(["partner", "group", "period"], as_index=False, observed=True)
    return out["value_eur"].sum(min_count=1)


def _partner_style(partner, i, russia):
    """Return a partner's line style: the house one (Okabe-Ito, a marker each; Russia dashed)."""
    return partner_style("Russia" if partner == russia else partner, i)


def _month_axis(ax):
    """Label years on a monthly time axis (no minor ticks)."""
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.xaxis.set_minor_locator(NullLocator())


def plot_group_flows(
    data, *, group: str, partners, russia: str = "Russia", post=None, ax=None, **kwargs
):
    """Draw a group's monthly EU-27 exports to Russia and to each partner (EUR million).

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`eu_monthly_by_group` output.
    group : str
    partners : sequence of str
        Partners drawn beside Russia.
    russia : str
    post : tuple of str, optional
        ``(first, last)`` month shaded (the window compared with a year earlier).
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.plot``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import pandas as pd

    sub = data[data["group"] == group]
    if sub.empty:
        raise ParameterError(f"no group {group!r} in the data", source="plot_group_flows")
    ax = _get_ax(ax)
    for i, partner in enumerate([russia, *[p for p in partners if p != russia]]):
        line = sub[sub["partner"] == partner].sort_values("period")
        x = pd.to_datetime(line["period"].astype(str))
        style = {**_partner_style(partner, i - 1, russia), "markersize": 3, **kwargs}
        # a month without a known value is NaN: the line breaks there (a gap, not interpolated)
        ax.plot(x, line["value_eur"] / 1e6, label=partner, **style)
    if post:
        ax.axvspan(pd.Timestamp(post[0]), pd.Timestamp(post[1]), color="#999999", alpha=0.15,
                   gid=POST_GID)  # fmt: skip
    _month_axis(ax)
    ax.set_yscale("log")
    # plain numbers, not 10^n (mathtext would need fonts the house style does not ship)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.4g}"))
    ax.yaxis.set_minor_locator(NullLocator())  # no unlabelled minor ticks: a third of the drawing
    ax.set_ylabel("EUR million a month (log scale)")
    ax.set_title(group)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    add_source_note(ax, CN8_SOURCE)
    return ax


def plot_substitution(data, *, control: str | None = None, ax=None, **kwargs):
    """Draw the substitution ratio of each group, with the euros behind it, largest first.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`.circumvention.substitution_ratio` output.
    control : str, optional
        A group drawn as a dashed reference line instead of a bar (e.g. all goods).
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.barh``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    df = data.dropna(subset=["ratio"])
    ref = df[df["group"] == control]
    df = df[df["group"] != control].sort_values("ratio")
    ax = _get_ax(ax)
    bars = ax.barh(
        df["group"], df["ratio"], color=kwargs.pop("color", PALETTE["exports"]), **kwargs
    )
    labels = [
        f"{r:.2f}  ({u / 1e6:+,.0f} / {-d / 1e6:+,.0f} EUR m)"
        for r, u, d in zip(
            df["ratio"], df["rise_neighbours_eur"], df["fall_russia_eur"], strict=True
        )
    ]
    # on a white box: the control's dashed line passes behind the labels, not through them
    texts = ax.bar_label(bars, labels=labels, fontsize=8, padding=3, zorder=4)
    for text in texts:
        text.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 0.6})
    if len(ref):
        ax.axvline(ref["ratio"].iloc[0], color=PALETTE["total"], linestyle="--", linewidth=1,
                   zorder=1, label=f"{control}: {ref['ratio'].iloc[0]:.2f}")  # fmt: skip
        ax.legend(fontsize=8, loc="lower right", frameon=False)
    ax.set_xlim(0, max(df["ratio"].max(), ref["ratio"].max() if len(ref) else 0) * 1.6)
    ax.set_xlabel("rise of exports to the neighbours / fall of exports to Russia")
    add_source_note(ax, CN8_SOURCE)
    return ax


def plot_who_ships(data, *, ax=None, **kwargs):
    """Draw each member state's rise of exports to the neighbours (EUR million).

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`.circumvention.who_ships` output.
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.barh``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    df = data.dropna(subset=["rise_eur"]).iloc[::-1]
    ax = _get_ax(ax)
    colours = [PALETTE["exports"] if v >= 0 else PALETTE["other"] for v in df["rise_eur"]]
    ax.barh(df["reporter"], df["rise_eur"] / 1e6, color=kwargs.pop("color", colours), **kwargs)
    ax.axvline(0, color="#666666", linewidth=0.8)
    ax.set_xlabel("rise of exports to the neighbours, EUR million")
    add_source_note(ax, CN8_SOURCE)
    return ax


def plot_lasting(data, *, y: str = "index", source: str = COMEXT_SOURCE, ax=None, **kwargs):
    """Draw each partner's yearly series (indexed or values), Russia dashed.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`.circumvention_later.same_months_by_year` or
        :func:`.circumvention_later.imf_partner_index` output.
    y : str
        ``"index"`` or the value column (``value_eur``, ``value_usd_m``).
    source : str
        Source note.
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.plot``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if y not in data.columns:
        raise ParameterError(f"y={y!r} is not a column of the data", source="plot_lasting", key="y")
    ax = _get_ax(ax)
    for i, (partner, line) in enumerate(data.groupby("partner", sort=True)):
        style = _partner_style(partner, i, "Russia")
        if partner == "neighbours":
            style = {"color": OKABE_ITO["black"], "marker": "o", "linewidth": 2.5}
        ax.plot(line["year"], line[y], label=partner, **{**style, **kwargs})
    if y == "index":
        ax.axhline(100, color="#999999", linewidth=0.8)
        ax.set_ylabel("index, base year = 100")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    add_source_note(ax, source)
    return ax
