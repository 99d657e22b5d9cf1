"""Safe reports: hostile list names are escaped in every HTML output, nothing loads from the internet,
and parameters reach the kernel as values, never as code.

tests/notebooks/hostile.ipynb shows its parameters through every kind of output a theme
notebook uses (a pandas table, a Markdown display, a widget view's static twin, printed
text, an exception message, the dataset provenance of the index). The test writes its
params files with names such as an SDN entry could carry, runs the real runner, and
parses every file the report wrote.
"""

from __future__ import annotations

import ast
import html.parser
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.errors import ParameterError, ReportError
from toolkit.report.html import inert_html, markdown_output_html, script_json
from toolkit.report.params import check_profile
from toolkit.report.runner import run_report

FIXTURES = Path(__file__).resolve().parents[1] / "notebooks"

NAME = 'Evil <script>alert("sdn")</script> & <img src=x onerror=alert(1)> Trading'
REMARK = "a.k.a. <b>Bold</b> </table></div><iframe src=//evil.example/x></iframe>"
INJECTION = "1); import os; os.system('x')#"
ALIASES = [
    INJECTION,
    '"; import os; os.system("x"); "',
    "\\'; import os #",
    "'''\"\"\" triple quotes",
    "line\nbreak and\ttab",
    "{name} {{braces}} %s",
    "</script><script>alert(2)</script>",
    "[link](javascript:alert(3)) **bold**",
    "Кириллица ООО «Ромашка» 中文 \u2028 end",
]
FIELDS = {"x'); import os #": INJECTION, "</script>": "<b>value</b>", "nested": [INJECTION]}
PARAMS = {"name": NAME, "remark": REMARK, "aliases": ALIASES, "fields": FIELDS}

pytestmark = [pytest.mark.notebook, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """One report of two runs of hostile.ipynb: one runs through, one raises at the end."""
    base = tmp_path_factory.mktemp("hostile")
    notebooks, params = base / "notebooks", base / "params"
    notebooks.mkdir()
    for stem, extra in (("hostile", {}), ("hostile-fails", {"fail": True})):
        shutil.copy(FIXTURES / "hostile.ipynb", notebooks / f"{stem}.ipynb")
        (params / stem).mkdir(parents=True)
        text = yaml.safe_dump(PARAMS | extra, allow_unicode=True, sort_keys=False)
        (params / stem / "default.yaml").write_text(text, encoding="utf-8")
    out = base / "out"
    with pytest.raises(ReportError) as info:
        run_report(notebooks=notebooks, params=params, out=out, jobs=2, progress=lambda s: None)
    assert info.value.failed == ["hostile-fails"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {"out": out, "cwd": notebooks, "runs": {r["notebook"]: r for r in summary["runs"]}}


class _Page(html.parser.HTMLParser):
    """What a browser would act on: elements, attributes, scripts; and the text it shows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.scripts = [], [], []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = [dict(attrs), ""]

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.scripts.append(tuple(self._in_script))
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script[1] += data
        else:
            self.text.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _assert_inert(page: _Page, where: str) -> None:
    for tag, attrs in page.tags:
        handlers = [a for a in attrs if a.lower().startswith("on")]
        assert not handlers, f"{where}: <{tag}> has event handler attributes {handlers}"
        assert tag not in ("iframe", "object", "embed", "base"), f"{where}: a <{tag}> element"
        for attr in ("href", "src"):
            value = (attrs.get(attr) or "").strip().lower()
            assert not value.startswith(("javascript:", "vbscript:")), f"{where}: {tag} {attr}"
        if tag == "img" and "src" in attrs:
            assert attrs["src"].startswith("data:image/"), f"{where}: <img src={attrs['src']!r}>"
    for attrs, _ in page.scripts:
        # the only script left is data: the widget state, never executed, never fetched
        assert attrs == {"type": "application/vnd.jupyter.widget-state+json"}, f"{where}: {attrs}"


def test_parameters_arrive_as_exactly_the_strings_written(report):
    nb = nbformat.read(report["out"] / "hostile.ipynb", as_version=4)
    (printed,) = [
        o["text"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("name") == "stdout" and o["text"].startswith("{")
    ]
    seen = json.loads(printed)
    assert seen["name"] == NAME and seen["remark"] == REMARK
    assert seen["aliases"] == ALIASES and seen["fields"] == FIELDS
    assert seen["types"] == ["str", "str", "list", "dict"]
    assert seen["os_imported"] is False  # no injected `import os` ran in the kernel
    assert not (report["cwd"] / "x").exists()
    # papermill's injected cell is assignments of literals only
    (injected,) = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    for node in ast.parse(injected.source).body:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1
        ast.literal_eval(node.value)
    assert report["runs"]["hostile"]["params"] == PARAMS


def test_every_html_file_is_inert_and_shows_the_names_as_text(report):
    pages = sorted(report["out"].glob("*.html"))
    assert [p.name for p in pages] == ["hostile-fails.html", "hostile.html", "index.html"]
    for path in pages:
        _assert_inert(_parse(path), path.name)
    text = "".join(_parse(report["out"] / "hostile.html").text)
    # the Markdown display, the static twin's title and table, print(); the pandas table
    # cuts cells at 50 characters (display.max_colwidth)
    assert text.count(NAME) >= 4, text.count(NAME)
    assert NAME[:46] + "..." in text
    assert f"Listed: {NAME}; remark: {REMARK}" in text  # Markdown: bold kept, HTML as text
    assert REMARK in text and "</script><script>alert(2)</script>" in text
    # raw HTML from a notebook cell is made inert: its markup goes, its text stays
    assert 'Careless: Evil alert("sdn") &  Trading link' in text


def test_html_outputs_keep_tables_and_images_but_lose_scripts():
    import pandas as pd

    frame = pd.DataFrame({"name": [NAME], "n": [1]})
    table = frame._repr_html_()
    assert inert_html(table).count("<td") == table.count("<td") == 2
    assert "<style scoped>" in inert_html(table)
    cleaned = inert_html(
        '<h4>t</h4><img alt="f" src="data:image/png;base64,AAAA"/><img src="https://x/y.png">'
        '<script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">j</a>'
        '<iframe src="//evil.example"></iframe><form action="/x"><input name="q"></form>'
    )
    assert (
        cleaned.strip()
        == '<h4>t</h4><img alt="f" src="data:image/png;base64,AAAA"><img>alert(1)<a>j</a>'
    )


def test_index_escapes_params_errors_and_provenance(report):
    page = _parse(report["out"] / "index.html")
    _assert_inert(page, "index.html")
    text = "".join(page.text)
    assert json.dumps(NAME, ensure_ascii=False) in text  # the params column
    assert json.dumps(INJECTION) in text
    assert f"ValueError: bad entry {NAME}: {REMARK}" in text  # the failure column
    assert REMARK in text  # the dataset's publisher, from its provenance
    raw = (report["out"] / "index.html").read_text(encoding="utf-8")
    assert "<script" not in raw and "<iframe" not in raw and "<img" not in raw


def test_widget_state_and_figures_stay_embedded(report):
    page = _parse(report["out"] / "hostile.html")
    (state,) = [body for attrs, body in page.scripts]
    assert "<" not in state  # no </script> or <!-- can end or bend the element
    models = json.loads(state)["state"]
    descriptions = [m["state"].get("description") for m in models.values()]
    assert NAME in descriptions  # the slider's label, kept as a value
    assert any(t == "img" and a["src"].startswith("data:image/png;base64,") for t, a in page.tags)


def test_no_report_file_loads_anything_from_the_internet(report, tmp_path):
    # the hostile report, and a plain one (ok.ipynb: widget view, figure, table)
    run_report(
        "small",
        notebooks=FIXTURES,
        params=FIXTURES / "params",
        out=tmp_path / "ok",
        progress=lambda s: None,
    )
    files = sorted(report["out"].iterdir()) + sorted((tmp_path / "ok").iterdir())
    assert len(files) == 10  # 2 runs + index + summary, 1 run + index + summary
    for path in files:
        raw = path.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]*\bsrc\s*=", raw, re.I), path.name
        assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", raw, re.I), path.name
        assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", raw, re.I), path.name
        for host in ("//cdn", "cdnjs.cloudflare.com", "unpkg.com", "jsdelivr", "mathjax"):
            assert host not in raw.lower(), (path.name, host)
    page = _parse(tmp_path / "ok" / "ok.html")
    _assert_inert(page, "ok.html")
    assert "Static view of the default settings" in "".join(page.text)


def test_markdown_outputs_render_markdown_but_not_html():
    rendered = markdown_output_html(
        "**Listed:** <script>alert(1)</script> <b>x</b> [a](javascript:alert(1)) & co"
    )
    assert "<strong>Listed:</strong>" in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered and "<script" not in rendered
    assert "&lt;b&gt;x&lt;/b&gt;" in rendered and "&amp; co" in rendered
    assert "javascript:" not in rendered


def test_script_json_round_trips_without_markup():
    value = {"a</script><!--": ["<b>&amp;</b>", "\u2028"], "n": 1}
    text = script_json(value)
    assert not set("<>&") & set(text)
    assert json.loads(text) == value


def test_static_twin_escapes_title_and_table():
    import ipywidgets as W
    import pandas as pd

    from toolkit.viz.widgets import build_view

    table = pd.DataFrame({"name": [NAME]})
    view = build_view(lambda k: (None, table), {"k": W.IntSlider(value=1)}, title=NAME)
    twin = view.static_html()
    page = _Page()
    page.feed(twin)
    _assert_inert(page, "static twin")
    assert "".join(page.text).count(NAME) == 2  # the heading and the table cell


def test_a_parameter_name_cannot_carry_code(tmp_path):
    params = tmp_path / "ok" / "default.yaml"
    params.parent.mkdir()
    params.write_text("\"n = 1; import os; os.system('x')  #\": 1\n", encoding="utf-8")
    with pytest.raises(ParameterError) as info:
        check_profile(FIXTURES / "ok.ipynb", params)
    assert info.value.key == "n = 1; import os; os.system('x')  #"
    assert "unknown parameter" in str(info.value) and str(params) in str(info.value)


_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(value=_VALUES)
def test_any_yaml_value_becomes_a_python_literal_in_the_injected_cell(value):
    # what papermill does with the runner's parameters for the kernel's language
    from papermill.translators import translate_parameters

    source = translate_parameters("sanctions-toolkit", "python", {"value": value}, "Parameters")
    body = ast.parse(source).body
    assert len(body) == 1 and isinstance(body[0], ast.Assign)
    assert [t.id for t in body[0].targets] == ["value"]
    assert ast.literal_eval(body[0].value) == value  # a literal: nothing to execute
