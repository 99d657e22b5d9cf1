"""The widget view of the circumvention analysis: product group x partner x period.

One view shows, for the chosen group and partner, the monthly EU-27 exports to that partner and
to Russia (both flows), and the substitution ratio of the chosen period (the partner's rise over
Russia's fall, the same months a year earlier as the base). Its static twin is the report's.
"""

from __future__ import annotations

from toolkit.themes.resilience.circumvention_plots import (
    POST_GID,
    eu_monthly_by_group,
    plot_group_flows,
)

__all__ = ["ALL_NEIGHBOURS", "PERIODS", "circumvention_view", "period_ratio"]

#: Period choices: label -> (post window, pre window = the same months a year earlier).
PERIODS = {
    "2022-03..2022-11": (("2022-03", "2022-11"), ("2021-03", "2021-11")),
    "2022-03..2022-06": (("2022-03", "2022-06"), ("2021-03", "2021-06")),
    "2022-07..2022-11": (("2022-07", "2022-11"), ("2021-07", "2021-11")),
}
ALL_NEIGHBOURS = "all the neighbours"


def period_ratio(monthly, *, group: str, partners, period: str, russia: str = "Russia"):
    """Return the substitution ratio of one group, partner set and period from EU-27 sums.

    Parameters
    ----------
    monthly : pandas.DataFrame
        :func:`.circumvention_plots.eu_monthly_by_group` output.
    group : str
    partners : sequence of str
        Partners whose rise is summed.
    period : str
        A key of :data:`PERIODS`.
    russia : str

    Returns
    -------
    pandas.DataFrame
        One row: ``group, partners, period, partners_pre_eur, partners_post_eur, rise_eur,
        russia_pre_eur, russia_post_eur, fall_eur, ratio`` (NaN where Russia did not fall).
    """
    import numpy as np
    import pandas as pd

    post, pre = PERIODS[period]
    sub = monthly[monthly["group"] == group]
    period_s = sub["period"].astype(str)

    def total(who, window):
        rows = sub[sub["partner"].isin(who) & (period_s >= window[0]) & (period_s <= window[1])]
        return float(rows["value_eur"].sum(min_count=1))

    row = {
        "group": group,
        "partners": ", ".join(partners),
        "period": period,
        "partners_pre_eur": total(partners, pre),
        "partners_post_eur": total(partners, post),
        "russia_pre_eur": total([russia], pre),
        "russia_post_eur": total([russia], post),
    }
    row["rise_eur"] = row["partners_post_eur"] - row["partners_pre_eur"]
    row["fall_eur"] = row["russia_pre_eur"] - row["russia_post_eur"]
    row["ratio"] = row["rise_eur"] / row["fall_eur"] if row["fall_eur"] > 0 else np.nan
    return pd.DataFrame([row])


def circumvention_view(
    totals, *, group: str, partner: str, period: str, neighbours, russia="Russia"
):
    """Return a widget view: product group, partner and period.

    Parameters
    ----------
    totals : pandas.DataFrame
        :func:`.cn8_panel.group_totals` output (summed over the member states once, here).
    group : str
        Group selected at first.
    partner : str
        Partner selected at first (a neighbour, or :data:`ALL_NEIGHBOURS`).
    period : str
        A key of :data:`PERIODS`.
    neighbours : sequence of str
        The neighbours offered (and summed under :data:`ALL_NEIGHBOURS`).
    russia : str

    Returns
    -------
    toolkit.viz.widgets.View
        ``view.last_table``: the :func:`period_ratio` row shown (``group, partners, period,
        ratio, rise_eur_m, fall_eur_m``; EUR million, rounded).
    """
    import ipywidgets as W
    import matplotlib.dates as mdates
    import pandas as pd
    from matplotlib.figure import Figure

    from toolkit.viz.twins import Twin
    from toolkit.viz.widgets import build_view

    monthly = eu_monthly_by_group(totals)
    monthly["period"] = monthly["period"].astype(str)
    months = {p: pd.Timestamp(p) for p in monthly["period"].unique()}  # parsed once, not per change
    groups = sorted(set(monthly["group"]))
    controls = {
        "group": W.Dropdown(options=groups, value=group, description="group"),
        "partner": W.Dropdown(
            options=[ALL_NEIGHBOURS, *neighbours], value=partner, description="partner"
        ),
        "period": W.ToggleButtons(options=list(PERIODS), value=period, description="period"),
    }

    def frame(group, partner, period):
        """Return the plotted rows (Russia, then the partner) and the table of one setting."""
        chosen = list(neighbours) if partner == ALL_NEIGHBOURS else [partner]
        table = period_ratio(monthly, group=group, partners=chosen, period=period, russia=russia)
        data = monthly[monthly["group"] == group]
        if partner == ALL_NEIGHBOURS:
            summed = data[data["partner"].isin(chosen)].groupby("period", as_index=False)
            summed = summed["value_eur"].sum(min_count=1).assign(partner=partner, group=group)
            data = pd.concat([data[data["partner"] == russia], summed], ignore_index=True)
        shown = table[["group", "partners", "period", "ratio"]].assign(
            rise_eur_m=table["rise_eur"] / 1e6, fall_eur_m=table["fall_eur"] / 1e6
        )
        return data, shown.round({"ratio": 3, "rise_eur_m": 1, "fall_eur_m": 1})

    def title(group, partner, period, ratio):
        shown = "n/a (no fall)" if ratio != ratio else f"{ratio:.2f}"
        return f"{group}: {partner} vs Russia; substitution ratio {period}: {shown}"

    def render(group, partner, period):
        data, table = frame(group, partner, period)
        fig = Figure(figsize=(9, 4.5))
        ax = fig.subplots()
        plot_group_flows(data, group=group, partners=[partner], russia=russia,
                         post=PERIODS[period][0], ax=ax)  # fmt: skip
        ax.set_title(title(group, partner, period, table["ratio"].iloc[0]))
        fig.subplots_adjust(right=0.78, bottom=0.18)
        return fig, table

    def update(fig, group, partner, period):
        """Move the two lines and the shaded window of the figure last drawn (no new Axes)."""
        data, table = frame(group, partner, period)
        ax = fig.axes[0]
        lines = ax.get_lines()
        if len(lines) != 2:
            return NotImplemented
        for line, who in zip(lines, (russia, partner), strict=True):
            part = data[data["partner"] == who].sort_values("period")
            line.set_data(part["period"].map(months), part["value_eur"] / 1e6)
            line.set_label(who)
        ax.get_legend().get_texts()[1].set_text(partner)
        first, last = (mdates.date2num(pd.Timestamp(m)) for m in PERIODS[period][0])
        span = next(p for p in ax.patches if p.get_gid() == POST_GID)
        span.set_x(first)
        span.set_width(last - first)
        ax.relim()
        ax.autoscale_view()
        ax.set_title(title(group, partner, period, table["ratio"].iloc[0]))
        return table

    def plotted(group, partner, period):
        data, _ = frame(group, partner, period)
        rows = data[data["partner"].isin([russia, partner])].sort_values(["partner", "period"])
        return rows[["group", "partner", "period", "value_eur"]]

    # the vintage: the latest month with a value (a file's last month may be all ':')
    measured = monthly[monthly["value_eur"].notna() & (monthly["value_eur"] != 0)]
    twin = Twin(
        "circumvention-view",
        sources="eurostat_cn8",
        as_of=max(measured["period"]) if len(measured) else "not recorded",
        data=plotted,
    )
    return build_view(
        render, controls, title="Product group x partner x period", update=update, twin=twin
    )
