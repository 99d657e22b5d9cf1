"""Notebook parameters: the declared ``parameters`` cell, params profiles, and their validation."""

from __future__ import annotations

import ast
import io
import json
import math
import os
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import ParameterError

#: Tag of the notebook cell that declares the parameters (papermill's convention).
PARAMETERS_TAG = "parameters"

#: Name of the per-notebook file of value rules, next to the profiles.
CONSTRAINTS_FILE = "_constraints.yaml"

#: Rules a ``_constraints.yaml`` entry may hold.
RULES = ("min", "max", "choices", "gte", "lte", "or_folder")

#: Types a parameter may be annotated with (``list[str]`` and ``X | None`` also work).
TYPES = ("int", "float", "str", "bool", "list", "dict")

_MISSING = object()
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of a notebook.

    Parameters
    ----------
    name : str
        The variable name.
    type : str
        ``int``, ``float``, ``str``, ``bool``, ``list``, ``dict`` or ``any`` (unchecked).
    item_type : str
        For lists, the type of each item (``any`` when not declared).
    nullable : bool
        Whether ``None`` is accepted (annotation ``X | None`` or a ``None`` default).
    default : object
        The default value (a Python literal), or None.
    help : str
        The comment on the declaration line.
    annotation : str
        The annotation as written, or ``""``.
    """

    name: str
    type: str
    item_type: str = "any"
    nullable: bool = False
    default: Any = None
    help: str = ""
    annotation: str = ""

    def accepts(self, value) -> bool:
        """Whether ``value`` has this parameter's declared type."""
        if value is None:
            return self.nullable
        if not _is_type(value, self.type):
            return False
        if self.type == "list" and self.item_type != "any":
            return all(_is_type(item, self.item_type) for item in value)
        return True

    def expected(self) -> str:
        """The expected type, as written in error messages."""
        text = self.type if self.item_type == "any" else f"{self.type}[{self.item_type}]"
        return f"{text} or null" if self.nullable else text


def _is_type(value, kind: str) -> bool:
    # bool is a subclass of int in Python; a YAML ``true`` is never a number here.
    if kind == "any":
        return True
    if kind == "bool":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if kind == "int":
        return isinstance(value, int)
    if kind == "float":
        return isinstance(value, int | float)
    if kind == "str":
        return isinstance(value, str)
    if kind == "list":
        return isinstance(value, list | tuple)
    if kind == "dict":
        return isinstance(value, dict)
    return True


def _type_name(value) -> str:
    return "null" if value is None else type(value).__name__


# --- the parameters cell ---------------------------------------------------------------------


def _parse_annotation(node) -> tuple[str, str, bool]:
    """Return ``(type, item_type, nullable)`` of an annotation AST node."""
    if isinstance(node, ast.Constant) and node.value is None:
        return "any", "any", True
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _parse_annotation(ast.parse(node.value, mode="eval").body)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _parse_annotation(node.left), _parse_annotation(node.right)
        if left[0] == "any" and left[2]:
            return right[0], right[1], True
        if right[0] == "any" and right[2]:
            return left[0], left[1], True
        return "any", "any", left[2] or right[2]
    name = node
    if isinstance(node, ast.Subscript):
        name = node.value
    label = ast.unparse(name).rsplit(".", 1)[-1].lower()
    if label == "optional" and isinstance(node, ast.Subscript):
        inner = _parse_annotation(node.slice)
        return inner[0], inner[1], True
    label = {"tuple": "list", "sequence": "list", "mapping": "dict"}.get(label, label)
    if label not in TYPES:
        return "any", "any", False
    item = "any"
    if label == "list" and isinstance(node, ast.Subscript):
        item = _parse_annotation(node.slice)[0]
    return label, item, False


def _line_comments(source: str) -> dict[int, str]:
    """Map line number -> the comment text on that line."""
    comments = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                comments[tok.start[0]] = tok.string.lstrip("#").strip()
    except (tokenize.TokenError, IndentationError):
        pass
    return comments


def parse_parameters(source: str, *, origin: str = "<parameters cell>") -> dict[str, Parameter]:
    """Parse the source of a ``parameters`` cell into its declared parameters.

    Parameters
    ----------
    source : str
        Python source of assignments such as ``start_year: int = 1992  # first year``.
    origin : str
        Where the source comes from, for error messages.

    Returns
    -------
    dict of str to Parameter
        In declaration order.

    Raises
    ------
    ParameterError
        If the cell is not valid Python.
    """
    # IPython magics are not Python; papermill's cell must not hold them, but stay tolerant.
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    clean = "\n".join(lines)
    try:
        tree = ast.parse(clean)
    except SyntaxError as exc:
        raise ParameterError(
            f"parameters cell is not valid Python (line {exc.lineno}: {exc.msg})", source=origin
        ) from None
    comments = _line_comments(clean)
    found: dict[str, Parameter] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            name, annotation, value = stmt.target.id, stmt.annotation, stmt.value
        elif (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            name, annotation, value = stmt.targets[0].id, None, stmt.value
        else:
            continue
        default = _MISSING
        if value is not None:
            try:
                default = ast.literal_eval(value)
            except ValueError:
                default = _MISSING  # an expression: no checkable default
        if annotation is not None:
            kind, item, nullable = _parse_annotation(annotation)
        elif default is not _MISSING:
            kind, item, nullable = _parse_annotation(ast.Name(id=type(default).__name__))
        else:
            kind, item, nullable = "any", "any", False
        if default is None:
            nullable = True
        help_text = comments.get(stmt.end_lineno) or comments.get(stmt.lineno, "")
        found[name] = Parameter(
            name=name,
            type=kind,
            item_type=item,
            nullable=nullable,
            default=None if default is _MISSING else default,
            help=help_text,
            annotation="" if annotation is None else ast.unparse(annotation),
        )
    return found


def notebook_parameters(notebook) -> dict[str, Parameter]:
    """Read the parameters a notebook declares in its cell tagged ``parameters``.

    Parameters
    ----------
    notebook : str or path-like
        An ``.ipynb`` file.

    Returns
    -------
    dict of str to Parameter
        In declaration order.

    Raises
    ------
    ParameterError
        If the file is not a notebook, has no cell tagged ``parameters``, or that
        cell is not valid Python.
    """
    path = Path(notebook)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb["cells"]
    except FileNotFoundError:
        raise ParameterError("notebook not found", source=path) from None
    except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise ParameterError(f"not a readable .ipynb notebook ({exc})", source=path) from None
    for index, cell in enumerate(cells):
        if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            return parse_parameters(source, origin=f"{path}, cell {index}")
    raise ParameterError(f"no cell tagged {PARAMETERS_TAG!r}", source=path)


# --- YAML files --------------------------------------------------------------------------------


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
            f"expected a mapping of parameter names to values, got a YAML {_type_name(data)}",
            source=path,
        )
    for key in data:
        if not isinstance(key, str):
            raise ParameterError(
                f"parameter names must be strings, got {key!r} ({_type_name(key)})", source=path
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
                f"expected a mapping of rules ({', '.join(RULES)}), got {_type_name(spec)}",
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
            # or_folder: true also accepts an existing folder (a notebook's source=PATH)
            folder = (
                spec.get("or_folder") and isinstance(item, str) and Path(item).expanduser().is_dir()
            )
            if "choices" in spec and item not in spec["choices"] and not folder:
                also = " or an existing folder" if spec.get("or_folder") else ""
                raise ParameterError(
                    f"{shown} is not allowed; expected one of {spec['choices']}{also}",
                    source=origin(key),
                    key=key,
                )
            for rule, op, word in (("min", ">=", "at least"), ("max", "<=", "at most")):
                if rule in spec:
                    ok = _compare(item, spec[rule], op)
                    if ok is None:
                        raise ParameterError(
                            f"{shown} cannot be compared with {rule} {spec[rule]!r}",
                            source=origin(key),
                            key=key,
                        )
                    if not ok:
                        raise ParameterError(
                            f"{shown} is too {'small' if rule == 'min' else 'large'}; "
                            f"expected {word} {spec[rule]!r}",
                            source=origin(key),
                            key=key,
                        )
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
        param = parameters[key]
        if not param.accepts(value):
            raise ParameterError(
                f"expected {param.expected()}, got {value!r} ({_type_name(value)})",
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


def check_profile(notebook, params_file) -> dict:
    """Validate ``params_file`` against ``notebook``'s declared parameters; return its values."""
    parameters = notebook_parameters(notebook)
    return load_profile(params_file, parameters, notebook=notebook)
