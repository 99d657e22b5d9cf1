"""`python -m toolkit.report.dashboard` (make dashboard): Voilà's command line with bounded kernel waits."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip(
    "voila", reason="voila is not installed (pip install -e '.[test]', or make env)"
)


def test_dashboard_is_voilas_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "toolkit.report.dashboard", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    import voila

    assert done.stdout.strip() == voila.__version__


def test_dashboard_bounds_the_kernel_waits_before_voila_runs():
    code = (
        "from toolkit.report import dashboard\n"
        "try:\n"
        "    dashboard.main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "from jupyter_client.channels import AsyncZMQSocketChannel as C\n"
        "print(C.get_msg.__module__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "toolkit.report.kernel_waits"
