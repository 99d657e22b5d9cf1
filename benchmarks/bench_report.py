"""Benchmark of the batch report: its wall time against its floor, from one run.

Prints the wall time of ``sanctions-toolkit report --jobs 1`` (default profile), its floor
(the sum of the notebooks' own cell times, as papermill records them, plus one kernel start and
stop on an empty notebook per run, through the papermill API), their ratio (goal <= 1.3: what
orchestration, export and indexing cost on top), each notebook's own cell time (goal <= 3 s)
cold (an empty cache of derived frames and converted workbooks) and warm (the same report run
again: what a user sees from the second run on), with the ratio of the warm time to the goal,
the import time of ``toolkit`` in a fresh interpreter (goal <= 0.5 s), and the speed-up of
``--jobs 2`` over ``--jobs 1`` (goal >= 1.7 on 2 cores). The ``--jobs 2`` report is written into
the folder of the serial one, as ``make report`` rewrites ``reports/latest``: it orders its runs
by the durations recorded there. The cold and warm runs use a temporary cache folder
(``$SANCTIONS_TOOLKIT_CACHE``), so the user's cache is neither read nor wiped. The load average
is printed: other work on the machine skews the ratio, so repeat on a quiet machine.

Run: ``.venv/bin/python benchmarks/bench_report.py [--profile NAME] [--notebooks DIR --params DIR]
[--only NOTEBOOK]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_RATIO = 1.3
GOAL_CELLS_S = 3.0
GOAL_IMPORT_S = 0.5
GOAL_JOBS = 1.7


def import_seconds() -> float:
    """Time ``import toolkit`` in a fresh interpreter (interpreter start-up excluded)."""
    code = "import time; t = time.perf_counter(); import toolkit; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def report_wall(args, out: Path, jobs: int = 1, cache: Path | None = None) -> tuple[float, int]:
    """Run the batch report as a user does (the console script) and time it.

    ``cache``: the cache folder the run uses (``$SANCTIONS_TOOLKIT_CACHE``); default the user's.
    """
    script = Path(sys.executable).parent / "sanctions-toolkit"
    cmd = [str(script), "report", "--jobs", str(jobs), "--profile", args.profile]
    cmd += ["--out", str(out)]
    if args.notebooks:
        cmd += ["--notebooks", str(args.notebooks)]
    if args.params:
        cmd += ["--params", str(args.params)]
    for name in args.only or ():
        cmd += ["--only", name]
    env = dict(os.environ)
    if cache is not None:
        from toolkit.sources.cache import CACHE_ENV

        env[CACHE_ENV] = str(cache)
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if result.returncode not in (0, 1):  # 1 = some run failed: still a report to measure
        sys.exit(f"report did not run (exit {result.returncode}):\n{result.stderr}")
    return wall, result.returncode


def empty_kernel_seconds(runs: int) -> list[float]:
    """Start and stop the project's kernel on an empty notebook, once per run."""
    import nbformat
    import papermill as pm

    from toolkit.report import kernel_waits
    from toolkit.report.execute import KERNEL_NAME

    kernel_waits.install()

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "language": "python", "display_name": ""}
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "empty.ipynb"
        nbformat.write(nb, path)
        for _ in range(runs):
            start = time.perf_counter()
            pm.execute_notebook(
                str(path),
                None,
                kernel_name=KERNEL_NAME,
                progress_bar=False,
                shutdown_kernel="immediate",
            )
            times.append(time.perf_counter() - start)
    return times


def main(argv=None) -> int:
    """Run the benchmark once and print its ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="default")
    parser.add_argument("--notebooks", type=Path)
    parser.add_argument("--params", type=Path)
    parser.add_argument("--only", action="append", help="run only this notebook stem (repeatable)")
    args = parser.parse_args(argv)

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        cache = Path(tmp) / "cache"  # empty: the first run is cold, the second warm
        cold_out, out = Path(tmp) / "cold", Path(tmp) / "report"
        _, cold_code = report_wall(args, cold_out, cache=cache)
        cold = json.loads((cold_out / "summary.json").read_text(encoding="utf-8"))
        wall, code = report_wall(args, out, cache=cache)
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        wall2, _ = report_wall(args, out, jobs=2, cache=cache)
    load_after = os.getloadavg()[0]
    runs = summary["runs"]
    cells = {r["notebook"]: r["cells_s"] or 0.0 for r in runs}
    cold_cells = {r["notebook"]: r["cells_s"] or 0.0 for r in cold["runs"]}
    kernels = empty_kernel_seconds(len(runs))
    floor = sum(cells.values()) + sum(kernels)
    ratio = wall / floor
    imp = import_seconds()

    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER GOAL"

    print(f"batch report, profile {args.profile!r}, --jobs 1, warm: {len(runs)} run(s)", end="")
    print(
        ""
        if code == 0 and cold_code == 0
        else f" (some failed: {[r['notebook'] for r in runs if r['status'] != 'ok']})"
    )
    print(f"  wall time                      {wall:7.2f} s")
    print(f"  floor                          {floor:7.2f} s")
    print(f"    notebooks' own cell time     {sum(cells.values()):7.2f} s")
    print(
        f"    empty-kernel start+stop      {sum(kernels):7.2f} s  ({len(kernels)} x {sum(kernels) / len(kernels):.2f} s)"
    )
    print(
        f"  ratio wall/floor               {ratio:7.2f}    goal <= {GOAL_RATIO}: {verdict(ratio <= GOAL_RATIO)}"
    )
    print(f"each notebook's own cell time, cold and warm cache (goal <= {GOAL_CELLS_S} s warm):")
    print(f"  {'notebook':30s} {'cold':>7s}   {'warm':>7s}   {'warm/goal':>9s}")
    for name, seconds in cells.items():
        c = cold_cells.get(name, float("nan"))
        print(
            f"  {name:30s} {c:7.2f} s {seconds:7.2f} s {seconds / GOAL_CELLS_S:9.2f}  "
            f"{verdict(seconds <= GOAL_CELLS_S)}"
        )
    print(
        f"import toolkit (fresh interpreter) {imp:5.3f} s  goal <= {GOAL_IMPORT_S} s: {verdict(imp <= GOAL_IMPORT_S)}"
    )
    speed = wall / wall2
    print(f"--jobs 2 wall time               {wall2:7.2f} s")
    print(
        f"  speed-up jobs 1 / jobs 2       {speed:7.2f} x  goal >= {GOAL_JOBS}: {verdict(speed >= GOAL_JOBS)}"
    )
    print(
        f"load average (1 min) before / after: {load_before:.1f} / {load_after:.1f} on {os.cpu_count()} CPUs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
