"""Batch runs on a Dask distributed cluster: each notebook run is one task.

The task executes the notebook on a worker into a temporary folder and returns the
summary entry with the executed notebook and its HTML as text; the client writes
them, atomically, into the report folder. Workers therefore need no access to the
client's disk for outputs, only the project installed (``pip install
sanctions-toolkit``, which provides the kernel) and any data files the parameters
name. A notebook missing on the worker (or different there) is run from the copy
the client sends.

A worker lost mid-run (killed, out of memory, its machine gone) fails that run with
a clear message and the other runs complete. How many worker deaths a task survives
is the scheduler's ``distributed.scheduler.allowed-failures`` setting (Dask's default
is 3 re-runs; set it to 0 so a notebook that crashes its worker is not run again).

Imported only when ``--scheduler`` is used: ``import toolkit`` never loads Dask.
"""

from __future__ import annotations

import dataclasses
import socket
import tempfile
import uuid
from pathlib import Path

from toolkit.errors import ToolkitError
from toolkit.io import atomic_write
from toolkit.report.results import RunResult, describe, error_record

__all__ = ["CONNECT_TIMEOUT_S", "MAX_REQUEUES", "connect", "execute_on_worker", "run_on_cluster"]

#: Seconds the client waits to reach the scheduler.
CONNECT_TIMEOUT_S = 30


#: Times a run that had not started is sent again after its worker was lost.
MAX_REQUEUES = 3


def execute_on_worker(
    run, notebook_text: str, timeout: float, show_code: bool, topic: str | None = None
) -> dict:
    """Run one notebook on a Dask worker; return its entry and output files as text.

    Parameters
    ----------
    run : toolkit.report.runner.Run
        The run, its parameters already validated by the client.
    notebook_text : str
        The notebook as the client read it (used when the worker lacks that file).
    timeout : float
        Per-cell execution timeout, seconds.
    show_code : bool
        Show code cells in the HTML.
    topic : str, optional
        Event topic on which the task tells the scheduler that it started (the client
        re-queues a run whose worker was lost before it started).

    Returns
    -------
    dict
        ``entry`` (the summary entry), ``files`` (output name -> text) and ``host``.
    """
    from toolkit.report.execute import ensure_kernel, execute_run
    from toolkit.report.figures import figure_files

    if topic is not None:
        from distributed import get_worker

        worker = get_worker()
        worker.log_event(topic, {"key": worker.get_current_task(), "run": run.name})

    ensure_kernel()
    with tempfile.TemporaryDirectory(prefix="sanctions-dask-") as tmp:
        tmp = Path(tmp)
        try:
            same = run.notebook.read_text(encoding="utf-8") == notebook_text
        except OSError:
            same = False
        if not same:
            copy = tmp / "notebook" / run.notebook.name
            copy.parent.mkdir()
            copy.write_text(notebook_text, encoding="utf-8")
            run = dataclasses.replace(run, notebook=copy)
        out = tmp / "out"
        entry = execute_run(run, out, timeout=timeout, show_code=show_code)
        names = [*entry["outputs"].values(), *figure_files(entry)]  # figures/<run>/<name>.svg
        files = {name: (out / name).read_text(encoding="utf-8") for name in names}
    return {"entry": entry, "files": files, "host": socket.gethostname()}


def _lost_worker_message(exc) -> str:
    worker = getattr(exc, "last_worker", None)
    address = getattr(worker, "address", None) or "unknown address"
    allowed = getattr(exc, "allowed_failures", None)
    tries = "" if allowed is None else f" after {allowed + 1} worker loss(es)"
    return (
        f"the Dask worker running this notebook ({address}) was lost mid-run "
        f"(killed, out of memory or disconnected); the scheduler gave up on the run{tries} "
        "(distributed.scheduler.allowed-failures)"
    )


def _store(result: dict, run, out_dir: Path, publish_dir: Path) -> RunResult:
    """Write a worker's output files into ``out_dir`` atomically; return the run's result."""
    import nbformat

    entry = result["entry"]
    for name, text in result["files"].items():
        if name.endswith(".ipynb"):
            nb = nbformat.reads(text, as_version=4)
            meta = nb.metadata.setdefault("papermill", {})
            meta["input_path"] = str(run.notebook)
            meta["output_path"] = str(publish_dir / name)
            nb.metadata.setdefault("sanctions_toolkit", {})["host"] = result["host"]
            text = nbformat.writes(nb)
        atomic_write(out_dir / name, text)
    return RunResult.from_dict(entry)


def connect(scheduler):
    """Return ``(client, owned)`` for a scheduler address or an existing ``Client``.

    Raises
    ------
    ToolkitError
        If the scheduler cannot be reached (names the address).
    """
    from distributed import Client

    if isinstance(scheduler, Client):
        return scheduler, False
    try:
        return Client(str(scheduler), timeout=CONNECT_TIMEOUT_S, set_as_default=False), True
    except (OSError, TimeoutError, ValueError) as exc:
        raise ToolkitError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}") from None


def run_on_cluster(
    runs, out_dir, scheduler, *, timeout: float, show_code: bool, progress, publish_dir=None
):
    """Run every run as a task on a Dask cluster; write outputs into ``out_dir``.

    Parameters
    ----------
    runs : list of toolkit.report.runner.Run
        Validated runs (names unique within the report).
    out_dir : pathlib.Path
        The report folder (on the client's disk).
    scheduler : str or distributed.Client
        Scheduler address such as ``tcp://10.0.0.5:8786``, or a connected client.
    timeout : float
        Per-cell execution timeout, seconds.
    show_code : bool
        Show code cells in the HTML.
    progress : callable
        Receives one line per event.
    publish_dir : pathlib.Path, optional
        Where the report will be published (the notebooks' ``output_path``), when
        ``out_dir`` is a staging folder; default ``out_dir``.

    Returns
    -------
    list of RunResult
        In the order of ``runs``; a failed or lost run is a result with status
        ``failed``, never an exception.

    Raises
    ------
    ToolkitError
        If the scheduler cannot be reached.
    """
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    client, owned = connect(scheduler)
    batch = uuid.uuid4().hex[:8]
    topic = f"sanctions-report-{batch}"
    entries: dict[str, RunResult] = {}
    requeued: dict[str, int] = {}
    texts = {run.name: run.notebook.read_text(encoding="utf-8") for run in runs}

    def submit(run, attempt: int = 0):
        return client.submit(
            execute_on_worker,
            run,
            texts[run.name],
            timeout,
            show_code,
            topic,
            key=f"{topic}-{run.name}" + (f"-requeued-{attempt}" if attempt else ""),
            pure=False,
            retries=0,  # a failing notebook is reported, never re-run
        )

    try:
        progress(
            f"report: {len(runs)} run(s) sent to the Dask scheduler {client.scheduler.address}"
        )
        futures = {submit(run): run for run in runs}
        pending = as_completed(list(futures), loop=client.loop)
        for future in pending:
            run = futures[future]
            try:
                entry = _store(future.result(), run, out_dir, publish_dir or out_dir)
            except KilledWorker as exc:
                started = {msg.get("key") for _, msg in client.get_events(topic)}
                if future.key not in started and requeued.get(run.name, 0) < MAX_REQUEUES:
                    # only queued on the lost worker, never started: not this run's fault
                    requeued[run.name] = requeued.get(run.name, 0) + 1
                    again = submit(run, requeued[run.name])
                    futures[again] = run
                    pending.add(again)
                    progress(f"[{run.name}] requeued: its worker was lost before the run started")
                    continue
                entry = RunResult.failed(
                    run,
                    {
                        "cell_index": None,
                        "execution_count": None,
                        "ename": "WorkerLost",
                        "evalue": _lost_worker_message(exc),
                        "source": "",
                    },
                )
            except Exception as exc:  # noqa: BLE001 (one broken task must not stop the others)
                entry = RunResult.failed(run, error_record(exc))
            entries[run.name] = entry
            progress(f"[{len(entries)}/{len(runs)}] {describe(entry)}")
    finally:
        if owned:
            client.close()
    return [entries[run.name] for run in runs]
