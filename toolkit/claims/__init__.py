"""The claims of the seed commentary: its register, the audit that checks it, their views."""

from __future__ import annotations

from toolkit.fields import COMMENTARY

__all__ = ["COMMENTARY", "audit", "load_register"]


def load_register(*, path=None):
    """Return a claims register (default: the commentary's embedded one), validated.

    Parameters
    ----------
    path : path-like, optional
        A user-supplied claims file (CSV or YAML), same columns as the embedded one.

    Returns
    -------
    pandas.DataFrame
        See :func:`toolkit.claims.register.read_register`; ``source`` cites the text.

    Raises
    ------
    DataFormatError
        If the file is malformed (names file, row and column).
    """
    from toolkit.claims.register import read_register

    df = read_register(path)
    df["source"] = COMMENTARY if path is None else str(path)
    return df


# Bound after the submodule import, so ``toolkit.claims.audit`` is the function (a lazy
# wrapper would be replaced by the submodule once ``toolkit.claims.audit`` is imported).
from toolkit.claims.audit import audit  # noqa: E402
