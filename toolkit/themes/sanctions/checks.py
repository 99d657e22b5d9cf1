"""The sanctions theme's claim checks: price caps, SDN designations, catalogued measures, event dates."""

from __future__ import annotations

from toolkit.claims.checks import (
    DataSource,
    Observation,
    Unavailable,
    join_fact_ids,
    weakest_confidence,
)

__all__ = ["CHECKS", "event_date", "measures_with", "price_cap", "sdn_added"]


def price_cap(data: DataSource, *, cap_id: str) -> Observation:
    """Return the level of one price cap (``price_caps`` row), USD per barrel."""
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
    """Count the SDN entries in force at the latest snapshot minus those in force at ``before``.

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
    """Count the catalogued measures carrying a category term (``measures``)."""
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
        confidence=weakest_confidence(hit["confidence"]),
        fact_ids=join_fact_ids(hit["fact_id"]),
        detail=f"{len(hit)} measure(s){where} tagged {term!r}" + (f": {ids}" if ids else ""),
    )


def event_date(data: DataSource, *, fact_id: str = "", kind: str = "") -> Observation:
    """Return the date of the event with a facts.md id (or of the first event of a kind)."""
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


#: The checks of this theme a claims file may name.
CHECKS = {
    "price_cap": price_cap,
    "sdn_added": sdn_added,
    "measures_with": measures_with,
    "event_date": event_date,
}
