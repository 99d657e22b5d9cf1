"""The mirror view: US-reported trade with Russia beside the Russia-side figures (Rosstat, IMF)."""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.paths import embedded
from toolkit.themes.trade.series import (
    STORED_FLOWS,
    check_flows,
    load_us_russia_trade,
    short_publisher,
    source_attrs,
)

__all__ = [
    "IMF_ID",
    "ROSSTAT_ID",
    "imf_us_rows",
    "load_mirror",
    "mirror_from_files",
    "mirror_table",
    "mirror_view",
]

ROSSTAT_ID = "rosstat-96stran-2021"
IMF_ID = "imf-imts-2024"
#: The Russia-side series, oldest first: Rosstat (Russia-reported, 2006-2021) and the IMF
#: (Russia-reported to 2021, IMF estimates from partner data from 2022).
RUSSIA_SOURCES = (ROSSTAT_ID, IMF_ID)


def imf_us_rows(imts):
    """Return Russia's trade with the United States from the IMF IMTS reader's output.

    Parameters
    ----------
    imts : pandas.DataFrame
        :func:`toolkit.sources.imf_imts.read_imf_imts` (every partner).

    Returns
    -------
    pandas.DataFrame
        ``year, flow`` (Russia's: exports FOB, imports CIF), ``value_usd_m``,
        ``estimated_from_partners`` (from 2022: IMF estimates from the partners'
        reports, not Russia-reported), ``source_id``.
    """
    us = imts[imts.partner_id == "USA"]
    out = us[["year", "flow", "value_usd_m", "estimated_from_partners"]].copy()
    out["value_usd_m"] = out["value_usd_m"].round(6)
    out["source_id"] = IMF_ID
    return out.sort_values(["year", "flow"], ignore_index=True)


def load_mirror(*, flows=STORED_FLOWS, russia=RUSSIA_SOURCES):
    """Load the mirror view: US-reported vs Russia-side trade (embedded).

    Parameters
    ----------
    flows : iterable of str
        US flows kept (``exports``, ``imports``).
    russia : iterable of str
        Russia-side series kept: ``rosstat-96stran-2021`` (2006-2021), ``imf-imts-2024``
        (2016-2024; estimates from partner data from 2022).

    Returns
    -------
    pandas.DataFrame
        See :func:`mirror_view`.
    """
    import pandas as pd

    us = load_us_russia_trade(freq="annual", flows=STORED_FLOWS)
    ru = pd.read_csv(embedded("us_russia_trade_rosstat.csv"), dtype={"source_id": str})
    imf = pd.read_csv(embedded("us_russia_trade_imf.csv"), dtype={"source_id": str})
    out = mirror_view(us, [ru, imf])
    attrs = out.attrs
    keep = out.us_flow.isin(check_flows(flows, "load_mirror")) & out.russia_source.isin(russia)
    out = out[keep].reset_index(drop=True)
    out.attrs = attrs
    out.attrs["source"] = source_attrs(set(out.us_source) | set(out.russia_source))
    return out


def _annual_russia(ru):
    """Return one Russia-side frame as annual ``year, flow, value_usd_m, source_id, estimated``."""
    if "partner_id" in ru.columns:  # the IMF reader's output, every partner
        ru = imf_us_rows(ru)
    elif "month" in ru.columns:  # the Rosstat reader's monthly output: full years only
        ru = ru[ru.partner == "USA"] if "partner" in ru.columns else ru
        ru = ru.groupby(["year", "flow"], as_index=False).agg(
            value_usd_m=("value_usd_m", lambda s: s.sum(min_count=12)),
            months=("value_usd_m", "count"),
        )
        ru = ru[ru.months == 12]
        ru["source_id"] = ROSSTAT_ID
    ru = ru.copy()
    if "source_id" not in ru.columns:
        ru["source_id"] = ROSSTAT_ID
    if "estimated_from_partners" not in ru.columns:
        ru["estimated_from_partners"] = False
    return ru


def mirror_view(us, russia):
    """Pair each US-reported flow with its mirror in the Russia-side statistics.

    Parameters
    ----------
    us : pandas.DataFrame
        Annual US trade with Russia (``year``, ``flow``, ``value_usd_m``).
    russia : pandas.DataFrame or list of them
        Russia's annual trade with the USA (``year``, ``flow`` from Russia's view,
        ``value_usd_m``, ``source_id``); or the monthly output of
        :func:`toolkit.sources.read_rosstat_trade`, summed here (full years only); or
        the output of :func:`toolkit.sources.read_imf_imts` (its US rows are kept).

    Returns
    -------
    pandas.DataFrame
        ``year``, ``us_flow`` (``imports``: US imports from Russia, mirrored by
        Russia's exports to the USA; ``exports``: the reverse), ``russia_flow``
        (the same trade named from Russia's side), ``us_reported_usd_m``,
        ``russia_reported_usd_m``, ``gap_usd_m`` (US - Russia), ``gap_pct``
        (gap / Russia-side figure), ``us_source``, ``russia_source``,
        ``estimated_from_partners`` (the Russia-side figure is an IMF estimate from
        partner data); one row per year both report, flow and Russia-side series.
    """
    import pandas as pd

    frames = russia if isinstance(russia, list | tuple) else [russia]
    ru = pd.concat([_annual_russia(f) for f in frames], ignore_index=True)
    ru = ru.assign(us_flow=ru.flow.map({"exports": "imports", "imports": "exports"}))
    us = us[us.flow.isin(STORED_FLOWS)]
    merged = us.merge(
        ru[["year", "flow", "us_flow", "value_usd_m", "source_id", "estimated_from_partners"]],
        left_on=["year", "flow"],
        right_on=["year", "us_flow"],
        suffixes=("_us", "_ru"),
    )
    out = pd.DataFrame(
        {
            "year": merged.year,
            "us_flow": merged.us_flow,
            "russia_flow": merged.flow_ru,
            "us_reported_usd_m": merged.value_usd_m_us,
            "russia_reported_usd_m": merged.value_usd_m_ru,
        }
    )
    out["gap_usd_m"] = out.us_reported_usd_m - out.russia_reported_usd_m
    out["gap_pct"] = out.gap_usd_m / out.russia_reported_usd_m * 100
    out["us_source"] = merged.source_id_us.values
    out["russia_source"] = merged.source_id_ru.values
    out["estimated_from_partners"] = merged.estimated_from_partners.astype(bool).values
    order = {s: i for i, s in enumerate(RUSSIA_SOURCES)}
    out = out.sort_values(
        ["year", "us_flow", "russia_source"],
        key=lambda c: c.map(order).fillna(len(order)) if c.name == "russia_source" else c,
        ignore_index=True,
    )
    out.attrs["source"] = source_attrs(set(out.us_source) | set(out.russia_source))
    return out


def mirror_table(mirror, flow: str):
    """Return one flow of the mirror view as a reader's table: one column per reporter.

    Parameters
    ----------
    mirror : pandas.DataFrame
        :func:`load_mirror` or :func:`mirror_view`.
    flow : {"imports", "exports"}
        The US flow.

    Returns
    -------
    pandas.DataFrame
        ``year``, the US-reported value and each Russia-side series, each column named
        from its reporter's side (e.g. "Russia's imports from the US, Rosstat"), the gap
        to each in percent, and whether the IMF figure is an estimate from partner data.
    """
    import pandas as pd

    names = {
        "imports": ("US imports from Russia", "Russia's exports to the US"),
        "exports": ("US exports to Russia", "Russia's imports from the US"),
    }
    if flow not in names:
        raise ParameterError(f"flow {flow!r}: expected imports or exports", key="flow")
    us_name, ru_name = names[flow]
    part = mirror[mirror.us_flow == flow]
    out = part.drop_duplicates("year").set_index("year")[["us_reported_usd_m"]]
    out.columns = [f"{us_name}, US-reported"]
    labels = {ROSSTAT_ID: short_publisher("rosstat_trade"), IMF_ID: "IMF"}
    for sid, rows in part.groupby("russia_source", sort=False):
        rows = rows.set_index("year")
        label = labels.get(sid, sid)
        out[f"{ru_name}, {label}"] = rows.russia_reported_usd_m
        out[f"US-reported vs {label} (%)"] = rows.gap_pct
        if sid == IMF_ID:
            out["IMF figure estimated from partner data"] = rows.estimated_from_partners
    out = out.reset_index()
    out.attrs = dict(mirror.attrs)
    return pd.DataFrame(out)


def mirror_from_files(us, *, rosstat_path="", imts_path=""):
    """Return the mirror view of ``us`` against a user's Rosstat and/or IMF files.

    Parameters
    ----------
    us : pandas.DataFrame
        Annual US trade with Russia.
    rosstat_path, imts_path : str or path-like
        ``96stran.xlsx`` (:func:`toolkit.sources.read_rosstat_trade`) and ``RU_trade.csv``
        (:func:`toolkit.sources.read_imf_imts`); an empty one uses the embedded series.

    Returns
    -------
    pandas.DataFrame
        See :func:`mirror_view`.
    """
    import pandas as pd

    from toolkit.sources import read_imf_imts, read_rosstat_trade

    if rosstat_path:
        rosstat = read_rosstat_trade(rosstat_path, partners=["USA"])
    else:
        rosstat = pd.read_csv(embedded("us_russia_trade_rosstat.csv"), dtype={"source_id": str})
    if imts_path:
        imf = read_imf_imts(imts_path)
    else:
        imf = pd.read_csv(embedded("us_russia_trade_imf.csv"), dtype={"source_id": str})
    return mirror_view(us, [rosstat, imf])
