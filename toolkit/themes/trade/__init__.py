"""Trade theme: US-Russia goods trade since 1992, its fall, what is still traded.

``from toolkit.themes import trade`` gives the public names of the modules below,
each imported on first use (importing the package imports no pandas).
"""

from toolkit.themes._lazy import lazy_surface

__all__, __getattr__, __dir__ = lazy_surface(
    __name__,
    {
        "series": (
            "FLOWS",
            "FREQS",
            "RUSSIA",
            "SHORT_SOURCES",
            "SOURCES",
            "SOURCE_IDS",
            "STORED_FLOWS",
            "add_derived",
            "check_flows",
            "check_freq",
            "from_census",
            "load_us_russia_trade",
            "select",
            "short_publisher",
            "source_attrs",
            "wide",
        ),
        "change": ("annual_only", "fall_factor", "yoy"),
        "mirror": (
            "IMF_ID",
            "ROSSTAT_ID",
            "imf_us_rows",
            "load_mirror",
            "mirror_from_files",
            "mirror_table",
            "mirror_view",
        ),
        "goods": (
            "HS4_HEADINGS",
            "OTHER",
            "hs_products",
            "load_us_imports_goods",
            "load_us_imports_hs",
        ),
        "recent": ("load_trade_2025", "year_to_date"),
        "findings": ("trade_findings",),
    },
)
