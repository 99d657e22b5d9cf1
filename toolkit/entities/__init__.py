"""Who is listed, where and since when: entity timelines and name search across the lists.

Reads the real lists in the shared data folder (``../shared/data`` or
``$SANCTIONS_TOOLKIT_SHARED_DATA``) through the sources' readers: the dated OFAC SDN
snapshots and partial sets, OFAC's Consolidated (non-SDN) list, the UN Consolidated List,
Australia's DFAT Consolidated List and the OpenSanctions "War and Sanctions" export. Every
function raises :class:`toolkit.errors.Unavailable`, naming the file, when they are absent.

* :func:`search` - a name across every list (aliases, scripts, romanisations).
* :func:`listing_events` - one table of listing events of every list, each dated by an
  interval (``date_earliest``, ``date_latest``).
* :func:`ofac_timelines` - per OFAC ``ent_num``: first and last snapshot seen, and how sure.
* :func:`entity_timeline` - the events of one entity of one list.
"""

from __future__ import annotations

from toolkit.entities._data import CODE
from toolkit.entities.index import LISTS, name_index
from toolkit.entities.lists import dfat_events, opensanctions_events, un_events
from toolkit.entities.ofac import EVENT_COLUMNS, ofac_events, ofac_presence, ofac_timelines
from toolkit.entities.search import THRESHOLD, search

__all__ = [
    "EVENT_COLUMNS",
    "LISTS",
    "THRESHOLD",
    "dfat_events",
    "entity_timeline",
    "listing_events",
    "name_index",
    "ofac_events",
    "ofac_presence",
    "ofac_timelines",
    "opensanctions_events",
    "search",
    "un_events",
]

#: list -> (its events function, the shared files it reads)
_EVENTS = {
    "ofac_sdn": (ofac_events, ("ofac_sdn", "ofac_partial")),
    "un": (un_events, ("un",)),
    "dfat": (dfat_events, ("dfat",)),
    "opensanctions": (opensanctions_events, ("opensanctions",)),
}
_CACHE: dict = {}  # list -> (its files' keys, its events): the events of the files read last
_CODE = ("toolkit.entities", "toolkit.entities.ofac", "toolkit.entities.lists", *CODE)


def listing_events(lists=None):
    """Return the listing events of every list as one table.

    Parameters
    ----------
    lists : sequence of str, optional
        Some of ``ofac_sdn``, ``un``, ``dfat``, ``opensanctions`` (default: all).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`EVENT_COLUMNS`: ``list, entity_id, name, event, date_earliest,
        date_latest, program_or_regime, detail, source_file``. Each event happened on a
        day of ``[date_earliest, date_latest]``: one day where the list states the date,
        the interval between two snapshots where only snapshots show it (OFAC), a year
        where only the designating instrument's title dates it (DFAT); ``date_earliest``
        NaT: on or before ``date_latest``.

    Raises
    ------
    Unavailable
        When a list's files are absent from the shared data.
    """
    import pandas as pd

    from toolkit.entities._data import file_key, shared_path
    from toolkit.framecache import cached

    names = tuple(_EVENTS) if lists is None else tuple(lists)
    frames = []
    for lst in names:
        if lst not in _EVENTS:
            raise ValueError(f"unknown list {lst!r}; expected some of {tuple(_EVENTS)}")
        build, files = _EVENTS[lst]
        keys = tuple(file_key(shared_path(k)) for k in files)
        if _CACHE.get(lst, (None,))[0] != keys:
            inputs = [shared_path(k) for k in files]
            _CACHE[lst] = (keys, cached(f"events-{lst}", inputs, build, code=_CODE))
        frames.append(_CACHE[lst][1])
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["list", "entity_id", "date_latest"], ignore_index=True, kind="stable")


def entity_timeline(lst: str, entity_id: str):
    """Return the listing events of one entity of one list, oldest first."""
    events = listing_events([lst])
    return events[events["entity_id"] == str(entity_id)].reset_index(drop=True)
