"""What the US imports from Russia: 2021 end-use categories, 2024 main goods, 2024 by HS product."""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.paths import embedded

__all__ = ["HS4_HEADINGS", "OTHER", "hs_products", "load_us_imports_goods", "load_us_imports_hs"]


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


#: Short English names of the HS headings among the largest US imports from Russia (HS
#: nomenclature headings, shortened; the Census short description of each HS10 line is kept).
HS4_HEADINGS = {
    "2304": "soybean oilcake",
    "2835": "phosphates",
    "2844": "uranium and radioactive isotopes",
    "2845": "other isotopes",
    "3102": "nitrogen fertilizers (urea, UAN)",
    "3103": "phosphate fertilizers",
    "3104": "potash fertilizers",
    "3105": "mixed fertilizers",
    "4412": "plywood",
    "7110": "palladium and platinum",
    "7202": "ferro-alloys",
    "8108": "titanium",
    "8411": "aircraft engine parts",
    "8807": "aircraft parts",
    "9801": "US goods returned",
}

#: The label of the row that sums every product below the top ones.
OTHER = "other"

HS_FILE = "us_imports_hs_2024.csv"


def hs_products(frame, *, level: str = "hs4", top: int = 12):
    """Return the largest products at one HS level and one row summing the rest.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`toolkit.sources.census_hs10.read_census_hs10` (imports for consumption by HS10).
    level : {"hs4", "hs10"}
        HS heading or the 10-digit line.
    top : int
        Products kept; the others are summed in one row (``code`` ``"other"``).

    Returns
    -------
    pandas.DataFrame
        ``year, level, rank, code, heading, description, products,
        imports_for_consumption_usd_m, share_pct``; the rows add up to the file's total.
    """
    import pandas as pd

    if level not in ("hs4", "hs10"):
        raise ParameterError(f"level {level!r}: expected hs4 or hs10", key="level")
    (year,) = set(frame.year)
    g = frame.groupby(level).agg(
        products=("hs10", "size"),
        usd=("imports_for_consumption_usd", "sum"),
        description=("description", "first"),
    )
    g = g.sort_values(["usd"], ascending=False, kind="stable")
    if level == "hs4":
        g["description"] = ""
    head, rest = g.head(top).reset_index(), g.iloc[top:]
    head = head.rename(columns={level: "code"})
    other = pd.DataFrame(
        {"code": [OTHER], "products": [int(rest.products.sum())], "usd": [rest.usd.sum()],
         "description": [f"all other {len(rest)} {'headings' if level == 'hs4' else 'lines'}"]}
    )  # fmt: skip
    out = pd.concat([head, other], ignore_index=True)
    out["heading"] = [
        "all other products" if c == OTHER else HS4_HEADINGS.get(c[:4], f"HS {c[:4]}")
        for c in out.code
    ]
    out["imports_for_consumption_usd_m"] = (out.usd / 1e6).round(6)
    out["share_pct"] = (100 * out.usd / g.usd.sum()).round(4)
    out["rank"] = range(1, len(out) + 1)
    out["year"], out["level"] = int(year), level
    cols = ["year", "level", "rank", "code", "heading", "description", "products",
            "imports_for_consumption_usd_m", "share_pct"]  # fmt: skip
    return out[cols]


def load_us_imports_hs(*, level: str | None = None):
    """Load 2024 US imports for consumption from Russia by product (embedded, from the HS10 file).

    Parameters
    ----------
    level : {"hs4", "hs10"}, optional
        Keep one level: the largest HS headings or HS10 lines (each with an "other" row).

    Returns
    -------
    pandas.DataFrame
        See :func:`hs_products`; ``attrs["source"]`` names the concept (imports for
        consumption, not general imports) and the derived Parquet file it comes from.
    """
    import pandas as pd

    from toolkit.sources.census_hs10 import CONCEPT, SOURCE

    df = pd.read_csv(embedded(HS_FILE), dtype={"code": str, "description": str})
    df["description"] = df["description"].fillna("")
    if level is not None:
        if level not in set(df.level):
            raise ParameterError(
                f"level {level!r}: expected one of {sorted(set(df.level))}",
                source="load('us_imports_hs')",
                key="level",
            )
        df = df[df.level == level].reset_index(drop=True)
    df.attrs["source"] = SOURCE.provenance(
        vintage="2024-12 (full year 2024), retrieved 2025-06",
        concept=CONCEPT,
        url=SOURCE.url,
    )
    return df
