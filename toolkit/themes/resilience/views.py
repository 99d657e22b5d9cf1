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
    from toolkit.viz.twins import Twin
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

    def pick(series, partners):
        sub = flows[flows["series"] == series]
        return sub, [p for p in partners if p in set(sub["partner"])] or ["Russia"]

    def title(series, base_year, mode):
        shown = "index, " + str(base_year) + " = 100" if mode == "indexed" else "values"
        return f"{SERIES_LABELS[series]}: {shown}"

    def shown_table(table):
        unit = table["unit"].iloc[0] if "unit" in table.columns else "value"
        shown = table[["partner", "year", "value", "index", "russia_index"]].round(1)
        return shown.rename(columns={"value": f"value ({unit})", "russia_index": "Russia's index"})

    def render(series, partners, base_year, mode):
        sub, chosen = pick(series, partners)
        # a figure outside pyplot (cheaper; the inline backend does not show it twice)
        fig = Figure()
        ax = fig.subplots()
        if base_year not in set(sub["year"]):
            ax.set_title(f"{base_year} is not in {SERIES_LABELS[series]}")
            return fig, None
        table = rerouting_index(sub, base_year=base_year, partners=chosen)
        plot_rerouting(table, y="index" if mode == "indexed" else "value", events=events, ax=ax)
        ax.set_title(title(series, base_year, mode))
        fig.rerouting_state = (series, tuple(chosen), base_year)  # what update() may keep
        return fig, shown_table(table)

    def update(fig, series, partners, base_year, mode):
        """Switch the kept figure between indexed and absolute values (same lines, new y)."""
        sub, chosen = pick(series, partners)
        if getattr(fig, "rerouting_state", None) != (series, tuple(chosen), base_year):
            return NotImplemented
        table = rerouting_index(sub, base_year=base_year, partners=chosen)
        if not _switch_values(fig.axes[0], table, y="index" if mode == "indexed" else "value"):
            return NotImplemented
        fig.axes[0].set_title(title(series, base_year, mode))
        return shown_table(table)

    def plotted(series, partners, base_year, mode):
        sub = flows[flows["series"] == series]
        chosen = [p for p in partners if p in set(sub["partner"])] or ["Russia"]
        if base_year not in set(sub["year"]):
            return sub.iloc[0:0]
        table = rerouting_index(sub, base_year=base_year, partners=chosen)
        keep = ["partner", "year", "value", "unit", "index", "russia_index"]
        return table[[c for c in keep if c in table.columns]]

    twin = Twin(
        "rerouting-view",
        sources="mirror_trade",
        as_of=_series_as_of(flows[flows["series"] == series]),
        data=plotted,
    )
    return build_view(
        render,
        controls,
        title="Exports to Russia's neighbours vs to Russia",
        update=update,
        twin=twin,
    )


def _switch_values(ax, table, *, y: str, russia: str = "Russia") -> bool:
    """Set the lines :func:`plot_rerouting` drew on ``ax`` to ``table[y]`` (index or value).

    The lines keep their order (one per series and partner, then Russia's per series);
    the base-year line at 100 is there for the index only, the y label follows.
    Returns False (nothing changed) when the Axes' lines are not those of ``table``.
    """
    russia_y = "russia_index" if y == "index" else "russia_value"
    groups = list(table.groupby(["series", "partner"], sort=False))
    ys = [sub[y].to_numpy() for _, sub in groups]
    for _series, sub in table.groupby("series", sort=False):
        if not ((sub["partner"] == russia).any() or sub[russia_y].isna().all()):
            ys.append(sub.drop_duplicates("year")[russia_y].to_numpy())
    lines = [ln for ln in ax.get_lines() if ln.get_gid() not in ("event", "base-100")]
    base = [ln for ln in ax.get_lines() if ln.get_gid() == "base-100"]
    base += [ln for ln in lines if ln.get_transform() is not ax.transData]  # axhline(100)
    lines = [ln for ln in lines if ln not in base]
    if len(lines) != len(ys) or any(
        len(ln.get_xdata()) != len(v) for ln, v in zip(lines, ys, strict=True)
    ):
        return False
    for line, values in zip(lines, ys, strict=True):
        line.set_ydata(values)
    for line in base:
        line.remove()
    if y == "index":
        ax.axhline(100, color="#999999", linewidth=0.8, gid="base-100")
        ax.set_ylabel("index, base year = 100")
    else:
        ax.set_ylabel(", ".join(table["unit"].unique()) if "unit" in table.columns else "")
    ax.relim()
    ax.autoscale_view()
    return True


def _series_as_of(rows) -> str:
    """Return the vintage of one mirror series: its latest year, with the month when partial.

    Parameters
    ----------
    rows : pandas.DataFrame
        Mirror rows of one series (``year`` and ``months_covered``).

    Returns
    -------
    str
        ``"2023"`` for a full year, ``"2024-08"`` for eight months of 2024.
    """
    import pandas as pd

    if rows.empty:
        return "not recorded"
    year = int(rows["year"].max())
    months = pd.to_numeric(rows.loc[rows["year"] == year, "months_covered"], errors="coerce").max()
    return f"{year}-{int(months):02d}" if months == months and months < 12 else str(year)
