"""Params profiles and their validation: declared types, ``_constraints.yaml`` rules."""

from __future__ import annotations

import math
from pathlib import Path

from toolkit.errors import ParameterError
from toolkit.report.params.declared import Parameter, notebook_parameters, type_name
from toolkit.report.params.loading import expand_env, read_yaml

__all__ = [
    "CONSTRAINTS_FILE",
    "RULES",
    "check_constraints",
    "check_profile",
    "load_constraints",
    "load_profile",
    "profile_names",
]

#: Name of the per-notebook file of value rules, next to the profiles.
CONSTRAINTS_FILE = "_constraints.yaml"

#: Rules a ``_constraints.yaml`` entry may hold.
RULES = ("min", "max", "choices", "gte", "lte", "or_folder")


# --- constraints -------------------------------------------------------------------------------


def load_constraints(path, parameters: dict[str, Parameter]) -> dict[str, dict]:
    """Read and check a ``_constraints.yaml`` file.

    Parameters
    ----------
    path : str or path-like
        The constraints file; a missing file means no rules.
    parameters : dict of str to Parameter
        The notebook's declared parameters.

    Returns
    -------
    dict of str to dict
        Rules per parameter name.

    Raises
    ------
    ParameterError
        If a key is not a declared parameter, a rule is unknown, or a rule's
        value is not usable (``choices`` not a list, ``gte`` naming no parameter).
    """
    path = Path(path)
    if not path.exists():
        return {}
    data = read_yaml(path)
    rules: dict[str, dict] = {}
    for key, spec in data.items():
        if key not in parameters:
            raise ParameterError(
                f"constraint on an undeclared parameter; declared: {', '.join(parameters)}",
                source=path,
                key=key,
            )
        if not isinstance(spec, dict):
            raise ParameterError(
                f"expected a mapping of rules ({', '.join(RULES)}), got {type_name(spec)}",
                source=path,
                key=key,
            )
        for rule, arg in spec.items():
            if rule not in RULES:
                raise ParameterError(
                    f"unknown rule {rule!r}; rules are {', '.join(RULES)}", source=path, key=key
                )
            if rule == "choices" and not isinstance(arg, list):
                raise ParameterError("'choices' must be a list", source=path, key=key)
            if rule in ("gte", "lte") and arg not in parameters:
                raise ParameterError(
                    f"{rule!r} names {arg!r}, which is not a declared parameter",
                    source=path,
                    key=key,
                )
        rules[key] = spec
    return rules


def _compare(value, bound, op: str):
    """Return ``value op bound`` or None when the two cannot be compared."""
    numbers = (int, float)
    same = (isinstance(value, numbers) and isinstance(bound, numbers)) or (
        isinstance(value, str) and isinstance(bound, str)
    )
    if not same or isinstance(value, bool) or isinstance(bound, bool):
        return None
    if isinstance(value, float) and math.isnan(value):
        return False
    return value >= bound if op == ">=" else value <= bound


def _check_item(item, spec: dict, shown: str, *, source, key: str) -> None:
    """Check one value (or one item of a list) against ``choices``, ``min`` and ``max``."""
    # or_folder: true also accepts an existing folder (a notebook's source=PATH)
    folder = spec.get("or_folder") and isinstance(item, str) and Path(item).expanduser().is_dir()
    if "choices" in spec and item not in spec["choices"] and not folder:
        also = " or an existing folder" if spec.get("or_folder") else ""
        raise ParameterError(
            f"{shown} is not allowed; expected one of {spec['choices']}{also}",
            source=source,
            key=key,
        )
    for rule, op, word in (("min", ">=", "at least"), ("max", "<=", "at most")):
        if rule not in spec:
            continue
        ok = _compare(item, spec[rule], op)
        if ok is None:
            raise ParameterError(
                f"{shown} cannot be compared with {rule} {spec[rule]!r}", source=source, key=key
            )
        if not ok:
            raise ParameterError(
                f"{shown} is too {'small' if rule == 'min' else 'large'}; "
                f"expected {word} {spec[rule]!r}",
                source=source,
                key=key,
            )


def check_constraints(values: dict, rules: dict[str, dict], *, origin) -> None:
    """Check effective parameter values against constraint rules.

    Parameters
    ----------
    values : dict
        Every parameter's effective value (notebook default updated by the profile).
    rules : dict
        From :func:`load_constraints`.
    origin : callable
        ``origin(*keys)`` returns the file the values of ``keys`` came from (for the message).

    Raises
    ------
    ParameterError
        Naming the file, the key, the value and the rule it breaks.
    """
    for key, spec in rules.items():
        value = values.get(key)
        if value is None:
            continue  # an unset optional parameter has no value to check
        items = list(value) if isinstance(value, list | tuple) else [value]
        for item in items:
            shown = f"{item!r}" if item is value else f"item {item!r}"
            _check_item(item, spec, shown, source=origin(key), key=key)
        for rule, op, word in (("gte", ">=", "at least"), ("lte", "<=", "at most")):
            if rule not in spec:
                continue
            other = spec[rule]
            bound = values.get(other)
            if bound is None:
                continue
            ok = _compare(value, bound, op)
            if not ok:
                reason = "cannot be compared with" if ok is None else f"must be {word}"
                raise ParameterError(
                    f"{value!r} {reason} {other} = {bound!r}", source=origin(key, other), key=key
                )


# --- profiles ----------------------------------------------------------------------------------


def profile_names(folder) -> list[str]:
    """Return the profile names in ``params/<notebook>/`` (files ``_*.yaml`` are not profiles)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(
        p.stem
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and not p.name.startswith("_")
    )


def load_profile(
    path, parameters: dict[str, Parameter], *, notebook=None, constraints=None
) -> dict:
    """Load a params profile, expand ``${VAR}`` references and validate it.

    Parameters
    ----------
    path : str or path-like
        ``params/<notebook>/<profile>.yaml``.
    parameters : dict of str to Parameter
        The notebook's declared parameters (:func:`notebook_parameters`).
    notebook : str or path-like, optional
        The notebook, named in errors about its defaults.
    constraints : str or path-like, optional
        The rules file; default ``_constraints.yaml`` beside ``path``.

    Returns
    -------
    dict
        The profile's values (only the keys it sets), ready for papermill.

    Raises
    ------
    ParameterError
        On an unknown key, a wrong type, a broken constraint, malformed YAML or an
        unresolvable ``${VAR}``; the message names the file and the key.
    """
    path = Path(path)
    data = read_yaml(path)
    values = {}
    for key, raw in data.items():
        if key not in parameters:
            raise ParameterError(
                f"unknown parameter; {notebook or 'the notebook'} declares: "
                f"{', '.join(parameters) or 'none'}",
                source=path,
                key=key,
            )
        value = expand_env(raw, source=path, key=key)
        _check_env_paths(raw, value, source=path, key=key)
        param = parameters[key]
        if not param.accepts(value):
            raise ParameterError(
                f"expected {param.expected()}, got {value!r} ({type_name(value)})",
                source=path,
                key=key,
            )
        values[key] = value
    rules_path = Path(constraints) if constraints is not None else path.parent / CONSTRAINTS_FILE
    rules = load_constraints(rules_path, parameters)
    effective = {name: p.default for name, p in parameters.items()}
    effective.update(values)

    def origin(*keys):
        if any(k in values for k in keys):
            return path
        return f"{notebook or 'the notebook'} (defaults)"

    check_constraints(effective, rules, origin=origin)
    return values


def _check_env_paths(raw, value, *, source, key) -> None:
    """Raise unless every string written with a ``${VAR}`` reference names an existing path.

    A ``${VAR}`` in a params file points at data (``${SANCTIONS_TOOLKIT_SHARED_DATA}/...``):
    a path that does not exist is an error now, before any kernel starts, not an error
    from inside the notebook after it did.
    """
    if isinstance(raw, list):
        for r, v in zip(raw, value if isinstance(value, list) else [], strict=False):
            _check_env_paths(r, v, source=source, key=key)
        return
    if isinstance(raw, str) and "${" in raw and isinstance(value, str) and value:
        if not Path(value).exists():
            raise ParameterError(
                f"{raw} resolves to {value}, which does not exist",
                source=source,
                key=key,
            )


def check_profile(notebook, params_file) -> dict:
    """Validate ``params_file`` against ``notebook``'s declared parameters; return its values."""
    parameters = notebook_parameters(notebook)
    return load_profile(params_file, parameters, notebook=notebook)
