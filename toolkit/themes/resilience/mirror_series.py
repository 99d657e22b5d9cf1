"""The four annual mirror-trade series, each built from one reader's output (Comext, Census, Armstat, CREA)."""

from __future__ import annotations

from toolkit.errors import ParameterError

__all__ = [
    "ARMENIA_YEARS",
    "MIRROR_COLUMNS",
    "PARTNER_NAMES",
    "SERIES",
    "US_PARTNERS",
    "US_YEARS",
    "armenia_exports_annual",
    "crude_destinations",
    "eu_exports_annual",
    "us_exports_annual",
]


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


def _where(src) -> str:
    """Return the source's official URL, or its declaration's note on where the file comes from."""
    urls = src.urls()
    return urls[0] if urls else f"no official URL ({src.key}): {src.url_note.split(';')[0]}"


def _series_sources() -> dict:
    """Return the publisher, URL, shared file and vintage of each series (from the declarations).

    Publishers and URLs come from :func:`toolkit.sources.get_source` only; a source with no
    official URL (Armstat via a repository, CREA's extract) carries its declared ``url_note``.
    """
    from toolkit.sources import get_source

    comext, census = get_source("comext"), get_source("census_country")
    armenia, crea = get_source("armenia_trade"), get_source("crea_crude")
    return {
        "eu_exports": {
            "publisher": f"{comext.publisher}, via mary-lev/eu-export-sanctions",
            "source_url": _where(comext),
            "source_file": "eurostat-comext-exports/{partner_dir}/ (monthly data-browser CSV exports)",
            "vintage": "exported 2024-11-16 (file names); data 2019-01 to 2024-08",
        },
        "us_exports": {
            "publisher": census.publisher,
            "source_url": _where(census),
            "source_file": f"{census.shared[0]} (copy in cesinco/tableau-dashboard-extension-d3js @ bc24e2a)",
            "vintage": "data through 2024-06",
        },
        "armenia_exports": {
            "publisher": armenia.publisher,
            "source_url": _where(armenia),
            "source_file": armenia.shared[0],
            "vintage": "data 2007-01 to 2024-12",
        },
        "crude_exports": {
            "publisher": crea.publisher,
            "source_url": _where(crea),
            "source_file": crea.shared[0],
            "vintage": "years 2021 and 2022",
        },
    }


def _rows(series: str, frame, *, partner_dir: str = ""):
    src = dict(_series_sources()[series])
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
        unit is the reader's :data:`~toolkit.sources.crea_crude.UNIT` (the file states none).
    """
    from toolkit.sources.crea_crude import UNIT

    out = crea.assign(
        partner=crea["destination"],
        reporter="Russia",
        value=crea["volume"],
        unit=UNIT,
        months_covered=12,
    )
    return _rows("crude_exports", out)
