"""The runner's side of show_figure: SVG + CSV files per figure, their entry, bad records."""

from __future__ import annotations

import json

import nbformat
import pytest

from toolkit.report.execute import _write_figures
from toolkit.report.figures import FIGURE_MIMETYPE, FigureError, figure_files, take_figures
from toolkit.report.results import RunResult
from toolkit.viz import publish

SVG = '<svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>'


def _record(name, **extra):
    record = {"name": name, "title": f"Title {name}", "citation": "Source: A. Data as of 2024.",
              "as_of": "2024", "svg": SVG, "csv": "year,value\n2024,1\n"}  # fmt: skip
    return record | extra


def _notebook(*records):
    nb = nbformat.v4.new_notebook()
    for i, record in enumerate(records):
        cell = nbformat.v4.new_code_cell(f"show_figure(...)  # {i}")
        cell.execution_count = i + 1
        data = {FIGURE_MIMETYPE: record, "text/html": "<p>caption</p>", "text/plain": "c"}
        cell.outputs = [nbformat.v4.new_output("display_data", data=data)]
        nb.cells.append(cell)
    return nb


def test_the_contract_mime_type_is_the_publishers():
    """The report reads the MIME type show_figure writes (the report imports no viz code)."""
    assert FIGURE_MIMETYPE == publish.FIGURE_MIMETYPE


def test_each_figure_is_written_as_svg_and_csv_and_its_entry_holds_no_text(tmp_path):
    nb = _notebook(_record("a"), _record("b-2"))
    entries = take_figures(nb, "03-trade--base_year-2014", tmp_path)
    assert [e["name"] for e in entries] == ["a", "b-2"]
    first = entries[0]
    assert first["svg"] == "figures/03-trade--base_year-2014/a.svg"
    assert (tmp_path / first["svg"]).read_text(encoding="utf-8") == SVG
    assert (tmp_path / first["csv"]).read_text(encoding="utf-8") == "year,value\n2024,1\n"
    assert set(first) == {"name", "title", "citation", "as_of", "svg", "csv", "cell_index"}
    assert "<svg" not in json.dumps(entries)
    assert figure_files({"figures": entries}) == [
        "figures/03-trade--base_year-2014/a.svg",
        "figures/03-trade--base_year-2014/a.csv",
        "figures/03-trade--base_year-2014/b-2.svg",
        "figures/03-trade--base_year-2014/b-2.csv",
    ]
    assert not list(tmp_path.rglob(".*.tmp"))


def test_the_caption_links_to_both_files_under_an_anchor(tmp_path):
    nb = _notebook(_record("a", citation="Source: <b>A</b> & co."))
    take_figures(nb, "01-x", tmp_path)
    caption = nb.cells[0].outputs[0]["data"]["text/html"]
    assert 'id="figure-a"' in caption and 'data-figure="a"' in caption
    assert '<a href="figures/01-x/a.svg">SVG</a>' in caption
    assert '<a href="figures/01-x/a.csv">CSV</a>' in caption
    assert "Source: &lt;b&gt;A&lt;/b&gt; &amp; co." in caption  # the citation is text


def test_a_name_shown_twice_names_both_cells(tmp_path):
    nb = _notebook(_record("a"), _record("b"), _record("a"))
    with pytest.raises(FigureError) as info:
        take_figures(nb, "01-x", tmp_path)
    assert str(info.value) == (
        "figure name 'a' is shown twice: in cell 0 (In [1]) and in cell 2 (In [3])"
    )
    assert info.value.cell_index == 2


@pytest.mark.parametrize("name", ["../up", "A", "", "a/b", "x" * 65, None])
def test_a_name_that_is_no_safe_file_stem_is_refused(tmp_path, name):
    with pytest.raises(FigureError, match="cell 0 .*lowercase"):
        take_figures(_notebook(_record(name)), "01-x", tmp_path)
    assert not (tmp_path / "figures").exists() or not list((tmp_path / "figures").rglob("*"))


def test_a_record_without_its_svg_is_refused(tmp_path):
    with pytest.raises(FigureError, match="figure 'a' in cell 0 .* has no SVG"):
        take_figures(_notebook(_record("a", svg="")), "01-x", tmp_path)


def test_a_bad_figure_fails_the_run_naming_the_cells(tmp_path):
    """The runner turns a figure error into the run's failure, with the cell of the second."""
    nb = _notebook(_record("a"), _record("a"))
    result = RunResult("01-x", "default", "ok")
    _write_figures(result, nb, "01-x", tmp_path)
    assert result.status == "failed"
    assert result.error["ename"] == "FigureError"
    assert result.error["cell_index"] == 1 and result.error["execution_count"] == 2
    assert "cell 0 (In [1]) and in cell 1 (In [2])" in result.error["evalue"]
    assert "# 1" in result.error["source"]
