"""Provenance of computed datasets: tables a notebook computes from declared datasets.

A notebook sometimes hands on a table it computed (notebook 05 passes the product-group
sums of the Eurostat workbooks, ``cn8_group_totals``, to the claims audit). Such a table
is no registered dataset, but it is not undeclared either: its record names the declared
datasets it derives from (``derived_from``), takes its publishers, licences and cadence
from them, and states the latest period of its own data (``as_of``). The report's sources
appendix lists it as *computed*, beside its sources.
"""

from __future__ import annotations

__all__ = ["COMPUTED_KIND", "computed_provenance", "derived_names"]

#: ``kind`` of a computed dataset's record (registered datasets are embedded or reader).
COMPUTED_KIND = "computed"


def _join(values) -> str:
    return "; ".join(dict.fromkeys(str(v) for v in values if v))


def computed_provenance(name: str, *, title: str, derived_from, as_of=None, how: str = "") -> dict:
    """Return the provenance record (``df.attrs["source"]``) of a computed table.

    Parameters
    ----------
    name : str
        The name the table goes by (e.g. ``cn8_group_totals``); not a registered dataset.
    title : str
        What the table holds.
    derived_from : sequence of str
        Registered dataset names it is computed from, main input first.
    as_of : str, optional
        Latest period of its own data; default: the first source's declared ``as_of``.
    how : str, optional
        The function that computes it (named in ``source``).

    Returns
    -------
    dict
        ``name, title, publisher, source, vintage, licence, kind (computed), citation,
        as_of, cadence, derived_from`` (all text; ``derived_from`` comma-separated).

    Raises
    ------
    UnknownDatasetError
        If a name of ``derived_from`` is not a registered dataset.
    ParameterError
        If ``derived_from`` is empty or ``name`` is a registered dataset.
    """
    from toolkit.errors import ParameterError
    from toolkit.registry import dataset_names, get_dataset

    names = [str(n) for n in derived_from]
    if not names:
        raise ParameterError("a computed dataset derives from at least one", key=name)
    if name in dataset_names():
        raise ParameterError("a registered dataset is not computed", key=name)
    parents = [get_dataset(n) for n in names]
    by = f" by {how}" if how else ""
    return {
        "name": name,
        "title": title,
        "publisher": _join(p.publisher for p in parents),
        "source": f"computed{by} from {', '.join(names)}",
        "vintage": "computed at run time from " + _join(f"{p.name} ({p.vintage})" for p in parents),
        "licence": "as its sources: " + _join(f"{p.name}: {p.licence}" for p in parents),
        "kind": COMPUTED_KIND,
        "citation": _join(p.citation or p.title for p in parents),
        "as_of": str(as_of or parents[0].as_of or ""),
        "cadence": str(parents[0].cadence or ""),
        "derived_from": ", ".join(names),
    }


def derived_names(record: dict) -> list[str]:
    """Return the dataset names a provenance record says it derives from (may be empty)."""
    value = record.get("derived_from") or ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return [v.strip() for v in str(value).split(",") if v.strip()]
