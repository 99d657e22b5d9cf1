"""Reader of OFAC SDN companion files without their ``sdn.csv``: list size, countries, stated dates."""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.fields import LICENCES, Column
from toolkit.sources._declare import ReaderDataset, Source
from toolkit.sources.ofac_sdn import ADD_COLUMNS, ALT_COLUMNS, COMMENT_COLUMNS, read_legacy_csv

__all__ = [
    "SOURCE",
    "PROGRAMS",
    "SIZE_MEASURE",
    "DATE_PHRASING",
    "read_partial_set",
    "read_partial_sets",
    "read_listing_dates",
    "list_sizes",
    "entries_by_country",
]

#: The companion files of a partial set: key -> (file name, columns, required).
FILES = {
    "add": ("add.csv", ADD_COLUMNS, True),
    "alt": ("alt.csv", ALT_COLUMNS, False),
    "comments": ("sdn_comments.csv", COMMENT_COLUMNS, False),
}

#: What a partial set says about programs: nothing.
PROGRAMS = (
    "unknown: programs are written only in sdn.csv, which a partial set lacks; "
    "they are not guessed from addresses, aliases or remarks"
)

#: How the list's size is measured, and what the measure can miss.
SIZE_MEASURE = (
    "distinct ent_num across add.csv, alt.csv and sdn_comments.csv (the files present); "
    "an entry with no row in any of them (no add.csv record, no alias, no continued remark) "
    "is invisible and not counted. OFAC writes an add.csv record for every entry, even one "
    "with no known address (all fields '-0-'): in the complete 2021 set every entry had one"
)

#: The phrasing of the dates parsed out of ``sdn_comments.csv`` remarks.
DATE_PHRASING = (
    "'Listing Date (<qualifier>): D Mon YYYY' and 'Effective Date (<qualifier>): D Mon YYYY' "
    "(e.g. 'Listing Date (EO 14024 Directive 3): 24 Feb 2022'), label complete in the cell; "
    "a date whose label began in the missing sdn.csv (a cell starting 'ive 2): 24 Feb 2022') "
    "and other dates (passports, registrations, establishment) are not parsed"
)

_STATED = re.compile(
    r"\b(?P<kind>Listing|Effective) Date \((?P<qualifier>[^()]*)\): "
    r"(?P<day>\d{1,2}) (?P<month>[A-Z][a-z]{2}) (?P<year>\d{4})\b"
)
# a date statement cut at the start of a continued cell: its label is in sdn.csv
_CUT = re.compile(r"^[^;]*?\): \d{1,2} [A-Z][a-z]{2} \d{4}")
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}
_DATE_DIR = re.compile(r"\d{4}-\d{2}-\d{2}")

_SHARED = "ofac-partial-sets"

SOURCE = Source(
    key="ofac_partial_sets",
    title="OFAC SDN list, partial sets: add.csv, alt.csv, sdn_comments.csv without their sdn.csv",
    publisher="US Treasury, Office of Foreign Assets Control (OFAC)",
    licence=LICENCES["us_government"],
    format="legacy CSV companion files (header-less, CP1252, -0- nulls), one YYYY-MM-DD "
    "folder per list date",
    reader="toolkit.sources.ofac_partial_sets:read_partial_sets",
    url="https://www.treasury.gov/ofac/downloads/",
    url_note="Treasury publishes the companions beside sdn.csv; a partial set is a copy kept "
    "without it (not fetched: fetch the complete set, source ofac_sdn)",
    reads_folder=True,
    shared=(_SHARED, f"{_SHARED}/2025-01-06", f"{_SHARED}/2025-12-24", f"{_SHARED}/2026-06-02"),
    dataset=ReaderDataset(
        theme="sanctions",
        vintage="list dates 2025-01-06, 2025-12-24 and 2026-06-02 (the shared sets; the last "
        "one dated on or before); a set's date is its folder name",
        as_of="2026-06-02",  # the shared copy's latest period
        cadence="irregular",
        citation="OFAC SDN list companion files (add.csv, alt.csv, sdn_comments.csv) as "
        "published on DATE, without sdn.csv",
        description="load('ofac_partial_sets', path=<folder of YYYY-MM-DD sets>): one row per "
        "entry and list date; list_sizes() and entries_by_country() summarise it.",
        default_file=_SHARED,
        columns=(
            Column("list_date", "date", "", "the set's date (its folder name)"),
            Column("ent_num", "int", "", "OFAC entry number"),
            Column("countries", "list", "", "distinct countries of the entry's addresses"),
            Column("n_addresses", "int", "", "add.csv records of the entry"),
            Column("n_aliases", "int", "", "alt.csv records of the entry"),
            Column("has_remarks_continued", "bool", "", "the entry has a sdn_comments.csv row"),
        ),
        usage_warnings=(
            f"Programs are {PROGRAMS}.",
            f"List size = {SIZE_MEASURE}.",
        ),
    ),
)
_URL = SOURCE.url


def _set_date(folder: Path):
    """Return the list date a ``DATE/`` folder name states, or ``NaT``."""
    import pandas as pd

    if not _DATE_DIR.fullmatch(folder.name):
        return pd.NaT
    return pd.to_datetime(folder.name, format="%Y-%m-%d", errors="coerce")


def _usage_warnings(absent: str) -> list[str]:
    return [
        f"Partial set: {absent}. Programs are {PROGRAMS}.",
        f"List size = {SIZE_MEASURE}.",
        "Countries are those of the entries' addresses (add.csv 'country'); an entry with "
        "addresses in two countries counts in both; one with no stated country in neither.",
    ]


def read_partial_set(path, *, encoding: str = "cp1252"):
    """Read one partial OFAC SDN set (companion files only) as one row per entry.

    Parameters
    ----------
    path : str or path-like
        A folder holding ``add.csv`` and, when present, ``alt.csv`` and
        ``sdn_comments.csv`` (OFAC legacy CSV: no header, CP1252, ``-0- `` nulls,
        quoted text, final 0x1A) and no ``sdn.csv``. A folder named ``YYYY-MM-DD``
        dates the set.
    encoding : str
        Text encoding of the files (Treasury publishes CP1252).

    Returns
    -------
    pandas.DataFrame
        ``list_date`` (the folder's date, ``NaT`` when not named by one),
        ``ent_num``, ``countries`` (sorted distinct countries of the entry's
        addresses; empty when none is stated), ``n_addresses`` (add.csv records),
        ``n_aliases`` (alt.csv records), ``has_remarks_continued`` (a row in
        ``sdn_comments.csv``). No program column: programs are unknown.
        ``attrs["source"]`` holds the files read and missing, ``programs``
        (:data:`PROGRAMS`), ``size_measure`` (:data:`SIZE_MEASURE`) and
        ``usage_warnings``.

    Raises
    ------
    DataFormatError
        For a path that is not a folder, a folder without ``add.csv`` or with
        ``sdn.csv`` (a complete set: use :func:`toolkit.sources.read_sdn`), and,
        naming file and line, every malformed record the OFAC reader rejects
        (field count, quoting, non-numeric ``ent_num``, encoding).
    """
    import pandas as pd

    folder = Path(path)
    if not folder.is_dir():
        problem = "no such folder" if not folder.exists() else "is a file"
        raise DataFormatError(
            folder, f"{problem}; expected a folder holding OFAC add.csv (alt.csv, sdn_comments.csv)"
        )
    if (folder / "sdn.csv").exists():
        raise DataFormatError(
            folder,
            "folder holds sdn.csv: a complete list set, whose programs are known; read it with "
            "toolkit.sources.read_sdn, not as a partial set",
        )
    parts, files, missing = {}, [], ["sdn.csv"]
    for key, (name, columns, required) in FILES.items():
        file = folder / name
        if not file.exists():
            if required:
                raise DataFormatError(
                    folder,
                    f"folder has no {name}; a partial OFAC set needs it (its ent_nums give the "
                    "list's size)",
                )
            missing.append(name)
            parts[key] = pd.DataFrame({c: pd.Series(dtype=object) for c in columns}).astype(
                {"ent_num": "int64"}
            )
            continue
        parts[key] = read_legacy_csv(file, columns, encoding=encoding)
        files.append(name)
    add, alt, comments = parts["add"], parts["alt"], parts["comments"]
    ents = pd.Index(
        sorted(set(add["ent_num"]) | set(alt["ent_num"]) | set(comments["ent_num"])),
        dtype="int64",
    )
    # one pass in plain Python: a pandas aggregation per entry took seconds for 18,000 entries
    stated: dict[int, set] = {}
    for ent, country in zip(add["ent_num"].tolist(), add["country"].tolist(), strict=True):
        if isinstance(country, str) and country.strip():
            stated.setdefault(ent, set()).add(country.strip())
    df = pd.DataFrame({"ent_num": ents})
    df.insert(0, "list_date", _set_date(folder))
    df["list_date"] = pd.to_datetime(df["list_date"])
    df["countries"] = [sorted(stated.get(e, ())) for e in ents.tolist()]
    df["n_addresses"] = add.groupby("ent_num").size().reindex(ents, fill_value=0).to_numpy()
    df["n_aliases"] = alt.groupby("ent_num").size().reindex(ents, fill_value=0).to_numpy()
    df["has_remarks_continued"] = ents.isin(comments["ent_num"])
    date = df["list_date"].iloc[0] if len(df) else pd.NaT
    df.attrs["source"] = {
        **SOURCE.provenance(),
        "title": "OFAC SDN list, partial set (companion files without sdn.csv)",
        "url": _URL,
        "source": str(folder),
        "vintage": "not stated (folder not named by date)" if pd.isna(date) else f"{date:%Y-%m-%d}",
        "files": files,
        "missing_files": missing,
        "entries": len(df),
        "programs": PROGRAMS,
        "size_measure": SIZE_MEASURE,
        "usage_warnings": _usage_warnings(f"{', '.join(missing)} absent"),
    }
    return df


def read_partial_sets(path, *, encoding: str = "cp1252"):
    """Read every ``YYYY-MM-DD/`` partial set under a folder, oldest first, as one frame.

    Parameters
    ----------
    path : str or path-like
        A folder of dated partial sets (e.g. ``ofac-partial-sets/``).
    encoding : str
        Text encoding of the files.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`read_partial_set` for every set; ``attrs["source"]``
        lists the sets (``sets``: date, files, missing files, entries).

    Raises
    ------
    DataFormatError
        For a path that is not a folder, a folder without dated sets, or any
        set :func:`read_partial_set` rejects.
    """
    from toolkit.framecache import cached, tag

    root = Path(path)
    if not root.is_dir():
        raise DataFormatError(root, "not a folder; expected a folder of YYYY-MM-DD partial sets")
    code = ["toolkit.sources." + m for m in ("ofac_partial_sets", "ofac_sdn", "_ofac_csv")]
    return cached(
        "read_partial_sets-" + tag(root),
        [root],
        lambda: _read_sets(root, encoding),
        code=code,
        params={"e": encoding},
    )


def _read_sets(root: Path, encoding: str):
    import pandas as pd

    dated = sorted(p for p in root.iterdir() if p.is_dir() and pd.notna(_set_date(p)))
    if not dated:
        raise DataFormatError(root, "no YYYY-MM-DD subfolder; expected dated OFAC partial sets")
    frames = [read_partial_set(p, encoding=encoding) for p in dated]
    df = pd.concat(frames, ignore_index=True)
    missing = sorted({m for f in frames for m in f.attrs["source"]["missing_files"]})
    notes = []
    for name in missing:
        dates = [
            f.attrs["source"]["vintage"]
            for f in frames
            if name in f.attrs["source"]["missing_files"]
        ]
        notes.append(
            f"{name} absent in " + ("every set" if len(dates) == len(frames) else ", ".join(dates))
        )
    absent = "; ".join(notes)
    sets = [
        {k: f.attrs["source"][k] for k in ("vintage", "files", "missing_files", "entries")}
        for f in frames
    ]
    df.attrs["source"] = {
        **frames[-1].attrs["source"],
        "title": "OFAC SDN list, partial sets (companion files without sdn.csv), by list date",
        "source": str(root),
        "vintage": sets[-1]["vintage"],
        "files": sorted({n for f in frames for n in f.attrs["source"]["files"]}),
        "missing_files": missing,
        "entries": len(df),
        "sets": sets,
        "usage_warnings": _usage_warnings(absent),
    }
    return df


def list_sizes(entries):
    """Return the list's size per list date, as measured on a partial set.

    Parameters
    ----------
    entries : pandas.DataFrame
        As returned by :func:`read_partial_set` or :func:`read_partial_sets`.

    Returns
    -------
    pandas.DataFrame
        ``list_date, entries, entries_with_country, entries_without_country``;
        ``entries`` is measured as :data:`SIZE_MEASURE` says.
    """
    has = entries["countries"].map(len).gt(0)
    out = (
        entries.assign(_has=has)
        .groupby("list_date", dropna=False)
        .agg(entries=("ent_num", "nunique"), entries_with_country=("_has", "sum"))
        .reset_index()
    )
    out["entries_with_country"] = out["entries_with_country"].astype("int64")
    out["entries_without_country"] = out["entries"] - out["entries_with_country"]
    out.attrs = dict(entries.attrs)
    return out


def entries_by_country(entries):
    """Return the number of entries with an address in each country, per list date.

    Parameters
    ----------
    entries : pandas.DataFrame
        As returned by :func:`read_partial_set` or :func:`read_partial_sets`.

    Returns
    -------
    pandas.DataFrame
        ``list_date, country, entries``, largest first within a date. An entry
        with addresses in two countries counts in both; entries with no stated
        country are not in this table (see :func:`list_sizes`).
    """
    long = entries[["list_date", "ent_num", "countries"]].explode("countries")
    long = long.dropna(subset=["countries"]).rename(columns={"countries": "country"})
    out = long.groupby(["list_date", "country"], dropna=False)["ent_num"].nunique()
    out = out.rename("entries").reset_index()
    out = out.sort_values(
        ["list_date", "entries", "country"], ascending=[True, False, True], ignore_index=True
    )
    out.attrs = dict(entries.attrs)
    return out


def read_listing_dates(path, *, encoding: str = "cp1252"):
    """Read the listing and effective dates that ``sdn_comments.csv`` remarks state.

    Parameters
    ----------
    path : str or path-like
        ``sdn_comments.csv`` (OFAC legacy CSV: ``ent_num, remarks_continued``),
        or the folder holding it.
    encoding : str
        Text encoding of the file (Treasury publishes CP1252).

    Returns
    -------
    pandas.DataFrame
        One row per date statement: ``ent_num``, ``kind`` (``listing`` or
        ``effective``), ``qualifier`` (the parenthesis, e.g. ``EO 14024
        Directive 3``), ``stated_date``, ``text`` (the statement as written) and
        ``line`` (of the file). Only the phrasing of :data:`DATE_PHRASING` is
        parsed; ``attrs["source"]["cut_statements"]`` counts the cells that begin
        with a date statement whose label is in the missing ``sdn.csv``.

    Raises
    ------
    DataFormatError
        For a missing file, a malformed record (as the OFAC reader), or a
        statement whose date does not exist (e.g. ``31 Feb 2022``), naming the
        line and the column ``remarks_continued``.
    """
    import pandas as pd

    path = Path(path)
    if path.is_dir():
        path = path / "sdn_comments.csv"
    comments = read_legacy_csv(path, COMMENT_COLUMNS, encoding=encoding)
    rows, cut = [], 0
    for i, (ent, text) in enumerate(
        zip(comments["ent_num"], comments["remarks_continued"], strict=True), start=1
    ):
        if not isinstance(text, str):
            continue
        cut += bool(_CUT.match(text)) and not _STATED.match(text)
        for m in _STATED.finditer(text):
            month = _MONTHS.get(m["month"])
            try:
                day = pd.Timestamp(int(m["year"]), month or 0, int(m["day"]))
            except (ValueError, TypeError):
                raise DataFormatError(
                    path,
                    f"{m.group(0)!r} states no real date (expected D Mon YYYY, e.g. 24 Feb 2022)",
                    line=i,
                    column="remarks_continued",
                ) from None
            rows.append((int(ent), m["kind"].lower(), m["qualifier"].strip(), day, m.group(0), i))
    columns = ["ent_num", "kind", "qualifier", "stated_date", "text", "line"]
    df = pd.DataFrame(rows, columns=columns)
    df = df.astype({"ent_num": "int64", "line": "int64", "stated_date": "datetime64[ns]"})
    date = _set_date(path.parent)
    df.attrs["source"] = {
        **SOURCE.provenance(),
        "title": "Listing and effective dates stated in OFAC sdn_comments.csv remarks",
        "url": _URL,
        "source": str(path),
        "vintage": "not stated" if pd.isna(date) else f"{date:%Y-%m-%d}",
        "phrasing": DATE_PHRASING,
        "cut_statements": int(cut),
        "usage_warnings": [
            "sdn_comments.csv continues the remarks of sdn.csv mid-word: dates stated in the "
            "part of a remark held in sdn.csv are not in it.",
            f"Parsed phrasing: {DATE_PHRASING}.",
        ],
    }
    return df
