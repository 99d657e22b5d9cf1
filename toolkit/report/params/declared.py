"""A notebook's declared parameters: the cell tagged ``parameters``, read without running it."""

from __future__ import annotations

import ast
import io
import json
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import ParameterError

__all__ = [
    "PARAMETERS_TAG",
    "TYPES",
    "Parameter",
    "notebook_parameters",
    "parse_parameters",
    "type_name",
]

#: Tag of the notebook cell that declares the parameters (papermill's convention).
PARAMETERS_TAG = "parameters"

#: Types a parameter may be annotated with (``list[str]`` and ``X | None`` also work).
TYPES = ("int", "float", "str", "bool", "list", "dict")

_MISSING = object()


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
        """Return the expected type, as written in error messages."""
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


def type_name(value) -> str:
    """Return the name of a value's type as error messages write it (``null`` for None)."""
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
