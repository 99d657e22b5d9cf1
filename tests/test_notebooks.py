"""Every theme notebook: its layout, and a papermill run of every params profile it has."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.paths import SHARED_DATA_ENV, notebooks_dir, params_dir, shared_data_dir
from toolkit.report.execute import KERNEL_NAME, execute_run
from toolkit.report.params import (
    CONSTRAINTS_FILE,
    load_constraints,
    notebook_parameters,
    profile_names,
    uses_env,
)
from toolkit.report.runner import Run, find_runs
from toolkit.report.sweeps import expand_profile

NOTEBOOKS = sorted(notebooks_dir().glob("[0-9][0-9]-*.ipynb"))
THEME_NOTEBOOKS = [nb for nb in NOTEBOOKS if not nb.stem.startswith("00-")]
TEMPLATE = notebooks_dir() / "_template.ipynb"
PROFILES = [(nb, name) for nb in NOTEBOOKS for name in profile_names(params_dir() / nb.stem)]


def _ids(value):
    return value.stem if isinstance(value, Path) else str(value)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=_ids)
def test_notebook_layout(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == KERNEL_NAME
    assert nb["metadata"]["kernelspec"]["language"] == "python"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0].get("metadata", {}).get("tags", []), "first code cell untagged"
    assert notebook_parameters(notebook), "the parameters cell declares nothing"
    # committed stripped (nbstripout): no outputs, no execution counts, no widget state
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert "widgets" not in nb["metadata"]
    default = params_dir() / notebook.stem / "default.yaml"
    assert default.is_file(), "no default profile"
    # `make report` runs the default profiles on embedded data only
    assert not uses_env(default, SHARED_DATA_ENV), "default.yaml reads the shared data folder"


def _code(notebook) -> list[str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("notebook", [*THEME_NOTEBOOKS, TEMPLATE], ids=_ids)
def test_theme_notebooks_use_the_helpers(notebook):
    """The source resolution and the claims section come from toolkit.notebook, not copied code."""
    code = _code(notebook)
    text = "\n".join(code)
    assert "from toolkit.notebook import" in code[1]  # the import cell, after the parameters
    assert "toolkit.sources.fetch" not in text and "theme_audit" not in text
    assert "theme_claims(" in text and "source_path(source" in text
    closing = next(c for c in reversed(code) if "show_claims(" in c)
    assert "show_claims(claims, " in closing and "claims.verdict.notna().all()" in closing


def test_template_layout_and_not_in_the_report():
    nb = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == KERNEL_NAME
    first = nb["cells"][0]
    assert first["cell_type"] == "code" and "parameters" in first["metadata"]["tags"]
    assert set(notebook_parameters(TEMPLATE)) == {"source", "census_path", "start_year"}
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    # a template, not a report page: no params folder, so `make report` does not run it
    assert not (params_dir() / TEMPLATE.stem).exists()
    assert TEMPLATE.name not in {run.notebook.name for run in find_runs()}


@pytest.mark.notebook
@pytest.mark.timeout(600)
def test_template_runs(tmp_path):
    params_file = tmp_path / "template.yaml"
    params_file.write_text("start_year: 2016\n", encoding="utf-8")
    entry = execute_run(Run(TEMPLATE, "template", params_file, {"start_year": 2016}), tmp_path)
    assert entry["status"] == "ok", entry["error"]
    executed = (tmp_path / f"{TEMPLATE.stem}.ipynb").read_text(encoding="utf-8")
    assert "claim(s):" in executed and "different-source" in executed


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=_ids)
def test_constraints_are_valid(notebook):
    path = params_dir() / notebook.stem / CONSTRAINTS_FILE
    if not path.exists():
        pytest.skip(f"{notebook.stem} has no {CONSTRAINTS_FILE}")
    load_constraints(path, notebook_parameters(notebook))


def test_every_params_folder_has_its_notebook():
    folders = (
        {p.name for p in params_dir().iterdir() if p.is_dir()} if params_dir().is_dir() else set()
    )
    assert folders - {nb.stem for nb in NOTEBOOKS} == set()


@pytest.mark.notebook
@pytest.mark.timeout(600)
@pytest.mark.parametrize("notebook, profile", PROFILES, ids=_ids)
def test_profile_runs(notebook, profile, tmp_path):
    params_file = params_dir() / notebook.stem / f"{profile}.yaml"
    if uses_env(params_file, SHARED_DATA_ENV) and shared_data_dir() is None:
        pytest.skip(
            f"{params_file.name} reads ${{{SHARED_DATA_ENV}}}: no ../shared/data beside the "
            f"checkout and ${SHARED_DATA_ENV} unset"
        )
    needs = (
        json.loads(notebook.read_text(encoding="utf-8"))["metadata"]
        .get("sanctions_toolkit", {})
        .get("needs_shared_data", [])
    )
    root = shared_data_dir()
    if needs and (root is None or not all((root / n).exists() for n in needs)):
        pytest.skip(f"{notebook.name} needs the real files {', '.join(needs)} (../shared/data)")
    for variant in expand_profile(notebook, params_file):  # one run, or one per sweep combination
        run = Run(notebook, profile, params_file, variant.values, variant.label, variant.sweep)
        entry = execute_run(run, tmp_path)
        if entry["status"] != "ok":
            err = entry["error"]
            pytest.fail(
                f"{run.name} with {profile}.yaml failed at cell {err['cell_index']}: "
                f"{err['ename']}: {err['evalue']}"
            )
        assert entry["cells_s"] > 0
        page = (tmp_path / f"{run.name}.html").read_text(encoding="utf-8")
        # offline, a widget view renders blank: the report must show each view's static twin
        assert "application/vnd.jupyter.widget-view+json" not in page
        executed = (tmp_path / f"{run.name}.ipynb").read_text(encoding="utf-8")
        if "application/vnd.jupyter.widget-view+json" in executed:
            assert "Static view of the default settings" in page
