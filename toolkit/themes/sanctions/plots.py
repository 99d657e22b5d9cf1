"""Plots of the sanctions regime: measures timeline, designations, programs, price caps.

The widget views are in :mod:`toolkit.themes.sanctions.views`.
"""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.viz.palettes import JURISDICTION_COLOURS, JURISDICTION_MARKERS, OKABE_ITO
from toolkit.viz.theme import PALETTE, add_source_note, mark_events, source_text

#: Colour of each SDN entry type (Okabe-Ito).
ENTRY_TYPE_COLOURS = {
    "entity": OKABE_ITO["blue"], "individual": OKABE_ITO["orange"],
    "vessel": OKABE_ITO["green"], "aircraft": OKABE_ITO["purple"],
}  # fmt: skip
#: Vertical offset of each jurisdiction's dots within a timeline row, so that measures of
#: two jurisdictions on the same date and row (US and G7 price caps) do not hide each other.
ROW_OFFSETS = {"US": 0.18, "EU": 0.0, "G7": -0.18, "UK": -0.09}
#: Catalogue rows whose content is not recorded: not a measure type, so not a timeline row.
UNDETAILED = "not detailed"
BREAK_LABEL = "24 Feb 2022: full-scale invasion"
ENTRY_TYPES = ("entity", "individual", "vessel", "aircraft")


def _get_ax(ax, figsize=(9, 4.5)):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _note(data, fallback: str) -> str:
    source = getattr(data, "attrs", {}).get("source")
    if isinstance(source, dict) and source.get("publisher"):
        text = source_text(source)
        citation = source.get("citation")
        # a citation template ("... as published on DATE") says nothing the vintage does not
        usable = citation and "DATE" not in citation and len(citation) < 160
        return f"{text}. {citation}" if usable else text
    return fallback


def _mark_break(ax, date):
    import pandas as pd

    if date is None:
        return
    line = ax.axvline(pd.Timestamp(date), color=PALETTE["russia"], linewidth=1.2, zorder=1)
    line.set_gid("break")
    ax.annotate(
        BREAK_LABEL,
        xy=(pd.Timestamp(date), 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3, -3),
        textcoords="offset points",
        va="top",
        fontsize=7.5,
        color=PALETTE["russia"],
    )


def _timeline_rows(measures, terms):
    """Return one row per measure and category drawn, and the y position of each category row."""
    from toolkit.themes.sanctions.measures import VOCABULARY

    long = measures[["measure_id", "jurisdiction", "announced_date", "categories_list"]].explode(
        "categories_list"
    )
    present = set(long["categories_list"]) - {UNDETAILED}
    order = [t for t in (terms or VOCABULARY) if t in present]
    return long[long["categories_list"].isin(order)], {t: i for i, t in enumerate(reversed(order))}


def _timeline_note(measures) -> str:
    """Return the timeline's source note, naming the measures of no recorded type (not drawn)."""
    note = _note(measures, "Source: sanctions-toolkit measures catalogue (per-row sources)")
    undetailed = measures[measures["categories_list"].map(lambda terms: set(terms) <= {UNDETAILED})]
    if len(undetailed):
        # sourced measures whose type the sources do not record: named, not drawn as a type
        named = ", ".join(
            f"{m} ({d:%Y-%m-%d})"
            for m, d in zip(undetailed["measure_id"], undetailed["announced_date"], strict=True)
        )
        note += f"\nNot drawn (measure type not recorded in the sources): {named}."
    return note


def update_measures_timeline(ax, measures, *, terms=None) -> bool:
    """Move the dots of a timeline drawn by :func:`plot_measures_timeline` to other measures.

    The cheap redraw of a widget view: the Axes keeps its legend, break line and
    source note; the dots move, the category rows are set again and the x limits are
    worked out again (as autoscaling does for a fresh drawing).

    Returns
    -------
    bool
        False, with ``ax`` unchanged, when the jurisdictions drawn would differ (the
        legend): then draw afresh with :func:`plot_measures_timeline`.
    """
    import matplotlib.dates as mdates
    import numpy as np

    long, y = _timeline_rows(measures, terms)
    groups = dict(tuple(long.groupby("jurisdiction")))
    dots = list(ax.collections)
    if [c.get_label() for c in dots] != list(groups):
        return False
    if [t.get_text() for t in ax.get_yticklabels()] != list(y):
        ax.set_yticks(list(y.values()), list(y.keys()))
        ax.set_ylim(-0.7, max(len(y) - 0.3, 0.7))
    for dot in dots:
        part = groups[dot.get_label()]
        dot.set_offsets(
            np.column_stack(
                [
                    mdates.date2num(part["announced_date"]),
                    part["categories_list"].map(y).to_numpy(dtype=float)
                    + ROW_OFFSETS.get(dot.get_label(), 0.0),
                ]
            )
        )
    for text in ax.texts:
        if text.get_gid() == "source-note":
            text.set_text(_timeline_note(measures))
    ax.relim()  # the lines (the break); collections are not counted by relim
    for dot in dots:
        ax.update_datalim(dot.get_offsets())
    ax.autoscale_view()
    return True


def plot_measures_timeline(measures, *, break_date="2022-02-24", terms=None, ax=None, **kwargs):
    """Draw each measure as a dot on the row of every category it carries, by date and jurisdiction.

    Parameters
    ----------
    measures : pandas.DataFrame
        From ``toolkit.load("measures")`` (possibly filtered).
    break_date : str or None
        Date marked as the break (the invasion); None draws none.
    terms : list of str, optional
        Category rows to show, in order (default: every term present).
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.scatter``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _get_ax(ax, figsize=(10, 5.5))
    long, y = _timeline_rows(measures, terms)
    for jur, part in long.groupby("jurisdiction"):
        ax.scatter(
            part["announced_date"],
            part["categories_list"].map(y) + ROW_OFFSETS.get(jur, 0.0),
            label=jur,
            color=JURISDICTION_COLOURS.get(jur, PALETTE["other"]),
            marker=JURISDICTION_MARKERS.get(jur, "o"),
            edgecolor="white",
            linewidth=0.5,
            s=kwargs.pop("s", 36),
            zorder=3,
            **kwargs,
        )
    ax.set_yticks(list(y.values()), list(y.keys()))
    ax.set_ylim(-0.7, max(len(y) - 0.3, 0.7))
    ax.set_xlabel("date announced")
    ax.set_title("Sanctions measures on Russia by type and jurisdiction")
    if len(long):
        # beside the axes, not over the earliest measures
        ax.legend(title="jurisdiction", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    _mark_break(ax, break_date)
    add_source_note(ax, _timeline_note(measures))
    return ax


def plot_designations(
    ledger,
    *,
    programs=("RUSSIA-EO14024",),
    by: str = "program",
    start=None,
    end=None,
    events=None,
    break_date="2022-02-24",
    ax=None,
    **kwargs,
):
    """Draw SDN entries in force over time, one line per program or per entry type.

    Parameters
    ----------
    ledger : pandas.DataFrame
        A designation ledger (``toolkit.load("sdn_ledger_summary")`` or
        :func:`toolkit.themes.sanctions.ledger.designation_ledger`).
    programs : sequence of str
        Programs drawn (``"ALL"`` = every entry once).
    by : {"program", "entry_type"}
        One line per program (types summed) or per entry type (programs summed).
    start, end : str, optional
        ISO dates bounding the snapshots drawn.
    events : pandas.DataFrame, optional
        Events to mark (``toolkit.load("events")``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import pandas as pd

    if by not in ("program", "entry_type"):
        raise ParameterError(
            f"by must be 'program' or 'entry_type', not {by!r}",
            source="plot_designations",
            key="by",
        )
    known = set(ledger["program"])
    unknown = [p for p in programs if p not in known]
    if unknown:
        raise ParameterError(
            f"program(s) {unknown} not in the ledger; known: {sorted(known)}",
            source="plot_designations",
            key="programs",
        )
    ax = _get_ax(ax)
    data = ledger[ledger["program"].isin(programs)]
    if start:
        data = data[data["snapshot_date"] >= pd.Timestamp(start)]
    if end:
        data = data[data["snapshot_date"] <= pd.Timestamp(end)]
    wide = data.pivot_table(
        index="snapshot_date", columns=by, values="in_force", aggfunc="sum", fill_value=0
    )
    for col in wide.columns:
        ax.plot(wide.index, wide[col], marker="o", markersize=3.5, label=col, **kwargs)
    ax.set_ylabel("SDN entries in force")
    ax.set_xlabel("snapshot date")
    ax.set_title(
        "OFAC SDN entries in force, by " + ("program" if by == "program" else "entry type")
    )
    ax.set_ylim(bottom=0)
    if len(wide.columns):
        ax.legend(fontsize=8, loc="upper left")
    if len(wide):
        lo, hi = wide.index.min(), wide.index.max()
        if break_date and lo <= pd.Timestamp(break_date) <= hi:
            _mark_break(ax, break_date)
        if events is not None and len(events):
            inside = events[
                (pd.to_datetime(events["date"]) >= lo) & (pd.to_datetime(events["date"]) <= hi)
            ]
            mark_events(
                ax,
                inside[pd.to_datetime(inside["date"]) != pd.Timestamp(break_date or "1900-01-01")],
            )
    add_source_note(ax, _note(ledger, "Source: OFAC SDN list as published on each snapshot date"))
    return ax


def plot_programs(table, *, ax=None, **kwargs):
    """Draw the Russia/Ukraine SDN programs as horizontal bars stacked by entry type.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`toolkit.themes.sanctions.designations.programs_at`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _get_ax(ax)
    table = table.iloc[::-1]
    left = None
    colours = ENTRY_TYPE_COLOURS
    for kind in ENTRY_TYPES:
        if kind not in table.columns:
            continue
        ax.barh(table["program"], table[kind], left=left, label=kind, color=colours[kind], **kwargs)
        left = table[kind] if left is None else left + table[kind]
    if left is not None:
        # totals at the bar ends: the small programs stay readable beside RUSSIA-EO14024
        for y, total in zip(table["program"], left, strict=True):
            ax.annotate(f"{int(total):,}", xy=(total, y), xytext=(3, 0),
                        textcoords="offset points", va="center", fontsize=7.5)  # fmt: skip
        ax.set_xlim(0, float(left.max()) * 1.1)
    ax.set_xlabel("SDN entries in force (an entry with two programs counts in both)")
    ax.set_title("SDN programs concerning Russia and Ukraine")
    ax.legend(fontsize=8, loc="lower right")
    add_source_note(ax, _note(table, "Source: OFAC SDN list"))
    return ax


def plot_price_caps(caps, *, end="2025-12-31", dynamic=None, events=None, ax=None, **kwargs):
    """Draw the price caps over time as steps, optionally with a recomputed dynamic cap.

    Parameters
    ----------
    caps : pandas.DataFrame
        From ``toolkit.load("price_caps")``.
    end : str
        Last date drawn for caps still in force.
    dynamic : pandas.DataFrame, optional
        From :func:`toolkit.themes.sanctions.price_cap.dynamic_cap`, drawn as a dashed step line.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from toolkit.themes.sanctions.price_cap import caps_over_time

    ax = _get_ax(ax)
    series = caps_over_time(caps, end=end)
    rules = caps.set_index("cap_id")["rule"] if "rule" in caps.columns else {}
    for cap_id, part in series.groupby("cap_id", sort=False):
        first = part.iloc[0].to_dict() | {"rule": rules.get(cap_id, "")}
        kind = "dynamic " if str(first.get("rule", "")).startswith("dynamic") else ""
        label = f"{kind}{first['product']} ({first['jurisdiction']})"
        ax.plot(
            part["date"],
            part["cap_usd_per_bbl"],
            drawstyle="steps-post",
            linewidth=2,
            label=label,
            **kwargs,
        )
    if dynamic is not None and len(dynamic):
        ax.step(
            list(dynamic["review_date"]) + [dynamic["in_force_until"].iloc[-1]],
            list(dynamic["cap_usd_per_bbl"]) + [dynamic["cap_usd_per_bbl"].iloc[-1]],
            where="post",
            linestyle="--",
            color="#555555",
            label="EU rule applied to your prices",
        )
    ax.set_ylabel("USD per barrel")
    ax.set_ylim(0, max(series["cap_usd_per_bbl"].max() * 1.15, 1))
    ax.set_title("Price caps on Russian oil")
    ax.legend(fontsize=8, loc="lower left")
    mark_events(ax, events)
    add_source_note(
        ax, _note(caps, "Source: OFAC determinations under EO 14071; EU Council (per-row sources)")
    )
    return ax


__all__ = [
    "BREAK_LABEL",
    "ENTRY_TYPES",
    "ENTRY_TYPE_COLOURS",
    "JURISDICTION_COLOURS",
    "JURISDICTION_MARKERS",
    "UNDETAILED",
    "plot_designations",
    "plot_measures_timeline",
    "plot_price_caps",
    "plot_programs",
    "update_measures_timeline",
]
