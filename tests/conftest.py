"""Shared fixtures: the real third-party data folder, a headless matplotlib, closed figures."""

from __future__ import annotations

import os

import matplotlib
import pytest

matplotlib.use("Agg")

from toolkit.paths import SHARED_DATA_ENV, shared_data_dir  # noqa: E402

# the `lab` and `browser` fixtures of the browser tests (tests/support/lab.py)
pytest_plugins = ["support.lab"]

# Property-based suites draw the same examples on every run, so a red CI names a
# reproducible case; SANCTIONS_HYPOTHESIS_EXPLORE=1 draws new ones (to look for gaps).
try:
    from hypothesis import settings as _hypothesis_settings
except ImportError:  # the test extras are not installed: the property suites skip
    pass
else:
    _hypothesis_settings.register_profile("sanctions-ci", derandomize=True, database=None)
    _hypothesis_settings.register_profile("sanctions-explore", database=None)
    _hypothesis_settings.load_profile(
        "sanctions-explore" if os.environ.get("SANCTIONS_HYPOTHESIS_EXPLORE") else "sanctions-ci"
    )


@pytest.fixture(scope="session")
def shared_data():
    """The folder of real third-party files (``../shared/data``); skip when absent."""
    path = shared_data_dir()
    if path is None:
        pytest.skip(
            f"real third-party data not found: no ../shared/data beside the checkout "
            f"and ${SHARED_DATA_ENV} unset"
        )
    return path


@pytest.fixture
def shared_file(shared_data):
    """Return a function giving a file under the shared data folder, or skipping if missing."""

    def get(relative: str):
        path = shared_data / relative
        if not path.exists():
            pytest.skip(f"{relative} is not in {shared_data}")
        return path

    return get


@pytest.fixture(autouse=True)
def close_figures():
    """Close every matplotlib figure a test opened."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(autouse=True, scope="session")
def _no_network_proxy():
    """Tests never reach the internet; make an accidental request fail fast."""
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    yield


def pytest_terminal_summary(terminalreporter):
    """Print the hostile-input suite's generated cases per reader and their outcomes."""
    from support.hostile import summary_lines

    lines = summary_lines()
    if lines:
        terminalreporter.section("hostile-input cases")
        for line in lines:
            terminalreporter.write_line(line)
