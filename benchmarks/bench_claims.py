"""Benchmark of the claims audit: its time against its floor, from one run.

Prints the time of ``toolkit.claims.audit()`` on the commentary's register (in a fresh
interpreter: imports included, as the overview notebook pays them), its floor (loading the
same datasets with ``toolkit.load`` and reading the register, in another fresh
interpreter), their ratio (goal <= 2: the checks, the search of what reproduces a wrong
figure and the verdicts cost at most as much again as the data loading), and a second
audit in the same process (imports warm, data re-read; goal <= 1 s, so a theme
notebook's closing section stays cheap).

Run: ``.venv/bin/python benchmarks/bench_claims.py``
"""

from __future__ import annotations

import json
import subprocess
import sys

GOAL_RATIO = 2.0
GOAL_WARM_S = 1.0

AUDIT = """
import json, time
t = time.perf_counter()
from toolkit.claims import audit
result = audit()
cold = time.perf_counter() - t
t = time.perf_counter()
audit()
warm = time.perf_counter() - t
names = [d["name"] for d in result.attrs["datasets"]]
print(json.dumps({"cold": cold, "warm": warm, "names": names, "claims": len(result)}))
"""

FLOOR = """
import json, sys, time
names = json.loads(sys.argv[1])
t = time.perf_counter()
import toolkit
from toolkit.claims import load_register
load_register()
for name in names:
    toolkit.load(name)
print(time.perf_counter() - t)
"""


def main() -> int:
    """Run the benchmark once and print its ratios."""
    out = subprocess.run([sys.executable, "-c", AUDIT], capture_output=True, text=True, check=True)
    run = json.loads(out.stdout)
    floor = subprocess.run(
        [sys.executable, "-c", FLOOR, json.dumps(run["names"])],
        capture_output=True,
        text=True,
        check=True,
    )
    floor_s = float(floor.stdout)
    ratio = run["cold"] / floor_s
    print(f"claims audited: {run['claims']} over {len(run['names'])} datasets")
    print(f"audit, fresh interpreter: {run['cold']:.2f} s")
    print(f"floor (imports + loading the same datasets): {floor_s:.2f} s")
    print(f"ratio audit / floor: {ratio:.2f} (goal <= {GOAL_RATIO})")
    print(
        f"second audit, imports warm (data re-read): {run['warm']:.2f} s (goal <= {GOAL_WARM_S} s)"
    )
    print("one run on a shared machine: the figures are noisy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
