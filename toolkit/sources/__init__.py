"""Readers of official and research file formats, exactly as users download them."""

from __future__ import annotations

import importlib

# Public reader name -> module that defines it (imported on first use: keeps ``import toolkit`` light).
_READERS = {
    "read_census_country": "census_country",
    "read_rosstat_trade": "rosstat_trade",
    "read_sdn": "ofac_sdn",
    "read_consolidated": "ofac_sdn",
    "read_opensanctions": "opensanctions",
    "read_comext": "comext",
    "read_armenia_trade": "armenia_trade",
    "read_crea_crude": "crea_crude",
    "read_gsdb": "gsdb",
    "read_ties": "ties",
}

__all__ = sorted(_READERS)


def __getattr__(name: str):
    if name in _READERS:
        module = importlib.import_module(f"toolkit.sources.{_READERS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'toolkit.sources' has no attribute {name!r}")


def __dir__():
    return __all__
