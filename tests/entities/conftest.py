"""The entity tables read the real lists: skip, saying which, when they are absent."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def lists_present(shared_data):
    """Skip unless every list file the entity tables read is in the shared data folder."""
    from toolkit.entities._data import FILES

    missing = [rel for rel in FILES.values() if not (shared_data / rel).exists()]
    if missing:
        pytest.skip(f"real lists absent from {shared_data}: {', '.join(missing)}")
    return shared_data
