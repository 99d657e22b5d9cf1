"""The themes' public surfaces: each package re-exports its analysis modules' names, lazily."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

from toolkit.themes._lazy import lazy_surface

THEMES = ("easing", "resilience", "sanctions", "trade")
#: Modules of a theme that are not analysis (declarations, plots and views, claim checks).
NOT_ANALYSIS = {"datasets", "plots", "views", "checks"}


def _analysis_modules(theme):
    package = importlib.import_module(f"toolkit.themes.{theme}")
    names = [m.name for m in pkgutil.iter_modules(package.__path__)]
    return [
        importlib.import_module(f"{package.__name__}.{name}")
        for name in sorted(names)
        if name not in NOT_ANALYSIS and not name.startswith("_")
    ]


@pytest.mark.parametrize("theme", THEMES)
def test_every_analysis_module_declares_all_and_defines_it(theme):
    modules = _analysis_modules(theme)
    assert modules
    for module in modules:
        assert isinstance(getattr(module, "__all__", None), list), module.__name__
        assert len(set(module.__all__)) == len(module.__all__), module.__name__
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.__all__ names {name!r}"


@pytest.mark.parametrize("theme", THEMES)
def test_package_surface_is_the_union_of_its_modules(theme):
    package = importlib.import_module(f"toolkit.themes.{theme}")
    modules = _analysis_modules(theme)
    homes = {name: m for m in modules for name in m.__all__}
    # a name in two modules would make the surface ambiguous
    assert sum(len(m.__all__) for m in modules) == len(homes)
    assert sorted(package.__all__) == sorted(homes)
    for name, module in homes.items():
        assert getattr(package, name) is getattr(module, name), name
    assert set(package.__all__) <= set(dir(package))


def test_surface_gives_modules_and_refuses_unknown_names():
    from toolkit.themes import trade

    assert trade.plots.__name__ == "toolkit.themes.trade.plots"
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        trade.no_such_name  # noqa: B018
    with pytest.raises(AttributeError):
        trade._private  # noqa: B018


def test_lazy_surface_refuses_a_name_twice_or_a_module_name():
    with pytest.raises(ValueError, match="'f'"):
        lazy_surface("pkg", {"a": ("f",), "b": ("f",)})
    with pytest.raises(ValueError, match="'b'"):
        lazy_surface("pkg", {"a": ("b",), "b": ("g",)})


@pytest.mark.parametrize("theme", THEMES)
def test_importing_a_theme_or_its_declarations_imports_no_pandas(theme):
    code = (
        f"import sys, toolkit.themes.{theme}, toolkit.themes.{theme}.datasets\n"
        "assert 'pandas' not in sys.modules, 'pandas imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
