"""Sweeps: a ``sweep:`` grid in a params file, its validation, --dry-run, and --jobs equal to serial."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from toolkit.cli import main
from toolkit.errors import ParameterError
from toolkit.report.runner import ParameterErrors, find_runs, run_report
from toolkit.report.sweeps import MAX_RUNS, expand_profile, variant_label

FIXTURES = Path(__file__).resolve().parents[1] / "notebooks_scale"
PARAMS = FIXTURES / "params"


@pytest.fixture
def project(tmp_path):
    """A copy of the grid fixture with its constraints, for profiles written by the tests."""
    (tmp_path / "params" / "grid").mkdir(parents=True)
    shutil.copy(FIXTURES / "grid.ipynb", tmp_path / "grid.ipynb")
    shutil.copy(PARAMS / "grid" / "_constraints.yaml", tmp_path / "params" / "grid")
    return tmp_path


def _profile(project, text: str) -> Path:
    path = project / "params" / "grid" / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(project, text: str) -> ParameterError:
    path = _profile(project, text)
    with pytest.raises(ParameterError) as info:
        expand_profile(project / "grid.ipynb", path)
    assert str(path) in str(info.value)
    return info.value


def test_grid_expands_to_every_combination_in_order(project):
    path = _profile(
        project, "scale: 2.0\nsweep:\n  partner: [DE, FR, IT]\n  base_year: [2014, 2021]\n"
    )
    variants = expand_profile(project / "grid.ipynb", path)
    assert [v.sweep for v in variants] == [
        {"partner": p, "base_year": y} for p in ("DE", "FR", "IT") for y in (2014, 2021)
    ]
    assert variants[0].values == {"scale": 2.0, "partner": "DE", "base_year": 2014}
    assert variants[-1].label == "partner-IT--base_year-2021"
    assert len({v.label for v in variants}) == 6


def test_profile_without_sweep_is_one_unlabelled_variant(project):
    path = _profile(project, "partner: FR\n")
    (variant,) = expand_profile(project / "grid.ipynb", path)
    assert (variant.label, variant.values, variant.sweep) == ("", {"partner": "FR"}, {})


def test_labels_are_file_name_safe():
    assert variant_label({"flows": ["exports", "imports"], "note": "a/b c"}) == (
        "flows-exports+imports--note-a_b_c"
    )
    assert variant_label({"x": None, "y": True}) == "x-none--y-true"


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ("sweep: [1, 2]\n", "sweep", "mapping"),
        ("sweep: {}\n", "sweep", "empty mapping"),
        ("sweep:\n  region: [a]\n", "sweep.region", "unknown parameter"),
        ("sweep:\n  base_year: 2014\n", "sweep.base_year", "non-empty list"),
        ("sweep:\n  base_year: []\n", "sweep.base_year", "non-empty list"),
        ("sweep:\n  base_year: [2014, x]\n", "sweep.base_year", "item 1 ('x', str): expected int"),
        ("sweep:\n  base_year: [2014, 2014]\n", "sweep.base_year", "repeats"),
        ("base_year: 2014\nsweep:\n  base_year: [2015]\n", "sweep.base_year", "both"),
        ("sweep:\n  base_year: [2014, 1990]\n", "sweep.base_year", "too small"),
        ("sweep:\n  partner: [DE, XX]\n", "sweep.partner", "'XX' is not allowed"),
        ("scale: high\nsweep:\n  partner: [DE]\n", "scale", "expected float"),
        ("colour: red\nsweep:\n  partner: [DE]\n", "colour", "unknown parameter"),
    ],
)
def test_bad_sweeps_name_file_and_key(project, text, key, words):
    error = _error(project, text)
    assert error.key == key
    assert words in str(error)


def test_constraint_error_names_the_combination(project):
    error = _error(project, "sweep:\n  partner: [DE, FR]\n  base_year: [2014, 1990]\n")
    assert "sweep combination partner='DE', base_year=1990" in str(error)


def test_too_many_combinations(project):
    years = list(range(2000, 2025))
    parts = [f"p{i}" for i in range(MAX_RUNS // len(years) + 1)]
    text = f"sweep:\n  base_year: {years}\n  scale: {[float(i) for i in range(len(parts))]}\n"
    error = _error(project, text)
    assert error.key == "sweep" and f"at most {MAX_RUNS}" in str(error)


def test_find_runs_names_each_combination_and_collects_every_bad_file(project):
    _profile(project, "sweep:\n  partner: [DE, FR]\n")
    runs = find_runs("p", notebooks=project, params=project / "params")
    assert [r.name for r in runs] == ["grid--partner-DE", "grid--partner-FR"]
    assert runs[1].parameters == {"partner": "FR"} and runs[1].sweep == {"partner": "FR"}
    _profile(project, "sweep:\n  partner: [DE, ZZ]\n")
    with pytest.raises(ParameterErrors) as info:
        find_runs("p", notebooks=project, params=project / "params")
    assert info.value.key == "sweep.partner"


def test_dry_run_lists_runs_and_starts_no_kernel(project, capsys, tmp_path):
    _profile(project, "scale: 0.5\nsweep:\n  partner: [DE, FR]\n  base_year: [2014, 2021]\n")
    out = tmp_path / "out"
    code = main(
        [
            "report",
            "--notebooks",
            str(project),
            "--params",
            str(project / "params"),
            "--profile",
            "p",
            "--out",
            str(out),
            "--dry-run",
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "4 run(s), profile 'p'" in text and "(dry run)" in text
    assert "grid--partner-FR--base_year-2014" in text
    assert "scale=0.5, partner='FR', base_year=2014" in text
    assert not out.exists()  # nothing written, no kernel started


def test_dry_run_reports_a_bad_sweep_with_exit_2(project, capsys):
    _profile(project, "sweep:\n  base_year: [1990]\n")
    args = ["report", "--notebooks", str(project), "--params", str(project / "params")]
    assert main([*args, "--profile", "p", "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "p.yaml" in err and "key 'sweep.base_year'" in err


def _values(path) -> list:
    nb = nbformat.read(path, as_version=4)
    return [
        out.get("text") or out.get("data", {}).get("text/plain")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    ]


@pytest.mark.notebook
@pytest.mark.timeout(300)
def test_jobs_2_gives_the_same_results_as_serial(tmp_path):
    serial = run_report(
        notebooks=FIXTURES, params=PARAMS, out=tmp_path / "serial", progress=lambda _: None
    )
    parallel = run_report(
        notebooks=FIXTURES, params=PARAMS, out=tmp_path / "jobs2", jobs=2, progress=lambda _: None
    )
    assert [e["notebook"] for e in parallel] == [e["notebook"] for e in serial]
    assert len(serial) == 4
    for entry in serial:
        name = entry["outputs"]["ipynb"]
        values = _values(tmp_path / "serial" / name)
        assert values and values == _values(tmp_path / "jobs2" / name)
    a = json.loads((tmp_path / "serial" / "summary.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "jobs2" / "summary.json").read_text(encoding="utf-8"))
    for x, y in zip(a["runs"], b["runs"], strict=True):
        assert (x["params"], x["sweep"], x["status"]) == (y["params"], y["sweep"], y["status"])
    # each combination's figure is written as SVG + CSV under its own run name, in both paths
    for x, y in zip(a["runs"], b["runs"], strict=True):
        assert [f["svg"] for f in x["figures"]] == [f"figures/{x['notebook']}/values.svg"]
        assert x["figures"] == y["figures"]
        svg, csv = x["figures"][0]["svg"], x["figures"][0]["csv"]
        assert (tmp_path / "jobs2" / svg).read_text(encoding="utf-8").count("<svg") == 1
        read = [(tmp_path / out / csv).read_text(encoding="utf-8") for out in ("serial", "jobs2")]
        assert read[0] == read[1]
    # DE: seed 68 + 69 = 137; 2012 = 1.5 * (137 + 7 * (2012 - 2014)): the plotted data
    csv = tmp_path / "jobs2" / "figures" / "grid--partner-DE--base_year-2014" / "values.csv"
    assert csv.read_text(encoding="utf-8").splitlines()[:2] == ["year,value", "2012,184.5"]
    # each combination's values reached its own notebook
    assert "partner: DE, base_year: 2014, total: 1027.500\n" in _values(
        tmp_path / "jobs2" / "grid--partner-DE--base_year-2014.ipynb"
    )
