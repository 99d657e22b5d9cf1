"""Declarations of the resilience theme's datasets: indicators, mirror trade and three readers."""

from toolkit.registry import Column, Dataset

_MIRROR_COLUMNS = (
    Column("series", "str", "", "eu_exports, us_exports, armenia_exports or crude_exports"),
    Column("reporter", "str", "", "who exports: EU-27, United States, Armenia, Russia"),
    Column("partner", "str", "", "destination (Russia, a neighbour, a crude buyer)"),
    Column("year", "int", "", "calendar year"),
    Column("value", "float", "see unit", "annual total"),
    Column("unit", "str", "", "EUR million, USD million, or not stated (likely kt) for crude"),
    Column("months_covered", "int", "months", "12, or fewer for a partial last year"),
    Column("publisher", "str", "", "original publisher"),
    Column("source_file", "str", "", "file in ../shared/data the row was derived from"),
    Column("source_url", "str", "", "where the original is published"),
    Column("vintage", "str", "", "data vintage of the file"),
)

DATASETS = [
    Dataset(
        name="resilience_indicators",
        title="Russia's resilience and damage indicators (GDP, oil and gas revenue, SPFS, Mir, "
        "parallel imports, company exits, frozen assets, crude destinations)",
        publisher="per row (Rosstat, Russian MinFin, Bank of Russia, Kpler, IEA, Yale CELI, KSE, "
        "Euroclear, EU Council ...), mostly via press; compiled from facts.md groups B and C",
        source="toolkit/data/resilience_indicators.csv (per-row source_url)",
        vintage="figures dated 2014 to 2025-06",
        licence="facts from public sources; the compilation is under the project licence (MIT)",
        kind="embedded",
        theme="resilience",
        loader="toolkit.themes.resilience.indicators:load_indicators",
        citation="sanctions-toolkit resilience indicators; cite each row's publisher and source_url",
        description="Long table, one row per indicator and period, with the facts.md id and confidence.",
        columns=(
            Column("indicator", "str", "", "stable id, e.g. gdp_growth"),
            Column("label", "str", "", "what is measured"),
            Column(
                "factor",
                "str",
                "",
                "commentary factor (toolkit.themes.resilience.indicators.FACTORS)",
            ),
            Column("period", "str", "", "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn, pre-2022, A/B"),
            Column("value", "float", "see unit", "NaN for dated milestones (unit 'date')"),
            Column("unit", "str", "", "unit as published"),
            Column("qualifier", "str", "", "≈, >, ≤, up to, range from/to; empty = as stated"),
            Column(
                "basis",
                "str",
                "",
                "what the figure covers (e.g. seaborne crude vs crude + products)",
            ),
            Column("source_url", "str", "", "where the figure was read"),
            Column("publisher", "str", "", "original publisher, and the outlet when via press"),
            Column("confidence", "str", "", "high or medium (facts.md marks)"),
            Column("fact_id", "str", "", "facts.md row id"),
            Column("note", "str", "", "caveats"),
            Column("period_end_date", "date", "", "last day of the period (derived at load)"),
        ),
        usage_warnings=(
            "Most rows are medium confidence: secondary sources citing the publisher.",
            "Crude-destination shares come from Kpler, the IEA and the Russian government on "
            "different bases (seaborne vs all crude, crude vs crude + products): compare within "
            "one basis only.",
            "No indicator covers transport/logistics or the replacement of departed firms; "
            "company exits measure only the departures.",
        ),
        files=("resilience_indicators.csv",),
    ),
    Dataset(
        name="mirror_trade",
        title="Annual exports to Russia and to its neighbours and hubs (EU, US, Armenia), and "
        "Russian crude exports by destination",
        publisher="Eurostat (Comext); US Census Bureau; Armstat (via tavad/tvyal_newsletter); "
        "CREA (Kpler-based)",
        source="derived by scripts/build_mirror_trade.py from ../shared/data "
        "(eurostat-comext-exports, census-country-trade/country.xlsx, "
        "armenia-trade/arm_trade_country.csv, crea-fossil/crude_ru_exports.csv)",
        vintage="Comext 2019-01..2024-08 (exported 2024-11-16); Census data through 2024-06; "
        "Armenia 2007-01..2024-12; CREA 2021-2022",
        # Eurostat data are free to reuse with the source named (its copyright notice); CC BY 4.0
        # covers only its editorial content, so it is not claimed for the data.
        licence="Eurostat: reuse authorised with the source acknowledged (Eurostat copyright "
        "notice), copy via mary-lev/eu-export-sanctions (Apache-2.0); Census: public domain; "
        "Armenia file: no licence stated; CREA: MIT/GPL-3.0 (attribute CREA)",
        kind="embedded",
        theme="resilience",
        loader="toolkit.themes.resilience.mirror:load_mirror_trade",
        citation="per row: publisher, source_file, vintage",
        description="The circumvention signal: exports to the neighbours beside exports to Russia. "
        "Pass comext_dir/census_path/armenia_path/crea_path to recompute from the real files.",
        columns=_MIRROR_COLUMNS,
        usage_warnings=(
            "2024 is partial: Comext January-August, Census January-June (months_covered).",
            "EU values are sums of the 27 current member states; aggregate reporters are dropped "
            "(Comext lists them beside the members).",
            "Mirror rises alone do not prove diversion: they are a signal to investigate.",
            "The CREA crude file states no unit (likely kt); values are Kpler-based estimates.",
        ),
        files=("mirror_trade_annual.csv",),
    ),
    Dataset(
        name="comext_exports",
        title="EU exports by member state and month (Eurostat Comext data-browser CSV exports)",
        publisher="Eurostat (Comext)",
        source="a folder of Comext 'Relational view' CSV exports (path=); default "
        "../shared/data/eurostat-comext-exports/russia_export_eurostat",
        vintage="as downloaded by the user; the shared copy: 2019-01..2024-08, exported 2024-11-16",
        licence="Eurostat: reuse authorised with the source acknowledged (Eurostat copyright notice)",
        kind="reader",
        theme="resilience",
        loader="toolkit.themes.resilience.shared_files:load_comext",
        citation="Eurostat, Comext database, EU trade since 1988 by reporter and partner",
        columns=(
            Column("reporter", "str", "", "reporter label as in the file"),
            Column("reporter_iso2", "str", "", "ISO code of a member state (empty for aggregates)"),
            Column("reporter_kind", "str", "", "eu27_member, former_member or aggregate"),
            Column("partner", "str", "", "partner label as in the file"),
            Column("flow", "str", "", "export or import"),
            Column("year", "int", "", ""),
            Column("month", "int", "", "1-12"),
            Column("month_date", "date", "", "first day of the month"),
            Column("value_eur", "float", "EUR", "trade value"),
            Column("file", "str", "", "file the row came from"),
        ),
        usage_warnings=(
            "include='all' returns aggregates beside member states: never sum them together.",
        ),
    ),
    Dataset(
        name="armenia_trade",
        title="Armenia's trade by partner country, monthly",
        publisher="Statistical Committee of Armenia (Armstat), via tavad/tvyal_newsletter",
        source="arm_trade_country.csv (path=); default ../shared/data/armenia-trade/arm_trade_country.csv",
        vintage="the shared copy: 2007-01..2024-12",
        licence="no licence file in the source repository",
        kind="reader",
        theme="resilience",
        loader="toolkit.themes.resilience.shared_files:load_armenia_trade",
        citation="Armstat data via tavad/tvyal_newsletter, arm_trade_country.csv",
        columns=(
            Column("country", "str", "", "partner as in the file"),
            Column("year", "int", "", ""),
            Column("month", "int", "", "1-12"),
            Column("month_date", "date", "", "first day of the month"),
            Column("flow", "str", "", "exports, imports_by_origin, imports_by_consignment"),
            Column("value_usd_k", "float", "thousand USD", "trade value"),
        ),
        usage_warnings=(
            "A derived table (reliability C), not Armstat's own file.",
            "The United States appears under two names ('USA' and 'United States').",
        ),
    ),
    Dataset(
        name="crea_crude",
        title="Russian crude exports by destination country, 2021 and 2022",
        publisher="CREA (Centre for Research on Energy and Clean Air), Kpler-based",
        source="crude_ru_exports.csv (path=); default ../shared/data/crea-fossil/crude_ru_exports.csv",
        vintage="years 2021 and 2022",
        licence="source repository licence files disagree (MIT vs GPL-3.0); attribute CREA",
        kind="reader",
        theme="resilience",
        loader="toolkit.themes.resilience.shared_files:load_crea_crude",
        citation="CREA, Russia fossil shipment tracker (energyandcleanair/fossil_shipment_tracker)",
        columns=(
            Column("destination", "str", "", "country as in the file"),
            Column("year", "int", "", ""),
            Column("volume", "float", "not stated (likely kt)", "crude exported"),
            Column("unit", "str", "", "states that the file gives no unit"),
        ),
        usage_warnings=("The file states no unit; magnitudes suggest thousand tonnes a year.",),
    ),
]
