"""The commentary's named easing scenarios and the measure ids a scenario (plus ticks) stands for."""

from __future__ import annotations

from toolkit.errors import DataFormatError, ParameterError
from toolkit.paths import embedded
from toolkit.themes.easing.authority import check_measure_ids

__all__ = ["load_scenarios", "resolve_measures", "scenario_names"]


def load_scenarios():
    """Return the named commentary scenarios, one row per scenario and measure.

    Returns
    -------
    pandas.DataFrame
        ``scenario, title, outlook_ids, measure_id, note``; ``all-us`` in the
        YAML expands to every US row of ``measures``.
    """
    import pandas as pd
    import yaml

    from toolkit.registry import load

    path = embedded("scenarios.yaml")
    with open(path, encoding="utf-8") as fh:
        spec = yaml.safe_load(fh)
    measures = load("measures")  # "all-us" expands to the catalogue's US rows
    rows = []
    for name, item in spec.items():
        for key in ("title", "measure_ids"):
            if key not in item:
                raise DataFormatError(path, f"scenario {name!r} has no {key!r}", column=key)
        ids = item["measure_ids"]
        if ids == "all-us":
            ids = measures.loc[measures["jurisdiction"] == "US", "measure_id"].tolist()
        for mid in ids:
            rows.append(
                {
                    "scenario": name,
                    "title": item["title"],
                    "outlook_ids": ";".join(item.get("outlook_ids") or []),
                    "measure_id": mid,
                    "note": item.get("note", ""),
                }
            )
    return pd.DataFrame(rows)


def scenario_names(scenarios) -> list[str]:
    """Return the names of the commentary scenarios (of the ``easing_scenarios`` dataset)."""
    return list(dict.fromkeys(scenarios["scenario"]))


def resolve_measures(scenarios, scenario: str = "", measures_to_ease=(), *, authority) -> list[str]:
    """Return the measure ids of a named scenario plus any ticked explicitly.

    Parameters
    ----------
    scenarios : pandas.DataFrame
        The ``easing_scenarios`` dataset.
    scenario : str
        A name of :func:`scenario_names`, or ``""`` for none.
    measures_to_ease : list of str
        Extra measure ids.
    authority : pandas.DataFrame
        The ``authority_map`` dataset: the known measure ids.

    Returns
    -------
    list of str
        The measure ids, the scenario's first.

    Raises
    ------
    ParameterError
        Unknown scenario (lists the known ones) or unknown measure id.
    """
    ids: list[str] = []
    if scenario:
        table = scenarios
        if scenario not in set(table["scenario"]):
            raise ParameterError(
                f"unknown scenario {scenario!r}; known scenarios: "
                f"{', '.join(dict.fromkeys(table['scenario']))}",
                key="scenario",
            )
        ids = table.loc[table["scenario"] == scenario, "measure_id"].tolist()
    ids += [m for m in measures_to_ease or () if m not in ids]
    check_measure_ids(authority, ids, key="measures_to_ease")
    return ids
