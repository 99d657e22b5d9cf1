"""The figures of a run: each ``show_figure`` record written as SVG + CSV beside the HTML page.

:func:`toolkit.viz.publish.show_figure` displays a record (name, title, citation, as_of,
SVG text, CSV of the plotted data) under :data:`FIGURE_MIMETYPE`. After a run, the
runner takes every such record from the executed notebook (:func:`take_figures`),
writes ``figures/<run>/<name>.svg`` and ``.csv`` atomically, and keeps only the
record's metadata and the two paths for ``summary.json`` (never the SVG text). The
figure's caption in the notebook gains an anchor and links to both files, so the
exported page offers them beside the citation.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from toolkit.io import atomic_write

__all__ = [
    "FIGURES_DIR",
    "FIGURE_KEYS",
    "FIGURE_MIMETYPE",
    "FigureError",
    "anchor",
    "figure_files",
    "take_figures",
]

#: The MIME type :func:`toolkit.viz.publish.show_figure` displays its record under (the contract).
FIGURE_MIMETYPE = "application/vnd.sanctions-toolkit.figure+json"

#: The report's sub-folder of figure files: ``figures/<run>/<name>.svg|.csv``.
FIGURES_DIR = "figures"

#: The keys of a figure's entry in ``summary.json`` (no SVG or CSV text: their paths).
FIGURE_KEYS = ("name", "title", "citation", "as_of", "svg", "csv", "cell_index")

# the name rule of show_figure: a file stem that cannot leave its folder
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


class FigureError(ValueError):
    """A figure record the report cannot write (bad or duplicate name, missing SVG/CSV)."""

    def __init__(self, problem: str, cell_index: int | None = None):
        self.cell_index = cell_index
        super().__init__(problem)


def anchor(name: str) -> str:
    """Return the HTML id of a figure's caption in its notebook page (``figure-<name>``)."""
    return f"figure-{name}"


def _where(index: int, cell) -> str:
    count = cell.get("execution_count")
    return f"cell {index}" + (f" (In [{count}])" if count is not None else "")


def _records(nb):
    """Yield ``(cell index, cell, output, record)`` of every figure record, in notebook order."""
    for index, cell in enumerate(nb.get("cells", [])):
        for output in cell.get("outputs", []) or []:
            record = output.get("data", {}).get(FIGURE_MIMETYPE)
            if record is not None:
                yield index, cell, output, record


def _check(record, where: str, seen: dict) -> str:
    """Return the record's name after checking it; raise :class:`FigureError` naming the cell."""
    name = record.get("name") if isinstance(record, dict) else None
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise FigureError(
            f"figure name {name!r} in {where} must be 1-64 lowercase letters, digits and '-'"
        )
    if name in seen:
        raise FigureError(f"figure name {name!r} is shown twice: in {seen[name]} and in {where}")
    for key in ("svg", "csv"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise FigureError(f"figure {name!r} in {where} has no {key.upper()} text")
    return name


def _caption(record: dict, entry: dict) -> str:
    """Return the caption of a written figure: its citation, then links to its SVG and CSV."""
    name = html.escape(entry["name"])
    cite = html.escape(str(record.get("citation", "")))
    return (
        f'<p class="st-figure-caption" data-figure="{name}" id="{anchor(entry["name"])}" '
        f'style="font-size:0.85em;color:#555">{cite} · '
        f'<span class="st-figure-files">Figure as <a href="{html.escape(entry["svg"])}">SVG</a>'
        f' · plotted data as <a href="{html.escape(entry["csv"])}">CSV</a></span></p>'
    )


def take_figures(nb, run_name: str, out_dir) -> list[dict]:
    """Write every figure record of ``nb`` as SVG + CSV; return their ``summary.json`` entries.

    Each caption of ``nb`` (the executed notebook, changed in place) gets an anchor
    (:func:`anchor`) and links to the figure's two files, relative to the report folder.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.
    run_name : str
        The run's output name (``03-trade``, ``03-trade--base_year-2014``).
    out_dir : path-like
        The report folder (or its staging folder).

    Returns
    -------
    list of dict
        One entry per figure, notebook order: :data:`FIGURE_KEYS`, paths relative to the
        report folder.

    Raises
    ------
    FigureError
        For a name that is not a safe file stem, a name shown twice (both cells named)
        or a record without its SVG or CSV. Figures before the bad one are written.
    """
    folder = f"{FIGURES_DIR}/{run_name}"
    entries, seen = [], {}
    for index, cell, output, record in _records(nb):
        where = _where(index, cell)
        try:
            name = _check(record, where, seen)
        except FigureError as exc:
            exc.cell_index = index
            raise
        seen[name] = where
        entry = {
            "name": name,
            "title": str(record.get("title") or name),
            "citation": str(record.get("citation", "")),
            "as_of": str(record.get("as_of", "")),
            "svg": f"{folder}/{name}.svg",
            "csv": f"{folder}/{name}.csv",
            "cell_index": index,
        }
        atomic_write(Path(out_dir) / entry["svg"], record["svg"])
        atomic_write(Path(out_dir) / entry["csv"], record["csv"])
        output["data"]["text/html"] = _caption(record, entry)
        entries.append(entry)
    return entries


def figure_files(entry: dict) -> list[str]:
    """Return the figure files of a ``summary.json`` entry (relative paths), SVG then CSV."""
    return [f[key] for f in entry.get("figures", []) or [] for key in ("svg", "csv")]
