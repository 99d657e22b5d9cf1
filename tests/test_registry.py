"""The dataset registry entry by entry, and ``import toolkit`` staying light."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

from toolkit.errors import ParameterError, UnknownDatasetError
from toolkit.paths import DATA_DIR
from toolkit.registry import KINDS, dataset_names, get_dataset, list_datasets, load

NAMES = dataset_names()

#: Readers whose loader needs ``path=``: the real file each is tested on (../shared/data/PROVENANCE.md).
READER_FILES = {
    "census_country": "census-country-trade/country.xlsx",
    "gsdb_cases": "gsdb-v3/GSDB_V3.csv",
    "ofac_consolidated": "ofac-lists/non-sdn-consolidated-2025-12/cons_prim.csv",
    "ofac_sdn": "ofac-sdn-snapshots/2024-05-03/sdn.csv",
    "opensanctions_targets": "opensanctions-ua-war-sanctions/targets.simple.csv",
    "rosstat_trade": "rosstat-trade-by-country/96stran.xlsx",
    "ties_cases": "ties-v4.1/TIESv4-1.xls",
}
THEMES = {"trade", "sanctions", "resilience", "easing", "common"}


def test_list_datasets_has_one_row_per_declaration():
    df = list_datasets()
    assert list(df.columns) == [
        "name",
        "title",
        "publisher",
        "source",
        "vintage",
        "licence",
        "kind",
        "theme",
    ]
    assert sorted(df["name"]) == NAMES
    assert df["name"].is_unique


@pytest.mark.parametrize("name", NAMES)
def test_declaration_has_provenance(name):
    ds = get_dataset(name)
    for field in ("title", "publisher", "source", "vintage", "licence"):
        assert getattr(ds, field).strip(), f"{name}: empty {field}"
    assert ds.kind in KINDS
    assert ds.theme in THEMES, f"{name}: theme {ds.theme!r}"
    assert callable(ds.load_function())
    assert ds.columns, f"{name}: no declared columns"
    for file in ds.files:
        if ds.kind == "embedded":
            assert (DATA_DIR / file).is_file(), f"{name}: declared file {file} is missing"


def _loader_needs_a_path(name) -> bool:
    params = inspect.signature(get_dataset(name).load_function()).parameters.values()
    return any(p.default is p.empty and p.kind is not p.VAR_KEYWORD for p in params)


@pytest.mark.parametrize("name", NAMES)
def test_loads_with_provenance(name, request):
    ds = get_dataset(name)
    options = {}
    if ds.kind == "reader":
        request.getfixturevalue("shared_data")  # reader defaults read ../shared/data
        if _loader_needs_a_path(name):
            if name not in READER_FILES:
                pytest.skip(f"{name}: needs path=; add its real file to READER_FILES")
            options["path"] = request.getfixturevalue("shared_file")(READER_FILES[name])
    df = load(name, **options)
    assert len(df) > 0, f"{name}: no rows"
    source = df.attrs["source"]
    assert source["name"] == name
    for key in ("title", "publisher", "source", "vintage", "licence", "citation"):
        assert key in source
    assert source["publisher"] and source["licence"] and source["vintage"]
    declared = [c.name for c in ds.columns]
    assert set(declared) <= set(df.columns), f"{name}: missing {set(declared) - set(df.columns)}"


def test_every_embedded_csv_is_declared():
    declared = {f for name in NAMES for f in get_dataset(name).files}
    shipped = {p.name for p in DATA_DIR.glob("*.csv")}
    assert shipped - declared == set(), "embedded CSV files no dataset declares"


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(UnknownDatasetError) as info:
        load("us_russia_trad")
    assert info.value.known == NAMES
    if NAMES:
        assert NAMES[0] in str(info.value)


@pytest.mark.skipif(not NAMES, reason="no dataset registered yet")
def test_unknown_option_names_the_key():
    name = next(n for n in NAMES if get_dataset(n).kind == "embedded")
    with pytest.raises(ParameterError) as info:
        load(name, no_such_option=1)
    assert info.value.key == "no_such_option"
    assert name in str(info.value)


def _modules_after(code: str) -> list[str]:
    heavy = [
        "pandas",
        "numpy",
        "matplotlib",
        "seaborn",
        "ipywidgets",
        "papermill",
        "nbformat",
        "nbconvert",
        "yaml",
        "openpyxl",
        "lifelines",
        "IPython",
    ]
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_import_toolkit_is_light():
    # a real check, not a timing: nothing heavy is imported by `import toolkit`
    assert _modules_after("import toolkit") == []


def test_catalog_imports_no_pandas():
    assert _modules_after("import toolkit.registry as r; r.dataset_names()") == []


def test_cli_and_params_import_light():
    # `sanctions-toolkit --help` and params parsing start without pandas or papermill
    assert _modules_after("import toolkit.cli, toolkit.report.params, toolkit.report.runner") == []
