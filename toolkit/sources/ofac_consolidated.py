"""OFAC's Consolidated (non-SDN) list: its declaration and reader (legacy CSV set)."""

from __future__ import annotations

from toolkit.fields import LICENCES
from toolkit.sources._declare import Hostile, ReaderDataset, Source
from toolkit.sources._ofac_lists import ENTRY_COLUMNS, MAIN_COLUMNS, read_list

__all__ = ["SOURCE", "read_consolidated"]

SOURCE = Source(
    key="ofac_consolidated",
    title="OFAC Consolidated (non-SDN) sanctions list (legacy CSV: cons_prim.csv with its companions)",
    publisher="US Treasury, Office of Foreign Assets Control (OFAC)",
    licence=LICENCES["us_government"],
    format="legacy CSV list set (header-less, CP1252, -0- nulls)",
    reader="toolkit.sources.ofac_consolidated:read_consolidated",
    url="https://www.treasury.gov/ofac/downloads/consolidated/",
    files=("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
    url_note="Treasury's legacy download folder of the non-SDN lists",
    reads_folder=True,
    shared=(
        "ofac-lists/non-sdn-consolidated-2025-12/cons_prim.csv",
        "ofac-lists/non-sdn-consolidated-2025-12",
    ),
    dataset=ReaderDataset(
        theme="sanctions",
        vintage="as downloaded by the user",
        cadence="irregular",
        citation="OFAC Consolidated Sanctions List (non-SDN) as published on DATE",
        columns=ENTRY_COLUMNS,
        description="load('ofac_consolidated', path=<cons_prim.csv or its folder>).",
    ),
    # the companions share ofac_sdn's record format (tested there); the main file is tested here
    hostile=(
        Hostile(
            "text",
            "cons_prim.csv",
            samples=("ofac-lists/non-sdn-consolidated-2025-12/cons_prim.csv",),
            required=MAIN_COLUMNS,
            encoding="cp1252",
            huge_column="remarks",
            huge_output="remarks",
            legacy_ofac=True,
        ),
    ),
)


def read_consolidated(
    path, *, encoding: str = "cp1252", companions: bool = True, strict: bool = True
):
    """Read OFAC's Consolidated (non-SDN) list: ``cons_prim.csv`` or its folder.

    Same layout and output as :func:`read_sdn`; the companions are
    ``cons_add.csv``, ``cons_alt.csv`` and ``cons_comments.csv``. The sectoral
    (SSI) entries carry the program ``UKRAINE-EO13662``.
    """
    return read_list(path, SOURCE, encoding=encoding, companions=companions, strict=strict)
