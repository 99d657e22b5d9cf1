"""Declarations of the datasets every theme shares: the events table and the commentary's claims."""

from toolkit.registry import Column, Dataset

DATASETS = [
    Dataset(
        name="events",
        title="Dated sanctions events on Russia (US executive orders and statutes, EU packages, price caps)",
        publisher="per row (Federal Register, OFAC, GPO, EU Council, ...); compiled from facts.md",
        source="toolkit/data/events.csv (per-row source_url)",
        vintage="events 2012-12-14 to 2025-09-03",
        licence="facts from public official and cited secondary sources; the compilation is "
        "under the project licence (MIT)",
        kind="embedded",
        theme="common",
        loader="toolkit.events:load_events",
        citation="sanctions-toolkit events table; cite each row's publisher and source_url",
        description="One row per event any plot can mark, each with its source, confidence and facts.md id.",
        columns=(
            Column("date", "date", "", "day the measure was signed, adopted or took effect"),
            Column("label", "str", "", "short label drawn on plots"),
            Column(
                "jurisdiction",
                "str",
                "",
                "US, EU, RU, G7+EU+Australia (crude cap) or G7+EU (product caps)",
            ),
            Column("kind", "str", "", "executive_order, statute, import_ban, price_cap, ..."),
            Column("description", "str", "", "what the measure does"),
            Column("source_url", "str", "", "where the date was read"),
            Column("publisher", "str", "", "original publisher"),
            Column("confidence", "str", "", "high or medium (facts.md marks)"),
            Column("fact_id", "str", "", "facts.md row id"),
            Column("note", "str", "", "caveats"),
        ),
        usage_warnings=(
            "Several dates are medium confidence (secondary sources); see the confidence column.",
            "The invasion date has no facts.md row of its own; its row notes where the day was seen.",
        ),
        files=("events.csv",),
    ),
    Dataset(
        name="commentary_claims",
        title="Quantitative claims of the commentary \"'Resetting' Russia-US relations\"",
        publisher="Hung Anh (commentary)",
        source="commentary \"'Resetting' Russia-US relations\", 2025-03-14 (seed text of the project)",
        vintage="2025-03-14",
        licence="figures quoted for comparison; no sentence of the commentary is copied",
        kind="embedded",
        theme="common",
        loader="toolkit.claims:load_claims",
        citation="Hung Anh, \"'Resetting' Russia-US relations\", commentary, 2025-03-14",
        description="Every figure the commentary states, with the year, flow and comparator, to set beside the data.",
        columns=(
            Column("claim_id", "str", "", "stable id, e.g. T-2021-total"),
            Column("theme", "str", "", "trade, sanctions or resilience"),
            Column("quantity", "str", "", "what the figure measures"),
            Column("year", "int", "", "year the figure is for"),
            Column("comparator", "str", "", "=, about, more than, less than"),
            Column("value", "float", "see unit", "the figure as written"),
            Column("unit", "str", "", "unit as written"),
            Column("change_pct", "float", "%", "stated change vs base_year"),
            Column("change_abs", "float", "see unit", "stated absolute change vs base_year"),
            Column("value_usd_m", "float", "USD million", "value converted to USD million"),
            Column("source", "str", "", "citation of the commentary"),
        ),
        usage_warnings=(
            "These are claims as written, not facts: compare them with the data (toolkit.trade.compare_claims).",
            "The 2024 figures are a USTR estimate as quoted by the commentary.",
        ),
        files=("commentary_claims.csv",),
    ),
]
