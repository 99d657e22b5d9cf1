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
]
