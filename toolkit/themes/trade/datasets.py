"""Declarations of the trade theme's datasets: US-Russia trade, its mirror, goods, and two readers."""

from toolkit.fields import CONFIDENCE, FACT_ID, PUBLISHER, SOURCE_URL, VALUE_USD_M, YEAR, Column
from toolkit.registry import Dataset
from toolkit.sources import get_source

_CENSUS = get_source("census_country")
_ROSSTAT = get_source("rosstat_trade")
_CENSUS_COPY = (
    f"{_CENSUS.urls()[0]} (copy: repo "
    "cesinco/tableau-dashboard-extension-d3js, country.xlsx @ bc24e2a, committed 2024-11-01)"
)

DATASETS = [
    Dataset(
        name="us_russia_trade",
        derived_from=("census_country",),
        title="US goods exports to and imports from Russia, monthly and annual, 1992-2024",
        publisher=f"{_CENSUS.publisher}; full-year 2024 from USTR (as quoted by the press)",
        source=_CENSUS_COPY,
        vintage="Census data through 2024-06; USTR 2024 summary (early 2025)",
        licence=_CENSUS.licence,
        kind="embedded",
        theme="trade",
        loader="toolkit.themes.trade.series:load_us_russia_trade",
        citation=(
            f"{_CENSUS.dataset.citation}, Russia (CTY_CODE 4621), data through June 2024; "
            "USTR 2024 summary for full-year 2024 (facts.md A36-A38)"
        ),
        description=(
            "Russia rows of the Census country file, derived by scripts/build_us_russia_trade.py; "
            "balance and total are computed at load. Options: freq='annual'|'monthly', flows=."
        ),
        columns=(
            YEAR,
            Column("flow", "str", "", "exports, imports (stored); balance, total (derived)"),
            VALUE_USD_M.but(description="nominal; exports FAS, imports customs value"),
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
        derived_from=("census_country", "rosstat_trade"),
        title="Mirror view: US-reported vs Russia-reported US-Russia trade, 2006-2021",
        publisher=f"{_CENSUS.publisher}; {_ROSSTAT.publisher}",
        source=f"{_CENSUS_COPY}; Rosstat {_ROSSTAT.files[0]} (copy in mary-lev/eu-export-sanctions)",
        vintage="Census data through 2024-06; Rosstat monthly 2006-01 to 2021-12",
        licence=f"{_CENSUS.licence}; {_ROSSTAT.licence}",
        kind="embedded",
        theme="trade",
        loader="toolkit.themes.trade.mirror:load_mirror",
        citation=f"{_CENSUS.dataset.citation}, Russia; {_ROSSTAT.dataset.citation}",
        description="US imports from Russia beside Russia's exports to the USA, and the reverse, with the gap.",
        columns=(
            YEAR,
            Column("us_flow", "str", "", "imports (US imports from Russia) or exports"),
            Column("us_reported_usd_m", "float", "USD million", "Census"),
            Column(
                "russia_reported_usd_m", "float", "USD million", "Russia-side: sum of 12 months"
            ),
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
        publisher=f"{_CENSUS.publisher} (end-use) via CNSNews; USITC DataWeb (Census data) via press",
        source="toolkit/data/us_imports_from_russia_goods.csv (per-row source_url; facts.md A40-A42)",
        vintage="2021 (Feb 2022 vintage); 2024",
        licence="US government statistics, quoted by the press",
        kind="embedded",
        theme="trade",
        loader="toolkit.themes.trade.goods:load_us_imports_goods",
        citation="facts.md A40 (Census end-use via CNSNews), A41-A42 (USITC DataWeb via press)",
        description="Per-row sources and confidence; 2024: fertilizers, palladium, uranium, engine parts.",
        columns=(
            YEAR,
            Column("category", "str"),
            VALUE_USD_M,
            Column("share_pct", "float", "%", "share of all US imports from Russia"),
            Column("approx", "bool"),
            SOURCE_URL,
            PUBLISHER,
            CONFIDENCE,
            FACT_ID,
        ),
        usage_warnings=(
            "All rows are medium confidence (secondary sources quoting the statistics).",
        ),
        files=("us_imports_from_russia_goods.csv",),
    ),
]
