"""Params files: YAML read safely (dates kept as strings) and ``${VAR}`` references expanded."""

from __future__ import annotations

import os
import re
from pathlib import Path

from toolkit.errors import ParameterError
from toolkit.report.params.declared import type_name

__all__ = ["expand_env", "read_yaml", "uses_env"]

_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _yaml_loader():
    import yaml

    class NoDatesLoader(yaml.SafeLoader):
        """A safe loader that keeps ISO dates as strings (as papermill's CLI does)."""

    NoDatesLoader.yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return NoDatesLoader


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
        If the file is missing, is not valid YAML, or does not hold a mapping.
    """
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ParameterError("params file not found", source=path) from None
    except UnicodeDecodeError as exc:
        raise ParameterError(f"not UTF-8 text ({exc.reason})", source=path) from None
    try:
        data = yaml.load(text, Loader=_yaml_loader())  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ParameterError(
            f"malformed YAML at {where}{exc.problem or exc}", source=path
        ) from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"malformed YAML: {exc}", source=path) from None
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
    """Whether the params file at ``path`` references ``${name}``."""
    return f"${{{name}}}" in Path(path).read_text(encoding="utf-8")
