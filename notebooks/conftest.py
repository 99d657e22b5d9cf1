"""nbval over the notebooks: a notebook that declares the shared data it needs skips without it.

A notebook's metadata may say ``"sanctions_toolkit": {"needs_shared_data": [folders]}``
(folders of ``../shared/data``, see its PROVENANCE.md). Without them, nbval skips the
notebook's cells with the reason, as the tests that read those files do.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest


@cache
def _missing(path: str) -> str | None:
    """Return why the notebook at ``path`` cannot run here, or None."""
    from toolkit.paths import SHARED_DATA_ENV, shared_data_dir

    meta = json.loads(Path(path).read_text(encoding="utf-8")).get("metadata", {})
    needs = meta.get("sanctions_toolkit", {}).get("needs_shared_data", [])
    if not needs:
        return None
    root = shared_data_dir()
    if root is None:
        return (
            f"needs the real files {', '.join(needs)}: no ../shared/data beside the checkout "
            f"and ${SHARED_DATA_ENV} unset"
        )
    absent = [n for n in needs if not (root / n).exists()]
    return f"needs {', '.join(absent)} in {root}" if absent else None


def pytest_collection_modifyitems(config, items):
    """Skip every cell of a notebook whose declared shared data is absent."""
    for item in items:
        path = str(item.fspath)
        if path.endswith(".ipynb"):
            reason = _missing(path)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))
