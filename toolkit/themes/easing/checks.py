"""The easing theme's claim checks: program durations, who can lift what, the 2025 contacts."""

from __future__ import annotations

from toolkit.claims.checks import (
    DataSource,
    Observation,
    Unavailable,
    join_fact_ids,
    weakest_confidence,
)

__all__ = ["CHECKS", "congress_in_the_way", "contact_date", "outlook_lift_path", "program_years"]


def program_years(data: DataSource, *, program_id: str = "", stat: str = "") -> Observation:
    """Return the years in force of one historical US program, or the ``max`` over all of them."""
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
    """Count the measures that Congress must review or legislate on before they are lifted."""
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
        confidence=weakest_confidence(hit["confidence"]),
        fact_ids=join_fact_ids(hit["basis_fact_ids"].head(8)),
        detail=f"{len(hit)} of {total} {jurisdiction} measures need congressional review or a new law to lift",
    )


def outlook_lift_path(data: DataSource, *, outlook_id: str) -> Observation:
    """Return who must act, and the shortest formal wait, to ease an item of the easing outlook."""
    from toolkit.themes import easing

    outlook = data.get("easing_outlook")
    measures = data.get("measures")
    authority = data.get("authority_map")
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
    path = easing.lift_path(authority, ids)
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


def contact_date(data: DataSource, *, contact_id: str) -> Observation:
    """Return the date of one 2025 US-Russia contact (``us_russia_contacts``)."""
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


#: The checks of this theme a claims file may name.
CHECKS = {
    "program_years": program_years,
    "congress_in_the_way": congress_in_the_way,
    "outlook_lift_path": outlook_lift_path,
    "contact_date": contact_date,
}
