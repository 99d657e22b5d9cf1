"""The batch report: every notebook with a params profile, run through papermill into one folder."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import ParameterError, ReportError
from toolkit.io import atomic_write
from toolkit.report.sweeps import expand_profile

#: Where ``sanctions-toolkit report`` writes by default (relative to the working folder).
DEFAULT_OUT = Path("reports") / "latest"

#: The project's kernel: papermill must never fall back to some other ``python3``.
KERNEL_NAME = "sanctions-toolkit"
KERNEL_DISPLAY_NAME = "Python (sanctions-toolkit)"

#: Default per-cell execution timeout, seconds.
DEFAULT_TIMEOUT = 600


class ParameterErrors(ParameterError):
    """Several invalid params files, found together before any kernel started."""

    def __init__(self, errors: list[ParameterError]):
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.problem, source=first.source, key=first.key)

    def __str__(self) -> str:
        return "\n".join(ParameterError.__str__(e) for e in self.errors)


@dataclass(frozen=True)
class Run:
    """One notebook to run with one validated params profile."""

    notebook: Path
    profile: str
    params_file: Path
    parameters: dict
    #: Label of a sweep combination (``""`` for a profile without ``sweep:``).
    variant: str = ""
    #: The swept values of this combination.
    sweep: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The output name: the notebook's stem (``03-trade``), plus the sweep label if any."""
        return f"{self.notebook.stem}--{self.variant}" if self.variant else self.notebook.stem


def _skip_slow_optional_imports() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax`` in the runner's process.

    nbformat imports jsonschema, whose format checkers optionally import
    ``rfc3987_syntax``; that compiles ~40 lark grammars (about 1 s) for IRI formats
    that no notebook schema uses. Marking it absent (only if nothing imported it yet)
    makes jsonschema skip those checkers; notebook validation is unchanged.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def find_runs(profile: str = "default", *, notebooks=None, params=None, only=None) -> list[Run]:
    """Return the runs of a profile, every params file validated first.

    Parameters
    ----------
    profile : str
        Runs every notebook that has ``<params>/<stem>/<profile>.yaml``.
    notebooks, params : path-like, optional
        Folders of the notebooks and the params profiles (default: the project's).
    only : iterable of str, optional
        Keep only these notebook stems.

    Returns
    -------
    list of Run
        Sorted by notebook name.

    Raises
    ------
    ParameterError
        If a params file is invalid (all invalid files are named, see
        :class:`ParameterErrors`), or no notebook has that profile.
    """
    from toolkit.paths import notebooks_dir, params_dir

    notebooks = Path(notebooks) if notebooks is not None else notebooks_dir()
    params = Path(params) if params is not None else params_dir()
    wanted = set(only) if only else None
    runs, errors = [], []
    for nb in sorted(notebooks.glob("*.ipynb")):
        if wanted is not None and nb.stem not in wanted:
            continue
        params_file = params / nb.stem / f"{profile}.yaml"
        if not params_file.exists():
            continue
        try:
            variants = expand_profile(nb, params_file)  # one, or one per sweep combination
        except ParameterError as exc:
            errors.append(exc)
            continue
        for v in variants:
            runs.append(
                Run(nb.resolve(), profile, params_file.resolve(), v.values, v.label, v.sweep)
            )
    if wanted is not None:
        missing = sorted(wanted - {nb.stem for nb in notebooks.glob("*.ipynb")})
        if missing:
            errors.append(ParameterError(f"no notebook(s) {missing} in {notebooks}"))
    if errors:
        raise ParameterErrors(errors)
    if not runs:
        raise ParameterError(
            f"profile {profile!r}: no notebook in {notebooks} has a params file "
            f"{params}/<notebook>/{profile}.yaml"
        )
    return runs


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


def _error_record(exc) -> dict:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        evalue = exc.evalue
        if exc.ename == "CellExecutionError" and not evalue:
            evalue = "the cell did not finish (timeout or the kernel died)"
        return {
            "cell_index": exc.cell_index,
            "execution_count": exc.exec_count,
            "ename": exc.ename,
            "evalue": evalue,
            "source": exc.source,
        }
    return {
        "cell_index": None,
        "execution_count": None,
        "ename": type(exc).__name__,
        "evalue": str(exc),
        "source": "",
    }


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


def execute_run(
    run: Run,
    out_dir,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    show_code: bool = False,
    publish_dir=None,
) -> dict:
    """Execute one run through papermill and write its notebook and HTML atomically.

    Parameters
    ----------
    run : Run
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
        The run's ``summary.json`` entry: ``notebook, profile, params_file, params,
        status, duration_s, cells_s, datasets, error, outputs``. A failed run is
        reported here, never raised; its notebook as far as it ran (the partial
        notebook, also when the kernel died or a cell timed out) and its HTML are
        written all the same.
    """
    _skip_slow_optional_imports()
    import nbformat
    import papermill as pm

    from toolkit.report import engine as report_engine
    from toolkit.report import kernel_waits
    from toolkit.report import probe as report_probe
    from toolkit.report.html import export_html

    kernel_waits.install()
    engine = report_engine.register()

    out_dir = Path(out_dir)
    publish_dir = out_dir if publish_dir is None else Path(publish_dir)
    nb = nbformat.read(run.notebook, as_version=4)
    probe = nbformat.v4.new_code_cell(report_probe.SOURCE)
    probe.metadata["tags"] = [report_probe.TAG]
    nb.cells.append(probe)
    error = None
    executed = None
    keep: dict = {}  # the engine puts its notebook manager here: the partial notebook
    out_dir.mkdir(parents=True, exist_ok=True)
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
            error = _error_record(exc)
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
    entry = {
        "notebook": run.name,
        "profile": run.profile,
        "params_file": str(run.params_file),
        "params": run.parameters,
        "status": "failed" if error else "ok",
        "duration_s": round(duration, 3),
        "cells_s": None,
        "datasets": [],
        "error": error,
        "outputs": {},
    }
    if executed is None:
        return entry
    entry["datasets"] = _take_probe(executed)
    from toolkit.claims.audit import audit_from_notebook

    audit_summary = audit_from_notebook(executed)  # the overview's verdict counts, for the index
    if audit_summary:
        entry["audit"] = audit_summary
    entry["cells_s"] = round(_cell_seconds(executed), 3)
    executed.metadata.setdefault("papermill", {})
    executed.metadata.papermill["input_path"] = str(run.notebook)
    executed.metadata.papermill["output_path"] = str(publish_dir / f"{run.name}.ipynb")
    executed.metadata["sanctions_toolkit"] = {
        "profile": run.profile,
        "status": entry["status"],
        "datasets": entry["datasets"],
        "error": error,
    }
    atomic_write(out_dir / f"{run.name}.ipynb", nbformat.writes(executed))
    title = f"{run.name} ({run.profile})"
    atomic_write(
        out_dir / f"{run.name}.html", export_html(executed, title=title, show_code=show_code)
    )
    entry["outputs"] = {"ipynb": f"{run.name}.ipynb", "html": f"{run.name}.html"}
    return entry


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _describe(entry: dict) -> str:
    text = f"{entry['notebook']}: {entry['status']} in {entry['duration_s']:.1f} s"
    error = entry.get("error")
    if error:
        where = "" if error["cell_index"] is None else f" at cell {error['cell_index']}"
        first = (error["evalue"] or "").strip().splitlines()[:1]
        text += f"{where}: {error['ename']}: {first[0] if first else ''}"
    return text


def _failed_entry(run: Run, error: dict) -> dict:
    """The summary entry of a run whose process or worker was lost: no notebook, no HTML."""
    return {
        "notebook": run.name,
        "profile": run.profile,
        "params_file": str(run.params_file),
        "params": run.parameters,
        "status": "failed",
        "duration_s": 0.0,
        "cells_s": None,
        "datasets": [],
        "error": error,
        "outputs": {},
    }


def _run_parallel(
    runs, out_dir, jobs, timeout, show_code, progress, publish_dir=None
) -> list[dict]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # spawn, never fork: a forked child of a process that ran kernels' threads can hang.
    context = multiprocessing.get_context("spawn")
    entries: dict[str, dict] = {}
    with ProcessPoolExecutor(max_workers=min(jobs, len(runs)), mp_context=context) as pool:
        futures = {
            pool.submit(
                execute_run,
                run,
                out_dir,
                timeout=timeout,
                show_code=show_code,
                publish_dir=publish_dir,
            ): run
            for run in runs
        }
        for run in runs:
            progress(f"[{run.name}] queued")
        for done, future in enumerate(as_completed(futures), 1):
            run = futures[future]
            try:
                entry = future.result()
            except Exception as exc:  # noqa: BLE001 (a crashed worker fails only its run)
                entry = _failed_entry(run, _error_record(exc))
            entries[run.name] = entry
            progress(f"[{done}/{len(runs)}] {_describe(entry)}")
    return [entries[run.name] for run in runs]


def run_report(
    profile: str = "default",
    *,
    jobs: int = 1,
    out=DEFAULT_OUT,
    notebooks=None,
    params=None,
    timeout: float = DEFAULT_TIMEOUT,
    show_code: bool = False,
    only=None,
    progress=_progress,
    scheduler=None,
) -> list[dict]:
    """Run every notebook that has a params file of ``profile`` and write the report.

    Writes into ``out``: ``<notebook>.ipynb`` (executed, or as far as it ran),
    ``<notebook>.html`` (code hidden unless ``show_code``), ``index.html`` and
    ``summary.json``. The run builds a staging folder beside ``out`` and swaps it in
    at the end (:mod:`toolkit.report.staging`): the folder holds exactly one report,
    and what a killed run left behind is deleted by the next run.

    Parameters
    ----------
    profile : str
        Params profile (``params/<notebook>/<profile>.yaml``).
    jobs : int
        Notebooks run at once, each in its own ``spawn``-ed process when > 1.
    out : path-like
        Output folder.
    notebooks, params : path-like, optional
        Folders of notebooks and params (default: the project's).
    timeout : float
        Per-cell execution timeout, seconds.
    show_code : bool
        Show code cells in the HTML exports.
    only : iterable of str, optional
        Notebook stems to run (default: all with the profile).
    progress : callable
        Receives one line per event (default: print to stderr).
    scheduler : str or distributed.Client, optional
        Address of a Dask distributed scheduler (``tcp://host:8786``): each run is a
        task there and the client writes the outputs (``jobs`` is then unused; see
        :mod:`toolkit.report.dask`).

    Returns
    -------
    list of dict
        The ``summary.json`` entries, one per run, when all runs succeeded.

    Raises
    ------
    ParameterError
        If a params file is invalid; nothing has been run then.
    ReportError
        After writing the whole report, if any run failed (names the failed runs).
    ToolkitError
        If ``out`` holds files that no report wrote (the folder is replaced as a whole).
    """
    import datetime as dt

    _skip_slow_optional_imports()
    runs = find_runs(profile, notebooks=notebooks, params=params, only=only)
    ensure_kernel(warn=progress)
    out_dir = Path(out).resolve()
    jobs = max(1, int(jobs))
    progress(f"report: {len(runs)} notebook(s), profile {profile!r}, jobs {jobs}, into {out_dir}")
    from toolkit.report import staging as report_staging

    # Everything is built in a staging folder beside out_dir, swapped in once complete.
    staging = report_staging.begin(out_dir)
    try:
        if scheduler is not None:
            from toolkit.report.dask import run_on_cluster

            entries = run_on_cluster(
                runs,
                staging,
                scheduler,
                timeout=timeout,
                show_code=show_code,
                progress=progress,
                publish_dir=out_dir,
            )
        elif jobs == 1 or len(runs) == 1:
            entries = []
            for i, run in enumerate(runs, 1):
                progress(f"[{i}/{len(runs)}] {run.name}: running")
                entry = execute_run(
                    run, staging, timeout=timeout, show_code=show_code, publish_dir=out_dir
                )
                progress(f"[{i}/{len(runs)}] {_describe(entry)}")
                entries.append(entry)
        else:
            entries = _run_parallel(
                runs, staging, jobs, timeout, show_code, progress, publish_dir=out_dir
            )
        for run, entry in zip(runs, entries, strict=True):
            if run.sweep:
                entry["sweep"] = run.sweep

        from toolkit.report.html import index_html

        generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        summary = {
            "profile": profile,
            "generated": generated,
            "runs": entries,
        }
        text = json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
        atomic_write(staging / "summary.json", text)
        atomic_write(
            staging / "index.html", index_html(entries, profile=profile, generated=generated)
        )
        report_staging.publish(staging, out_dir)
    except BaseException:
        report_staging.abandon(staging)
        raise
    progress(f"report: wrote {out_dir / 'index.html'}")
    failed = [e["notebook"] for e in entries if e["status"] != "ok"]
    if failed:
        raise ReportError(failed)
    return entries
