"""Figures and tables as a reader sees them: cited, dated, formatted, and handed to the report.

:func:`show_figure` replaces ``plt.show()`` in the notebooks: it stamps the data vintage on
the figure, prints a one-line citation under it and hands the batch report the figure as
SVG with the CSV of exactly the plotted data (the runner writes both beside the HTML).
:func:`show_table` replaces ``display(df)``: no index column, formatted numbers with units,
and missing values shown as "—" with the reason under the table.

Both display one output whose ``text/html`` (and ``text/plain``) is what a reader sees in
JupyterLab and in the exported HTML; the figure's record rides along under
:data:`FIGURE_MIMETYPE`, which only the report reads (``toolkit.report.hooks``).
"""

from __future__ import annotations

import base64
import html
import io
import logging
import math
import re
from collections.abc import Mapping
from contextlib import contextmanager

__all__ = ["FIGURE_MIMETYPE", "citation", "format_table", "show_figure", "show_table"]

#: The MIME type of a figure's record (name, title, citation, as_of, svg, csv).
FIGURE_MIMETYPE = "application/vnd.sanctions-toolkit.figure+json"

_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_MISSING = "—"


def _cite_one(item) -> str:
    """Return the citation of a dataset name, a source key, a frame's provenance or a text."""
    if hasattr(item, "attrs"):
        item = item.attrs.get("source", {})
    if isinstance(item, Mapping):
        parts = (item.get("publisher"), item.get("title"), item.get("vintage"))
        return ", ".join(str(p) for p in parts if p)
    item = str(item)
    from toolkit.registry import dataset_names, get_dataset

    if item in dataset_names():
        d = get_dataset(item)
        return ", ".join(p for p in (d.publisher, d.title, d.vintage) if p)
    from toolkit.sources import get_source, source_keys

    if item in source_keys():
        s = get_source(item)
        return ", ".join(p for p in (s.publisher, s.title) if p)
    return item


def citation(sources, as_of: str | None = None) -> str:
    """Return the one-line citation of ``sources`` with the data vintage and the toolkit version.

    Parameters
    ----------
    sources : str, DataFrame, dict or iterable of those
        Dataset names (``toolkit.list_datasets()``), source keys
        (``toolkit.sources.list_sources()``), frames carrying ``attrs["source"]``, or text
        such as ``"facts.md E12 (Reuters, 2025-07-18)"``.
    as_of : str, optional
        The latest period the data cover.

    Returns
    -------
    str
        ``"Source: A; B. Data as of 2024-06. sanctions-toolkit 0.1.0"``.
    """
    from toolkit import __version__

    if isinstance(sources, str | Mapping) or hasattr(sources, "attrs"):
        sources = [sources]
    cited = list(dict.fromkeys(_cite_one(s) for s in sources if s is not None))
    parts = ["Source: " + "; ".join(cited) + "."] if cited else []
    if as_of:
        parts.append(f"Data as of {as_of}.")
    parts.append(f"sanctions-toolkit {__version__}")
    return " ".join(parts)


def _plotted_csv(data) -> str:
    """Return ``data`` as CSV text: a frame's named index becomes a column."""
    import pandas as pd

    if isinstance(data, pd.Series):
        data = data.to_frame()
    if not isinstance(data, pd.DataFrame):
        raise TypeError(
            f"show_figure: data must be the plotted DataFrame, not {type(data).__name__}"
        )
    named = any(n is not None for n in data.index.names)
    return data.reset_index().to_csv(index=False) if named else data.to_csv(index=False)


def _stamp(fig, as_of: str) -> None:
    """Write "Data as of ..." at the bottom right of the figure, under everything drawn (once).

    A source note hangs under its Axes, outside the figure's box; a stamp in the box's corner
    would print over a long note. The stamp goes under the lowest thing drawn instead, right
    aligned with the rightmost, so it collides with nothing.
    """
    if any(t.get_gid() == "as-of" for t in fig.texts):
        return
    with _quiet_fonts():
        renderer = fig.canvas.get_renderer()
        box = fig.get_tightbbox(renderer)  # inches, notes under the Axes included
    width, height = fig.get_size_inches()
    fig.text(
        min(box.x1, width) / width, box.y0 / height - 0.004, f"Data as of {as_of}",
        ha="right", va="top", fontsize=7, color="#555555", gid="as-of",
    )  # fmt: skip


def _tight_box(fig):
    """Lay the figure out once and return its tight box in inches, padded as ``savefig`` pads it.

    ``savefig(bbox_inches="tight")`` runs the figure's layout engine and measures the figure
    anew for each file written; here both happen once and the SVG and the PNG share them.
    """
    import matplotlib as mpl
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    engine = fig.get_layout_engine()
    if engine is not None and not isinstance(engine, PlaceHolderLayoutEngine):
        fig.draw_without_rendering()  # the layout pass savefig makes first
        fig.set_layout_engine("none")  # laid out: the files need not repeat it
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    return box.padded(mpl.rcParams["savefig.pad_inches"])


@contextmanager
def _quiet_fonts():
    """Silence matplotlib's "findfont: Font family ... not found" lines while rendering.

    The house style lists preferred families with fallbacks; the font manager logs every
    family it skips, which a report page would print in red above the figure.
    """
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def show_figure(fig, name: str, *, data, sources, as_of: str, title: str | None = None) -> dict:
    """Display a figure with its vintage and citation, and hand it to the report as SVG + CSV.

    Parameters
    ----------
    fig : matplotlib.figure.Figure or matplotlib.axes.Axes
        The figure (an Axes stands for its figure).
    name : str
        File stem in the report (``figures/<notebook>/<name>.svg``): lowercase letters,
        digits and hyphens, unique within the notebook.
    data : DataFrame
        Exactly the data the figure plots (written as ``<name>.csv``).
    sources : str, DataFrame or iterable
        What the data come from (see :func:`citation`).
    as_of : str
        The latest period the data cover, stamped on the figure ("Data as of 2024-06").
    title : str, optional
        What the figure shows; set as the figure's title when none of its Axes has one.

    Returns
    -------
    dict
        The record handed to the report (``name``, ``title``, ``citation``, ``as_of``,
        ``svg``, ``csv``).
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    fig = getattr(fig, "figure", fig)
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"show_figure: name {name!r} must be lowercase letters, digits and '-'")
    if not as_of:
        raise ValueError(f"show_figure {name!r}: as_of (the data vintage) is required")
    csv_text = _plotted_csv(data)
    titled = [ax for ax in fig.axes if ax.get_title()]
    # one Axes with a title says what the figure shows; panels each with their own title
    # ("Per year", "Single months") need the figure's title above them
    if title and fig._suptitle is None and (not titled or len(titled) > 1):
        fig.suptitle(title, fontweight="bold")
    title = title or next((ax.get_title() for ax in fig.axes if ax.get_title()), name)
    _stamp(fig, as_of)
    svg = io.StringIO()
    with _quiet_fonts():
        # the tight box is laid out once and shared by both files: "tight" would lay the
        # figure out again for each of them (a figure is the slowest part of a cell)
        box = _tight_box(fig)
        fig.savefig(svg, format="svg", bbox_inches=box)
    cite = citation(sources, as_of)
    record = {"name": name, "title": title, "citation": cite, "as_of": as_of,
              "svg": svg.getvalue(), "csv": csv_text}  # fmt: skip
    png = io.BytesIO()
    with _quiet_fonts():
        fig.savefig(png, format="png", bbox_inches=box)
    plt.close(fig)
    alt = f"Figure: {title}"
    display({"image/png": base64.b64encode(png.getvalue()).decode("ascii"), "text/plain": alt},
            raw=True)  # fmt: skip
    caption = (
        f'<p class="st-figure-caption" data-figure="{html.escape(name)}" '
        f'style="font-size:0.85em;color:#555">{html.escape(cite)}</p>'
    )
    display({FIGURE_MIMETYPE: record, "text/html": caption, "text/plain": cite}, raw=True)
    return record


def _is_missing(value) -> bool:
    """Return True for NaN, NaT, ``<NA>``, None and infinities."""
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value) or math.isinf(value)
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _decimals(series) -> int | None:
    """Return the decimals of a float column, the same for every cell; None for whole numbers.

    One decimal, or two when every value is below 10; a column whose values are all whole
    (an integer column stored as float) shows none.
    """
    import numpy as np
    import pandas as pd

    if not pd.api.types.is_float_dtype(series.dtype):
        return None
    values = series.to_numpy(dtype=float, na_value=np.nan)
    values = values[np.isfinite(values)]
    if not len(values) or np.all(values == np.round(values)):
        return None
    return 1 if np.abs(values).max() >= 10 else 2


def _formatter(column: str, series, fmt: str | None):
    """Return the cell formatter of one column."""
    import pandas as pd

    yearish = column == "year" or column.endswith("_year") or column in ("start", "end")
    decimals = None if yearish else _decimals(series)

    def cell(value) -> str:
        if _is_missing(value):
            return _MISSING
        if fmt is not None:
            return fmt.format(value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, pd.Timestamp):
            return value.strftime("%Y-%m-%d") if value == value.normalize() else str(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if yearish and float(value).is_integer():
                return str(int(value))
            if decimals is not None and isinstance(value, float):
                return f"{value:,.{decimals}f}"
            if isinstance(value, int) or float(value).is_integer():
                return f"{int(value):,}"
            return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"
        return str(value)

    return cell


def format_table(
    df, *, units: Mapping[str, str] | None = None, formats: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
):  # fmt: skip
    """Return ``df`` as a frame of display strings with readable headers.

    Parameters
    ----------
    df : DataFrame
        The table; its index is dropped unless it is named (then it becomes a column).
    units : mapping, optional
        ``{column: unit}``, shown in the header ("value (USD m)").
    formats : mapping, optional
        ``{column: "{:,.0f}"}`` overriding the default formatting.
    labels : mapping, optional
        ``{column: header}``; by default underscores become spaces.

    Returns
    -------
    DataFrame
        Strings only; every missing or infinite value is "—".
    """
    units, formats, labels = dict(units or {}), dict(formats or {}), dict(labels or {})
    if any(n is not None for n in df.index.names):
        df = df.reset_index()
    out = df.copy()
    for column in df.columns:
        key = str(column)
        cell = _formatter(key, df[column], formats.get(key))
        out[column] = [cell(v) for v in df[column].astype(object)]
    headers = {}
    for column in df.columns:
        key = str(column)
        header = labels.get(key, key.replace("_", " "))
        if key in units:
            header = f"{header} ({units[key]})"
        headers[column] = header
    return out.rename(columns=headers).reset_index(drop=True)


def show_table(
    df, *, units=None, formats=None, labels=None, caption: str | None = None,
    as_of: str | None = None, missing_reason: str | None = None,
) -> None:  # fmt: skip
    """Display ``df`` as a reader's table: formatted, no index column, "—" for missing values.

    Parameters
    ----------
    df : DataFrame
        The table; drop internal columns (``fact_id``...) before showing it.
    units, formats, labels : mapping, optional
        See :func:`format_table`.
    caption : str, optional
        What the table shows (above it).
    as_of : str, optional
        The data vintage, added to the caption.
    missing_reason : str, optional
        Why a cell is "—"; printed under the table when one is (default: "not available
        in the source").
    """
    from IPython.display import display

    shown = format_table(df, units=units, formats=formats, labels=labels)
    if caption and caption[-1] not in ".:!?":
        caption += "."
    head = " ".join(p for p in (caption, f"Data as of {as_of}." if as_of else None) if p)
    has_missing = bool((shown == _MISSING).to_numpy().any())
    note = f"{_MISSING}: {missing_reason or 'not available in the source'}." if has_missing else ""
    table = shown.to_html(index=False, escape=True, border=0, classes="st-table")
    parts = [f'<p class="st-table-caption"><b>{html.escape(head)}</b></p>' if head else ""]
    parts.append(table)
    if note:
        parts.append(f'<p class="st-table-note" style="font-size:0.85em">{html.escape(note)}</p>')
    text = "\n".join(p for p in (head, shown.to_string(index=False), note) if p)
    display({"text/html": "\n".join(p for p in parts if p), "text/plain": text}, raw=True)
