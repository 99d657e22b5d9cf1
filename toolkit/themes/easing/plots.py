"""Plots of the easing-hurdles theme.

The scenario explorer is in :mod:`toolkit.themes.easing.views`.
"""

from __future__ import annotations

from toolkit.viz.palettes import JURISDICTION_COLOURS as _HOUSE_JURISDICTIONS
from toolkit.viz.palettes import NOT_RECORDED, OKABE_ITO
from toolkit.viz.theme import add_source_note, mark_events

#: One colour per lifting authority.
AUTHORITY_COLOURS = {
    "President alone": OKABE_ITO["sky"],
    "President, subject to congressional review": OKABE_ITO["blue"],
    "President, and Congress for what a statute bars": OKABE_ITO["purple"],
    "EU Council (unanimity)": OKABE_ITO["orange"],
    "G7 coalition (each member)": OKABE_ITO["green"],
    "Congress only": OKABE_ITO["vermillion"],
    "Congress (to amend the statutes in the way)": OKABE_ITO["vermillion"],
    "not recorded": NOT_RECORDED,
}
#: Jurisdiction colours of the authority chart (the house ones: G7 black as in notebook 01).
JURISDICTION_COLOURS = {j: _HOUSE_JURISDICTIONS[j] for j in ("US", "EU", "G7")}


def _gsdb_citation() -> str:
    """Return the GSDB citation as its source declaration writes it (declared once)."""
    from toolkit.sources import get_source

    return get_source("gsdb").dataset.citation


def gsdb_aggregate_note() -> str:
    """Return the source note of survival curves drawn from the embedded GSDB aggregate."""
    return f"Source: {_gsdb_citation()}, release 3, cases 1949-2022; ongoing cases censored at 2022"


def gsdb_source_note(cases) -> str:
    """Return the source note of survival curves fitted on a GSDB case file (read_gsdb output)."""
    from pathlib import Path

    src = cases.attrs.get("source", {})
    return (
        f"Source: {_gsdb_citation()}, "
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
    from matplotlib.ticker import MaxNLocator

    from toolkit.themes.easing.authority import AUTHORITIES

    ax = _get_ax(ax)
    counts = data.groupby([x, hue]).size().unstack(hue, fill_value=0)
    order = [a for a in AUTHORITIES if a in counts.index][::-1]
    counts = counts.loc[order]
    counts.plot.barh(
        stacked=True,
        ax=ax,
        color=[JURISDICTION_COLOURS.get(c, OKABE_ITO["grey"]) for c in counts.columns],
        **kwargs,
    )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("number of measures")
    ax.set_ylabel("")
    ax.set_title("Who can lift each sanctions measure on Russia")
    ax.legend(title="jurisdiction", loc="lower right")
    add_source_note(
        ax,
        "Source: sanctions-toolkit authority map (facts.md B22-B24, D01-D11, E16-E19, E26-E47; "
        "EU Council statements). 'President alone' and 'Congress only' are derived (D11)",
    )
    return ax


def _timeline_colour(row) -> str:
    """Return the bar colour of one program: Russia's in vermillion, the others in blue."""
    return OKABE_ITO["vermillion"] if "Russia" in row["target"] else OKABE_ITO["blue"]


def plot_programs_timeline(data, *, as_of: str, marks=None, events=None, ax=None, **kwargs):
    """Draw US programs as bars from start to end (ongoing ones to ``as_of``), Russia's beside them.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`toolkit.themes.easing.programs.load_us_programs`: rows of kind ``program`` and
        ``russia`` are bars (targets including Russia in vermillion, the others in blue);
        rows of kind ``relief`` are drawn over their program (Iran: relief in 2016,
        re-imposition in 2018).
    as_of : str
        ISO cut-off date ongoing bars run to (pinned, never today).
    marks : dict of str to str, optional
        ``{label: ISO date}`` drawn as dotted vertical lines (e.g. the commentary's date).
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
    from matplotlib.patches import Patch

    ax = _get_ax(ax)
    cutoff = pd.Timestamp(as_of)
    bars = data[data["kind"].isin(["program", "russia"])]
    programs = bars.sort_values("start_date", ascending=False).reset_index(drop=True)
    ypos = {pid: i for i, pid in enumerate(programs["program_id"])}
    for i, row in programs.iterrows():
        stop = cutoff if row["ongoing"] else row["end_date"]
        bar = ax.barh(
            i,
            mdates.date2num(stop) - mdates.date2num(row["start_date"]),
            left=mdates.date2num(row["start_date"]),
            color=_timeline_colour(row),
            hatch="//" if row["ongoing"] else None,
            edgecolor="white",
            **kwargs,
        )
        bar[0].set_gid(f"program-{row['program_id']}")
        label = f"{row['years_in_force']:.0f} y" + (" (ongoing)" if row["ongoing"] else "")
        ax.annotate(
            label, (mdates.date2num(stop), i), xytext=(3, 0), textcoords="offset points",
            va="center", fontsize=8,
        )  # fmt: skip
    handles = [
        Patch(color=OKABE_ITO["blue"], label="other targets"),
        Patch(color=OKABE_ITO["vermillion"], label="target: Russia (USSR before 1991)"),
        Patch(facecolor="white", edgecolor="#555555", hatch="//", label=f"ongoing at {as_of}"),
    ]
    for _, row in data[data["kind"] == "relief"].iterrows():
        parent = row["program_id"].split("-")[0]
        if parent not in ypos:
            continue
        y = ypos[parent]
        relief = ax.barh(
            y,
            mdates.date2num(row["end_date"]) - mdates.date2num(row["start_date"]),
            left=mdates.date2num(row["start_date"]),
            color=OKABE_ITO["yellow"],
            edgecolor="#333333",
            linewidth=0.6,
            height=0.8,
        )
        relief[0].set_gid(f"relief-{row['program_id']}")
        handles.append(
            Patch(
                facecolor=OKABE_ITO["yellow"],
                edgecolor="#333333",
                label=f"{row['program']} ({row['start_date']:%Y}-{row['end_date']:%Y})",
            )
        )
    ax.set_yticks(range(len(programs)), programs["program"])
    ax.xaxis_date()
    ax.axvline(mdates.date2num(cutoff), color="#555555", linestyle="--", linewidth=0.8)
    for text, date in (marks or {}).items():
        x = mdates.date2num(pd.Timestamp(date))
        ax.axvline(x, color="#555555", linestyle=":", linewidth=0.8)
        ax.annotate(text, (x, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 2),
                    textcoords="offset points", ha="center", va="bottom", fontsize=7)  # fmt: skip
    mark_events(ax, events)
    left = mdates.date2num(programs["start_date"].min())
    right = mdates.date2num(cutoff)
    ax.set_xlim(left - (right - left) * 0.02, right + (right - left) * 0.12)  # room for the labels
    ax.set_title(f"US sanctions programs from start to end, with Russia's (to {as_of})", pad=14)
    # the lower left is empty: the Russia programs start after 2014
    ax.legend(handles=handles, loc="lower left", fontsize=7, framealpha=0.95)
    add_source_note(
        ax,
        "Source: facts.md D01-D10, B20; Russia: B01, B05, B24, E46, E47 (per-row publishers)",
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
    source=None,
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
    source : str, optional
        Source note (default: the embedded GSDB aggregate's).
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
            color=OKABE_ITO["vermillion"],
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
                color=OKABE_ITO["vermillion"],
            )
    ax.set_xlabel("years in force")
    ax.set_ylabel("share of cases still in force")
    ax.set_ylim(0, 1.02)
    if title is None:
        by = "" if kind == "all" or given else f", by {kind.replace('_', ' ')}"
        title = f"How long sanctions last{by} (Kaplan-Meier)"
    ax.set_title(title)
    ax.legend(fontsize=8)
    add_source_note(ax, source or gsdb_aggregate_note())
    return ax


def _lift_position(row, longest: float) -> tuple[float, str]:
    """Return where a measure's marker goes on the lift-path chart, and its label."""
    if row.who_can_lift == "not recorded":
        return longest * 2.1, "lifting path not recorded"
    if bool(row.requires_legislation):  # NA only where the path is not recorded (above)
        return longest * 1.6, "new legislation (no fixed minimum)"
    wait = float(row.min_wait_days)
    return wait, f"{wait:.0f} days" + (" (no formal wait)" if wait == 0 else "")


def plot_lift_path(path, *, ax=None, **kwargs):
    """Draw, for each measure of a lift path, the minimum formal wait and who must act.

    A dot per measure (no bar: most waits are zero days, and a zero-length bar shows nothing):
    its place on the x axis is the minimum formal waiting time in days, with two columns
    at the right for measures that only new legislation can lift (no fixed minimum) and for
    those whose lifting path is not recorded. Its colour says who must act.

    Parameters
    ----------
    path : toolkit.themes.easing.lifting.LiftPath
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to ``Axes.scatter``.

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
        x, text = _lift_position(row, longest)
        ax.scatter(
            [x], [i], s=90, zorder=3, label=row.who_can_lift,
            color=AUTHORITY_COLOURS.get(row.who_can_lift, OKABE_ITO["grey"]),
            edgecolor="#333333", gid=f"lift-{row.measure_id}", **kwargs,
        )  # fmt: skip
        ax.annotate(text, (x, i), xytext=(8, 0), textcoords="offset points", va="center",
                    fontsize=8)  # fmt: skip
    ax.set_yticks(range(len(table)), table["measure_id"])
    ax.set_ylim(len(table) - 0.5, -0.5)
    ticks = [0, longest, longest * 1.6, longest * 2.1]
    ax.set_xticks(ticks, ["0", f"{longest:.0f}", "new\nlegislation", "not\nrecorded"])
    ax.set_xlim(-longest * 0.1, longest * 3.0)
    ax.set_xlabel("minimum formal waiting time before lifting (days)")
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), title="who must act", fontsize=7,
              title_fontsize=7, loc="upper right")  # fmt: skip
    ax.set_title(f"What lifting these {len(table)} measures takes")
    add_source_note(
        ax, "Source: sanctions-toolkit authority map (facts.md B22-B24, B29, B32, B40; D01-D11)"
    )
    return ax


__all__ = [
    "gsdb_aggregate_note",
    "gsdb_source_note",
    "plot_authority",
    "plot_lift_path",
    "plot_programs_timeline",
    "plot_survival",
]
