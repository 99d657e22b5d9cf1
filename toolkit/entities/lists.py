"""The listing dates the UN, DFAT and OpenSanctions files state themselves, as events.

Unlike OFAC's snapshots, these lists write a date per entry: the UN its ``LISTED_ON`` (the
original listing, kept when a regime is re-imposed) and ``LAST_DAY_UPDATED``; DFAT a
``Control Date`` (the latest listing or amendment) and, in the free text of ``Listing
Information``, the listing and amendment dates or only the title of the designating
instrument (``... Amendment (No. 2) Instrument 2023``: the year is all it dates);
OpenSanctions the first and last time its crawler saw the entry (``first_seen`` dates
OpenSanctions' crawl, not the listing).
"""

from __future__ import annotations

import re

from toolkit.entities._data import read_cached, shared_path
from toolkit.entities.ofac import EVENT_COLUMNS

__all__ = [
    "DFAT_READER",
    "OPENSANCTIONS_READER",
    "UN_FILES",
    "UN_READER",
    "dfat_events",
    "dfat_primary",
    "opensanctions_events",
    "un_entries",
    "un_events",
]

UN_READER = "toolkit.sources.un_consolidated:read_un_consolidated"
DFAT_READER = "toolkit.sources.dfat_consolidated:read_dfat_consolidated"
OPENSANCTIONS_READER = "toolkit.sources.opensanctions:read_opensanctions"
#: The UN files, oldest first (``un-consolidated/<generated>/<file>``).
UN_FILES = ("2024-11-30/consolidated.xml", "2026-02-27/UN_consolidated.xml")
_INSTRUMENT_YEAR = re.compile(r"Instrument\s+((?:19|20)\d{2})\b")


def _frame(rows):
    import pandas as pd

    out = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    for col in ("date_earliest", "date_latest"):
        out[col] = pd.to_datetime(out[col])
    return out


def un_entries(paths=None):
    """Return the entries of every UN file, oldest file first, with a ``file`` column.

    Raises
    ------
    Unavailable
        When the shared UN files are absent and no ``paths`` are given.
    """
    import pandas as pd

    if paths is None:
        root = shared_path("un")
        paths = [root / f for f in UN_FILES]
    frames = [read_cached(UN_READER, p).assign(file=str(p)) for p in paths]
    return pd.concat(frames, ignore_index=True)


def un_events(entries=None):
    """Return the UN listing events: listed, updated, and changes between the files.

    Parameters
    ----------
    entries : pandas.DataFrame, optional
        As returned by :func:`un_entries` (several files: the generated dates order them).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`~toolkit.entities.ofac.EVENT_COLUMNS`, ``list`` = ``un``: ``listed``
        on ``LISTED_ON`` and ``updated`` on the latest ``LAST_DAY_UPDATED`` (one day each,
        as the latest file states them); ``delisted`` (in a file, not in the next: dated
        between the two files) and ``added back`` (not in a file, in the next, with a
        ``LISTED_ON`` before the first: a re-imposed regime keeps the original date).
    """
    import pandas as pd

    entries = un_entries() if entries is None else entries
    files = entries.groupby("generated")["file"].first().sort_index()
    latest = entries.sort_values("generated").groupby("entity_id").tail(1)
    rows = []
    for e in latest.itertuples(index=False):
        rows.append(
            (
                "un",
                e.entity_id,
                e.name,
                "listed",
                e.listed_on,
                e.listed_on,
                e.regime,
                "LISTED_ON",
                e.file,
            )
        )
        if pd.notna(e.last_updated):
            rows.append(
                (
                    "un",
                    e.entity_id,
                    e.name,
                    "updated",
                    e.last_updated,
                    e.last_updated,
                    e.regime,
                    "LAST_DAY_UPDATED",
                    e.file,
                )
            )
    gens = list(files.index)
    for old, new in zip(gens, gens[1:], strict=False):
        a = entries[entries["generated"] == old].set_index("entity_id")
        b = entries[entries["generated"] == new].set_index("entity_id")
        day = old + pd.Timedelta("1D")
        for ent in a.index.difference(b.index):
            e = a.loc[ent]
            rows.append(
                (
                    "un",
                    ent,
                    e["name"],
                    "delisted",
                    day,
                    new,
                    e["regime"],
                    f"in the file of {old:%Y-%m-%d}, not in the next",
                    files[new],
                )
            )
        for ent in b.index.difference(a.index):
            e = b.loc[ent]
            if e["listed_on"] < old:
                detail = (
                    f"LISTED_ON {e['listed_on']:%Y-%m-%d}, absent from the file of {old:%Y-%m-%d}"
                )
                rows.append(
                    ("un", ent, e["name"], "added back", day, new, e["regime"], detail, files[new])
                )
    return _frame(rows)


def dfat_primary(path=None):
    """Return the DFAT workbook's primary names (one row per listed person or entity)."""
    df = read_cached(DFAT_READER, shared_path("dfat") if path is None else path)
    return df[df["name_type"] == "primary"]


def _instrument_year(text: str):
    m = _INSTRUMENT_YEAR.search(text or "")
    return int(m[1]) if m else None


def dfat_events(path=None):
    """Return the DFAT listing events of every primary name.

    Parameters
    ----------
    path : str or path-like, optional
        The workbook (default: the shared copy).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`~toolkit.entities.ofac.EVENT_COLUMNS`, ``list`` = ``dfat``:
        ``listed`` on the date ``Listing Information`` states (``detail``: stated), else,
        when it names only the designating instrument, within that instrument's year (up to
        the control date; ``detail``: instrument year); ``amended`` on each later date the
        text states; ``control date`` on ``Control Date`` (the latest listing or amendment).
    """
    import pandas as pd

    prim = dfat_primary(path)
    source = prim.attrs.get("source", {}).get("source", str(path))
    rows = []
    for e in prim.itertuples(index=False):
        base = ("dfat", e.entity_id, e.name)
        dates = [pd.Timestamp(d) for d in e.listing_dates]
        year = _instrument_year(e.listing_information)
        if pd.notna(e.listed_on):
            rows.append((*base, "listed", e.listed_on, e.listed_on, e.regime, "stated", source))
            dates = dates[1:]
        elif year and not dates:
            end = min(pd.Timestamp(year, 12, 31), e.control_date)
            detail = f"instrument year {year}"
            rows.append((*base, "listed", pd.Timestamp(year, 1, 1), end, e.regime, detail, source))
        for d in dates:
            rows.append((*base, "amended", d, d, e.regime, "stated", source))
        c = e.control_date
        rows.append((*base, "control date", c, c, e.regime, "latest listing or amendment", source))
    return _frame(rows)


def opensanctions_events(path=None):
    """Return the OpenSanctions events: ``first seen`` and ``last seen`` by its crawler.

    These date OpenSanctions' crawl of the Ukrainian "War and Sanctions" source, not a
    listing by a government; an entry first seen on the first crawl day of the export
    may have been listed long before.
    """
    import pandas as pd

    df = read_cached(OPENSANCTIONS_READER, shared_path("opensanctions") if path is None else path)
    source = df.attrs.get("source", {}).get("source", str(path))
    rows = []
    for e in df.itertuples(index=False):
        prog = "; ".join(e.program_ids) if e.program_ids else pd.NA
        for event, when in (("first seen", e.first_seen), ("last seen", e.last_seen)):
            day = when.normalize()
            rows.append(("opensanctions", e.id, e.name, event, day, day, prog, e.schema, source))
    return _frame(rows)
