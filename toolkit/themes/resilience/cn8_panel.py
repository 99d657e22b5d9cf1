"""Product-level trade summed into groups: the panel every circumvention function starts from.

:func:`group_totals` turns the tidy table of
:func:`toolkit.sources.eurostat_cn8.read_eurostat_cn8` (16 million rows for the shared
workbooks) into monthly sums per member state, partner and product group, counting the ``:``
cells it could not add. Re-exported by :mod:`toolkit.themes.resilience.circumvention`.
"""

from __future__ import annotations

import numpy as np

__all__ = ["BELARUS", "GROUP_TOTALS_NAME", "RUSSIA", "group_totals", "short_name"]

RUSSIA = "Russia"
BELARUS = "Belarus"
_NAMES = {"Russian Federation (Russia)": RUSSIA, "Belarus (Belorussia)": BELARUS}
_KEYS = ["reporter", "partner", "group"]


def short_name(label: str) -> str:
    """Return a country's short name: ``'Russian Federation (Russia)'`` -> ``'Russia'``.

    Other labels lose their parenthesis (``"Germany (incl. German Democratic Republic 'DD'
    from 1991)"`` -> ``'Germany'``).
    """
    label = str(label).strip()
    return _NAMES.get(label, label.split(" (")[0].strip())


def _categorical(column):
    """Return ``(codes, labels)`` of a column, categorical or not (labels as text)."""
    import pandas as pd

    cat = column.array if isinstance(column.dtype, pd.CategoricalDtype) else pd.Categorical(column)
    return np.asarray(cat.codes, dtype=np.int64), [str(c) for c in cat.categories]


def group_totals(data, groups, *, flow: str = "EXPORT"):
    """Sum products into groups per reporter, partner and month.

    Sparse sums over product x (reporter, partner, month) cells, then one product-to-group
    matrix product: a product in several groups counts once in each, and 16 million rows
    are summed without a merge.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy table with ``reporter, partner, product_code, flow, period, value_eur``.
    groups : pandas.DataFrame
        ``group, product_code`` (:func:`.groupings.product_groups`).
    flow : str
        ``EXPORT`` or ``IMPORT``.

    Returns
    -------
    pandas.DataFrame
        ``reporter, partner, group, period, value_eur, cells, cells_missing``: countries by
        short name; ``value_eur`` sums the known cells (NaN if none is known);
        ``cells_missing`` counts the ``:`` cells left out of the sum.
    """
    import pandas as pd
    from scipy import sparse

    rep, reporters = _categorical(data["reporter"])
    par, partners = _categorical(data["partner"])
    per, periods = _categorical(data["period"])
    prod, products = _categorical(data["product_code"])
    names = sorted(set(groups["group"]))
    index = {c: i for i, c in enumerate(products)}
    pairs = [
        (names.index(g), index[c])
        for g, c in zip(groups["group"], groups["product_code"], strict=True)
        if c in index
    ]
    member = sparse.csr_matrix(
        (np.ones(len(pairs)), ([g for g, _ in pairs], [p for _, p in pairs])),
        shape=(len(names), max(len(products), 1)),
    )
    member.data[:] = 1.0  # a product listed twice in one group still counts once
    in_any = np.zeros(len(products), dtype=bool)
    in_any[[p for _, p in pairs]] = True
    flows, flow_labels = _categorical(data["flow"])
    wanted = flow_labels.index(flow) if flow in flow_labels else -2
    rows = (flows == wanted) & (prod >= 0) & in_any[prod]
    values = data["value_eur"].to_numpy(dtype=float)
    n_cells = len(reporters) * len(partners) * len(periods)
    key = (rep * len(partners) + par) * len(periods) + per
    known = rows & ~np.isnan(values)
    shape = (len(products), n_cells)
    sums = sparse.csr_matrix((values[known], (prod[known], key[known])), shape=shape)
    counts = sparse.csr_matrix((np.ones(known.sum()), (prod[known], key[known])), shape=shape)
    cells = np.bincount(prod[rows] * n_cells + key[rows], minlength=shape[0] * n_cells)
    total = np.asarray(member @ cells.reshape(shape), dtype=np.int64)
    sums = (member @ sums).toarray()
    counts = np.rint((member @ counts).toarray()).astype(np.int64)
    g, k = np.nonzero(total)
    r, rest = np.divmod(k, len(partners) * len(periods))
    q, t = np.divmod(rest, len(periods))
    out = pd.DataFrame(
        {
            "reporter": np.array([short_name(x) for x in reporters], dtype=object)[r],
            "partner": np.array([short_name(x) for x in partners], dtype=object)[q],
            "group": np.array(names, dtype=object)[g],
            "period": np.array(periods, dtype=object)[t],
            "value_eur": np.where(counts[g, k] > 0, sums[g, k], np.nan),
            "cells": total[g, k],
            "cells_missing": total[g, k] - counts[g, k],
        }
    )
    out = out.sort_values([*_KEYS, "period"], ignore_index=True)
    out.attrs["source"] = _provenance(out)
    return out


#: The name the group sums go by (the claims audit's dataset name, the report's appendix).
GROUP_TOTALS_NAME = "cn8_group_totals"


def _provenance(out) -> dict:
    """Return the group sums' record: computed from the workbooks and the CHPL."""
    from toolkit.provenance import computed_provenance

    known = out.loc[out["value_eur"].notna(), "period"]
    return computed_provenance(
        GROUP_TOTALS_NAME,
        title="EU-27 member states' monthly exports summed by product group (CHPL tiers, "
        "HS chapters, the repository author's list) and partner, EUR",
        derived_from=("eurostat_cn8", "chpl"),
        as_of=str(known.max()) if len(known) else None,
        how="toolkit.themes.resilience.cn8_panel.group_totals",
    )
