"""The name index the search reads: one row per name (primary or alias) of every list.

Built once per set of files and kept in memory (per path, size and modification time) and on
disk (:mod:`toolkit.framecache`: per sha256 of the files and of the code that builds it).
"""

from __future__ import annotations

from functools import lru_cache

from toolkit.entities._data import CODE, file_key, read_cached, shared_path
from toolkit.entities.names import name_key
from toolkit.errors import Unavailable

__all__ = ["INDEX_COLUMNS", "LISTS", "build_index", "name_index"]

#: The lists searched, in the order results show them.
LISTS = ("ofac_sdn", "ofac_consolidated", "un", "dfat", "opensanctions")
#: Columns of the name index.
INDEX_COLUMNS = (
    "list",
    "entity_id",
    "primary_name",
    "name",
    "name_type",
    "kind",
    "programs",
    "first_seen",
    "last_seen",
    "birth",
    "key",
)
# ``birth``: the text a cross-list match reads dates of birth and registration numbers from
# (OFAC remarks, UN dates of birth, DFAT Date of Birth, OpenSanctions birth_date and
# identifiers).
_ALIASES = "toolkit.sources.ofac_sdn:read_aliases"


def _ofac_sdn():
    """Names of every SDN entry of every snapshot; aliases of the partial sets' alt.csv."""
    import pandas as pd

    from toolkit.entities.ofac import ofac_presence, ofac_timelines

    presence = ofac_presence()
    timeline = ofac_timelines(presence).set_index("ent_num")
    complete = presence[presence["complete"]]
    remarks = complete.groupby("ent_num")["remarks"].last().fillna("")
    rows = []
    names = presence[presence["complete"]].drop_duplicates(["ent_num", "name"])
    for ent, name in zip(names["ent_num"], names["name"], strict=True):
        rows.append((ent, name))
    for sub in sorted(shared_path("ofac_partial").iterdir()):
        if (sub / "alt.csv").exists():
            alt = read_cached(_ALIASES, sub / "alt.csv")
            rows += list(zip(alt["ent_num"], alt["alt_name"], strict=True))
    df = pd.DataFrame(rows, columns=["ent_num", "name"]).dropna().drop_duplicates()
    df = df[df["ent_num"].isin(timeline.index)]
    t = timeline.loc[df["ent_num"]]
    return pd.DataFrame(
        {
            "list": "ofac_sdn",
            "entity_id": df["ent_num"].astype(str).to_numpy(),
            "primary_name": t["name"].to_numpy(),
            "name": df["name"].to_numpy(),
            "name_type": (df["name"].to_numpy() == t["name"].to_numpy()),
            "kind": t["entry_type"].to_numpy(),
            "programs": ["; ".join(p) if isinstance(p, tuple) else "" for p in t["programs"]],
            "first_seen": t["first_seen"].to_numpy(),
            "last_seen": t["last_seen"].to_numpy(),
            "birth": df["ent_num"].map(remarks).fillna("").to_numpy(),
        }
    ).assign(name_type=lambda d: d["name_type"].map({True: "primary", False: "alias"}))


def _ofac_consolidated():
    import pandas as pd

    df = read_cached(
        "toolkit.sources.ofac_consolidated:read_consolidated", shared_path("ofac_consolidated")
    )
    rows = []
    for e in df.itertuples(index=False):
        base = ("ofac_consolidated", str(e.ent_num), e.name)
        tail = (e.entry_type, "; ".join(e.programs), pd.NaT, pd.NaT, "")
        rows.append((*base, e.name, "primary", *tail))
        rows += [(*base, a, "alias", *tail) for a in e.aliases]
    return pd.DataFrame(rows, columns=list(INDEX_COLUMNS[:-1]))


def _un():
    import pandas as pd

    from toolkit.entities.lists import un_entries

    entries = un_entries().sort_values("generated")
    last_seen = entries.groupby("entity_id")["generated"].max()
    rows = []
    for e in entries.groupby("entity_id").tail(1).itertuples(index=False):
        base = ("un", e.entity_id, e.name)
        tail = (e.kind, e.regime, e.listed_on, last_seen[e.entity_id], " ".join(e.dates_of_birth))
        rows.append((*base, e.name, "primary", *tail))
        if e.name_original_script:
            rows.append((*base, e.name_original_script, "original script", *tail))
        rows += [(*base, a, "alias", *tail) for a in e.aliases]
    return pd.DataFrame(rows, columns=list(INDEX_COLUMNS[:-1]))


def _dfat():
    import pandas as pd

    from toolkit.entities.lists import dfat_events

    df = read_cached(
        "toolkit.sources.dfat_consolidated:read_dfat_consolidated", shared_path("dfat")
    )
    ev = dfat_events()
    first = ev[ev["event"] == "listed"].set_index("entity_id")["date_earliest"]
    control = ev[ev["event"] == "control date"].set_index("entity_id")["date_latest"]
    return pd.DataFrame(
        {
            "list": "dfat",
            "entity_id": df["entity_id"].to_numpy(),
            "primary_name": df["primary_name"].to_numpy(),
            "name": df["name"].to_numpy(),
            "name_type": df["name_type"].to_numpy(),
            "kind": df["kind"].to_numpy(),
            "programs": df["regime"].to_numpy(),
            # no listing date stated: the control date, the latest date known to hold it
            "first_seen": df["entity_id"].map(first).fillna(df["entity_id"].map(control)),
            "last_seen": pd.Timestamp(df["control_date"].max()),
            "birth": df["date_of_birth"].fillna("").to_numpy(),
        }
    )


def _opensanctions():
    import pandas as pd

    df = read_cached(
        "toolkit.sources.opensanctions:read_opensanctions", shared_path("opensanctions")
    )
    rows = []
    for e in df.itertuples(index=False):
        base = ("opensanctions", e.id, e.name)
        tail = (
            e.schema,
            "; ".join(e.program_ids),
            e.first_seen.normalize(),
            e.last_seen.normalize(),
            " ".join(e.birth_date + e.identifiers),
        )
        rows.append((*base, e.name, "primary", *tail))
        rows += [(*base, a, "alias", *tail) for a in e.aliases]
    return pd.DataFrame(rows, columns=list(INDEX_COLUMNS[:-1]))


_BUILDERS = {
    "ofac_sdn": (_ofac_sdn, ("ofac_sdn", "ofac_partial")),
    "ofac_consolidated": (_ofac_consolidated, ("ofac_consolidated",)),
    "un": (_un, ("un",)),
    "dfat": (_dfat, ("dfat",)),
    "opensanctions": (_opensanctions, ("opensanctions",)),
}


@lru_cache(maxsize=8)
def _built(lst: str, key: tuple):
    df = _BUILDERS[lst][0]()
    df = df[df["name"].astype(str).str.strip() != ""].copy()
    keys = {n: name_key(n) for n in dict.fromkeys(df["name"])}  # a name repeated is keyed once
    df["key"] = [keys[n] for n in df["name"]]
    df = df[df["key"] != ""].drop_duplicates(["entity_id", "key"], ignore_index=True)
    return df[list(INDEX_COLUMNS)]


def build_index(lst: str):
    """Return the name index of one list (cached per version of its files).

    Raises
    ------
    Unavailable
        When the list's files are absent from the shared data.
    """
    paths = [shared_path(k) for k in _BUILDERS[lst][1]]
    return _built(lst, tuple(file_key(p) for p in paths))


#: Modules whose code builds the index.
_CODE = ("toolkit.entities.index", "toolkit.entities.ofac", "toolkit.entities.lists", *CODE)


@lru_cache(maxsize=8)
def _combined(lists: tuple, keys: tuple):
    import pandas as pd

    from toolkit.framecache import cached

    def build():
        return pd.concat([build_index(x) for x in lists], ignore_index=True)

    inputs = [shared_path(k) for lst in lists for k in _BUILDERS[lst][1]]
    return cached("name-index-" + "-".join(lists), inputs, build, code=_CODE)


def name_index(lists=None):
    """Return the name index of ``lists`` (default: every list whose files are present).

    Parameters
    ----------
    lists : sequence of str, optional
        Among :data:`LISTS`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`INDEX_COLUMNS`; ``attrs["skipped"]`` names lists left out for want
        of their files (only when ``lists`` is None).

    Raises
    ------
    Unavailable
        A list asked for whose files are absent, or no list at all.
    ValueError
        A list name not in :data:`LISTS`.
    """
    asked = LISTS if lists is None else tuple(lists)
    unknown = [x for x in asked if x not in LISTS]
    if unknown:
        raise ValueError(f"unknown list(s) {unknown}; expected some of {LISTS}")
    present, skipped = [], {}
    for lst in asked:
        try:
            paths = [shared_path(k) for k in _BUILDERS[lst][1]]
        except Unavailable as exc:
            if lists is not None:
                raise
            skipped[lst] = str(exc)
            continue
        present.append((lst, tuple(file_key(p) for p in paths)))
    if not present:
        raise Unavailable("entity search: no list's files found; " + "; ".join(skipped.values()))
    out = _combined(tuple(x for x, _ in present), tuple(k for _, k in present))
    out.attrs["skipped"] = skipped
    return out
