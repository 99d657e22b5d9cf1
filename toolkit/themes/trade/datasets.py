"""Declarations of the trade theme's datasets: US-Russia trade, its mirror, goods, and two readers."""

from toolkit.fields import CONFIDENCE, FACT_ID, PUBLISHER, SOURCE_URL, VALUE_USD_M, YEAR, Column
from toolkit.registry import Dataset
from toolkit.sources import get_source

_CENSUS = get_source("census_country")
_ROSSTAT = get_source("rosstat_trade")
_IMF = get_source("imf_imts")
_HS10 = get_source("census_hs10")
_CENSUS_COPY = (
    f"{_CENSUS.urls()[0]} (copy: repo "
    "cesinco/tableau-dashboard-extension-d3js, country.xlsx @ bc24e2a, committed 2024-11-01)"
)

DATASETS = [
    Dataset(
        name="us_russia_trade",
        as_of="2024",
        cadence="monthly",
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
        as_of="2024",
        cadence="annual",
        derived_from=("census_country", "rosstat_trade", "imf_imts"),
        title="Mirror view: US-reported vs Russia-side US-Russia trade, 2006-2024",
        publisher=f"{_CENSUS.publisher}; {_ROSSTAT.publisher}; {_IMF.publisher}",
        source=f"{_CENSUS_COPY}; Rosstat {_ROSSTAT.files[0]} (copy in mary-lev/eu-export-sanctions); "
        f"{_IMF.urls()[0]} IMF.STA:IMTS export (copy in "
        "paulinakasetiene/Russia-sanctions-trade-reallocation @ 0d3a9a4)",
        vintage="Census data through 2024-06 (2024: USTR summary); Rosstat monthly 2006-01 to "
        "2021-12; IMF IMTS annual 2016-2024",
        licence=f"{_CENSUS.licence}; {_ROSSTAT.licence}; {_IMF.licence}",
        kind="embedded",
        theme="trade",
        loader="toolkit.themes.trade.mirror:load_mirror",
        citation=f"{_CENSUS.dataset.citation}, Russia; {_ROSSTAT.dataset.citation}; "
        f"{_IMF.dataset.citation}",
        description="US imports from Russia beside Russia's exports to the USA, and the reverse, "
        "with the gap; one row per Russia-side series (Rosstat to 2021, IMF to 2024). "
        "Option: russia=('rosstat-96stran-2021', 'imf-imts-2024').",
        columns=(
            YEAR,
            Column("us_flow", "str", "", "imports (US imports from Russia) or exports"),
            Column("russia_flow", "str", "", "the same trade from Russia's side"),
            Column("us_reported_usd_m", "float", "USD million", "Census (2024: USTR summary)"),
            Column("russia_reported_usd_m", "float", "USD million", "Russia-side: Rosstat or IMF"),
            Column("gap_usd_m", "float", "USD million", "US-reported minus Russia-side"),
            Column("gap_pct", "float", "%", "gap relative to the Russia-side figure"),
            Column("russia_source", "str", "", "rosstat-96stran-2021 or imf-imts-2024"),
            Column("estimated_from_partners", "bool", "", "IMF estimate from partner data"),
        ),
        usage_warnings=(
            "Mirror statistics differ by design: CIF vs FOB valuation, country of origin vs "
            "consignment, timing, transshipment; the gap is not an error of either side.",
            "Russia's customs stopped publishing trade by country in 2022: the IMF's 2022-2024 "
            "Russia-side figures are IMF estimates from partner data, not Russia-reported.",
            "2016-2021 hold two Russia-side rows per flow (Rosstat and IMF): select one series.",
        ),
        files=(
            "us_russia_trade_rosstat.csv",
            "us_russia_trade_imf.csv",
            "us_russia_trade_annual.csv",
        ),
    ),
    Dataset(
        name="us_imports_hs_2024",
        as_of="2024",
        cadence="annual",
        derived_from=("census_hs10",),
        title="US imports for consumption from Russia by product (HS heading, HS10)",
        publisher=_HS10.publisher,
        source=f"{_HS10.url} (Census API pull saved as Parquet by "
        "tradewartracker/trade-war-redux-2025 @ e38e38d, retrieved 2025-06); "
        "derived by scripts/build_trade_2024.py",
        vintage="2024, January-December (full year), retrieved 2025-06",
        licence=_HS10.licence,
        kind="embedded",
        theme="trade",
        loader="toolkit.themes.trade.goods:load_us_imports_hs",
        citation=_HS10.dataset.citation,
        description="The 12 largest HS headings and the 15 largest HS10 lines, each level with "
        "one row summing the rest (a level adds up to the file's total). Option: level=.",
        columns=(
            YEAR,
            Column("level", "str", "", "hs4 (heading) or hs10 (line)"),
            Column("rank", "int", "", "1 = largest; the last row of a level is the rest"),
            Column("code", "str", "", "HS code, or 'other'"),
            Column("heading", "str", "", "short English name of the HS heading"),
            Column("description", "str", "", "Census short description (HS10)"),
            Column("products", "int", "", "HS10 lines in the row"),
            Column("imports_for_consumption_usd_m", "float", "USD million", "CON_VAL_YR"),
            Column("share_pct", "float", "%", "share of all 2024 imports for consumption"),
        ),
        usage_warnings=tuple(_HS10.dataset.usage_warnings),
        files=("us_imports_hs_2024.csv",),
    ),
    Dataset(
        name="us_russia_trade_2025",
        as_of="2025-05",
        cadence="monthly",
        title="US-Russia goods trade in 2025, partial year (press-quoted Census figures)",
        publisher=f"{_CENSUS.publisher} data via the press; Commerce Dept data (Politico) via PPI",
        source="toolkit/data/us_russia_trade_2025.csv (per-row source_url; facts.md A45, E78)",
        vintage="to 2025-05 (values), c. 2025-08 (change)",
        licence="US government statistics, quoted by the press",
        kind="embedded",
        theme="trade",
        loader="toolkit.themes.trade.recent:load_trade_2025",
        citation="facts.md A45 (Census via press, Jan-May 2025), E78 (PPI, Jan-c. Aug 2025)",
        description="Year-to-date 2025 values and changes, and one projection (flagged).",
        columns=(
            Column("period", "str"),
            Column("flow", "str", "", "US view: exports or imports"),
            Column("measure", "str", "", "value (USD million) or change_pct (on 2024)"),
            Column("value", "float"),
            Column("approx", "bool"),
            Column("is_projection", "bool", "", "a projection, not a measured figure"),
            SOURCE_URL,
            PUBLISHER,
            CONFIDENCE,
            FACT_ID,
        ),
        usage_warnings=(
            "All rows are medium confidence (the press quoting Census data); no full-year "
            "2025 Census figure is recorded (facts.md E.10).",
        ),
        files=("us_russia_trade_2025.csv",),
    ),
    Dataset(
        name="us_imports_from_russia_goods",
        as_of="2024",
        cadence="annual",
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
