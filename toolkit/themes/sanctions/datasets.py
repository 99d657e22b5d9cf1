"""Declarations of the sanctions-regime datasets: measures, price caps, OFAC lists, ledger."""

from toolkit.fields import CONFIDENCE, FACT_ID, NOTE, PUBLISHER, SOURCE_URL
from toolkit.registry import Column, Dataset
from toolkit.sources import get_source
from toolkit.themes.sanctions.record import COUNT_COLUMNS, PRICE_COLUMNS

FACTS = "sanctions-toolkit fact sheet (facts.md), groups B1-B3 and E.1-E.4"
_SDN = get_source("ofac_sdn")

DATASETS = [
    Dataset(
        name="measures",
        as_of="2026-07-23",
        cadence="irregular",
        files=("measures.csv",),
        title="Sanctions measures against Russia, 2012-2026 (US, EU, G7)",
        publisher="compiled from the Federal Register, OFAC, GPO/govinfo, EU Council and secondary sources (per row)",
        source="toolkit/data/measures.csv; per-row source_url and publisher, from " + FACTS,
        vintage="facts checked 2026-12-03; latest measure 2026-07-23 (EU 21st package)",
        licence="facts; sources are public-domain US government texts and cited secondary sources",
        kind="embedded",
        theme="sanctions",
        loader="toolkit.themes.sanctions.measures:load_measures",
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
            NOTE,
            SOURCE_URL,
            PUBLISHER,
            CONFIDENCE,
            FACT_ID,
        ),
        usage_warnings=(
            "EO 13661's date differs between sources (16 vs 17 March 2014); 16 March kept, see note.",
            "The 4th and 7th EU packages keep only their dates: their content is not verified (category 'not detailed').",
            "The suspension of normal trade relations (US-STAT-NTR-2022) is dated to the month only.",
            "No sourced row supports the commentary's 'deposit ban'; it stays unmatched.",
            "Most EU rows are medium confidence (EU Council acts seen via secondary sources).",
            "2025-26 rows cite facts.md section E; the legal acts of packages 14, 15 and 17 were "
            "not found (E.10) and the goods of the Kyrgyzstan measure are those of the draft (E13).",
        ),
    ),
    Dataset(
        name="price_caps",
        as_of="2026-07-23",
        cadence="irregular",
        files=("price_caps.csv",),
        title="Price caps on seaborne Russian crude oil and petroleum products",
        publisher="US Treasury / OFAC; EU Council (via press, per row)",
        source="toolkit/data/price_caps.csv; per-row source_url, from "
        + FACTS
        + " (B59-B61, E26-E33)",
        vintage="caps in force 2022-12-05 to 2026-07-23 and after (latest change: EU 21st package)",
        licence="facts; public-domain US government texts and cited secondary sources",
        kind="embedded",
        theme="sanctions",
        loader="toolkit.themes.sanctions.price_cap:load_price_caps",
        citation="OFAC determinations under EO 14071 (2022-12-05, 2023-02-03); EU 18th package (2025-07-18); Commission notice 2026-01-15; UK OFSI; EU 21st package (2026-07-23)",
        columns=(
            Column("cap_id", "str"),
            Column("jurisdiction", "str"),
            Column(
                "product",
                "str",
                description="crude, premium-to-crude products, discount-to-crude products",
            ),
            Column("cap_usd_per_bbl", "float", unit="USD/bbl"),
            Column("start_date", "date"),
            Column("end_date", "date", description="NaT while in force"),
            Column("rule", "str", description="fixed, or the dynamic rule"),
            NOTE,
            SOURCE_URL,
            PUBLISHER,
            CONFIDENCE,
            FACT_ID,
        ),
        usage_warnings=(
            "The EU/UK crude caps (47.60, then 44.10 USD/bbl) are reported by the press (medium); the US kept USD 60.",
            "EU-CRUDE-FROZEN's level is inferred: the 21st package froze the cap without stating a number (E30).",
        ),
    ),
    Dataset(
        name="sdn_ledger_summary",
        as_of="2024-05-03",
        cadence="irregular",
        files=("sdn_ledger_summary.csv",),
        derived_from=("ofac_sdn",),
        title="OFAC SDN list: entries by program and type at 14 dates, 2021-08 to 2024-05",
        publisher=_SDN.publisher,
        source=f"OFAC SDN list ({_SDN.urls()[0]}) as published on each date; snapshots kept by "
        "the git-scraping repository jackdwyer/specially-designated-nationals-list; counts built "
        "by scripts/build_sdn_ledger_summary.py",
        vintage="snapshots 2021-08-18 to 2024-05-03",
        licence=_SDN.licence,
        kind="embedded",
        theme="sanctions",
        loader="toolkit.themes.sanctions.ledger:load_ledger_summary",
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
            Column("citation", "str", description="OFAC SDN list as published on DATE"),
        ),
        usage_warnings=(
            "DATE is the day the snapshot was first seen (git commit day, UTC), not OFAC's publication date.",
            "An entry listed under several programs counts once in each program.",
            "Only the programs that concern Russia and Ukraine, plus the all-program total ('ALL'), are kept.",
        ),
    ),
    Dataset(
        name="events",
        as_of="2026-07-23",
        cadence="irregular",
        title="Dated sanctions events on Russia (US executive orders and statutes, EU packages, price caps)",
        publisher="per row (Federal Register, OFAC, GPO, EU Council, ...); compiled from facts.md",
        source="toolkit/data/events.csv (per-row source_url)",
        vintage="events 2012-12-14 to 2026-07-23",
        licence="facts from public official and cited secondary sources; the compilation is "
        "under the project licence (MIT)",
        kind="embedded",
        theme="common",
        loader="toolkit.themes.sanctions.events:load_events",
        citation="sanctions-toolkit events table; cite each row's publisher and source_url",
        description="One row per event any plot can mark, each with its source, confidence and facts.md id.",
        columns=(
            Column("date", "date", "", "day the measure was signed, adopted or took effect"),
            Column("label", "str", "", "short label drawn on plots"),
            Column(
                "jurisdiction",
                "str",
                "",
                "US, EU, RU, G7+EU+Australia (crude cap to 2025-09-02) or G7+EU (product caps)",
            ),
            Column("kind", "str", "", "executive_order, statute, import_ban, price_cap, ..."),
            Column("description", "str", "", "what the measure does"),
            SOURCE_URL,
            PUBLISHER,
            CONFIDENCE,
            FACT_ID,
            NOTE,
        ),
        usage_warnings=(
            "Several dates are medium confidence (secondary sources); see the confidence column.",
            "The invasion date has no facts.md row of its own; its row notes where the day was seen.",
        ),
        files=("events.csv",),
    ),
]

DATASETS += [
    Dataset(
        name="us_designation_counts",
        as_of="2025",
        cadence="annual",
        files=("us_designation_counts.csv",),
        title="New US sanctions designations a year, 2017-2025 (CNAS and Castellum.AI counts)",
        publisher="CNAS (Sanctions by the Numbers); Castellum.AI (Sanctions Year in Review)",
        source="toolkit/data/us_designation_counts.csv; per-row source_url, from facts.md E62-E63",
        vintage="calendar years 2017-2025 (CNAS to 2024, Castellum.AI to 2025)",
        licence="facts (counts quoted from the publishers' reports)",
        kind="embedded",
        theme="sanctions",
        loader="toolkit.themes.sanctions.record:load_designation_counts",
        citation="CNAS, Sanctions by the Numbers 2023 and 2024; Castellum.AI, 2025 Sanctions Year in Review",
        description="One row per period, counter and scope: persons added to the SDN list (CNAS) "
        "or new US sanctions (Castellum.AI), all programs unless the scope says Russian.",
        columns=tuple(
            Column(
                c,
                "int" if c in ("year_start", "year_end", "count") else "str",
                unit="designations" if c == "count" else "",
            )
            for c in COUNT_COLUMNS
        ),  # fmt: skip
        usage_warnings=(
            "CNAS and Castellum.AI count differently: 3,135 vs 3,165 for 2024 (facts.md E.9).",
            "The CNAS 2025 edition was not found; 2025 is Castellum.AI's count only.",
            "All programs, not Russia only, except the row whose scope is 'Russian'.",
        ),
    ),
    Dataset(
        name="oil_market_prices",
        as_of="2026-01",
        cadence="irregular",
        files=("oil_market_prices.csv",),
        title="Urals crude price points, 2025-2026 (annual average and two monthly levels)",
        publisher="Bloomberg and MMI from Russian Ministry of Finance data, via press",
        source="toolkit/data/oil_market_prices.csv; per-row source_url, from facts.md E87-E88",
        vintage="2025 average; December 2025 and January 2026 levels",
        licence="facts (figures quoted by the press)",
        kind="embedded",
        theme="sanctions",
        loader="toolkit.themes.sanctions.record:load_oil_prices",
        citation="Bloomberg via Axy (2025 average); MMI / Ministry of Finance via Caliber (Dec 2025, Jan 2026)",
        description="The only market prices of Russian crude the fact sheet gives, to set "
        "beside the price caps; not a price series.",
        columns=tuple(
            Column(
                c,
                "float" if c == "usd_per_bbl" else "date" if c.startswith("period_") else "str",
                unit="USD/bbl" if c == "usd_per_bbl" else "",
            )
            for c in PRICE_COLUMNS
        ),  # fmt: skip
        usage_warnings=(
            "Three points, not a series: the monthly levels are approximate ('about').",
        ),
    ),
]
