"""Official sources downloaded into a user cache, with provenance, checked before they are used.

``sanctions-toolkit data fetch NAME`` downloads every file of one source into a new folder of
the cache, records for each file the URL, the retrieval time (UTC) and its sha256 in a JSON
sidecar, reads the files with the toolkit's own reader, and only then makes them the current
version; the version they replace is kept as ``previous``. A download that fails, times out
or does not read leaves the cache as it was.

Layout of the cache (``$SANCTIONS_TOOLKIT_CACHE``, else the platform's user cache folder)::

    <cache>/<NAME>/current/<file>        the files of the version in use
    <cache>/<NAME>/current/<file>.json   its sidecar: url, retrieved_at, sha256, bytes, ...
    <cache>/<NAME>/previous/...          the version before it

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
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from toolkit.errors import DataFormatError, ParameterError, ToolkitError, UnknownDatasetError

#: Environment variable naming the cache folder.
CACHE_ENV = "SANCTIONS_TOOLKIT_CACHE"
#: Environment variable replacing the official base URL of every source (mirrors, tests).
BASE_URL_ENV = "SANCTIONS_TOOLKIT_BASE_URL"
#: Seconds a connection or one read may stay silent; also bounds a whole file at 20 times it.
DEFAULT_TIMEOUT = 60.0
CURRENT, PREVIOUS = "current", "previous"
_CHUNK = 1 << 16


class FetchError(ToolkitError):
    """A download that failed, timed out or did not read; the cached copy is unchanged."""


@dataclass(frozen=True)
class Source:
    """One official source: where its files are published and which reader checks them.

    Parameters
    ----------
    name : str
        The name ``data fetch`` takes.
    title, publisher : str
    base_url : str
        The official folder URL the file names are appended to.
    files : tuple of str
        The files downloaded together; the first is the main one.
    reader : str
        ``"module:function"`` called on the version folder (a list set) or the main file.
    reads_folder : bool
        The reader takes the folder (OFAC list sets with their companions).
    url_source : str
        Where the official URL is documented.
    """

    name: str
    title: str
    publisher: str
    base_url: str
    files: tuple[str, ...]
    reader: str
    reads_folder: bool = False
    url_source: str = ""

    def url(self, file: str, base_url: str | None = None) -> str:
        base = base_url or self.base_url
        return base.rstrip("/") + "/" + file


_OFAC = "https://www.treasury.gov/ofac/downloads/"
SOURCES = {
    s.name: s
    for s in (
        Source(
            "ofac-sdn",
            "OFAC Specially Designated Nationals list, legacy CSV with companions",
            "US Treasury, Office of Foreign Assets Control (OFAC)",
            _OFAC,
            ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"),
            "toolkit.sources.ofac_sdn:read_sdn",
            reads_folder=True,
            url_source="toolkit/themes/sanctions/datasets.py (ofac_sdn); PROVENANCE.md ofac-sdn-snapshots",
        ),
        Source(
            "ofac-consolidated",
            "OFAC Consolidated (non-SDN) list, legacy CSV with companions",
            "US Treasury, Office of Foreign Assets Control (OFAC)",
            _OFAC + "consolidated/",
            ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
            "toolkit.sources.ofac_sdn:read_consolidated",
            reads_folder=True,
            url_source="toolkit/themes/sanctions/datasets.py (ofac_consolidated)",
        ),
        Source(
            "census-country",
            "US trade in goods by country (country.xlsx), USD million",
            "US Census Bureau, Foreign Trade Division",
            "https://www.census.gov/foreign-trade/balance/",
            ("country.xlsx",),
            "toolkit.sources.census_country:read_census_country",
            url_source="facts.md (open issue 1); toolkit/sources/census_country.py",
        ),
        Source(
            "opensanctions-ua-war-sanctions",
            "OpenSanctions export of Ukraine's War and Sanctions dataset (targets.simple.csv)",
            "OpenSanctions (data licence CC BY-NC 4.0)",
            "https://data.opensanctions.org/datasets/latest/ua_war_sanctions/",
            ("targets.simple.csv",),
            "toolkit.sources.opensanctions:read_opensanctions",
            url_source="OpenSanctions' dataset download pattern; PROVENANCE.md names the export",
        ),
        Source(
            "opensanctions-sanctions",
            "OpenSanctions consolidated sanctions collection (targets.simple.csv)",
            "OpenSanctions (data licence CC BY-NC 4.0)",
            "https://data.opensanctions.org/datasets/latest/sanctions/",
            ("targets.simple.csv",),
            "toolkit.sources.opensanctions:read_opensanctions",
            url_source="OpenSanctions' dataset download pattern",
        ),
        # Research files with no stable download URL known to the toolkit: fetched from a
        # mirror the user names (--base-url), with the same sidecars and checks.
        Source(
            "gsdb",
            "Global Sanctions Data Base (GSDB) case file, release 3",
            "GSDB team (Felbermayr, Kirilakha, Syropoulos, Yalcin, Yotov)",
            "",
            ("GSDB_V3.csv",),
            "toolkit.sources.gsdb:read_gsdb",
            url_source="none: pass --base-url (the file is distributed by its authors)",
        ),
        Source(
            "ties",
            "Threat and Imposition of Economic Sanctions (TIES) 4.1 case file",
            "TIES project (Morgan, Bapat and Kobayashi)",
            "",
            ("TIESv4-1.xls",),
            "toolkit.sources.ties:read_ties",
            url_source="none: pass --base-url",
        ),
    )
}


def source(name: str) -> Source:
    """Return the source called ``name``, or raise ``UnknownDatasetError`` listing the known ones."""
    try:
        return SOURCES[name]
    except KeyError:
        raise UnknownDatasetError(name, list(SOURCES)) from None


def cache_dir(cache=None) -> Path:
    """Return the cache folder: ``cache``, else ``$SANCTIONS_TOOLKIT_CACHE``, else the platform's."""
    if cache:
        return Path(cache).expanduser()
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("sanctions-toolkit", appauthor=False))


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
                    chunk = response.read(_CHUNK)
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


def _validate(src: Source, folder: Path, urls: dict[str, str]):
    """Read the downloaded files with the toolkit's reader; a DataFormatError names the URL."""
    import importlib

    module, func = src.reader.split(":")
    read = getattr(importlib.import_module(module), func)
    target = folder if src.reads_folder else folder / src.files[0]
    try:
        return read(target)
    except DataFormatError as exc:
        file = Path(exc.path).name
        where = [f"line {exc.line}" if exc.line is not None else None]
        where += [f"row {exc.row}" if exc.row is not None else None]
        where += [f"column {exc.column!r}" if exc.column is not None else None]
        place = ", ".join(w for w in where if w)
        url = urls.get(file, src.url(src.files[0]))
        raise FetchError(
            f"{url}{', ' + place if place else ''}: the download is not a valid {src.title}: "
            f"{exc.problem}"
        ) from None


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".json")


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


def fetch(name: str, *, base_url: str | None = None, cache=None, timeout: float = DEFAULT_TIMEOUT):
    """Download source ``name`` into the cache, check it, and make it the current version.

    Parameters
    ----------
    name : str
        A key of :data:`SOURCES` (``ofac-sdn``, ``census-country``, ...).
    base_url : str, optional
        Replaces the official folder URL (a mirror; tests use a local server).
        Default ``$SANCTIONS_TOOLKIT_BASE_URL``, else the official URL.
    cache : path-like, optional
        The cache folder (default :func:`cache_dir`).
    timeout : float
        Seconds a connection or a read may stay silent.

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
    """
    src = source(name)
    if timeout is None or timeout <= 0:
        raise ParameterError(
            f"timeout {timeout!r} must be a positive number of seconds", key="timeout"
        )
    base = base_url or os.environ.get(BASE_URL_ENV) or None
    if not (base or src.base_url):
        raise ParameterError(
            f"{name} has no official download URL known to the toolkit; pass --base-url "
            f"(or ${BASE_URL_ENV}) naming the folder that holds {src.files[0]}",
            source="data fetch",
            key="base_url",
        )
    root = cache_dir(cache) / name
    root.mkdir(parents=True, exist_ok=True)
    lock = root / ".fetching"
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        raise FetchError(
            f"another fetch of {name} is running (lock file {lock}; delete it if none is)"
        ) from None
    with os.fdopen(fd, "w") as fh:
        fh.write(f"{os.getpid()}\n")
    try:
        # folders of downloads that a killed fetch left behind
        for stale in root.glob(".incoming-*"):
            shutil.rmtree(stale, ignore_errors=True)
        return _fetch_locked(src, root, base, timeout)
    finally:
        lock.unlink(missing_ok=True)


def _fetch_locked(src: Source, root: Path, base: str | None, timeout: float) -> FetchResult:
    name = src.name
    incoming = Path(tempfile.mkdtemp(prefix=".incoming-", dir=root))
    try:
        records, urls = [], {}
        for file in src.files:
            url = src.url(file, base)
            urls[file] = url
            retrieved = _now()
            info = _download(url, incoming / file, timeout)
            records.append(
                {"source": name, "file": file, "url": url, "retrieved_at": retrieved, **info}
            )
        frame = _validate(src, incoming, urls)
        rows = len(frame)
        current, previous = root / CURRENT, root / PREVIOUS
        old = {r["file"]: r for r in _version_records(current)}
        if old and all(old.get(r["file"], {}).get("sha256") == r["sha256"] for r in records):
            # the same files again: keep both versions, note when they were last checked
            checked = _now()
            for r in old.values():
                r["last_checked_at"] = checked
                _write_json(_sidecar(current / r["file"]), r)
            return FetchResult(name, current, False, list(old.values()), rows, _existing(previous))
        for r in records:
            r.update({"validated_with": src.reader.replace(":", "."), "rows": rows})
            _write_json(_sidecar(incoming / r["file"]), r)
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


def _version_records(folder: Path) -> list[dict]:
    if not folder.is_dir():
        return []
    out = []
    for side in sorted(folder.glob("*.json")):
        try:
            out.append(json.loads(side.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            out.append({"file": side.name[:-5], "error": f"unreadable sidecar {side}"})
    return out


def status(cache=None) -> list[dict]:
    """Return one record per cached file: source, version, file, retrieval time, sha256, size, URL.

    A file whose bytes no longer match the sidecar's sha256 is flagged ``modified``.
    """
    root = cache_dir(cache)
    rows = []
    names = sorted(
        set(SOURCES) | ({p.name for p in root.iterdir() if p.is_dir()} if root.is_dir() else set())
    )
    for name in names:
        for version in (CURRENT, PREVIOUS):
            for r in _version_records(root / name / version):
                path = root / name / version / r.get("file", "")
                state = "ok"
                if not path.is_file():
                    state = "missing"
                elif r.get("sha256") and _sha256(path) != r["sha256"]:
                    state = "modified since download"
                rows.append(
                    {"source": name, "version": version, "path": str(path), "state": state, **r}
                )
    return rows


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- where notebooks read official files from ----------------------------------------------

#: Values of a notebook's ``source`` parameter besides a folder.
SOURCE_CHOICES = ("embedded", "cache")


def resolve_source(source_value: str, name: str, *, required: bool = True) -> Path | None:
    """Return where source ``name`` is read from, for a notebook's ``source`` parameter.

    Parameters
    ----------
    source_value : str
        ``"embedded"``: the toolkit's shipped data (returns None); ``"cache"``: the
        current version fetched by ``sanctions-toolkit data fetch``; any other value: a
        folder laid out like the cache (``NAME/current/``) or holding the files under
        their official names (``sdn.csv``, ``country.xlsx``, ``targets.simple.csv``).
    name : str
        A key of :data:`SOURCES`.
    required : bool
        Raise when the source is absent (else return None).

    Returns
    -------
    pathlib.Path or None
        The folder (OFAC list sets) or main file to pass to the reader.

    Raises
    ------
    ParameterError
        An absent source (naming the command that fetches it), or a folder that does not exist.
    """
    src = source(name)
    if source_value == "embedded" or source_value is None or source_value == "":
        return None
    if source_value == "cache":
        root = cache_dir()
    else:
        root = Path(str(source_value)).expanduser()
        if not root.is_dir():
            raise ParameterError(
                f"{source_value!r} is neither 'embedded', 'cache' nor an existing folder",
                key="source",
            )
    for base in (root / name / CURRENT, root):
        if (base / src.files[0]).is_file():
            return base if src.reads_folder else base / src.files[0]
    if not required:
        return None
    where = f"the cache {root}" if source_value == "cache" else f"{root}"
    raise ParameterError(
        f"{src.files[0]} ({name}) is not in {where}; run `sanctions-toolkit data fetch {name}`"
        + ("" if source_value == "cache" else " with --cache pointing there, or copy the file in"),
        key="source",
    )


def provenance_note(path: Path) -> str:
    """Return "URL, retrieved DATE, sha256 HEX…" for a cached file (or its folder's main file)."""
    path = Path(path)
    if path.is_dir():
        sides = sorted(path.glob("*.json"))
        side = sides[0] if sides else None
        for s in SOURCES.values():
            if (path / (s.files[0] + ".json")).exists():
                side = path / (s.files[0] + ".json")
    else:
        side = _sidecar(path)
    if side is None or not side.exists():
        return f"{path} (no download record)"
    r = json.loads(side.read_text(encoding="utf-8"))
    return f"{r['url']}, retrieved {r['retrieved_at']}, sha256 {r['sha256'][:12]}…"
