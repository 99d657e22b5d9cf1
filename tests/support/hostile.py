"""Counting the generated cases of the hostile-input suite (reported by tests/conftest.py)."""

from __future__ import annotations

from collections import Counter

#: (reader, mutation, outcome) -> number of generated cases.
CASES: Counter = Counter()

#: Outcomes, in report order.
OUTCOMES = ("equal", "prefix", "error")
OUTCOME_HELP = {
    "equal": "read, equal to the clean file",
    "prefix": "read as a shorter valid file (cut at a record boundary; the format has no row count)",
    "error": "DataFormatError naming file and place",
}


def record(reader: str, mutation: str, outcome: str) -> None:
    """Count one generated case and its outcome."""
    assert outcome in OUTCOMES, outcome
    CASES[(reader, mutation, outcome)] += 1


def summary_lines() -> list[str]:
    """Return the per-reader table printed at the end of the test run."""
    if not CASES:
        return []
    readers = sorted({r for r, _, _ in CASES})
    lines = [
        "generated hostile-input cases per reader (outcomes: "
        + "; ".join(f"{k} = {v}" for k, v in OUTCOME_HELP.items())
        + ")",
        f"{'reader':<26}{'cases':>7}" + "".join(f"{o:>8}" for o in OUTCOMES) + "  by mutation",
    ]
    for reader in readers:
        mine = {(m, o): n for (r, m, o), n in CASES.items() if r == reader}
        total = sum(mine.values())
        per = [sum(n for (_, o), n in mine.items() if o == outcome) for outcome in OUTCOMES]
        mutations = sorted({m for m, _ in mine})
        detail = ", ".join(
            f"{m} {sum(n for (mm, _), n in mine.items() if mm == m)}" for m in mutations
        )
        lines.append(f"{reader:<26}{total:>7}" + "".join(f"{n:>8}" for n in per) + f"  {detail}")
    lines.append(f"{'total':<26}{sum(CASES.values()):>7}")
    return lines
