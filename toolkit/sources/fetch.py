"""Official sources downloaded into a user cache, with provenance, checked before they are used.

``sanctions-toolkit data fetch NAME`` downloads every file of one source into a new folder of
the cache, records for each file the URL, the retrieval time (UTC) and its sha256 in a JSON
sidecar, reads the files with the toolkit's own reader, and only then makes them the current
version; the version they replace is kept as ``previous``. A download that fails, times out
or does not read leaves the cache as it was.

The cache's layout, ``data status`` and the notebooks' ``source`` parameter are in
:mod:`toolkit.sources.cache`; the sources and their URLs are the declarations of
:mod:`toolkit.sources` (``SOURCE`` in each source module).

Plain ``urllib`` with a timeout on every network call is enough here; pooch was considered
and not used: it checks a download against a hash known in advance (official lists change
daily and publish none) and writes it straight into place, where this module must read a
download before it may replace the cached copy and must keep the copy it replaces.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from toolkit.errors import (
    DataFormatError,
    FetchError,
    ParameterError,
    UnknownDatasetError,
)
from toolkit.sources.cache import (
    CACHE_ENV,
    CURRENT,
    PREVIOUS,
    SOURCE_CHOICES,
    cache_dir,
    fetchable_sources,
    provenance_note,
    resolve_source,
    sidecar,
    status,
    version_records,
)

__all__ = [
    "BASE_URL_ENV",
    "CACHE_ENV",
    "DEFAULT_TIMEOUT",
    "SOURCES",
    "SOURCE_CHOICES",
    "FetchError",
    "FetchResult",
    "cache_dir",
    "fetch",
    "provenance_note",
    "resolve_source",
    "source",
    "status",
]

#: Environment variable replacing the official base URL of every source (mirrors, tests).
BASE_URL_ENV = "SANCTIONS_TOOLKIT_BASE_URL"
#: Seconds a connection or one read may stay silent; also bounds a whole file at 20 times it.
DEFAULT_TIMEOUT = 60.0
_CHUNK = 1 << 16
#: A refresh with more than this share fewer rows than the cached version is held back.
SHRINK_TOLERANCE = 0.10


#: The sources ``data fetch`` can download, by key (derived from the declarations).
SOURCES = fetchable_sources()


def source(name: str):
    """Return the fetchable source ``name``, or raise ``UnknownDatasetError`` listing them."""
    from toolkit.sources import get_source

    src = get_source(name)
    if not src.fetchable:
        raise UnknownDatasetError(name, list(SOURCES))
    return src


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _download(url: str, dest: Path, timeout: float) -> dict:
    """Stream ``url`` into ``dest``; return its size, sha256 and HTTP headers of note."""
    deadline = time.monotonic() + 20 * timeout
    request = urllib.request.Request(url, headers={"User-Agent": "sanctions-toolkit"})
    digest = hashlib.sha256()
    size = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            expected = response.headers.get("Content-Length")
            with open(dest, "wb") as fh:
                while True:
                    if time.monotonic() > deadline:
                        raise FetchError(
                            f"{url}: download took longer than {20 * timeout:g} s; stopped"
                        )
                    # read1 returns what has arrived: a server trickling a byte at a time
                    # cannot keep one read (and the deadline check) waiting for a full chunk
                    chunk = response.read1(_CHUNK)
                    if not chunk:
                        break
                    fh.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
            headers = {
                "last_modified": response.headers.get("Last-Modified"),
                "etag": response.headers.get("ETag"),
                "content_type": response.headers.get("Content-Type"),
            }
    except http.client.IncompleteRead as exc:
        raise FetchError(
            f"{url}: download cut short: {size + len(exc.partial)} bytes received, "
            f"{exc.expected} more expected"
        ) from None
    except http.client.HTTPException as exc:
        raise FetchError(f"{url}: bad HTTP answer ({type(exc).__name__}: {exc})") from None
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise FetchError(f"{url}: no answer within {timeout:g} s (timed out)") from None
        raise FetchError(f"{url}: cannot connect ({exc.reason})") from None
    except TimeoutError:
        raise FetchError(
            f"{url}: the server stopped sending for {timeout:g} s (timed out)"
        ) from None
    except OSError as exc:
        raise FetchError(f"{url}: connection failed ({exc})") from None
    if expected is not None and expected.isdigit() and int(expected) != size:
        raise FetchError(f"{url}: download cut short: {size} of {expected} bytes received")
    return {"bytes": size, "sha256": digest.hexdigest(), **headers}


def _validate(src, folder: Path, urls: dict[str, str]):
    """Read the downloaded files with the toolkit's reader; a DataFormatError names the URL."""
    read = src.read_function()
    target = folder if src.reads_folder else folder / src.files[0]
    try:
        return read(target)
    except DataFormatError as exc:
        file = Path(exc.path).name
        where = [f"line {exc.line}" if exc.line is not None else None]
        where += [f"row {exc.row}" if exc.row is not None else None]
        where += [f"column {exc.column!r}" if exc.column is not None else None]
        place = ", ".join(w for w in where if w)
        url = urls.get(file, urls[src.files[0]])
        raise FetchError(
            f"{url}{', ' + place if place else ''}: the download is not a valid {src.title}: "
            f"{exc.problem}"
        ) from None


def _write_json(path: Path, data: dict) -> None:
    from toolkit.io import atomic_write

    atomic_write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@dataclass
class FetchResult:
    """What a fetch did: the version folder now current and whether the files changed."""

    name: str
    folder: Path
    changed: bool
    files: list[dict]
    rows: int | None
    previous: Path | None


def fetch(
    name: str,
    *,
    variant: str | None = None,
    base_url: str | None = None,
    cache=None,
    timeout: float = DEFAULT_TIMEOUT,
    allow_shrink: bool = False,
):
    """Download source ``name`` into the cache, check it, and make it the current version.

    Parameters
    ----------
    name : str
        A key of :data:`SOURCES` (``ofac_sdn``, ``census_country``, ...).
    variant : str, optional
        For a source with variants (``opensanctions``: ``ua_war_sanctions``, ``sanctions``),
        which one; default the first. Each variant has its own cache folder ``KEY/VARIANT``.
    base_url : str, optional
        Replaces the official folder URL (a mirror; tests use a local server).
        Default ``$SANCTIONS_TOOLKIT_BASE_URL``, else the official URL.
    cache : path-like, optional
        The cache folder (default :func:`cache_dir`).
    timeout : float
        Seconds a connection or a read may stay silent; a whole file may take 20 times it.
    allow_shrink : bool
        Accept a version with more than :data:`SHRINK_TOLERANCE` fewer rows than the cached
        one (by default held back as suspect: a download cut at a record boundary reads as
        a valid, shorter file).

    Returns
    -------
    FetchResult

    Raises
    ------
    FetchError
        The download failed, timed out, was cut short or does not read with the toolkit's
        reader; the cache keeps its current and previous versions untouched.
    UnknownDatasetError
        ``name`` is not a known source.
    ParameterError
        A bad timeout or variant, or no URL known and none given.
    """
    src = source(name)
    try:
        slot = src.slot(variant)
    except ValueError as exc:
        raise ParameterError(str(exc), source="data fetch", key="variant") from None
    if timeout is None or timeout <= 0:
        raise ParameterError(
            f"timeout {timeout!r} must be a positive number of seconds", key="timeout"
        )
    base = base_url or os.environ.get(BASE_URL_ENV) or None
    if not (base or src.url):
        raise ParameterError(
            f"{name} has no official download URL known to the toolkit; pass --base-url "
            f"(or ${BASE_URL_ENV}) naming the folder that holds {src.files[0]}",
            source="data fetch",
            key="base_url",
        )
    root = cache_dir(cache) / slot
    root.mkdir(parents=True, exist_ok=True)
    lock = root / ".fetching"
    fd = _take_lock(lock, slot)
    with os.fdopen(fd, "w") as fh:
        fh.write(f"{os.getpid()}\n")
    try:
        # folders of downloads that a killed fetch left behind
        for stale in root.glob(".incoming-*"):
            shutil.rmtree(stale, ignore_errors=True)
        return _fetch_locked(src, slot, root, src.folder_url(variant, base), timeout, allow_shrink)
    finally:
        lock.unlink(missing_ok=True)


def _lock_owner(lock: Path) -> int | None:
    """Return the process id written in ``lock``, or None when it holds no number."""
    try:
        text = lock.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() and len(text) < 10 else None


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return True


def _take_lock(lock: Path, slot: str) -> int:
    """Create ``lock`` (this process's id in it); clear it first if its process is gone."""
    for _ in range(2):
        try:
            return os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            pid = _lock_owner(lock)
            if pid is None or _alive(pid):
                who = f"process {pid}" if pid else "a process that wrote no id"
                raise FetchError(
                    f"another fetch of {slot} is running ({who}; lock file {lock}: delete it if "
                    "no fetch is running)"
                ) from None
            print(
                f"sanctions-toolkit data fetch: cleared the lock of {slot} left by process {pid}, "
                f"which is gone ({lock})",
                file=sys.stderr,
            )
            lock.unlink(missing_ok=True)
    raise FetchError(f"cannot take the lock of {slot} ({lock})")


def _check_shrink(name: str, rows: int, old: dict, allow_shrink: bool) -> None:
    """Hold back a refresh with markedly fewer rows than the cached version (a cut download)."""
    before = max((r.get("rows") or 0 for r in old.values()), default=0)
    if allow_shrink or not before or rows >= before * (1 - SHRINK_TOLERANCE):
        return
    raise FetchError(
        f"{name}: the download reads to {rows:,} rows, {1 - rows / before:.0%} fewer than the "
        f"cached {before:,} (more than {SHRINK_TOLERANCE:.0%}): held back as suspect, a file "
        "cut at a record boundary looks like this; pass --allow-shrink if the source really shrank"
    )


def _fetch_locked(
    src, name: str, root: Path, folder_url: str, timeout: float, allow_shrink: bool = False
) -> FetchResult:
    incoming = Path(tempfile.mkdtemp(prefix=".incoming-", dir=root))
    try:
        records, urls = [], {}
        for file in src.files:
            url = folder_url.rstrip("/") + "/" + file
            urls[file] = url
            retrieved = _now()
            info = _download(url, incoming / file, timeout)
            records.append(
                {"source": name, "file": file, "url": url, "retrieved_at": retrieved, **info}
            )
        frame = _validate(src, incoming, urls)
        rows = len(frame)
        current, previous = root / CURRENT, root / PREVIOUS
        old = {r["file"]: r for r in version_records(current)}
        if old and all(old.get(r["file"], {}).get("sha256") == r["sha256"] for r in records):
            # the same files again: keep both versions, note when they were last checked
            checked = _now()
            for r in old.values():
                r["last_checked_at"] = checked
                _write_json(sidecar(current / r["file"]), r)
            return FetchResult(name, current, False, list(old.values()), rows, _existing(previous))
        _check_shrink(name, rows, old, allow_shrink)
        for r in records:
            r.update({"validated_with": src.reader.replace(":", "."), "rows": rows})
            _write_json(sidecar(incoming / r["file"]), r)
        if current.exists():
            if previous.exists():
                shutil.rmtree(previous)
            os.replace(current, previous)
        os.replace(incoming, current)
        return FetchResult(name, current, True, records, rows, _existing(previous))
    finally:
        if incoming.exists():
            shutil.rmtree(incoming, ignore_errors=True)


def _existing(path: Path) -> Path | None:
    return path if path.exists() else None
