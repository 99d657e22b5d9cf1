"""The checks a claim can name: each computes the observed value from a registered dataset.

A check is ``fn(data, **args) -> Observation``: ``data`` is a :class:`DataSource` (loads
registered datasets once, with the caller's options); ``args`` come from the claim's
``args`` field. A check raises :class:`Unavailable` when the data cannot speak to the
claim (dataset missing, no matching row); the audit turns that into ``unverifiable``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from toolkit.errors import ToolkitError


class Unavailable(ToolkitError):
    """The data needed by a check is missing; the message says what and why."""


@dataclass
class Observation:
    """What a check found: a value (or interval), its unit, and where it comes from.

    ``low``/``high`` bound the value when an input is rounded (e.g. a figure quoted
    to 0.1 bn); ``detail`` shows the arithmetic; ``confidence`` is the weakest
    facts.md mark of the rows used.
    """

    value: float | str
    unit: str
    dataset: str
    source: str
    vintage: str = ""
    confidence: str = "high"
    fact_ids: str = ""
    detail: str = ""
    low: float | None = None
    high: float | None = None
    extra: dict = field(default_factory=dict)

    def bounds(self) -> tuple[float, float]:
        """Return ``(low, high)``, the value itself when no interval is known."""
        v = float(self.value)
        return (v if self.low is None else self.low, v if self.high is None else self.high)


class DataSource:
    """Loads registered datasets on demand, once each, with per-dataset options.

    Parameters
    ----------
    options : dict
        ``{dataset_name: dict of load options}``; a ``pandas.DataFrame`` value is used
        as the dataset itself; ``None`` marks the dataset as unavailable.
    """

    def __init__(self, options: dict | None = None):
        self.options = dict(options or {})
        self._cache: dict = {}

    def get(self, name: str):
        """Return dataset ``name`` (a DataFrame with ``attrs["source"]``) or raise Unavailable."""
        if name in self._cache:
            return self._cache[name]
        import pandas as pd

        from toolkit import registry

        option = self.options.get(name, {})
        if option is None:
            raise Unavailable(f"dataset {name!r} is not available (disabled by the caller)")
        if isinstance(option, pd.DataFrame):
            df = option
            if not df.attrs.get("source"):
                df.attrs["source"] = {"name": name, "title": name, "publisher": "user-supplied"}
        else:
            try:
                df = registry.load(name, **option)
            except (ToolkitError, OSError) as exc:
                raise Unavailable(f"dataset {name!r} could not be loaded: {exc}") from None
        self._cache[name] = df
        return df

    def loaded(self) -> dict:
        """Return ``{name: DataFrame}`` of the datasets loaded so far, in load order."""
        return dict(self._cache)

    def provenance(self, name: str) -> dict:
        """Return the provenance record of a loaded dataset."""
        return dict(self.get(name).attrs.get("source", {}))


def _weakest(confidences) -> str:
    order = {"low": 0, "medium": 1, "high": 2}
    marks = [c for c in confidences if isinstance(c, str) and c in order]
    return min(marks, key=order.get) if marks else "high"


def _ids(values) -> str:
    out: list[str] = []
    for v in values:
        for part in str(v).split(";"):
            part = part.strip()
            if part and part != "nan" and part not in out:
                out.append(part)
    return ";".join(out)


def _fmt(x: float, unit: str = "") -> str:
    text = f"{x:,.1f}" if abs(x) < 1e6 else f"{x:,.0f}"
    return f"{text} {unit}".strip()


# --- trade -----------------------------------------------------------------------------

TRADE = "us_russia_trade"
MIRROR = "us_russia_trade_mirror"
_FLOWS = ("exports", "imports", "total", "balance")
#: Half-width of a figure stored rounded (``approx``): USTR's 3.0 bn is known to +/- 50 m.
APPROX_HALF_WIDTH_USD_M = 50.0


def trade_table(data: DataSource):
    """Annual US-Russia trade, every flow (exports, imports, total, balance), with bounds.

    Returns
    -------
    pandas.DataFrame
        ``year, flow, value_usd_m, low, high, source_id, confidence, fact_id``.
    """
    from toolkit.themes import trade

    df = data.get(TRADE)
    if "month" in df.columns:
        raise Unavailable(f"{TRADE} is monthly; the trade checks need annual data")
    df = df.copy()
    if not {"total", "balance"} <= set(df["flow"]):
        df = trade.add_derived(df)
    df = df[df["flow"].isin(_FLOWS)].copy()
    approx = df["approx"].fillna(False).astype(bool) if "approx" in df else False
    half = approx * APPROX_HALF_WIDTH_USD_M
    df["low"] = df["value_usd_m"] - half
    df["high"] = df["value_usd_m"] + half
    for col in ("confidence", "fact_id", "source_id"):
        if col not in df:
            df[col] = ""
        df[col] = df[col].fillna("").astype(str)
    # a table read from a Census file carries no confidence: USTR's quoted summary is medium
    # (facts A36-A38), the Census file itself high (A01-A33)
    guess = df["source_id"].map(lambda s: "medium" if "ustr" in s else "high")
    df["confidence"] = df["confidence"].where(df["confidence"] != "", guess)
    return df.reset_index(drop=True)


def _trade_row(data: DataSource, flow: str, year: int):
    if flow not in _FLOWS:
        raise ToolkitError(f"flow {flow!r} is not one of {_FLOWS}")
    df = trade_table(data)
    hit = df[(df["flow"] == flow) & (df["year"] == int(year))]
    if hit.empty:
        years = f"{df['year'].min()}-{df['year'].max()}" if len(df) else "none"
        raise Unavailable(f"{TRADE} has no {flow} value for {year} (years held: {years})")
    return hit.iloc[0]


def _trade_source(data: DataSource, source_id: str) -> str:
    sources = data.provenance(TRADE).get("sources", {})
    parts = [sources.get(s, s) for s in str(source_id).split(" + ")]
    return "; ".join(parts) or data.provenance(TRADE).get("publisher", "")


def _trade_obs(data, rows, value, low, high, unit, detail) -> Observation:
    prov = data.provenance(TRADE)
    return Observation(
        value=value,
        low=low,
        high=high,
        unit=unit,
        dataset=TRADE,
        source=" | ".join(dict.fromkeys(_trade_source(data, r["source_id"]) for r in rows)),
        vintage=prov.get("vintage", ""),
        confidence=_weakest(r["confidence"] for r in rows),
        fact_ids=_ids(r["fact_id"] for r in rows),
        detail=detail,
        extra={"flow": rows[0]["flow"], "years": [int(r["year"]) for r in rows]},
    )


def trade_value(data: DataSource, *, flow: str, year: int) -> Observation:
    """US goods trade with Russia in one year and flow, USD million."""
    r = _trade_row(data, flow, year)
    detail = f"{flow} {int(year)} = {_fmt(r['value_usd_m'], 'USD million')}"
    if r["high"] > r["low"]:
        detail += f" (rounded figure: {_fmt(r['low'])} to {_fmt(r['high'])})"
    return _trade_obs(data, [r], r["value_usd_m"], r["low"], r["high"], "USD million", detail)


def trade_change_pct(data: DataSource, *, flow: str, year: int, base_year: int) -> Observation:
    """Percent change of a flow from ``base_year`` to ``year``."""
    r, b = _trade_row(data, flow, year), _trade_row(data, flow, base_year)
    ends = [100 * (y / x - 1) for y in (r["low"], r["high"]) for x in (b["low"], b["high"])]
    value = 100 * (r["value_usd_m"] / b["value_usd_m"] - 1)
    detail = (
        f"{flow} {int(year)} / {int(base_year)} - 1 = {_fmt(r['value_usd_m'])} / "
        f"{_fmt(b['value_usd_m'])} - 1 = {value:+.1f}%"
    )
    return _trade_obs(data, [r, b], value, min(ends), max(ends), "%", detail)


def trade_fall(data: DataSource, *, flow: str, year: int, base_year: int) -> Observation:
    """How much a flow fell from ``base_year`` to ``year``, USD million (positive = fall)."""
    r, b = _trade_row(data, flow, year), _trade_row(data, flow, base_year)
    value = b["value_usd_m"] - r["value_usd_m"]
    detail = (
        f"{flow} {int(base_year)} - {int(year)} = {_fmt(b['value_usd_m'])} - "
        f"{_fmt(r['value_usd_m'])} = {_fmt(value, 'USD million')}"
    )
    return _trade_obs(
        data, [r, b], value, b["low"] - r["high"], b["high"] - r["low"], "USD million", detail
    )


def trade_fall_factor(data: DataSource, *, flow: str, year: int, base_year: int) -> Observation:
    """How many times smaller a flow is in ``year`` than in ``base_year``."""
    r, b = _trade_row(data, flow, year), _trade_row(data, flow, base_year)
    value = b["value_usd_m"] / r["value_usd_m"]
    detail = (
        f"{flow} {int(base_year)} / {int(year)} = {_fmt(b['value_usd_m'])} / "
        f"{_fmt(r['value_usd_m'])} = {value:.2f} times"
    )
    low, high = b["low"] / r["high"], b["high"] / r["low"]
    return _trade_obs(data, [r, b], value, low, high, "factor", detail)


def trade_candidates(data: DataSource):
    """Every trade figure the toolkit holds, for the search of what reproduces a claim.

    Returns
    -------
    pandas.DataFrame
        ``publisher, series, flow, year, value_usd_m``: US-reported (Census/USTR) rows of
        every flow and year, and Russia-reported (Rosstat) mirror rows mapped onto the
        US flow they mirror, with derived totals.
    """
    import pandas as pd

    rows = []
    us = trade_table(data)
    for r in us.itertuples():
        publisher = "USTR (as quoted)" if "ustr" in str(r.source_id) else "US Census Bureau"
        rows.append((publisher, "US-reported", r.flow, int(r.year), r.value_usd_m))
    try:
        mirror = data.get(MIRROR)
    except Unavailable:
        mirror = None
    if mirror is not None and len(mirror):
        m = mirror.pivot_table(index="year", columns="us_flow", values="russia_reported_usd_m")
        for year, r in m.iterrows():
            values = {"exports": r.get("exports"), "imports": r.get("imports")}
            values["total"] = values["exports"] + values["imports"]
            values["balance"] = values["exports"] - values["imports"]
            for flow, v in values.items():
                if v is not None and not math.isnan(v):
                    rows.append(("Rosstat", "Russia-reported (mirror)", flow, int(year), v))
    return pd.DataFrame(rows, columns=["publisher", "series", "flow", "year", "value_usd_m"])


# --- sanctions -------------------------------------------------------------------------


def price_cap(data: DataSource, *, cap_id: str) -> Observation:
    """The level of one price cap (``price_caps`` row), USD per barrel."""
    df = data.get("price_caps")
    hit = df[df["cap_id"] == cap_id]
    if hit.empty:
        raise Unavailable(f"price_caps has no cap {cap_id!r} (caps: {', '.join(df['cap_id'])})")
    r = hit.iloc[0]
    start = str(r["start_date"])[:10]
    return Observation(
        value=float(r["cap_usd_per_bbl"]),
        unit="USD per barrel",
        dataset="price_caps",
        source=str(r["publisher"]),
        vintage=data.provenance("price_caps").get("vintage", ""),
        confidence=str(r["confidence"]),
        fact_ids=str(r["fact_id"]),
        detail=f"{cap_id}: {r['cap_usd_per_bbl']:g} USD/bbl for {r['product']} from {start}",
    )


def sdn_added(
    data: DataSource,
    *,
    before: str,
    programs: str = "RUSSIA-EO14024",
    entry_types: str = "individual,entity",
) -> Observation:
    """SDN entries in force at the latest snapshot minus those in force at ``before``.

    Counts entries of the given programs and entry types (``,``-separated) on OFAC's SDN
    list, from the embedded ledger over real snapshots.
    """
    df = data.get("sdn_ledger_summary")
    progs = [p.strip() for p in programs.split(",")]
    types = [t.strip() for t in entry_types.split(",")]
    sub = df[df["program"].isin(progs) & df["entry_type"].isin(types)]
    if sub.empty:
        raise Unavailable(f"sdn_ledger_summary has no rows for {progs} x {types}")
    dates = sub["snapshot_date"].astype(str).str[:10]
    totals = sub.groupby(dates)["in_force"].sum()
    first = totals[totals.index <= before]
    if first.empty:
        raise Unavailable(f"sdn_ledger_summary has no snapshot on or before {before}")
    start_date, last_date = first.index.max(), totals.index.max()
    value = float(totals[last_date] - totals[start_date])
    return Observation(
        value=value,
        unit="count",
        dataset="sdn_ledger_summary",
        source="OFAC, Specially Designated Nationals list (snapshots)",
        vintage=f"snapshots {start_date} and {last_date}",
        confidence="high",
        detail=(
            f"{' + '.join(types)} under {', '.join(progs)}: {int(totals[last_date]):,} in force "
            f"on {last_date} - {int(totals[start_date]):,} on {start_date} = {int(value):,}"
        ),
    )


def measures_with(data: DataSource, *, term: str, jurisdiction: str = "") -> Observation:
    """Number of catalogued measures carrying a category term (``measures``)."""
    df = data.get("measures")
    col = "categories_list" if "categories_list" in df else "categories"
    mask = df[col].map(lambda v: term in (v if isinstance(v, list) else str(v).split(";")))
    if jurisdiction:
        mask &= df["jurisdiction"].isin(jurisdiction.split(","))
    hit = df[mask]
    where = f" ({jurisdiction})" if jurisdiction else ""
    ids = ", ".join(hit["measure_id"].head(6)) + (" ..." if len(hit) > 6 else "")
    return Observation(
        value=float(len(hit)),
        unit="measures",
        dataset="measures",
        source="; ".join(dict.fromkeys(hit["publisher"].head(3))) or "measures catalogue",
        vintage=data.provenance("measures").get("vintage", ""),
        confidence=_weakest(hit["confidence"]),
        fact_ids=_ids(hit["fact_id"]),
        detail=f"{len(hit)} measure(s){where} tagged {term!r}" + (f": {ids}" if ids else ""),
    )


def event_date(data: DataSource, *, fact_id: str = "", kind: str = "") -> Observation:
    """Date of the event with a facts.md id (or of the first event of a kind)."""
    df = data.get("events")
    mask = df["fact_id"].astype(str).str.contains(fact_id, regex=False) if fact_id else True
    if kind:
        mask = mask & (df["kind"] == kind)
    hit = df[mask] if not isinstance(mask, bool) else df
    if hit.empty:
        what = " ".join(x for x in (f"fact {fact_id}" if fact_id else "", kind) if x)
        raise Unavailable(f"the events table holds no row for {what}")
    r = hit.sort_values("date").iloc[0]
    day = str(r["date"])[:10]
    return Observation(
        value=day,
        unit="date",
        dataset="events",
        source=str(r["publisher"]),
        vintage=data.provenance("events").get("vintage", ""),
        confidence=str(r["confidence"]),
        fact_ids=str(r["fact_id"]) if str(r["fact_id"]) not in ("nan", "<NA>") else "",
        detail=f"{r['label']}: {day}",
    )


def contact_date(data: DataSource, *, contact_id: str) -> Observation:
    """Date of one 2025 US-Russia contact (``us_russia_contacts``)."""
    df = data.get("us_russia_contacts")
    hit = df[df["contact_id"] == contact_id]
    if hit.empty:
        raise Unavailable(f"us_russia_contacts has no contact {contact_id!r}")
    r = hit.iloc[0]
    day = str(r["date"])[:10]
    return Observation(
        value=day,
        unit="date",
        dataset="us_russia_contacts",
        source=str(r["publisher"]),
        vintage=data.provenance("us_russia_contacts").get("vintage", ""),
        confidence=str(r["confidence"]),
        fact_ids=str(r["fact_id"]),
        detail=f"{r['kind']}" + (f" in {r['place']}" if r["place"] else "") + f": {day}",
    )


# --- resilience ------------------------------------------------------------------------

_TO_USD_BILLION = {"USD billion": 1.0, "USD million": 1e-3}


def indicator(data: DataSource, *, indicator: str, period: str = "") -> Observation:
    """One value of ``resilience_indicators`` (latest period unless ``period`` is given)."""
    df = data.get("resilience_indicators")
    hit = df[df["indicator"] == indicator]
    if period:
        hit = hit[hit["period"].astype(str) == str(period)]
    if hit.empty:
        raise Unavailable(
            f"resilience_indicators has no {indicator!r}" + (f" for {period}" if period else "")
        )
    r = hit.sort_values("period").iloc[-1]
    value = r["value"]
    unit = str(r["unit"])
    if unit in ("year", "date") or (isinstance(value, float) and math.isnan(value)):
        value, unit = str(r["period"]), "date"
    qualifier = r.get("qualifier")
    qualifier = "" if not isinstance(qualifier, str) else qualifier + " "
    shown = value if isinstance(value, str) else f"{qualifier}{value:g} {unit}"
    return Observation(
        value=value,
        unit=unit,
        dataset="resilience_indicators",
        source=str(r["publisher"]),
        vintage=str(r["period"]),
        confidence=str(r["confidence"]),
        fact_ids=str(r["fact_id"]),
        detail=f"{r['label']} ({r['period']}): {shown}",
    )


def mirror_ratio(
    data: DataSource, *, series: str, partner: str, year: int, base_year: int
) -> Observation:
    """``value(year) / value(base_year)`` of one mirror-trade series and partner."""
    df = data.get("mirror_trade")
    sub = df[(df["series"] == series) & (df["partner"] == partner)]
    got = sub.set_index("year")["value"]
    if int(year) not in got.index or int(base_year) not in got.index:
        raise Unavailable(f"mirror_trade has no {series} to {partner} for {base_year} and {year}")
    value = float(got[int(year)] / got[int(base_year)])
    unit = str(sub["unit"].iloc[0])
    return Observation(
        value=value,
        unit="factor",
        dataset="mirror_trade",
        source=str(sub["publisher"].iloc[0]),
        vintage=str(sub["vintage"].iloc[0]),
        confidence="high",
        detail=(
            f"{series} to {partner}: {_fmt(got[int(year)], unit)} ({year}) / "
            f"{_fmt(got[int(base_year)], unit)} ({base_year}) = {value:.2f} times"
        ),
    )


# --- easing ----------------------------------------------------------------------------


def program_years(data: DataSource, *, program_id: str = "", stat: str = "") -> Observation:
    """Years in force of one historical US program, or the ``max`` over all of them."""
    df = data.get("us_programs_history")
    if stat == "max":
        r = df.sort_values("years_in_force").iloc[-1]
    else:
        hit = df[df["program_id"] == program_id]
        if hit.empty:
            raise Unavailable(f"us_programs_history has no program {program_id!r}")
        r = hit.iloc[0]
    end = str(r["end_date"])[:10] if str(r["end_date"]) not in ("", "nan", "NaT", "None") else ""
    end = end or "ongoing"
    ended_by = r["ended_by"] if isinstance(r["ended_by"], str) else ""
    return Observation(
        value=float(r["years_in_force"]),
        unit="years",
        dataset="us_programs_history",
        source=str(r["publisher"]),
        vintage=data.provenance("us_programs_history").get("vintage", ""),
        confidence=str(r["confidence"]),
        fact_ids=str(r["fact_id"]),
        detail=(
            f"{r['program']}: {str(r['start_date'])[:10]} to {end}, "
            f"{r['years_in_force']:.1f} years" + (f"; ended by {ended_by}" if ended_by else "")
        ),
    )


def congress_in_the_way(data: DataSource, *, jurisdiction: str = "US") -> Observation:
    """Number of measures that Congress must review or legislate on before they are lifted."""
    auth = data.get("authority_map")
    mask = auth["who_can_lift"].astype(str).str.contains("Congress|congress", regex=True)
    mask |= auth["requires_legislation"].astype(str).str.lower().isin(["true", "1"])
    if jurisdiction:
        mask &= auth["measure_id"].astype(str).str.startswith(f"{jurisdiction}-")
    hit = auth[mask]
    total = int(auth["measure_id"].astype(str).str.startswith(f"{jurisdiction}-").sum())
    return Observation(
        value=float(len(hit)),
        unit="measures",
        dataset="authority_map",
        source="; ".join(dict.fromkeys(hit["publisher"].head(2))) or "authority map",
        vintage=data.provenance("authority_map").get("vintage", ""),
        confidence=_weakest(hit["confidence"]),
        fact_ids=_ids(hit["basis_fact_ids"].head(8)),
        detail=f"{len(hit)} of {total} {jurisdiction} measures need congressional review or a new law to lift",
    )


def outlook_lift_path(data: DataSource, *, outlook_id: str) -> Observation:
    """Who must act, and the shortest formal wait, to ease an item of the easing outlook."""
    from toolkit.themes import easing

    outlook = data.get("easing_outlook")
    measures = data.get("measures")
    hit = outlook[outlook["outlook_id"] == outlook_id]
    if hit.empty:
        raise Unavailable(f"easing_outlook has no item {outlook_id!r}")
    mapped = easing.outlook_measures(outlook=hit, measures=measures)
    ids = [m for m in mapped["measure_id"].dropna().unique() if str(m).startswith("US-")]
    if not ids:
        raise Unavailable(
            f"no US measure of the catalogue maps onto outlook item {outlook_id!r}: "
            "the data cannot say what easing it would take"
        )
    path = easing.lift_path(ids)
    wait = f"{path.min_wait_days} day(s)"
    if path.requires_legislation:
        wait += " plus new legislation"
    return Observation(
        value=float(path.min_wait_days),
        unit="days",
        dataset="easing_outlook",
        source="easing outlook mapped onto the measures and the authority map",
        vintage=data.provenance("authority_map").get("vintage", ""),
        confidence="medium",
        detail=f"{len(ids)} US measure(s) ({', '.join(ids[:4])}); who must act: "
        f"{'; '.join(path.actors)}; shortest formal time {wait}",
    )


#: Every check a claims file may name.
CHECKS = {
    "trade_value": trade_value,
    "trade_change_pct": trade_change_pct,
    "trade_fall": trade_fall,
    "trade_fall_factor": trade_fall_factor,
    "price_cap": price_cap,
    "sdn_added": sdn_added,
    "measures_with": measures_with,
    "event_date": event_date,
    "contact_date": contact_date,
    "indicator": indicator,
    "mirror_ratio": mirror_ratio,
    "program_years": program_years,
    "congress_in_the_way": congress_in_the_way,
    "outlook_lift_path": outlook_lift_path,
}


def check_arguments(check: str, args: dict) -> str:
    """Return why ``args`` do not fit the check's signature (``""`` when they do)."""
    import inspect

    try:
        inspect.signature(CHECKS[check]).bind(None, **args)
    except TypeError as exc:
        accepted = [p for p in inspect.signature(CHECKS[check]).parameters if p != "data"]
        return f"{exc}; {check} takes {', '.join(accepted)}"
    return ""


#: Integer arguments (the rest are strings).
INT_ARGS = {"year", "base_year"}
