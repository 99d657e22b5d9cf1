"""The trade theme's findings: sentences whose every number is computed from the data."""

from __future__ import annotations

from toolkit.themes.trade.change import fall_factor
from toolkit.themes.trade.goods import OTHER
from toolkit.themes.trade.mirror import IMF_ID
from toolkit.themes.trade.recent import year_to_date

__all__ = ["trade_findings"]


def _fall(annual, base_year, comparison_year):
    f = fall_factor(annual, base_year=base_year, comparison_year=comparison_year)
    f = f.set_index("flow")
    estimate = "ustr" in str(f.loc["total", "comparison_source"])
    return {
        "key": "fall",
        "template": "US-Russia goods trade in {year} was {factor:.1f} times smaller than in "
        "{base} ({base_usd_m:,.0f} to {year_usd_m:,.0f} USD million); US exports fell "
        "{exports_factor:.1f}-fold, imports {imports_factor:.1f}-fold"
        + (" ({year}: the USTR full-year summary, an estimate)." if estimate else "."),
        "numbers": {
            "base": int(base_year),
            "year": int(comparison_year),
            "factor": f.loc["total", "factor"],
            "base_usd_m": f.loc["total", "base_usd_m"],
            "year_usd_m": f.loc["total", "comparison_usd_m"],
            "exports_factor": f.loc["exports", "factor"],
            "imports_factor": f.loc["imports", "factor"],
        },
        "as_of": str(int(comparison_year)),
        "figure": "trade-fall",
    }


def _products(products, top=4):
    h4 = products[(products.level == "hs4") & (products.code != OTHER)].sort_values("rank")
    head = h4.head(top)
    year = int(head.year.iloc[0])
    numbers = {
        "year": year,
        "share": head.share_pct.sum(),
        "total": products[products.level == "hs4"].imports_for_consumption_usd_m.sum(),
    }
    for i, r in enumerate(head.itertuples(), start=1):
        numbers[f"h{i}"], numbers[f"v{i}"] = r.heading, r.imports_for_consumption_usd_m
    listed = ", ".join(f"{{h{i}}} ({{v{i}:,.0f}})" for i in range(1, len(head) + 1))
    return {
        "key": "products",
        "template": "In {year} four HS headings made up {share:.0f}% of US imports for "
        "consumption from Russia ({total:,.0f} USD million; not the general-imports total): "
        + listed
        + " USD million.",
        "numbers": numbers,
        "as_of": f"{year}-12",
        "figure": "products-2024",
    }


def _mirror(mirror, year=2024, base_year=2021):
    imf = mirror[(mirror.russia_source == IMF_ID) & (mirror.us_flow == "imports")]
    imf = imf.set_index("year")
    return {
        "key": "mirror",
        "template": "US-reported imports from Russia in {year} ({us:,.0f} USD million) were "
        "{gap:.0f}% above the IMF's figure for Russia's exports to the US ({imf:,.0f}), the "
        "same gap as in {base} ({gap_base:.0f}%): from 2022 the IMF's Russia-side figures are "
        "its estimates from partner data, not Russian statistics.",
        "numbers": {
            "year": int(year),
            "base": int(base_year),
            "imf": imf.loc[year, "russia_reported_usd_m"],
            "us": imf.loc[year, "us_reported_usd_m"],
            "gap": imf.loc[year, "gap_pct"],
            "gap_base": imf.loc[base_year, "gap_pct"],
        },
        "as_of": str(int(year)),
        "figure": "mirror",
    }


def _month(period: str) -> str:
    """Return ``"2025-08"`` as ``"August 2025"``."""
    import calendar

    year, month = period.split("-")
    return f"{calendar.month_name[int(month)]} {year}"


def _recent(recent, monthly):
    ytd = year_to_date(recent, monthly).set_index("flow")
    later = recent[(recent.measure == "change_pct") & (recent.flow == "imports")].iloc[0]
    return {
        "key": "2025",
        "template": "US imports from Russia in {period} were {v2025:,.0f} USD million, "
        "{change:+.0f}% on the same months of 2024 ({v2024:,.0f}; Census via the press, "
        "medium confidence); a later report puts the rise at nearly {later:.0f}% for the year "
        "to about {later_end} (medium confidence).",
        "numbers": {
            "period": ytd.loc["imports", "period"],
            "v2025": ytd.loc["imports", "value_2025_usd_m"],
            "v2024": ytd.loc["imports", "value_2024_usd_m"],
            "change": ytd.loc["imports", "change_pct"],
            "later": float(later.value),
            "later_end": _month(later.period_end),
        },
        "as_of": str(later.period_end),
        "figure": "ytd-2025",
    }


def trade_findings(
    annual, mirror, products, recent, monthly, *, base_year: int = 2021, comparison_year: int = 2024
):
    """Return the theme's findings, each with the numbers computed from the frames given.

    Parameters
    ----------
    annual, monthly : pandas.DataFrame
        US-Russia trade (:func:`~toolkit.themes.trade.series.load_us_russia_trade`).
    mirror : pandas.DataFrame
        :func:`~toolkit.themes.trade.mirror.load_mirror` (with the IMF series).
    products : pandas.DataFrame
        :func:`~toolkit.themes.trade.goods.load_us_imports_hs`.
    recent : pandas.DataFrame
        :func:`~toolkit.themes.trade.recent.load_trade_2025`.
    base_year, comparison_year : int
        The years of the fall.

    Returns
    -------
    list of dict
        Keyword arguments of :func:`toolkit.notebook.finding` (``key``, ``template``,
        ``numbers``, ``as_of``, ``figure``), theme ``trade``.
    """
    return [
        _fall(annual, base_year, comparison_year),
        _products(products),
        _mirror(mirror),
        _recent(recent, monthly),
    ]
