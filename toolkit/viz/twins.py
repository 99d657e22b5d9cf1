"""The static twin of a widget view as the report takes it: a cited, dated figure with its data.

A :class:`~toolkit.viz.widgets.View` built with a :class:`Twin` displays, next to the live
widget, its default figure through :func:`toolkit.viz.publish.show_figure` in an output of
its own: the report writes it as ``figures/<notebook>/<name>.svg`` with the CSV of exactly
the plotted data, and prints the citation with the data vintage under it. The figure (drawn
at the report's resolution, stamped "Data as of ...") is also the image of the widget's
``text/html`` twin, so a page without a live kernel shows it once, with its table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Twin", "data_as_of", "publish_twin"]


@dataclass(frozen=True)
class Twin:
    """What the report needs of a view's static twin besides the figure.

    Parameters
    ----------
    name : str
        File stem of the figure in the report (``figures/<notebook>/<name>.svg``).
    sources : str, DataFrame or list
        What the data come from (see :func:`toolkit.viz.publish.citation`).
    as_of : str
        The data vintage: the latest period the view's data cover.
    data : callable, optional
        ``data(**values) -> DataFrame``: exactly the data the figure of ``values`` plots;
        the view's table when omitted.
    """

    name: str
    sources: Any
    as_of: str
    data: Callable | None = None


def data_as_of(frame, column: str | None = None) -> str:
    """Return the vintage of a view's data: its dataset's ``as_of``, else its latest period.

    Parameters
    ----------
    frame : pandas.DataFrame
        A loaded dataset (``attrs["source"]["as_of"]``) or any frame.
    column : str, optional
        The period column read when the frame declares no ``as_of`` (dates give
        ``YYYY-MM-DD``, other values their text).

    Returns
    -------
    str
        ``"2024-08"``, ``"2026-06-02"``, or ``"not recorded"``.
    """
    import pandas as pd

    declared = (getattr(frame, "attrs", {}) or {}).get("source", {}) or {}
    if declared.get("as_of"):
        return str(declared["as_of"])
    if column is None or column not in frame.columns or frame[column].dropna().empty:
        return "not recorded"
    latest = frame[column].dropna().max()
    if isinstance(latest, pd.Timestamp):
        return f"{latest:%Y-%m-%d}"
    return str(latest)


def _figure_of(result):
    fig, table = result if isinstance(result, tuple) else (result, None)
    if fig is not None and hasattr(fig, "get_figure") and not hasattr(fig, "savefig"):
        fig = fig.get_figure()
    return fig, table


def _stamp_below(fig, as_of: str) -> None:
    """Write "Data as of ..." under everything drawn, at the right (where no note can be).

    :func:`~toolkit.viz.publish.show_figure` writes it in the figure's bottom-right corner
    unless a text with gid ``as-of`` is there already; a view's source note or a legend
    outside the Axes may reach that corner, so the twin's stamp goes below them.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    box = fig.get_tightbbox(renderer)  # inches
    width, height = fig.get_size_inches()
    fig.text(
        min(box.x1, width) / width, (box.y0 - 0.04) / height, f"Data as of {as_of}",
        ha="right", va="top", fontsize=7, color="#555555", gid="as-of",
    )  # fmt: skip


def publish_twin(view) -> tuple[dict | None, str | None]:
    """Draw ``view``'s current frame at the report's resolution and hand it to the report.

    Calls :func:`toolkit.viz.publish.show_figure` (vintage stamp, citation, SVG + CSV
    record) with its displays captured; the caller displays the record in an output of
    its own (after the widget), and uses the PNG as the image of the widget's twin.

    Returns
    -------
    tuple
        The figure-record output's data bundle and the stamped figure as base64 PNG;
        ``(None, None)`` for a view without a :class:`Twin` or a figure.
    """
    import matplotlib as mpl
    from IPython.utils.capture import capture_output

    from toolkit.viz.publish import FIGURE_MIMETYPE, show_figure

    spec = view.twin
    if spec is None:
        return None, None
    values = view.values
    with mpl.rc_context({"figure.dpi": view.dpi}):
        fig, table = _figure_of(view.render(**values))
    if fig is None:
        return None, None
    data = spec.data(**values) if spec.data is not None else table
    _stamp_below(fig, spec.as_of)
    with capture_output(stdout=False, stderr=False) as captured:
        record = show_figure(
            fig, spec.name, data=data, sources=spec.sources, as_of=spec.as_of, title=view.title
        )
    png = next((o.data["image/png"] for o in captured.outputs if "image/png" in o.data), None)
    bundle = next((o.data for o in captured.outputs if FIGURE_MIMETYPE in o.data), None)
    if bundle is None:  # outside IPython nothing is captured: the record alone
        bundle = {FIGURE_MIMETYPE: record, "text/plain": record["citation"]}
    return dict(bundle), png
