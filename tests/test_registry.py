"""The dataset registry entry by entry, and ``import toolkit`` staying light."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

from toolkit.errors import ParameterError, ToolkitError, UnknownDatasetError
from toolkit.fields import Column
from toolkit.paths import DATA_DIR
from toolkit.registry import (
    KINDS,
    Dataset,
    check_columns,
    dataset_names,
    get_dataset,
    list_datasets,
    load,
)
from toolkit.sources import get_source, source_keys

NAMES = dataset_names()

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
        "as_of",
        "cadence",
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
            # the first shared file its source declares (../shared/data/PROVENANCE.md)
            options["path"] = request.getfixturevalue("shared_file")(get_source(name).shared[0])
    df = load(name, **options)
    assert len(df) > 0, f"{name}: no rows"
    source = df.attrs["source"]
    assert source["name"] == name
    for key in ("title", "publisher", "source", "vintage", "licence", "citation"):
        assert key in source
    assert source["publisher"] and source["licence"] and source["vintage"]
    declared = [c.name for c in ds.columns]
    assert set(declared) <= set(df.columns), f"{name}: missing {set(declared) - set(df.columns)}"


def test_every_source_has_a_reader_dataset_named_by_its_key():
    readers = {n for n in NAMES if get_dataset(n).kind == "reader"}
    assert readers == set(source_keys())
    for key in source_keys():
        ds, src = get_dataset(key), get_source(key)
        assert (ds.publisher, ds.licence, ds.theme) == (
            src.publisher,
            src.licence,
            src.dataset.theme,
        )
        assert ds.columns == src.dataset.columns
        assert src.shared, f"{key}: no shared file exercises the reader"


@pytest.mark.parametrize("name", [n for n in NAMES if get_dataset(n).derived_from])
def test_derived_datasets_take_publisher_and_url_from_their_sources(name):
    ds = get_dataset(name)
    for key in ds.derived_from:
        src = get_source(key)
        assert src.publisher in ds.publisher, (name, key)
        for url in src.urls()[:1]:
            assert url in ds.source or src.shared[0] in ds.source, (name, url)


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


# --- declared dtypes are checked -------------------------------------------------------------


def _frame(**columns):
    import pandas as pd

    return pd.DataFrame(columns)


@pytest.mark.parametrize(
    ("dtype", "values"),
    [
        ("int", [1, 2]),
        ("int", "Int64"),  # nullable integers
        ("int", [1.0, float("nan")]),  # integers stored as float beside a NaN
        ("float", [1.5, float("nan")]),
        ("float", [1, 2]),
        ("float", [None, None]),  # NaN only: pandas makes it object
        ("str", ["a", None]),
        ("date", "datetime"),
        ("bool", [True, False]),
        ("list", [["a"], []]),
        ("dict", [{"a": 1}, {}]),
        ("mixed", [1.5, "2025-03-14"]),
    ],
)
def test_declared_dtypes_accept_their_values(dtype, values):
    import pandas as pd

    if values == "Int64":
        series = pd.array([1, None], dtype="Int64")
    elif values == "datetime":
        series = pd.to_datetime(["2022-02-24", None])
    else:
        series = values
    check_columns("probe", (Column("x", dtype),), _frame(x=series))


@pytest.mark.parametrize(
    ("dtype", "values", "found"),
    [
        ("int", [1.5, 2.0], "float64"),
        ("int", [True, False], "bool"),
        ("float", ["1.5", "2"], "object"),
        ("str", [1, 2], "int64"),
        ("date", ["2022-02-24", "2022-03-01"], "object"),
        ("bool", [1, 0], "int64"),
        ("list", ["a;b", "c"], "object"),
        ("dict", [["a"], ["b"]], "object"),
    ],
)
def test_a_wrong_dtype_names_dataset_column_and_both_dtypes(dtype, values, found):
    with pytest.raises(ToolkitError) as info:
        check_columns("probe", (Column("x", dtype),), _frame(x=values))
    text = str(info.value)
    assert "'probe'" in text and "'x'" in text and f"declared {dtype}" in text and found in text


def test_load_fails_on_a_loader_returning_a_wrong_dtype(monkeypatch):
    """A real registry entry whose loader returns text where the catalog declares numbers."""
    from toolkit import registry

    ds = Dataset(
        name="probe_wrong_dtype",
        title="t",
        publisher="p",
        source="s",
        vintage="v",
        licence="l",
        kind="embedded",
        theme="common",
        loader="tests_probe:load",
        columns=(Column("year", "int"), Column("value_usd_m", "float")),
    )
    module = type(sys)("tests_probe")
    module.load = lambda: _frame(year=[2021, 2022], value_usd_m=["29.6", "14.4"])
    monkeypatch.setitem(sys.modules, "tests_probe", module)
    registry._discover()
    monkeypatch.setitem(registry._REGISTRY, ds.name, ds)
    with pytest.raises(ToolkitError, match="column 'value_usd_m' is declared float .* object"):
        load(ds.name)
    module.load = lambda: _frame(year=[2021, 2022], value_usd_m=[29.6, 14.4])
    assert len(load(ds.name)) == 2


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
