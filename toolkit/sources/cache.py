"""The user cache of fetched sources: where it is, what it holds, and where notebooks read from.

Layout (``$SANCTIONS_TOOLKIT_CACHE``, else the platform's user cache folder)::

    <cache>/<key>/current/<file>          the files of the version in use
    <cache>/<key>/current/<file>.json     its sidecar: url, retrieved_at, sha256, bytes, ...
    <cache>/<key>/previous/...            the version before it
    <cache>/<key>/<variant>/current/...   a source with variants (OpenSanctions datasets)

:mod:`toolkit.sources.fetch` writes it; :func:`status` lists it (``data status``);
:func:`resolve_source` answers a notebook's ``source`` parameter.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from toolkit.errors import ParameterError

__all__ = [
    "CACHE_ENV",
    "CURRENT",
    "PREVIOUS",
    "SOURCE_CHOICES",
    "cache_dir",
    "fetchable_sources",
    "provenance_note",
    "resolve_source",
    "slots",
    "status",
]

#: Environment variable naming the cache folder.
CACHE_ENV = "SANCTIONS_TOOLKIT_CACHE"
CURRENT, PREVIOUS = "current", "previous"
#: Values of a notebook's ``source`` parameter besides a folder.
SOURCE_CHOICES = ("embedded", "cache")
CHUNK = 1 << 16


def fetchable_sources() -> dict:
    """Return ``{key: Source}`` of the sources ``data fetch`` can download (fixed file names)."""
    from toolkit.sources import _declarations

    return {k: s for k, s in _declarations().items() if s.fetchable}


def slots() -> list[str]:
    """Return the cache folder names of every fetchable source and variant."""
    out = []
    for src in fetchable_sources().values():
        out += [src.slot(v) for v in src.variants] if src.variants else [src.slot()]
    return out


def cache_dir(cache=None) -> Path:
    """Return the cache folder: ``cache``, else ``$SANCTIONS_TOOLKIT_CACHE``, else the platform's."""
    if cache:
        return Path(cache).expanduser()
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("sanctions-toolkit", appauthor=False))


def sidecar(path: Path) -> Path:
    """Return the JSON sidecar of a cached file."""
    return path.with_name(path.name + ".json")


def version_records(folder: Path) -> list[dict]:
    """Return the sidecar records of one version folder (none when it does not exist)."""
    if not folder.is_dir():
        return []
    out = []
    for side in sorted(folder.glob("*.json")):
        try:
            out.append(json.loads(side.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            out.append({"file": side.name[:-5], "error": f"unreadable sidecar {side}"})
    return out


def _cached_slots(root: Path) -> set[str]:
    """Slots found on disk: ``key`` folders, or ``key/variant`` below a key with variants."""
    found = set()
    if not root.is_dir():
        return found
    for top in root.iterdir():
        if not top.is_dir() or top.name.startswith("."):
            continue
        subs = [p for p in top.iterdir() if p.is_dir() and (p / CURRENT).is_dir()]
        if (top / CURRENT).is_dir() or (top / PREVIOUS).is_dir() or not subs:
            found.add(top.name)
        found.update(f"{top.name}/{p.name}" for p in subs)
    return found


def status(cache=None) -> list[dict]:
    """Return one record per cached file: source, version, file, retrieval time, sha256, size, URL.

    A file whose bytes no longer match the sidecar's sha256 is flagged ``modified``.
    """
    root = cache_dir(cache)
    rows = []
    for name in sorted(set(slots()) | _cached_slots(root)):
        for version in (CURRENT, PREVIOUS):
            for r in version_records(root / name / version):
                path = root / name / version / r.get("file", "")
                state = "ok"
                if not path.is_file():
                    state = "missing"
                elif r.get("sha256") and sha256(path) != r["sha256"]:
                    state = "modified since download"
                rows.append(
                    {"source": name, "version": version, "path": str(path), "state": state, **r}
                )
    return rows


def sha256(path: Path) -> str:
    """Return the sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def resolve_source(
    source_value: str, name: str, *, required: bool = True, variant: str | None = None
) -> Path | None:
    """Return where source ``name`` is read from, for a notebook's ``source`` parameter.

    Parameters
    ----------
    source_value : str
        ``"embedded"``: the toolkit's shipped data (returns None); ``"cache"``: the
        current version fetched by ``sanctions-toolkit data fetch``; any other value: a
        folder laid out like the cache (``KEY/current/``) or holding the files under
        their official names (``sdn.csv``, ``country.xlsx``, ``targets.simple.csv``).
    name : str
        A source key (:func:`toolkit.sources.list_sources`).
    required : bool
        Raise when the source is absent (else return None).
    variant : str, optional
        For a source with variants (``opensanctions``): which one (default: the first).

    Returns
    -------
    pathlib.Path or None
        The folder (OFAC list sets) or main file to pass to the reader.

    Raises
    ------
    ParameterError
        An absent source (naming the command that fetches it), or a folder that does not exist.
    """
    from toolkit.sources import get_source

    src = get_source(name)
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
    slot = src.slot(variant)
    for base in (root / slot / CURRENT, root):
        if (base / src.files[0]).is_file():
            return base if src.reads_folder else base / src.files[0]
    if not required:
        return None
    where = f"the cache {root}" if source_value == "cache" else f"{root}"
    command = f"sanctions-toolkit data fetch {name}" + (
        f" --variant {slot.split('/')[1]}" if src.variants else ""
    )
    raise ParameterError(
        f"{src.files[0]} ({name}) is not in {where}; run `{command}`"
        + ("" if source_value == "cache" else " with --cache pointing there, or copy the file in"),
        key="source",
    )


def provenance_note(path: Path) -> str:
    """Return "URL, retrieved DATE, sha256 HEX…" for a cached file (or its folder's main file)."""
    path = Path(path)
    if path.is_dir():
        sides = sorted(path.glob("*.json"))
        side = sides[0] if sides else None
        for s in fetchable_sources().values():
            if (path / (s.files[0] + ".json")).exists():
                side = path / (s.files[0] + ".json")
    else:
        side = sidecar(path)
    if side is None or not side.exists():
        return f"{path} (no download record)"
    r = json.loads(side.read_text(encoding="utf-8"))
    return f"{r['url']}, retrieved {r['retrieved_at']}, sha256 {r['sha256'][:12]}…"
