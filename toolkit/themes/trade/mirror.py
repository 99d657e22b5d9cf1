"""The mirror view: US-reported trade with Russia beside Russia-reported trade with the USA."""

from __future__ import annotations

from toolkit.paths import embedded
from toolkit.themes.trade.series import (
    STORED_FLOWS,
    check_flows,
    load_us_russia_trade,
    source_attrs,
)

__all__ = ["load_mirror", "mirror_view"]


def load_mirror(*, flows=STORED_FLOWS):
    """Load the mirror view: US-reported vs Russia-reported trade, 2006-2021 (embedded).

    Parameters
    ----------
    flows : iterable of str
        US flows kept (``exports``, ``imports``).

    Returns
    -------
    pandas.DataFrame
        See :func:`mirror_view`.
    """
    import pandas as pd

    us = load_us_russia_trade(freq="annual", flows=STORED_FLOWS)
    ru = pd.read_csv(embedded("us_russia_trade_rosstat.csv"), dtype={"source_id": str})
    out = mirror_view(us, ru)
    attrs = out.attrs
    out = out[out.us_flow.isin(check_flows(flows, "load_mirror"))].reset_index(drop=True)
    out.attrs = attrs
    return out


def mirror_view(us, russia):
    """Pair each US-reported flow with its mirror in Russia's statistics.

    Parameters
    ----------
    us : pandas.DataFrame
        Annual US trade with Russia (``year``, ``flow``, ``value_usd_m``).
    russia : pandas.DataFrame
        Russia's annual trade with the USA from Rosstat (``year``, ``flow`` from
        Russia's view, ``value_usd_m``); or the monthly output of
        :func:`toolkit.sources.read_rosstat_trade`, summed here (full years only).

    Returns
    -------
    pandas.DataFrame
        ``year``, ``us_flow`` (``imports``: US imports from Russia, mirrored by
        Russia's exports to the USA; ``exports``: the reverse),
        ``us_reported_usd_m``, ``russia_reported_usd_m``, ``gap_usd_m``
        (US - Russia), ``gap_pct`` (gap / Russia-reported), ``us_source``,
        ``russia_source``; years both report.
    """
    import pandas as pd

    ru = russia
    if "month" in ru.columns:
        ru = ru[ru.partner == "USA"] if "partner" in ru.columns else ru
        ru = ru.groupby(["year", "flow"], as_index=False).agg(
            value_usd_m=("value_usd_m", lambda s: s.sum(min_count=12)),
            months=("value_usd_m", "count"),
        )
        ru = ru[ru.months == 12]
        ru["source_id"] = "rosstat-96stran-2021"
    ru = ru.assign(us_flow=ru.flow.map({"exports": "imports", "imports": "exports"}))
    us = us[us.flow.isin(STORED_FLOWS)]
    merged = us.merge(
        ru[["year", "us_flow", "value_usd_m", "source_id"]],
        left_on=["year", "flow"],
        right_on=["year", "us_flow"],
        suffixes=("_us", "_ru"),
    )
    out = pd.DataFrame(
        {
            "year": merged.year,
            "us_flow": merged.us_flow,
            "us_reported_usd_m": merged.value_usd_m_us,
            "russia_reported_usd_m": merged.value_usd_m_ru,
        }
    )
    out["gap_usd_m"] = out.us_reported_usd_m - out.russia_reported_usd_m
    out["gap_pct"] = out.gap_usd_m / out.russia_reported_usd_m * 100
    out["us_source"] = merged.source_id_us.values
    out["russia_source"] = merged.source_id_ru.values
    out = out.sort_values(["year", "us_flow"], ignore_index=True)
    out.attrs["source"] = source_attrs(set(out.us_source) | set(out.russia_source))
    return out
