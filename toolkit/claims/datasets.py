"""Declarations of the claims datasets: the register of the commentary's checkable statements."""

from toolkit.fields import COMMENTARY, Column
from toolkit.registry import Dataset

DATASETS = [
    Dataset(
        name="claims",
        title="Claims register of the commentary \"'Resetting' Russia-US relations\": every checkable statement",
        publisher="Hung Anh (commentary); register compiled by sanctions-toolkit",
        source="toolkit/data/claims_register.csv (claims paraphrased from the seed commentary, 2025-03-14)",
        vintage="2025-03-14",
        as_of="2025-03-14",  # the commentary's date: the register is fixed to it
        cadence="one-off",
        licence="claims paraphrased and cited, no sentence copied; compilation under the project licence (MIT)",
        kind="embedded",
        theme="common",
        loader="toolkit.claims:load_register",
        citation=COMMENTARY,
        description="Each figure, date, comparison and named measure of the commentary, plus its "
        "qualitative statements as context, with the relation it asserts and the check that tests it "
        "(toolkit.claims.audit runs them).",
        columns=(
            Column("claim_id", "str", "", "stable id, e.g. T-2021-total"),
            Column("section", "str", "", "section of the commentary's argument"),
            Column("theme", "str", "", "sanctions, resilience, trade or easing"),
            Column("kind", "str", "", "figure (checkable) or context (qualitative)"),
            Column("claim", "str", "", "the claim in the toolkit's own words"),
            Column(
                "relation",
                "str",
                "",
                "equals, greater_than, less_than, includes, before, on_date, forecast, context",
            ),
            Column("claimed", "mixed", "see unit", "claimed value (number or ISO date)"),
            Column("unit", "str", "", "unit of the claimed value"),
            Column("period", "str", "", "period the claim is about"),
            Column(
                "tolerance", "float", "see unit", "allowed difference (the claim's own rounding)"
            ),
            Column("dataset", "str", "", "registered dataset the check reads"),
            Column("check", "str", "", "check of toolkit.claims.checks.CHECKS, or none"),
            Column("args", "dict", "", "arguments of the check"),
            Column("fact_ids", "str", "", "facts.md rows the evidence rests on"),
            Column("source", "str", "", "citation of the commentary"),
        ),
        usage_warnings=(
            "Claims as written, not facts: toolkit.claims.audit() gives each a verdict computed from the data.",
            "Context and forecast rows are qualitative; the audit shows an indicator, never a verdict of truth.",
        ),
        files=("claims_register.csv",),
    ),
    Dataset(
        name="facts_e_coverage",
        title="Coverage of the fact sheet's section E (2025-26 record): each row used, recomputed or excluded",
        publisher="sanctions-toolkit (audit of facts.md section E, compiled 2026-12-03)",
        source="toolkit/data/facts_e_coverage.csv (one row per facts.md E row, E01-E118)",
        vintage="facts.md section E as compiled 2026-12-03",
        as_of="2026-12-03",  # the addendum's compilation date
        cadence="irregular",
        licence="compilation under the project licence (MIT)",
        kind="embedded",
        theme="common",
        loader="toolkit.claims.coverage:load_facts_coverage",
        citation="facts.md section E (addendum compiled 2026-12-03); audit by sanctions-toolkit",
        description="For each E row of the fact sheet: whether the toolkit cites it by its id "
        "(used: where names the embedded table and column), computes its figure from the real "
        "file (recomputed: the dataset and the test that pins it), or leaves it out (excluded: "
        "out of scope, duplicate, qualitative, another source), with its confidence mark.",
        columns=(
            Column("fact_id", "str", "", "facts.md E row, e.g. E27"),
            Column("confidence", "str", "", "facts.md's mark: high, medium (no E row is low)"),
            Column("status", "str", "", "used, recomputed or excluded"),
            Column(
                "where",
                "str",
                "",
                "used: toolkit/data/<file>:<column>; recomputed: dataset:<name> and the pinning "
                "test; excluded: empty",
            ),
            Column("reason", "str", "", "why excluded, or how it is used"),
        ),
        usage_warnings=(
            "An audit of the toolkit's use of the fact sheet, not data about sanctions.",
        ),
        files=("facts_e_coverage.csv",),
    ),
]
