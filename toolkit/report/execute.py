"""One notebook run: papermill on the project's kernel, the notebook and its HTML written atomically.

Used by the runner (in its own process or a ``spawn``-ed worker) and by the Dask path
(on a worker); it imports neither of them.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from toolkit.io import atomic_write
from toolkit.report.results import RunResult, error_record

__all__ = [
    "DEFAULT_TIMEOUT",
    "KERNEL_DISPLAY_NAME",
    "KERNEL_NAME",
    "ensure_kernel",
    "execute_run",
    "purpose",
    "skip_slow_optional_imports",
]

#: The project's kernel: papermill must never fall back to some other ``python3``.
KERNEL_NAME = "sanctions-toolkit"
KERNEL_DISPLAY_NAME = "Python (sanctions-toolkit)"

#: Default per-cell execution timeout, seconds.
DEFAULT_TIMEOUT = 600


def skip_slow_optional_imports() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax`` in the runner's process.

    nbformat imports jsonschema, whose format checkers optionally import
    ``rfc3987_syntax``; that compiles ~40 lark grammars (about 1 s) for IRI formats
    that no notebook schema uses. Marking it absent (only if nothing imported it yet)
    makes jsonschema skip those checkers; notebook validation is unchanged.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def ensure_kernel(name: str = KERNEL_NAME, *, warn=None) -> Path:
    """Make sure the project's kernelspec exists; install it into ``sys.prefix`` if missing.

    Parameters
    ----------
    name : str
        Kernelspec name.
    warn : callable, optional
        Called with a message when the kernel found runs another interpreter.

    Returns
    -------
    pathlib.Path
        The kernelspec's folder.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        from ipykernel.kernelspec import install

        return Path(install(kernel_name=name, display_name=KERNEL_DISPLAY_NAME, prefix=sys.prefix))
    exe = Path(spec.argv[0]) if spec.argv else None
    if warn is not None and exe is not None and exe.is_absolute():
        if exe.resolve() != Path(sys.executable).resolve() and Path(sys.prefix) not in exe.parents:
            warn(f"kernel {name!r} ({spec.resource_dir}) runs {exe}, not {sys.executable}")
    return Path(spec.resource_dir)


def _cell_seconds(nb) -> float:
    return sum(
        float(cell.get("metadata", {}).get("papermill", {}).get("duration") or 0.0)
        for cell in nb.cells
    )


def _locate_timeout(error: dict, nb, injected: bool) -> None:
    """Find the cell a timeout names (its message quotes the cell) and record its index.

    A timed-out run leaves no output notebook, so the index is taken from the input,
    counted as papermill counts it (with the injected-parameters cell).
    """
    message = error["evalue"]
    if "timed out" not in message:
        return
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    for index, cell in enumerate(nb.cells):
        source = cell.source.strip()
        if cell.cell_type == "code" and source and f"\n{source}\n" in message:
            shift = 1 if injected and tagged and index > tagged[0] else 0
            error["cell_index"] = index + shift
            error["source"] = cell.source
            return


def _take_probe(nb) -> list[dict]:
    """Remove the datasets probe cell from ``nb`` and return what it reported."""
    from toolkit.report import probe as report_probe

    datasets = []
    kept = []
    for cell in nb.cells:
        if report_probe.TAG in cell.get("metadata", {}).get("tags", []):
            for output in cell.get("outputs", []):
                datasets = output.get("data", {}).get(report_probe.MIMETYPE, datasets)
            continue
        kept.append(cell)
    nb.cells = kept
    return list(datasets)


def _papermill(run, nb, out_dir: Path, timeout: float):
    """Run ``nb`` through papermill; return ``(executed notebook or None, error, seconds)``."""
    import nbformat
    import papermill as pm

    from toolkit.report import engine as report_engine
    from toolkit.report import kernel_waits

    kernel_waits.install()
    engine = report_engine.register()
    error = None
    executed = None
    keep: dict = {}  # the engine puts its notebook manager here: the partial notebook
    # papermill writes only here (once, at the end); the report files get atomic writes. It
    # is a hidden folder inside out_dir (the staging folder, during a report), so what a
    # killed run leaves here goes with that folder at the next run.
    with tempfile.TemporaryDirectory(prefix=".papermill-", dir=out_dir) as tmp:
        source, target = Path(tmp) / "input.ipynb", Path(tmp) / "output.ipynb"
        nbformat.write(nb, source)
        start = time.perf_counter()
        try:
            pm.execute_notebook(
                str(source),
                str(target),
                parameters=run.parameters,
                kernel_name=KERNEL_NAME,
                progress_bar=False,
                request_save_on_cell_execute=False,
                cwd=str(run.notebook.parent),
                execution_timeout=timeout,
                start_timeout=60,
                shutdown_kernel="immediate",
                engine_name=engine,
                keep=keep,
            )
        except Exception as exc:  # noqa: BLE001 (a failing run must not stop the others)
            error = error_record(exc)
        duration = time.perf_counter() - start
        if target.exists():
            executed = nbformat.read(target, as_version=4)
        elif error:
            # The kernel died or a cell timed out: papermill wrote nothing, the engine
            # still holds the notebook with the outputs received up to the failure.
            executed = report_engine.partial_notebook(keep)
            stopped = None if executed is None else report_engine.stopped_cell(executed)
            if stopped is not None:
                cell = executed.cells[stopped]
                error.update(
                    cell_index=stopped, execution_count=cell.execution_count, source=cell.source
                )
                report_engine.mark_stopped_cell(executed, stopped, error)
    if error and error["cell_index"] is None:
        _locate_timeout(error, nb, bool(run.parameters))
    return executed, error, duration


def purpose(nb) -> str:
    """Return what a notebook answers: the text of its first Markdown heading ("" if none).

    The index shows it as the notebook's one-line purpose; a notebook states it once, as
    its title (``# The sanctions regime: what was imposed, by whom, when``).
    """
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("#"):
                return line.lstrip("#").strip()
    return ""


def _write_figures(result, executed, run_name: str, out_dir: Path) -> None:
    """Write the run's figures (SVG + CSV) into ``out_dir``; a bad record fails the run."""
    from toolkit.report import figures as report_figures

    try:
        result.figures = report_figures.take_figures(executed, run_name, out_dir)
    except report_figures.FigureError as exc:
        cell = executed.cells[exc.cell_index] if exc.cell_index is not None else {}
        result.status = "failed"
        result.error = result.error or {
            "cell_index": exc.cell_index,
            "execution_count": cell.get("execution_count"),
            "ename": "FigureError",
            "evalue": str(exc),
            "source": cell.get("source", ""),
        }


def _status(error: dict | None) -> str:
    """Return a run's status: ``skipped`` when it stopped on absent shared data.

    A notebook raising :class:`toolkit.errors.SharedDataMissing` needs files that are
    never embedded; its run is skipped (the error keeps what it needs under ``needs``),
    not failed. Any other error fails the run.
    """
    import re

    from toolkit.report.results import SKIP_ERROR

    if not error:
        return "ok"
    if error.get("ename") == SKIP_ERROR:
        found = re.search(r"\[needs (.+)\]\s*$", str(error.get("evalue") or ""), re.S)
        error["needs"] = found.group(1) if found else "shared data (../shared/data)"
        return "skipped"
    return "failed"


def execute_run(
    run,
    out_dir,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    show_code: bool = False,
    publish_dir=None,
) -> dict:
    """Execute one run through papermill and write its notebook and HTML atomically.

    Parameters
    ----------
    run : toolkit.report.runner.Run
        The notebook and its validated parameters.
    out_dir : path-like
        Folder receiving ``<stem>.ipynb`` and ``<stem>.html``.
    timeout : float
        Per-cell execution timeout, seconds.
    show_code : bool
        Show code cells in the HTML.
    publish_dir : path-like, optional
        The folder the outputs end up in, if ``out_dir`` is a staging folder (recorded
        as the notebook's ``output_path``).

    Returns
    -------
    dict
        The run's ``summary.json`` entry (:meth:`RunResult.to_dict`). A failed run is
        reported here, never raised; its notebook as far as it ran (the partial
        notebook, also when the kernel died or a cell timed out) and its HTML are
        written all the same. A run that stopped on absent shared data
        (:class:`toolkit.errors.SharedDataMissing`) is ``skipped``: no page is written,
        its ``error`` says what it ``needs``. The figures the notebook showed are written as
        ``figures/<run>/<name>.svg`` and ``.csv`` (:mod:`toolkit.report.figures`); a
        figure name shown twice fails the run, naming both cells.
    """
    skip_slow_optional_imports()
    import nbformat

    from toolkit.report import hooks
    from toolkit.report import probe as report_probe
    from toolkit.report.html import export_html

    out_dir = Path(out_dir)
    publish_dir = out_dir if publish_dir is None else Path(publish_dir)
    nb = nbformat.read(run.notebook, as_version=4)
    probe = nbformat.v4.new_code_cell(report_probe.SOURCE)
    probe.metadata["tags"] = [report_probe.TAG]
    nb.cells.append(probe)
    out_dir.mkdir(parents=True, exist_ok=True)
    executed, error, duration = _papermill(run, nb, out_dir, timeout)
    result = RunResult.for_run(
        run,
        status=_status(error),
        duration_s=round(duration, 3),
        error=error,
        purpose=purpose(nb),
    )
    if executed is None or result.skipped:  # a skipped run writes no page: the index says why
        return result.to_dict()
    result.datasets = _take_probe(executed)
    result.collected = hooks.collect(executed)  # e.g. the audit's verdict counts, for the index
    _write_figures(result, executed, run.name, out_dir)
    result.cells_s = round(_cell_seconds(executed), 3)
    executed.metadata.setdefault("papermill", {})
    executed.metadata.papermill["input_path"] = str(run.notebook)
    executed.metadata.papermill["output_path"] = str(publish_dir / f"{run.name}.ipynb")
    executed.metadata["sanctions_toolkit"] = {
        "profile": run.profile,
        "status": result.status,
        "datasets": result.datasets,
        "error": result.error,
    }
    atomic_write(out_dir / f"{run.name}.ipynb", nbformat.writes(executed))
    title = f"{run.name} ({run.profile})"
    atomic_write(
        out_dir / f"{run.name}.html", export_html(executed, title=title, show_code=show_code)
    )
    result.outputs = {"ipynb": f"{run.name}.ipynb", "html": f"{run.name}.html"}
    return result.to_dict()
