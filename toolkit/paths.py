"""Where things live: the embedded data, the shared third-party data, params and reports."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
PROJECT_DIR = PACKAGE_DIR.parent

#: Environment variable that points at a folder laid out like ``../shared/data``.
SHARED_DATA_ENV = "SANCTIONS_TOOLKIT_SHARED_DATA"


def embedded(name: str) -> Path:
    """Return the path of an embedded data file in ``toolkit/data/``."""
    return DATA_DIR / name


def shared_data_dir() -> Path | None:
    """Return the folder of real third-party files, or None when it is absent.

    ``$SANCTIONS_TOOLKIT_SHARED_DATA`` wins; otherwise ``../shared/data`` beside
    the project checkout (where CI puts it).
    """
    env = os.environ.get(SHARED_DATA_ENV)
    candidates = [Path(env)] if env else []
    candidates.append(PROJECT_DIR.parent / "shared" / "data")
    for path in candidates:
        if path.is_dir():
            return path
    return None


def params_dir() -> Path:
    """Return the folder of papermill parameter files."""
    return PROJECT_DIR / "params"


def notebooks_dir() -> Path:
    """Return the folder of the theme notebooks."""
    return PROJECT_DIR / "notebooks"
