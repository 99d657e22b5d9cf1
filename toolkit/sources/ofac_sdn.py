"""OFAC's Specially Designated Nationals (SDN) list: its declaration and reader (legacy CSV set)."""

from __future__ import annotations

from toolkit.fields import LICENCES
from toolkit.sources._declare import Hostile, ReaderDataset, Source
from toolkit.sources._ofac_csv import NULL, read_legacy_csv
from toolkit.sources._ofac_lists import (
    ADD_COLUMNS,
    ALT_COLUMNS,
    COMMENT_COLUMNS,
    ENTRY_COLUMNS,
    MAIN_COLUMNS,
    explode_programs,
    read_addresses,
    read_aliases,
    read_list,
)

__all__ = [
    "ADD_COLUMNS",
    "ALT_COLUMNS",
    "COMMENT_COLUMNS",
    "MAIN_COLUMNS",
    "NULL",
    "SOURCE",
    "explode_programs",
    "read_addresses",
    "read_aliases",
    "read_legacy_csv",
    "read_sdn",
]

_SAMPLE = "ofac-lists/sdn-2021-07-bench/"


def _hostile(part: str, file: str, columns: tuple, huge: str) -> Hostile:
    return Hostile(
        "text",
        file,
        samples=(_SAMPLE + file,),
        part=part,
        required=columns,
        encoding="cp1252",
        huge_column=huge,
        huge_output=huge,
        legacy_ofac=True,
    )


SOURCE = Source(
    key="ofac_sdn",
    title="OFAC Specially Designated Nationals list (legacy CSV: sdn.csv with its companions)",
    publisher="US Treasury, Office of Foreign Assets Control (OFAC)",
    licence=LICENCES["us_government"],
    format="legacy CSV list set (header-less, CP1252, -0- nulls)",
    reader="toolkit.sources.ofac_sdn:read_sdn",
    url="https://www.treasury.gov/ofac/downloads/",
    files=("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"),
    url_note="Treasury's legacy download folder; PROVENANCE.md (ofac-sdn-snapshots)",
    reads_folder=True,
    shared=(
        "ofac-sdn-snapshots/2024-05-03/sdn.csv",
        "ofac-sdn-snapshots",
        "ofac-lists/sdn-2021-07-bench",
        "ofac-lists/sdn-2019-01",
    ),
    dataset=ReaderDataset(
        theme="sanctions",
        vintage="as downloaded by the user",
        cadence="irregular",
        citation="OFAC SDN list as published on DATE",
        columns=ENTRY_COLUMNS,
        description="load('ofac_sdn', path=<sdn.csv or its folder>): one row per entry.",
    ),
    hostile=(
        _hostile("", "sdn.csv", MAIN_COLUMNS, "remarks"),
        _hostile("add", "add.csv", ADD_COLUMNS, "address"),
        _hostile("alt", "alt.csv", ALT_COLUMNS, "alt_name"),
        _hostile("comments", "sdn_comments.csv", COMMENT_COLUMNS, "remarks_continued"),
    ),
)


def read_sdn(path, *, encoding: str = "cp1252", companions: bool = True, strict: bool = True):
    """Read OFAC's SDN list (legacy CSV) as one row per entry.

    Parameters
    ----------
    path : str or path-like
        ``sdn.csv`` itself, or a folder holding ``sdn.csv`` and, when present,
        ``add.csv``, ``alt.csv`` and ``sdn_comments.csv``.
    encoding : str
        Treasury publishes CP1252; CRLF or LF line ends and the final 0x1A are handled.
    companions : bool
        Join the companion files of a folder on ``ent_num``.
    strict : bool
        A companion row whose ``ent_num`` has no entry is an error (else dropped).

    Returns
    -------
    pandas.DataFrame
        ``ent_num`` (int), ``name``, ``entry_type`` (individual / entity / vessel /
        aircraft), ``sdn_type`` (as published), ``programs`` (list of str),
        ``program`` (as published), the vessel columns and ``remarks`` (continued
        from ``sdn_comments.csv``); with companions also ``addresses``,
        ``countries`` and ``aliases`` (lists). ``NaN`` where OFAC wrote ``-0- ``.

    Raises
    ------
    DataFormatError
        Naming the file and line of a malformed record (field count, unterminated
        quote, non-numeric ``ent_num``, unknown entry type, wrong encoding).

    Examples
    --------
    >>> sdn = read_sdn("../shared/data/ofac-sdn-snapshots/2024-05-03/sdn.csv")  # doctest: +SKIP
    >>> sdn["programs"].map(lambda p: "RUSSIA-EO14024" in p).sum()  # doctest: +SKIP
    4439
    """
    return read_list(path, SOURCE, encoding=encoding, companions=companions, strict=strict)
