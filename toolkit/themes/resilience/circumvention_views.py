"""The widget view of the circumvention analysis: product group x partner x period.

One view shows, for the chosen group and partner, the monthly EU-27 exports to that partner and
to Russia (both flows), and the substitution ratio of the chosen period (the partner's rise over
Russia's fall, the same months a year earlier as the base). Its static twin is the report's.
"""

from __future__ import annotations

from toolkit.themes.resilience.circumvention_plots import eu_monthly_by_group, plot_group_flows

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
    import pandas as pd
    from matplotlib.figure import Figure

    from toolkit.viz.widgets import build_view

    monthly = eu_monthly_by_group(totals)
    monthly["period"] = monthly["period"].astype(str)
    groups = sorted(set(monthly["group"]))
    controls = {
        "group": W.Dropdown(options=groups, value=group, description="group"),
        "partner": W.Dropdown(
            options=[ALL_NEIGHBOURS, *neighbours], value=partner, description="partner"
        ),
        "period": W.ToggleButtons(options=list(PERIODS), value=period, description="period"),
    }

    def render(group, partner, period):
        chosen = list(neighbours) if partner == ALL_NEIGHBOURS else [partner]
        table = period_ratio(monthly, group=group, partners=chosen, period=period, russia=russia)
        data = monthly[monthly["group"] == group]
        if partner == ALL_NEIGHBOURS:
            summed = data[data["partner"].isin(chosen)].groupby("period", as_index=False)
            summed = (
                summed["value_eur"].sum(min_count=1).assign(partner=ALL_NEIGHBOURS, group=group)
            )
            data = pd.concat([data[data["partner"] == russia], summed], ignore_index=True)
        fig = Figure(figsize=(9, 4.5))
        ax = fig.subplots()
        plot_group_flows(data, group=group, partners=[partner], russia=russia,
                         post=PERIODS[period][0], ax=ax)  # fmt: skip
        r = table["ratio"].iloc[0]
        ax.set_title(
            f"{group}: {partner} vs Russia; substitution ratio {period}: "
            + ("n/a (no fall)" if r != r else f"{r:.2f}")
        )
        fig.subplots_adjust(right=0.78, bottom=0.18)
        shown = table[["group", "partners", "period", "ratio"]].assign(
            rise_eur_m=table["rise_eur"] / 1e6, fall_eur_m=table["fall_eur"] / 1e6
        )
        return fig, shown.round({"ratio": 3, "rise_eur_m": 1, "fall_eur_m": 1})

    return build_view(render, controls, title="Product group x partner x period")
