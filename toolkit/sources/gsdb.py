"""Reader of the Global Sanctions Database (GSDB) case file, release 3 and the release-2-era variant."""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.fields import LICENCES, Column
from toolkit.sources._checks import read_csv_table
from toolkit.sources._declare import Hostile, ReaderDataset, Source

#: Columns every GSDB case file has.
BASE_COLUMNS = (
    "case_id",
    "sanctioned_state",
    "sanctioning_state",
    "begin",
    "end",
    "trade",
    "descr_trade",
    "arms",
    "military",
    "financial",
    "travel",
    "other",
    "objective",
    "success",
)
#: Extra columns by layout: release 3 has the multi-target/multi-sender flags,
#: the release-2-era derived file has a ``length`` column instead.
LAYOUTS = {
    "release-3": ("target_mult", "sender_mult"),
    "release-2-derived": ("length",),
}
TYPE_COLUMNS = ("trade", "arms", "military", "financial", "travel", "other")

#: Abbreviations of the release-2-era file, written out as release 3 does.
SENDER_ALIASES = {"US": "United States", "USA": "United States", "UK": "United Kingdom"}
#: Sender names counted in each sender group (the EEC is the EU's predecessor).
SENDER_GROUP_NAMES = {
    "US": {"United States"},
    "EU": {"EU", "EEC", "European Union", "European Community"},
    "UN": {"UN", "United Nations"},
}
SENDER_GROUPS = ("US", "EU", "UN", "others")

GSDB_CITATION = (
    "Felbermayr, Kirilakha, Syropoulos, Yalcin and Yotov, The Global Sanctions Data Base (GSDB)"
)

SOURCE = Source(
    key="gsdb",
    title="Global Sanctions Data Base case file (release 3 or the release-2-era variant)",
    publisher="GSDB team (Felbermayr, Kirilakha, Syropoulos, Yalcin, Yotov)",
    licence=LICENCES["gsdb"],
    format="CSV with a header, one row per case (comma lists inside quoted fields)",
    reader="toolkit.sources.gsdb:read_gsdb",
    files=("GSDB_V3.csv",),
    url_note="the file is distributed by its authors; fetch from a mirror with --base-url",
    shared=("gsdb-v3/GSDB_V3.csv", "gsdb-v2-derived/sanctions.csv"),
    dataset=ReaderDataset(
        theme="easing",
        vintage="release 3: cases 1949-2022; release-2-era file: 1949-2019",
        as_of="2022",  # release 3 covers cases to 2022
        cadence="irregular",
        citation=GSDB_CITATION,
        description="load('gsdb', path=..., cutoff_year=None): one row per case.",
        columns=(
            Column("case_id", "int", description="GSDB case number"),
            Column("target", "str", description="sanctioned state(s), comma-separated"),
            Column("senders", "str", description="sanctioning states/organisations, ;-joined"),
            Column("begin_year", "int", "year"),
            Column("end_year", "int", "year", "the release year for ongoing cases"),
            Column(
                "ongoing", "bool", description="still in force at the release cut-off (censored)"
            ),
            Column("duration_years", "int", "years", "end - begin + 1: calendar years in force"),
            Column("sender_us", "bool"),
            Column(
                "sender_eu", "bool", description="EU or its predecessor the EEC among the senders"
            ),
            Column("sender_un", "bool"),
            Column("sender_others", "bool", description="none of the US, EU, UN among the senders"),
            Column("target_russia", "bool", description="Russia among the targets"),
        ),
        usage_warnings=(
            "Ongoing cases carry the release year as their end: they are right-censored.",
        ),
    ),
    hostile=(
        Hostile(
            "text",
            "GSDB_V3.csv",
            samples=("gsdb-v3/GSDB_V3.csv", "gsdb-v2-derived/sanctions.csv"),
            required=(
                "case_id",
                "sanctioned_state",
                "begin",
                "end",
                "trade",
                "objective",
                "success",
            ),
            huge_column="sanctioned_state",
            huge_output="target",
            final_line_end=False,
        ),
    ),
)

#: The codebook's values of the comma-list columns (the release-2-era file also writes
#: "prevent war"). A value outside them is an error: it is also how a cut inside the last
#: record of a file without a final line end shows.
CODEBOOK = {
    "objective": {
        "democracy",
        "destab_regime",
        "end_war",
        "human_rights",
        "other",
        "policy_change",
        "prevent_war",
        "prevent war",
        "territorial_conflict",
        "terrorism",
    },
    "success": {"failed", "nego_settlement", "ongoing", "success_part", "success_total"},
}

# A state or organisation name: letters first, then letters, digits, spaces and . ' ( ) & - ,
_NAME = re.compile(r"^[^\W\d_][\w .'()&/,-]*$")


#: Name parts GSDB writes after a comma inside one name ("Korea, South", "Gambia, The").
_NAME_SUFFIXES = {"South", "North", "The", "Democratic Republic of the"}


def _split_names(text: str) -> list[str]:
    names: list[str] = []
    for part in (t.strip() for t in str(text).split(",")):
        if part in _NAME_SUFFIXES and names:
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return names


def _check_columns(path, columns) -> str:
    missing_base = [c for c in BASE_COLUMNS if c not in columns]
    if missing_base:
        raise DataFormatError(
            path,
            f"missing column(s) {missing_base}; a GSDB case file has {list(BASE_COLUMNS)}",
            line=1,
            column=missing_base[0],
        )
    for layout, extra in LAYOUTS.items():
        if all(c in columns for c in extra):
            return layout
    raise DataFormatError(
        path,
        "neither the release-3 columns target_mult, sender_mult nor the release-2-era "
        "column length are present",
        line=1,
        column="target_mult",
    )


def _integers(path, raw, lines, column):
    import pandas as pd

    text = raw[column].astype(str).str.strip()
    # plain digits only: "1_000", "1e+20", "inf" and 20-digit ids are not GSDB numbers
    values = pd.to_numeric(text.where(text.str.fullmatch(r"-?\d{1,9}")), errors="coerce")
    bad = values.isna()
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path,
            f"expected a whole number, found {raw[column].iloc[i]!r}",
            line=lines[i],
            column=column,
        )
    return values.astype("int64")


#: The year each release covers to; GSDB writes it as the end of a case still in force, so
#: it is the censoring year (never taken from the file: one typo in ``end`` would move it).
RELEASE_YEAR = {"release-3": 2022, "release-2-derived": 2019}

#: The first year of the database's cases.
FIRST_YEAR = 1949


def _check_range(path, lines, begin, end, cutoff: int) -> None:
    """Raise at the first begin or end year outside FIRST_YEAR..cutoff."""
    for column, values in (("begin", begin), ("end", end)):
        out = (values < FIRST_YEAR) | (values > cutoff)
        if out.any():
            i = int(out.to_numpy().nonzero()[0][0])
            raise DataFormatError(
                path,
                f"{column} year {values.iloc[i]} is outside the release's {FIRST_YEAR}-{cutoff} "
                "(a typo? an end past the release year would move the censoring)",
                line=lines[i],
                column=column,
            )


def _years(path, raw, lines, layout):
    """Return the begin and end years, checked (and against ``length`` in release-2 files)."""
    begin = _integers(path, raw, lines, "begin")
    end = _integers(path, raw, lines, "end")
    late = end < begin
    if late.any():
        i = int(late.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path,
            f"end year {end.iloc[i]} is before begin year {begin.iloc[i]}; expected end >= begin",
            line=lines[i],
            column="end",
        )
    if layout == "release-2-derived":
        length = _integers(path, raw, lines, "length")
        off = length != end - begin + 1
        if off.any():
            i = int(off.to_numpy().nonzero()[0][0])
            raise DataFormatError(
                path,
                f"length {length.iloc[i]} disagrees with end - begin + 1 = "
                f"{end.iloc[i] - begin.iloc[i] + 1}",
                line=lines[i],
                column="length",
            )
    return begin, end


def _flags(path, raw, lines) -> dict:
    """Return the sanction-type 0/1 columns as booleans."""
    flags = {}
    for col in TYPE_COLUMNS:
        values = _integers(path, raw, lines, col)
        bad = ~values.isin([0, 1])
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise DataFormatError(
                path, f"expected a 0/1 flag, found {raw[col].iloc[i]!r}", line=lines[i], column=col
            )
        flags[col] = values.astype(bool)
    return flags


def _check_codebook(path, raw, lines) -> None:
    """Raise on an ``objective`` or ``success`` value outside the codebook."""
    for col, allowed in CODEBOOK.items():
        for i, text in enumerate(raw[col]):
            values = [v.strip() for v in text.split(",")]
            unknown = [v for v in values if v not in allowed]
            if unknown:
                raise DataFormatError(
                    path,
                    f"{col} {unknown[0]!r} is not a GSDB codebook value; expected a comma list "
                    f"of {', '.join(sorted(allowed))} (a truncated file?)",
                    line=lines[i],
                    column=col,
                )


def read_gsdb(path, *, cutoff_year: int | None = None):
    """Read a GSDB case file into one row per sanction case, with durations and censoring.

    Parameters
    ----------
    path : str or path-like
        ``GSDB_V3.csv`` (release 3) or the release-2-era ``sanctions.csv``
        (with ``length``, ``US``/``UK`` abbreviations).
    cutoff_year : int, optional
        Last year the release covers; cases whose ``end`` equals it are still
        ongoing and are right-censored. Default: the release's declared year
        (:data:`RELEASE_YEAR`: 2022 for release 3, 2019 for the release-2-era file;
        GSDB writes it as the end of ongoing cases). A year outside 1949 to it is an error.

    Returns
    -------
    pandas.DataFrame
        ``case_id, target, senders`` (;-joined names), ``n_senders, begin_year, end_year, ongoing,
        duration_years`` (calendar years in force, ``end - begin + 1``, as the
        release-2 ``length`` column counts them), the type flags ``trade, arms,
        military, financial, travel, other``, the sender groups ``sender_us,
        sender_eu, sender_un, sender_others`` (``others``: none of the three),
        ``target_russia``, ``descr_trade, objective, success``, ``release``.

    Raises
    ------
    DataFormatError
        Missing columns, a non-numeric year or flag, an end before the begin, a
        sender that is not a list of names, a ``length`` that disagrees with the
        years, an ``objective`` or ``success`` outside the codebook, a short or
        malformed record; the message names the file, line and column.
    """
    import pandas as pd

    path = Path(path)
    raw, lines = read_csv_table(path, "a GSDB case file (.csv)")
    layout = _check_columns(path, list(raw.columns))
    if raw.empty:
        raise DataFormatError(path, "no cases: the file has a header but no rows", line=2)

    case_id = _integers(path, raw, lines, "case_id")
    begin, end = _years(path, raw, lines, layout)
    flags = _flags(path, raw, lines)
    _check_codebook(path, raw, lines)

    senders, groups = [], {g: [] for g in SENDER_GROUPS}
    for i, text in enumerate(raw["sanctioning_state"]):
        names = [SENDER_ALIASES.get(n, n) for n in _split_names(text)]
        if not text.strip() or not all(_NAME.match(n) for n in names):
            raise DataFormatError(
                path,
                f"unknown sender format {text!r}; expected comma-separated state or "
                "organisation names such as 'United States, EU'",
                line=lines[i],
                column="sanctioning_state",
            )
        senders.append(names)
        hit = False
        for group in ("US", "EU", "UN"):
            inside = any(n in SENDER_GROUP_NAMES[group] for n in names)
            groups[group].append(inside)
            hit = hit or inside
        groups["others"].append(not hit)

    targets = raw["sanctioned_state"].str.strip()
    empty = targets == ""
    if empty.any():
        i = int(empty.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path, "empty target; expected a state name", line=lines[i], column="sanctioned_state"
        )
    cutoff = RELEASE_YEAR[layout] if cutoff_year is None else int(cutoff_year)
    _check_range(path, lines, begin, end, cutoff)

    cases = pd.DataFrame(
        {
            "case_id": case_id,
            "target": targets,
            "senders": ["; ".join(n) for n in senders],  # names may hold commas
            "n_senders": [len(n) for n in senders],
            "begin_year": begin,
            "end_year": end,
            # GSDB writes the release year as the end of a case still in force.
            "ongoing": end >= cutoff,
            "duration_years": end - begin + 1,
            **flags,
            **{f"sender_{g.lower()}": groups[g] for g in SENDER_GROUPS},
            "target_russia": targets.map(lambda t: "Russia" in _split_names(t)),
            "descr_trade": raw["descr_trade"].replace("", pd.NA),
            "objective": raw["objective"],
            "success": raw["success"],
            "release": layout,
        }
    )
    cases.attrs["source"] = SOURCE.provenance(
        title=f"Global Sanctions Data Base, {layout} case file",
        source=str(path),
        vintage=f"cases to {cutoff}",
        cutoff_year=cutoff,
    )
    return cases
