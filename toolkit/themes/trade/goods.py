"""What the US imports from Russia by category (2021 end-use categories; 2024 main goods)."""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.paths import embedded

__all__ = ["load_us_imports_goods"]


def load_us_imports_goods(*, year=None):
    """Load what the US imports from Russia by category (2021 end-use; 2024 main goods).

    Parameters
    ----------
    year : int, optional
        Keep one year (2021 or 2024).

    Returns
    -------
    pandas.DataFrame
        ``year``, ``category``, ``value_usd_m``, ``share_pct`` (share of all US
        imports from Russia, where the source gives one), ``approx``,
        ``basis``, ``source_url``, ``publisher``, ``confidence``, ``fact_id``, ``note``.
    """
    import pandas as pd

    df = pd.read_csv(embedded("us_imports_from_russia_goods.csv"))
    if year is not None:
        if int(year) not in set(df.year):
            raise ParameterError(
                f"no goods figures for {year}; years: {sorted(set(df.year))}",
                source="load('us_imports_from_russia_goods')",
                key="year",
            )
        df = df[df.year == int(year)].reset_index(drop=True)
    # the publishers are the rows' own (secondary sources quoting the statistics)
    df.attrs["source"] = {
        "publisher": " / ".join(dict.fromkeys(df.publisher)),
        "title": "US imports from Russia by category",
        "sources": dict(zip(df.fact_id, df.source_url, strict=True)),
    }
    return df
