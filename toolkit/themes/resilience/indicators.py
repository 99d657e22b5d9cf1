"""The commentary's resilience factors and the cited indicators that measure them."""

from __future__ import annotations

from toolkit.errors import DataFormatError, ParameterError
from toolkit.fields import COMMENTARY  # re-exported: where the commentary makes these points
from toolkit.paths import embedded

__all__ = [
    "COMMENTARY",
    "CONFIDENCE",
    "FACTORS",
    "FORWARD_LOOKING",
    "INDICATORS_FILE",
    "cite_rows",
    "factor_coverage",
    "latest_period",
    "load_indicators",
    "readable",
]


INDICATORS_FILE = "resilience_indicators.csv"


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
    "monetary_policy": ("context", "the Bank of Russia key rate"),
    "frozen_assets": ("damage", "assets frozen abroad"),
    "oil_gas_revenue": ("damage", "swings in oil-and-gas budget revenue"),
}


CONFIDENCE = ("high", "medium", "low")


def _period_end(period: str):
    """Return the last day of a period (NaT if the period is not written in a known form).

    The forms read are ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY-Qn``,
    ``YYYY-H1``/``H2`` and ``A/B`` (the end of ``B``).
    """
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
    """Load the cited resilience indicators (facts.md groups B, C and E).

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
        From :func:`~toolkit.themes.resilience.mirror.load_mirror_trade`; its rows count for ``third_countries``
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


def readable(rows):
    """Return indicator rows as a reader's table: what, period, figure (value, unit), publisher.

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of :func:`load_indicators`.

    Returns
    -------
    pandas.DataFrame
        ``what, period, figure, basis, publisher, confidence``: ``figure`` joins the
        qualifier, the value and the unit ("≈399 participants"); a dated milestone reads
        "dated milestone" instead of an empty value; ``basis`` is "" where the row has none.
    """
    import pandas as pd

    def figure(r) -> str:
        if r["unit"] == "date" or pd.isna(r["value"]):
            return "dated milestone"
        if r["unit"] == "year":
            return f"{r['value']:.0f}"
        qualifier = {"range from": "from", "range to": "to"}.get(r["qualifier"], r["qualifier"])
        if qualifier[-1:].isalpha():
            qualifier += " "  # "up to 210", but "≈210"
        v = float(r["value"])
        value = f"{v:,.0f}" if v.is_integer() else f"{v:,}"
        return f"{qualifier}{value} {r['unit']}".strip()

    return pd.DataFrame(
        {
            "what": rows["label"].to_numpy(),
            "period": rows["period"].astype(str).to_numpy(),
            "figure": [figure(r) for _, r in rows.iterrows()],
            "basis": rows["basis"].fillna("").to_numpy(),
            "publisher": rows["publisher"].to_numpy(),
            "confidence": rows["confidence"].to_numpy(),
        }
    )


#: Indicators whose period is a plan or a programme's span, not the date of an observation:
#: never the data vintage ("2026" of a budget plan, "2024/2027" of the ERA loans).
FORWARD_LOOKING = ("oil_gas_revenue_plan", "g7_era_loans")


def latest_period(rows) -> str:
    """Return the latest dated period of indicator rows: their data vintage ("2026-02").

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of :func:`load_indicators`; rows without a date (``pre-2022``) and plans or
        spans (:data:`FORWARD_LOOKING`) are passed over.

    Returns
    -------
    str
    """
    observed = rows[~rows["indicator"].isin(FORWARD_LOOKING)]
    dated = observed.dropna(subset="period_end_date").sort_values("period_end_date")
    return str(dated["period"].iloc[-1])


def cite_rows(rows) -> str:
    """Return a short citation of indicator rows: their publishers, then their facts.md rows.

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of :func:`load_indicators`.

    Returns
    -------
    str
        ``"Euroclear (results release); Euroclear, via press (facts.md B64, B65)"``.
    """
    publishers = "; ".join(dict.fromkeys(rows["publisher"]))
    return f"{publishers} (facts.md {', '.join(dict.fromkeys(rows['fact_id']))})"
