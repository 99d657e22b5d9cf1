"""Russia-related listings per jurisdiction over time, and entities listed by several lists.

What each series counts differs, and says so in its ``measure`` column: OFAC's SDN entries
tagged with a Russia- or Ukraine-related program at each snapshot (to 2024-05), then the
whole SDN list's size from the partial sets (programs unknown, to 2026-06); DFAT's
"Autonomous (Russia)" primary names by control date (the latest listing or amendment: a
name amended later counts from its amendment); OpenSanctions' entries by the day its crawler
first saw them; the UN's whole list at its two files (no Russia regime: a contrast).
"""

from __future__ import annotations

import re

from toolkit.entities._data import CODE

__all__ = ["MEASURES", "cross_listed", "russia_listings"]

#: What each jurisdiction's series counts.
MEASURES = {
    "OFAC (US)": "SDN entries with a Russia/Ukraine-related program, at each snapshot",
    "OFAC (US), whole list": "all SDN entries (2025-26: ent_nums of the partial sets, programs unknown)",
    "DFAT (Australia)": "Autonomous (Russia) primary names with a control date up to the date",
    "OpenSanctions (UA War and Sanctions)": "entries first seen by the crawler up to the date",
    "UN Security Council": "all entries of the list (no Russia regime)",
}
_CODE = (
    "toolkit.entities.crosslist",
    "toolkit.entities.index",
    "toolkit.entities.ofac",
    "toolkit.entities.lists",
    *CODE,
)
_YEAR = re.compile(r"\b(19[0-9]{2}|20[0-2][0-9])\b")
_NUMBER = re.compile(r"\b\d{7,15}\b")


def _cumulative(dates, jurisdiction):
    import pandas as pd

    counts = pd.Series(1, index=pd.DatetimeIndex(dates)).sort_index().groupby(level=0).sum()
    return pd.DataFrame(
        {"jurisdiction": jurisdiction, "date": counts.index, "count": counts.cumsum().to_numpy()}
    )


def russia_listings():
    """Return the Russia-related listings per jurisdiction over time (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        ``jurisdiction, date, count, measure``, one row per date a series changes or is
        observed. ``attrs["sources"]`` names the files read.

    Raises
    ------
    Unavailable
        When a list's files are absent from the shared data.
    """
    from toolkit.entities._data import shared_path
    from toolkit.framecache import cached

    keys = ("ofac_sdn", "ofac_partial", "dfat", "opensanctions", "un")
    inputs = [shared_path(k) for k in keys]
    return cached("russia-listings", inputs, _russia_listings, code=_CODE)


def _russia_listings():
    import pandas as pd

    from toolkit.entities.lists import dfat_primary, opensanctions_events, un_entries
    from toolkit.entities.ofac import ofac_presence
    from toolkit.themes.sanctions.ledger import is_russia_ukraine_program

    presence = ofac_presence()
    full = presence[presence["complete"]]
    ru = full["programs"].map(lambda ps: any(is_russia_ukraine_program(p) for p in ps))
    ofac = full[ru].groupby("snapshot_date")["ent_num"].nunique()
    size = presence.groupby("snapshot_date")["ent_num"].nunique()
    dfat = dfat_primary()
    dfat = dfat[dfat["regime"] == "Autonomous (Russia)"]
    os_first = opensanctions_events()
    os_first = os_first[os_first["event"] == "first seen"]
    un = un_entries().groupby("generated")["entity_id"].nunique()
    frames = [
        pd.DataFrame({"jurisdiction": "OFAC (US)", "date": ofac.index, "count": ofac.to_numpy()}),
        pd.DataFrame(
            {"jurisdiction": "OFAC (US), whole list", "date": size.index, "count": size.to_numpy()}
        ),
        _cumulative(dfat["control_date"], "DFAT (Australia)"),
        _cumulative(os_first["date_latest"], "OpenSanctions (UA War and Sanctions)"),
        pd.DataFrame(
            {"jurisdiction": "UN Security Council", "date": un.index, "count": un.to_numpy()}
        ),
    ]
    out = pd.concat(frames, ignore_index=True)
    out["count"] = out["count"].astype("int64")
    out["measure"] = out["jurisdiction"].map(MEASURES)
    return out


def _evidence(text: str) -> tuple[frozenset, frozenset]:
    return frozenset(_YEAR.findall(text or "")), frozenset(_NUMBER.findall(text or ""))


def cross_listed(index=None, *, lists=("ofac_sdn", "un", "dfat", "opensanctions")):
    """Return entities listed by several lists: the same name and a shared birth year or number.

    Two entries of different lists are one entity when a name of each reduces to the same
    key (:func:`toolkit.entities.names.name_key`) and they share a year of birth (persons:
    OFAC's ``DOB`` remarks, the UN's dates of birth, DFAT's Date of Birth, OpenSanctions'
    birth_date) or a registration or identification number of 7 to 15 digits (OFAC's
    remarks, OpenSanctions' identifiers). A name alone is not enough: common names are
    shared by different people.

    Parameters
    ----------
    index : pandas.DataFrame, optional
        As returned by :func:`toolkit.entities.index.name_index` (default: built).
    lists : sequence of str
        The lists compared.

    Returns
    -------
    pandas.DataFrame
        One row per matched pair: ``list_a, id_a, name_a, list_b, id_b, name_b, key,
        shared_years, shared_numbers, evidence`` (a sentence).
    """
    from toolkit.entities._data import shared_path
    from toolkit.entities.index import _BUILDERS
    from toolkit.framecache import cached

    lists = tuple(lists)
    if index is not None:
        return _cross_listed(index, lists)
    inputs = [shared_path(k) for lst in lists for k in _BUILDERS[lst][1]]
    return cached(
        "cross-listed-" + "-".join(lists),
        inputs,
        lambda: _cross_listed(None, lists),
        code=_CODE,
        params={"lists": list(lists)},
    )


def _pairs(ents, key, ev):
    """Yield the matched pairs of the entries ``ents`` (rows of one name key), in order."""
    for i, a in enumerate(ents):
        for b in ents[i + 1 :]:
            if a[0] == b[0]:
                continue
            ya, na = ev[(a[0], a[1])]
            yb, nb = ev[(b[0], b[1])]
            years, numbers = ya & yb, na & nb
            if not (years or numbers):
                continue
            said = [f"same name key '{key}'"]
            if years:
                said.append(f"year of birth {', '.join(sorted(years))} in both")
            if numbers:
                said.append(f"number {', '.join(sorted(numbers))} in both")
            yield (
                a[0],
                a[1],
                a[2],
                b[0],
                b[1],
                b[2],
                key,
                ", ".join(sorted(years)),
                ", ".join(sorted(numbers)),
                "; ".join(said),
            )


def _cross_listed(index, lists):
    import numpy as np
    import pandas as pd

    from toolkit.entities.index import name_index

    index = name_index(lists) if index is None else index
    index = index[index["list"].isin(lists)]
    first = index.drop_duplicates(["list", "entity_id"])
    ev = {
        (lst, ent): _evidence(birth)
        for lst, ent, birth in zip(first["list"], first["entity_id"], first["birth"], strict=True)
    }
    lists_per_key = index.groupby("key")["list"].nunique()
    shared = index[index["key"].map(lists_per_key).ge(2) & index["key"].str.contains(" ")]
    shared = shared.drop_duplicates(["key", "list", "entity_id"])
    # the keys in order of first appearance, each key's rows in their order (groupby sort=False)
    codes, uniques = pd.factorize(shared["key"])
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    recs = list(zip(shared["list"], shared["entity_id"], shared["primary_name"], strict=True))
    rows = []
    for group in np.split(order, bounds) if len(order) else []:
        key = uniques[codes[group[0]]]
        rows.extend(_pairs([recs[i] for i in group.tolist()], key, ev))
    cols = ["list_a", "id_a", "name_a", "list_b", "id_b", "name_b", "key"]
    cols += ["shared_years", "shared_numbers", "evidence"]
    out = pd.DataFrame(rows, columns=cols)
    return out.drop_duplicates(["list_a", "id_a", "list_b", "id_b"], ignore_index=True)
