"""Re-routing: flows to Russia's neighbours indexed beside the flow to Russia, crude destination shares."""

from __future__ import annotations

from toolkit.errors import ParameterError

__all__ = ["destination_shares", "ratio", "rerouting_index"]


def rerouting_index(data, *, base_year: int, partners, russia: str = "Russia"):
    """Index each partner's flow to the base year, next to the flow to Russia itself.

    Parameters
    ----------
    data : pandas.DataFrame
        Columns ``series, partner, year, value`` (more are kept where useful:
        ``unit``, ``months_covered`` and the citation columns); one row per series, partner, year.
    base_year : int
        The year set to 100.
    partners : list of str
        Partners to index (Russia may be among them; it is always computed).
    russia : str
        The partner name of Russia.

    Returns
    -------
    pandas.DataFrame
        One row per series, partner and year: ``series, partner, year, value,
        index`` (base year = 100), ``russia_value``, ``russia_index`` and
        ``index_gap`` (partner index minus Russia's). A base-year value of 0 or
        NaN leaves that partner's index NaN; a series without Russia has NaN
        Russia columns.

    Raises
    ------
    ParameterError
        For a missing column, duplicate rows, an unknown partner, or a base
        year absent from the data.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"series": "s", "partner": ["Russia", "Russia", "X", "X"],
    ...                    "year": [2021, 2022, 2021, 2022], "value": [10.0, 5.0, 1.0, 3.0]})
    >>> rerouting_index(df, base_year=2021, partners=["X"])[["partner", "year", "index", "russia_index"]]
      partner  year  index  russia_index
    0       X  2021  100.0         100.0
    1       X  2022  300.0          50.0
    """
    import numpy as np

    src = "rerouting_index"
    need = ["series", "partner", "year", "value"]
    missing = [c for c in need if c not in data.columns]
    if missing:
        raise ParameterError(
            f"data lacks column(s) {missing}; expected {need}", source=src, key="data"
        )
    partners = [partners] if isinstance(partners, str) else list(partners)
    if not partners:
        raise ParameterError("no partners given", source=src, key="partners")
    known = sorted(data["partner"].unique())
    unknown = [p for p in partners if p not in known]
    if unknown:
        raise ParameterError(
            f"unknown partner(s) {unknown}; the data holds {', '.join(known)}",
            source=src,
            key="partners",
        )
    years = sorted(int(y) for y in data["year"].unique())
    if base_year not in years:
        raise ParameterError(
            f"base year {base_year} is not in the data; years available: {years[0]}–{years[-1]}"
            if years
            else f"base year {base_year}: the data is empty",
            source=src,
            key="base_year",
        )
    dup = data.duplicated(["series", "partner", "year"])
    if dup.any():
        row = data[dup].iloc[0]
        raise ParameterError(
            f"data holds {row['series']}/{row['partner']}/{row['year']} more than once; "
            "expected one row per series, partner and year",
            source=src,
            key="data",
        )
    cite = ("unit", "months_covered", "publisher", "source_file", "vintage")
    keep = [c for c in cite if c in data.columns]
    df = data[data["partner"].isin(set(partners) | {russia})][need + keep].copy()
    base = df[df["year"] == base_year].set_index(["series", "partner"])["value"]
    base = base.where(base != 0)  # a zero base has no meaningful index
    idx = df.set_index(["series", "partner"]).index
    df["index"] = df["value"].to_numpy() / base.reindex(idx).to_numpy() * 100
    rus = df[df["partner"] == russia].set_index(["series", "year"])[["value", "index"]]
    rus.columns = ["russia_value", "russia_index"]
    df = df.merge(rus, left_on=["series", "year"], right_index=True, how="left")
    df["index_gap"] = df["index"] - df["russia_index"]
    df = df[df["partner"].isin(partners)]
    for col in ("index", "russia_value", "russia_index", "index_gap"):
        df[col] = df[col].astype(float).replace([np.inf, -np.inf], np.nan)
    cols = need + ["index", "russia_value", "russia_index", "index_gap"] + keep
    return df[cols].sort_values(["series", "partner", "year"], ignore_index=True)


def ratio(data, *, series: str, partner: str, year: int, base_year: int) -> float:
    """Return ``value(year) / value(base_year)`` of one series and partner (NaN if absent)."""
    sub = data[(data["series"] == series) & (data["partner"] == partner)].set_index("year")["value"]
    if year not in sub.index or base_year not in sub.index or not sub[base_year]:
        return float("nan")
    return float(sub[year] / sub[base_year])


def destination_shares(crude, *, groups=None):
    """Share of each destination group in Russian crude exports per year (CREA rows).

    Parameters
    ----------
    crude : pandas.DataFrame
        Mirror rows of series ``crude_exports``.
    groups : dict of str to list of str, optional
        Group name → destinations; default EU-27 members, India + China, Turkey.

    Returns
    -------
    pandas.DataFrame
        ``group, year, volume, share_pct`` (share of the year's total of all destinations).
    """
    import pandas as pd

    from toolkit.sources.comext import EU27_MEMBERS

    if groups is None:
        groups = {
            "EU-27": list(EU27_MEMBERS),
            "India + China": ["India", "China"],
            "Turkey": ["Turkey"],
        }
    totals = crude.groupby("year")["value"].sum()
    rows = []
    for name, members in groups.items():
        sub = crude[crude["partner"].isin(members)].groupby("year")["value"].sum()
        for year, total in totals.items():
            vol = float(sub.get(year, 0.0))
            rows.append(
                {"group": name, "year": int(year), "volume": vol, "share_pct": 100 * vol / total}
            )
    return pd.DataFrame(rows)
