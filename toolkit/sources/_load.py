"""Catalog loaders of the sources whose reader has a default file in the shared data folder.

``toolkit.load("comext")`` needs no ``path=``: the catalog's loader ``toolkit.sources._load:comext``
is the source's reader with ``path`` made optional, defaulting to the declaration's
``dataset.default_file`` under the shared data folder (:func:`toolkit.sources.default_path`).
"""

from __future__ import annotations

import functools
import inspect


@functools.cache
def _loader(key: str):
    from toolkit.sources import default_path, get_source

    src = get_source(key)
    read = src.read_function()
    signature = inspect.signature(read)
    params = list(signature.parameters.values())
    first = params[0]

    def load(path=None, **options):
        return read(default_path(key, path), **options)

    load.__name__ = f"load_{key}"
    load.__doc__ = (
        f"Read {src.title}; ``path`` defaults to the shared copy ({src.dataset.default_file})."
    )
    load.__signature__ = signature.replace(
        parameters=[
            inspect.Parameter("path", inspect.Parameter.KEYWORD_ONLY, default=None),
            *[p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in params if p is not first],
        ]
    )
    return load


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    from toolkit.sources import get_source

    if not get_source(name).dataset.default_file:
        raise AttributeError(f"source {name!r} declares no default file")
    return _loader(name)
