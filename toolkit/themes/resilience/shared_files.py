"""Registry loaders of the resilience theme's real files: each reader on its copy in the shared data."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import ParameterError

__all__ = ["DEFAULT_FILES", "load_armenia_trade", "load_comext", "load_crea_crude"]


#: Where each reader's file sits in the shared real-data folder (used when no path is given).
DEFAULT_FILES = {
    "comext_exports": "eurostat-comext-exports/russia_export_eurostat",
    "armenia_trade": "armenia-trade/arm_trade_country.csv",
    "crea_crude": "crea-fossil/crude_ru_exports.csv",
}


def _default_path(name: str, path):
    if path:
        return Path(path)
    from toolkit.paths import SHARED_DATA_ENV, shared_data_dir

    root = shared_data_dir()
    if root is None:
        raise ParameterError(
            f"no path given and no shared data folder (set ${SHARED_DATA_ENV}); "
            f"expected e.g. path='.../{DEFAULT_FILES[name]}'",
            source=f"load({name!r})",
            key="path",
        )
    return root / DEFAULT_FILES[name]


def load_comext(*, path=None, include: str = "eu27"):
    """Read a folder of Comext exports (default: EU exports to Russia in the shared data)."""
    from toolkit.sources import read_comext

    return read_comext(_default_path("comext_exports", path), include=include)


def load_armenia_trade(*, path=None):
    """Read Armenia's trade by partner (default: the shared data copy)."""
    from toolkit.sources import read_armenia_trade

    return read_armenia_trade(_default_path("armenia_trade", path))


def load_crea_crude(*, path=None):
    """Read CREA's Russian crude exports by destination (default: the shared data copy)."""
    from toolkit.sources import read_crea_crude

    return read_crea_crude(_default_path("crea_crude", path))
