"""Sanctions-regime theme: measures, price caps, OFAC designations, events, the 2025-26 record.

``from toolkit.themes import sanctions`` gives the public names of the modules below,
each imported on first use (importing the package imports no pandas).
"""

from toolkit.themes._lazy import lazy_surface

__all__, __getattr__, __dir__ = lazy_surface(
    __name__,
    {
        "measures": (
            "COMMENTARY_TERMS",
            "EXTRA_TERMS",
            "LEGAL_BASIS_TYPES",
            "MEASURE_COLUMNS",
            "VOCABULARY",
            "filter_measures",
            "load_measures",
            "match_commentary",
        ),
        "price_cap": (
            "EU_DISCOUNT_PCT",
            "EU_REVIEW_MONTHS",
            "EU_WINDOW_WEEKS",
            "PRICE_CAP_COLUMNS",
            "caps_over_time",
            "dynamic_cap",
            "load_price_caps",
        ),
        "ledger": (
            "ALL",
            "ENTRY_TYPES",
            "RUSSIA_UKRAINE_PATTERN",
            "SUMMARY_FILE",
            "designation_ledger",
            "is_russia_ukraine_program",
            "load_ledger_summary",
            "snapshot_files",
            "totals_by_program",
        ),
        "designations": ("designation_jump", "programs_at"),
        "record": (
            "COUNT_COLUMNS",
            "PRICE_COLUMNS",
            "crude_caps_at",
            "list_size_series",
            "load_designation_counts",
            "load_oil_prices",
            "sanctions_numbers",
        ),
        "record_plots": (
            "CB_COLOURS",
            "PROGRAM_STYLES",
            "designations_panels_data",
            "plot_crude_caps",
            "plot_designation_counts",
            "plot_designations_panels",
        ),
        "events": ("CONFIDENCE", "EVENTS_FILE", "INVASION_DATE", "load_events"),
    },
)
