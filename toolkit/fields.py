"""Facts the catalog states more than once, declared here once: shared columns, licences, citations.

Dataset and source declarations refer to these names; nothing else restates them::

    from toolkit.fields import COMMENTARY, CONFIDENCE, LICENCES, SOURCE_URL

A :class:`Column` declares one column of a dataset: its name, its dtype kind (checked by
:func:`toolkit.registry.load`), its unit and what it means. ``column.but(description=...)``
returns a copy with one field changed, for a dataset whose column says a little more.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = [
    "COMMENTARY",
    "CONFIDENCE",
    "DTYPES",
    "FACT_ID",
    "LICENCES",
    "MONTH",
    "NOTE",
    "PUBLISHER",
    "SOURCE_URL",
    "VALUE_USD_M",
    "YEAR",
    "Column",
]

#: The dtype kinds a column may declare (``registry.load`` checks them). ``dict``: one mapping
#: per row (a check's arguments); ``mixed``: values of several kinds by design (a claimed value
#: is a number or an ISO date), checked for presence only.
DTYPES = ("int", "float", "str", "date", "bool", "list", "dict", "mixed")


@dataclass(frozen=True)
class Column:
    """One declared column of a dataset: name, dtype kind, unit and meaning.

    Parameters
    ----------
    name : str
        Column name (units in the name: ``_usd_m``, ``_eur``, ``_pct``, ``_date``).
    dtype : {"int", "float", "str", "date", "bool", "list", "dict", "mixed"}
        The kind of values; ``registry.load`` checks the loaded column against it.
    unit : str
        Unit of the values, when they have one.
    description : str
        What the column holds.
    """

    name: str
    dtype: str
    unit: str = ""
    description: str = ""

    def __post_init__(self):
        """Check the dtype kind."""
        if self.dtype not in DTYPES:
            raise ValueError(f"column {self.name!r}: dtype {self.dtype!r} is not one of {DTYPES}")

    def but(self, **changes) -> Column:
        """Return a copy with the given fields changed (e.g. a fuller description)."""
        return replace(self, **changes)


#: How the seed commentary is cited wherever one of its figures or claims is used.
COMMENTARY = "Hung Anh, \"'Resetting' Russia-US relations\", commentary, 2025-03-14"

# --- columns every curated fact table carries (DEVELOPING.md, "Data rules") ----------------
SOURCE_URL = Column("source_url", "str", description="where the figure or date was read")
PUBLISHER = Column(
    "publisher", "str", description="original publisher, and the outlet when via press"
)
CONFIDENCE = Column(
    "confidence",
    "str",
    description="high or medium, as facts.md marks the row (low rows are left out)",
)
FACT_ID = Column("fact_id", "str", description="facts.md row id")
NOTE = Column("note", "str", description="caveats")

# --- columns of the trade tables ------------------------------------------------------------
YEAR = Column("year", "int", description="calendar year")
MONTH = Column("month", "int", description="1-12")
VALUE_USD_M = Column("value_usd_m", "float", "USD million", "nominal")

#: Licence texts of the sources and curated tables, by short name.
LICENCES = {
    "us_government": "US government work (public domain)",
    "russian_statistics": "Russian official statistics (publicly released)",
    "eurostat": "Eurostat: reuse authorised with the source acknowledged (Eurostat copyright notice)",
    "opensanctions": "CC BY-NC 4.0 (attribute OpenSanctions; non-commercial use only)",
    "crea": "source repository licence files disagree (MIT vs GPL-3.0); attribute CREA",
    "armenia": "no licence file in the source repository",
    "gsdb": "no licence file with the shared copies; cite the GSDB authors",
    "ties": "no licence stated with the copy; cite Morgan, Bapat and Kobayashi 2014",
    "un": "no licence stated in the file: an official UN Security Council document (cite the "
    "UN Security Council); the 2026-02-27 copy came from a repository under Apache-2.0",
    "dfat": "no licence stated in the workbook or its copy (cite DFAT as the publisher)",
    "imf": "no licence file with the export (cite the IMF, IMTS, as the source)",
    "project": "MIT (the project licence)",
}
