"""Declarations of the trade theme's datasets: US-Russia trade, its mirror, goods, and two readers."""

from toolkit.registry import Column, Dataset

_CENSUS_COPY = (
    "https://www.census.gov/foreign-trade/balance/country.xlsx (copy: repo "
    "cesinco/tableau-dashboard-extension-d3js, country.xlsx @ bc24e2a, committed 2024-11-01)"
)

DATASETS = [
    Dataset(
        name="us_russia_trade",
        title="US goods exports to and imports from Russia, monthly and annual, 1992-2024",
        publisher="US Census Bureau; full-year 2024 from USTR (as quoted by the press)",
        source=_CENSUS_COPY,
        vintage="Census data through 2024-06; USTR 2024 summary (early 2025)",
        licence="US government work (public domain)",
        kind="embedded",
        theme="trade",
        loader="toolkit.themes.trade.series:load_us_russia_trade",
        citation=(
            "US Census Bureau, U.S. trade in goods by country (country.xlsx), Russia (CTY_CODE 4621), "
            "data through June 2024; USTR 2024 summary for full-year 2024"
        ),
        description=(
            "Russia rows of the Census country file, derived by scripts/build_us_russia_trade.py; "
            "balance and total are computed at load. Options: freq='annual'|'monthly', flows=."
        ),
        columns=(
            Column("year", "int", "", "calendar year"),
            Column("flow", "str", "", "exports, imports (stored); balance, total (derived)"),
            Column(
                "value_usd_m", "float", "USD million", "nominal; exports FAS, imports customs value"
            ),
            Column("source_id", "str", "", "census-country-2024-06 or ustr-2024-summary"),
            Column("is_estimate", "bool", "", "True for the USTR 2024 figures"),
            Column(
                "approx", "bool", "", "the figure is rounded as published (USTR imports: 3.0 bn)"
            ),
        ),
        usage_warnings=(
            "Annual 2024 is the USTR full-year summary (medium confidence, a different source), not Census.",
            "Monthly 2024 holds Census January-June only; July-December are missing (NaN) in this vintage.",
            "Census revises its data: press figures of earlier vintages differ by about 0.1-3.5%.",
        ),
        files=(
            "us_russia_trade_annual.csv",
            "us_russia_trade_monthly.csv",
        ),
    ),
    Dataset(
        name="us_russia_trade_mirror",
        title="Mirror view: US-reported vs Russia-reported US-Russia trade, 2006-2021",
        publisher="US Census Bureau; Rosstat (Federal Customs Service data)",
        source=(f"{_CENSUS_COPY}; Rosstat 96stran.xlsx (copy in mary-lev/eu-export-sanctions)"),
        vintage="Census data through 2024-06; Rosstat monthly 2006-01 to 2021-12",
        licence="US government work (public domain); Russian official statistics",
        kind="embedded",
        theme="trade",
        loader="toolkit.themes.trade.mirror:load_mirror",
        citation=(
            "US Census Bureau country.xlsx (Russia); Rosstat, Внешняя торговля Российской Федерации "
            "с основными странами (по данным ФТС России), 96stran.xlsx"
        ),
        description="US imports from Russia beside Russia's exports to the USA, and the reverse, with the gap.",
        columns=(
            Column("year", "int"),
            Column("us_flow", "str", "", "imports (US imports from Russia) or exports"),
            Column("us_reported_usd_m", "float", "USD million", "Census"),
            Column("russia_reported_usd_m", "float", "USD million", "Rosstat, sum of 12 months"),
            Column("gap_usd_m", "float", "USD million", "US-reported minus Russia-reported"),
            Column("gap_pct", "float", "%", "gap relative to the Russia-reported figure"),
        ),
        usage_warnings=(
            "Mirror statistics differ by design: CIF vs FOB valuation, country of origin vs "
            "consignment, timing, transshipment; the gap is not an error of either side.",
            "Russia's customs stopped publishing trade by country in 2022.",
        ),
        files=("us_russia_trade_rosstat.csv", "us_russia_trade_annual.csv"),
    ),
    Dataset(
        name="us_imports_from_russia_goods",
        title="What the US imports from Russia: top end-use categories 2021, main goods 2024",
        publisher="US Census Bureau (end-use) via CNSNews; USITC DataWeb (Census data) via press",
        source="toolkit/data/us_imports_from_russia_goods.csv (per-row source_url; facts.md A40-A42)",
        vintage="2021 (Feb 2022 vintage); 2024",
        licence="US government statistics, quoted by the press",
        kind="embedded",
        theme="trade",
        loader="toolkit.themes.trade.goods:load_us_imports_goods",
        citation="facts.md A40 (Census end-use via CNSNews), A41-A42 (USITC DataWeb via press)",
        description="Per-row sources and confidence; 2024: fertilizers, palladium, uranium, engine parts.",
        columns=(
            Column("year", "int"),
            Column("category", "str"),
            Column("value_usd_m", "float", "USD million"),
            Column("share_pct", "float", "%", "share of all US imports from Russia"),
            Column("approx", "bool"),
            Column("source_url", "str"),
            Column("publisher", "str"),
            Column("confidence", "str"),
            Column("fact_id", "str"),
        ),
        usage_warnings=(
            "All rows are medium confidence (secondary sources quoting the statistics).",
        ),
        files=("us_imports_from_russia_goods.csv",),
    ),
    Dataset(
        name="census_country",
        title="US trade in goods by country (the Census country.xlsx file, read where you keep it)",
        publisher="US Census Bureau",
        source="https://www.census.gov/foreign-trade/balance/country.xlsx",
        vintage="as downloaded (the reader names the last published month)",
        licence="US government work (public domain)",
        kind="reader",
        theme="trade",
        loader="toolkit.sources.census_country:read_census_country",
        citation="US Census Bureau, U.S. trade in goods by country (country.xlsx)",
        description="load('census_country', path=..., freq='monthly'|'annual', countries=[4621]).",
        columns=(
            Column("cty_code", "str"),
            Column("country", "str"),
            Column("year", "int"),
            Column("month", "int", "", "1-12; missing for annual totals"),
            Column("flow", "str"),
            Column("value_usd_m", "float", "USD million"),
        ),
        usage_warnings=(
            "Months after the vintage's last published month are NaN (Census writes 0).",
        ),
    ),
    Dataset(
        name="rosstat_trade",
        title="Russia's trade with its main partners (Rosstat 96stran.xlsx, read where you keep it)",
        publisher="Rosstat (Federal Customs Service data)",
        source="Rosstat table 96stran.xlsx",
        vintage="monthly 2006-01 to 2021-12 (publication by country stopped in 2022)",
        licence="Russian official statistics",
        kind="reader",
        theme="trade",
        loader="toolkit.sources.rosstat_trade:read_rosstat_trade",
        citation="Rosstat, Внешняя торговля Российской Федерации с основными странами (по данным ФТС России)",
        description="load('rosstat_trade', path=..., partners=['USA']).",
        columns=(
            Column("partner", "str", "", "English name"),
            Column("partner_ru", "str", "", "name as Rosstat writes it"),
            Column("year", "int"),
            Column("month", "int"),
            Column("flow", "str", "", "exports/imports from Russia's point of view"),
            Column("value_usd_m", "float", "USD million"),
        ),
        usage_warnings=("Russia-reported figures differ widely from partners' mirror figures.",),
    ),
]
