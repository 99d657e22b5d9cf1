"""Where the entity tables find the real lists, and the cache of what was read from them.

Every file is read through its source's own reader; a file's frame is kept in memory per
(path, size, modification time), and on disk (:mod:`toolkit.framecache`) per sha256 of the
file and of the reader's code, so a file changed on disk is read again.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from toolkit.errors import Unavailable
from toolkit.paths import SHARED_DATA_ENV, shared_data_dir

__all__ = ["CODE", "FILES", "file_key", "read_cached", "shared_path"]

#: The real files each list is read from, relative to the shared data folder.
FILES = {
    "ofac_sdn": "ofac-sdn-snapshots",
    "ofac_partial": "ofac-partial-sets",
    "ofac_consolidated": "ofac-lists/non-sdn-consolidated-2025-12",
    "un": "un-consolidated",
    "dfat": "dfat-consolidated/2024-11-11/regulation8_consolidated.xlsx",
    "opensanctions": "opensanctions-ua-war-sanctions/targets.simple.csv",
}


def shared_path(key: str) -> Path:
    """Return the real file or folder of ``key`` (a :data:`FILES` key).

    Raises
    ------
    Unavailable
        When the shared data folder or that file is absent, saying which and where.
    """
    root = shared_data_dir()
    rel = FILES[key]
    if root is None:
        raise Unavailable(
            f"{key}: no shared data folder (../shared/data beside the checkout, or "
            f"${SHARED_DATA_ENV}); the entity tables read the real lists there "
            f"({rel}, see PROVENANCE.md)"
        )
    path = root / rel
    if not path.exists():
        raise Unavailable(f"{key}: {path} is absent; the entity tables need it (PROVENANCE.md)")
    return path


#: Modules whose source every derived entity frame depends on (besides its own module).
CODE = (
    "toolkit.entities._data",
    "toolkit.entities.names",
    "toolkit.sources._ofac_csv",
    "toolkit.sources._ofac_lists",
    "toolkit.sources.ofac_sdn",
    "toolkit.sources.ofac_partial_sets",
    "toolkit.sources.ofac_consolidated",
    "toolkit.sources.un_consolidated",
    "toolkit.sources.dfat_consolidated",
    "toolkit.sources.opensanctions",
    "toolkit.sources._checks",
    "toolkit.themes.sanctions.ledger",
)


def file_key(path) -> tuple:
    """Return ``(path, size, mtime_ns)`` of a file, or of every file under a folder."""
    path = Path(path)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


#: Readers that keep their own disk cache (:mod:`toolkit.framecache`).
_SELF_CACHED = frozenset({"toolkit.sources.ofac_partial_sets:read_partial_sets"})


@lru_cache(maxsize=64)
def _read(reader: str, path: str, key: tuple, options: tuple):
    from importlib import import_module

    from toolkit.framecache import cached, tag

    module, name = reader.split(":")
    if reader in _SELF_CACHED:  # the reader keeps its own disk cache
        return getattr(import_module(module), name)(path, **dict(options))
    return cached(
        f"read-{name}-{tag(path)}",
        [path],
        lambda: getattr(import_module(module), name)(path, **dict(options)),
        code=(module, *CODE),
        params={"reader": reader, "options": [list(o) for o in options]},
    )


def read_cached(reader: str, path, **options):
    """Read ``path`` with ``reader`` (``"module:function"``), once per version of the file.

    The frame returned is shared between callers: copy it before changing it.
    """
    return _read(reader, str(path), file_key(path), tuple(sorted(options.items())))
