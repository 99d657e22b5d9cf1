"""The checks framework: the themes' checks gathered by discovery, none imported statically."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import toolkit.claims
import toolkit.themes
from toolkit.claims import checks
from toolkit.errors import ToolkitError

THEMES = sorted(i.name for i in pkgutil.iter_modules(toolkit.themes.__path__) if i.ispkg)


def test_every_theme_declares_its_checks():
    assert THEMES == ["easing", "resilience", "sanctions", "trade"]
    union = {}
    for theme in THEMES:
        module = importlib.import_module(f"toolkit.themes.{theme}.checks")
        assert module.CHECKS, theme
        assert not set(module.CHECKS) & set(union), theme
        union.update(module.CHECKS)
    assert checks.CHECKS == union
    assert set(checks.SEARCHES) == {
        "trade_value",
        "trade_change_pct",
        "trade_fall",
        "trade_fall_factor",
    }


def test_claims_package_imports_no_theme():
    """``toolkit.claims`` reaches the themes only through discovery (importlib), never an import."""
    root = Path(toolkit.claims.__file__).parent
    for path in sorted(root.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            assert not any(n.startswith("toolkit.themes") for n in names), (path.name, names)


@pytest.fixture
def fresh_gather(monkeypatch):
    """Gather again on the next access (and restore the real mapping afterwards)."""
    monkeypatch.setattr(checks, "_GATHERED", None)
    yield
    checks._GATHERED = None


def test_a_check_declared_twice_is_an_error(fresh_gather, monkeypatch):
    trade = importlib.import_module("toolkit.themes.trade.checks")
    monkeypatch.setitem(trade.CHECKS, "price_cap", trade.trade_value)  # also a sanctions check
    with pytest.raises(ToolkitError, match="'price_cap' is declared by both"):
        checks.gather()


def test_a_search_must_name_a_check(fresh_gather, monkeypatch):
    trade = importlib.import_module("toolkit.themes.trade.checks")
    monkeypatch.setitem(trade.SEARCHES, "no_such_check", trade.search)
    with pytest.raises(ToolkitError, match=r"searches \['no_such_check'\] name no check"):
        checks.gather()


def test_check_arguments_names_what_the_check_takes():
    assert checks.check_arguments("trade_value", {"flow": "total", "year": 2021}) == ""
    wrong = checks.check_arguments("trade_value", {"flow": "total", "yr": 2021})
    assert "trade_value takes flow, year" in wrong


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="NO_SUCH"):
        checks.NO_SUCH  # noqa: B018
