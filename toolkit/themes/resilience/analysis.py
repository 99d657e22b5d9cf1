"""Resilience theme: cited indicators, annual mirror trade from Comext/Census/Armstat/CREA, rerouting index."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import DataFormatError, ParameterError
from toolkit.paths import embedded

INDICATORS_FILE = "resilience_indicators.csv"
MIRROR_FILE = "mirror_trade_annual.csv"

#: The commentary's resilience factors and damage items, with what the toolkit measures them by.
#: ``kind``: ``resilience`` (a factor the commentary names), ``damage`` (the cost side),
#: ``context`` (background that measures neither directly).
FACTORS = {
    "financial_infrastructure": ("resilience", "own financial infrastructure built before 2022"),
    "oil_rerouting": ("resilience", "crude oil re-routed to other buyers"),
    "parallel_imports": ("resilience", "parallel imports of banned consumer goods"),
    "third_countries": ("resilience", "third countries and intermediaries for industrial goods"),
    "transport_logistics": (
        "resilience",
        "transport sanctions: logistics harder, no serious effect",
    ),
    "firm_replacement": ("resilience", "departed Western firms replaced by local or Chinese firms"),
    "company_exits": ("context", "Western companies leaving Russia (the departure side only)"),
    "growth": ("context", "real GDP growth"),
    "frozen_assets": ("damage", "assets frozen abroad"),
    "oil_gas_revenue": ("damage", "swings in oil-and-gas budget revenue"),
}

#: Where the commentary makes these points (its sentences are not copied).
COMMENTARY = "Hung Anh, \"'Resetting' Russia-US relations\", commentary, 2025-03-14"

CONFIDENCE = ("high", "medium", "low")

#: Census country codes of the US export partners in the mirror view.
US_PARTNERS = {
    "4621": "Russia",
    "4631": "Armenia",
    "4633": "Georgia",
    "4634": "Kazakhstan",
    "4635": "Kyrgyzstan",
    "4890": "Turkey",
    "5200": "United Arab Emirates",
    "5700": "China",
}

#: Partner labels of the source files mapped to the one name used across series.
PARTNER_NAMES = {
    "Russian Federation (Russia)": "Russia",
    "Russian Federation": "Russia",
    "Kyrgyz Republic": "Kyrgyzstan",
}

MIRROR_COLUMNS = [
    "series",
    "reporter",
    "partner",
    "year",
    "value",
    "unit",
    "months_covered",
    "publisher",
    "source_file",
    "source_url",
    "vintage",
]

SERIES = ("eu_exports", "us_exports", "armenia_exports", "crude_exports")

#: Years of the embedded annual series (Comext covers 2019-01 to 2024-08 only).
US_YEARS = (2013, 2024)
ARMENIA_YEARS = (2013, 2024)

_SOURCES = {
    "eu_exports": {
        "publisher": "Eurostat (Comext), via mary-lev/eu-export-sanctions",
        "source_url": "https://ec.europa.eu/eurostat/comext/newxtweb/",
        "source_file": "eurostat-comext-exports/{partner_dir}/ (monthly data-browser CSV exports)",
        "vintage": "exported 2024-11-16 (file names); data 2019-01 to 2024-08",
    },
    "us_exports": {
        "publisher": "US Census Bureau",
        "source_url": "https://www.census.gov/foreign-trade/balance/country.xlsx",
        "source_file": "census-country-trade/country.xlsx (copy in cesinco/tableau-dashboard-extension-d3js @ bc24e2a)",
        "vintage": "data through 2024-06",
    },
    "armenia_exports": {
        "publisher": "Statistical Committee of Armenia (Armstat), via tavad/tvyal_newsletter",
        "source_url": "https://github.com/tavad/tvyal_newsletter",
        "source_file": "armenia-trade/arm_trade_country.csv",
        "vintage": "data 2007-01 to 2024-12",
    },
    "crude_exports": {
        "publisher": "CREA (Kpler-based), via energyandcleanair/fossil_shipment_tracker",
        "source_url": "https://github.com/energyandcleanair/fossil_shipment_tracker",
        "source_file": "crea-fossil/crude_ru_exports.csv",
        "vintage": "years 2021 and 2022",
    },
}


# --------------------------------------------------------------------------- indicators


def _period_end(period: str):
    """Return the last day of a period written ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``,
    ``YYYY-Qn``, ``YYYY-H1``/``H2`` or ``A/B`` (the end of ``B``); NaT otherwise."""
    import pandas as pd

    text = str(period).strip()
    if "/" in text:
        text = text.split("/")[-1]
    try:
        if len(text) == 4 and text.isdigit():
            return pd.Timestamp(f"{text}-12-31")
        if len(text) == 7 and text[4] == "-" and text[5] in "QH":
            year, part, n = int(text[:4]), text[5], int(text[6])
            month = 3 * n if part == "Q" else 6 * n
            return pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)
        if len(text) == 7:
            return pd.Timestamp(f"{text}-01") + pd.offsets.MonthEnd(0)
        if len(text) == 10:
            return pd.Timestamp(text)
    except ValueError:
        return pd.NaT
    return pd.NaT


def load_indicators(*, include_low: bool = False, factor: str | None = None):
    """Load the cited resilience indicators (facts.md groups B and C).

    Parameters
    ----------
    include_low : bool
        Keep rows marked ``low`` confidence (none are shipped; the option exists so
        a future low row is never shown by accident).
    factor : str, optional
        Keep one factor of :data:`FACTORS`.

    Returns
    -------
    pandas.DataFrame
        Long table: ``indicator, label, factor, period, value, unit, qualifier,
        basis, source_url, publisher, confidence, fact_id, note`` plus the derived
        ``period_end_date``. ``value`` is NaN for dated milestones (unit ``date``).

    Raises
    ------
    ParameterError
        For an unknown ``factor``.
    DataFormatError
        If the embedded file has an unknown factor or confidence mark.
    """
    import pandas as pd

    if factor is not None and factor not in FACTORS:
        raise ParameterError(
            f"unknown factor {factor!r}; expected one of {', '.join(FACTORS)}",
            source="load_indicators",
            key="factor",
        )
    path = embedded(INDICATORS_FILE)
    df = pd.read_csv(
        path,
        dtype={"period": str, "fact_id": str},
        keep_default_na=False,
        na_values={"value": [""]},
    )
    for col, allowed in (("factor", tuple(FACTORS)), ("confidence", CONFIDENCE)):
        bad = ~df[col].isin(allowed)
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise DataFormatError(
                path,
                f"{df[col].iloc[i]!r} is not one of {', '.join(allowed)}",
                line=i + 2,
                column=col,
            )
    df["period_end_date"] = [_period_end(p) for p in df["period"]]
    if not include_low:
        df = df[df["confidence"] != "low"]
    if factor is not None:
        df = df[df["factor"] == factor]
    return df.reset_index(drop=True)


def factor_coverage(indicators, mirror=None):
    """Count the sourced data behind each of the commentary's factors.

    Parameters
    ----------
    indicators : pandas.DataFrame
        From :func:`load_indicators`.
    mirror : pandas.DataFrame, optional
        From :func:`load_mirror_trade`; its rows count for ``third_countries``
        (mirror exports to the neighbours) and ``oil_rerouting`` (crude destinations).

    Returns
    -------
    pandas.DataFrame
        One row per factor: ``factor, kind, description, indicators, rows,
        mirror_rows, fact_ids, status`` where ``status`` is ``"sourced"`` or
        ``"lacking data"``.
    """
    import pandas as pd

    rows = []
    for name, (kind, description) in FACTORS.items():
        sub = indicators[indicators["factor"] == name]
        n_mirror = 0
        if mirror is not None and len(mirror):
            if name == "third_countries":
                # exports to the neighbours, and Armenia's exports onward to Russia
                to_neighbours = mirror["series"].isin(["eu_exports", "us_exports"]) & (
                    mirror["partner"] != "Russia"
                )
                n_mirror = int((to_neighbours | (mirror["series"] == "armenia_exports")).sum())
            elif name == "oil_rerouting":
                n_mirror = int((mirror["series"] == "crude_exports").sum())
        rows.append(
            {
                "factor": name,
                "kind": kind,
                "description": description,
                "indicators": sub["indicator"].nunique(),
                "rows": len(sub),
                "mirror_rows": n_mirror,
                "fact_ids": ", ".join(sorted(sub["fact_id"].unique())),
                "status": "sourced" if len(sub) + n_mirror else "lacking data",
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- mirror trade


def _rows(series: str, frame, *, partner_dir: str = ""):
    src = dict(_SOURCES[series])
    src["source_file"] = src["source_file"].format(partner_dir=partner_dir)
    out = frame.copy()
    out["series"] = series
    for k, v in src.items():
        out[k] = v
    return out[MIRROR_COLUMNS]


def eu_exports_annual(comext, *, partner_dir: str = ""):
    """Sum Comext monthly exports of the 27 member states into annual EUR million.

    Parameters
    ----------
    comext : pandas.DataFrame
        From :func:`toolkit.sources.read_comext` (default ``include="eu27"``);
        aggregate reporters, if present, are dropped so nothing is counted twice.
    partner_dir : str
        Name of the folder read, for the citation.

    Returns
    -------
    pandas.DataFrame
        Mirror-trade rows (see :data:`MIRROR_COLUMNS`), series ``eu_exports``.
    """
    data = comext[comext["reporter_kind"] == "eu27_member"]
    data = data[data["flow"] == "export"]
    for col in ("product", "stat_procedure"):
        # a download by product or procedure lists a "Total" beside its parts: keep only the total
        values = set(data[col])
        if "Total" in values:
            data = data[data[col] == "Total"]
        elif len(values) > 1:
            raise ParameterError(
                f"the Comext rows hold {len(values)} values of {col} and no 'Total'; summing "
                f"them could double count: select one {col} first",
                source="eu_exports_annual",
                key=col,
            )
    grouped = data.groupby(["partner", "year"], as_index=False).agg(
        value=("value_eur", lambda s: s.sum(min_count=1) / 1e6),
        months_covered=("month", "nunique"),
    )
    grouped["partner"] = grouped["partner"].replace(PARTNER_NAMES)
    grouped["reporter"] = "EU-27 (sum of member states)"
    grouped["unit"] = "EUR million"
    return _rows("eu_exports", grouped, partner_dir=partner_dir)


def us_exports_annual(census, *, years=US_YEARS):
    """Select US annual exports to Russia and its neighbours and hubs from the Census table.

    Parameters
    ----------
    census : pandas.DataFrame
        From :func:`toolkit.sources.read_census_country` with ``freq="annual"``.
    years : (int, int)
        First and last year kept.

    Returns
    -------
    pandas.DataFrame
        Mirror-trade rows, series ``us_exports``, USD million.
    """
    if "months_published" not in census.columns:
        raise ParameterError(
            "expected the annual Census table (read_census_country(path, freq='annual'))",
            source="us_exports_annual",
            key="census",
        )
    data = census[
        census["cty_code"].isin(list(US_PARTNERS))
        & (census["flow"] == "exports")
        & census["year"].between(*years)
    ]
    out = data.assign(
        partner=data["cty_code"].map(US_PARTNERS),
        reporter="United States",
        value=data["value_usd_m"],
        unit="USD million",
        months_covered=data["months_published"].astype(int),
    )
    vintage = census.attrs.get("source", {}).get("vintage")
    rows = _rows("us_exports", out)
    if vintage:
        rows["vintage"] = vintage
    return rows


def armenia_exports_annual(armenia, *, years=ARMENIA_YEARS):
    """Sum Armenia's monthly exports to Russia into annual USD million.

    Parameters
    ----------
    armenia : pandas.DataFrame
        From :func:`toolkit.sources.read_armenia_trade` (thousand USD).

    Returns
    -------
    pandas.DataFrame
        Mirror-trade rows, series ``armenia_exports``, partner ``Russia``.
    """
    data = armenia[(armenia["country"] == "Russian Federation") & (armenia["flow"] == "exports")]
    data = data[data["year"].between(*years)]
    grouped = data.groupby("year", as_index=False).agg(
        value=("value_usd_k", lambda s: s.sum(min_count=1) / 1000),
        months_covered=("month", "nunique"),
    )
    grouped["partner"] = "Russia"
    grouped["reporter"] = "Armenia"
    grouped["unit"] = "USD million"
    return _rows("armenia_exports", grouped)


def crude_destinations(crea):
    """Turn CREA's crude exports by destination into mirror-trade rows.

    Parameters
    ----------
    crea : pandas.DataFrame
        From :func:`toolkit.sources.read_crea_crude`.

    Returns
    -------
    pandas.DataFrame
        Mirror-trade rows, series ``crude_exports``, reporter ``Russia``; the
        unit is not stated in the file (likely kt).
    """
    out = crea.assign(
        partner=crea["destination"],
        reporter="Russia",
        value=crea["volume"],
        unit="not stated (likely kt)",
        months_covered=12,
    )
    return _rows("crude_exports", out)


def _comext_folders(folder: Path) -> list[Path]:
    """A folder of CSV exports, or a folder holding one such folder per partner."""
    if not folder.is_dir():
        raise DataFormatError(
            folder, "not a folder; expected Comext CSV exports or per-partner folders"
        )
    if any(p.suffix.lower() == ".csv" for p in folder.iterdir()):
        return [folder]
    subs = sorted(p for p in folder.iterdir() if p.is_dir())
    if not subs:
        raise DataFormatError(
            folder, "no *.csv files and no sub-folders; expected Comext CSV exports"
        )
    return subs


def mirror_trade_from_files(*, comext_dir="", census_path="", armenia_path="", crea_path=""):
    """Build the annual mirror-trade rows by running the readers on real files.

    Parameters
    ----------
    comext_dir : str or path-like
        A folder of Comext CSV exports, or one holding a folder per partner
        (like ``eurostat-comext-exports/``).
    census_path, armenia_path, crea_path : str or path-like
        The Census ``country.xlsx``, Armenia's ``arm_trade_country.csv`` and
        CREA's ``crude_ru_exports.csv``. Empty: that series is skipped.

    Returns
    -------
    pandas.DataFrame
        Mirror-trade rows (:data:`MIRROR_COLUMNS`) for the files given.
    """
    import pandas as pd

    from toolkit.sources import (
        read_armenia_trade,
        read_census_country,
        read_comext,
        read_crea_crude,
    )

    parts = []
    if comext_dir:
        for sub in _comext_folders(Path(comext_dir)):
            parts.append(eu_exports_annual(read_comext(sub), partner_dir=sub.name))
    if census_path:
        census = read_census_country(census_path, freq="annual", countries=list(US_PARTNERS))
        parts.append(us_exports_annual(census))
    if armenia_path:
        parts.append(armenia_exports_annual(read_armenia_trade(armenia_path)))
    if crea_path:
        parts.append(crude_destinations(read_crea_crude(crea_path)))
    if not parts:
        return pd.DataFrame(columns=MIRROR_COLUMNS)
    return _sorted(pd.concat(parts, ignore_index=True))


def _sorted(df):
    order = {s: i for i, s in enumerate(SERIES)}
    df = df.assign(_o=df["series"].map(order))
    df = df.sort_values(["_o", "partner", "year"], ignore_index=True).drop(columns="_o")
    df["year"] = df["year"].astype(int)
    df["months_covered"] = df["months_covered"].astype(int)
    return df


def load_mirror_trade(
    *, series=None, comext_dir="", census_path="", armenia_path="", crea_path="", full_years=False
):
    """Load annual exports to Russia and to its neighbours (embedded, or read from files).

    Parameters
    ----------
    series : list of str, optional
        Keep these of ``eu_exports``, ``us_exports``, ``armenia_exports``,
        ``crude_exports``.
    comext_dir, census_path, armenia_path, crea_path : str
        Optional real files; each one given replaces that series' embedded rows
        with rows computed by the readers (see :func:`mirror_trade_from_files`).
    full_years : bool
        Drop partial years (``months_covered < 12``: Comext 2024 = Jan–Aug,
        Census 2024 = Jan–Jun).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MIRROR_COLUMNS`; every row cites its publisher, file and vintage.
    """
    import pandas as pd

    if series is not None:
        series = [series] if isinstance(series, str) else list(series)
        unknown = [s for s in series if s not in SERIES]
        if unknown:
            raise ParameterError(
                f"unknown series {unknown}; expected some of {', '.join(SERIES)}",
                source="load_mirror_trade",
                key="series",
            )
    df = pd.read_csv(embedded(MIRROR_FILE), dtype={"year": int, "months_covered": int})
    from_files = mirror_trade_from_files(
        comext_dir=comext_dir,
        census_path=census_path,
        armenia_path=armenia_path,
        crea_path=crea_path,
    )
    if len(from_files):
        df = pd.concat([df[~df["series"].isin(from_files["series"].unique())], from_files])
        df = _sorted(df)
    if series is not None:
        df = df[df["series"].isin(series)]
    if full_years:
        df = df[df["months_covered"] == 12]
    return df.reset_index(drop=True)


def compare_annual(left, right, *, tolerance: float = 0.05):
    """Compare two mirror tables on ``series, partner, year`` (e.g. embedded vs read from files).

    Parameters
    ----------
    left, right : pandas.DataFrame
        Mirror-trade rows.
    tolerance : float
        Largest absolute difference in the series' unit counted as equal.

    Returns
    -------
    pandas.DataFrame
        ``series, partner, year, value_left, value_right, difference, equal`` for
        the rows both hold.
    """
    keys = ["series", "partner", "year"]
    out = left[keys + ["value"]].merge(
        right[keys + ["value"]], on=keys, suffixes=("_left", "_right")
    )
    out["difference"] = out["value_right"] - out["value_left"]
    out["equal"] = out["difference"].abs() <= tolerance
    return out


# --------------------------------------------------------------------------- rerouting index


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


# --------------------------------------------------------------------------- reader loaders

#: Where each reader's file sits in the shared real-data folder (used when no path is given).
DEFAULT_FILES = {
    "comext_exports": "eurostat-comext-exports/russia_export_eurostat",
    "armenia_trade": "armenia-trade/arm_trade_country.csv",
    "crea_crude": "crea-fossil/crude_ru_exports.csv",
}


def _default_path(name: str, path):
    if path:
        return Path(path)
    from toolkit.paths import SHARED_DATA_ENV, shared_data_dir

    root = shared_data_dir()
    if root is None:
        raise ParameterError(
            f"no path given and no shared data folder (set ${SHARED_DATA_ENV}); "
            f"expected e.g. path='.../{DEFAULT_FILES[name]}'",
            source=f"load({name!r})",
            key="path",
        )
    return root / DEFAULT_FILES[name]


def load_comext(*, path=None, include: str = "eu27"):
    """Read a folder of Comext exports (default: EU exports to Russia in the shared data)."""
    from toolkit.sources import read_comext

    return read_comext(_default_path("comext_exports", path), include=include)


def load_armenia_trade(*, path=None):
    """Read Armenia's trade by partner (default: the shared data copy)."""
    from toolkit.sources import read_armenia_trade

    return read_armenia_trade(_default_path("armenia_trade", path))


def load_crea_crude(*, path=None):
    """Read CREA's Russian crude exports by destination (default: the shared data copy)."""
    from toolkit.sources import read_crea_crude

    return read_crea_crude(_default_path("crea_crude", path))
