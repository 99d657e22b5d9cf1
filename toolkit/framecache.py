"""An on-disk cache of derived frames (entity index, OFAC timelines, ...), keyed by what made them.

A derived frame is rebuilt from its input files whenever one of them changes, and read from
``<cache>/derived/<name>/<key>.pkl`` otherwise (``<cache>``: the user cache that
``sanctions-toolkit data fetch`` fills, see :func:`toolkit.sources.cache.cache_dir`). The key
is the sha256 of

* every input file's path, size and sha256 (a folder stands for every file under it),
* the toolkit's version, this module's format number, the sha256 of the source files of the
  modules that build the frame (a change of the code rebuilds it) and the versions of the
  libraries it depends on (pandas, numpy, pyarrow, openpyxl, rigour, rapidfuzz),
* the builder's parameters.

A file is written atomically (a temporary file, then a rename) and carries the sha256 of its
payload: a truncated or altered file is never read as a frame; it is removed, a
:class:`CacheWarning` says so, and the frame is built again. The files are Python pickles,
read only from the user's own cache folder. ``SANCTIONS_TOOLKIT_DERIVED_CACHE=off`` turns
the cache off (every frame is built).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import stat
import tempfile
import warnings
from functools import lru_cache
from pathlib import Path

__all__ = [
    "CacheWarning",
    "DERIVED",
    "DISABLE_ENV",
    "MAX_HASH_BYTES",
    "cached",
    "entry_path",
    "input_manifest",
    "tag",
]

#: Sub-folder of the user cache that holds the derived frames.
DERIVED = "derived"
#: Environment variable: ``off`` builds every frame (nothing read or written).
DISABLE_ENV = "SANCTIONS_TOOLKIT_DERIVED_CACHE"
#: Bumped whenever the file layout changes.
_FORMAT = 1
_MAGIC = b"sanctions-toolkit derived frame\n"
_KEEP = 4  # entries kept per name (other inputs or parameters): the newest
_SHA_MEMO: dict = {}  # (path, size, mtime_ns) -> sha256: a file is hashed once per process


class CacheWarning(UserWarning):
    """A cache file did not read as what it claims to hold: it was removed and rebuilt."""


def tag(*parts) -> str:
    """Return 12 hex digits naming ``parts`` (e.g. a file's path) in a cache name, stable across runs."""
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:12]


def _sha256(path: Path) -> str:
    st = path.stat()
    memo = (str(path), st.st_size, st.st_mtime_ns)
    if memo not in _SHA_MEMO:
        with open(path, "rb") as fh:
            _SHA_MEMO[memo] = hashlib.file_digest(fh, "sha256").hexdigest()
    return _SHA_MEMO[memo]


#: Inputs larger than this are not hashed: the frame is built (the reader judges the file).
MAX_HASH_BYTES = 1 << 30


class _Uncacheable(Exception):
    """An input the cache does not key (not a regular file or folder, or too large)."""


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file())
    return [path]


def input_manifest(inputs) -> list[list]:
    """Return ``[path, bytes, sha256]`` of every input file (folders: every file under them).

    Parameters
    ----------
    inputs : iterable of str or path-like
        Files or folders.

    Raises
    ------
    _Uncacheable
        For an input that is neither a regular file nor a folder (a FIFO, a missing path), or
        a file over :data:`MAX_HASH_BYTES` (a damaged or sparse file is never read in full
        to key a cache: the reader rejects it).
    """
    out = []
    for item in inputs:
        for f in _files(Path(item)):
            try:
                st = f.stat()
            except OSError as exc:
                raise _Uncacheable(f"{f}: {exc}") from None
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_HASH_BYTES:
                raise _Uncacheable(f"{f}: not a regular file of at most {MAX_HASH_BYTES} bytes")
            out.append([str(f), st.st_size, _sha256(f)])
    return out


def _module_file(name: str) -> Path | None:
    """Return the source file of a toolkit module, found without importing it."""
    from toolkit.paths import PACKAGE_DIR

    parts = name.split(".")
    if parts[0] != "toolkit":
        raise ValueError(f"{name!r}: only toolkit modules name the code of a derived frame")
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _code_digest(modules) -> str:
    """Return the sha256 of the source files of ``modules`` (dotted toolkit names)."""
    h = hashlib.sha256()
    for name in sorted(set(modules)):
        path = _module_file(name)
        if path is None:
            raise ValueError(f"{name!r}: no such toolkit module")
        h.update(name.encode() + b"\0" + _sha256(path).encode())
    return h.hexdigest()


#: Libraries whose behaviour the derived frames depend on (their versions key the cache).
_PACKAGES = ("numpy", "pandas", "pyarrow", "openpyxl", "rigour", "rapidfuzz")


@lru_cache(maxsize=1)
def _package_versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in _PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def entry_path(name: str, inputs, *, code=(), params=None, cache=None) -> Path:
    """Return the cache file that holds (or will hold) frame ``name`` of these inputs.

    Parameters
    ----------
    name : str
        The frame's name (a folder of the cache: letters, digits, ``-``, ``_``, ``.``).
    inputs : iterable of str or path-like
        The files or folders it is built from.
    code : iterable of str
        The modules whose source builds it.
    params : dict, optional
        The builder's parameters (JSON-serialisable).
    cache : str or path-like, optional
        The cache root (default: ``$SANCTIONS_TOOLKIT_CACHE`` or the platform's user cache).
    """
    import toolkit
    from toolkit.sources.cache import cache_dir

    if not name or any(not (c.isalnum() or c in "-_.") for c in name) or name[0] == ".":
        raise ValueError(f"cache name {name!r}: use letters, digits, '-', '_' and '.'")
    key = {
        "format": _FORMAT,
        "version": toolkit.__version__,
        "packages": _package_versions(),
        "code": _code_digest([__name__, *code]),
        "params": params or {},
        "inputs": input_manifest(inputs),
    }
    raw = json.dumps(key, sort_keys=True, default=str).encode()
    return cache_dir(cache) / DERIVED / name / f"{hashlib.sha256(raw).hexdigest()[:32]}.pkl"


def _load(path: Path):
    """Return the object of a cache file; ``ValueError`` when it is not an intact one."""
    raw = path.read_bytes()
    head = len(_MAGIC) + 32
    if len(raw) < head or not raw.startswith(_MAGIC):
        raise ValueError("not a derived-frame file (header missing)")
    digest, payload = raw[len(_MAGIC) : head], raw[head:]
    if hashlib.sha256(payload).digest() != digest:
        raise ValueError("its content does not match its checksum (truncated or altered)")
    try:
        return pickle.loads(payload)
    except Exception as exc:  # an intact checksum over an unreadable payload: another Python
        raise ValueError(f"its content does not unpickle ({type(exc).__name__}: {exc})") from None


def _store(path: Path, obj) -> None:
    """Write ``obj`` to ``path`` atomically; drop the oldest entries beyond :data:`_KEEP`."""
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pkl")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp made it 0600; give it a plain file's mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    entries = sorted(path.parent.glob("*.pkl"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[_KEEP:]:
        if old != path:
            old.unlink(missing_ok=True)


def cached(name: str, inputs, build, *, code=(), params=None, cache=None):
    """Return ``build()``, read from the cache when its inputs, code and parameters are unchanged.

    Parameters
    ----------
    name : str
        The frame's name (see :func:`entry_path`).
    inputs : iterable of str or path-like
        The files or folders ``build`` reads.
    build : callable
        Builds the frame (or any picklable object) from the inputs; called on a miss.
    code : iterable of str
        The modules whose source ``build`` runs (their change rebuilds the frame).
    params : dict, optional
        The parameters ``build`` depends on besides the inputs.
    cache : str or path-like, optional
        The cache root.

    Returns
    -------
    object
        What ``build`` returns (a fresh copy on each cache read).

    Warns
    -----
    CacheWarning
        When the cache file is corrupt (it is removed and the frame built again) or cannot be
        written (the frame is returned all the same).
    """
    if os.environ.get(DISABLE_ENV, "").lower() in ("off", "0", "no", "false"):
        return build()
    try:
        path = entry_path(name, inputs, code=code, params=params, cache=cache)
    except _Uncacheable:
        return build()  # the builder's reader says what is wrong with the input
    if path.is_file():
        try:
            return _load(path)
        except (OSError, ValueError) as exc:
            warnings.warn(
                f"derived-frame cache {path}: {exc}; removed, building {name!r} again",
                CacheWarning,
                stacklevel=2,
            )
            path.unlink(missing_ok=True)
    obj = build()
    try:
        _store(path, obj)
    except OSError as exc:
        warnings.warn(
            f"derived-frame cache {path}: cannot write it ({exc}); {name!r} is built each time",
            CacheWarning,
            stacklevel=2,
        )
    return obj
