"""HTML of the batch report: each executed notebook's export and the index page of all runs."""

from __future__ import annotations

import functools
import html
import json
from pathlib import Path

from markupsafe import Markup

from toolkit.errors import ToolkitError

__all__ = [
    "DISPLAY_PRIORITY",
    "HTML_TAGS",
    "TEMPLATES",
    "TEMPLATE_NAME",
    "export_html",
    "index_html",
    "inert_html",
    "markdown_output_html",
    "script_json",
    "source_rows",
    "sources_table_html",
]

#: Output preference of the HTML export. The widget view MIME type is left out on purpose:
#: offline, the widget renderer (loaded from a CDN) is missing and widget cells render blank,
#: so each View's ``text/html`` static twin is what the report shows.
DISPLAY_PRIORITY = [
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "text/latex",
    "image/png",
    "image/jpeg",
    "text/plain",
]


#: The report's page template (``templates/nbconvert/<TEMPLATE_NAME>``): nbconvert's ``lab`` page with
#: every script that would load from the internet removed (require.js, MathJax, Mermaid, the
#: widget renderer; offline each widget shows its static twin), Markdown *outputs* rendered
#: with their raw HTML escaped (they are built from data, e.g. list names; Markdown cells are
#: the author's), HTML outputs made inert (:func:`inert_html`), and the widget state kept as
#: JSON in which no ``<``, ``>`` or ``&`` can end the script.
TEMPLATE_NAME = "sanctions_toolkit_report.html.j2"

#: The folder of the report's Jinja2 templates (installed with the package).
TEMPLATES = Path(__file__).parent / "templates"


def markdown_output_html(source: str) -> str:
    """Render a Markdown output as nbconvert does, but with raw HTML shown as text.

    Markdown displays are built from data (``Markdown(f"**{name}**")``); an entity name
    such as ``<script>…</script>`` must read as text, and links may not use
    ``javascript:`` or other harmful URL schemes.
    """
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    renderer = IPythonRenderer(escape=True, allow_harmful_protocols=False)
    return MarkdownWithMath(renderer=renderer).render(source)


#: Elements an HTML output may keep (pandas tables and their ``<style>``, the widgets'
#: static twins, text markup). Anything else is removed, its text kept: no script,
#: iframe, object, form, link or meta element survives.
HTML_TAGS = frozenset(
    "a abbr b bdi bdo blockquote br caption center cite code col colgroup dd del details dfn "
    "div dl dt em figcaption figure font h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q "
    "s samp section small span strong style sub summary sup table tbody td tfoot th thead time "
    "tr u ul var wbr".split()
)


def _inert_attribute(tag: str, name: str, value: str) -> bool:
    name = name.lower()
    if name.startswith("on") or name in ("srcset", "formaction", "action", "xlink:href"):
        return False
    if name == "src":  # images are embedded, never fetched
        return tag == "img" and value.strip().lower().startswith("data:image/")
    return True


@functools.lru_cache(maxsize=1)
def _cleaner():
    import warnings

    from bleach.css_sanitizer import ALLOWED_CSS_PROPERTIES, CSSSanitizer
    from bleach.sanitizer import Cleaner

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Cleaner(
            tags=HTML_TAGS,
            attributes=_inert_attribute,
            protocols=frozenset({"http", "https", "mailto", "data"}),
            strip=True,
            strip_comments=True,
            css_sanitizer=CSSSanitizer(allowed_css_properties=ALLOWED_CSS_PROPERTIES),
        )


def inert_html(text: str) -> str:
    """Return an HTML output with everything that could run or fetch removed.

    The toolkit escapes the data it puts in HTML (tables, static twins); this is the
    second line for any ``text/html`` output a notebook displays: scripts, event
    handler attributes, ``javascript:`` links, frames and non-embedded images go,
    markup for tables and text stays (bleach, with :data:`HTML_TAGS`).
    """
    return _cleaner().clean(text)


def script_json(value) -> str:
    r"""Return JSON for a ``<script type="…+json">``: ``<``, ``>``, ``&`` as ``\u`` escapes."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@functools.lru_cache(maxsize=2)
def _exporter(show_code: bool):
    # Built once per process: creating the exporter loads its templates (~0.2 s).
    from jinja2 import FileSystemLoader
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config({"NbConvertBase": {"display_data_priority": DISPLAY_PRIORITY}})
    exporter = HTMLExporter(
        config=config,
        template_name="lab",
        template_file=TEMPLATE_NAME,
        extra_loaders=[FileSystemLoader(str(TEMPLATES / "nbconvert"))],
        filters={
            "inert_html": inert_html,
            "markdown_output_html": markdown_output_html,
            "script_json": script_json,
        },
    )
    exporter.exclude_input = not show_code
    exporter.exclude_input_prompt = not show_code
    exporter.exclude_output_prompt = True
    return exporter


def export_html(nb, *, title: str, show_code: bool = False) -> str:
    """Return the HTML export of an executed notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook (not modified).
    title : str
        Page title (escaped).
    show_code : bool
        Show the code cells' input (hidden by default: the report is for readers).

    Returns
    -------
    str
        A standalone HTML page that loads nothing from the internet: figures are
        embedded, every widget shows its static twin, the widget state is embedded as
        JSON, and Markdown outputs show raw HTML as text (see :data:`TEMPLATE_NAME`).
    """
    body, _ = _exporter(show_code).from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


# --- the index page and the data-sources table (Jinja2, autoescaped) ---------------------------


@functools.lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    def finalize(value):
        # autoescape, written as html.escape writes it (``&quot;``, ``&#x27;``): the page
        # reads as before; template output (a macro's table) is already markup
        return value if isinstance(value, Markup) else Markup(html.escape(str(value)))

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every value inserted is text: names, params, errors, provenance
        finalize=finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["json_value"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["error_where"] = _error_where
    env.tests["web_url"] = lambda text: str(text).startswith(("http://", "https://"))
    return env


def _error_where(error: dict) -> str:
    where = []
    if error.get("cell_index") is not None:
        where.append(f"cell {error['cell_index']}")
    if error.get("execution_count") is not None:
        where.append(f"In [{error['execution_count']}]")
    return " · ".join(where) or "before any cell ran"


def _with_sources_of_computed(found: dict, used_by: dict) -> None:
    """Add the declared datasets that computed ones derive from, used by the same runs."""
    from toolkit.provenance import derived_names
    from toolkit.registry import get_dataset

    for name, ds in list(found.items()):
        for parent in derived_names(ds):
            if parent not in found:
                try:
                    found[parent] = get_dataset(parent).provenance()
                except ToolkitError:  # unknown: the row still names it
                    continue
            users = used_by.setdefault(parent, [])
            users += [u for u in used_by.get(name, []) if u not in users]


def _registered_sources(name: str) -> str:
    """Return the sources a registered dataset declares it was derived from (``""`` if none)."""
    from toolkit.registry import get_dataset

    try:
        return ", ".join(get_dataset(name).derived_from)
    except ToolkitError:
        return ""


def source_rows(datasets, used_by: dict | None = None) -> list[dict]:
    """Return the rows of the data-sources table: one per dataset name, sorted, all text.

    Parameters
    ----------
    datasets : iterable of dict
        Provenance records (``name``, ``publisher``, ``title``, ``source``, ``vintage``,
        ``as_of``, ``cadence``, ``licence``, and for a computed table ``kind`` =
        ``computed`` and ``derived_from``); the first record of a name is kept. The
        declared datasets a computed one derives from are added when missing.
    used_by : dict of str to list of str, optional
        The runs that used each dataset (the index's ``used by`` column).

    Returns
    -------
    list of dict
        Per dataset: its provenance fields, ``licence``, ``used_by``, ``computed``
        (``"computed"`` for a computed table, else ``""``) and ``derived_from`` (the
        datasets or sources it derives from, comma-separated, or ``""``).
    """
    from toolkit.provenance import COMPUTED_KIND

    found: dict[str, dict] = {}
    for ds in datasets:
        found.setdefault(str(ds.get("name", "") or ""), ds)
    used_by = {k: list(v) for k, v in (used_by or {}).items()}
    _with_sources_of_computed(found, used_by)
    rows = []
    for name in sorted(found):
        ds = found[name]
        keys = ("publisher", "title", "source", "vintage", "as_of", "cadence")
        row = {k: str(ds.get(k, "") or "") for k in keys}
        row.update(name=name, licence=str(ds.get("licence", "") or ""))
        row["used_by"] = list(dict.fromkeys(used_by.get(name, [])))
        computed = ds.get("kind") == COMPUTED_KIND
        row["computed"] = COMPUTED_KIND if computed else ""
        derived = ds.get("derived_from") or ""
        row["derived_from"] = (
            ", ".join(derived) if isinstance(derived, list | tuple) else str(derived)
        ) or ("" if computed else _registered_sources(name))
        rows.append(row)
    return rows


def sources_table_html(datasets, *, used_by: dict | None = None, on=None) -> str:
    """Return the data-sources table (``templates/sources.html.j2``), every value escaped.

    The one rendering of that table: the index's appendix and the claims views
    (:func:`toolkit.claims.html.sources_html`) both use it.

    Parameters
    ----------
    datasets : iterable of dict
        Provenance records, see :func:`source_rows`.
    used_by : dict of str to list of str, optional
        Adds the ``used by`` column.
    on : datetime.date, optional
        The run date: adds each dataset's age on it, stale ones flagged
        (:func:`toolkit.report.brief.with_ages`).

    Returns
    -------
    str
        A ``<table class="sources">``.
    """
    return _sources_table(_aged_rows(datasets, used_by, on), used_by=used_by is not None, on=on)


def _aged_rows(datasets, used_by, on) -> list[dict]:
    from toolkit.report.brief import with_ages

    rows = source_rows(datasets, used_by)
    return with_ages(rows, on) if on is not None else rows


def _sources_table(rows, *, used_by: bool, on) -> str:
    macro = _environment().get_template("sources.html.j2").module.sources_table
    return str(macro(rows, used_by=used_by, on=on.isoformat() if on else ""))


def _overview(results) -> dict | None:
    """Return the index's lead: the run that displayed the audit (else ``00-``), its counts."""
    overview = next((r for r in results if r.collected.get("audit")), None)
    if overview is None:
        overview = next((r for r in results if r.notebook.startswith("00-")), None)
    if overview is None:
        return None
    view = {
        "notebook": overview.notebook,
        "link": overview.outputs.get("html"),
        "status": overview.status,
        "audit": None,
    }
    audit = overview.collected.get("audit")
    if audit:
        # the verdicts in the audit's own order ("order": a saved notebook sorts JSON keys)
        counts = audit.get("verdicts", {})
        order = [v for v in audit.get("order", []) if v in counts]
        order += [v for v in counts if v not in order]
        verdicts = [(str(v), int(counts[v])) for v in order]
        themes = []
        for theme, counts in sorted(audit.get("themes", {}).items()):
            cells = [int(counts.get(v, 0)) for v, _ in verdicts]
            themes.append((str(theme), cells, sum(cells)))
        view["audit"] = {
            "verdicts": verdicts,
            "claims": int(audit.get("claims", 0)),
            "themes": themes,
        }
    return view


def index_html(results, *, profile: str, generated: str, on=None) -> str:
    """Return the index page listing every run of a batch report (``templates/index.html.j2``).

    Parameters
    ----------
    results : list of RunResult or dict
        The runs (a dict is a ``summary.json`` entry, read by :meth:`RunResult.from_dict`).
    profile : str
        The params profile of the report.
    generated : str
        When the report was made (shown, not computed here).
    on : datetime.date, optional
        The run date the datasets' ages are counted to (default: the date of
        ``generated``, when it starts with one).

    Returns
    -------
    str
        A standalone HTML page that loads nothing; every value in it is escaped. It opens
        on the findings per theme (:func:`toolkit.report.brief.findings_by_theme`), then
        the claims verdicts, the runs, and one appendix of the data sources with their
        ages on the run date.
    """
    from toolkit.report.brief import findings_by_theme, run_date
    from toolkit.report.results import RunResult

    results = [r if isinstance(r, RunResult) else RunResult.from_dict(r) for r in results]
    # the overview (00-...) leads; the other runs keep their order
    results = sorted(results, key=lambda r: not r.notebook.startswith("00-"))
    used_by: dict[str, list[str]] = {}
    datasets = []
    for r in results:
        for ds in r.datasets or []:
            datasets.append(ds)
            used_by.setdefault(str(ds.get("name", "") or ""), []).append(r.notebook)
    on = on if on is not None else run_date(generated)
    themes, without = findings_by_theme(results)
    rows = _aged_rows(datasets, used_by, on)
    sources = _sources_table(rows, used_by=True, on=on) if rows else ""
    return (
        _environment()
        .get_template("index.html.j2")
        .render(
            runs=results,
            ok=sum(r.ok for r in results),
            skipped=[r for r in results if r.skipped],
            profile=profile,
            generated=generated,
            on=on.isoformat() if on else "",
            themes=themes,
            without=without,
            overview=_overview(results),
            sources=Markup(sources),
            stale=[row["name"] for row in rows if row.get("stale")],
        )
    )
