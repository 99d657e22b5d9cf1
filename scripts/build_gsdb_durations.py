"""Build toolkit/data/gsdb_durations.csv: GSDB release 3 case counts by duration and censoring per group.

Source: Global Sanctions Data Base, release 3 (Felbermayr, Kirilakha, Syropoulos,
Yalcin and Yotov), file GSDB_V3.csv (1,325 cases, 1949-2022) as held in
../shared/data/gsdb-v3/ (copy of macuriels/umass_dacss_datastorytelling @ 156e000).

Usage: .venv/bin/python scripts/build_gsdb_durations.py [path/to/GSDB_V3.csv]
"""

from __future__ import annotations

import sys
from pathlib import Path

from toolkit.io import atomic_write
from toolkit.paths import embedded, shared_data_dir
from toolkit.sources.gsdb import read_gsdb
from toolkit.themes.easing.durations import aggregate_durations, survival_summary

HEADER = (
    "# Derived from the Global Sanctions Data Base release 3 (GSDB_V3.csv; Felbermayr, "
    "Kirilakha, Syropoulos, Yalcin and Yotov), cases 1949-2022, snapshot of "
    "macuriels/umass_dacss_datastorytelling @ 156e000; built by scripts/build_gsdb_durations.py.\n"
    "# duration_years = end - begin + 1 (calendar years in force); ongoing = end is 2022 "
    "(still in force at the release cut-off: right-censored). Groups overlap.\n"
)


def main(argv: list[str]) -> int:
    """Build the embedded file from the real file; return the exit status."""
    base = shared_data_dir()
    path = Path(argv[1]) if len(argv) > 1 else (base / "gsdb-v3" / "GSDB_V3.csv" if base else None)
    if path is None or not path.exists():
        print("GSDB_V3.csv not found; pass its path", file=sys.stderr)
        return 1
    cases = read_gsdb(path)
    agg = aggregate_durations(cases)
    # Validate before writing: the aggregate must reproduce every group's curve summary.
    for kind in agg["group_kind"].unique():
        a, c = survival_summary(agg, kind), survival_summary(cases, kind)
        if not a.equals(c):
            print(f"aggregate does not reproduce the {kind} curves", file=sys.stderr)
            return 1
    if int(agg.loc[agg["group_kind"] == "all", "n_cases"].sum()) != len(cases):
        print("case count mismatch", file=sys.stderr)
        return 1
    out = embedded("gsdb_durations.csv")
    atomic_write(out, HEADER + agg.to_csv(index=False))
    print(f"wrote {out} ({len(agg)} rows from {len(cases)} cases)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
