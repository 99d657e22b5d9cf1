"""Russia's goods trade with its main non-Western partners, from the IMF IMTS export (to 2024)."""

from __future__ import annotations

from toolkit.errors import ParameterError

__all__ = ["PARTNERS", "partner_trade", "trade_change"]

#: IMF counterpart codes of the partners shown, with the one name used across the theme.
PARTNERS = {
    "CHN": "China",
    "IND": "India",
    "TUR": "Türkiye",
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "ARM": "Armenia",
    "ARE": "United Arab Emirates",
}


def partner_trade(imf, *, partners=None):
    """Return Russia's exports, imports and total trade with each partner and year.

    Parameters
    ----------
    imf : pandas.DataFrame
        From :func:`toolkit.sources.imf_imts.read_imf_imts` (``toolkit.load("imf_imts")``).
    partners : mapping, optional
        IMF counterpart code -> name; default :data:`PARTNERS`.

    Returns
    -------
    pandas.DataFrame
        One row per partner and year of the file: ``partner, partner_id, year,
        exports_usd_m, imports_usd_m, total_usd_m, estimated_from_partners``. A value the
        file leaves empty stays NaN (a gap, not zero), and so does the total of that year.

    Raises
    ------
    ParameterError
        If a partner code is not in the file.
    """
    import pandas as pd

    partners = dict(PARTNERS if partners is None else partners)
    missing = sorted(set(partners) - set(imf["partner_id"]))
    if missing:
        raise ParameterError(
            f"partner codes {missing} are not in the IMF file (it has "
            f"{imf['partner_id'].nunique()} counterparts)",
            source="partner_trade",
            key="partners",
        )
    rows = imf[imf["partner_id"].isin(list(partners))]
    wide = rows.pivot_table(
        index=["partner_id", "year"], columns="flow", values="value_usd_m", aggfunc="first",
        dropna=False,
    )  # fmt: skip
    years = sorted(int(y) for y in imf["year"].unique())
    grid = pd.MultiIndex.from_product([list(partners), years], names=["partner_id", "year"])
    wide = wide.reindex(grid)
    estimated = imf.drop_duplicates("year").set_index("year")["estimated_from_partners"]
    out = pd.DataFrame(
        {
            "partner": [partners[p] for p in grid.get_level_values("partner_id")],
            "partner_id": grid.get_level_values("partner_id"),
            "year": grid.get_level_values("year").astype(int),
            "exports_usd_m": wide.get("exports").to_numpy(),
            "imports_usd_m": wide.get("imports").to_numpy(),
        }
    )
    # a total needs both flows: one missing flow leaves the total missing, never half of it
    out["total_usd_m"] = out["exports_usd_m"] + out["imports_usd_m"]
    out["estimated_from_partners"] = out["year"].map(estimated).astype(bool)
    return out


def trade_change(table, *, partner: str, start: int, end: int, column: str = "total_usd_m"):
    """Return the values of one partner's column in two years and the change between them.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`partner_trade`.
    partner : str
        A partner name of the table.
    start, end : int
        The two years.
    column : str
        ``exports_usd_m``, ``imports_usd_m`` or ``total_usd_m``.

    Returns
    -------
    dict
        ``start_value``, ``end_value`` (USD million), ``ratio`` and ``change_pct``.

    Raises
    ------
    ParameterError
        If the partner or a year is not in the table, or a value is missing.
    """
    sub = table[table["partner"] == partner].set_index("year")[column]
    values = {}
    for year in (start, end):
        if int(year) not in sub.index or sub.isna()[int(year)]:
            raise ParameterError(
                f"no {column} for {partner} in {year} (partners: "
                f"{', '.join(sorted(table['partner'].unique()))})",
                source="trade_change",
                key="partner",
            )
        values[year] = float(sub[int(year)])
    ratio = values[end] / values[start]
    return {
        "start_value": values[start],
        "end_value": values[end],
        "ratio": ratio,
        "change_pct": 100 * (ratio - 1),
    }
