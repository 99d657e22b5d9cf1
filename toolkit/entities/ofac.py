"""OFAC entity timelines: each ``ent_num`` followed across every dated snapshot of the SDN list.

A snapshot says what the list held on its date, nothing about the days between two
snapshots: an entry first seen in the snapshot of 2022-03-31 and absent from the one of
2022-02-23 was listed on a day of ``[2022-02-24, 2022-03-31]``. Every date here is such an
interval (``date_earliest``, ``date_latest``); an entry in the first snapshot was listed on
or before it (``date_earliest`` is NaT). The partial sets of 2025-26 (companion files
without ``sdn.csv``) tell presence only: an ``ent_num`` with an address row is on the list
(PROVENANCE.md), with neither name nor programs.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from toolkit.entities._data import CODE, file_key, read_cached, shared_path

__all__ = [
    "EVENT_COLUMNS",
    "ofac_events",
    "ofac_presence",
    "ofac_timelines",
]

#: Columns of every listing-events table (:func:`toolkit.entities.listing_events`).
EVENT_COLUMNS = (
    "list",
    "entity_id",
    "name",
    "event",
    "date_earliest",
    "date_latest",
    "program_or_regime",
    "detail",
    "source_file",
)
_LIST = "ofac_sdn"
_DAY = "1D"


def ofac_presence(snapshots=None, partial_sets=None):
    """Return one row per (snapshot, ``ent_num``) of every dated OFAC SDN file.

    Parameters
    ----------
    snapshots : str or path-like, optional
        A folder of ``YYYY-MM-DD/sdn.csv`` (default: ``ofac-sdn-snapshots`` in the shared data).
    partial_sets : str or path-like or False, optional
        A folder of ``YYYY-MM-DD/`` partial sets (default: ``ofac-partial-sets``); ``False``
        leaves them out.

    Returns
    -------
    pandas.DataFrame
        ``snapshot_date, ent_num, name, entry_type, remarks, programs, complete,
        source_file``: ``complete`` is False for a partial set (``name``, ``entry_type``,
        ``remarks`` NaN, ``programs`` None: unknown, not empty).

    Raises
    ------
    Unavailable
        When a default folder is absent.
    """
    folder = shared_path("ofac_sdn") if snapshots is None else Path(snapshots)
    if partial_sets is False:
        sets = False
    else:
        sets = shared_path("ofac_partial") if partial_sets is None else Path(partial_sets)
    key = (file_key(folder), file_key(sets) if sets else None)
    return _presence(str(folder), str(sets) if sets else False, key).copy()


@lru_cache(maxsize=4)
def _presence(folder: str, sets, key: tuple):
    """Return :func:`ofac_presence`'s frame, kept in memory per version of the files and on disk."""
    from toolkit.framecache import cached, tag

    inputs = [folder] + ([sets] if sets else [])
    return cached(
        f"ofac-presence-{tag(folder, sets)}",
        inputs,
        lambda: _read_presence(folder, sets),
        code=("toolkit.entities.ofac", *CODE),
        params={"snapshots": folder, "partial_sets": sets},
    )


def _read_presence(folder: str, sets):
    import pandas as pd

    from toolkit.themes.sanctions.ledger import snapshot_files

    frames = []
    for date, path in snapshot_files(folder).items():
        sdn = read_cached("toolkit.sources.ofac_sdn:read_sdn", path, companions=False)
        part = sdn[["ent_num", "name", "entry_type", "remarks"]].copy()
        part["programs"] = [tuple(p) for p in sdn["programs"]]
        part.insert(0, "snapshot_date", date)
        part["complete"] = True
        part["source_file"] = str(path)
        frames.append(part)
    if sets is not False:
        parts = read_cached("toolkit.sources.ofac_partial_sets:read_partial_sets", sets)
        for date, group in parts.groupby("list_date"):
            frames.append(
                pd.DataFrame(
                    {
                        "snapshot_date": date,
                        "ent_num": group["ent_num"].to_numpy(),
                        "name": pd.NA,
                        "entry_type": pd.NA,
                        "remarks": pd.NA,
                        "programs": None,
                        "complete": False,
                        "source_file": f"{sets}/{date:%Y-%m-%d}",
                    }
                )
            )
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["ent_num", "snapshot_date"], ignore_index=True)


def _dates(presence):
    """Return the sorted snapshot dates and, per date, the previous one (NaT for the first)."""
    import pandas as pd

    dates = pd.Series(sorted(presence["snapshot_date"].unique()))
    return dates, dict(zip(dates, dates.shift(1), strict=True))


def _interval(prev, date):
    """Return (earliest, latest) of an event seen first at ``date`` (previous snapshot ``prev``)."""
    import pandas as pd

    earliest = prev + pd.Timedelta(_DAY) if pd.notna(prev) else pd.NaT
    return earliest, date


def _entry_events(seen: dict, dates, previous):
    """Yield (event, earliest, latest, row, detail) of one entry.

    ``seen``: {date: row}; ``previous``: {date: (earliest, latest)} of an event first seen then.
    """
    was, listed_once, last_complete, last_row = False, False, None, None
    for date in dates:
        row = seen.get(date)
        here = row is not None
        if here and not was:
            shown = row if row["complete"] or last_complete is None else last_complete
            yield ("relisted" if listed_once else "listed", *previous[date], shown, "")
            listed_once = True
        elif was and not here:
            yield ("delisted", *previous[date], last_complete or last_row, "")
        if here and row["complete"]:
            if was and last_complete is not None:
                yield from _amendments(last_complete, row, previous[date])
            last_complete = row
        if here:
            last_row = row
        was = here


def _amendments(old, new, span):
    """Yield name and program changes between two complete rows of one entry."""
    if old["programs"] == new["programs"] and old["name"] == new["name"]:
        return
    earliest, latest = span
    added = sorted(set(new["programs"]) - set(old["programs"]))
    removed = sorted(set(old["programs"]) - set(new["programs"]))
    if added or removed:
        detail = " ".join([f"+{p}" for p in added] + [f"-{p}" for p in removed])
        yield ("programs changed", earliest, latest, new, detail)
    if old["name"] != new["name"]:
        yield ("renamed", earliest, latest, new, f"was {old['name']}")


def ofac_events(presence=None):
    """Return the listing events of every OFAC SDN entry, as dated as the snapshots allow.

    Parameters
    ----------
    presence : pandas.DataFrame, optional
        As returned by :func:`ofac_presence` (default: read from the shared data).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`EVENT_COLUMNS`; ``event`` is ``listed`` (first seen), ``delisted``
        (gone from a later snapshot), ``relisted`` (back after a gap), ``programs changed``
        (``detail``: ``+ADDED -REMOVED``) or ``renamed`` (``detail``: the former name).
        The event happened on a day of ``[date_earliest, date_latest]``; ``date_earliest``
        is NaT for entries of the first snapshot (listed on or before it). Names and
        programs of a partial set are unknown: the last complete snapshot's are shown.
    """
    import pandas as pd

    presence = ofac_presence() if presence is None else presence
    dates, previous = _dates(presence)
    previous = {d: _interval(p, d) for d, p in previous.items()}  # date -> its uncertainty
    files = presence.groupby("snapshot_date")["source_file"].first().to_dict()
    by_entry: dict = {}
    keys = ("snapshot_date", "ent_num", "name", "programs", "complete")
    for values in zip(*(presence[k].tolist() for k in keys), strict=True):
        rec = dict(zip(keys, values, strict=True))
        by_entry.setdefault(rec["ent_num"], {})[rec["snapshot_date"]] = rec
    rows = []
    for ent in sorted(by_entry):
        for event, earliest, latest, row, detail in _entry_events(by_entry[ent], dates, previous):
            programs = row["programs"]
            rows.append(
                (
                    _LIST,
                    str(ent),
                    row["name"],
                    event,
                    earliest,
                    latest,
                    "; ".join(programs) if programs is not None else pd.NA,
                    detail,
                    files[latest],
                )
            )
    out = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    for col in ("date_earliest", "date_latest"):
        out[col] = pd.to_datetime(out[col])
    return out


def ofac_timelines(presence=None):
    """Return one row per ``ent_num``: when it was first and last seen, and how sure that is.

    Parameters
    ----------
    presence : pandas.DataFrame, optional
        As returned by :func:`ofac_presence` (default: read from the shared data).

    Returns
    -------
    pandas.DataFrame
        ``ent_num, name, entry_type, programs`` (of the last complete snapshot that holds
        it), ``first_seen`` (first snapshot holding it), ``listed_after`` (the snapshot
        before, NaT when it is in the first: listed on or before ``first_seen``),
        ``last_seen`` (last snapshot holding it), ``gone_by`` (the next snapshot, NaT when
        it is in the latest), ``snapshots`` (count), ``gaps`` (delisted then relisted),
        ``in_latest`` (in the latest file, a partial set included).
    """
    import pandas as pd

    presence = ofac_presence() if presence is None else presence
    dates, previous = _dates(presence)
    following = dict(zip(dates, dates.shift(-1), strict=True))
    position = {d: i for i, d in enumerate(dates)}
    complete = presence[presence["complete"]]
    last = complete.groupby("ent_num").tail(1).set_index("ent_num")
    g = presence.groupby("ent_num")["snapshot_date"]
    out = pd.DataFrame({"first_seen": g.min(), "last_seen": g.max(), "snapshots": g.size()})
    span = out["last_seen"].map(position) - out["first_seen"].map(position) + 1
    out["gaps"] = (span - out["snapshots"]).gt(0)
    out["listed_after"] = out["first_seen"].map(previous)
    out["gone_by"] = out["last_seen"].map(following)
    out["in_latest"] = out["last_seen"].eq(dates.iloc[-1])
    out = out.join(last[["name", "entry_type", "programs"]], how="left").reset_index()
    cols = ["ent_num", "name", "entry_type", "programs", "first_seen", "listed_after"]
    cols += ["last_seen", "gone_by", "snapshots", "gaps", "in_latest"]
    return out[cols]
