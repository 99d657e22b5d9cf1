"""``--scheduler``: a sweep on a real Dask LocalCluster (scheduler + 2 worker processes on 127.0.0.1)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import nbformat
import pytest

from toolkit.cli import main
from toolkit.errors import ReportError, ToolkitError
from toolkit.report.runner import run_report

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")

FIXTURES = Path(__file__).resolve().parents[1] / "notebooks_scale"
PARAMS = FIXTURES / "params"
#: A LocalCluster starts in about a second here; more than this means something is wrong.
START_LIMIT_S = 60

pytestmark = [pytest.mark.notebook, pytest.mark.timeout(420)]


@pytest.fixture(scope="module")
def cluster():
    """A real LocalCluster: 2 single-thread worker processes; a lost worker's task is not re-run."""
    start = time.monotonic()
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            # crash.ipynb kills its parent only on workers carrying this variable
            env={"SANCTIONS_TOOLKIT_TEST_KILLABLE_WORKER": "1"},
        )
    try:
        client = distributed.Client(cluster, set_as_default=False)
        client.wait_for_workers(2, timeout=START_LIMIT_S)
    except BaseException:
        cluster.close()
        raise
    elapsed = time.monotonic() - start
    assert elapsed < START_LIMIT_S, f"LocalCluster took {elapsed:.0f} s to start"
    yield cluster
    client.close()
    cluster.close()


def _values(path) -> list:
    """The outputs of an executed notebook's code cells (text and data), without metadata."""
    nb = nbformat.read(path, as_version=4)
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            found.append(out.get("text") or out.get("data", {}).get("text/plain"))
    return found


def test_sweep_runs_on_the_cluster_into_one_report(cluster, tmp_path):
    lines = []
    entries = run_report(
        notebooks=FIXTURES,
        params=PARAMS,
        out=tmp_path,
        scheduler=cluster.scheduler_address,
        progress=lines.append,
        only=["grid"],
    )
    names = [e["notebook"] for e in entries]
    assert names == [
        "grid--partner-DE--base_year-2014",
        "grid--partner-DE--base_year-2021",
        "grid--partner-FR--base_year-2014",
        "grid--partner-FR--base_year-2021",
    ]
    assert all(e["status"] == "ok" for e in entries)
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert [r["sweep"] for r in summary["runs"]][1] == {"partner": "DE", "base_year": 2021}
    for name in names:
        assert (tmp_path / f"{name}.html").stat().st_size > 1000
        nb = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
        assert nb.metadata["papermill"]["output_path"] == str(tmp_path / f"{name}.ipynb")
    # seed of "FR" = 70 + 82 = 152; 2021 + 2 rows of 7 each side; total = 5 * 152 * 1.5
    assert "partner: FR, base_year: 2021, total: 1140.000\n" in _values(
        tmp_path / "grid--partner-FR--base_year-2021.ipynb"
    )
    for entry in entries:  # the workers' figure files, written by the client
        (figure,) = entry["figures"]
        assert (tmp_path / figure["svg"]).read_text(encoding="utf-8").lstrip().startswith("<?xml")
        assert (tmp_path / figure["csv"]).read_text(encoding="utf-8").startswith("year,value\n")
    assert any("sent to the Dask scheduler" in line for line in lines)
    assert not list(tmp_path.glob(".*.tmp"))


def test_cluster_results_equal_a_serial_run(cluster, tmp_path):
    run_report(
        notebooks=FIXTURES,
        params=PARAMS,
        out=tmp_path / "dask",
        scheduler=cluster.scheduler_address,
        progress=lambda line: None,
    )
    run_report(notebooks=FIXTURES, params=PARAMS, out=tmp_path / "serial", progress=lambda _: None)
    names = sorted(p.name for p in (tmp_path / "serial").glob("*.ipynb"))
    assert len(names) == 4
    assert sorted(p.name for p in (tmp_path / "dask").glob("*.ipynb")) == names
    for name in names:
        assert _values(tmp_path / "dask" / name) == _values(tmp_path / "serial" / name)


def test_a_lost_worker_fails_its_run_and_the_others_complete(cluster, tmp_path):
    lines = []
    with pytest.raises(ReportError) as info:
        run_report(
            "lost-worker",
            notebooks=FIXTURES,
            params=PARAMS,
            out=tmp_path,
            scheduler=cluster.scheduler_address,
            progress=lines.append,
        )
    runs = {
        r["notebook"]: r
        for r in json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))["runs"]
    }
    print("\n".join(lines), json.dumps(runs, indent=1), sep="\n")  # shown if an assert fails
    assert info.value.failed == ["crash"]
    crash = runs.pop("crash")
    assert crash["status"] == "failed"
    assert crash["error"]["ename"] == "WorkerLost"
    assert "was lost mid-run" in crash["error"]["evalue"]
    assert "allowed-failures" in crash["error"]["evalue"]
    assert sorted(runs) == ["grid--partner-IT", "grid--partner-NL", "grid--partner-PL"]
    assert all(r["status"] == "ok" for r in runs.values())
    assert not (tmp_path / "crash.ipynb").exists()
    assert "crash" in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert any("WorkerLost" in line for line in lines)
    # the nanny restarts the killed worker: the cluster is whole again for later work
    client = distributed.Client(cluster, set_as_default=False)
    try:
        client.wait_for_workers(2, timeout=START_LIMIT_S)
    finally:
        client.close()


def test_cli_scheduler_option(cluster, tmp_path, capsys):
    code = main(
        [
            "report",
            "--notebooks",
            str(FIXTURES),
            "--params",
            str(PARAMS),
            "--only",
            "grid",
            "--out",
            str(tmp_path),
            "--scheduler",
            cluster.scheduler_address,
        ]
    )
    assert code == 0
    assert len(list(tmp_path.glob("grid--*.html"))) == 4


def test_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    import socket

    from toolkit.report import dask as report_dask

    with socket.socket() as sock:  # a free port with nothing listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setattr(report_dask, "CONNECT_TIMEOUT_S", 2)
    with pytest.raises(
        ToolkitError, match=f"cannot reach the Dask scheduler at 'tcp://127.0.0.1:{port}'"
    ):
        run_report(
            notebooks=FIXTURES,
            params=PARAMS,
            out=tmp_path,
            scheduler=f"tcp://127.0.0.1:{port}",
            progress=lambda line: None,
        )
    assert not (tmp_path / "summary.json").exists()
