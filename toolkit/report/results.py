"""What one batch run produced: :class:`RunResult` owns the ``summary.json`` entry schema.

The runner (serial and ``--jobs``), the Dask path and the index page all build or read
entries through this class, so the schema is written down once: :data:`FIELDS`, then
the optional ``sweep`` (the swept values of a sweep combination) and what the report's
collectors found in the notebook's outputs (:mod:`toolkit.report.hooks`, e.g. ``audit``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

__all__ = [
    "ERROR_FIELDS",
    "FIELDS",
    "SKIP_ERROR",
    "STATUSES",
    "RunResult",
    "describe",
    "error_record",
]

#: The keys of every ``summary.json`` run entry, in the order they are written.
FIELDS = (
    "notebook",
    "purpose",
    "profile",
    "params_file",
    "params",
    "status",
    "duration_s",
    "cells_s",
    "datasets",
    "error",
    "outputs",
    "figures",
)

#: The keys of an entry's ``error`` record (``None`` when the run succeeded); a skipped
#: run's record adds ``needs`` (the shared folder it needs and what it holds).
ERROR_FIELDS = ("cell_index", "execution_count", "ename", "evalue", "source")

#: Statuses a run can end with: ``skipped`` when the notebook needs files of the shared
#: data folder that this machine lacks (:class:`toolkit.errors.SharedDataMissing`).
STATUSES = ("ok", "failed", "skipped")

#: The exception a notebook raises when it needs shared data that is absent.
SKIP_ERROR = "SharedDataMissing"


@dataclass
class RunResult:
    """One run's entry of ``summary.json``.

    Parameters
    ----------
    notebook : str
        The run's output name (notebook stem, plus ``--<sweep label>`` for a sweep).
    profile : str
        The params profile.
    purpose : str
        What the notebook answers: its first Markdown heading (the index's one line).
    status : str
        ``ok``, ``failed``, or ``skipped`` (the run needs absent shared data: ``error``
        says what; it is no failure of the report).
    params_file : str
        The profile's file.
    params : dict
        The values passed to papermill.
    duration_s : float
        Wall time of the execution (kernel start to stop), seconds.
    cells_s : float or None
        Sum of the cells' own times; None when no notebook came back.
    datasets : list of dict
        Provenance of every dataset the run used (the probe's record).
    error : dict or None
        :data:`ERROR_FIELDS` of the failure, None when the run succeeded.
    outputs : dict
        ``{"ipynb": name, "html": name}`` of the files written (empty if none).
    figures : list of dict
        The figures the run showed (:data:`toolkit.report.figures.FIGURE_KEYS`: name,
        title, citation, as_of, the paths of its SVG and CSV, its cell), never their text.
    sweep : dict
        The swept values of a sweep combination (written only when not empty).
    collected : dict
        What the report's collectors found in the outputs, by entry key (written at
        the entry's top level, e.g. ``audit``).
    """

    notebook: str
    profile: str
    status: str
    purpose: str = ""
    params_file: str = ""
    params: dict = field(default_factory=dict)
    duration_s: float = 0.0
    cells_s: float | None = None
    datasets: list = field(default_factory=list)
    error: dict | None = None
    outputs: dict = field(default_factory=dict)
    figures: list = field(default_factory=list)
    sweep: dict = field(default_factory=dict)
    collected: dict = field(default_factory=dict)

    def __post_init__(self):
        """Check the status and that no collected key shadows a field."""
        if self.status not in STATUSES:
            raise ValueError(f"run {self.notebook!r}: status {self.status!r} not in {STATUSES}")
        clash = set(self.collected) & {*FIELDS, "sweep"}
        if clash:
            raise ValueError(f"run {self.notebook!r}: collected keys {sorted(clash)} are fields")

    @property
    def ok(self) -> bool:
        """Whether the run succeeded."""
        return self.status == "ok"

    @property
    def skipped(self) -> bool:
        """Whether the run was skipped (it needs shared data this machine lacks)."""
        return self.status == "skipped"

    @property
    def skip_reason(self) -> str:
        """``needs <what>`` of a skipped run (``""`` otherwise)."""
        if not self.skipped or not self.error:
            return ""
        return f"needs {self.error.get('needs') or 'shared data'}"

    @classmethod
    def for_run(cls, run, *, status: str, **fields) -> RunResult:
        """Return the entry of ``run`` (a :class:`toolkit.report.runner.Run`) with ``fields``."""
        return cls(
            notebook=run.name,
            purpose=fields.pop("purpose", ""),
            profile=run.profile,
            status=status,
            params_file=str(run.params_file),
            params=run.parameters,
            **fields,
        )

    @classmethod
    def failed(cls, run, error: dict) -> RunResult:
        """Return the entry of a run whose process or worker was lost: no notebook, no HTML."""
        return cls.for_run(run, status="failed", error=error)

    def to_dict(self) -> dict:
        """Return the entry as written to ``summary.json``: :data:`FIELDS`, then extras."""
        entry = {name: getattr(self, name) for name in FIELDS}
        if self.sweep:
            entry["sweep"] = self.sweep
        entry.update(self.collected)
        return entry

    @classmethod
    def from_dict(cls, entry: dict) -> RunResult:
        """Read an entry of ``summary.json`` (a missing optional field takes its default).

        Raises
        ------
        ValueError
            If ``notebook``, ``profile`` or ``status`` is missing or the status is unknown.
        """
        missing = [k for k in ("notebook", "profile", "status") if k not in entry]
        if missing:
            raise ValueError(f"summary entry {entry.get('notebook', '?')!r} lacks {missing}")
        known = {f.name for f in dataclasses.fields(cls)} - {"collected"}
        values = {k: v for k, v in entry.items() if k in known}
        collected = {k: v for k, v in entry.items() if k not in known}
        return cls(**values, collected=collected)


def error_record(exc) -> dict:
    """Return the :data:`ERROR_FIELDS` record of an exception a run raised.

    A papermill execution error names the cell; any other exception (a worker lost, a
    kernel that would not start) has no cell.
    """
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


def describe(result: RunResult) -> str:
    """One progress line: name, status, time, and where and why a failed run stopped."""
    if result.skipped:
        return f"{result.notebook}: skipped: {result.skip_reason}"
    text = f"{result.notebook}: {result.status} in {result.duration_s:.1f} s"
    error = result.error
    if error:
        where = "" if error["cell_index"] is None else f" at cell {error['cell_index']}"
        first = (error["evalue"] or "").strip().splitlines()[:1]
        text += f"{where}: {error['ename']}: {first[0] if first else ''}"
    return text
