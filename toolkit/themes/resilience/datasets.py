"""Declarations of the resilience theme's datasets: indicators and mirror trade (readers: toolkit.sources)."""

from toolkit.fields import CONFIDENCE, FACT_ID, NOTE, PUBLISHER, SOURCE_URL, YEAR, Column
from toolkit.registry import Dataset
from toolkit.sources import get_source

_COMEXT, _CENSUS = get_source("comext"), get_source("census_country")
_ARMENIA, _CREA = get_source("armenia_trade"), get_source("crea_crude")

_MIRROR_COLUMNS = (
    Column("series", "str", "", "eu_exports, us_exports, armenia_exports or crude_exports"),
    Column("reporter", "str", "", "who exports: EU-27, United States, Armenia, Russia"),
    Column("partner", "str", "", "destination (Russia, a neighbour, a crude buyer)"),
    YEAR,
    Column("value", "float", "see unit", "annual total"),
    Column(
        "unit",
        "str",
        "",
        "EUR million, USD million, or for crude: not stated in the file (likely kt)",
    ),
    Column("months_covered", "int", "months", "12, or fewer for a partial last year"),
    PUBLISHER,
    Column("source_file", "str", "", "file in ../shared/data the row was derived from"),
    SOURCE_URL,
    Column("vintage", "str", "", "data vintage of the file"),
)

DATASETS = [
    Dataset(
        name="resilience_indicators",
        as_of="2026-02",
        cadence="irregular",
        title="Russia's resilience and damage indicators (GDP, key rate, oil and gas revenue, SPFS, "
        "Mir, parallel imports, company exits, shadow fleet, frozen assets, crude destinations)",
        publisher="per row (Rosstat, Russian MinFin, Bank of Russia, Kpler, IEA, Yale CELI, KSE, "
        "Euroclear, EU Council ...), mostly via press; compiled from facts.md groups B, C and E",
        source="toolkit/data/resilience_indicators.csv (per-row source_url)",
        vintage="figures dated 2014 to 2026-02",
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
            SOURCE_URL,
            PUBLISHER,
            CONFIDENCE,
            FACT_ID,
            NOTE,
            Column("period_end_date", "date", "", "last day of the period (derived at load)"),
        ),
        usage_warnings=(
            "Most rows are medium confidence: secondary sources citing the publisher.",
            "Crude-destination shares come from Kpler, the IEA and the Russian government on "
            "different bases (seaborne vs all crude, crude vs crude + products): compare within "
            "one basis only.",
            "No indicator covers logistics costs or the replacement of departed firms; the "
            "shadow-fleet counts measure the work-around (definitions differ between KSE and "
            "the industry counts); company exits measure only the departures.",
            "Where sources conflict (facts.md E.9) both values are kept, told apart by basis.",
        ),
        files=("resilience_indicators.csv",),
    ),
    Dataset(
        name="mirror_trade",
        as_of="2024-08",
        cadence="monthly",
        derived_from=("comext", "census_country", "armenia_trade", "crea_crude"),
        title="Annual exports to Russia and to its neighbours and hubs (EU, US, Armenia), and "
        "Russian crude exports by destination",
        publisher="; ".join(s.publisher for s in (_COMEXT, _CENSUS, _ARMENIA, _CREA)),
        source="derived by scripts/build_mirror_trade.py from ../shared/data ("
        + ", ".join(s.shared[0] for s in (_COMEXT, _CENSUS, _ARMENIA, _CREA))
        + ")",
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
        name="chpl",
        as_of="2024-02-23",
        cadence="irregular",
        title="Common High Priority List (CHPL): 50 HS-6 codes in tiers 1 to 4.B",
        publisher="BIS (with the EU, UK and Japan), via repository transcription (fyaic/TradeSieve)",
        source="toolkit/data/chpl.csv (per-row source_url: fyaic/TradeSieve "
        "src/tradesieve/domain/common_high_priority.py @ 855e3b5; original_url: the BIS CHPL page)",
        vintage="list version dated 2024-02-23",
        licence="facts from public sources; the compilation is under the project licence (MIT)",
        kind="embedded",
        theme="resilience",
        loader="toolkit.themes.resilience.groupings:load_chpl",
        citation="BIS, Common High Priority Items List (2024-02-23), via fyaic/TradeSieve; "
        "facts.md E97-E103",
        description="One row per HS-6 code with its tier; matched to CN8/HS4 product codes by "
        "toolkit.themes.resilience.groupings (chpl_groups, chpl_coverage: the match rule per code).",
        columns=(
            Column("hs6", "str", "", "HS-6 code, six digits"),
            Column("tier", "str", "", "1, 2, 3.A, 3.B, 4.A or 4.B"),
            Column("tier_label", "str", "", "what the tier covers (Commerce wording via facts.md)"),
            Column("version_date", "str", "", "version of the list, 2024-02-23"),
            Column("source_url", "str", "", "where the codes were read (repository, path, commit)"),
            Column("original_url", "str", "", "the BIS page the repository transcribes"),
            Column("publisher", "str", "", "original publisher, and the outlet"),
            Column("confidence", "str", "", "medium (the BIS page itself was not read)"),
            Column("fact_id", "str", "", "facts.md row id (E98-E103)"),
            Column("note", "str", "", "facts.md note of the tier"),
        ),
        usage_warnings=(
            "Medium confidence: transcribed by a repository, not read from the BIS page.",
            "HS-6 codes are matched to CN8 codes by prefix; where no CN8 code of an HS-6 is in the "
            "data the HS4 heading stands for it, which is wider (chpl_coverage says which).",
            "In eurostat-cn8-exports 31 of the 50 codes have no product at all (the repository "
            "author's selection): CHPL sums there cover 19 codes, none of tier 4.B.",
        ),
        files=("chpl.csv",),
    ),
]
