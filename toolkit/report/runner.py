"""The batch report: every notebook with a params profile, run through papermill into one folder."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import ParameterError, ParameterErrors, ReportError
from toolkit.io import atomic_write
from toolkit.report.execute import (
    DEFAULT_TIMEOUT,
    ensure_kernel,
    execute_run,
    skip_slow_optional_imports,
)
from toolkit.report.results import RunResult, describe
from toolkit.report.sweeps import expand_profile

__all__ = ["DEFAULT_OUT", "ParameterErrors", "Run", "find_runs", "run_report"]

#: Where ``sanctions-toolkit report`` writes by default (relative to the working folder).
DEFAULT_OUT = Path("reports") / "latest"


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


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _run_serial(runs, out_dir, timeout, show_code, progress, publish_dir) -> list[RunResult]:
    results = []
    for i, run in enumerate(runs, 1):
        progress(f"[{i}/{len(runs)}] {run.name}: running")
        entry = execute_run(
            run, out_dir, timeout=timeout, show_code=show_code, publish_dir=publish_dir
        )
        results.append(RunResult.from_dict(entry))
        progress(f"[{i}/{len(runs)}] {describe(results[-1])}")
    return results


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
        Notebooks run at once; when > 1, the longest first, one in this process and the
        others each in a ``spawn``-ed process (:mod:`toolkit.report.parallel`).
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
        After writing the whole report, if any run failed (names the failed runs). A
        run skipped for absent shared data (status ``skipped``) is not a failure.
    ToolkitError
        If ``out`` holds files that no report wrote (the folder is replaced as a whole).
    """
    import datetime as dt

    skip_slow_optional_imports()
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

            results = run_on_cluster(
                runs,
                staging,
                scheduler,
                timeout=timeout,
                show_code=show_code,
                progress=progress,
                publish_dir=out_dir,
            )
        elif jobs == 1 or len(runs) == 1:
            results = _run_serial(runs, staging, timeout, show_code, progress, out_dir)
        else:
            from toolkit.report.parallel import longest_first, run_parallel

            done = run_parallel(
                longest_first(runs, out_dir / "summary.json"),
                staging,
                jobs,
                progress=progress,
                timeout=timeout,
                show_code=show_code,
                publish_dir=out_dir,
            )
            by_name = {result.notebook: result for result in done}
            results = [by_name[run.name] for run in runs]
        for run, result in zip(runs, results, strict=True):
            result.sweep = dict(run.sweep)
        entries = [result.to_dict() for result in results]

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
            staging / "index.html", index_html(results, profile=profile, generated=generated)
        )
        report_staging.publish(staging, out_dir)
    except BaseException:
        report_staging.abandon(staging)
        raise
    progress(f"report: wrote {out_dir / 'index.html'}")
    # a skipped run (it needs shared data this machine lacks) is said so, not a failure
    failed = [result.notebook for result in results if result.status == "failed"]
    if failed:
        raise ReportError(failed)
    return entries
