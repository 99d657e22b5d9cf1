"""Notebook 00's numbers (toolkit.overview), each counted a second way from the audit or the data."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit.claims import audit
from toolkit.overview import claim_numbers, plot_verdicts, trade_change, verdict_table


@pytest.fixture(scope="module")
def result():
    return audit()


def test_claim_numbers_count_the_audit(result):
    numbers = claim_numbers(result)
    rows = result.to_dict("records")  # counted row by row, not with the module's groupby
    figures = [r for r in rows if r["kind"] == "figure"]
    assert numbers["claims"] == len(rows) and numbers["figures"] == len(figures)
    for verdict in ("consistent", "inconsistent", "different-source", "unverifiable"):
        key = verdict.replace("-", "_")
        assert numbers[key] == sum(r["verdict"] == verdict for r in figures)
    context = [r for r in rows if r["kind"] != "figure"]
    assert numbers["context"] == len(context)
    assert numbers["context_checked"] == sum(r["verdict"] != "unverifiable" for r in context)
    assert numbers["context_checked"] + numbers["context_open"] == numbers["context"]
    disputed = {}
    for r in figures:
        disputed[r["theme"]] = disputed.get(r["theme"], 0) + (
            r["verdict"] in ("inconsistent", "different-source")
        )
    assert numbers["top_disputed"] == max(disputed.values())
    assert disputed[numbers["top_theme"]] == numbers["top_disputed"]
    assert numbers["top_figures"] == sum(r["theme"] == numbers["top_theme"] for r in figures)


def test_the_most_disputed_theme_of_no_dispute_is_zero():
    frame = pd.DataFrame({"kind": ["figure"], "theme": ["trade"], "verdict": ["consistent"]})
    assert claim_numbers(frame)["top_disputed"] == 0


def test_the_verdict_table_keeps_zero_counts_and_sums_to_the_audit(result):
    table = verdict_table(result)
    assert table["claims"].sum() == len(result)
    from toolkit.claims.audit import VERDICTS

    assert len(table) == result["theme"].nunique() * len(VERDICTS)  # every theme x verdict
    sanctions = table[(table.theme == "sanctions") & (table.verdict == "inconsistent")]
    expected = ((result.theme == "sanctions") & (result.verdict == "inconsistent")).sum()
    assert sanctions["claims"].item() == expected


def test_the_verdict_plot_stacks_one_bar_per_theme_and_verdict(result):
    table = verdict_table(result)
    ax = plot_verdicts(table)
    assert len(ax.patches) == len(table)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(dict.fromkeys(table.verdict))
    assert ax.get_xlabel() == "claims (count)"


def test_trade_change_reads_the_flow_of_the_latest_and_the_base_year():
    trade = toolkit.load("us_russia_trade")
    change = trade_change(trade, base_year=2021)
    total = trade[trade.flow == "total"].set_index("year")["value_usd_m"]
    assert change["latest_year"] == total.index.max()
    assert change["latest_bn"] == pytest.approx(total[total.index.max()] / 1000)
    assert change["base_bn"] == pytest.approx(total[2021] / 1000)
    assert change["pct_below"] == pytest.approx(100 * (1 - total[total.index.max()] / total[2021]))
