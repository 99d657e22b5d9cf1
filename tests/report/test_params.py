"""Params profiles: the declared parameters cell, and every way a profile can be wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from toolkit.errors import ParameterError
from toolkit.paths import SHARED_DATA_ENV, shared_data_dir
from toolkit.report.params import (
    load_profile,
    notebook_parameters,
    parse_parameters,
    profile_names,
    read_yaml,
)

FIXTURES = Path(__file__).resolve().parents[1] / "notebooks"

CONSTRAINTS = """\
start_year: {min: 1992, max: 2030}
end_year: {min: 1992, max: 2030, gte: start_year}
freq: {choices: [annual, monthly]}
flows: {choices: [exports, imports, balance, total]}
scale: {min: 0.0}
"""


@pytest.fixture
def project(tmp_path):
    """A notebook declaring parameters of every checked type, with its params folder."""
    shutil.copy(FIXTURES / "params_demo.ipynb", tmp_path / "params_demo.ipynb")
    folder = tmp_path / "params" / "params_demo"
    folder.mkdir(parents=True)
    (folder / "_constraints.yaml").write_text(CONSTRAINTS, encoding="utf-8")
    return tmp_path


def write_profile(project, text: str, name: str = "p") -> Path:
    path = project / "params" / "params_demo" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load(project, text: str):
    nb = project / "params_demo.ipynb"
    return load_profile(write_profile(project, text), notebook_parameters(nb), notebook=nb)


def test_declared_parameters_types_defaults_and_comments():
    params = notebook_parameters(FIXTURES / "params_demo.ipynb")
    assert list(params) == [
        "start_year",
        "end_year",
        "freq",
        "flows",
        "scale",
        "log_scale",
        "options",
        "data_path",
        "cutoff",
        "note",
    ]
    assert params["start_year"].type == "int"
    assert params["start_year"].default == 1992
    assert params["start_year"].help == "first year shown"
    assert (params["flows"].type, params["flows"].item_type) == ("list", "str")
    assert params["flows"].default == ["exports", "imports"]
    assert params["options"].type == "dict"
    assert params["log_scale"].type == "bool"
    # no annotation: the type comes from the literal default
    assert params["cutoff"].type == "str"
    assert params["cutoff"].default == "2024-06-30"
    assert params["note"].nullable and params["note"].type == "str"
    assert not params["start_year"].nullable


def test_parse_parameters_tolerates_magics_and_expressions():
    params = parse_parameters("%matplotlib inline\nyears: list[int] = list(range(3))  # computed\n")
    # an expression default cannot be checked, but the declared type still is
    assert params["years"].type == "list" and params["years"].item_type == "int"
    assert params["years"].default is None
    assert params["years"].help == "computed"


def test_parameters_cell_with_a_syntax_error_names_the_cell():
    with pytest.raises(ParameterError, match=r"cell 3.*not valid Python \(line 1"):
        parse_parameters("start_year: int = = 3", origin="x.ipynb, cell 3")


def test_notebook_without_parameters_cell(tmp_path):
    import nbformat

    path = tmp_path / "plain.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1")]
    nbformat.write(nb, path)
    with pytest.raises(ParameterError, match="no cell tagged 'parameters'") as info:
        notebook_parameters(path)
    assert info.value.source == str(path)


def test_a_valid_profile_returns_its_values(project):
    values = load(
        project,
        "start_year: 2021\nend_year: 2024\nfreq: monthly\nflows: [imports]\nscale: 2\n"
        "cutoff: 2024-06-30\nnote: null\n",
    )
    assert values["start_year"] == 2021
    # YAML dates stay ISO strings, as papermill's CLI passes them
    assert values["cutoff"] == "2024-06-30"
    assert values["scale"] == 2  # an int is a valid float
    assert values["note"] is None
    assert values["flows"] == ["imports"]


def test_empty_profile_means_notebook_defaults(project):
    assert load(project, "") == {}


def test_unknown_key_names_file_key_and_declared_keys(project):
    with pytest.raises(ParameterError) as info:
        load(project, "start_yaer: 2000\n")
    err = info.value
    assert err.key == "start_yaer"
    assert err.source.endswith("params/params_demo/p.yaml")
    assert "unknown parameter" in str(err) and "start_year" in str(err)


@pytest.mark.parametrize(
    "text, key, expected",
    [
        ('start_year: "2000"\n', "start_year", "expected int, got '2000' (str)"),
        ("start_year: 2000.5\n", "start_year", "expected int, got 2000.5 (float)"),
        ("start_year: true\n", "start_year", "expected int, got True (bool)"),  # bool is not int
        ("start_year: null\n", "start_year", "expected int, got None (null)"),
        ("log_scale: 1\n", "log_scale", "expected bool, got 1 (int)"),
        ("flows: exports\n", "flows", "expected list[str], got 'exports' (str)"),
        ("flows: [exports, 3]\n", "flows", "expected list[str]"),
        ("options: [a]\n", "options", "expected dict"),
        ("freq: 12\n", "freq", "expected str, got 12 (int)"),
    ],
)
def test_wrong_type(project, text, key, expected):
    with pytest.raises(ParameterError) as info:
        load(project, text)
    assert info.value.key == key
    assert expected in str(info.value)
    assert "p.yaml" in str(info.value)


def test_end_year_before_start_year(project):
    with pytest.raises(ParameterError) as info:
        load(project, "start_year: 2022\nend_year: 2021\n")
    assert info.value.key == "end_year"
    assert "2021 must be at least start_year = 2022" in str(info.value)
    assert info.value.source.endswith("p.yaml")


def test_start_after_the_default_end_is_blamed_on_the_profile(project):
    # end_year keeps its default 2024; the profile's start_year 2026 makes it impossible
    with pytest.raises(ParameterError) as info:
        load(project, "start_year: 2026\n")
    assert info.value.key == "end_year"
    assert info.value.source.endswith("p.yaml")


def test_year_before_1992(project):
    with pytest.raises(ParameterError) as info:
        load(project, "start_year: 1991\n")
    assert info.value.key == "start_year"
    assert "1991 is too small; expected at least 1992" in str(info.value)


def test_choices_and_list_items(project):
    with pytest.raises(ParameterError, match=r"'weekly' is not allowed; expected one of"):
        load(project, "freq: weekly\n")
    with pytest.raises(ParameterError, match=r"item 'transit' is not allowed") as info:
        load(project, "flows: [exports, transit]\n")
    assert info.value.key == "flows"


def test_malformed_yaml_names_file_and_line(project):
    with pytest.raises(ParameterError) as info:
        load(project, "start_year: 2000\nend_year: [2024\n")
    message = str(info.value)
    assert "p.yaml" in message and "malformed YAML at line" in message


def test_yaml_that_is_not_a_mapping(project):
    with pytest.raises(ParameterError, match="expected a mapping of parameter names to values"):
        load(project, "- start_year\n- 2000\n")


def test_unresolvable_env_var_names_file_and_key(project, monkeypatch):
    monkeypatch.delenv("SANCTIONS_TOOLKIT_NO_SUCH_VAR", raising=False)
    with pytest.raises(ParameterError) as info:
        load(project, "data_path: ${SANCTIONS_TOOLKIT_NO_SUCH_VAR}/x.xlsx\n")
    assert info.value.key == "data_path"
    assert "p.yaml" in str(info.value)
    assert "${SANCTIONS_TOOLKIT_NO_SUCH_VAR} cannot be resolved" in str(info.value)


def test_env_var_is_expanded(project, monkeypatch, tmp_path):
    monkeypatch.setenv(SHARED_DATA_ENV, str(tmp_path))
    (tmp_path / "census").mkdir()
    (tmp_path / "census" / "country.xlsx").write_bytes(b"")
    values = load(project, "data_path: ${SANCTIONS_TOOLKIT_SHARED_DATA}/census/country.xlsx\n")
    assert values["data_path"] == f"{tmp_path}/census/country.xlsx"


def test_an_env_path_that_does_not_exist_fails_validation(project, monkeypatch, tmp_path):
    """Before any kernel starts, not inside the notebook after it did."""
    monkeypatch.setenv(SHARED_DATA_ENV, str(tmp_path / "no-such-folder"))
    with pytest.raises(ParameterError) as info:
        load(project, "data_path: ${SANCTIONS_TOOLKIT_SHARED_DATA}/census/country.xlsx\n")
    assert info.value.key == "data_path" and "p.yaml" in str(info.value)
    assert (
        f"resolves to {tmp_path}/no-such-folder/census/country.xlsx, which does not exist"
        in str(info.value)
    )


def test_shared_data_var_defaults_to_the_shared_folder(project, monkeypatch):
    monkeypatch.delenv(SHARED_DATA_ENV, raising=False)
    text = "data_path: ${SANCTIONS_TOOLKIT_SHARED_DATA}/x\n"
    found = shared_data_dir()
    if found is None:
        with pytest.raises(ParameterError, match="no ../shared/data folder beside the checkout"):
            load(project, text)
    else:
        with pytest.raises(ParameterError, match="which does not exist"):
            load(project, text)  # the folder is found; x is not in it


@pytest.mark.parametrize(
    "rules, expected",
    [
        ("stat_year: {min: 1992}\n", "constraint on an undeclared parameter"),
        ("start_year: {minimum: 1992}\n", "unknown rule 'minimum'"),
        ("end_year: {gte: start}\n", "'gte' names 'start', which is not a declared parameter"),
        ("freq: {choices: annual}\n", "'choices' must be a list"),
        ("freq: annual\n", "expected a mapping of rules"),
    ],
)
def test_bad_constraints_file(project, rules, expected):
    (project / "params" / "params_demo" / "_constraints.yaml").write_text(rules, encoding="utf-8")
    with pytest.raises(ParameterError, match=expected) as info:
        load(project, "")
    assert info.value.source.endswith("_constraints.yaml")


def test_default_breaking_a_constraint_names_the_notebook(project):
    rules = "start_year: {min: 2000}\n"
    (project / "params" / "params_demo" / "_constraints.yaml").write_text(rules, encoding="utf-8")
    with pytest.raises(ParameterError, match=r"params_demo.ipynb \(defaults\), key 'start_year'"):
        load(project, "")


def test_incomparable_bound(project):
    rules = "freq: {min: 3}\n"
    (project / "params" / "params_demo" / "_constraints.yaml").write_text(rules, encoding="utf-8")
    with pytest.raises(ParameterError, match="'annual' cannot be compared with min 3"):
        load(project, "")


def test_profile_names_skip_underscore_files(project):
    write_profile(project, "", "default")
    write_profile(project, "", "monthly")
    assert profile_names(project / "params" / "params_demo") == ["default", "monthly"]
    assert profile_names(project / "params" / "absent") == []


def test_read_yaml_missing_file(tmp_path):
    with pytest.raises(ParameterError, match="params file not found"):
        read_yaml(tmp_path / "nope.yaml")
