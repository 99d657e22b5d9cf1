"""The batch report end to end on fixture notebooks: one that runs, one that fails on purpose."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

from toolkit.errors import ParameterError, ReportError
from toolkit.report.execute import KERNEL_DISPLAY_NAME, ensure_kernel
from toolkit.report.runner import ParameterErrors, find_runs, run_report

FIXTURES = Path(__file__).resolve().parents[1] / "notebooks"
PARAMS = FIXTURES / "params"

pytestmark = [pytest.mark.notebook, pytest.mark.timeout(300)]


def _report(out, **kwargs):
    lines = []
    with pytest.raises(ReportError) as info:
        run_report(notebooks=FIXTURES, params=PARAMS, out=out, progress=lines.append, **kwargs)
    return info.value, lines


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """One batch run of the fixtures (kernels are slow: shared by the tests of this module)."""
    out = tmp_path_factory.mktemp("report") / "latest"
    error, lines = _report(out)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {
        "out": out,
        "error": error,
        "lines": lines,
        "runs": {r["notebook"]: r for r in summary["runs"]},
    }


def test_failure_is_raised_after_the_report_is_written(report):
    assert report["error"].failed == ["fails"]
    assert sorted(report["runs"]) == ["fails", "ok"]


def test_summary_names_the_failure_and_the_failing_cell(report):
    failed = report["runs"]["fails"]
    assert failed["status"] == "failed"
    # cells: parameters, injected parameters, markdown, "x = 1", the raising cell
    assert failed["error"]["cell_index"] == 4
    assert failed["error"]["ename"] == "ValueError"
    assert failed["error"]["evalue"] == "deliberate failure: divisor is 0"
    assert "raise ValueError" in failed["error"]["source"]
    assert failed["params"] == {"divisor": 0}


def test_the_other_run_still_succeeds(report):
    ok = report["runs"]["ok"]
    assert ok["status"] == "ok" and ok["error"] is None
    assert ok["params"] == {"n": 4, "label": "fixture"}
    assert ok["duration_s"] > ok["cells_s"] > 0
    assert [d["name"] for d in ok["datasets"]] == ["fixture_counts"]
    assert ok["datasets"][0]["publisher"] == "sanctions-toolkit tests"
    assert ok["outputs"] == {"ipynb": "ok.ipynb", "html": "ok.html"}


def test_executed_notebook_has_outputs_and_no_probe_cell(report):
    nb = nbformat.read(report["out"] / "ok.ipynb", as_version=4)
    texts = [
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    ]
    assert "rows: 4, label: fixture\n" in texts
    assert all("report_probe" not in c.source for c in nb.cells)
    assert nb.metadata["sanctions_toolkit"]["datasets"][0]["name"] == "fixture_counts"
    assert nb.metadata["papermill"]["input_path"] == str((FIXTURES / "ok.ipynb").resolve())
    # injected parameters cell, as papermill writes it
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'label = "fixture"' in injected[0].source


def test_html_hides_code_and_shows_the_static_twin(report):
    page = (report["out"] / "ok.html").read_text(encoding="utf-8")
    assert "Static view of the default settings" in page  # the View's text/html twin
    assert "<img" in page and "data:image/png;base64," in page
    assert "application/vnd.jupyter.widget-view+json" not in page
    assert "html-manager" not in page  # no widget manager fetched from a CDN
    assert 'frame.attrs["source"]' not in page  # code hidden
    assert "rows: 4, label: fixture" in page


def test_failed_run_still_gets_its_html(report):
    page = (report["out"] / "fails.html").read_text(encoding="utf-8")
    assert "deliberate failure: divisor is 0" in page


def test_index_lists_runs_status_params_datasets_and_failure(report):
    page = (report["out"] / "index.html").read_text(encoding="utf-8")
    assert "2 run(s), 1 ok, 1 failed" in page
    assert '<a href="ok.html">report</a>' in page
    assert '<a href="fails.html">partial report</a>' in page  # kept up to the failure
    assert '<td class="failed">failed</td>' in page and '<td class="ok">ok</td>' in page
    assert "<code>label = &quot;fixture&quot;</code>" in page
    # the runs table links each dataset to the one appendix row holding its provenance
    assert '<a href="#ds-fixture_counts">fixture_counts</a>' in page
    assert "<td>sanctions-toolkit tests</td>" in page and "<td>2026-01-01</td>" in page
    assert "A notebook that runs: a table with provenance and a widget view" in page  # purpose
    assert "cell 4 · In [4]" in page
    assert "ValueError: deliberate failure: divisor is 0" in page


def test_progress_lines(report):
    assert report["lines"][0].startswith("report: 2 notebook(s), profile 'default', jobs 1")
    assert "[1/2] fails: running" in report["lines"]
    assert any(
        line.startswith("[1/2] fails: failed in") and "at cell 4: ValueError" in line
        for line in report["lines"]
    )
    assert any(line.startswith("[2/2] ok: ok in") for line in report["lines"])


def test_no_temporary_leftovers(report):
    names = sorted(p.name for p in report["out"].iterdir())
    assert names == [
        "fails.html",
        "fails.ipynb",
        "index.html",
        "ok.html",
        "ok.ipynb",
        "summary.json",
    ]


def test_parallel_jobs_give_the_same_runs(tmp_path):
    error, lines = _report(tmp_path / "out", jobs=2)
    assert error.failed == ["fails"]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert [(r["notebook"], r["status"]) for r in summary["runs"]] == [
        ("fails", "failed"),
        ("ok", "ok"),
    ]
    assert summary["runs"][0]["error"]["cell_index"] == 4
    assert lines[0].endswith(f"jobs 2, into {tmp_path / 'out'}")


def test_profile_selects_notebooks(tmp_path):
    entries = run_report(
        "small", notebooks=FIXTURES, params=PARAMS, out=tmp_path, progress=lambda line: None
    )
    assert [(e["notebook"], e["status"], e["params"]) for e in entries] == [("ok", "ok", {"n": 2})]
    assert "rows: 2, label: demo" in (tmp_path / "ok.html").read_text(encoding="utf-8")


def test_invalid_params_stop_everything_before_any_kernel(tmp_path):
    notebooks, params = tmp_path / "notebooks", tmp_path / "params"
    notebooks.mkdir()
    for stem in ("a", "b"):
        shutil.copy(FIXTURES / "ok.ipynb", notebooks / f"{stem}.ipynb")
        (params / stem).mkdir(parents=True)
    (params / "a" / "default.yaml").write_text("n: three\n", encoding="utf-8")
    (params / "b" / "default.yaml").write_text("rows: 3\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ParameterErrors) as info:
        run_report(notebooks=notebooks, params=params, out=out)
    assert [(Path(e.source).parent.name, e.key) for e in info.value.errors] == [
        ("a", "n"),
        ("b", "rows"),
    ]
    assert "expected int, got 'three' (str)" in str(info.value)
    assert not out.exists()  # nothing ran, nothing written


def test_unknown_profile(tmp_path):
    with pytest.raises(ParameterError, match="profile 'nope': no notebook"):
        find_runs("nope", notebooks=FIXTURES, params=PARAMS)


def test_only_an_unknown_notebook(tmp_path):
    with pytest.raises(ParameterError, match=r"no notebook\(s\) \['zz'\]"):
        find_runs(notebooks=FIXTURES, params=PARAMS, only=["zz"])


def test_timeout_fails_the_run_and_names_the_cell(tmp_path):
    # slow.ipynb sleeps 30 s in its cell 3 (parameters, injected parameters, markdown, sleep)
    error, lines = _report(tmp_path, profile="timeout", timeout=2)
    assert error.failed == ["slow"]
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    (run,) = summary["runs"]
    assert run["status"] == "failed"
    assert run["error"]["ename"] == "CellTimeoutError"
    assert run["error"]["cell_index"] == 3
    assert "time.sleep(seconds)" in run["error"]["source"]
    assert run["duration_s"] < 20
    assert "slow" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_missing_kernel_is_installed_into_sys_prefix():
    name = "sanctions-toolkit-test-kernel"
    target = Path(sys.prefix) / "share" / "jupyter" / "kernels" / name
    shutil.rmtree(target, ignore_errors=True)
    try:
        assert ensure_kernel(name) == target
        spec = json.loads((target / "kernel.json").read_text(encoding="utf-8"))
        assert spec["argv"][0] == sys.executable
        assert spec["display_name"] == KERNEL_DISPLAY_NAME
        assert ensure_kernel(name) == target  # found, not reinstalled
    finally:
        shutil.rmtree(target, ignore_errors=True)
