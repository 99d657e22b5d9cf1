"""The search's floor on a labelled set drawn from the lists (benchmarks/bench_entities.py)."""

from __future__ import annotations

import pytest

pytest.importorskip("iuliia", reason="iuliia (test extra) romanises the Cyrillic queries")


def test_search_quality_floor(lists_present):
    from toolkit.entities.index import name_index
    from toolkit.entities.quality import evaluate, labelled_set

    labelled = labelled_set(name_index(), positives=300, negatives=150)
    assert (labelled["perturbation"] == "romanisation").sum() >= 30
    res, s = evaluate(labelled)
    assert s["top1_accuracy"] >= 0.95, res[(res["list"] != "") & ~res["correct"]]
    assert s["precision"] >= 0.98, res[res["predicted"] & ~res["correct"]]
    assert s["median_cpu_ms"] <= 50
