"""The report folder is replaced as a whole: each run builds beside it and swaps in at the end.

A run writes into a staging folder next to the report folder
(``reports/.latest.staging-<pid>-<random>``) and, once ``index.html`` and
``summary.json`` are written there, swaps it in for the report folder with two
renames. A batch process killed mid-run therefore leaves the previous report
untouched and its own outputs only in its staging folder, which the next run
deletes (its process is gone) before it starts: nothing of a crashed run is ever
shown as current, and no file of an older run is mixed into a newer report.

Because the whole folder is replaced, a run refuses a folder that holds files the
report did not write (so ``--out`` pointed at a folder of notebooks loses nothing).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from toolkit.errors import ToolkitError

#: Names the report writes besides the runs' outputs.
REPORT_FILES = ("index.html", "summary.json")

#: What JupyterLab adds when a report notebook is opened in place.
TOLERATED = (".ipynb_checkpoints",)


def _prefix(out_dir: Path, kind: str) -> str:
    return f".{out_dir.name}.{kind}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _owner_pid(path: Path, prefix: str) -> int | None:
    head = path.name[len(prefix) :].split("-", 1)[0]
    return int(head) if head.isdigit() else None


def clean_stale(out_dir) -> list[Path]:
    """Delete what crashed runs left: their staging and swap folders, stray temporary files.

    Inside ``out_dir``: temporary files of :func:`toolkit.io.atomic_write` and papermill's
    working folders; beside it: staging and swap folders of runs whose process is gone.

    A staging folder whose process still runs (another report into the same folder)
    is left alone.

    Parameters
    ----------
    out_dir : path-like
        The report folder.

    Returns
    -------
    list of pathlib.Path
        What was deleted.
    """
    out_dir = Path(out_dir)
    removed = []
    if out_dir.parent.is_dir():
        for kind in ("staging", "old"):
            prefix = _prefix(out_dir, kind)
            for path in sorted(out_dir.parent.glob(f"{prefix}*")):
                pid = _owner_pid(path, prefix)
                if pid is not None and pid != os.getpid() and _alive(pid):
                    continue
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    if out_dir.is_dir():
        # temporary files of toolkit.io.atomic_write (".<name>.<random>.tmp") of a killed writer
        for path in sorted(out_dir.rglob(".*.tmp")):
            if path.is_file():
                path.unlink(missing_ok=True)
                removed.append(path)
        # papermill's working folders of toolkit.report.runner.execute_run (".papermill-<random>")
        for path in sorted(out_dir.glob(".papermill-*")):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _is_report_notebook(path: Path) -> bool:
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError, AttributeError):
        return False
    return isinstance(meta, dict) and "sanctions_toolkit" in meta


def _figures(entry) -> list[dict]:
    """Return the figure records of a summary entry (``figures/<run>/<name>.svg``), if well formed."""
    figures = entry.get("figures") if isinstance(entry, dict) else None
    return [f for f in figures if isinstance(f, dict)] if isinstance(figures, list) else []


def _report_names(out_dir: Path) -> set[str]:
    """Top-level names in ``out_dir`` that a report wrote."""
    names = set(TOLERATED)
    summary = out_dir / "summary.json"
    try:
        runs = json.loads(summary.read_text(encoding="utf-8")).get("runs", [])
    except (OSError, ValueError, AttributeError):
        runs = None
    if isinstance(runs, list):
        names.update(REPORT_FILES)
        for entry in runs:
            outputs = entry.get("outputs") if isinstance(entry, dict) else None
            figures = [f.get(k) for f in _figures(entry) for k in ("svg", "csv")]
            for rel in [*(outputs or {}).values(), *figures]:
                if isinstance(rel, str) and rel:
                    names.add(Path(rel).parts[0])
    # notebooks the runner wrote (and their HTML) from earlier reports
    for nb in out_dir.glob("*.ipynb"):
        if _is_report_notebook(nb):
            names.update({nb.name, f"{nb.stem}.html"})
    return names


def check_replaceable(out_dir) -> None:
    """Raise unless ``out_dir`` is missing, empty, or holds only what reports wrote.

    Raises
    ------
    ToolkitError
        Naming the folder and the files the report did not write.
    """
    out_dir = Path(out_dir)
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise ToolkitError(f"report folder {out_dir}: exists and is not a folder")
    owned = _report_names(out_dir)
    foreign = sorted(p.name for p in out_dir.iterdir() if p.name not in owned)
    if foreign:
        shown = ", ".join(foreign[:5]) + (
            f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        )
        raise ToolkitError(
            f"report folder {out_dir}: holds files no report wrote ({shown}); a report "
            "replaces its whole folder, so choose an empty folder or an earlier report's"
        )


def begin(out_dir) -> Path:
    """Clean up after crashed runs, check ``out_dir`` and create a fresh staging folder.

    Returns
    -------
    pathlib.Path
        The staging folder (beside ``out_dir``, same file system) to write the run into.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out_dir)
    check_replaceable(out_dir)
    staging = Path(
        tempfile.mkdtemp(prefix=f"{_prefix(out_dir, 'staging')}{os.getpid()}-", dir=out_dir.parent)
    )
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes 0700; a report folder is a normal folder
    return staging


def publish(staging, out_dir) -> Path:
    """Swap the finished staging folder in for ``out_dir``; the previous report is deleted.

    Returns
    -------
    pathlib.Path
        ``out_dir``.
    """
    staging, out_dir = Path(staging), Path(out_dir)
    old = None
    if out_dir.exists():
        old = Path(
            tempfile.mkdtemp(prefix=f"{_prefix(out_dir, 'old')}{os.getpid()}-", dir=out_dir.parent)
        )
        os.replace(out_dir, old)  # onto the empty folder mkdtemp made: one rename
    os.replace(staging, out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return out_dir


def abandon(staging) -> None:
    """Delete a staging folder (the run stopped before its report was complete)."""
    shutil.rmtree(staging, ignore_errors=True)
