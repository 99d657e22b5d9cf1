"""The claims audit: each claim's check run on the data, a verdict and a computed explanation.

Verdicts: ``consistent`` (the data agree within the claim's tolerance), ``same-source``
(they agree, but the evidence is the very source the claim quotes: it confirms the
quotation, not the figure), ``inconsistent`` (they do not, and no other publisher's series
of the same concept reproduces the figure), ``different-source`` (the primary series
disagrees but another publisher's series of the same concept -- same flow, unit and
period -- reproduces it, levels and growth rates alike), ``unverifiable`` (no data, a
forecast, a qualitative statement, low-confidence evidence, or rounded inputs that allow
both answers).
"""

from __future__ import annotations

import math
import re

from toolkit.claims.checks import (
    EPS,
    DataSource,
    Observation,
    Unavailable,
    check_arguments,
    convert,
    gather,
)
from toolkit.errors import ToolkitError

__all__ = [
    "COLUMNS",
    "MIMETYPE",
    "THEME_NOTEBOOKS",
    "VERDICTS",
    "audit",
    "audit_from_notebook",
    "format_value",
    "summary_record",
    "verdict_counts",
]

#: The audit's verdicts, the one vocabulary of every claims view (declared here only).
VERDICTS = ("consistent", "same-source", "inconsistent", "different-source", "unverifiable")
#: MIME type of the audit summary the overview notebook displays; the batch runner reads it.
MIMETYPE = "application/vnd.sanctions-toolkit.audit+json"
#: The theme notebook that shows each theme's data.
THEME_NOTEBOOKS = {
    "sanctions": "01-sanctions-regime",
    "resilience": "02-resilience",
    "trade": "03-trade",
    "easing": "04-easing-hurdles",
    "context": "00-overview",
}

COLUMNS = (
    "claim_id",
    "section",
    "theme",
    "notebook",
    "kind",
    "claim",
    "relation",
    "claimed",
    "unit",
    "period",
    "tolerance",
    "observed",
    "observed_unit",
    "observed_low",
    "observed_high",
    "difference",
    "verdict",
    "explanation",
    "computation",
    "dataset",
    "observed_source",
    "observed_vintage",
    "evidence_confidence",
    "evidence_fact_ids",
    "fact_ids",
    "attributed_to",
    "reproduced_by",
    "note",
)


def format_value(x: float, unit: str = "") -> str:
    """Return a number with its unit as the audit writes it (``+43.1%``, ``4.45 times``)."""
    if unit == "%":
        return f"{x:+.1f}%"
    if unit in ("factor",):
        return f"{x:.2f} times"
    text = f"{x:,.0f}" if abs(x) >= 1000 and unit in ("count", "USD million") else f"{x:,.3g}"
    if unit in ("USD billion",):
        text = f"{x:,.2f}"
    return f"{text} {unit}".strip()


def _off(x: float, unit: str) -> str:
    return f"{x:.1f} pp" if unit == "%" else format_value(x, unit)


# --- what reproduces a figure that the primary series does not -------------------------


def _candidate(c: dict) -> str:
    """Return one search result as text: publisher, series, label, value (and its range)."""
    text = f"{c['publisher']} {c['series']} {c['label']} = {format_value(c['value'], c['unit'])}"
    low, high = c.get("low", c["value"]), c.get("high", c["value"])
    if high > low:
        text += (
            f" ({format_value(low, c['unit'])} to {format_value(high, c['unit'])} from its levels "
            "rounded to 0.1 bn, as a text quotes them)"
        )
    return text


def _explain_search(cands: list[dict], primary_publisher: str, unit: str) -> tuple[str, str, str]:
    """Return ``(verdict, explanation, reproduced_by)`` from the search results.

    Only a series of the same concept may explain a figure: the same flow and period
    (``same_period``) in the claim's unit, from another publisher. Another year, flow or
    aggregate that happens to give the number is a coincidence, and is not named.
    """
    same = [
        c
        for c in cands
        if c["same_period"] and c["unit"] == unit and c["publisher"] not in primary_publisher
    ]
    hits = sorted((c for c in same if c["match"]), key=lambda c: c["off"])
    if hits:
        desc = "; ".join(_candidate(c) for c in hits[:3])
        return (
            "different-source",
            f"reproduced by another publisher's series of the same flow and period: {desc}",
            desc,
        )
    text = "no other publisher's series of the same flow, unit and period reproduces it"
    if same:
        c = min(same, key=lambda c: c["off"])
        text += f"; nearest: {_candidate(c)} ({_off(c['off'], c['unit'])} off)"
    return "inconsistent", text, ""


def _quoted_source(claim, obs: Observation) -> str:
    """Return the publisher a claim quotes when the evidence is that very source (else ``""``)."""
    named = re.sub(r"\(.*?\)", "", str(claim.get("attributed_to") or "")).strip()
    if not named:
        return ""
    parts = [p.strip() for p in str(obs.source).split("|")]
    return named if any(p.startswith(named) for p in parts) else ""


# --- judging ---------------------------------------------------------------------------


def _judge_date(claim, obs: Observation) -> tuple[str, str, float | None]:
    """Return ``(verdict, reason, difference in days)`` of a date claim against an observation."""
    import pandas as pd

    rel, c, tol = claim["relation"], claim["claimed"], claim["tolerance"]
    if not isinstance(obs.value, str):
        raise ToolkitError(f"check returned {obs.value!r}, not a date, for a date relation")
    seen = pd.Timestamp(obs.value)
    if rel == "before":
        if seen < pd.Timestamp(c):
            return "consistent", f"{obs.value} is before {c}", None
        return "inconsistent", f"{obs.value} is not before {c}", None
    if len(c) == 7:  # a month
        ok = obs.value[:7] == c
    else:
        ok = abs((seen - pd.Timestamp(c)).days) <= tol
    diff = float((seen - pd.Timestamp(c[:10] if len(c) > 7 else c + "-01")).days)
    return ("consistent" if ok else "inconsistent"), f"observed {obs.value}, claimed {c}", diff


def _judge(claim, obs: Observation) -> tuple[str, str, float | None]:
    """Return ``(verdict, reason, difference)`` of a claim against an observation."""
    rel, c, tol, unit = claim["relation"], claim["claimed"], claim["tolerance"], claim["unit"]
    if rel in ("forecast", "context"):
        what = "a forecast" if rel == "forecast" else "a qualitative statement"
        return "unverifiable", f"{what}: the data give an indicator, not a test", None
    if rel in ("before", "on_date"):
        return _judge_date(claim, obs)
    for name, x in (("claimed value", c), ("tolerance", tol)):
        if not isinstance(x, int | float) or not math.isfinite(x):
            return "unverifiable", f"the claim's {name} {x!r} is not a finite number", None
    lo, hi = (convert(v, obs.unit, unit) for v in obs.bounds())
    value = convert(float(obs.value), obs.unit, unit)
    if any(isinstance(v, float) and math.isnan(v) for v in (lo, hi, value)):
        return "unverifiable", "the observed value is missing (NaN)", None
    diff = value - c
    if rel == "equals":
        dist = 0.0 if lo <= c <= hi else min(abs(c - lo), abs(c - hi))
        if dist <= tol + EPS:
            return "consistent", f"within the claim's tolerance of {tol:g} {unit}", diff
        return "inconsistent", f"off by {format_value(diff, unit)} (tolerance {tol:g} {unit})", diff
    if rel == "includes":
        if value >= c:
            return "consistent", f"{value:g} >= {c:g}", diff
        return "unverifiable", "nothing in the data carries it (the data are not exhaustive)", diff
    above, below = (lo > c, hi <= c) if rel == "greater_than" else (hi < c, lo >= c)
    sign = ">" if rel == "greater_than" else "<"
    if above:
        return "consistent", f"{format_value(value, unit)} {sign} {format_value(c, unit)}", diff
    if below:
        return (
            "inconsistent",
            f"{format_value(value, unit)} is not {sign} {format_value(c, unit)}",
            diff,
        )
    return (
        "unverifiable",
        f"the rounded inputs allow {format_value(lo, unit)} to {format_value(hi, unit)}, on both sides of "
        f"{format_value(c, unit)}",
        diff,
    )


def _audit_one(claim, data: DataSource) -> dict:
    row = {k: claim.get(k) for k in COLUMNS if k in claim}
    row.update(
        notebook=claim.get("notebook") or THEME_NOTEBOOKS.get(claim["theme"], ""),
        observed=None,
        observed_unit="",
        observed_low=None,
        observed_high=None,
        difference=None,
        computation="",
        observed_source="",
        observed_vintage="",
        evidence_confidence="",
        evidence_fact_ids="",
        reproduced_by="",
    )
    check = claim["check"]
    if check == "none":
        why = claim.get("note") or "no dataset of the toolkit measures it"
        row.update(verdict="unverifiable", explanation=f"no check: {why}")
        return row
    wrong = check_arguments(check, claim["args"])
    if wrong:
        row.update(verdict="unverifiable", explanation=f"check {check!r} cannot run: {wrong}")
        return row
    checks, searches = gather()
    try:
        obs = checks[check](data, **claim["args"])
    except Unavailable as exc:
        row.update(verdict="unverifiable", explanation=f"no data: {exc}")
        return row
    except ToolkitError as exc:
        row.update(verdict="unverifiable", explanation=f"check {check!r} failed: {exc}")
        return row
    row.update(
        computation=obs.detail,
        dataset=claim.get("dataset") or obs.dataset,
        observed_source=obs.source,
        observed_vintage=obs.vintage,
        evidence_confidence=obs.confidence,
        evidence_fact_ids=obs.fact_ids,
    )
    try:
        verdict, reason, diff = _judge(claim, obs)
        row.update(_observed(claim, obs))
    except ToolkitError as exc:
        row.update(verdict="unverifiable", explanation=f"cannot compare: {exc}")
        return row
    row["difference"] = diff
    explanation = f"{reason}; {obs.detail}"
    if verdict == "inconsistent" and check in searches:
        # the check's theme searches its data for what else reproduces the figure
        verdict, found, reproduced = _explain_search(
            searches[check](data, claim, check, claim["args"]), obs.source, claim["unit"]
        )
        explanation += f"; {found}"
        row["reproduced_by"] = reproduced
    quoted = _quoted_source(claim, obs)
    if verdict == "consistent" and quoted:
        verdict = "same-source"
        explanation += (
            f"; the evidence is {quoted}, the source the claim quotes: this confirms the "
            "quotation, not the figure"
        )
    if obs.confidence == "low":
        verdict = "unverifiable"
        explanation = f"the evidence is a low-confidence fact, not firm evidence; {explanation}"
    elif obs.confidence == "medium" and verdict != "unverifiable":
        explanation += " (evidence of medium confidence: a secondary source)"
    row.update(verdict=verdict, explanation=explanation)
    return row


def _observed(claim, obs: Observation) -> dict:
    """Return the observed value, its unit and bounds, in the claim's unit when it has one."""
    if isinstance(obs.value, str):
        return {"observed": obs.value, "observed_unit": obs.unit}
    unit = claim["unit"] if claim["relation"] not in ("forecast", "context") else ""
    unit = unit or obs.unit
    lo, hi = obs.bounds()
    return {
        "observed": convert(float(obs.value), obs.unit, unit),
        "observed_unit": unit,
        "observed_low": convert(lo, obs.unit, unit),
        "observed_high": convert(hi, obs.unit, unit),
    }


def audit(claims=None, **data_options):
    """Check every claim of a register against the toolkit's data.

    Parameters
    ----------
    claims : path-like or pandas.DataFrame, optional
        A claims file (CSV or YAML, see :func:`toolkit.claims.register.read_register`),
        a register already read, or None for the commentary's embedded register.
    **data_options
        Per dataset: a dict of load options (``census_country={"path": ...}``), a
        DataFrame to use instead of the registered data, or None to treat the dataset
        as missing (its claims become ``unverifiable``).

    Returns
    -------
    pandas.DataFrame
        One row per claim, columns :data:`COLUMNS`: the claim, what was observed (in the
        claim's unit, with bounds when an input is rounded), the difference, the
        ``verdict``, the ``explanation`` and ``computation`` computed from the data,
        the observed source/vintage/confidence, and ``reproduced_by`` (what in the data
        gives a figure the primary series does not). ``attrs["source"]`` cites the
        register; ``attrs["datasets"]`` lists the provenance of every dataset used.

    Raises
    ------
    DataFormatError
        If the claims file is malformed (names file, row and column).
    """
    import pandas as pd

    from toolkit.claims.register import read_register

    register = claims if isinstance(claims, pd.DataFrame) else read_register(claims)
    data = DataSource(data_options)
    rows = [_audit_one(rec, data) for rec in register.to_dict("records")]
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    datasets = []
    for name, df in data.loaded().items():
        prov = dict(df.attrs.get("source", {}))
        prov["name"] = prov.get("name") or name
        datasets.append({k: str(v) for k, v in prov.items() if not isinstance(v, list | dict)})
    out.attrs["datasets"] = datasets
    out.attrs["register"] = register.attrs.get("register_path", "")
    return out


def verdict_counts(result, by: str = "theme"):
    """Count verdicts per ``by`` (theme or section), with a total row and column."""
    import pandas as pd

    table = pd.crosstab(result[by], result["verdict"], margins=True, margins_name="total")
    return table.reindex(columns=[*[v for v in VERDICTS if v in table.columns], "total"])


def summary_record(result) -> dict:
    """Return the audit in a few numbers (for the report index): totals by verdict and by theme."""
    counts = {v: int((result["verdict"] == v).sum()) for v in VERDICTS}
    themes = {}
    for theme, g in result.groupby("theme"):
        themes[str(theme)] = {v: int((g["verdict"] == v).sum()) for v in VERDICTS}
    # "order": the verdicts' order for the index (a saved notebook sorts a JSON output's keys)
    return {
        "claims": int(len(result)),
        "verdicts": counts,
        "themes": themes,
        "order": list(VERDICTS),
    }


def audit_from_notebook(nb) -> dict | None:
    """Return the audit summary an executed notebook displayed (``MIMETYPE``), if any."""
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            record = output.get("data", {}).get(MIMETYPE)
            if record:
                return dict(record)
    return None
