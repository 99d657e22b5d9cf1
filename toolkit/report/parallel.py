"""``report --jobs N``: runs N at a time, the longest first, one of them in the runner's own process.

Where a parallel report lost time (2 cores, the 5 default runs): every worker process
pays its own interpreter start and imports (papermill, nbformat, nbconvert's exporter:
about 2 s of CPU each), and a long run started last leaves one core idle at the end.
So one run at a time is executed in a thread of the runner's process (which has
already paid for its imports) and N - 1 in ``spawn``-ed worker processes, each slot
taking the next run as soon as it is free; and the runs are ordered longest first,
by the durations the previous report in the same folder recorded.
"""

from __future__ import annotations

import json
from pathlib import Path

from toolkit.report.execute import execute_run
from toolkit.report.results import RunResult, describe, error_record

__all__ = ["longest_first", "run_parallel"]


def longest_first(runs, previous=None) -> list:
    """Return ``runs`` ordered by the duration each had in a previous report, longest first.

    Parameters
    ----------
    runs : list of toolkit.report.runner.Run
        The runs, in their report order.
    previous : path-like, optional
        A previous report's ``summary.json``. Runs it does not know (or all, without
        it) come first, in their given order: an unknown run may be a long one.

    Returns
    -------
    list
        The same runs; equal durations keep their given order.
    """
    durations: dict[str, float] = {}
    if previous is not None:
        try:
            summary = json.loads(Path(previous).read_text(encoding="utf-8"))
            for entry in summary.get("runs", []):
                durations[str(entry["notebook"])] = float(entry["duration_s"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            durations = {}  # no usable history: the given order
    unknown = float("inf")
    return sorted(runs, key=lambda run: -durations.get(run.name, unknown))


def run_parallel(runs, out_dir, jobs: int, *, progress, **options) -> list[RunResult]:
    """Execute ``runs`` ``jobs`` at a time; return their results in the order of ``runs``.

    Parameters
    ----------
    runs : list of toolkit.report.runner.Run
        In the order to start them (see :func:`longest_first`).
    out_dir : pathlib.Path
        Folder receiving the outputs.
    jobs : int
        Runs at once (>= 2): one in a thread of this process, the others each in a
        ``spawn``-ed worker process (never ``fork``: a forked child of a process that
        ran kernels' threads can hang).
    progress : callable
        Receives one line per event.
    **options
        ``timeout``, ``show_code``, ``publish_dir`` of :func:`execute_run`.

    Returns
    -------
    list of RunResult
        A run whose worker crashed is a failed result, never an exception.
    """
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, ThreadPoolExecutor, wait

    slots = min(jobs, len(runs))
    queue = list(runs)
    results: dict[str, RunResult] = {}
    in_flight: dict = {}
    context = multiprocessing.get_context("spawn")
    with (
        ThreadPoolExecutor(1, thread_name_prefix="report-run") as local,
        ProcessPoolExecutor(max_workers=slots - 1, mp_context=context) as pool,
    ):

        def finish(run, result: RunResult) -> None:
            results[run.name] = result
            progress(f"[{len(results)}/{len(runs)}] {describe(result)}")

        def start(executor) -> None:
            while queue:
                run = queue.pop(0)
                try:
                    future = executor.submit(execute_run, run, out_dir, **options)
                except Exception as exc:  # noqa: BLE001 (a broken pool fails the runs it gets)
                    finish(run, RunResult.failed(run, error_record(exc)))
                    continue
                in_flight[future] = (run, executor)
                return

        for executor in [local] + [pool] * (slots - 1):
            start(executor)
        for run in runs:
            progress(f"[{run.name}] queued")
        while in_flight:
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                run, executor = in_flight.pop(future)
                try:
                    finish(run, RunResult.from_dict(future.result()))
                except Exception as exc:  # noqa: BLE001 (a crashed worker fails only its run)
                    finish(run, RunResult.failed(run, error_record(exc)))
                start(executor)  # this slot is free: the next run, on the same side
    return [results[run.name] for run in runs]
