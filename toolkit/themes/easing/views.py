"""The scenario explorer of the easing-hurdles theme: what lifting a set of measures would take."""

from __future__ import annotations

from toolkit.themes.easing.plots import plot_lift_path

__all__ = ["scenario_explorer", "scenario_table"]


def scenario_table(authority, measure_ids, *, programs, imports_banned, ledger=None):
    """Return the explorer's table for a set of measures: lift path, analogues and what it touches.

    Parameters
    ----------
    authority : pandas.DataFrame
        The ``authority_map`` dataset.
    measure_ids : list of str
        The measures to ease.
    programs : pandas.DataFrame
        The ``us_programs_history`` dataset (its ``as_of`` cut-off dates the analogues).
    imports_banned : pandas.DataFrame
        The ``us_imports_2021_banned`` dataset.
    ledger : pandas.DataFrame, optional
        The ``sdn_ledger_summary`` dataset; None: the designations are not shown (said so).

    Returns
    -------
    tuple
        ``(table, path)``: the ``item, value`` rows (measures, who must act, minimum formal
        time, statutes in the way, renewal vetoes, historical analogues, share of 2021 US
        imports from Russia now banned by these measures, designations affected) and the
        :class:`~toolkit.themes.easing.lifting.LiftPath`.
    """
    import pandas as pd

    from toolkit.themes import easing

    path = easing.lift_path(authority, measure_ids)
    rows = path.summary()
    found = easing.analogues(programs, path)
    analogue_text = "; ".join(
        f"{r.program} ({r.years_in_force:.0f} y, {r.status})"
        for r in found.drop_duplicates("program").itertuples()
    )
    exposure = easing.import_exposure(imports_banned, path.measure_ids)
    if exposure.empty:
        exposure_text = "none of the ten largest 2021 import categories (facts A40)"
    else:
        full = exposure.loc[exposure["coverage"] == "full", "share_of_2021_imports_pct"].sum()
        part = exposure.loc[exposure["coverage"] == "partial", "share_of_2021_imports_pct"].sum()
        exposure_text = (
            f"{full:.1f}% fully banned, {part:.1f}% partly "
            f"({', '.join(exposure['item'])}; {exposure.attrs['source']['publisher']}, "
            "facts A40/A30)"
        )
    designations, reason = easing.designations_affected(ledger, path.measure_ids)
    if designations is None:
        designation_text = f"not shown: {reason}"
    else:
        by = designations.groupby("program")["in_force"].sum()
        designation_text = (
            ", ".join(f"{p}: {int(n):,}" for p, n in by.items()) + f" entries in force ({reason})"
        )
    extra = pd.DataFrame(
        [
            ("historical analogues", analogue_text or "none"),
            ("2021 US imports from Russia now banned", exposure_text),
            ("designations affected", designation_text),
        ],
        columns=["item", "value"],
    )
    return pd.concat([rows, extra], ignore_index=True), path


def scenario_explorer(
    authority,
    scenarios,
    *,
    programs,
    imports_banned,
    ledger=None,
    scenario: str = "",
    measures_to_ease=(),
):
    """Build the scenario explorer: pick a commentary scenario and/or tick measures to ease.

    Parameters
    ----------
    authority : pandas.DataFrame
        The ``authority_map`` dataset: the measures offered.
    scenarios : pandas.DataFrame
        The ``easing_scenarios`` dataset: the named scenarios offered.
    programs, imports_banned, ledger : pandas.DataFrame
        As for :func:`scenario_table` (``programs`` loaded with the cut-off wanted).
    scenario : str
        Initial named scenario (``""`` for none).
    measures_to_ease : list of str
        Initially ticked measures.

    Returns
    -------
    toolkit.viz.widgets.View
        ``render(scenario, measures)`` returns the lift-path figure and the table
        of :func:`scenario_table`; the display carries a static twin.
    """
    import ipywidgets as W
    from matplotlib.figure import Figure

    from toolkit.themes import easing
    from toolkit.viz.widgets import build_view

    # the view's data are the frames passed in: a control change reads no file
    easing.resolve_measures(scenarios, scenario, measures_to_ease, authority=authority)
    controls = {
        "scenario": W.Dropdown(
            options=[("(none)", "")] + [(n, n) for n in easing.scenario_names(scenarios)],
            value=scenario,
            description="scenario",
        ),
        "measures": W.SelectMultiple(
            options=authority["measure_id"].tolist(),
            value=tuple(measures_to_ease),
            rows=8,
            description="also ease",
        ),
    }

    def render(scenario, measures):
        ids = easing.resolve_measures(scenarios, scenario, list(measures), authority=authority)
        table, path = scenario_table(
            authority, ids, programs=programs, imports_banned=imports_banned, ledger=ledger
        )
        # a figure outside pyplot (cheaper; the inline backend does not show it twice)
        fig = Figure(figsize=(9, 0.45 * max(len(ids), 3) + 1.5))
        ax = fig.subplots()
        plot_lift_path(path, ax=ax)
        return fig, table

    return build_view(render, controls, title="Scenario explorer: what easing would take")
