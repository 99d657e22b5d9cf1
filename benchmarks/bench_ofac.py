"""Benchmark of the OFAC readers and the designation ledger, from one run.

Prints (1) ``read_sdn`` on the 2024-05-03 SDN snapshot against a bare ``pandas.read_csv`` of
the same bytes (ratio; goal <= 1.5) and (2) the designation ledger over all 14 snapshots
(seconds, goal <= 3 s, from an untraced run; peak Python heap from a second run under tracemalloc).

Run: ``.venv/bin/python benchmarks/bench_ofac.py [SHARED_DATA_FOLDER]``
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

GOAL_RATIO = 1.5
GOAL_LEDGER_S = 3.0


def main(argv: list[str]) -> int:
    """Run the benchmark once and print its ratios."""
    import pandas as pd

    from toolkit.paths import shared_data_dir
    from toolkit.sources.ofac_sdn import read_sdn
    from toolkit.themes.sanctions.ledger import designation_ledger

    shared = Path(argv[1]) if len(argv) > 1 else shared_data_dir()
    if shared is None or not (shared / "ofac-sdn-snapshots").is_dir():
        print(
            "no ofac-sdn-snapshots folder: pass the shared data folder or set $SANCTIONS_TOOLKIT_SHARED_DATA"
        )
        return 1
    snapshot = shared / "ofac-sdn-snapshots" / "2024-05-03" / "sdn.csv"
    # warm the page cache and pandas' import, so both timings read the same warm bytes
    snapshot.read_bytes()
    pd.read_csv(snapshot, header=None, encoding="cp1252", nrows=10)
    read_sdn(
        shared / "ofac-sdn-snapshots" / "2021-08-18" / "sdn.csv"
    )  # first-call costs, another file

    t = time.perf_counter()
    bare = pd.read_csv(snapshot, header=None, encoding="cp1252")
    bare_s = time.perf_counter() - t
    t = time.perf_counter()
    sdn = read_sdn(snapshot)
    reader_s = time.perf_counter() - t
    ratio = reader_s / bare_s
    print(
        f"read_sdn 2024-05-03: {reader_s:.3f} s for {len(sdn):,} entries; bare read_csv {bare_s:.3f} s "
        f"({len(bare):,} rows incl. the 0x1A line); ratio {ratio:.2f} (goal <= {GOAL_RATIO})"
    )

    folder = shared / "ofac-sdn-snapshots"
    t = time.perf_counter()
    ledger = designation_ledger(folder)
    ledger_s = time.perf_counter() - t
    # memory from a second, traced pass (tracemalloc slows the code it traces)
    tracemalloc.start()
    designation_ledger(folder)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"designation_ledger, {ledger['snapshot_date'].nunique()} snapshots: {ledger_s:.2f} s "
        f"(goal <= {GOAL_LEDGER_S} s), peak Python heap {peak / 2**20:.0f} MiB (tracemalloc), "
        f"{len(ledger):,} rows"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
