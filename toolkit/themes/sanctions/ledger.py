"""The designation ledger: SDN entries in force, added and removed between dated snapshots."""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.errors import DataFormatError, ParameterError
from toolkit.paths import embedded

__all__ = [
    "ALL",
    "ENTRY_TYPES",
    "RUSSIA_UKRAINE_PATTERN",
    "SUMMARY_FILE",
    "designation_ledger",
    "is_russia_ukraine_program",
    "load_ledger_summary",
    "snapshot_files",
    "totals_by_program",
]

#: Programs of the SDN list that concern Russia and Ukraine (program tags as OFAC writes them).
RUSSIA_UKRAINE_PATTERN = re.compile(r"RUSSIA|UKRAINE|^MAGNIT$")
#: Pseudo-program counting every entry once, whatever its programs.
ALL = "ALL"
ENTRY_TYPES = ("individual", "entity", "vessel", "aircraft")
SUMMARY_FILE = "sdn_ledger_summary.csv"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_russia_ukraine_program(program: str) -> bool:
    """Tell whether an SDN program tag concerns Russia or Ukraine (e.g. ``RUSSIA-EO14024``)."""
    return program == ALL or bool(RUSSIA_UKRAINE_PATTERN.search(program))


def snapshot_files(snapshots) -> dict:
    """Return ``{date: sdn.csv path}`` from a folder of ``DATE/sdn.csv`` or a mapping.

    Raises
    ------
    DataFormatError
        A folder with no ``DATE/sdn.csv`` inside.
    ParameterError
        A mapping key that is not an ISO date.
    """
    import pandas as pd

    if isinstance(snapshots, dict):
        files = {}
        for key, path in snapshots.items():
            try:
                if isinstance(key, str) and not _DATE.fullmatch(key):
                    raise ValueError(key)  # pandas would read "March" as a date of this year
                files[pd.Timestamp(key)] = Path(path)
            except ValueError:
                raise ParameterError(
                    f"{key!r} is not an ISO date", source="designation_ledger", key="snapshots"
                ) from None
        return dict(sorted(files.items()))
    folder = Path(snapshots)
    if not folder.is_dir():
        raise DataFormatError(folder, "not a folder; expected a folder of DATE/sdn.csv snapshots")
    files = {
        pd.Timestamp(sub.name): sub / "sdn.csv"
        for sub in folder.iterdir()
        if sub.is_dir() and _DATE.fullmatch(sub.name) and (sub / "sdn.csv").exists()
    }
    if not files:
        raise DataFormatError(
            folder, "no DATE/sdn.csv inside (DATE as YYYY-MM-DD); expected dated SDN snapshots"
        )
    return dict(sorted(files.items()))


def _pairs(path: Path):
    """Return the (ent_num, program, entry_type) pairs of one snapshot, plus one ALL row per entry."""
    import pandas as pd

    from toolkit.sources.ofac_sdn import explode_programs, read_sdn

    sdn = read_sdn(path, companions=False)
    dup = sdn["ent_num"].duplicated()
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path, f"ent_num {sdn['ent_num'].iloc[i]} appears twice", line=i + 1, column="ent_num"
        )
    long = explode_programs(sdn)[["ent_num", "program", "entry_type"]]
    every = sdn[["ent_num", "entry_type"]].assign(program=ALL)
    return pd.concat([long, every], ignore_index=True)


def designation_ledger(snapshots, *, programs=None):
    """Count SDN entries in force, added and removed at each snapshot, by program and entry type.

    Parameters
    ----------
    snapshots : path-like or dict
        A folder of ``DATE/sdn.csv`` (as ``../shared/data/ofac-sdn-snapshots``) or a
        mapping ``{ISO date: path to sdn.csv}``.
    programs : callable or list of str, optional
        Keep only these programs (a list, or a predicate such as
        :func:`is_russia_ukraine_program`); ``"ALL"`` counts every entry once.

    Returns
    -------
    pandas.DataFrame
        ``snapshot_date``, ``program``, ``entry_type``, ``in_force``, ``added``,
        ``removed``: ``added`` / ``removed`` compare (``ent_num``, program) pairs with
        the previous snapshot (an entry moved to another program is removed from one
        and added to the other); NaN at the first snapshot. Removed entries count
        under their type in the previous snapshot.

    Raises
    ------
    DataFormatError
        A snapshot folder without snapshots, or a malformed ``sdn.csv`` (file, line).
    """
    import pandas as pd

    files = snapshot_files(snapshots)
    keys = ["program", "entry_type"]
    frames, previous = [], None
    for date, path in files.items():
        pairs = _pairs(path)
        if programs is not None:
            keep = (
                pairs["program"].map(programs)
                if callable(programs)
                else pairs["program"].isin(list(programs) + [ALL])
            )
            pairs = pairs[keep.astype(bool)]
        counts = pairs.groupby(keys).size().rename("in_force")
        if previous is None:
            table = counts.to_frame().assign(added=float("nan"), removed=float("nan"))
        else:
            merged = pairs.merge(
                previous,
                on=["ent_num", "program"],
                how="outer",
                suffixes=("", "_prev"),
                indicator=True,
            )
            added = merged[merged["_merge"] == "left_only"].groupby(keys).size().rename("added")
            gone = merged[merged["_merge"] == "right_only"]
            removed = gone.groupby(["program", "entry_type_prev"]).size().rename("removed")
            removed.index = removed.index.set_names(keys)
            table = pd.concat([counts, added, removed], axis=1).fillna(0)
        table = table.reset_index().assign(snapshot_date=date)
        frames.append(table)
        previous = pairs
    out = pd.concat(frames, ignore_index=True)
    out = out[["snapshot_date", "program", "entry_type", "in_force", "added", "removed"]]
    out["in_force"] = out["in_force"].fillna(0).astype("int64")
    for col in ("added", "removed"):
        out[col] = out[col].astype("Int64")
    out = out.sort_values(["snapshot_date", "program", "entry_type"], ignore_index=True)
    out.attrs["source"] = {
        "source": ", ".join(str(p) for p in files.values()),
        "vintage": f"snapshots {min(files):%Y-%m-%d} to {max(files):%Y-%m-%d}",
        "citation": "; ".join(f"OFAC SDN list as published on {d:%Y-%m-%d}" for d in files),
    }
    return out


def load_ledger_summary(*, path=None, programs=None, entry_types=None):
    """Load the embedded ledger summary over the 14 real SDN snapshots (counts only).

    Parameters
    ----------
    path : path-like, optional
        A summary file of the same layout (default: the embedded one).
    programs, entry_types : list of str, optional
        Keep these programs (``"ALL"`` is every entry) / entry types.

    Returns
    -------
    pandas.DataFrame
        As :func:`designation_ledger`, plus ``citation`` ("OFAC SDN list as published on DATE").

    Raises
    ------
    ParameterError
        An unknown program or entry type.
    """
    import pandas as pd

    path = embedded(SUMMARY_FILE) if path is None else Path(path)
    df = pd.read_csv(path, dtype={"program": str, "entry_type": str, "citation": str})
    expected = [
        "snapshot_date",
        "program",
        "entry_type",
        "in_force",
        "added",
        "removed",
        "citation",
    ]
    if list(df.columns) != expected:
        raise DataFormatError(path, f"columns {list(df.columns)}; expected {expected}", line=1)
    df["snapshot_date"] = pd.to_datetime(df["snapshot_date"], format="%Y-%m-%d")
    for col in ("added", "removed"):
        df[col] = df[col].astype("Int64")
    for key, wanted, col in (
        ("programs", programs, "program"),
        ("entry_types", entry_types, "entry_type"),
    ):
        if wanted:
            unknown = sorted(set(wanted) - set(df[col]))
            if unknown:
                raise ParameterError(
                    f"unknown value(s) {unknown}; expected some of {sorted(set(df[col]))}",
                    source="load_ledger_summary",
                    key=key,
                )
            df = df[df[col].isin(wanted)]
    return df.reset_index(drop=True)


def totals_by_program(ledger):
    """Sum a ledger over entry types: one row per date and program."""
    out = ledger.groupby(["snapshot_date", "program"], as_index=False)[
        ["in_force", "added", "removed"]
    ].sum(min_count=1)
    out.attrs = dict(ledger.attrs)
    return out
