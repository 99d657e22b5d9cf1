"""The quantitative claims of the seed commentary, one row each, cited to it."""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.fields import COMMENTARY
from toolkit.paths import embedded

__all__ = ["COMMENTARY", "audit", "load_claims", "load_register"]

CLAIMS_FILE = "commentary_claims.csv"
COMPARATORS = ("=", "about", "more than", "less than")
# Multipliers to USD million for the units the commentary writes.
_TO_USD_M = {"USD billion": 1000.0, "USD million": 1.0}


def load_claims(*, theme=None):
    """Return the commentary's quantitative claims.

    Parameters
    ----------
    theme : str or list of str, optional
        Keep claims of these themes (``trade``, ``sanctions``, ``resilience``).

    Returns
    -------
    pandas.DataFrame
        One row per claim: ``claim_id``, ``theme``, ``quantity``, ``flow``
        (``exports``/``imports``/``total`` for trade), ``year``, ``base_year``
        (year a change is measured from), ``comparator`` (``=``, ``about``,
        ``more than``, ``less than``, applied to ``value``), ``value`` and ``unit``
        as written, ``change_pct`` and ``change_abs`` (signed, in ``unit``),
        ``change_abs_comparator``, ``attributed_to``, ``period``, ``fact_ids``
        (facts.md rows to compare with), ``note``; plus derived
        ``value_usd_m`` and ``change_abs_usd_m`` (USD amounts only) and
        ``source`` (the citation).

    Raises
    ------
    ParameterError
        If ``theme`` is unknown.
    """
    import pandas as pd

    df = pd.read_csv(embedded(CLAIMS_FILE), dtype={"flow": "string", "attributed_to": "string"})
    for col in ("year", "base_year"):
        df[col] = df[col].astype("Int64")
    factor = df["unit"].map(_TO_USD_M)
    df["value_usd_m"] = df["value"] * factor
    df["change_abs_usd_m"] = df["change_abs"] * factor
    df["source"] = COMMENTARY
    if theme is not None:
        wanted = [theme] if isinstance(theme, str) else list(theme)
        unknown = sorted(set(wanted) - set(df["theme"]))
        if unknown:
            raise ParameterError(
                f"unknown theme(s) {unknown}; expected some of {sorted(set(df['theme']))}",
                source="load_claims",
                key="theme",
            )
        df = df[df["theme"].isin(wanted)].reset_index(drop=True)
    return df


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
