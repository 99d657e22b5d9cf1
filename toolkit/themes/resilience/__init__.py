"""Resilience theme: indicators, mirror trade, re-routing, third countries, product-level circumvention.

``from toolkit.themes import resilience`` gives the public names of the modules below,
each imported on first use (importing the package imports no pandas).
"""

from toolkit.themes._lazy import lazy_surface

__all__, __getattr__, __dir__ = lazy_surface(
    __name__,
    {
        "indicators": (
            "COMMENTARY",
            "CONFIDENCE",
            "FACTORS",
            "FORWARD_LOOKING",
            "INDICATORS_FILE",
            "cite_rows",
            "factor_coverage",
            "latest_period",
            "load_indicators",
            "readable",
        ),
        "mirror_series": (
            "ARMENIA_YEARS",
            "MIRROR_COLUMNS",
            "PARTNER_NAMES",
            "SERIES",
            "US_PARTNERS",
            "US_YEARS",
            "armenia_exports_annual",
            "crude_destinations",
            "eu_exports_annual",
            "us_exports_annual",
        ),
        "mirror": ("MIRROR_FILE", "compare_annual", "load_mirror_trade", "mirror_trade_from_files"),
        "findings": ("finding_numbers",),
        "partners": ("PARTNERS", "partner_trade", "trade_change"),
        "rerouting": ("destination_shares", "ratio", "rerouting_index"),
        "cn8_panel": ("BELARUS", "RUSSIA", "group_totals", "short_name"),
        "groupings": (
            "ALL_GOODS",
            "AUTHOR_GROUP",
            "CHAPTERS",
            "CHPL_ALL",
            "CHPL_FILE",
            "all_goods_group",
            "author_group",
            "chapter_groups",
            "chpl_coverage",
            "chpl_groups",
            "load_chpl",
            "product_groups",
        ),
        "circumvention": (
            "NEIGHBOURS",
            "POST",
            "PRE",
            "before_after",
            "did_estimate",
            "load_cn8_exports",
            "substitution_ratio",
            "who_ships",
        ),
    },
)
