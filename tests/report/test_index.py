"""The index page and the data-sources table: one template piece, every value escaped."""

from __future__ import annotations

from toolkit.report.html import index_html, sources_table_html

DS = {
    "name": "a",
    "publisher": "Pub <A> & 'co'",
    "title": "<script>alert(1)</script>",
    "source": "https://example.org/a?x=1&y=2",
    "vintage": "2024",
    "licence": "public domain",
}
LOCAL = {"name": "b", "publisher": None, "source": "javascript:alert(1)"}


def test_claims_views_and_index_share_the_one_sources_table():
    """The claims views and the index render the same sources table."""
    from toolkit.claims.html import sources_html

    table = sources_table_html([LOCAL, DS])
    assert sources_html([LOCAL, DS]).endswith(table)
    entry = {"notebook": "01-x", "profile": "p", "status": "ok", "datasets": [DS, LOCAL]}
    page = index_html([entry], profile="p", generated="now")
    with_users = sources_table_html([DS, LOCAL], used_by={"a": ["01-x"], "b": ["01-x"]})
    assert with_users in page
    assert with_users.replace("<th>used by</th>", "").replace("<td>01-x</td>", "") == table


def test_the_sources_table_escapes_and_links_only_web_addresses():
    """Every value of the sources table is text; only http(s) sources are links."""
    table = sources_table_html([DS, LOCAL])
    assert table.index("<code>a</code>") < table.index("<code>b</code>")  # sorted by name
    assert "<script" not in table and "&lt;script&gt;alert(1)&lt;/script&gt;" in table
    assert "Pub &lt;A&gt; &amp; &#x27;co&#x27;" in table
    assert '<a href="https://example.org/a?x=1&amp;y=2">' in table
    assert 'href="javascript' not in table and "<td>javascript:alert(1)</td>" in table
    assert "None" not in table  # a missing publisher is an empty cell


def test_index_escapes_everything_a_run_carries():
    """Names, parameters, errors and output names are escaped in the index."""
    evil = "<img src=x onerror=alert(1)>"
    entry = {
        "notebook": evil,
        "profile": evil,
        "status": "failed",
        "params": {evil: [evil]},
        "error": {"cell_index": 1, "execution_count": None, "ename": evil, "evalue": evil},
        "outputs": {"html": '"><script>x</script>.html'},
    }
    page = index_html([entry], profile=evil, generated=evil)
    assert "<img" not in page and "<script" not in page
    assert 'href="&quot;&gt;&lt;script&gt;x&lt;/script&gt;.html"' in page


def test_the_verdicts_keep_the_audit_order_through_a_saved_notebook(tmp_path):
    """A saved notebook sorts JSON keys: the record's ``order`` keeps the audit's order."""
    import nbformat

    from toolkit.report.hooks import COLLECTORS, collect

    record = {
        "claims": 4,
        "verdicts": {"consistent": 1, "inconsistent": 1, "different-source": 1, "unverifiable": 1},
        "themes": {"trade": {"consistent": 1, "inconsistent": 1, "different-source": 1}},
        "order": ["consistent", "inconsistent", "different-source", "unverifiable"],
    }
    (audit,) = [c for c in COLLECTORS if c.key == "audit"]
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={audit.mimetype: record})]
    nb.cells = [cell]
    nbformat.write(nb, tmp_path / "x.ipynb")
    saved = nbformat.read(tmp_path / "x.ipynb", as_version=4)
    collected = collect(saved)
    assert list(collected["audit"]["verdicts"])[:2] == ["consistent", "different-source"]
    entry = {"notebook": "00-overview", "profile": "p", "status": "ok", **collected}
    page = index_html([entry], profile="p", generated="now")
    assert "1 consistent, 1 inconsistent, 1 different-source, 1 unverifiable (4 claims)" in page
    assert "<td>trade</td><td>1</td><td>1</td><td>1</td><td>0</td><td>3</td>" in page


def _finding(theme, key, text, figure=None, as_of="2024-06"):
    return {"theme": theme, "key": key, "text": text, "template": text, "numbers": {},
            "as_of": as_of, "figure": figure}  # fmt: skip


FIG = {"name": "imports", "title": "US imports <from> Russia", "citation": "Source: C.",
       "as_of": "2024-06", "svg": "figures/03-trade/imports.svg",
       "csv": "figures/03-trade/imports.csv", "cell_index": 7}  # fmt: skip
OLD = {"name": "old", "publisher": "P", "title": "Old", "source": "f.csv", "vintage": "2021",
       "as_of": "2021-12", "cadence": "monthly", "licence": "l"}  # fmt: skip
NEW = {"name": "new", "publisher": "P", "title": "New", "source": "g.csv", "vintage": "2026",
       "as_of": "2026-11", "cadence": "monthly", "licence": "l"}  # fmt: skip


def _brief_entries():
    trade = {
        "notebook": "03-trade", "purpose": "US–Russia trade in goods", "profile": "p",
        "status": "ok", "datasets": [OLD, NEW], "outputs": {"html": "03-trade.html"},
        "figures": [FIG],
        "findings": [_finding("trade", "fall", "Imports fell 4.5-fold <b>.", figure="imports"),
                     _finding("trade", "mirror", "The mirror gap is 2.1 bn.")],
    }  # fmt: skip
    sanctions = {
        "notebook": "01-sanctions-regime", "purpose": "The sanctions regime", "profile": "p",
        "status": "ok", "datasets": [OLD], "outputs": {"html": "01-sanctions-regime.html"},
        "findings": [_finding("sanctions", "count", "12 packages.", as_of="2026-06-02")],
    }  # fmt: skip
    plain = {"notebook": "02-resilience", "purpose": "Resilience", "profile": "p",
             "status": "failed", "outputs": {}}  # fmt: skip
    return [trade, sanctions, plain]


def test_the_index_opens_on_the_findings_per_theme_with_thumbnails():
    page = index_html(_brief_entries(), profile="p", generated="2026-12-03 15:40 UTC")
    body = page[page.index("<body>") :]
    assert body.index("<h2") == body.index('<h2 id="findings">Findings</h2>')
    # themes in the brief's order: sanctions before trade, whatever the runs' order
    assert page.index('id="theme-sanctions"') < page.index('id="theme-trade"')
    assert (
        '<a href="01-sanctions-regime.html">01-sanctions-regime</a>: The sanctions regime' in page
    )
    assert "Imports fell 4.5-fold &lt;b&gt;." in page  # a finding is text
    thumb = (
        '<a class="thumb" href="03-trade.html#figure-imports">'
        '<img src="figures/03-trade/imports.svg" alt="US imports &lt;from&gt; Russia"></a>'
    )
    assert thumb in page
    assert page.count('<li class="finding">') == 3 and page.count("<img") == 1
    assert "Data as of 2026-06-02" in page and "Data as of 2024-06" in page
    assert "Notebooks without findings in this report:" in page and "(Resilience)" in page


def test_a_finding_shown_by_several_sweep_runs_is_listed_once():
    first, *_ = _brief_entries()
    second = dict(first, notebook="03-trade--base_year-2014")
    page = index_html([first, second], profile="p", generated="2026-12-03")
    assert page.count("The mirror gap is 2.1 bn.") == 1


def test_the_sources_appendix_lists_each_dataset_once_with_its_age_and_flags_stale_ones():
    page = index_html(_brief_entries(), profile="p", generated="2026-12-03 15:40 UTC")
    appendix = page[page.index("<h2>Data sources</h2>") :]
    assert page.count("<code>old</code>") == 1  # the runs table links to it, not restates it
    assert '<a href="#ds-old">old</a>' in page and '<span id="ds-old"></span>' in appendix
    assert "<th>age on 2026-12-03</th>" in appendix
    assert '<td>4 years 11 months <strong class="stale">stale</strong></td>' in appendix
    assert "<td>3 days</td>" in appendix  # 2026-11-30 to 2026-12-03: current
    assert '<strong class="stale">1 stale</strong>' in appendix and ": old." in appendix


def test_an_undeclared_vintage_is_shown_as_such():
    ds = {"name": "x", "publisher": "P", "vintage": "as downloaded"}
    entry = {"notebook": "01-x", "profile": "p", "status": "ok", "datasets": [ds]}
    page = index_html([entry], profile="p", generated="2026-12-03 15:40 UTC")
    assert page.count('<td class="undeclared">not declared</td>') == 2  # as_of and cadence
    assert "<td>not declared</td>" in page  # its age
    assert "stale" not in page[page.index("<h2>Data sources</h2>") :]
