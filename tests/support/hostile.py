"""Counting the generated cases of the hostile-input suites (reported by tests/conftest.py)."""

from __future__ import annotations

from collections import Counter

#: (reader, mutation, outcome) -> number of generated cases.
CASES: Counter = Counter()

#: (reader, error class) -> number of cases that ended in that error.
ERRORS: Counter = Counter()

#: Outcomes, in report order.
OUTCOMES = ("equal", "prefix", "error")
OUTCOME_HELP = {
    "equal": "read, equal to the clean file (or to what the case says it must read)",
    "prefix": "read as a shorter valid file (cut at a record boundary; the format has no row count)",
    "error": "the toolkit's own error naming the file and the place (its class per reader below)",
}

#: The toolkit's errors a case may end in: a reader's, claims file's or YAML loader's
#: ``DataFormatError``; a params file's ``ParameterError`` (``toolkit.errors``).
ERROR_CLASSES = ("DataFormatError", "ParameterError")


def record(reader: str, mutation: str, outcome: str, error: str = "DataFormatError") -> None:
    """Count one generated case, its outcome and, for an error, the error's class."""
    assert outcome in OUTCOMES, outcome
    CASES[(reader, mutation, outcome)] += 1
    if outcome == "error":
        assert error in ERROR_CLASSES, error
        ERRORS[(reader, error)] += 1


#: The classes of the issue "bad input, round two", by the prefix of their mutations
#: (``fs:fifo``, ``edge:value``, ...); the round-one mutations keep their own names.
CLASS_NAMES = {
    "fs": "file system and size",
    "long-line": "very long lines",
    "edge": "numbers at the edges",
    "dup-column": "a column repeated",
    "workbook": "workbooks",
    "cut-last-field": "cut inside the last field",
    "ofac": "bytes inside OFAC fields",
}


def case_class(mutation: str) -> str | None:
    """The round-two class of a mutation (its prefix before ``:``), or None."""
    prefix = mutation.split(":", 1)[0]
    return prefix if prefix in CLASS_NAMES else None


def _reader_lines() -> list[str]:
    readers = sorted({r for r, _, _ in CASES})
    lines = [
        f"{'reader':<26}{'cases':>7}"
        + "".join(f"{o:>8}" for o in OUTCOMES)
        + "  raises            by mutation"
    ]
    for reader in readers:
        mine = {(m, o): n for (r, m, o), n in CASES.items() if r == reader}
        total = sum(mine.values())
        per = [sum(n for (_, o), n in mine.items() if o == outcome) for outcome in OUTCOMES]
        mutations = sorted({m for m, _ in mine})
        detail = ", ".join(
            f"{m} {sum(n for (mm, _), n in mine.items() if mm == m)}" for m in mutations
        )
        raises = ",".join(e for (r, e) in sorted(ERRORS) if r == reader) or "-"
        lines.append(
            f"{reader:<26}{total:>7}" + "".join(f"{n:>8}" for n in per) + f"  {raises:<17} {detail}"
        )
    lines.append(f"{'total':<26}{sum(CASES.values()):>7}")
    return lines


def _class_lines() -> list[str]:
    classes = [c for c in CLASS_NAMES if any(case_class(m) == c for _, m, _ in CASES)]
    if not classes:
        return []
    lines = ["", f"{'round-two class':<44}{'cases':>7}{'readers':>9}  outcomes"]
    for cls in classes:
        mine = [(r, o, n) for (r, m, o), n in CASES.items() if case_class(m) == cls]
        readers = len({r for r, _, _ in mine})
        outs = ", ".join(
            f"{o} {sum(n for _, oo, n in mine if oo == o)}"
            for o in OUTCOMES
            if any(oo == o for _, oo, _ in mine)
        )
        label = f"{cls} ({CLASS_NAMES[cls]})"
        lines.append(f"{label:<44}{sum(n for _, _, n in mine):>7}{readers:>9}  {outs}")
    return lines


def summary_lines() -> list[str]:
    """Return the per-reader and per-class tables printed at the end of the test run."""
    if not CASES:
        return []
    head = [
        "generated hostile-input cases (outcomes: "
        + "; ".join(f"{k} = {v}" for k, v in OUTCOME_HELP.items())
        + ")",
    ]
    return head + _reader_lines() + _class_lines()
