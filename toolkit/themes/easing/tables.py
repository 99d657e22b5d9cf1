"""The easing theme's tables: embedded CSVs checked as they are read, registered datasets loaded once per view."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from toolkit.errors import DataFormatError
from toolkit.paths import embedded

__all__ = ["check_choices", "load_table", "read_embedded_csv", "reuse_loaded"]

#: Tables bound by :func:`reuse_loaded` (a widget view's data, loaded once), else None.
_BOUND: ContextVar[dict | None] = ContextVar("toolkit_easing_bound_tables", default=None)


def load_table(name: str, **options):
    """Return a registered dataset with its provenance (imported late: keeps the module light).

    Going through the registry, not the loader functions, puts each table's provenance on it
    and records the dataset among those a report run used. Inside :func:`reuse_loaded`, each
    dataset (and options) is loaded once and the same table returned afterwards.

    Parameters
    ----------
    name : str
        A registered dataset name (``"authority_map"``, ``"measures"``...).
    **options
        Passed to :func:`toolkit.registry.load`.

    Returns
    -------
    pandas.DataFrame
        The dataset; inside :func:`reuse_loaded`, the same object on every call.
    """
    from toolkit.registry import load

    bound = _BOUND.get()
    if bound is None:
        return load(name, **options)
    key = (name, tuple(sorted(options.items())))
    if key not in bound:
        bound[key] = load(name, **options)
    return bound[key]


@contextmanager
def reuse_loaded(tables: dict):
    """Within the block, every dataset the easing theme loads is loaded once into ``tables``.

    The scenario explorer binds one dict for its lifetime, so a control change
    reads no file (the easing functions never modify a loaded table in place).

    Parameters
    ----------
    tables : dict
        Filled with ``(name, options) -> DataFrame``; pass the same dict again to reuse them.

    Yields
    ------
    dict
        ``tables``.
    """
    token = _BOUND.set(tables)
    try:
        yield tables
    finally:
        _BOUND.reset(token)


def read_embedded_csv(name: str, required, **kwargs):
    """Read an embedded CSV and check that it has the required columns.

    Parameters
    ----------
    name : str
        File name in ``toolkit/data``.
    required : iterable of str
        Columns the file must have.
    **kwargs
        Passed to :func:`pandas.read_csv`.

    Returns
    -------
    tuple
        ``(DataFrame, path)``; the path is for the error messages of later checks.

    Raises
    ------
    DataFormatError
        An unreadable file, or a missing column (named, on line 1).
    """
    import pandas as pd

    path = embedded(name)
    try:
        df = pd.read_csv(path, **kwargs)
    except (OSError, pd.errors.ParserError) as exc:
        raise DataFormatError(path, f"cannot read the embedded table: {exc}") from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataFormatError(path, f"missing column(s) {missing}", line=1, column=missing[0])
    return df, path


def check_choices(df, path, column, choices) -> None:
    """Raise at the first row whose ``column`` is not one of ``choices``.

    Parameters
    ----------
    df : pandas.DataFrame
        A table read from ``path``.
    path : path-like
        The file, for the message.
    column : str
        The column checked.
    choices : iterable
        Its allowed values.

    Raises
    ------
    DataFormatError
        Naming the file, the line (header = line 1), the column and the value.
    """
    bad = ~df[column].isin(choices)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path,
            f"unknown value {df[column].iloc[i]!r}; expected one of {list(choices)}",
            line=i + 2,
            column=column,
        )
