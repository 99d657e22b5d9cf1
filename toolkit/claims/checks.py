"""The framework of the checks a claim can name; the checks themselves live with their themes.

A check is ``fn(data, **args) -> Observation``: ``data`` is a :class:`DataSource` (loads
registered datasets once, with the caller's options); ``args`` come from the claim's
``args`` field. A check raises :class:`Unavailable` when the data cannot speak to the
claim (dataset missing, no matching row); the audit turns that into ``unverifiable``.

Each theme package ``toolkit.themes.<theme>`` may hold a ``checks`` module exposing
``CHECKS`` (``{name: check}``) and, optionally, ``SEARCHES`` (``{check name: search}``,
what else in the data reproduces a figure the check's series does not). They are gathered
here by discovery (:func:`gather`), so this package imports no theme: :data:`CHECKS` is
the union of the themes' mappings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.errors import ToolkitError, Unavailable

__all__ = [
    "CHECKS",
    "DATE_ARGS",
    "INT_ARGS",
    "SEARCHES",
    "DataSource",
    "Observation",
    "Unavailable",
    "check_arguments",
    "convert",
    "format_number",
    "gather",
    "join_fact_ids",
    "satisfies",
    "weakest_confidence",
]

#: Package whose sub-packages (the themes) may hold a ``checks`` module.
THEMES_PACKAGE = "toolkit.themes"
#: Integer arguments: years (the rest are strings).
INT_ARGS = {"year", "base_year"}
#: ISO-date arguments, to the day (``sdn_added``'s ``before``): normalised, offsets to UTC.
DATE_ARGS = {"before"}
#: Multipliers between the money units claims are written in.
SCALE = {"USD billion": 1000.0, "USD million": 1.0}
#: Slack on comparisons of floats computed in two ways.
EPS = 1e-9


@dataclass
class Observation:
    """What a check found: a value (or interval), its unit, and where it comes from.

    ``low``/``high`` bound the value when an input is rounded (e.g. a figure quoted
    to 0.1 bn); ``detail`` shows the arithmetic; ``confidence`` is the weakest
    facts.md mark of the rows used.
    """

    value: float | str
    unit: str
    dataset: str
    source: str
    vintage: str = ""
    confidence: str = "high"
    fact_ids: str = ""
    detail: str = ""
    low: float | None = None
    high: float | None = None
    extra: dict = field(default_factory=dict)

    def bounds(self) -> tuple[float, float]:
        """Return ``(low, high)``, the value itself when no interval is known."""
        v = float(self.value)
        return (v if self.low is None else self.low, v if self.high is None else self.high)


class DataSource:
    """Loads registered datasets on demand, once each, with per-dataset options.

    Parameters
    ----------
    options : dict
        ``{dataset_name: dict of load options}``; a ``pandas.DataFrame`` value is used
        as the dataset itself; ``None`` marks the dataset as unavailable.
    """

    def __init__(self, options: dict | None = None):
        self.options = dict(options or {})
        self._cache: dict = {}

    def get(self, name: str):
        """Return dataset ``name`` (a DataFrame with ``attrs["source"]``) or raise Unavailable."""
        if name in self._cache:
            return self._cache[name]
        import pandas as pd

        from toolkit import registry

        option = self.options.get(name, {})
        if option is None:
            raise Unavailable(f"dataset {name!r} is not available (disabled by the caller)")
        if isinstance(option, pd.DataFrame):
            df = option
            if not df.attrs.get("source"):
                df.attrs["source"] = {"name": name, "title": name, "publisher": "user-supplied"}
        else:
            try:
                df = registry.load(name, **option)
            except (ToolkitError, OSError) as exc:
                raise Unavailable(f"dataset {name!r} could not be loaded: {exc}") from None
        self._cache[name] = df
        return df

    def loaded(self) -> dict:
        """Return ``{name: DataFrame}`` of the datasets loaded so far, in load order."""
        return dict(self._cache)

    def provenance(self, name: str) -> dict:
        """Return the provenance record of a loaded dataset."""
        return dict(self.get(name).attrs.get("source", {}))


# --- helpers the themes' checks share ---------------------------------------------------


def weakest_confidence(confidences) -> str:
    """Return the weakest facts.md mark (``low`` < ``medium`` < ``high``) among ``confidences``."""
    order = {"low": 0, "medium": 1, "high": 2}
    marks = [c for c in confidences if isinstance(c, str) and c in order]
    return min(marks, key=order.get) if marks else "high"


def join_fact_ids(values) -> str:
    """Return the facts.md ids of ``values`` (each ``;``-separated) once each, ``;``-joined."""
    out: list[str] = []
    for v in values:
        for part in str(v).split(";"):
            part = part.strip()
            if part and part != "nan" and part not in out:
                out.append(part)
    return ";".join(out)


def format_number(x: float, unit: str = "") -> str:
    """Return ``x`` with thousands separators (one decimal below a million) and its unit."""
    text = f"{x:,.1f}" if abs(x) < 1e6 else f"{x:,.0f}"
    return f"{text} {unit}".strip()


def convert(value, from_unit: str, to_unit: str):
    """Convert between USD million and billion; other units must match exactly.

    Raises
    ------
    ToolkitError
        If the units differ and are not both money units of :data:`SCALE`.
    """
    if value is None or isinstance(value, str) or from_unit == to_unit or not to_unit:
        return value
    if from_unit in SCALE and to_unit in SCALE:
        return value * SCALE[from_unit] / SCALE[to_unit]
    raise ToolkitError(f"cannot compare {from_unit!r} with the claim's unit {to_unit!r}")


def satisfies(relation: str, value: float, claimed: float) -> bool:
    """Whether ``value`` satisfies a comparison relation (equals is handled by the tolerance)."""
    if relation == "greater_than":
        return value > claimed
    if relation == "less_than":
        return value < claimed
    return False


# --- the checks, gathered from the themes -----------------------------------------------

_GATHERED: tuple[dict, dict] | None = None
#: ``{name: check}`` of every theme (gathered on first access, see :func:`gather`).
CHECKS: dict
#: ``{check name: search}`` of every theme (gathered on first access).
SEARCHES: dict


def _theme_modules():
    """Yield the ``checks`` module of every theme package that has one, by theme name."""
    import importlib
    import importlib.util
    import pkgutil

    themes = importlib.import_module(THEMES_PACKAGE)
    for info in sorted(pkgutil.iter_modules(themes.__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        name = f"{THEMES_PACKAGE}.{info.name}.checks"
        if importlib.util.find_spec(name) is not None:
            yield importlib.import_module(name)


def gather() -> tuple[dict, dict]:
    """Return ``(checks, searches)``: the union of the themes' ``CHECKS`` and ``SEARCHES``.

    Gathered once, on first use, from the ``checks`` module of each package under
    ``toolkit.themes``.

    Raises
    ------
    ToolkitError
        If two themes declare the same check name, or a search names no check.
    """
    global _GATHERED
    if _GATHERED is not None:
        return _GATHERED
    checks: dict = {}
    searches: dict = {}
    owner: dict = {}
    for module in _theme_modules():
        for name, fn in getattr(module, "CHECKS", {}).items():
            if name in checks:
                raise ToolkitError(
                    f"check {name!r} is declared by both {owner[name]} and {module.__name__}"
                )
            checks[name], owner[name] = fn, module.__name__
        searches.update(getattr(module, "SEARCHES", {}))
    unknown = sorted(set(searches) - set(checks))
    if unknown:
        raise ToolkitError(f"searches {unknown} name no check of {sorted(checks)}")
    _GATHERED = (checks, searches)
    return _GATHERED


def __getattr__(name: str):
    # CHECKS and SEARCHES are gathered on first access: the theme modules import this one.
    if name == "CHECKS":
        return gather()[0]
    if name == "SEARCHES":
        return gather()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check_arguments(check: str, args: dict) -> str:
    """Return why ``args`` do not fit the check's signature (``""`` when they do)."""
    import inspect

    from toolkit.claims.columns import DATE_FORMS, iso_date

    fn = gather()[0][check]
    try:
        inspect.signature(fn).bind(None, **args)
    except TypeError as exc:
        accepted = [p for p in inspect.signature(fn).parameters if p != "data"]
        return f"{exc}; {check} takes {', '.join(accepted)}"
    for key in sorted(DATE_ARGS & set(args)):
        found = iso_date(args[key]) if isinstance(args[key], str) else None
        if found is None or len(found) < 10:
            return f"{key}={args[key]!r} is not an ISO date to the day ({DATE_FORMS})"
    return ""
