"""Build toolkit/data/sdn_ledger_summary.csv: ledger counts over the 14 real OFAC SDN snapshots.

Source: OFAC SDN list (sdn.csv) as published on each DATE, as kept by the git-scraping
repository jackdwyer/specially-designated-nationals-list (DATE = commit day, UTC), in
``../shared/data/ofac-sdn-snapshots/DATE/sdn.csv``. Only counts are written (no list content).

Run: ``.venv/bin/python scripts/build_sdn_ledger_summary.py [SNAPSHOT_FOLDER]``
"""

from __future__ import annotations

import sys
from pathlib import Path

from toolkit.io import atomic_write
from toolkit.paths import embedded, shared_data_dir
from toolkit.themes.sanctions.ledger import (
    ALL,
    SUMMARY_FILE,
    designation_ledger,
    is_russia_ukraine_program,
    totals_by_program,
)

#: Counts published in ../shared/data/PROVENANCE.md: the build refuses to write if they differ.
EXPECTED = {
    ("2021-08-18", ALL): 9_083,
    ("2024-05-03", ALL): 14_965,
    ("2021-08-18", "RUSSIA-EO14024"): 6,
    ("2022-02-23", "RUSSIA-EO14024"): 69,
    ("2022-03-31", "RUSSIA-EO14024"): 700,
    ("2024-05-03", "RUSSIA-EO14024"): 4_439,
}


def build(folder: Path):
    """Return the summary table (pure: reads the snapshots, writes nothing)."""
    ledger = designation_ledger(folder, programs=is_russia_ukraine_program)
    ledger["citation"] = ledger["snapshot_date"].dt.strftime(
        "OFAC SDN list as published on %Y-%m-%d"
    )
    return ledger


def validate(summary) -> None:
    """Check the published counts; raise SystemExit naming the first mismatch."""
    totals = totals_by_program(summary).set_index(["snapshot_date", "program"])["in_force"]
    for (date, program), expected in EXPECTED.items():
        got = int(totals.loc[(date, program)])
        if got != expected:
            raise SystemExit(f"{program} on {date}: {got} entries, PROVENANCE.md says {expected}")
    if summary["snapshot_date"].nunique() != 14:
        raise SystemExit(f"expected 14 snapshots, found {summary['snapshot_date'].nunique()}")


def main(argv: list[str]) -> int:
    """Build the embedded file from the real snapshots; return the exit status."""
    shared = shared_data_dir()
    folder = Path(argv[1]) if len(argv) > 1 else (shared / "ofac-sdn-snapshots" if shared else None)
    if folder is None or not folder.is_dir():
        raise SystemExit("no snapshot folder: pass one, or set $SANCTIONS_TOOLKIT_SHARED_DATA")
    summary = build(folder)
    validate(summary)
    text = summary.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n")
    path = atomic_write(embedded(SUMMARY_FILE), text)
    print(f"wrote {path} ({len(summary)} rows, {summary['snapshot_date'].nunique()} snapshots)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
