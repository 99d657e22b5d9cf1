"""A theme package's public surface, imported from its modules on first use (PEP 562)."""

from __future__ import annotations

import importlib

__all__ = ["lazy_surface"]


def lazy_surface(package: str, homes: dict[str, tuple[str, ...]]):
    """Return ``__all__``, ``__getattr__`` and ``__dir__`` for a package that re-exports lazily.

    A name is imported from its module the first time it is asked for, so importing the
    package (or its pandas-free ``datasets`` declarations) imports none of the analysis.
    Any other attribute is looked up as a module of the package (``trade.plots``).

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    homes : dict of str to tuple of str
        Module of the package (``"series"``) to the public names it defines.

    Returns
    -------
    tuple
        ``(__all__, __getattr__, __dir__)``, to be bound at the package's top level.

    Raises
    ------
    ValueError
        A name listed under two modules, or also the name of one of the modules (once
        that module is imported, its attribute would hide the name).
    """
    where: dict[str, str] = {}
    for module, names in homes.items():
        for name in names:
            if name in where or name in homes:
                raise ValueError(f"{package}: {name!r} is listed twice or names a module")
            where[name] = module

    def __getattr__(name: str):
        if name not in where:
            return _submodule(package, name)
        value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
        # later look-ups find it without calling __getattr__ again
        importlib.import_module(package).__dict__[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(importlib.import_module(package).__dict__) | set(where))

    return sorted(where), __getattr__, __dir__


def _submodule(package: str, name: str):
    """Return the module ``package.name`` (imported now), or raise AttributeError."""
    full = f"{package}.{name}"
    if not name.startswith("_"):
        try:
            return importlib.import_module(full)
        except ModuleNotFoundError as exc:
            if exc.name != full:
                raise
    raise AttributeError(f"module {package!r} has no attribute {name!r}")
