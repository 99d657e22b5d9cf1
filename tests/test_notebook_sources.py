"""Notebooks' ``source`` parameter: "cache" reads the files `data fetch` put in the cache, a
folder reads the files kept there; both run through papermill like a batch report."""

from __future__ import annotations

import pytest
import yaml
from support.http_server import LocalServer

from toolkit.paths import notebooks_dir, params_dir
from toolkit.report.execute import execute_run
from toolkit.report.params import ParameterError, check_profile
from toolkit.report.runner import Run
from toolkit.sources.fetch import CACHE_ENV, fetch

SETS = {
    "ofac_sdn": "ofac-lists/sdn-2021-07-bench",
    "ofac_consolidated": "ofac-lists/non-sdn-consolidated-2025-12",
    "opensanctions": "opensanctions-ua-war-sanctions",
    "census_country": "census-country-trade",
    "gsdb": "gsdb-v3",
    "ties": "ties-v4.1",
}
NEEDS = {
    "01-sanctions-regime": ["ofac_sdn", "ofac_consolidated", "opensanctions"],
    "02-resilience": ["census_country"],
    "03-trade": ["census_country"],
    "04-easing-hurdles": ["gsdb", "ties"],
}


@pytest.fixture(scope="module")
def cache(shared_data, tmp_path_factory):
    """A cache filled by `data fetch` from the real files served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("cache")
    server = LocalServer(shared_data)
    try:
        for name, folder in SETS.items():
            fetch(name, base_url=f"{server.url}/real/{folder}/", cache=root)
    finally:
        server.close()
    return root


def _run(notebook, values_yaml: dict, tmp_path):
    path = notebooks_dir() / f"{notebook}.ipynb"
    params_file = tmp_path / "params" / notebook / "source.yaml"
    params_file.parent.mkdir(parents=True)
    (params_file.parent / "_constraints.yaml").write_text(
        (params_dir() / notebook / "_constraints.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    params_file.write_text(yaml.safe_dump(values_yaml), encoding="utf-8")
    values = check_profile(path, params_file)
    entry = execute_run(Run(path, "source", params_file, values), tmp_path / "out")
    if entry["status"] != "ok":
        err = entry["error"]
        pytest.fail(
            f"{notebook} failed at cell {err['cell_index']}: {err['ename']}: {err['evalue']}"
        )
    return (tmp_path / "out" / f"{notebook}.ipynb").read_text(encoding="utf-8")


@pytest.mark.notebook
@pytest.mark.timeout(600)
@pytest.mark.parametrize("notebook", sorted(NEEDS))
def test_notebook_reads_the_cache(notebook, cache, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(cache))
    executed = _run(notebook, {"source": "cache"}, tmp_path)
    # the provenance of the fetched file is printed: its URL, retrieval time and sha256
    assert "127.0.0.1" in executed and "retrieved 20" in executed and "sha256 " in executed
    if notebook == "01-sanctions-regime":
        assert "8,976 entries" in executed  # the bench set's sdn.csv (PROVENANCE.md)
        assert "entries in" in executed  # the Consolidated list came from the cache too
    if notebook == "04-easing-hurdles":
        assert executed.count("retrieved 20") >= 2  # both GSDB and TIES from the cache


@pytest.mark.notebook
@pytest.mark.timeout(600)
def test_notebook_reads_a_folder(shared_data, tmp_path):
    executed = _run("03-trade", {"source": str(shared_data / SETS["census_country"])}, tmp_path)
    assert "no download record" in executed  # a plain folder: the file has no sidecar


def test_source_parameter_is_checked(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "empty-cache"))
    path = notebooks_dir() / "03-trade.ipynb"
    params_file = params_dir() / "03-trade" / "default.yaml"
    assert check_profile(path, params_file)["source"] == "embedded"
    bad = tmp_path / "params" / "03-trade" / "typo.yaml"
    bad.parent.mkdir(parents=True)
    (bad.parent / "_constraints.yaml").write_text(
        (params_dir() / "03-trade" / "_constraints.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    bad.write_text("source: cahce\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"'cahce' is not allowed; .* or an existing folder"):
        check_profile(path, bad)


@pytest.mark.notebook
@pytest.mark.timeout(600)
def test_empty_cache_names_the_fetch_command(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "empty-cache"))
    path = notebooks_dir() / "03-trade.ipynb"
    params_file = tmp_path / "source.yaml"
    params_file.write_text("source: cache\n", encoding="utf-8")
    values = check_profile(path, params_file)
    entry = execute_run(Run(path, "source", params_file, values), tmp_path / "out")
    assert entry["status"] != "ok"
    assert entry["error"]["ename"] == "ParameterError"
    assert "run `sanctions-toolkit data fetch census_country`" in entry["error"]["evalue"]
