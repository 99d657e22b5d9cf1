"""A notebook whose data is only in ../shared/data: skipped (not failed) when it is absent.

Notebook 05's default profile reads the Eurostat CN8 workbooks, which are never embedded.
Absence is simulated by pointing ``$SANCTIONS_TOOLKIT_SHARED_DATA`` at an empty folder
(the shared data itself is left alone): the run is ``skipped``, names what it needs, and
``make report`` does not fail. With the shared data there, the same run is ``ok``.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.report.test_report_pages import rendered_text
from toolkit.errors import ParameterError, SharedDataMissing
from toolkit.paths import SHARED_DATA_ENV
from toolkit.report.html import index_html
from toolkit.report.results import RunResult, describe
from toolkit.themes.resilience.circumvention_later import shared_paths

NOTEBOOK = "05-circumvention"


def test_shared_paths_raise_what_the_run_needs(monkeypatch, tmp_path):
    """An empty shared folder: the error is a ParameterError naming the folder it needs."""
    monkeypatch.setenv(SHARED_DATA_ENV, str(tmp_path))
    with pytest.raises(SharedDataMissing) as info:
        shared_paths()
    assert isinstance(info.value, ParameterError)
    assert info.value.key == "cn8_dir"
    assert info.value.needs.startswith("../shared/data/eurostat-cn8-exports (Eurostat CN8")
    assert str(info.value).endswith(f"[needs {info.value.needs}]")
    (tmp_path / "eurostat-cn8-exports").mkdir()  # the next missing input is named
    with pytest.raises(SharedDataMissing, match="eurostat-comext-exports and eurostat-comext"):
        shared_paths()


def _entry(status, error=None):
    return {
        "notebook": NOTEBOOK,
        "profile": "default",
        "status": status,
        "error": error,
        "outputs": {} if status == "skipped" else {"html": f"{NOTEBOOK}.html"},
    }


def test_a_skipped_run_is_said_so_on_the_index_and_is_no_failure():
    needs = "../shared/data/eurostat-cn8-exports (Eurostat CN8 files)"
    error = {"ename": "SharedDataMissing", "evalue": f"... [needs {needs}]", "needs": needs}
    result = RunResult.from_dict(_entry("skipped", error))
    assert result.skipped and not result.ok
    assert describe(result) == f"{NOTEBOOK}: skipped: needs {needs}"
    page = rendered_text(index_html([_entry("ok"), result], profile="default", generated="x"))
    assert "1 ok, 0 failed, 1 not run (data absent)" in " ".join(page.split())
    assert f"not run: needs {needs}" in page


@pytest.mark.notebook
@pytest.mark.timeout(600)
def test_notebook_05_without_shared_data_is_skipped(monkeypatch, tmp_path):
    """``make report`` on a machine without ../shared/data: 05 skipped, the report not failed."""
    from toolkit.report.runner import run_report

    monkeypatch.setenv(SHARED_DATA_ENV, str(tmp_path / "empty-shared"))
    (tmp_path / "empty-shared").mkdir()
    lines: list[str] = []
    out = tmp_path / "latest"
    entries = run_report(only=[NOTEBOOK], out=out, progress=lines.append)  # raises if failed
    (entry,) = entries
    assert entry["status"] == "skipped"
    assert entry["error"]["ename"] == "SharedDataMissing"
    assert entry["error"]["needs"].startswith("../shared/data/eurostat-cn8-exports")
    assert entry["outputs"] == {}  # no page with a traceback
    assert not (out / f"{NOTEBOOK}.html").exists()
    assert any(re.search(r"05-circumvention: skipped: needs \.\./shared/data/", x) for x in lines)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["runs"][0]["status"] == "skipped"
    index = rendered_text((out / "index.html").read_text(encoding="utf-8"))
    assert "not run: needs ../shared/data/eurostat-cn8-exports" in index


@pytest.mark.notebook
@pytest.mark.timeout(1800)
def test_notebook_05_with_shared_data_runs(shared_file, tmp_path):
    """The same run with the shared files there is ok, and lists its computed datasets."""
    from toolkit.report.runner import run_report

    shared_file("eurostat-cn8-exports")
    (entry,) = run_report(only=[NOTEBOOK], out=tmp_path / "latest", progress=lambda line: None)
    assert entry["status"] == "ok", entry["error"]
    datasets = {d["name"]: d for d in entry["datasets"]}
    totals = datasets["cn8_group_totals"]
    assert totals["kind"] == "computed" and totals["derived_from"] == "eurostat_cn8, chpl"
    assert totals["as_of"] == "2022-11" and totals["cadence"] == "monthly"
    assert {"eurostat_cn8", "chpl", "comext", "imf_imts"} <= set(datasets)
