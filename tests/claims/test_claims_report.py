"""The overview run and the batch index: verdict counts lead, the data-sources appendix ends it."""

from __future__ import annotations

import pytest

from toolkit.claims import audit, load_register
from toolkit.claims.audit import MIMETYPE, audit_from_notebook, summary_record
from toolkit.claims.html import argument_map_html, sources_html, theme_claims_html
from toolkit.paths import notebooks_dir, params_dir
from toolkit.report.html import index_html


def _entry(name, *, audit_record=None, datasets=(), status="ok"):
    entry = {
        "notebook": name,
        "profile": "default",
        "params": {},
        "status": status,
        "duration_s": 1.0,
        "datasets": list(datasets),
        "error": None,
        "outputs": {"html": f"{name}.html", "ipynb": f"{name}.ipynb"},
    }
    if audit_record:
        entry["audit"] = audit_record
    return entry


DS_A = {
    "name": "a",
    "publisher": "Pub <A>",
    "title": "<script>alert(1)</script>",
    "source": "https://example.org/a?x=1&y=2",
    "vintage": "2024",
    "licence": "public domain",
}
DS_B = {
    "name": "b",
    "publisher": "Pub B",
    "title": "B",
    "source": "file.csv",
    "vintage": "",
    "licence": "MIT",
}
RECORD = {
    "claims": 3,
    "verdicts": {"consistent": 2, "inconsistent": 1, "different-source": 0, "unverifiable": 0},
    "themes": {"trade": {"consistent": 2, "inconsistent": 1}},
}


def test_index_leads_with_the_overview_and_ends_with_the_sources():
    entries = [
        _entry("01-sanctions-regime", datasets=[DS_A]),
        _entry("00-overview", audit_record=RECORD, datasets=[DS_A, DS_B]),
    ]
    page = index_html(entries, profile="default", generated="now")
    overview, runs, sources = (page.index(s) for s in ("Overview:", "<h2>Runs", "<h2>Data sources"))
    assert overview < runs < sources
    assert '<a href="00-overview.html">00-overview</a>' in page[overview:runs]
    assert "2 consistent, 1 inconsistent, 0 different-source, 0 unverifiable" in page
    assert "<td>trade</td><td>2</td><td>1</td><td>0</td><td>0</td><td>3</td>" in page
    # the runs table lists the overview first too
    assert page.index("<strong>00-overview</strong>") < page.index("<strong>01-sanctions-regime")
    appendix = page[sources:]
    assert appendix.count("<tr><td><code>") == 2  # one row per dataset, not per use
    assert (
        "00-overview, 01-sanctions-regime" in appendix
        or "01-sanctions-regime, 00-overview" in appendix
    )
    assert "<script>" not in page and "&lt;script&gt;" in appendix
    assert "Pub &lt;A&gt;" in appendix and 'href="https://example.org/a?x=1&amp;y=2"' in appendix


def test_index_without_an_audit_says_so():
    page = index_html([_entry("00-overview", status="failed")], profile="p", generated="now")
    assert "No audit summary recorded (run failed)" in page
    page = index_html([_entry("03-trade")], profile="p", generated="now")
    assert "Overview:" not in page and "<h2>Data sources</h2>" in page


def test_html_views_escape_and_link():
    result = audit()
    page = argument_map_html(result, link_suffix=".html")
    assert page.count("<h3>") == result.section.nunique()
    assert '<a href="03-trade.html">03-trade</a>' in page
    assert "different-source" in theme_claims_html(result, "trade")
    assert "No claim" in theme_claims_html(result, "weather")
    assert "&lt;script&gt;" in sources_html([DS_A]) and "<script>" not in sources_html([DS_A])


def test_summary_round_trips_through_a_notebook_output():
    record = summary_record(audit())
    nb = {"cells": [{"outputs": [{"data": {MIMETYPE: record, "text/plain": "x"}}]}]}
    assert audit_from_notebook(nb) == record
    assert audit_from_notebook({"cells": [{"outputs": []}]}) is None


@pytest.mark.notebook
def test_overview_run_reports_its_verdicts(tmp_path):
    """The real overview notebook through papermill: its entry carries the audit for the index."""
    from toolkit.report.execute import execute_run
    from toolkit.report.params import check_profile
    from toolkit.report.runner import Run

    notebook = notebooks_dir() / "00-overview.ipynb"
    params_file = params_dir() / "00-overview" / "default.yaml"
    values = check_profile(notebook, params_file)
    entry = execute_run(Run(notebook, "default", params_file, values), tmp_path)
    assert entry["status"] == "ok", entry["error"]
    assert entry["audit"] == summary_record(audit())
    names = {d["name"] for d in entry["datasets"]}
    assert {"claims", "us_russia_trade", "measures", "price_caps"} <= names
    page = index_html([entry], profile="default", generated="now")
    assert f"{len(load_register())} claims" in page and "<h2>Data sources</h2>" in page
    html_page = (tmp_path / "00-overview.html").read_text(encoding="utf-8")
    assert "T-2021-total" in html_page and "different-source" in html_page
