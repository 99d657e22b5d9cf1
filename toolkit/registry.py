"""The dataset registry: every dataset declared once, with its provenance, and loaded by name."""

from __future__ import annotations

import importlib
import inspect
from dataclasses import asdict, dataclass, field
from typing import Any

from toolkit.errors import ParameterError, ToolkitError, UnknownDatasetError
from toolkit.fields import Column
from toolkit.periods import CADENCES, check_time, period_end

__all__ = [
    "CADENCES",
    "KINDS",
    "Column",
    "Dataset",
    "dataset_names",
    "get_dataset",
    "list_datasets",
    "load",
    "loaded_datasets",
    "period_end",
    "register",
]

KINDS = ("embedded", "reader")


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
        Declared schema; ``load`` checks that these columns are present, with their dtype.
    usage_warnings : tuple of str
        Caveats a researcher must know (mixed sources, partial years...).
    files : tuple of str
        The embedded files in ``toolkit/data/`` it is read from.
    derived_from : tuple of str
        Keys of the sources (:func:`toolkit.sources.list_sources`) the data were derived
        from; its publisher and URL are taken from their declarations.
    as_of : str, optional
        The latest period the data cover, as an ISO date or period (``"2024-06"``,
        ``"2026-06-02"``, ``"2024"``, ``"2024-Q2"``); None: not declared (the report says so).
    cadence : str, optional
        How often the publisher issues a new vintage, one of :data:`CADENCES`; the report
        flags data older than two cycles as stale. None: not declared.
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
    derived_from: tuple[str, ...] = ()
    as_of: str | None = None
    cadence: str | None = None

    def __post_init__(self):
        """Check the kind, the loader's form, the vintage period and the cadence."""
        if self.kind not in KINDS:
            raise ToolkitError(f"dataset {self.name!r}: kind must be one of {KINDS}")
        if ":" not in self.loader:
            raise ToolkitError(f"dataset {self.name!r}: loader must be 'module:function'")
        check_time(self.name, self.as_of, self.cadence)

    def provenance(self) -> dict[str, Any]:
        """Return the provenance record stored in ``df.attrs["source"]``."""
        keys = ("name", "title", "publisher", "source", "vintage", "licence", "kind", "citation",
                "as_of", "cadence")  # fmt: skip
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


def _reader_datasets(sources) -> list:
    """Return the catalog's reader datasets: one ``Dataset`` per declared source, named by its key."""
    out = []
    for s in sources:
        d = s.dataset
        where = s.urls()[0] if s.urls() else f"{s.files[0] if s.files else s.format}"
        note = "" if s.urls() else f" (no download URL known: {s.url_note})"
        out.append(
            Dataset(
                name=s.key,
                title=s.title,
                publisher=s.publisher,
                source=f"{where}{note}; read where the user keeps it (path=)",
                vintage=d.vintage,
                licence=s.licence,
                kind="reader",
                theme=d.theme,
                loader=f"toolkit.sources._load:{s.key}" if d.default_file else s.reader,
                citation=d.citation,
                description=d.description,
                columns=d.columns,
                usage_warnings=d.usage_warnings,
                as_of=d.as_of,
                cadence=d.cadence,
            )
        )
    return out


def _discover() -> None:
    """Import every declaration module and the sources' reader datasets (declarations, cheap)."""
    global _DISCOVERED
    if _DISCOVERED:
        return
    from toolkit.sources import get_source, source_keys

    for name in DECLARATION_MODULES:
        register(*getattr(importlib.import_module(name), "DATASETS", ()))
    register(*_reader_datasets(get_source(k) for k in source_keys()))
    keys = set(source_keys())
    for ds in _REGISTRY.values():
        unknown = set(ds.derived_from) - keys
        if unknown:
            raise ToolkitError(
                f"dataset {ds.name!r}: derived_from names no source {sorted(unknown)}"
            )
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
        Columns ``name, title, publisher, source, vintage, licence, kind, theme, as_of,
        cadence`` (the last two None when not declared).
    """
    import pandas as pd

    _discover()
    cols = ["name", "title", "publisher", "source", "vintage", "licence", "kind", "theme",
            "as_of", "cadence"]  # fmt: skip
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
    check_columns(name, ds.columns, df)
    extra = dict(df.attrs.get("source", {}))
    provenance = ds.provenance()
    provenance.update({k: v for k, v in extra.items() if k not in ("name",)})
    df.attrs["source"] = provenance
    _LOADED.setdefault(name, None)
    return df


def _is_int(series, types) -> bool:
    dtype = series.dtype
    if types.is_bool_dtype(dtype):
        return False
    if types.is_integer_dtype(dtype):
        return True
    values = series.dropna()
    return types.is_float_dtype(dtype) and bool((values == values.round()).all())


def _is_text(series, types) -> bool:
    dtype = series.dtype
    if isinstance(dtype, types.CategoricalDtype):
        return types.infer_dtype(dtype.categories, skipna=True) in ("string", "empty")
    if types.is_object_dtype(dtype):
        return types.infer_dtype(series, skipna=True) in ("string", "empty")
    return types.is_string_dtype(dtype)


def _is_date(series, types) -> bool:
    if types.is_datetime64_any_dtype(series.dtype):
        return True
    kinds = ("date", "datetime")
    return types.is_object_dtype(series.dtype) and types.infer_dtype(series, skipna=True) in kinds


def _holds(classes):
    def check(series, types) -> bool:
        values = series.to_numpy()
        return types.is_object_dtype(series.dtype) and all(isinstance(v, classes) for v in values)

    return check


#: How each declared dtype kind is recognised in a loaded column.
_DTYPE_CHECKS = {
    "int": _is_int,
    "float": lambda s, t: t.is_numeric_dtype(s.dtype) and not t.is_bool_dtype(s.dtype),
    "bool": lambda s, t: t.is_bool_dtype(s.dtype),
    "date": _is_date,
    "str": _is_text,
    "list": _holds(list | tuple),
    "dict": _holds(dict),
    "mixed": lambda s, t: True,
}


def _dtype_matches(kind: str, series) -> bool:
    """Whether a loaded column holds values of the declared dtype kind.

    Missing values are allowed everywhere: an ``int`` column may be a nullable ``Int64``
    or a float column whose values are all whole numbers (how pandas stores integers with
    NaN); a column with no value at all matches any kind.
    """
    from pandas.api import types

    if len(series) and series.isna().all():
        return True
    return _DTYPE_CHECKS[kind](series, types)


def check_columns(name: str, columns, df) -> None:
    """Check that ``df`` has each declared column, with its dtype.

    Raises
    ------
    ToolkitError
        Naming the dataset, and the missing column(s) or the column, the declared dtype and
        the dtype found.
    """
    missing = [c.name for c in columns if c.name not in df.columns]
    if missing:
        raise ToolkitError(f"dataset {name!r}: loader returned no column(s) {missing}")
    for col in columns:
        series = df[col.name]
        if not _dtype_matches(col.dtype, series):
            raise ToolkitError(
                f"dataset {name!r}: column {col.name!r} is declared {col.dtype} but the "
                f"loader returned dtype {series.dtype}"
            )


def loaded_datasets() -> list[str]:
    """Return the names of the datasets loaded in this process, in first-load order.

    The batch report lists them for each run, so a report names every dataset a
    notebook used, even one loaded inside a helper function and not kept.
    """
    return list(_LOADED)
