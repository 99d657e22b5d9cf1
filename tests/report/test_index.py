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
