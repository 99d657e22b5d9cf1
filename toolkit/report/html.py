"""HTML of the batch report: each executed notebook's export and the index page of all runs."""

from __future__ import annotations

import functools
import html
import json

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


#: The report's page template: nbconvert's ``lab`` page with every script that would load
#: from the internet removed (require.js, MathJax, Mermaid, the widget renderer; offline
#: each widget shows its static twin), Markdown *outputs* rendered with their raw HTML
#: escaped (they are built from data, e.g. list names; Markdown cells are the author's),
#: HTML outputs made inert (:func:`inert_html`), and the widget state kept as JSON in which
#: no ``<``, ``>`` or ``&`` can end the script.
TEMPLATE_NAME = "sanctions_toolkit_report.html.j2"
TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block data_html scoped -%}
<div class="jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output {{ extra_class }}" data-mime-type="text/html">
{{ output.data['text/html'] | inert_html }}
</div>
{%- endblock data_html %}
{% block data_markdown scoped -%}
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-OutputArea-output {{ extra_class }}" data-mime-type="text/markdown">
{{ output.data['text/markdown'] | markdown_output_html }}
</div>
{%- endblock data_markdown %}
{% block footer %}
{%- set mimetype = 'application/vnd.jupyter.widget-state+json' -%}
{%- if mimetype in nb.metadata.get("widgets", {}) %}
<script type="{{ mimetype }}">
{{ nb.metadata.widgets[mimetype] | script_json }}
</script>
{%- endif %}
</html>
{% endblock footer %}
"""


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
    """JSON for a ``<script type="…+json">`` element: ``<``, ``>``, ``&`` as ``\\u`` escapes."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@functools.lru_cache(maxsize=2)
def _exporter(show_code: bool):
    # Built once per process: creating the exporter loads its templates (~0.2 s).
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config({"NbConvertBase": {"display_data_priority": DISPLAY_PRIORITY}})
    exporter = HTMLExporter(
        config=config,
        template_name="lab",
        template_file=TEMPLATE_NAME,
        extra_loaders=[DictLoader({TEMPLATE_NAME: TEMPLATE})],
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
        JSON, and Markdown outputs show raw HTML as text (see :data:`TEMPLATE`).
    """
    body, _ = _exporter(show_code).from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .4rem .6rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
.ok { color: #1e7b34; font-weight: bold; }
.failed { color: #b00020; font-weight: bold; }
code, pre { font-size: .85em; }
pre { white-space: pre-wrap; margin: .2rem 0; }
ul { margin: 0; padding-left: 1.1rem; }
"""


def _params_html(params: dict) -> str:
    if not params:
        return "<em>notebook defaults</em>"
    items = "".join(
        f"<li><code>{html.escape(k)} = {html.escape(json.dumps(v, ensure_ascii=False))}</code></li>"
        for k, v in params.items()
    )
    return f"<ul>{items}</ul>"


def _datasets_html(datasets: list[dict]) -> str:
    if not datasets:
        return "<em>none recorded</em>"
    items = []
    for ds in datasets:
        label = html.escape(ds["name"])
        detail = ", ".join(html.escape(ds[k]) for k in ("publisher", "vintage") if ds.get(k))
        source = ds.get("source", "")
        if source.startswith(("http://", "https://")):
            label = f'<a href="{html.escape(source, quote=True)}">{label}</a>'
        items.append(f"<li>{label}" + (f" ({detail})" if detail else "") + "</li>")
    return f"<ul>{''.join(items)}</ul>"


def _error_html(error: dict | None) -> str:
    if not error:
        return ""
    where = []
    if error.get("cell_index") is not None:
        where.append(f"cell {error['cell_index']}")
    if error.get("execution_count") is not None:
        where.append(f"In [{error['execution_count']}]")
    head = html.escape(" · ".join(where) or "before any cell ran")
    message = html.escape(f"{error.get('ename', '')}: {error.get('evalue', '')}")
    source = error.get("source") or ""
    code = f"<pre>{html.escape(source)}</pre>" if source else ""
    return f"<div><strong>{head}</strong></div><pre>{message}</pre>{code}"


#: Verdicts of the claims audit, in the order the index shows them.
_VERDICTS = ("consistent", "inconsistent", "different-source", "unverifiable")


def _overview_html(entries: list[dict]) -> str:
    """The index's lead: the overview run, linked, and the audit's verdict counts by theme."""
    overview = next((e for e in entries if e.get("audit")), None)
    if overview is None:
        overview = next((e for e in entries if e["notebook"].startswith("00-")), None)
    if overview is None:
        return ""
    link = overview.get("outputs", {}).get("html")
    name = html.escape(overview["notebook"])
    title = f'<a href="{html.escape(link, quote=True)}">{name}</a>' if link else name
    audit = overview.get("audit")
    if not audit:
        state = html.escape(overview["status"])
        return f"<h2>Overview: {title}</h2><p>No audit summary recorded (run {state}).</p>"
    head = "".join(f"<th>{html.escape(v)}</th>" for v in ("theme", *_VERDICTS, "total"))
    rows = []
    for theme, counts in sorted(audit.get("themes", {}).items()):
        cells = "".join(f"<td>{int(counts.get(v, 0))}</td>" for v in _VERDICTS)
        total = sum(int(counts.get(v, 0)) for v in _VERDICTS)
        rows.append(f"<tr><td>{html.escape(theme)}</td>{cells}<td>{total}</td></tr>")
    verdicts = audit.get("verdicts", {})
    cells = "".join(f"<td><strong>{int(verdicts.get(v, 0))}</strong></td>" for v in _VERDICTS)
    rows.append(
        f"<tr><td><strong>all</strong></td>{cells}<td><strong>{int(audit.get('claims', 0))}"
        "</strong></td></tr>"
    )
    line = ", ".join(f"{int(verdicts.get(v, 0))} {v}" for v in _VERDICTS)
    return (
        f"<h2>Overview: {title}</h2>"
        f"<p>The commentary's claims checked against the data: {html.escape(line)} "
        f"({int(audit.get('claims', 0))} claims).</p>"
        f'<table class="verdicts"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
        "</tbody></table>"
    )


def _sources_appendix_html(entries: list[dict]) -> str:
    """The index's last section: every dataset any run used, with its provenance."""
    found: dict[str, dict] = {}
    users: dict[str, list[str]] = {}
    for e in entries:
        for ds in e.get("datasets", []) or []:
            name = ds.get("name", "")
            found.setdefault(name, ds)
            users.setdefault(name, []).append(e["notebook"])
    if not found:
        return "<h2>Data sources</h2><p><em>none recorded</em></p>"
    rows = []
    for name in sorted(found):
        ds = found[name]
        source = str(ds.get("source", ""))
        shown = html.escape(source)
        if source.startswith(("http://", "https://")):
            shown = f'<a href="{html.escape(source, quote=True)}">{shown}</a>'
        cells = [f"<td><code>{html.escape(name)}</code></td>"]
        cells += [f"<td>{html.escape(str(ds.get(k, '')))}</td>" for k in ("publisher", "title")]
        cells.append(f"<td>{shown}</td>")
        cells += [f"<td>{html.escape(str(ds.get(k, '')))}</td>" for k in ("vintage", "licence")]
        cells.append(f"<td>{html.escape(', '.join(dict.fromkeys(users[name])))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head = "".join(
        f"<th>{h}</th>"
        for h in ("dataset", "publisher", "title", "URL or file", "vintage", "licence", "used by")
    )
    return (
        "<h2>Data sources</h2><p>Every dataset the runs above used, with its provenance.</p>"
        f'<table class="sources"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
        "</tbody></table>"
    )


def index_html(entries: list[dict], *, profile: str, generated: str) -> str:
    """Return the index page listing every run of a batch report.

    Parameters
    ----------
    entries : list of dict
        The runs, as written to ``summary.json``.
    profile : str
        The params profile of the report.
    generated : str
        When the report was made (shown, not computed here).

    Returns
    -------
    str
        A standalone HTML page.
    """
    failed = sum(e["status"] != "ok" for e in entries)
    # the overview (00-...) leads; the other runs keep their order
    entries = sorted(entries, key=lambda e: not e["notebook"].startswith("00-"))
    rows = []
    for e in entries:
        outputs = e.get("outputs", {})
        links = []
        # a failed run keeps its notebook up to the failure: say so in the link
        partial = "partial " if e.get("status") != "ok" else ""
        if outputs.get("html"):
            links.append(
                f'<a href="{html.escape(outputs["html"], quote=True)}">{partial}report</a>'
            )
        if outputs.get("ipynb"):
            links.append(
                f'<a href="{html.escape(outputs["ipynb"], quote=True)}">{partial}notebook</a>'
            )
        rows.append(
            "<tr>"
            f"<td><strong>{html.escape(e['notebook'])}</strong><br>{' · '.join(links)}</td>"
            f"<td>{html.escape(e['profile'])}</td>"
            f'<td class="{html.escape(e["status"])}">{html.escape(e["status"])}</td>'
            f"<td>{e['duration_s']:.1f} s</td>"
            f"<td>{_params_html(e.get('params', {}))}</td>"
            f"<td>{_datasets_html(e.get('datasets', []))}</td>"
            f"<td>{_error_html(e.get('error'))}</td>"
            "</tr>"
        )
    summary = f"{len(entries)} run(s), {len(entries) - failed} ok, {failed} failed"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>sanctions-toolkit report ({html.escape(profile)})</title>"
        f"<style>{_STYLE}</style></head><body>"
        f"<h1>sanctions-toolkit batch report</h1>"
        f"<p>Profile <code>{html.escape(profile)}</code> · {html.escape(summary)} · "
        f"generated {html.escape(generated)} · details in "
        '<a href="summary.json">summary.json</a></p>'
        + _overview_html(entries)
        + "<h2>Runs</h2><table><thead><tr><th>notebook</th><th>profile</th><th>status</th><th>duration</th>"
        "<th>parameters</th><th>datasets used</th><th>failure</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + _sources_appendix_html(entries)
        + "</body></html>\n"
    )
