"""The commentary's easing outlook (likely first, possible, will stay) mapped onto ``measures``."""

from __future__ import annotations

from toolkit.themes.easing.tables import check_choices, read_embedded_csv

__all__ = ["OUTLOOKS", "load_easing_outlook", "outlook_measures"]


OUTLOOKS = ("likely first", "possible", "will stay")


def load_easing_outlook():
    """Return the commentary's easing outlook by measure type (likely first / possible / will stay).

    Returns
    -------
    pandas.DataFrame
        ``outlook_id, outlook, item, description`` (paraphrased), ``categories``
        and ``measure_ids`` (;-joined, how the item maps onto ``measures``),
        ``mapping_note, context_fact_ids, claim_source``.
    """
    cols = (
        "outlook_id",
        "outlook",
        "item",
        "description",
        "categories",
        "measure_ids",
        "mapping_note",
        "context_fact_ids",
        "claim_source",
    )
    df, path = read_embedded_csv("easing_outlook.csv", cols, dtype=str, keep_default_na=False)
    check_choices(df, path, "outlook", OUTLOOKS)
    return df[list(cols)]


def outlook_measures(outlook, measures):
    """Map each outlook item onto the rows of ``measures`` (by category or explicit id).

    Parameters
    ----------
    outlook : pandas.DataFrame
        The ``easing_outlook`` dataset (or some of its rows).
    measures : pandas.DataFrame
        The ``measures`` dataset.

    Returns
    -------
    pandas.DataFrame
        ``outlook_id, outlook, item, measure_id, matched_by`` (``id`` or
        ``category``); items with no matching measure keep one row with NaN id.
    """
    import pandas as pd

    cats = measures.set_index("measure_id")["categories"].fillna("").str.split(";")
    rows = []
    for item in outlook.itertuples():
        hits = {}
        for mid in filter(None, item.measure_ids.split(";")):
            hits[mid] = "id"
        wanted = set(filter(None, item.categories.split(";")))
        for mid, its in cats.items():
            if wanted & set(its) and mid not in hits:
                hits[mid] = "category"
        if not hits:
            hits = {None: None}
        for mid, how in hits.items():
            rows.append(
                {
                    "outlook_id": item.outlook_id,
                    "outlook": item.outlook,
                    "item": item.item,
                    "measure_id": mid,
                    "matched_by": how,
                }
            )
    return pd.DataFrame(rows)
