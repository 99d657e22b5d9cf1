"""The dataset registry: every dataset declared once, with its provenance, and loaded by name."""

from __future__ import annotations

import importlib
import inspect
from dataclasses import asdict, dataclass, field
from typing import Any

from toolkit.errors import ParameterError, ToolkitError, UnknownDatasetError

KINDS = ("embedded", "reader")


@dataclass(frozen=True)
class Column:
    """One declared column of a dataset: name, dtype kind, unit and meaning."""

    name: str
    dtype: str  # "int", "float", "str", "date", "bool", "list"
    unit: str = ""
    description: str = ""


@dataclass(frozen=True)
class Dataset:
    """A dataset's declaration: what it is, who published it, and how to load it.

    Parameters
    ----------
    name : str
        Registry key, snake_case.
    title, publisher : str
        What the data is and who published it (the original publisher).
    source : str
        URL of the original, or the file it was read from.
    vintage : str
        Data vintage or retrieval date as published (ISO date or period), never invented.
    licence : str
        Licence or terms of the data.
    kind : {"embedded", "reader"}
        ``embedded``: curated data shipped in ``toolkit/data/``; ``reader``: an
        official file read where the user keeps it (``path=`` option).
    theme : str
        Notebook theme it belongs to (``trade``, ``sanctions``, ``resilience``,
        ``easing``, ``common``).
    loader : str
        ``"module:function"`` returning a DataFrame; imported only when loaded.
    citation : str
        How to cite it in a report.
    columns : tuple of Column
        Declared schema; ``load`` checks that these columns are present.
    usage_warnings : tuple of str
        Caveats a researcher must know (mixed sources, partial years...).
    """

    name: str
    title: str
    publisher: str
    source: str
    vintage: str
    licence: str
    kind: str
    theme: str
    loader: str
    citation: str = ""
    description: str = ""
    columns: tuple[Column, ...] = ()
    usage_warnings: tuple[str, ...] = ()
    files: tuple[str, ...] = field(default=())

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ToolkitError(f"dataset {self.name!r}: kind must be one of {KINDS}")
        if ":" not in self.loader:
            raise ToolkitError(f"dataset {self.name!r}: loader must be 'module:function'")

    def provenance(self) -> dict[str, Any]:
        """Return the provenance record stored in ``df.attrs["source"]``."""
        keys = ("name", "title", "publisher", "source", "vintage", "licence", "kind", "citation")
        record = {k: getattr(self, k) for k in keys}
        record["usage_warnings"] = list(self.usage_warnings)
        return record

    def load_function(self):
        """Import and return the loader callable."""
        module, func = self.loader.split(":")
        return getattr(importlib.import_module(module), func)


_REGISTRY: dict[str, Dataset] = {}
_DISCOVERED = False
_LOADED: dict[str, None] = {}  # names loaded in this process, in first-load order


def register(*datasets: Dataset) -> None:
    """Add datasets to the registry; a name declared twice is an error."""
    for ds in datasets:
        if ds.name in _REGISTRY and _REGISTRY[ds.name] != ds:
            raise ToolkitError(f"dataset {ds.name!r} is declared twice")
        _REGISTRY[ds.name] = ds


#: Modules holding dataset declarations (``DATASETS``): one per theme, plus the claims register.
DECLARATION_MODULES = (
    "toolkit.claims.datasets",
    "toolkit.themes.easing.datasets",
    "toolkit.themes.resilience.datasets",
    "toolkit.themes.sanctions.datasets",
    "toolkit.themes.trade.datasets",
)


def _discover() -> None:
    """Import every declaration module (pure declarations, cheap)."""
    global _DISCOVERED
    if _DISCOVERED:
        return
    for name in DECLARATION_MODULES:
        register(*getattr(importlib.import_module(name), "DATASETS", ()))
    _DISCOVERED = True


def get_dataset(name: str) -> Dataset:
    """Return the declaration of ``name``; unknown names list the known ones."""
    _discover()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownDatasetError(name, list(_REGISTRY)) from None


def dataset_names() -> list[str]:
    """Return the registered dataset names, sorted."""
    _discover()
    return sorted(_REGISTRY)


def list_datasets(theme: str | None = None):
    """Return one row per dataset with its provenance.

    Parameters
    ----------
    theme : str, optional
        Keep only the datasets of one theme.

    Returns
    -------
    pandas.DataFrame
        Columns ``name, title, publisher, source, vintage, licence, kind, theme``.
    """
    import pandas as pd

    _discover()
    cols = ["name", "title", "publisher", "source", "vintage", "licence", "kind", "theme"]
    rows = [{c: asdict(ds)[c] for c in cols} for ds in _REGISTRY.values()]
    df = pd.DataFrame(rows, columns=cols).sort_values(["theme", "name"], ignore_index=True)
    if theme is not None:
        df = df[df["theme"] == theme].reset_index(drop=True)
    return df


def load(name: str, **options):
    """Load a dataset by name as a tidy DataFrame carrying its provenance.

    Parameters
    ----------
    name : str
        A registered dataset (see :func:`list_datasets`).
    **options
        Passed to the dataset's loader (e.g. ``freq="monthly"``, ``path=...``).

    Returns
    -------
    pandas.DataFrame
        With ``df.attrs["source"]`` holding publisher, title, source, vintage,
        licence and citation.

    Raises
    ------
    UnknownDatasetError
        If ``name`` is not registered.
    ParameterError
        If an option is not accepted by the dataset's loader.
    """
    ds = get_dataset(name)
    func = ds.load_function()
    params = inspect.signature(func).parameters
    if not any(p.kind is p.VAR_KEYWORD for p in params.values()):
        keyword = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        accepted = [n for n, p in params.items() if p.kind in keyword]
        for key in options:
            if key not in accepted:
                raise ParameterError(
                    f"unknown option; dataset {name!r} accepts: {', '.join(accepted) or 'none'}",
                    source=f"load({name!r})",
                    key=key,
                )
    df = func(**options)
    missing = [c.name for c in ds.columns if c.name not in df.columns]
    if missing:
        raise ToolkitError(f"dataset {name!r}: loader returned no column(s) {missing}")
    extra = dict(df.attrs.get("source", {}))
    provenance = ds.provenance()
    provenance.update({k: v for k, v in extra.items() if k not in ("name",)})
    df.attrs["source"] = provenance
    _LOADED.setdefault(name, None)
    return df


def loaded_datasets() -> list[str]:
    """Return the names of the datasets loaded in this process, in first-load order.

    The batch report lists them for each run, so a report names every dataset a
    notebook used, even one loaded inside a helper function and not kept.
    """
    return list(_LOADED)
