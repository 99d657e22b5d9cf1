"""Params files: YAML read by the hardened loader (dates kept as text) and ``${VAR}`` expanded."""

from __future__ import annotations

import os
import re
from pathlib import Path

from toolkit.errors import ParameterError
from toolkit.report.params.declared import type_name

__all__ = ["expand_env", "read_yaml", "uses_env"]

_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def read_yaml(path) -> dict:
    """Read a YAML mapping, with dates kept as ISO strings.

    Parameters
    ----------
    path : str or path-like
        A params profile or constraints file.

    Returns
    -------
    dict
        The mapping; an empty file gives ``{}``.

    Raises
    ------
    ParameterError
        If the file is missing, not a regular readable UTF-8 file, not valid YAML for the
        hardened loader (:func:`toolkit.io.load_yaml`: no aliases, no duplicate keys,
        bounded integers), or does not hold a mapping.
    """
    from toolkit.errors import DataFormatError
    from toolkit.io import load_yaml

    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise ParameterError("params file not found", source=path)
    try:
        # the toolkit's one hardened loader: no aliases, no duplicate keys, dates as text
        data = load_yaml(path, expected="a params file (YAML)")
    except DataFormatError as exc:
        problem = exc.problem
        if exc.line is not None:
            head, sep, rest = problem.partition("not valid YAML")
            problem = (
                f"{head}malformed YAML at line {exc.line}{rest}"
                if sep
                else f"line {exc.line}: {problem}"
            )
        raise ParameterError(problem, source=path) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(
            f"expected a mapping of parameter names to values, got a YAML {type_name(data)}",
            source=path,
        )
    for key in data:
        if not isinstance(key, str):
            raise ParameterError(
                f"parameter names must be strings, got {key!r} ({type_name(key)})", source=path
            )
    return data


# --- environment references --------------------------------------------------------------------


def _env_value(name: str) -> str | None:
    from toolkit.paths import SHARED_DATA_ENV, shared_data_dir

    if name in os.environ:
        return os.environ[name]
    if name == SHARED_DATA_ENV:
        found = shared_data_dir()
        return None if found is None else str(found)
    return None


def expand_env(value, *, source=None, key=None):
    """Replace ``${VAR}`` references in strings (also inside lists and dicts).

    ``${SANCTIONS_TOOLKIT_SHARED_DATA}`` falls back to :func:`toolkit.paths.shared_data_dir`
    (``../shared/data`` beside the checkout) when the variable is unset.

    Raises
    ------
    ParameterError
        If a referenced variable is unset and has no fallback.
    """
    from toolkit.paths import SHARED_DATA_ENV

    if isinstance(value, str):

        def replace(match):
            name = match.group(1)
            found = _env_value(name)
            if found is None:
                hint = (
                    " and no ../shared/data folder beside the checkout"
                    if name == SHARED_DATA_ENV
                    else ""
                )
                raise ParameterError(
                    f"${{{name}}} cannot be resolved: environment variable {name} is unset{hint}",
                    source=source,
                    key=key,
                )
            return found

        return _ENV_REF.sub(replace, value)
    if isinstance(value, list):
        return [expand_env(v, source=source, key=key) for v in value]
    if isinstance(value, dict):
        return {k: expand_env(v, source=source, key=key) for k, v in value.items()}
    return value


def uses_env(path, name: str) -> bool:
    """Whether the params file at ``path`` references ``${name}``.

    Raises
    ------
    ParameterError
        If the file cannot be read as text (see :func:`read_yaml`).
    """
    from toolkit.errors import DataFormatError
    from toolkit.io import read_text

    try:
        text = read_text(path, expected="a params file (YAML)")
    except DataFormatError as exc:
        raise ParameterError(exc.problem, source=path) from None
    return f"${{{name}}}" in text
