"""The Parquet cache of :mod:`toolkit.sources.eurostat_cn8`: one converted table per set of workbooks.

``<cache>/eurostat-cn8/<key>/`` holds ``manifest.json`` (format version and the sha256 of every
source workbook) and the Parquet file it names. A cache whose manifest does not match the
workbooks, or that does not read, is never trusted: the caller converts again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.io import atomic_write

__all__ = ["CACHE_NAME", "cache_entry"]

#: Sub-folder of the cache that holds the converted tables.
CACHE_NAME = "eurostat-cn8"
#: Bumped whenever the conversion changes: a cache written by another version is rebuilt.
_FORMAT = 3
_META_KEY = "toolkit.eurostat_cn8.grid"


def _sha256(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError as exc:
        raise DataFormatError(path, f"cannot read the file: {exc}") from None


def cache_entry(files, cache=None) -> Path:
    """Return the cache folder of one set of source files (their resolved paths name it).

    Parameters
    ----------
    files : list of pathlib.Path
        As :func:`workbook_paths` returns them.
    cache : str or path-like, optional
        The cache root; default ``$SANCTIONS_TOOLKIT_CACHE`` or the platform's user cache.
    """
    from toolkit.sources.fetch import cache_dir

    key = hashlib.sha256("\n".join(str(f) for f in files).encode()).hexdigest()[:16]
    return cache_dir(cache) / CACHE_NAME / key


def _manifest(files) -> list[dict]:
    return [{"path": str(f), "bytes": f.stat().st_size, "sha256": _sha256(f)} for f in files]


def _cached(entry: Path, sources: list[dict]) -> Path | None:
    """Return the Parquet file of ``entry`` if its manifest matches ``sources``; else None."""
    try:
        manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != _FORMAT:
        return None
    if manifest.get("files") != sources:
        return None
    parquet = entry / str(manifest.get("parquet", ""))
    return parquet if parquet.is_file() and parquet.suffix == ".parquet" else None


def _grid_table(grid: dict):
    """Return the grid as an Arrow table: a float column per month, NaN where not a number.

    ``:`` cells and months a sheet lacks are both NaN (which is which is in the metadata:
    each sheet's months). NaN is stored as a plain double, not as an Arrow null: a cached
    read then takes each month's column as it is, without filling a validity mask (the
    file is also smaller: NaN compresses better than nulls with their definition levels).
    """
    import numpy as np
    import pyarrow as pa

    columns = {k: pa.array(grid[k]) for k in ("sheet_id", "reporter", "partner")}
    for j, period in enumerate(grid["meta"]["periods"]):
        columns[period] = pa.array(np.ascontiguousarray(grid["values"][:, j]))
    meta = {_META_KEY: json.dumps(grid["meta"], ensure_ascii=False)}
    return pa.table(columns).replace_schema_metadata(meta)


def _read_grid(parquet: Path) -> dict:
    """Read a grid written by :func:`_write`; ``ValueError``/``OSError`` if it is not one."""
    import numpy as np
    import pyarrow.parquet as pq

    table = pq.read_table(parquet)
    raw = (table.schema.metadata or {}).get(_META_KEY.encode())
    if raw is None:
        raise ValueError("no grid metadata")
    meta = json.loads(raw)
    grid = {"meta": meta}
    for key in ("sheet_id", "reporter", "partner"):
        grid[key] = table.column(key).to_numpy()
    values = np.empty((table.num_rows, len(meta["periods"])), order="F")  # month by month
    for j, period in enumerate(meta["periods"]):
        values[:, j] = table.column(period).to_numpy()  # NaN as stored
    months = np.zeros((len(meta["sheet_months"]), len(meta["periods"])), dtype=bool)
    for s, cols in enumerate(meta["sheet_months"]):
        months[s, cols] = True
    grid["values"] = values
    grid["present"] = np.asfortranarray(months[grid["sheet_id"]])
    return grid


def _write(entry: Path, grid: dict, sources: list[dict]) -> Path:
    """Write the Parquet under a fresh name, then the manifest (the commit point), atomically."""
    import pyarrow.parquet as pq

    entry.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=entry, prefix=".data-", suffix=".tmp")
    os.close(fd)
    try:
        pq.write_table(_grid_table(grid), tmp, compression="zstd")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp made it 0600; give it a plain file's mode
        name = f"data-{hashlib.sha256(tmp.encode() + os.urandom(8)).hexdigest()[:12]}.parquet"
        os.replace(tmp, entry / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    manifest = {
        "format": _FORMAT,
        "created_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "parquet": name,
        "grid_rows": int(len(grid["sheet_id"])),
        "files": sources,
    }
    atomic_write(entry / "manifest.json", json.dumps(manifest, indent=1) + "\n")
    for old in entry.glob("data-*.parquet"):  # earlier conversions, now unreferenced
        if old.name != name:
            old.unlink(missing_ok=True)
    return entry / name
