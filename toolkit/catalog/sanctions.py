"""Declarations of the sanctions-regime datasets: measures, price caps, OFAC lists, ledger."""

from toolkit.registry import Column, Dataset

FACTS = "sanctions-toolkit fact sheet (facts.md), groups B1-B3"
COMMENTARY = "Hung Anh, \"'Resetting' Russia-US relations\", commentary, 2025-03-14"

DATASETS = [
    Dataset(
        name="measures",
        title="Sanctions measures against Russia, 2012-2025 (US, EU, G7)",
        publisher="compiled from the Federal Register, OFAC, GPO/govinfo, EU Council and secondary sources (per row)",
        source="toolkit/data/measures.csv; per-row source_url and publisher, from " + FACTS,
        vintage="facts checked 2025; latest measure 2025-07-18",
        licence="facts; sources are public-domain US government texts and cited secondary sources",
        kind="embedded",
        theme="sanctions",
        loader="toolkit.measures:load_measures",
        citation="sanctions-toolkit measures catalogue; cite each row's publisher and source_url",
        description="One row per measure with instrument, legal basis, commentary-vocabulary category and source.",
        columns=(
            Column("measure_id", "str", description="stable id, e.g. US-EO14071, EU-PKG06"),
            Column("jurisdiction", "str", description="US, EU or G7"),
            Column("announced_date", "date", description="signed / adopted / announced"),
            Column(
                "effective_date", "date", description="in force, when different (NaT otherwise)"
            ),
            Column("date_precision", "str", description="day, or month for a month-only date"),
            Column(
                "instrument", "str", description="legal instrument, e.g. 'EO 14071', 'P.L. 115-44'"
            ),
            Column(
                "legal_basis_type",
                "str",
                description="executive order (IEEPA) / statute / agency action / EU Council act / multilateral",
            ),
            Column("category", "str", description="primary measure type (commentary vocabulary)"),
            Column("categories", "str", description="all measure types, ';'-joined"),
            Column("subcategory", "str"),
            Column("description", "str"),
            Column("note", "str", description="caveats: date disagreements, unverified content"),
            Column("source_url", "str"),
            Column("publisher", "str"),
            Column("confidence", "str", description="high / medium, from facts.md"),
            Column("fact_id", "str", description="facts.md row id"),
        ),
        usage_warnings=(
            "EO 13661's date differs between sources (16 vs 17 March 2014); 16 March kept, see note.",
            "The 4th and 7th EU packages keep only their dates: their content is not verified (category 'not detailed').",
            "The suspension of normal trade relations (US-STAT-NTR-2022) is dated to the month only.",
            "No sourced row supports the commentary's 'deposit ban'; it stays unmatched.",
            "Most EU rows are medium confidence (EU Council acts seen via secondary sources).",
        ),
    ),
    Dataset(
        name="sdn_ledger_summary",
        title="OFAC SDN list: entries by program and type at 14 dates, 2021-08 to 2024-05",
        publisher="US Treasury, Office of Foreign Assets Control (OFAC)",
        source="OFAC SDN list (sdn.csv) as published on each date; snapshots kept by the git-scraping "
        "repository jackdwyer/specially-designated-nationals-list; counts built by scripts/build_sdn_ledger_summary.py",
        vintage="snapshots 2021-08-18 to 2024-05-03",
        licence="US government work (public domain)",
        kind="embedded",
        theme="sanctions",
        loader="toolkit.ledger:load_ledger_summary",
        citation="OFAC SDN list as published on DATE (one date per row)",
        columns=(
            Column("snapshot_date", "date"),
            Column("program", "str"),
            Column("entry_type", "str", description="individual / entity / vessel / aircraft"),
            Column("in_force", "int", unit="entries"),
            Column(
                "added",
                "int",
                unit="entries",
                description="since the previous snapshot; NaN at the first",
            ),
            Column(
                "removed",
                "int",
                unit="entries",
                description="since the previous snapshot; NaN at the first",
            ),
        ),
        usage_warnings=(
            "DATE is the day the snapshot was first seen (git commit day, UTC), not OFAC's publication date.",
            "An entry listed under several programs counts once in each program.",
            "Only the programs that concern Russia and Ukraine, plus the all-program total ('ALL'), are kept.",
        ),
    ),
    Dataset(
        name="ofac_sdn",
        title="OFAC Specially Designated Nationals list (legacy CSV: sdn.csv, add.csv, alt.csv, sdn_comments.csv)",
        publisher="US Treasury, Office of Foreign Assets Control (OFAC)",
        source="https://www.treasury.gov/ofac/downloads/sdn.csv (read where the user keeps it: path=)",
        vintage="as downloaded by the user",
        licence="US government work (public domain)",
        kind="reader",
        theme="sanctions",
        loader="toolkit.readers.ofac:read_sdn",
        citation="OFAC SDN list as published on DATE",
        columns=(
            Column("ent_num", "int"),
            Column("name", "str"),
            Column("entry_type", "str"),
            Column("programs", "list"),
        ),
    ),
    Dataset(
        name="ofac_consolidated",
        title="OFAC Consolidated (non-SDN) sanctions list (cons_prim.csv and companions)",
        publisher="US Treasury, Office of Foreign Assets Control (OFAC)",
        source="https://www.treasury.gov/ofac/downloads/consolidated/cons_prim.csv (path=)",
        vintage="as downloaded by the user",
        licence="US government work (public domain)",
        kind="reader",
        theme="sanctions",
        loader="toolkit.readers.ofac:read_consolidated",
        citation="OFAC Consolidated Sanctions List (non-SDN) as published on DATE",
        columns=(
            Column("ent_num", "int"),
            Column("name", "str"),
            Column("entry_type", "str"),
            Column("programs", "list"),
        ),
    ),
    Dataset(
        name="opensanctions_targets",
        title="OpenSanctions targets.simple.csv export (e.g. the Ukrainian 'War and Sanctions' dataset)",
        publisher="OpenSanctions",
        source="https://www.opensanctions.org/datasets/ (targets.simple.csv; path=)",
        vintage="as exported by the user",
        licence="CC BY-NC 4.0 (attribute OpenSanctions; non-commercial use)",
        kind="reader",
        theme="sanctions",
        loader="toolkit.readers.opensanctions:read_opensanctions",
        citation="OpenSanctions, targets.simple.csv, DATASET, exported DATE (CC BY-NC 4.0)",
        columns=(
            Column("id", "str"),
            Column("schema", "str"),
            Column("name", "str"),
            Column("aliases", "list"),
            Column("countries", "list"),
            Column("sanctions", "list"),
        ),
        usage_warnings=(
            "Licence CC BY-NC 4.0: non-commercial use only, with attribution to OpenSanctions.",
        ),
    ),
]
