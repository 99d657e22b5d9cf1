"""The February-April 2025 US-Russia contacts (facts.md D20-D24), dated and cited per row."""

from __future__ import annotations

from toolkit.paths import embedded

__all__ = [
    "CONTACTS_FILE",
    "load_contacts",
]

CONTACTS_FILE = "us_russia_contacts_2025.csv"


def load_contacts(*, include_low: bool = False):
    """Return the 2025 US-Russia contacts: call, talks, prisoner release.

    Parameters
    ----------
    include_low : bool
        Keep rows of ``low`` confidence (none ship; excluded by default).

    Returns
    -------
    pandas.DataFrame
        ``contact_id``, ``date`` (datetime64), ``kind``, ``place``, ``description``,
        ``source_url``, ``publisher``, ``confidence``, ``fact_id``, ``note``; by date.
    """
    import pandas as pd

    df = pd.read_csv(embedded(CONTACTS_FILE), dtype=str, keep_default_na=False)
    df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
    if not include_low:
        df = df[df["confidence"] != "low"]
    return df.sort_values("date", ignore_index=True)
