"""The real report, as a reader gets it: ``make report``'s default profile on the real notebooks.

One batch run of every notebook with a ``default`` profile (module fixture: the kernels
are the slow part), then, per notebook: no page shows what a reader must ignore (object
reprs, "skipped", NaN/NaT/<NA>/inf) in its rendered text; every figure it showed is on
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


@pytest.mark.parametrize("name", RUNS)
def test_the_notebook_runs(report, name):
    entry = report["runs"][name]
    assert entry["status"] == "ok", f"{name} failed: {entry['error']}"


@pytest.mark.parametrize("name", RUNS)
def test_no_page_shows_what_a_reader_must_ignore(report, name):
    page = (report["out"] / f"{name}.html").read_text(encoding="utf-8")
    found = unwanted_in(rendered_text(page))
    assert not found, f"{name}.html shows:\n  " + "\n  ".join(found)


def test_the_index_shows_nothing_a_reader_must_ignore(report):
    page = (report["out"] / "index.html").read_text(encoding="utf-8")
    found = unwanted_in(rendered_text(page))
    assert not found, "index.html shows:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("name", RUNS)
def test_every_figure_has_its_svg_and_csv(report, name):
    out, entry = report["out"], report["runs"][name]
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
    findings = report["runs"][name].get("findings") or []
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
