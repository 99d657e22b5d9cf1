"""Widget views of the sanctions regime: measures and designations (static twins for the report)."""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.themes.sanctions.plots import (
    plot_designations,
    plot_measures_timeline,
    update_measures_timeline,
)

__all__ = ["designations_view", "measures_view"]


def measures_view(measures, *, jurisdictions=None, categories=None, start_year=None, end_year=None):
    """Return a widget view of the measures: jurisdiction and category filters and a year range.

    ``view.last_table`` lists the measures shown (id, date, jurisdiction,
    instrument, category). The static twin shows the default selection.

    Returns
    -------
    toolkit.viz.widgets.View
    """
    import ipywidgets as W
    from matplotlib.figure import Figure

    from toolkit.themes.sanctions.measures import VOCABULARY, filter_measures
    from toolkit.viz.widgets import build_view

    all_jur = sorted(set(measures["jurisdiction"]))
    all_cat = [t for t in VOCABULARY if any(t in terms for terms in measures["categories_list"])]
    years = measures["announced_date"].dt.year
    lo, hi = int(years.min()), int(years.max())
    start_year = lo if start_year is None else max(lo, int(start_year))
    end_year = hi if end_year is None else min(hi, int(end_year))
    if start_year > end_year:
        raise ParameterError(
            f"start {start_year} is after end {end_year}", source="measures_view", key="start_year"
        )
    for key, wanted, known in (
        ("jurisdictions", jurisdictions, all_jur),
        ("categories", categories, all_cat),
    ):
        bad = [v for v in (wanted or []) if v not in known]
        if bad:
            raise ParameterError(
                f"unknown value(s) {bad}; expected some of {known}", source="measures_view", key=key
            )
    controls = {
        "jurisdictions": W.SelectMultiple(
            options=all_jur,
            value=tuple(jurisdictions or all_jur),
            description="Jurisdiction",
            rows=3,
        ),
        "categories": W.SelectMultiple(
            options=all_cat, value=tuple(categories or all_cat), description="Category", rows=6
        ),
        "years": W.IntRangeSlider(
            value=(start_year, end_year), min=lo, max=hi, step=1, description="Years"
        ),
    }
    columns = [
        "measure_id",
        "announced_date",
        "jurisdiction",
        "instrument",
        "category",
        "confidence",
    ]

    def selected(jurisdictions, categories, years):
        shown = filter_measures(
            measures,
            jurisdictions=list(jurisdictions) or None,
            categories=list(categories) or None,
            start=f"{years[0]}-01-01",
            end=f"{years[1]}-12-31",
        )
        shown.attrs = dict(measures.attrs)
        if not jurisdictions or not categories:
            return shown.iloc[0:0]  # an empty selection shows nothing, not everything
        return shown

    def table_of(shown):
        return shown[columns].assign(announced_date=shown["announced_date"].dt.strftime("%Y-%m-%d"))

    def render(jurisdictions, categories, years):
        # a figure outside pyplot (cheaper; the inline backend does not show it twice)
        fig = Figure(figsize=(10, 5.5))
        ax = fig.subplots()
        shown = selected(jurisdictions, categories, years)
        if shown.empty:
            ax.text(
                0.5,
                0.5,
                "No measure for this selection",
                ha="center",
                va="center",
                transform=ax.transAxes,
            )
            return fig, shown[columns]
        plot_measures_timeline(shown, terms=list(categories), ax=ax)
        return fig, table_of(shown)

    def update(fig, jurisdictions, categories, years):
        # the kept figure's dots move when the rows and jurisdictions stay (a year range)
        shown = selected(jurisdictions, categories, years)
        if shown.empty or not fig.axes or not fig.axes[0].collections:
            return NotImplemented
        if not update_measures_timeline(fig.axes[0], shown, terms=list(categories)):
            return NotImplemented
        return table_of(shown)

    return build_view(render, controls, title="Sanctions measures on Russia", update=update)


def designations_view(
    ledger, *, programs=("RUSSIA-EO14024",), by="program", start=None, end=None, events=None
):
    """Return a widget view of the Russia/Ukraine programs: a program selector, a split and a date range.

    ``view.last_table`` holds the entries in force per snapshot and selected line.

    Returns
    -------
    toolkit.viz.widgets.View
    """
    import ipywidgets as W
    import pandas as pd
    from matplotlib.figure import Figure

    from toolkit.themes.sanctions.ledger import ALL, is_russia_ukraine_program
    from toolkit.viz.widgets import build_view

    # the Russia/Ukraine programs only: the whole list (ALL) is orders of magnitude larger and
    # would flatten them on a shared axis (it has its own panel: plot_designations_panels)
    options = sorted(p for p in set(ledger["program"]) if p != ALL and is_russia_ukraine_program(p))
    bad = [p for p in programs if p not in options]
    if bad:
        raise ParameterError(
            f"unknown program(s) {bad}; expected some of {options}",
            source="designations_view",
            key="programs",
        )
    dates = [f"{d:%Y-%m-%d}" for d in sorted(pd.to_datetime(ledger["snapshot_date"].unique()))]
    start = dates[0] if start is None else min((d for d in dates if d >= start), default=dates[-1])
    end = dates[-1] if end is None else max((d for d in dates if d <= end), default=dates[0])
    controls = {
        "programs": W.SelectMultiple(
            options=options, value=tuple(programs), description="Program", rows=6
        ),
        "by": W.ToggleButtons(options=["program", "entry_type"], value=by, description="Lines"),
        "period": W.SelectionRangeSlider(
            options=dates, index=(dates.index(start), dates.index(end)), description="Snapshots"
        ),
    }

    def render(programs, by, period):
        # a figure outside pyplot (cheaper; the inline backend does not show it twice)
        fig = Figure(figsize=(9, 4.5))
        ax = fig.subplots()
        if not programs:
            ax.text(
                0.5,
                0.5,
                "Select at least one program",
                ha="center",
                va="center",
                transform=ax.transAxes,
            )
            return fig, None
        plot_designations(
            ledger,
            programs=list(programs),
            by=by,
            start=period[0],
            end=period[1],
            events=events,
            ax=ax,
        )
        rows = ledger[
            ledger["program"].isin(programs)
            & (ledger["snapshot_date"] >= pd.Timestamp(period[0]))
            & (ledger["snapshot_date"] <= pd.Timestamp(period[1]))
        ]
        table = rows.pivot_table(
            index="snapshot_date", columns=by, values="in_force", aggfunc="sum", fill_value=0
        ).reset_index()
        table.columns.name = None
        table["snapshot_date"] = table["snapshot_date"].dt.strftime("%Y-%m-%d")
        return fig, table

    return build_view(render, controls, title="OFAC SDN designations over time")
