"""Parameter sweeps: a ``sweep:`` block in a params profile expands to one run per combination.

A profile such as::

    start_year: 1992
    sweep:
      base_year: [2014, 2021]
      flows: [[exports], [imports]]

gives four runs (``base_year`` × ``flows``), each validated like a normal profile
(types from the notebook's ``parameters`` cell, rules from ``_constraints.yaml``)
and each written under its own name, e.g. ``03-trade--base_year-2014--flows-exports``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import ParameterError
from toolkit.report.params import (
    CONSTRAINTS_FILE,
    check_constraints,
    expand_env,
    load_constraints,
    load_profile,
    notebook_parameters,
    read_yaml,
    type_name,
)

__all__ = ["MAX_RUNS", "SWEEP_KEY", "Variant", "describe_runs", "expand_profile", "variant_label"]

#: The reserved key of a params profile that declares a grid.
SWEEP_KEY = "sweep"

#: Most runs one sweep may expand to (a typo such as a 1000-item list is caught early).
MAX_RUNS = 1000

_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]+")


@dataclass(frozen=True)
class Variant:
    """One combination of a params profile: its label, swept values and all values."""

    label: str
    values: dict
    sweep: dict = field(default_factory=dict)


def _slug(value) -> str:
    if isinstance(value, list | tuple):
        return "+".join(_slug(v) for v in value) or "none"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    text = _UNSAFE.sub("_", str(value)).strip("_")
    return text[:40] or "blank"


def variant_label(combination: dict) -> str:
    """Return the file-name-safe label of a combination, e.g. ``base_year-2014--flows-exports``."""
    return "--".join(f"{key}-{_slug(value)}" for key, value in combination.items())


def _check_grid(grid, parameters, path: Path, fixed: dict) -> dict[str, list]:
    if not isinstance(grid, dict) or not grid:
        raise ParameterError(
            "expected a non-empty mapping of parameter names to lists of values, "
            f"got {type_name(grid) if grid != {} else 'an empty mapping'}",
            source=path,
            key=SWEEP_KEY,
        )
    checked = {}
    for key, items in grid.items():
        where = f"{SWEEP_KEY}.{key}"
        if key not in parameters:
            raise ParameterError(
                f"unknown parameter; the notebook declares: {', '.join(parameters) or 'none'}",
                source=path,
                key=where,
            )
        if key in fixed:
            raise ParameterError(
                "set both as a fixed value and in the sweep; keep one", source=path, key=where
            )
        if not isinstance(items, list) or not items:
            raise ParameterError(
                f"expected a non-empty list of values to sweep, got {items!r} ({type_name(items)})",
                source=path,
                key=where,
            )
        param = parameters[key]
        values = []
        for index, raw in enumerate(items):
            value = expand_env(raw, source=path, key=where)
            if not param.accepts(value):
                raise ParameterError(
                    f"item {index} ({value!r}, {type_name(value)}): expected {param.expected()}",
                    source=path,
                    key=where,
                )
            if value in values:
                raise ParameterError(
                    f"item {index} ({value!r}) repeats an earlier item", source=path, key=where
                )
            values.append(value)
        checked[key] = values
    return checked


def expand_profile(notebook, params_file) -> list[Variant]:
    """Validate a params profile and expand its ``sweep:`` grid into variants.

    Parameters
    ----------
    notebook : path-like
        The notebook whose ``parameters`` cell the profile must match.
    params_file : path-like
        ``params/<notebook>/<profile>.yaml``, with or without a ``sweep:`` block.

    Returns
    -------
    list of Variant
        One variant with an empty label for a profile without a sweep; otherwise one
        per combination, in the order of the grid (last key varying fastest).

    Raises
    ------
    ParameterError
        Naming the file and the key (``sweep.<name>`` for a swept parameter) of the
        first problem: an unknown or mistyped parameter, a swept value that breaks a
        rule of ``_constraints.yaml`` (the combination is named), more than
        :data:`MAX_RUNS` combinations.
    """
    path = Path(params_file)
    parameters = notebook_parameters(notebook)
    data = read_yaml(path)
    if SWEEP_KEY not in data or SWEEP_KEY in parameters:
        return [Variant("", load_profile(path, parameters, notebook=notebook))]
    grid = data.pop(SWEEP_KEY)
    fixed = {}
    for key, raw in data.items():
        if key not in parameters:
            raise ParameterError(
                f"unknown parameter; {notebook} declares: {', '.join(parameters) or 'none'}",
                source=path,
                key=key,
            )
        value = expand_env(raw, source=path, key=key)
        if not parameters[key].accepts(value):
            raise ParameterError(
                f"expected {parameters[key].expected()}, got {value!r} ({type_name(value)})",
                source=path,
                key=key,
            )
        fixed[key] = value
    grid = _check_grid(grid, parameters, path, fixed)
    count = 1
    for values in grid.values():
        count *= len(values)
    if count > MAX_RUNS:
        raise ParameterError(
            f"{count} combinations; a sweep may expand to at most {MAX_RUNS} runs",
            source=path,
            key=SWEEP_KEY,
        )
    rules = load_constraints(path.parent / CONSTRAINTS_FILE, parameters)
    defaults = {name: p.default for name, p in parameters.items()}
    variants, labels = [], set()
    for combo in itertools.product(*grid.values()):
        combination = dict(zip(grid, combo, strict=True))
        values = {**fixed, **combination}
        shown = ", ".join(f"{k}={v!r}" for k, v in combination.items())

        def origin(*keys, _values=values):
            if any(k in _values for k in keys):
                return path
            return f"{notebook} (defaults)"

        try:
            check_constraints({**defaults, **values}, rules, origin=origin)
        except ParameterError as exc:
            key = exc.key if exc.key not in grid else f"{SWEEP_KEY}.{exc.key}"
            raise ParameterError(
                f"{exc.problem} (sweep combination {shown})", source=exc.source, key=key
            ) from None
        label = variant_label(combination)
        if label in labels:  # two values that differ only in characters a file name drops
            label = f"{label}--{len(variants) + 1}"
        labels.add(label)
        variants.append(Variant(label, values, combination))
    return variants


def describe_runs(runs) -> list[str]:
    """Return one line per run for ``sanctions-toolkit report --dry-run``.

    Each line gives the output name, the params file and the values passed to papermill.
    """
    lines = []
    width = max((len(run.name) for run in runs), default=0)
    for run in runs:
        values = ", ".join(f"{k}={v!r}" for k, v in run.parameters.items()) or "(defaults)"
        lines.append(f"{run.name:<{width}}  {run.params_file}  {values}")
    return lines
