"""The widget view of the resilience theme: rerouting to Russia's neighbours (a static twin for the report)."""

from __future__ import annotations

from toolkit.themes.resilience.plots import MODES, SERIES_LABELS, plot_rerouting

__all__ = ["rerouting_view"]


def rerouting_view(
    data, *, partners, base_year: int, series: str, mode: str = "indexed", events=None
):
    """Return a widget view: partner picker, base year, series and absolute vs indexed.

    Parameters
    ----------
    data : pandas.DataFrame
        Mirror rows (:func:`toolkit.themes.resilience.mirror.load_mirror_trade`).
    partners : list of str
        Partners selected at first.
    base_year : int
        Base year selected at first.
    series : str
        Series selected at first (``eu_exports``, ``us_exports``, ``armenia_exports``).
    mode : {"indexed", "absolute"}
    events : pandas.DataFrame, optional

    Returns
    -------
    toolkit.viz.widgets.View
        ``view.last_table`` is the :func:`~toolkit.themes.resilience.rerouting.rerouting_index` table shown.
    """
    import ipywidgets as W
    from matplotlib.figure import Figure

    from toolkit.themes.resilience.rerouting import rerouting_index
    from toolkit.viz.widgets import build_view

    flows = data[data["series"] != "crude_exports"]
    choices = sorted(flows["partner"].unique())
    years = sorted(int(y) for y in flows["year"].unique())
    controls = {
        "series": W.Dropdown(
            options=[(SERIES_LABELS[s], s) for s in flows["series"].unique()],
            value=series,
            description="series",
        ),
        "partners": W.SelectMultiple(
            options=choices,
            value=tuple(p for p in partners if p in choices),
            description="partners",
        ),
        "base_year": W.Dropdown(options=years, value=base_year, description="base year"),
        "mode": W.ToggleButtons(options=list(MODES), value=mode, description="show"),
    }

    def render(series, partners, base_year, mode):
        sub = flows[flows["series"] == series]
        chosen = [p for p in partners if p in set(sub["partner"])] or ["Russia"]
        # a figure outside pyplot (cheaper; the inline backend does not show it twice)
        fig = Figure()
        ax = fig.subplots()
        if base_year not in set(sub["year"]):
            ax.set_title(f"{base_year} is not in {SERIES_LABELS[series]}")
            return fig, None
        table = rerouting_index(sub, base_year=base_year, partners=chosen)
        plot_rerouting(table, y="index" if mode == "indexed" else "value", events=events, ax=ax)
        ax.set_title(
            f"{SERIES_LABELS[series]}: "
            + ("index, " + str(base_year) + " = 100" if mode == "indexed" else "values")
        )
        unit = table["unit"].iloc[0] if "unit" in table.columns else "value"
        shown = table[["partner", "year", "value", "index", "russia_index"]].round(1)
        shown = shown.rename(columns={"value": f"value ({unit})", "russia_index": "Russia's index"})
        return fig, shown

    return build_view(render, controls, title="Exports to Russia's neighbours vs to Russia")
