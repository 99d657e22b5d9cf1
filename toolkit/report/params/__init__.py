"""Notebook parameters: the declared ``parameters`` cell, params profiles, and their validation.

Three modules, re-exported here: :mod:`~toolkit.report.params.declared` (what a notebook
declares), :mod:`~toolkit.report.params.loading` (params files read as YAML, ``${VAR}``
expanded) and :mod:`~toolkit.report.params.profiles` (a profile checked against the
declaration and the ``_constraints.yaml`` rules).
"""

from toolkit.errors import ParameterError
from toolkit.report.params.declared import (
    PARAMETERS_TAG,
    TYPES,
    Parameter,
    notebook_parameters,
    parse_parameters,
    type_name,
)
from toolkit.report.params.loading import expand_env, read_yaml, uses_env
from toolkit.report.params.profiles import (
    CONSTRAINTS_FILE,
    RULES,
    check_constraints,
    check_profile,
    load_constraints,
    load_profile,
    profile_names,
)

__all__ = [
    "CONSTRAINTS_FILE",
    "PARAMETERS_TAG",
    "RULES",
    "TYPES",
    "Parameter",
    "ParameterError",
    "check_constraints",
    "check_profile",
    "expand_env",
    "load_constraints",
    "load_profile",
    "notebook_parameters",
    "parse_parameters",
    "profile_names",
    "read_yaml",
    "type_name",
    "uses_env",
]
