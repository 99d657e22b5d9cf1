"""Benchmark of the scale features, from one run: --jobs 2, the DuckDB path, and a Dask LocalCluster.

Three parts, each printing a table with its ratios and goals:

* ``batch``: a sweep of 8 runs of ``notebooks/03-trade`` (``base_year`` 2014 ... 2021 on the
  embedded data), run by ``sanctions-toolkit report`` with ``--jobs 1`` and ``--jobs 2``, and
  the same 8 parameter sets run by bare papermill (the API, one process, no report): serial /
  jobs-2 wall time (goal >= 1.7 on 2 cores) and serial / bare papermill (goal <= 1.3).
* ``duckdb``: a 10-million-row CSV shaped like a product-level Comext export (27 reporters ×
  8 partners × 2 flows × 24 months × 965 HS-6 codes), generated once into a temporary folder and
  deleted afterwards; the aggregations by partner, year and flow and by product and year, each
  engine in its own subprocess (time inside it, peak RSS from ``getrusage``): pandas
  (``read_csv`` with categorical columns, then ``groupby``) vs :mod:`toolkit.sources.bulk`; goals
  >= 5× faster and <= 1/4 of the memory. The checked DuckDB path (``check=True``: periods,
  reporters, values and one row per key, as the pandas reader checks) is shown beside it.
* ``dask``: the same 8-run sweep on a Dask ``LocalCluster`` (2 single-thread worker processes
  on 127.0.0.1, started before timing, as an existing cluster would be) through
  ``--scheduler``, against ``--jobs 2``: overhead ratio (goal <= 1.2).

The machine's other load makes single runs noisy; rerun on a quiet machine for figures.

Run: ``.venv/bin/python benchmarks/bench_scale.py [--only batch|duckdb|dask ...] [--rows N]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "03-trade"
BASE_YEARS = list(range(2014, 2022))  # 8 runs
ROWS = 10_005_120  # 27 x 8 x 2 x 24 x 965

GOAL_JOBS = 1.7
GOAL_FLOOR = 1.3
GOAL_SPEED = 5.0
GOAL_MEMORY = 0.25
GOAL_DASK = 1.2


def verdict(ok: bool) -> str:
    """Return the word printed beside a goal: met or not met."""
    return "ok" if ok else "OVER GOAL"


def _sweep_params(folder: Path) -> Path:
    """Return a params folder whose ``bench-sweep`` profile sweeps 03-trade's base year (8 runs)."""
    target = folder / "params" / NOTEBOOK
    target.mkdir(parents=True)
    (target / "_constraints.yaml").write_text(
        (ROOT / "params" / NOTEBOOK / "_constraints.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    (target / "bench-sweep.yaml").write_text(
        f"start_year: 2010\nsweep:\n  base_year: {BASE_YEARS}\n", encoding="utf-8"
    )
    return folder / "params"


def _report(params: Path, out: Path, *extra: str) -> float:
    script = Path(sys.executable).parent / "sanctions-toolkit"
    cmd = [str(script), "report", "--profile", "bench-sweep", "--params", str(params)]
    cmd += ["--only", NOTEBOOK, "--out", str(out), *extra]
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
    runs = json.loads((out / "summary.json").read_text(encoding="utf-8"))["runs"]
    assert len(runs) == len(BASE_YEARS) and all(r["status"] == "ok" for r in runs)
    return wall


BARE = """
import sys, time
t0 = time.perf_counter()
import papermill as pm
from toolkit.report import kernel_waits
kernel_waits.install()
notebook, out = sys.argv[1], sys.argv[2]
for year in {years}:
    pm.execute_notebook(notebook, out, parameters={{"start_year": 2010, "base_year": year}},
                        kernel_name="sanctions-toolkit", progress_bar=False,
                        cwd="{cwd}", shutdown_kernel="immediate")
"""


def _bare_papermill(tmp: Path) -> float:
    code = BARE.format(years=BASE_YEARS, cwd=ROOT / "notebooks")
    cmd = [sys.executable, "-c", code, str(ROOT / "notebooks" / f"{NOTEBOOK}.ipynb")]
    start = time.perf_counter()
    subprocess.run([*cmd, str(tmp / "bare.ipynb")], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def bench_batch(tmp: Path, results: dict) -> None:
    """Time a sweep serially, with ``--jobs 2`` and on a Dask cluster; store the times."""
    params = _sweep_params(tmp / "sweep")
    serial = _report(params, tmp / "serial", "--jobs", "1")
    jobs2 = _report(params, tmp / "jobs2", "--jobs", "2")
    bare = _bare_papermill(tmp)
    results["jobs2"] = jobs2
    results["params"] = params
    n = len(BASE_YEARS)
    print(f"\nbatch: sweep of {n} runs of {NOTEBOOK} (base_year {BASE_YEARS[0]}..{BASE_YEARS[-1]})")
    print(f"  {'report --jobs 1':34s} {serial:7.2f} s")
    print(f"  {'report --jobs 2':34s} {jobs2:7.2f} s")
    print(f"  {'bare papermill, serial (floor)':34s} {bare:7.2f} s")
    speed, floor = serial / jobs2, serial / bare
    print(
        f"  {'speed-up jobs 1 / jobs 2':34s} {speed:7.2f} x  goal >= {GOAL_JOBS}: {verdict(speed >= GOAL_JOBS)}"
    )
    print(
        f"  {'overhead jobs 1 / bare papermill':34s} {floor:7.2f} x  goal <= {GOAL_FLOOR}: {verdict(floor <= GOAL_FLOOR)}"
    )


GENERATE = """
COPY (
    WITH r AS (SELECT unnest({reporters}) AS reporter, generate_subscripts({reporters}, 1) AS ri),
         p AS (SELECT unnest({partners}) AS partner, generate_subscripts({partners}, 1) AS pi),
         f AS (SELECT unnest(['EXPORT', 'IMPORT']) AS flow),
         m AS (SELECT unnest({periods}) AS period, generate_subscripts({periods}, 1) AS mi),
         c AS (SELECT range AS code FROM range({products}))
    SELECT reporter AS REPORTER, partner AS PARTNER,
           lpad(CAST(10000 + code * 97 AS VARCHAR), 6, '0') AS PRODUCT, flow AS FLOW,
           'Total' AS STAT_PROCEDURE, period AS PERIOD,
           CASE WHEN hash(ri, pi, mi, code, flow) % 100 = 0 THEN ':'
                ELSE CAST(hash(code, ri, pi, mi, flow) % 5000000 AS VARCHAR) END AS VALUE_IN_EUR
    FROM r, p, f, m, c
) TO '{path}' (HEADER, DELIMITER ',', FORCE_QUOTE (REPORTER, PARTNER, PRODUCT, FLOW, STAT_PROCEDURE, PERIOD))
"""

PANDAS = """
import resource, sys, time, json
import pandas as pd
path = sys.argv[1]
t = time.perf_counter()
text = ["REPORTER", "PARTNER", "PRODUCT", "FLOW", "STAT_PROCEDURE", "PERIOD"]
if path.endswith(".parquet"):
    df = pd.read_parquet(path, columns=["reporter_kind", "partner", "product", "flow", "year", "value_eur"])
    df = df[df["reporter_kind"] == "eu27_member"]
    keys = ["partner", "year", "flow"], ["product", "year"]
    value = "value_eur"
else:
    df = pd.read_csv(path, dtype={c: "category" for c in text} | {"VALUE_IN_EUR": "float64"},
                     na_values=[":"], keep_default_na=False)
    period = df["PERIOD"].cat.categories
    df["year"] = df["PERIOD"].map(pd.Series(period.str[-4:].astype(int), index=period)).astype("int64")
    df["FLOW"] = df["FLOW"].cat.rename_categories(str.lower)
    keys = ["PARTNER", "year", "FLOW"], ["PRODUCT", "year"]
    value = "VALUE_IN_EUR"
a = df.groupby(keys[0], observed=True)[value].sum().reset_index()
b = df.groupby(keys[1], observed=True)[value].sum().reset_index()
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "rows": len(df), "a": len(a), "b": len(b), "total": float(a[value].sum())}))
"""

DUCK = """
import resource, sys, time, json
import pandas  # imported before the clock, as in the pandas child (results come back as frames)
from toolkit.sources import bulk
path, mode = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if mode == "convert":
    bulk.to_parquet(bulk.comext_relation(path, include="all", check=False), sys.argv[3])
    print(json.dumps({"seconds": time.perf_counter() - t,
                      "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
    sys.exit()
rel = bulk.comext_relation(path, check=mode == "check", check_total=False)
a, b = bulk.aggregate_many(rel, [["partner", "year", "flow"], ["product", "year"]])
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "rows": int(a["rows"].sum()), "a": len(a), "b": len(b), "total": float(a["value_eur"].sum())}))
"""


def _child(code: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if out.returncode != 0:
        sys.exit(f"benchmark child failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_duckdb(tmp: Path, rows: int) -> None:
    """Compare DuckDB and pandas on a generated table of ``rows`` rows."""
    import duckdb

    from toolkit.sources.comext import EU27_MEMBERS

    reporters = list(EU27_MEMBERS)
    partners = [
        "Russian Federation (Russia)",
        "Kyrgyzstan",
        "Kazakhstan",
        "Armenia",
        "Georgia",
        "Türkiye",
        "China",
        "United Arab Emirates",
    ]
    months = "Jan. Feb. Mar. Apr. May. Jun. Jul. Aug. Sep. Oct. Nov. Dec.".split()
    periods = [f"{m} {y}" for y in (2022, 2023) for m in months]
    per_product = len(reporters) * len(partners) * 2 * len(periods)
    products = -(-rows // per_product)
    path = tmp / "comext-product-level.csv"
    start = time.perf_counter()
    duckdb.sql(
        GENERATE.format(
            reporters=reporters,
            partners=partners,
            periods=periods,
            products=products,
            path=path,
        )
    )
    made = time.perf_counter() - start
    size = path.stat().st_size / 1e6
    total_rows = per_product * products
    print(
        f"\nduckdb: {total_rows:,} rows, {size:,.0f} MB CSV (generated in {made:.1f} s, deleted after)"
    )
    pandas = _child(PANDAS, str(path))
    duck = _child(DUCK, str(path), "fast")
    checked = _child(DUCK, str(path), "check")
    parquet = tmp / "comext-product-level.parquet"
    convert = _child(DUCK, str(path), "convert", str(parquet))
    path.unlink()
    pandas_pq = _child(PANDAS, str(parquet))
    duck_pq = _child(DUCK, str(parquet), "fast")
    for r in (duck, checked, pandas_pq, duck_pq):
        assert r["rows"] == pandas["rows"] == total_rows, (r["rows"], pandas["rows"])
        assert (r["a"], r["b"]) == (pandas["a"], pandas["b"])
        assert abs(r["total"] - pandas["total"]) <= 1e-9 * abs(pandas["total"])
    print("  two aggregations (partner x year x flow, product x year) of the EU-27 members' rows;")
    print("  DuckDB uses every core, pandas one; time excludes interpreter start and imports")
    print(f"  {'engine':40s} {'time':>8s} {'peak RSS':>10s}")
    for label, r in (
        ("CSV: pandas read_csv + groupby", pandas),
        ("CSV: toolkit.sources.bulk (DuckDB)", duck),
        ("CSV: toolkit.sources.bulk, check=True", checked),
        ("CSV -> Parquet once: toolkit.sources.bulk", convert),
        ("Parquet: pandas read_parquet + groupby", pandas_pq),
        ("Parquet: toolkit.sources.bulk (DuckDB)", duck_pq),
    ):
        print(f"  {label:40s} {r['seconds']:7.2f} s {r['rss_kb'] / 1024:8.0f} MB")
    for label, p, d in (("CSV", pandas, duck), ("Parquet", pandas_pq, duck_pq)):
        speed = p["seconds"] / d["seconds"]
        memory = d["rss_kb"] / p["rss_kb"]
        print(
            f"  {label + ': speed-up pandas / DuckDB':40s} {speed:7.2f} x  "
            f"goal >= {GOAL_SPEED}: {verdict(speed >= GOAL_SPEED)}"
        )
        print(
            f"  {label + ': memory DuckDB / pandas':40s} {memory:7.2f}    "
            f"goal <= {GOAL_MEMORY}: {verdict(memory <= GOAL_MEMORY)}"
        )
    across = pandas["seconds"] / duck_pq["seconds"]
    print(
        f"  {'pandas on CSV / DuckDB on Parquet':40s} {across:7.2f} x  (the workflow the path is for)"
    )
    parquet.unlink()


def bench_dask(tmp: Path, results: dict) -> None:
    """Time the sweep on a local Dask cluster; store the time."""
    import dask
    from distributed import Client, LocalCluster

    params = results.get("params") or _sweep_params(tmp / "sweep-dask")
    jobs2 = results.get("jobs2") or _report(params, tmp / "jobs2-dask", "--jobs", "2")
    start = time.perf_counter()
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=40,
        )
    client = Client(cluster)
    client.wait_for_workers(2)
    started = time.perf_counter() - start
    try:
        wall = _report(params, tmp / "dask", "--scheduler", cluster.scheduler_address)
    finally:
        client.close()
        cluster.close()
    ratio = wall / jobs2
    print(f"\ndask: the {len(BASE_YEARS)}-run sweep on a LocalCluster (2 workers x 1 thread)")
    print(f"  {'LocalCluster start (not timed below)':34s} {started:7.2f} s")
    print(f"  {'report --jobs 2':34s} {jobs2:7.2f} s")
    print(f"  {'report --scheduler LocalCluster':34s} {wall:7.2f} s")
    print(
        f"  {'overhead dask / jobs 2':34s} {ratio:7.2f} x  goal <= {GOAL_DASK}: {verdict(ratio <= GOAL_DASK)}"
    )


def main(argv=None) -> int:
    """Run every scale benchmark once and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", action="append", choices=["batch", "duckdb", "dask"], help="parts to run"
    )
    parser.add_argument("--rows", type=int, default=ROWS, help="rows of the generated CSV")
    args = parser.parse_args(argv)
    parts = args.only or ["batch", "duckdb", "dask"]
    print("bench_scale: one run on a shared machine; figures are noisy")
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        tmp = Path(tmp)
        if "batch" in parts:
            bench_batch(tmp, results)
        if "duckdb" in parts:
            bench_duckdb(tmp, args.rows)
        if "dask" in parts:
            bench_dask(tmp, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
