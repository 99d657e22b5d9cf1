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
            "INDICATORS_FILE",
            "factor_coverage",
            "load_indicators",
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
        "circumvention_later": (
            "COMEXT_FOLDERS",
            "IMF_PARTNERS",
            "eu_monthly_totals",
            "imf_partner_index",
            "load_eu_monthly",
            "same_months_by_year",
            "shared_paths",
        ),
        "circumvention_plots": (
            "CN8_SOURCE",
            "COMEXT_SOURCE",
            "IMF_SOURCE",
            "POST_GID",
            "eu_monthly_by_group",
            "plot_group_flows",
            "plot_lasting",
            "plot_substitution",
            "plot_who_ships",
        ),
        "circumvention_views": ("ALL_NEIGHBOURS", "PERIODS", "circumvention_view", "period_ratio"),
    },
)
