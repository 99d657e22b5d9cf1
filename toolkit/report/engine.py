"""A papermill engine that keeps the partly executed notebook of a run that died or timed out.

papermill writes its output notebook only when the run ends normally or a cell
raises; when the kernel dies (``DeadKernelError``) or a cell outlasts the timeout
(``CellTimeoutError``) the exception leaves papermill with nothing written. This
engine is papermill's own nbclient engine that also hands the notebook it runs
to the caller (through the ``keep`` dict passed as an engine keyword), so the
outputs up to the failure can be kept for inspection, without a save per cell.
"""

from __future__ import annotations

#: Name the engine is registered under in papermill.
ENGINE_NAME = "sanctions-toolkit"

_REGISTERED = False


def register() -> str:
    """Register the engine with papermill (idempotent) and return its name."""
    global _REGISTERED
    if not _REGISTERED:
        from papermill.engines import NBClientEngine, papermill_engines

        class KeepingEngine(NBClientEngine):
            """papermill's nbclient engine; stores its notebook manager in ``keep["manager"]``."""

            @classmethod
            def execute_managed_notebook(cls, nb_man, kernel_name, keep=None, **kwargs):
                if keep is not None:
                    keep["manager"] = nb_man
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)

        papermill_engines.register(ENGINE_NAME, KeepingEngine)
        _REGISTERED = True
    return ENGINE_NAME


def partial_notebook(keep: dict):
    """Return the notebook the engine was running (outputs up to the failure), or None."""
    manager = keep.get("manager")
    return None if manager is None else manager.nb


def stopped_cell(nb) -> int | None:
    """Index of the cell a run stopped in: the last code cell that papermill started."""
    started = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and cell.get("metadata", {}).get("papermill", {}).get("start_time")
    ]
    return started[-1] if started else None


def mark_stopped_cell(nb, index: int, error: dict) -> None:
    """Add an error output to cell ``index`` saying why the run stopped there."""
    from nbformat.v4 import new_output

    cell = nb.cells[index]
    cell.metadata.setdefault("papermill", {})["status"] = "failed"
    cell.metadata.papermill["exception"] = True
    cell.outputs.append(
        new_output(
            "error",
            ename=error["ename"],
            evalue=error["evalue"],
            traceback=[
                f"{error['ename']}: {error['evalue']}",
                "The run stopped in this cell; the outputs above are those received before it did.",
            ],
        )
    )
