"""Easing-hurdles theme: who can lift what, outlook, programme durations.

``from toolkit.themes import easing`` gives the public names of the modules below,
each imported on first use (importing the package imports no pandas).
"""

from toolkit.themes._lazy import lazy_surface

__all__, __getattr__, __dir__ = lazy_surface(
    __name__,
    {
        "authority": (
            "AUTHORITIES",
            "AUTHORITY_COLUMNS",
            "JUDGEMENTS",
            "POSITION_AS_OF",
            "authority_with_measures",
            "check_authority_map",
            "check_measure_ids",
            "load_authority_map",
        ),
        "contacts": ("CONTACTS_FILE", "load_contacts"),
        "durations": (
            "AGGREGATE_COLUMNS",
            "GROUP_KINDS",
            "SANCTION_TYPES",
            "SENDER_GROUPS",
            "TIES_GROUPS",
            "aggregate_durations",
            "fit_group",
            "fit_km",
            "group_mask",
            "load_gsdb_durations",
            "median_with_ci",
            "russia_positions",
            "share_lasting",
            "summarise_fitters",
            "survival_summary",
            "ties_fitters",
        ),
        "exposure": (
            "SDN_PROGRAMS",
            "designations_affected",
            "import_exposure",
            "load_import_exposure",
        ),
        "findings": ("easing_findings",),
        "history_plots": ("ACTION_COLOURS", "plot_medians", "plot_precedents"),
        "lifting": ("LiftPath", "lift_path"),
        "outlook": ("OUTLOOKS", "load_easing_outlook", "outlook_measures"),
        "precedents": (
            "ACTIONS",
            "LINEAGE_COLUMNS",
            "PRECEDENT_COLUMNS",
            "as_dated",
            "latest_fact_date",
            "load_gl_lineage",
            "load_precedents",
            "until",
        ),
        "programs": (
            "ANALOGUE_BASES",
            "COMMENTARY_DATE",
            "DEFAULT_AS_OF",
            "analogues",
            "load_us_programs",
        ),
        "scenarios": ("load_scenarios", "resolve_measures", "scenario_names"),
        "tables": ("check_choices", "read_embedded_csv"),
    },
)
