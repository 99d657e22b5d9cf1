"""The batch report's probe: runs last in a notebook's kernel and reports the datasets it used."""

from __future__ import annotations

__all__ = ["MIMETYPE", "SOURCE", "TAG", "datasets_in", "emit"]

#: MIME type of the probe's output; the runner reads it and removes the probe cell.
MIMETYPE = "application/vnd.sanctions-toolkit.datasets+json"

#: Tag of the cell the runner appends to each notebook.
TAG = "sanctions-toolkit-probe"

#: Source of that cell.
SOURCE = "import toolkit.report.probe as _tk_probe\n_tk_probe.emit(globals())\ndel _tk_probe"

_KEYS = (
    "name", "title", "publisher", "source", "vintage", "licence", "kind", "citation", "as_of",
    "cadence", "derived_from",
)  # fmt: skip


def _provenance(obj):
    attrs = getattr(obj, "attrs", None)
    if not isinstance(attrs, dict):
        return None
    source = attrs.get("source")
    if isinstance(source, dict) and source.get("name"):
        return {k: source.get(k, "") for k in _KEYS}
    return None


def _visit(obj, found: dict, depth: int = 0) -> None:
    """Record the provenance of ``obj``, or of the values one level inside it, in ``found``."""
    record = _provenance(obj)
    if record is not None:
        found.setdefault(record["name"], record)
        return
    if depth > 0:
        return
    if isinstance(obj, dict):
        inside = list(obj.values())
    elif isinstance(obj, list | tuple):
        inside = obj[:1000]
    elif hasattr(obj, "last_table"):
        inside = [getattr(obj, "last_table", None)]  # a widget view's current table
    else:
        inside = []
    for value in inside:
        _visit(value, found, 1)


def _add_sources_of_computed(found: dict) -> None:
    """Add the declared datasets a computed table derives from (its sources are used too)."""
    from toolkit.provenance import derived_names

    for record in list(found.values()):
        for name in derived_names(record):
            if name in found:
                continue
            try:
                from toolkit import registry

                found[name] = {k: "" for k in _KEYS} | registry.get_dataset(name).provenance()
            except Exception:  # noqa: BLE001 (the probe must never fail a report)
                continue


def datasets_in(namespace: dict) -> list[dict]:
    """Return the provenance of every dataset reachable from a namespace.

    Every object loaded through :func:`toolkit.load` carries ``attrs["source"]``
    (pandas keeps it on most derived frames); this looks at the namespace's values
    and one level inside dicts, lists and tuples, plus the names the registry
    recorded if it keeps such a record.

    Parameters
    ----------
    namespace : dict
        Usually the notebook's ``globals()``.

    Returns
    -------
    list of dict
        One record per dataset name (``name, title, publisher, source, vintage,
        licence, kind, citation, as_of, cadence, derived_from``), sorted by name; a
        computed table (:mod:`toolkit.provenance`) brings the datasets it derives from.
    """
    found: dict[str, dict] = {}
    for name, value in list(namespace.items()):
        if not name.startswith("_"):
            _visit(value, found)
    try:  # the registry may record every load() of this process
        from toolkit import registry

        recorded = getattr(registry, "loaded_datasets", None)
        for name in recorded() if callable(recorded) else ():
            if name not in found:
                found[name] = {k: "" for k in _KEYS} | registry.get_dataset(name).provenance()
    except Exception:  # noqa: BLE001 (the probe must never fail a report)
        pass
    _add_sources_of_computed(found)
    # an undeclared as_of/cadence (None) is an empty text, as every missing key
    return [{k: str(found[n].get(k) or "") for k in _KEYS} for n in sorted(found)]


def emit(namespace: dict) -> None:
    """Display the datasets found in ``namespace`` under :data:`MIMETYPE`."""
    from IPython.display import display

    records = datasets_in(namespace)
    text = ", ".join(r["name"] for r in records) or "no registered dataset"
    display({MIMETYPE: records, "text/plain": f"datasets used: {text}"}, raw=True)
