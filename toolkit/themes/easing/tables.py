"""The easing theme's embedded tables, checked as they are read."""

from __future__ import annotations

from toolkit.errors import DataFormatError
from toolkit.paths import embedded

__all__ = ["check_choices", "read_embedded_csv"]


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
