"""No import cycle in ``toolkit``: the module graph, read with ``ast``, is acyclic.

Every ``import`` and ``from ... import`` counts, also those inside functions (the
toolkit imports heavy modules lazily, and a lazy cycle is a cycle all the same). A
package's ``__init__`` importing its own submodules to re-export them is left out: that
is how a package presents its parts, not a dependency between them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import toolkit

ROOT = Path(toolkit.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _imported(node, module: str, is_package: bool) -> list[str]:
    """Return the names an import statement imports (modules, or ``module.attribute``)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:  # relative: resolve against the importing module's package
        package = module if is_package else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    return [base] + [f"{base}.{alias.name}" for alias in node.names]


def import_graph() -> dict[str, set[str]]:
    """Return module -> the toolkit modules it imports anywhere in its source."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _imported(node, name, is_package):
                # the longest prefix that is a toolkit module: `from a.b import c` is a.b.c
                # when c is a submodule, else a.b
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if not target or target == name:
                    continue
                if is_package and target.startswith(name + "."):
                    continue  # a package re-exporting its own submodule
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(found)


def test_the_graph_sees_imports_inside_functions():
    """Imports inside functions are edges of the graph too."""
    graph = import_graph()
    # runner.run_report imports the Dask path and the index lazily, inside the function
    assert {"toolkit.report.dask", "toolkit.report.html"} <= graph["toolkit.report.runner"]
    assert "toolkit.report.execute" in graph["toolkit.report.dask"]


def test_the_cycle_finder_finds_a_cycle():
    """The cycle finder itself finds a cycle (a test that could not fail would prove nothing)."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_toolkit():
    """No group of toolkit modules imports each other, directly or lazily."""
    found = cycles(import_graph())
    assert found == [], (
        "import cycles (each a group of modules importing each other): "
        + "; ".join(" <-> ".join(group) for group in found)
    )


def test_report_imports_nothing_of_claims():
    """The report reaches the claims audit only through a collector's MIME type."""
    # the runner reaches the claims audit's record through the collectors' MIME types
    graph = import_graph()
    report = {m: deps for m, deps in graph.items() if m.startswith("toolkit.report")}
    leaks = {
        m: sorted(d for d in deps if d.startswith("toolkit.claims")) for m, deps in report.items()
    }
    assert {m: d for m, d in leaks.items() if d} == {}
