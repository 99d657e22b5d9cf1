"""US-Russia trade in 2025: the partial-year figures facts.md records (medium), beside 2024."""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.paths import embedded

__all__ = ["load_trade_2025", "year_to_date"]

FILE = "us_russia_trade_2025.csv"


def load_trade_2025(*, projections: bool = True):
    """Load the 2025 US-Russia trade figures cited in facts.md (A45, E78; medium confidence).

    Parameters
    ----------
    projections : bool
        Keep the rows that are projections, not measured figures (``is_projection``).

    Returns
    -------
    pandas.DataFrame
        ``period, period_start, period_end`` (``YYYY-MM``), ``flow`` (US view),
        ``measure`` (``value`` in USD million or ``change_pct`` on the same months of
        2024), ``value``, ``unit``, ``approx`` (a rounded or "nearly" figure),
        ``is_projection``, ``publisher``, ``source_url``, ``confidence``, ``fact_id``,
        ``note``. No full-year 2025 Census figure is recorded (facts.md E.10).
    """
    import pandas as pd

    df = pd.read_csv(embedded(FILE), dtype={"period_start": str, "period_end": str})
    if not projections:
        df = df[~df.is_projection].reset_index(drop=True)
    df.attrs["source"] = {
        "publisher": " / ".join(dict.fromkeys(df.publisher)),
        "title": "US-Russia goods trade in 2025, partial year (press-quoted Census data)",
        "vintage": f"to {df[~df.is_projection].period_end.max()}",
        "sources": dict(zip(df.fact_id, df.source_url, strict=True)),
    }
    return df


def year_to_date(recent, monthly):
    """Return each measured 2025 year-to-date value beside the same months of 2024 (Census).

    Parameters
    ----------
    recent : pandas.DataFrame
        :func:`load_trade_2025`.
    monthly : pandas.DataFrame
        Monthly US-Russia trade (:func:`~toolkit.themes.trade.series.load_us_russia_trade`
        with ``freq="monthly"``), which must hold every month of 2024 compared.

    Returns
    -------
    pandas.DataFrame
        ``period, flow, months, value_2024_usd_m`` (Census), ``value_2025_usd_m``
        (facts.md, medium), ``change_pct``, ``fact_id``, ``confidence``.

    Raises
    ------
    ParameterError
        When a month of 2024 compared is missing from ``monthly``.
    """
    import pandas as pd

    rows = []
    values = recent[(recent.measure == "value") & ~recent.is_projection]
    for r in values.itertuples():
        first, last = int(r.period_start[5:]), int(r.period_end[5:])
        m = monthly[(monthly.year == 2024) & monthly.month.between(first, last)]
        m = m[m.flow == r.flow].value_usd_m
        if len(m) != last - first + 1 or m.isna().any():
            raise ParameterError(
                f"monthly data lack 2024 months {first}-{last} of {r.flow}",
                source="year_to_date",
                key="monthly",
            )
        base = float(m.sum())
        rows.append(
            {
                "period": r.period,
                "flow": r.flow,
                "months": last - first + 1,
                "value_2024_usd_m": base,
                "value_2025_usd_m": float(r.value),
                "change_pct": (float(r.value) / base - 1) * 100,
                "fact_id": r.fact_id,
                "confidence": r.confidence,
            }
        )
    return pd.DataFrame(rows)
