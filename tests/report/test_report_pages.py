"""The real report, as a reader gets it: ``make report``'s default profile on the real notebooks.

One batch run of every notebook with a ``default`` profile (module fixture: the kernels
are the slow part), then, per notebook: no page shows what a reader must ignore (object
reprs, "skipped", NaN/NaT/<NA>/inf) in its rendered text; every table and figure on a
page states its data vintage ("Data as of ...") beside it; every figure it showed is on
disk as SVG and CSV; it recorded its findings; and the index opens on them.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from html.parser import HTMLParser

import nbformat
import pytest

from toolkit.paths import shared_data_dir
from toolkit.report.figures import FIGURE_MIMETYPE
from toolkit.report.runner import find_runs, run_report

pytestmark = [pytest.mark.notebook, pytest.mark.timeout(3600)]

RUNS = [run.name for run in find_runs("default")]
THEME_RUNS = [name for name in RUNS if not name.startswith("00-")]

#: What a reader must never have to ignore, in a page's rendered text.
UNWANTED = {
    "an object repr Text(...)": re.compile(r"\bText\("),
    "'skipped'": re.compile(r"skipped", re.I),
    "NaN": re.compile(r"\bNaN\b"),
    "NaT": re.compile(r"\bNaT\b"),
    "<NA>": re.compile(r"<NA>"),
    "inf": re.compile(r"(?<![\w.])-?inf\b"),
}


class _Text(HTMLParser):
    """The text a browser renders: everything outside <script>, <style> and <head>."""

    HIDDEN = {"script", "style", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def rendered_text(page: str) -> str:
    """Return the text of an HTML page as a reader sees it (lines of its text nodes)."""
    parser = _Text()
    parser.feed(page)
    return "\n".join(p.strip() for p in parser.parts if p.strip())


def unwanted_in(text: str) -> list[str]:
    """Return each unwanted pattern found in ``text`` with the line it is on."""
    found = []
    lines = text.splitlines()
    for what, pattern in UNWANTED.items():
        hits = [i for i, line in enumerate(lines) if pattern.search(line)]
        for i in hits[:5]:  # with the text before it: a table cell alone says little
            before = " | ".join(lines[max(0, i - 2) : i])[-80:]
            found.append(f"{what}: {lines[i][:160]!r} (after {before!r})")
        if len(hits) > 5:
            found.append(f"{what}: {len(hits) - 5} more")
    return found


def test_the_checker_finds_what_it_looks_for():
    """The page check itself: each pattern is found in rendered text, none in code or CSS."""
    page = (
        "<html><head><style>.x{width:inf}</style></head><body><p>Text(0.5, 1.0, 'a')</p>"
        "<td>NaN</td><td>NaT</td><td>&lt;NA&gt;</td><pre>-inf</pre><p>TIES curves skipped</p>"
        "<script>var NaN_ok = 1; Text(</script><p>Information, infinite, 2.5 info</p></body></html>"
    )
    found = unwanted_in(rendered_text(page))
    assert [f.split(":")[0] for f in found] == [
        "an object repr Text(...)", "'skipped'", "NaN", "NaT", "<NA>", "inf",
    ]  # fmt: skip


#: What states a table's or a figure's vintage: the captions of show_table / show_figure
#: ("Data as of 2024-05-03.") and the claims views' line ("Data as of: claims ...").
VINTAGE = re.compile(r"\bdata as of\b", re.I)


class _Outputs(HTMLParser):
    """The output blocks of an exported notebook: per block its cell, tables, figures, text."""

    HIDDEN = _Text.HIDDEN

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.divs: list[bool] = []  # per open <div>: whether it is an output block
        self.blocks: list[dict] = []
        self.block: dict | None = None
        self.hidden = 0
        self.cell = None

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div":
            if "jp-Cell" in classes:
                self.cell = dict(attrs).get("id")
            is_block = "jp-OutputArea-child" in classes
            self.divs.append(is_block)
            if is_block:
                self.block = {"cell": self.cell, "tables": 0, "figures": 0, "text": []}
                self.blocks.append(self.block)
        if tag in self.HIDDEN:
            self.hidden += 1
        if self.block is not None:
            self.block["tables"] += tag == "table"
            self.block["figures"] += tag in ("img", "svg")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        if tag == "div" and self.divs and self.divs.pop():
            self.block = None

    def handle_data(self, data):
        if self.block is not None and not self.hidden:
            self.block["text"].append(data)


def undated(page: str) -> list[str]:
    """Return each table or figure of an exported notebook page with no "Data as of" by it.

    "By it" is the output block that holds it (a table's caption is in its block) or, for
    a figure, the block right after it in the same cell (show_figure's caption). Each
    item: ``"<cell id> table|figure: <the start of its block's text>"``.
    """
    parser = _Outputs()
    parser.feed(page)
    blocks = parser.blocks
    found = []
    for i, block in enumerate(blocks):
        if not (block["tables"] or block["figures"]):
            continue
        text = " ".join(" ".join(block["text"]).split())
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        caption = " ".join(after["text"]) if after and after["cell"] == block["cell"] else ""
        if VINTAGE.search(text) or (block["figures"] and VINTAGE.search(caption)):
            continue
        kind = "table" if block["tables"] else "figure"
        found.append(f"{block['cell']} {kind}: {text[:100]}")
    return found


def test_the_vintage_check_finds_undated_tables_and_figures():
    """The check itself: a table or figure without "Data as of" beside it is found."""

    def cell(n, *outputs):
        children = "".join(f'<div class="jp-OutputArea-child">{o}</div>' for o in outputs)
        return f'<div class="jp-Cell jp-CodeCell" id="cell-id={n}"><div>{children}</div></div>'

    page = (
        "<html><head><style>p{}</style></head><body>"
        + "".join(
            [
                cell(1, "<p>Prices. Data as of 2024-05.</p><table><tr><td>1</td></tr></table>"),
                cell(2, "<p>Glossary.</p><table><tr><td>term</td></tr></table>"),
                cell(3, '<img src="a.png">', "<p>Source: OFAC. Data as of 2026-06-02.</p>"),
                cell(4, '<img src="b.png">', "<p>Source: OFAC, no vintage.</p>"),
                cell(5, "<svg><text>Data as of</text></svg>"),  # text inside SVG counts
                cell(6, '<img src="c.png">'),
                cell(7, "<p>Data as of: claims 2025-03-14.</p>"),  # a vintage with no table
            ]
        )
        + "</body></html>"
    )
    assert [f.split(":")[0] for f in undated(page)] == [
        "cell-id=2 table",
        "cell-id=4 figure",
        "cell-id=6 figure",
    ]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """``make report``: the default profile of every notebook, into a fresh folder."""
    out = tmp_path_factory.mktemp("real-report") / "latest"
    try:
        run_report("default", out=out, progress=lambda line: None)
    except Exception as exc:  # noqa: BLE001 (failed runs are reported per notebook below)
        error = exc
    else:
        error = None
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {"out": out, "error": error, "runs": {r["notebook"]: r for r in summary["runs"]}}


def _ran(report, name) -> dict:
    """Return the run's entry; skip (saying why) when it was skipped for absent shared data."""
    entry = report["runs"][name]
    if entry["status"] == "skipped":
        pytest.skip(f"{name} was not run: needs {entry['error'].get('needs')}")
    return entry


@pytest.mark.parametrize("name", RUNS)
def test_the_notebook_runs(report, name):
    entry = report["runs"][name]
    if entry["status"] == "skipped":  # only when the shared files it needs are really absent
        needs = entry["error"]["needs"]
        folder = re.match(r"\.\./shared/data/(\S+)", needs).group(1)
        root = shared_data_dir()
        assert root is None or not (root / folder).exists(), f"{name} skipped with {needs} present"
    _ran(report, name)
    assert entry["status"] == "ok", f"{name} failed: {entry['error']}"


@pytest.mark.parametrize("name", RUNS)
def test_no_page_shows_what_a_reader_must_ignore(report, name):
    _ran(report, name)
    page = (report["out"] / f"{name}.html").read_text(encoding="utf-8")
    found = unwanted_in(rendered_text(page))
    assert not found, f"{name}.html shows:\n  " + "\n  ".join(found)


def test_the_index_shows_nothing_a_reader_must_ignore(report):
    page = (report["out"] / "index.html").read_text(encoding="utf-8")
    found = unwanted_in(rendered_text(page))
    assert not found, "index.html shows:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("name", RUNS)
def test_every_table_and_figure_states_its_vintage(report, name):
    _ran(report, name)
    page = (report["out"] / f"{name}.html").read_text(encoding="utf-8")
    found = undated(page)  # widget twins included: each states its vintage
    assert not found, f"{name}.html: no 'Data as of' beside:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("name", RUNS)
def test_every_figure_has_its_svg_and_csv(report, name):
    out, entry = report["out"], _ran(report, name)
    nb = nbformat.read(out / f"{name}.ipynb", as_version=4)
    shown = [o["data"][FIGURE_MIMETYPE]["name"] for c in nb.cells for o in c.get("outputs", [])
             if FIGURE_MIMETYPE in o.get("data", {})]  # fmt: skip
    assert shown, f"{name} shows no figure through show_figure"
    assert [f["name"] for f in entry["figures"]] == shown
    for figure in entry["figures"]:
        svg = (out / figure["svg"]).read_text(encoding="utf-8")
        assert "<svg" in svg and "</svg>" in svg, f"{figure['svg']}: no SVG"
        rows = list(csv.reader(io.StringIO((out / figure["csv"]).read_text(encoding="utf-8"))))
        assert len(rows) >= 2 and all(rows[0]), f"{figure['csv']}: no header or no data"
        assert figure["citation"] and figure["as_of"]
    page = (out / f"{name}.html").read_text(encoding="utf-8")
    for figure in entry["figures"]:  # beside its caption, the links to both files
        assert f'<a href="{figure["svg"]}">SVG</a>' in page
        assert f'<a href="{figure["csv"]}">CSV</a>' in page


@pytest.mark.parametrize("name", THEME_RUNS)
def test_each_theme_notebook_records_three_to_five_findings(report, name):
    findings = _ran(report, name).get("findings") or []
    assert 3 <= len(findings) <= 5, f"{name} records {len(findings)} finding(s)"
    figures = {f["name"] for f in report["runs"][name]["figures"]}
    for finding in findings:
        assert finding["as_of"], f"{name}: finding {finding['key']!r} has no vintage"
        assert finding["figure"] is None or finding["figure"] in figures, finding["key"]


def test_the_index_opens_on_findings_with_thumbnails(report):
    out = report["out"]
    page = (out / "index.html").read_text(encoding="utf-8")
    body = page[page.index("<body>") :]
    assert body.index("<h2") == body.index('<h2 id="findings">Findings</h2>')
    thumbs = re.findall(r'<a class="thumb" href="([^"]+)"><img src="([^"]+)"', body)
    assert thumbs, "no finding with a thumbnail"
    for href, src in thumbs:
        assert (out / src).is_file(), src
        page_name, _, anchor = href.partition("#")
        assert f'id="{anchor}"' in (out / page_name).read_text(encoding="utf-8"), href
    for name in RUNS:  # every notebook's findings lead the page, before the claims
        for finding in report["runs"][name].get("findings") or []:
            assert body.index(html.escape(finding["text"])) < body.index("<h2>Runs</h2>")
