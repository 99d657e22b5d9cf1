"""The entity look-up: a text box, the matches on every list, their timelines."""

from __future__ import annotations

__all__ = ["DEFAULT_QUERY", "lookup_table", "lookup_view"]

#: The query the report's static twin shows (notebook 01's ``entity_query`` parameter).
DEFAULT_QUERY = "Евгений Пригожин"
#: The source key (toolkit.sources) and the short name of each list of the look-up.
_LIST_SOURCES = {"dfat": "dfat_consolidated", "un": "un_consolidated"}
_LIST_NAMES = {"dfat": "DFAT", "ofac_sdn": "OFAC SDN", "opensanctions": "OpenSanctions", "un": "UN"}
_SHOWN = ("list", "entity_id", "primary_name", "matched_alias", "score", "programs")


def lookup_table(hits):
    """Return the matches of :func:`toolkit.entities.search` as the look-up shows them."""
    out = hits[hits["match"]] if hits["match"].any() else hits.head(3)
    out = out[[*_SHOWN, "first_seen", "last_seen"]].copy()
    for col in ("first_seen", "last_seen"):
        out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out.reset_index(drop=True)


def lookup_view(query: str = DEFAULT_QUERY, *, limit: int = 8):
    """Return the entity look-up view: type a name, see its matches, their lists and timelines.

    Parameters
    ----------
    query : str
        The first query (the static twin of the report shows it).
    limit : int
        Most matches shown.

    Returns
    -------
    toolkit.viz.widgets.View
        ``view.last_table`` holds the matches (or, when none reaches the threshold, the
        three nearest names, marked as near misses by their score).

    Raises
    ------
    Unavailable
        When the lists' files are absent.
    """
    import ipywidgets as W
    from matplotlib.figure import Figure

    from toolkit.entities import THRESHOLD, listing_events, search
    from toolkit.entities.plots import plot_entity_timeline
    from toolkit.viz.kept import reuse_axes
    from toolkit.viz.twins import Twin
    from toolkit.viz.widgets import build_view

    events = listing_events()
    search(query)  # the index is built now, not on the first keystroke

    # each entity's event rows, found once: a query looks its matches up, it scans no table
    rows_of = events.groupby(["list", "entity_id"], sort=False).indices

    def events_of(matched):
        """Return the events of the matched entities, in the events' order."""
        import numpy as np

        keys = dict.fromkeys(zip(matched["list"], matched["entity_id"], strict=True))
        found = [rows_of[k] for k in keys if k in rows_of]
        return events.iloc[np.sort(np.concatenate(found))] if found else events.iloc[0:0]

    def render(query):
        fig = Figure(figsize=(10, 4))
        return fig, draw(fig.subplots(), query)

    def update(fig, query):
        """Draw the new query's matches on the kept figure's Axes (no new figure, ticks kept)."""
        if len(fig.axes) != 1:
            return NotImplemented
        return draw(reuse_axes(fig.axes[0]), query)

    def draw(ax, query):
        hits = search(query, limit=limit) if query.strip() else search("", limit=limit)
        table = lookup_table(hits) if len(hits) else hits
        matched = hits[hits["match"]] if len(hits) else hits
        if matched.empty:
            ax.text(
                0.5,
                0.5,
                f"No name scores {THRESHOLD:.0f} or more for {query!r}",
                ha="center",
                va="center",
                transform=ax.transAxes,
            )
            ax.set_axis_off()
            return table
        plot_entity_timeline(events_of(matched), ax=ax)
        ax.set_title(f"Listing events of the matches for {query!r}", fontsize=10)
        return table

    controls = {
        "query": W.Text(
            value=query,
            description="Name",
            placeholder="a name, any script",
            continuous_update=False,
        )
    }

    def plotted(query):
        hits = search(query, limit=limit) if query.strip() else search("", limit=limit)
        matched = hits[hits["match"]] if len(hits) else hits
        return events_of(matched) if len(matched) else events.iloc[0:0]

    # each list has its own vintage: the latest dated event of each
    latest = events.groupby("list")["date_latest"].max().dropna()
    twin = Twin(
        "entity-lookup",
        sources=[_LIST_SOURCES.get(k, k) for k in latest.index],
        as_of=", ".join(f"{_LIST_NAMES.get(k, k)} {d:%Y-%m-%d}" for k, d in latest.items())
        or "not recorded",
        data=plotted,
    )
    return build_view(
        render, controls, title="Who is listed, where and since when", update=update, twin=twin
    )
