"""Plots of the easing-hurdles theme.

The scenario explorer is in :mod:`toolkit.themes.easing.views`.
"""

from __future__ import annotations

from toolkit.viz.theme import PALETTE, add_source_note, mark_events

#: One colour per lifting authority, from the easiest (light) to the hardest (dark).
AUTHORITY_COLOURS = {
    "President alone": "#9ecae1",
    "President, subject to congressional review": "#4292c6",
    "EU Council (unanimity)": PALETTE["eu"],
    "G7 coalition (each member)": PALETTE["other"],
    "Congress only": "#08306b",
    "Congress (to amend the statutes in the way)": "#08306b",
}
GSDB_NOTE = (
    "Source: Global Sanctions Data Base, release 3 (Felbermayr, Kirilakha, Syropoulos, Yalcin "
    "and Yotov), cases 1949-2022; ongoing cases censored at 2022"
)


def gsdb_source_note(cases) -> str:
    """Return the source note of survival curves fitted on a GSDB case file (read_gsdb output)."""
    from pathlib import Path

    src = cases.attrs.get("source", {})
    return (
        "Source: Global Sanctions Data Base (Felbermayr, Kirilakha, Syropoulos, Yalcin and Yotov), "
        f"{src.get('title', '').split(', ')[-1]} {Path(src.get('source', '')).name}, cases to "
        f"{src.get('cutoff_year')}; ongoing cases censored"
    )


def _get_ax(ax):
    import matplotlib.pyplot as plt

    return plt.subplots()[1] if ax is None else ax


def plot_authority(data, *, x="who_can_lift", hue="jurisdiction", ax=None, **kwargs):
    """Draw the number of measures by who can lift them, stacked by jurisdiction.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`toolkit.themes.easing.authority.authority_with_measures` (one row per measure).
    x, hue : str
        Columns counted on the bars and stacked within them.
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``DataFrame.plot.barh``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from toolkit.themes.easing.authority import AUTHORITIES

    ax = _get_ax(ax)
    counts = data.groupby([x, hue]).size().unstack(hue, fill_value=0)
    order = [a for a in AUTHORITIES if a in counts.index][::-1]
    counts = counts.loc[order]
    colours = {"US": PALETTE["us"], "EU": PALETTE["eu"], "G7": PALETTE["other"]}
    counts.plot.barh(
        stacked=True,
        ax=ax,
        color=[colours.get(c, PALETTE["other"]) for c in counts.columns],
        **kwargs,
    )
    ax.set_xlabel("number of measures")
    ax.set_ylabel("")
    ax.set_title("Who can lift each sanctions measure on Russia")
    ax.legend(title="jurisdiction", loc="lower right")
    add_source_note(
        ax,
        "Source: sanctions-toolkit authority map (facts.md B22-B24, D01-D10; EU Council "
        "statements); measures from facts.md groups B1-B3",
    )
    return ax


def plot_programs_timeline(data, *, as_of: str, events=None, ax=None, **kwargs):
    """Draw historical US programs as bars from start to end (ongoing ones to ``as_of``).

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`toolkit.themes.easing.programs.load_us_programs`; rows of kind ``relief`` are drawn
        over their program (Iran: relief in 2016, re-imposition in 2018).
    as_of : str
        ISO cut-off date ongoing bars run to (pinned, never today).
    events : pandas.DataFrame, optional
        Dated events to mark (``toolkit.load("events")`` or a subset).
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.barh``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.dates as mdates
    import pandas as pd

    ax = _get_ax(ax)
    cutoff = pd.Timestamp(as_of)
    programs = data[data["kind"] == "program"].sort_values("start_date", ascending=False)
    programs = programs.reset_index(drop=True)
    ypos = {pid: i for i, pid in enumerate(programs["program_id"])}
    for i, row in programs.iterrows():
        stop = cutoff if row["ongoing"] else row["end_date"]
        colour = PALETTE["russia"] if "Russia" in row["target"] else PALETTE["balance"]
        bar = ax.barh(
            i,
            mdates.date2num(stop) - mdates.date2num(row["start_date"]),
            left=mdates.date2num(row["start_date"]),
            color=colour,
            hatch="//" if row["ongoing"] else None,
            edgecolor="white",
            **kwargs,
        )
        bar[0].set_gid(f"program-{row['program_id']}")
        label = f"{row['years_in_force']:.0f} y" + (" (ongoing)" if row["ongoing"] else "")
        ax.annotate(
            label,
            (mdates.date2num(stop), i),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
        )
    for _, row in data[data["kind"] == "relief"].iterrows():
        parent = row["program_id"].split("-")[0]
        if parent not in ypos:
            continue
        y = ypos[parent]
        relief = ax.barh(
            y,
            mdates.date2num(row["end_date"]) - mdates.date2num(row["start_date"]),
            left=mdates.date2num(row["start_date"]),
            color=PALETTE["exports"],
            height=0.8,
            label="Iran JCPOA relief (2016-01-16 to 2018-05-08)",
        )
        relief[0].set_gid(f"relief-{row['program_id']}")
        for date, text, side in (
            (row["start_date"], "relief", "right"),
            (row["end_date"], "re-imposed", "left"),
        ):
            ax.annotate(
                text,
                (mdates.date2num(date), y + 0.42),
                ha=side,
                va="bottom",
                fontsize=7,
                color=PALETTE["exports"],
            )
    ax.set_yticks(range(len(programs)), programs["program"])
    ax.xaxis_date()
    ax.axvline(mdates.date2num(cutoff), color="#888888", linestyle="--", linewidth=0.8)
    mark_events(ax, events)
    ax.set_title(f"US sanctions programs: start to end (hatched: ongoing at {as_of})")
    ax.legend(loc="lower left", fontsize=8)
    add_source_note(
        ax,
        "Source: facts.md D01-D10, B20 (White House, OFAC, Federal Register, GPO, CRS, CFR, "
        "press); see each row's source_url",
    )
    return ax


def plot_survival(
    data=None,
    *,
    kind: str = "sender",
    groups=None,
    fitters=None,
    title: str | None = None,
    ci: bool = True,
    positions=None,
    ax=None,
    source=GSDB_NOTE,
    **kwargs,
):
    """Draw Kaplan-Meier curves of sanction duration for the groups of one kind.

    Parameters
    ----------
    data : pandas.DataFrame
        GSDB cases (:func:`toolkit.sources.read_gsdb`) or the embedded aggregate.
    kind : str
        A key of :data:`toolkit.themes.easing.durations.GROUP_KINDS`.
    groups : list of str, optional
        Subset of the kind's groups.
    fitters : dict of str to KaplanMeierFitter, optional
        Curves fitted elsewhere (e.g. :func:`toolkit.themes.easing.durations.ties_fitters`);
        then ``data`` and ``kind`` are not used.
    title : str, optional
        Axes title (default: names the grouping; neutral when ``fitters`` are given).
    ci : bool
        Shade the 95% confidence band.
    positions : pandas.DataFrame, optional
        :func:`toolkit.themes.easing.durations.russia_positions`; drawn as points on the curve of all cases.
    ax : matplotlib.axes.Axes, optional
    source : str
        Source note.
    **kwargs
        Passed to ``KaplanMeierFitter.plot_survival_function``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from toolkit.themes.easing.durations import GROUP_KINDS, fit_group

    ax = _get_ax(ax)
    given = fitters is not None
    if not given:
        fitters = {g: fit_group(data, kind, g) for g in groups or GROUP_KINDS[kind]}
    for kmf in fitters.values():
        kmf.plot_survival_function(ax=ax, ci_show=ci, **kwargs)
    if positions is not None and len(positions):
        ax.scatter(
            positions["years_in_force"],
            positions["share_lasting_as_long_pct"] / 100,
            color=PALETTE["russia"],
            zorder=5,
            label="Russia cases (age in years)",
            gid="russia-positions",
        )
        for _, row in positions.iterrows():
            ax.annotate(
                f"{row['cohort']}: {row['n_cases']} cases, {row['years_in_force']} y",
                (row["years_in_force"], row["share_lasting_as_long_pct"] / 100),
                xytext=(5, 5),
                textcoords="offset points",
                fontsize=7,
                color=PALETTE["russia"],
            )
    ax.set_xlabel("years in force")
    ax.set_ylabel("share of cases still in force")
    ax.set_ylim(0, 1.02)
    if title is None:
        by = "" if kind == "all" or given else f", by {kind.replace('_', ' ')}"
        title = f"How long sanctions last{by} (Kaplan-Meier)"
    ax.set_title(title)
    ax.legend(fontsize=8)
    add_source_note(ax, source)
    return ax


def plot_lift_path(path, *, ax=None, **kwargs):
    """Draw the minimum formal wait of each measure of a lift path, coloured by who must act.

    Measures that only new legislation can lift have no fixed minimum: their
    bars are hatched and labelled instead of given a length.

    Parameters
    ----------
    path : toolkit.themes.easing.lifting.LiftPath
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.barh``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _get_ax(ax)
    table = path.table
    if table.empty:
        ax.text(0.5, 0.5, "no measure selected", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    longest = max(30.0, float(table["min_wait_days"].max(skipna=True) or 0))
    for i, row in enumerate(table.itertuples()):
        wait = row.min_wait_days
        legislation = bool(row.requires_legislation)
        width = longest * 1.2 if legislation else float(wait if wait == wait else 0)
        ax.barh(
            i,
            max(width, longest * 0.03),  # a sliver, so a 0-day bar still shows its colour
            color=AUTHORITY_COLOURS.get(row.who_can_lift, PALETTE["other"]),
            hatch="xx" if legislation else None,
            edgecolor="white",
            label=row.who_can_lift,
            **kwargs,
        )
        if legislation:
            text = "new legislation (no fixed minimum)"
        else:
            text = f"{width:.0f} days" + (" (no formal wait)" if width == 0 else "")
        ax.annotate(
            text,
            (max(width, 0), i),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.set_yticks(range(len(table)), table["measure_id"])
    ax.invert_yaxis()
    ax.set_xlim(0, longest * 2.2)
    ax.set_xlabel("minimum formal waiting time (days)")
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), fontsize=7, loc="lower right")
    ax.set_title("What lifting these measures takes")
    add_source_note(
        ax, "Source: sanctions-toolkit authority map (facts.md B22-B24, B29, B32, B40; D01-D10)"
    )
    return ax


__all__ = [
    "gsdb_source_note",
    "plot_authority",
    "plot_lift_path",
    "plot_programs_timeline",
    "plot_survival",
]
