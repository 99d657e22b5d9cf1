"""Readers of official and research file formats, exactly as users download them.

Each module ``toolkit/sources/<key>.py`` reads one source and declares it once
(``SOURCE = Source(...)``, see :mod:`toolkit.sources._declare`). :func:`list_sources` returns
the declarations as a table; :func:`get_source` one of them. The readers are imported on
first use (``from toolkit.sources import read_sdn``), which keeps ``import toolkit`` light.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from pathlib import Path

from toolkit.errors import ParameterError, UnknownDatasetError

__all__ = [
    "default_path",
    "get_source",
    "list_sources",
    "source_keys",
]

#: Modules of this package that are machinery, not sources (no ``SOURCE`` declaration).
_MACHINERY = ("bulk", "fetch", "cache")

_SOURCES: dict = {}


def _declarations() -> dict:
    """Import every source module once and return ``{key: Source}``, sorted by key."""
    if not _SOURCES:
        found = {}
        for info in pkgutil.iter_modules(__path__):
            if info.name.startswith("_") or info.name in _MACHINERY or info.ispkg:
                continue
            module = importlib.import_module(f"{__name__}.{info.name}")
            src = getattr(module, "SOURCE", None)
            if src is None:
                continue
            if src.key != info.name:
                raise ValueError(f"toolkit/sources/{info.name}.py declares the key {src.key!r}")
            found[src.key] = src
        _SOURCES.update(sorted(found.items()))
    return _SOURCES


def source_keys() -> list[str]:
    """Return the keys of every declared source, sorted."""
    return list(_declarations())


def get_source(key: str):
    """Return the declaration of source ``key``.

    Raises
    ------
    UnknownDatasetError
        Listing the known keys (and the closest one, e.g. for an old hyphenated name).
    """
    known = _declarations()
    try:
        return known[key]
    except KeyError:
        close = difflib.get_close_matches(str(key).replace("-", "_"), list(known), n=1)
        hint = f"did you mean {close[0]!r}? source keys are snake_case" if close else ""
        raise UnknownDatasetError(key, list(known), hint=hint) from None


def list_sources():
    """Return one row per source: key, title, publisher, URLs, files, licence, format, reader.

    Returns
    -------
    pandas.DataFrame
        Columns ``key, title, publisher, urls, files, licence, format, reader,
        reads_folder, variants, shared`` (``urls``, ``files``, ``variants`` and ``shared``
        hold lists; ``urls`` is empty when no download URL is known, and ``url_note`` says
        why).
    """
    import pandas as pd

    rows = [
        {
            "key": s.key,
            "title": s.title,
            "publisher": s.publisher,
            "urls": s.urls(),
            "url_note": s.url_note,
            "files": list(s.files),
            "licence": s.licence,
            "format": s.format,
            "reader": s.reader,
            "reads_folder": s.reads_folder,
            "variants": list(s.variants),
            "shared": list(s.shared),
        }
        for s in _declarations().values()
    ]
    return pd.DataFrame(rows)


def default_path(key: str, path=None) -> Path:
    """Return ``path``, else the source's default file in the shared data folder.

    Raises
    ------
    ParameterError
        No ``path`` given and no shared data folder (or no default file declared).
    """
    if path:
        return Path(path)
    from toolkit.paths import SHARED_DATA_ENV, shared_data_dir

    src = get_source(key)
    default = src.dataset.default_file
    root = shared_data_dir()
    if root is None or not default:
        example = default or (src.files[0] if src.files else "...")
        raise ParameterError(
            f"no path given and no shared data folder (set ${SHARED_DATA_ENV}); "
            f"expected e.g. path='.../{example}'",
            source=f"load({key!r})",
            key="path",
        )
    return root / default


def _reader_names() -> dict[str, str]:
    """Return ``{reader function name: "module:function"}`` of every declared source."""
    return {s.reader.split(":")[1]: s.reader for s in _declarations().values()}


def __getattr__(name: str):
    if name.startswith("read_"):
        reader = _reader_names().get(name)
        if reader is not None:
            module, func = reader.split(":")
            return getattr(importlib.import_module(module), func)
    raise AttributeError(f"module 'toolkit.sources' has no attribute {name!r}")


def __dir__():
    return sorted(__all__ + list(_reader_names()))
