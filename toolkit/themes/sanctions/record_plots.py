"""Plots of the 2021-26 record: SDN designations in two panels, crude caps with Urals, counts a year.

Colours follow the Okabe-Ito palette (told apart by colour-blind readers), and each series
also differs by marker or line style.
"""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.viz.palettes import JURISDICTION_COLOURS, OKABE_ITO
from toolkit.viz.theme import add_source_note

__all__ = [
    "CB_COLOURS",
    "PROGRAM_STYLES",
    "designations_panels_data",
    "plot_crude_caps",
    "plot_designation_counts",
    "plot_designations_panels",
]

#: Okabe-Ito colours, by role.
CB_COLOURS = {
    **{j: JURISDICTION_COLOURS[j] for j in ("US", "EU", "UK", "G7+EU+Australia")},
    "market": OKABE_ITO["green"], "list": OKABE_ITO["black"], "proxy": OKABE_ITO["sky"],
    "CNAS": OKABE_ITO["blue"], "Castellum.AI": OKABE_ITO["orange"],
    "invasion": OKABE_ITO["vermillion"],
}  # fmt: skip
#: Colour and marker of each program line of panel (a), in turn.
PROGRAM_STYLES = (("#0072B2", "o"), ("#E69F00", "s"), ("#009E73", "^"), ("#CC79A7", "D"),
                  ("#56B4E9", "v"), ("#D55E00", "P"), ("#000000", "X"))  # fmt: skip


def _figure(ax, nrows=1, figsize=(10, 4.8), **kw):
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    return plt.subplots(nrows, 1, figsize=figsize, **kw)


def designations_panels_data(ledger, sizes, *, programs, russia_addresses=None):
    """Return the long frame :func:`plot_designations_panels` draws (and its CSV holds).

    Parameters
    ----------
    ledger : pandas.DataFrame
        A designation ledger (``toolkit.load("sdn_ledger_summary")``).
    sizes : pandas.DataFrame
        :func:`toolkit.themes.sanctions.record.list_size_series`.
    programs : sequence of str
        Russia/Ukraine programs of panel (a); ``"ALL"`` is refused (it is panel b).
    russia_addresses : pandas.DataFrame, optional
        ``list_date, entries``: partial-set entries with an address in Russia.

    Returns
    -------
    pandas.DataFrame
        ``panel, series, date, entries, basis``.
    """
    import pandas as pd

    if "ALL" in programs:
        raise ParameterError(
            "'ALL' (the whole list) is drawn in its own panel, not beside the Russia programs",
            source="plot_designations_panels", key="programs",
        )  # fmt: skip
    unknown = sorted(set(programs) - set(ledger["program"]))
    if unknown:
        raise ParameterError(
            f"program(s) {unknown} not in the ledger; known: {sorted(set(ledger['program']))}",
            source="plot_designations_panels", key="programs",
        )  # fmt: skip
    prog = ledger[ledger["program"].isin(programs)]
    prog = prog.groupby(["program", "snapshot_date"], as_index=False)["in_force"].sum()
    parts = [
        pd.DataFrame({"panel": "a", "series": prog["program"], "date": prog["snapshot_date"],
                      "entries": prog["in_force"].astype("int64"), "basis": sizes["basis"].iloc[0]}),
        sizes.assign(panel="b", series="whole SDN list")[["panel", "series", "date", "entries", "basis"]],
    ]  # fmt: skip
    if russia_addresses is not None and len(russia_addresses):
        parts.append(pd.DataFrame({
            "panel": "b", "series": "entries with an address in Russia",
            "date": russia_addresses["list_date"].to_numpy(),
            "entries": russia_addresses["entries"].to_numpy().astype("int64"),
            "basis": sizes["basis"].iloc[-1],
        }))  # fmt: skip
    return pd.concat(parts, ignore_index=True)


def _gap_span(ax, data):
    """Shade the time between the last complete snapshot and the first partial set."""
    whole = data[data["series"] == "whole SDN list"]
    bases = whole["basis"].unique()
    if len(bases) < 2:
        return None
    last_full = whole.loc[whole["basis"] == bases[0], "date"].max()
    first_part = whole.loc[whole["basis"] == bases[1], "date"].min()
    ax.axvspan(last_full, first_part, color="#DDDDDD", zorder=0, gid="break")
    return last_full, first_part


def plot_designations_panels(data, *, break_date="2022-02-24", ax=None):
    """Draw SDN designations in two panels: Russia programs (log scale) and the whole list.

    Parameters
    ----------
    data : pandas.DataFrame
        From :func:`designations_panels_data`.
    break_date : str or None
        The invasion, marked on both panels.
    ax : array of two matplotlib.axes.Axes, optional
        Panels (a) and (b); by default a new figure.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The two panels.
    """
    import numpy as np
    import pandas as pd

    fig, axes = _figure(ax, nrows=2, figsize=(10, 8), sharex=True) if ax is None else (None, ax)
    top, bottom = axes
    a = data[data["panel"] == "a"]
    for (name, part), (colour, marker) in zip(a.groupby("series"), PROGRAM_STYLES, strict=False):
        top.plot(
            part["date"], part["entries"], marker=marker, markersize=4, color=colour, label=name
        )
    top.set_yscale("log")
    # plain numbers on the log axis (no mathtext 10^n labels and their font look-ups)
    top.yaxis.set_major_formatter(_thousands())
    top.yaxis.set_minor_formatter(_blank())
    top.set_ylabel("entries in force (log scale)")
    top.set_title("(a) Russia/Ukraine programs: SDN entries in force (an entry under two "
                  "programs counts in both)", fontsize=10, loc="left")  # fmt: skip
    top.legend(fontsize=8, loc="lower right", title="OFAC program", title_fontsize=8)
    b = data[data["panel"] == "b"]
    whole = b[b["series"] == "whole SDN list"]
    for _basis, part in whole.groupby("basis", sort=False):
        full = part["basis"].iloc[0] == whole["basis"].iloc[0]
        bottom.plot(part["date"], part["entries"], color=CB_COLOURS["list"], marker="o",
                    markersize=4, linestyle="-" if full else "--",
                    markerfacecolor=None if full else "white",
                    label="whole list, " + ("complete snapshots (programs known)" if full
                                            else "partial sets (programs unknown)"))  # fmt: skip
    proxy = b[b["series"] != "whole SDN list"]
    if len(proxy):
        bottom.plot(proxy["date"], proxy["entries"], color=CB_COLOURS["proxy"], marker="s",
                    markersize=4, linestyle=":", markerfacecolor="white",
                    label="entries with an address in Russia (partial sets; not a program)")  # fmt: skip
    span = _gap_span(bottom, b)
    if span:
        mid = span[0] + (span[1] - span[0]) / 2
        bottom.annotate("no complete list:\nprograms unknown\nafter " + f"{span[0]:%Y-%m-%d}",
                        xy=(mid, 0.04), xycoords=("data", "axes fraction"), ha="center",
                        va="bottom", fontsize=7.5, color="#333333")  # fmt: skip
    bottom.set_ylim(0, b["entries"].max() * 1.12)
    bottom.set_ylabel("entries on the list")
    bottom.set_title("(b) The whole SDN list (every program, each entry once)", fontsize=10,
                     loc="left")  # fmt: skip
    bottom.legend(fontsize=8, loc="upper left")
    bottom.yaxis.set_major_formatter(_thousands())
    if break_date:
        for panel in (top, bottom):
            panel.axvline(pd.Timestamp(break_date), color=CB_COLOURS["invasion"], linewidth=1.1,
                          linestyle="-.", zorder=1, gid="invasion")  # fmt: skip
        top.annotate("24 Feb 2022: invasion", xy=(pd.Timestamp(break_date), 0.97),
                     xycoords=("data", "axes fraction"), xytext=(-3, 0),
                     textcoords="offset points", ha="right", va="top", fontsize=7.5,
                     color=CB_COLOURS["invasion"])  # fmt: skip
    bottom.set_xlabel("list date (snapshot or partial set)")
    return np.asarray([top, bottom])


def _blank():
    from matplotlib.ticker import NullFormatter

    return NullFormatter()


def _thousands():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: f"{v:,.0f}")


def plot_crude_caps(caps, prices=None, *, start="2022-09-01", end="2026-12-31", ax=None):
    """Draw the crude price caps per jurisdiction as steps, with market price points.

    Parameters
    ----------
    caps : pandas.DataFrame
        ``toolkit.load("price_caps")``; crude rows are drawn. A row whose rule starts
        with "frozen" is drawn dotted (its level is inferred, see its note).
    prices : pandas.DataFrame, optional
        :func:`toolkit.themes.sanctions.record.load_oil_prices`: an annual average is a
        horizontal segment, a monthly level a diamond.
    start, end : str
        Dates bounding the x axis; caps in force are drawn to ``end``.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import pandas as pd

    _, ax = _figure(ax)
    stop = pd.Timestamp(end)
    crude = caps[caps["product"] == "crude"].sort_values("start_date")
    labelled = set()
    # the UK's levels equal the EU's: a thin dashed line drawn over the EU's thick one
    widths = {"US": 3.2, "G7+EU+Australia": 3.2, "EU": 4.0, "UK": 1.6}
    for row in crude.itertuples(index=False):
        last = row.end_date if pd.notna(row.end_date) else stop
        frozen = str(row.rule).startswith("frozen")
        jur = row.jurisdiction
        label = None
        if (jur, frozen) not in labelled:
            label = f"{jur}" + (" (frozen; level inferred)" if frozen else "")
            labelled.add((jur, frozen))
        ax.plot([row.start_date, last + pd.Timedelta(days=1)], [row.cap_usd_per_bbl] * 2,
                color=CB_COLOURS.get(jur, "#555555"), linewidth=widths.get(jur, 2),
                linestyle=":" if frozen else ("--" if jur == "UK" else "-"),
                solid_capstyle="butt", label=label, gid=row.cap_id,
                zorder=3 if jur == "UK" else 2)  # fmt: skip
    if prices is not None and len(prices):
        for row in prices.itertuples(index=False):
            lab = f"{row.benchmark}: {row.statistic}"
            if row.statistic.startswith("annual"):
                ax.plot([row.period_start, row.period_end], [row.usd_per_bbl] * 2,
                        color=CB_COLOURS["market"], linewidth=1.6, marker="|", markersize=10,
                        label=lab if lab not in labelled else None)  # fmt: skip
            else:
                mid = row.period_start + (row.period_end - row.period_start) / 2
                ax.plot([mid], [row.usd_per_bbl], color=CB_COLOURS["market"], marker="D",
                        markersize=6, linestyle="none",
                        label="Urals: monthly level (about)" if lab not in labelled else None)  # fmt: skip
            labelled.add(lab)
    ax.set_xlim(pd.Timestamp(start), stop)
    ax.set_ylim(0, max(crude["cap_usd_per_bbl"].max(), 1) * 1.25)
    ax.set_ylabel("USD per barrel")
    ax.set_xlabel("date in force")
    ax.legend(fontsize=8, loc="lower left", ncol=2, title="crude cap of", title_fontsize=8)
    add_source_note(ax, "Sources: OFAC determinations under EO 14071; EU Council and "
                    "Commission, UK OFSI (via press, facts.md B60, E27-E33); Urals: Bloomberg "
                    "and MMI from Ministry of Finance data (E87, E88)")  # fmt: skip
    return ax


def plot_designation_counts(counts, *, ax=None):
    """Draw new US designations a year as grouped bars, one colour per counter.

    Parameters
    ----------
    counts : pandas.DataFrame
        :func:`toolkit.themes.sanctions.record.load_designation_counts`; rows of scope
        "all programs" are drawn, an annual average as its own hatched group.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import numpy as np

    _, ax = _figure(ax, figsize=(9, 4.5))
    every = counts[counts["scope"] == "all programs"]
    groups = list(dict.fromkeys(every.sort_values("year_start")["period"]))
    counters = list(dict.fromkeys(every["counter"]))
    width = 0.8 / len(counters)
    x = np.arange(len(groups))
    for i, who in enumerate(counters):
        part = every[every["counter"] == who].set_index("period")
        for j, period in enumerate(groups):
            if period not in part.index:
                continue
            row = part.loc[period]
            avg = row["statistic"] == "annual average"
            bar = ax.bar(x[j] + (i - (len(counters) - 1) / 2) * width, row["count"], width,
                         color=CB_COLOURS.get(who, "#555555"), hatch="//" if avg else None,
                         edgecolor="white" if not avg else "#333333",
                         label=who if j == next(k for k, p in enumerate(groups) if p in part.index)
                         else None)  # fmt: skip
            ax.bar_label(bar, labels=[f"{row['count']:,}"], fontsize=8, padding=2)
    ax.set_xticks(x, [g.replace("2017-2021", "2017-2021\n(average a year)") for g in groups])
    ax.set_ylabel("designations a year")
    ax.yaxis.set_major_formatter(_thousands())
    ax.set_ylim(0, every["count"].max() * 1.18)
    ax.legend(fontsize=8, loc="upper left", title="counted by", title_fontsize=8)
    add_source_note(ax, "Sources: CNAS, Sanctions by the Numbers (2023, 2024 editions), "
                    "persons added to the SDN list; Castellum.AI, Sanctions Year in Review "
                    "(2025), new US sanctions (facts.md E62, E63)")  # fmt: skip
    return ax
