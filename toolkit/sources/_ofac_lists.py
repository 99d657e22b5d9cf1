"""OFAC's legacy CSV list sets (SDN and Consolidated), parsed exactly as Treasury publishes them.

Shared by :mod:`toolkit.sources.ofac_sdn` and :mod:`toolkit.sources.ofac_consolidated`: the
header-less record format (``-0-`` nulls, CP1252, CRLF, a final 0x1A byte), the companion
files joined on ``ent_num``, and the columns both readers return.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.fields import Column
from toolkit.sources._ofac_csv import NULL, _gc_paused, _read_records, read_legacy_csv

#: Columns both list readers return that the catalog declares (and ``load`` checks).
ENTRY_COLUMNS = (
    Column("ent_num", "int", description="OFAC's entry number (joins the companion files)"),
    Column("name", "str", description="name as listed"),
    Column("entry_type", "str", description="individual, entity, vessel or aircraft"),
    Column("programs", "list", description="sanctions programs of the entry"),
)
#: Columns of sdn.csv / cons_prim.csv (the files have no header).
MAIN_COLUMNS = (
    "ent_num",
    "name",
    "sdn_type",
    "program",
    "title",
    "call_sign",
    "vessel_type",
    "tonnage",
    "grt",
    "vessel_flag",
    "vessel_owner",
    "remarks",
)
ADD_COLUMNS = ("ent_num", "add_num", "address", "city_state_postal", "country", "add_remarks")
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
COMMENT_COLUMNS = ("ent_num", "remarks_continued")

#: SDN_Type as published -> entry type; entities carry the null marker.
ENTRY_TYPES = {
    "individual": "individual",
    "vessel": "vessel",
    "aircraft": "aircraft",
    NULL: "entity",
}
#: Several programs share one field, written ``A] [B``.
PROGRAM_SEPARATOR = "] ["

#: The roles of a list set's files, in the order its source declares them.
ROLES = ("main", "add", "alt", "comments")

_DATE_DIR = re.compile(r"\d{4}-\d{2}-\d{2}")


def _main_frame(path: Path, encoding: str):
    import pandas as pd

    extra = {}

    def types_and_programs(values):
        col = dict(zip(MAIN_COLUMNS, range(len(MAIN_COLUMNS)), strict=True))
        sdn_type = values[:, col["sdn_type"]]
        types = [ENTRY_TYPES.get(t) for t in sdn_type]
        if None in types:
            i = types.index(None)
            raise DataFormatError(
                path,
                f"unknown entry type {sdn_type[i]!r}; expected individual, vessel, aircraft or '-0- '",
                line=i + 1,
                column="SDN_Type",
            )
        extra["entry_type"] = types
        # split the packed programs while every cell is a str (no NaN checks)
        extra["programs"] = [
            [] if p == NULL else p.split(PROGRAM_SEPARATOR) for p in values[:, col["program"]]
        ]

    values, ent = _read_records(
        path, MAIN_COLUMNS, encoding=encoding, before_nulls=types_and_programs
    )
    out = {"ent_num": ent, "name": values[:, 1], "entry_type": extra["entry_type"]}
    out["sdn_type"] = values[:, 2]
    out["programs"] = extra["programs"]
    for j, name in enumerate(MAIN_COLUMNS[3:], start=3):
        out[name] = values[:, j]
    return pd.DataFrame(out)


def _attach_companions(df, folder: Path, files: dict, encoding: str, *, strict: bool):
    """Join addresses, aliases and continued remarks on ent_num (when their files exist)."""
    import pandas as pd

    known = pd.Index(df["ent_num"])
    joined = []
    for key, columns in (("add", ADD_COLUMNS), ("alt", ALT_COLUMNS), ("comments", COMMENT_COLUMNS)):
        path = folder / files[key]
        if not os.path.lexists(path):
            continue  # absent: that part of the set was not downloaded (a broken link is read: an error)
        part = read_legacy_csv(path, columns, encoding=encoding)
        orphan = ~part["ent_num"].isin(known)
        if strict and orphan.any():
            i = int(orphan.to_numpy().nonzero()[0][0])
            raise DataFormatError(
                path,
                f"ent_num {part['ent_num'].iloc[i]} has no entry in {files['main']} "
                "(files from different list dates?); pass strict=False to drop such rows",
                line=i + 1,
                column="ent_num",
            )
        part = part[~orphan]
        joined.append(files[key])
        if key == "add":
            text = (
                part[["address", "city_state_postal", "country"]]
                .apply(lambda col: col.fillna(""))
                .agg(", ".join, axis=1)
                .str.replace(r"^(, )+|(, )+$", "", regex=True)
                .str.replace(r"(, ){2,}", ", ", regex=True)
            )
            grouped = text.groupby(part["ent_num"]).agg(list)
            df["addresses"] = df["ent_num"].map(grouped)
            df["addresses"] = df["addresses"].map(lambda v: v if isinstance(v, list) else [])
            countries = (
                part.dropna(subset=["country"])
                .groupby("ent_num")["country"]
                .agg(lambda s: sorted(set(s)))
            )
            df["countries"] = (
                df["ent_num"].map(countries).map(lambda v: v if isinstance(v, list) else [])
            )
        elif key == "alt":
            grouped = part.dropna(subset=["alt_name"]).groupby("ent_num")["alt_name"].agg(list)
            df["aliases"] = (
                df["ent_num"].map(grouped).map(lambda v: v if isinstance(v, list) else [])
            )
        else:
            # sdn_comments.csv holds the rest of remarks that did not fit in sdn.csv: it
            # continues mid-word, so it is appended with no separator.
            more = part.groupby("ent_num")["remarks_continued"].agg(lambda s: "".join(s.fillna("")))
            extra = df["ent_num"].map(more)
            has = extra.notna()
            df.loc[has, "remarks"] = df.loc[has, "remarks"].fillna("") + extra[has]
    return df, joined


def read_list(path, source, *, encoding: str, companions: bool, strict: bool):
    """Read one OFAC list set (``source``: the list's declaration, naming its files).

    See :func:`toolkit.sources.ofac_sdn.read_sdn` for the parameters and the output.
    """
    path = Path(path)
    files = dict(zip(ROLES, source.files, strict=True))
    if path.is_dir():
        folder, main = path, path / files["main"]
        if not main.exists():
            raise DataFormatError(path, f"folder has no {files['main']}; expected an OFAC list set")
    else:
        folder, main = path.parent, path
    with _gc_paused():
        df = _main_frame(main, encoding)
    joined = []
    if path.is_dir() and companions:
        df, joined = _attach_companions(df, folder, files, encoding, strict=strict)
    # A snapshot folder named by date (DATE/sdn.csv) dates the list; otherwise unknown.
    vintage = (
        main.parent.name
        if _DATE_DIR.fullmatch(main.parent.name)
        else "as downloaded (date not in the file)"
    )
    df.attrs["source"] = source.provenance(
        source=str(main),
        vintage=vintage,
        files=[files["main"] if path.is_dir() else main.name, *joined],
        entries=len(df),
    )
    return df


def explode_programs(entries):
    """Return the entry x program view: one row per (entry, program).

    Parameters
    ----------
    entries : pandas.DataFrame
        As returned by :func:`read_sdn` or :func:`read_consolidated`.

    Returns
    -------
    pandas.DataFrame
        ``ent_num``, ``name``, ``entry_type``, ``program``; an entry with three
        programs gives three rows.
    """
    out = entries[["ent_num", "name", "entry_type", "programs"]].explode("programs")
    out = out.rename(columns={"programs": "program"}).dropna(subset=["program"])
    out.attrs = dict(entries.attrs)
    return out.reset_index(drop=True)


def read_addresses(path, *, encoding: str = "cp1252"):
    """Read ``add.csv`` / ``cons_add.csv``: one row per address, keyed by ``ent_num``."""
    return read_legacy_csv(path, ADD_COLUMNS, encoding=encoding)


def read_aliases(path, *, encoding: str = "cp1252"):
    """Read ``alt.csv`` / ``cons_alt.csv``: one row per alias, keyed by ``ent_num``."""
    return read_legacy_csv(path, ALT_COLUMNS, encoding=encoding)
